/**
 * Reports: what the framework records about its own changes, report drafts (settings and edited
 * texts) and published versions (frozen data and rendered files, never changed).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface FrameworkChangeRecord {
  kind: 'outcome' | 'indicator';
  ref: string;
  title: string;
  directorate: string;
  change: string;
  reason: string | null;
}

/** Outcomes and indicators with a recorded change since last year (introduced, updated, …). */
export async function loadFrameworkChanges(
  db: Kysely<Database>,
  planId: number,
): Promise<FrameworkChangeRecord[]> {
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select(['outcome.code', 'outcome.title', 'outcome.change', 'outcome.change_reason', 'directorate.name'])
    .where('outcome.plan_id', '=', planId)
    .where('outcome.change', 'is not', null)
    .orderBy('outcome.position')
    .execute();
  const indicators = await db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select([
      'indicator.number',
      'indicator.title',
      'indicator.change',
      'indicator.change_reason',
      'directorate.name',
    ])
    .where('indicator.plan_id', '=', planId)
    .where('indicator.change', 'is not', null)
    .orderBy('indicator.position')
    .execute();
  return [
    ...outcomes.map((o) => ({
      kind: 'outcome' as const,
      ref: o.code,
      title: o.title,
      directorate: o.name,
      change: o.change!,
      reason: o.change_reason,
    })),
    ...indicators.map((i) => ({
      kind: 'indicator' as const,
      ref: i.number,
      title: i.title,
      directorate: i.name,
      change: i.change!,
      reason: i.change_reason,
    })),
  ];
}
