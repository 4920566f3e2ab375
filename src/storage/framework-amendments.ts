/** Minor amendments to approved frameworks (migration 0013): written with the change, listed per plan. */
import type { Db } from './transaction.js';
import type { FrameworkAmendmentRecord } from './schema.js';

export interface NewAmendment {
  planId: number;
  at: string;
  userId: number | null;
  byName: string;
  entity: 'plan' | 'priority' | 'outcome' | 'indicator' | 'target';
  entityId: number | null;
  ref: string;
  summary: string;
  reason: string;
}

export async function insertAmendment(db: Db, a: NewAmendment): Promise<number> {
  const row = await db
    .insertInto('framework_amendment')
    .values({
      plan_id: a.planId,
      at: a.at,
      user_id: a.userId,
      by_name: a.byName,
      entity: a.entity,
      entity_id: a.entityId,
      ref: a.ref,
      summary: a.summary,
      reason: a.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A plan's amendments, oldest first. */
export async function listAmendments(db: Db, planId: number): Promise<FrameworkAmendmentRecord[]> {
  return db
    .selectFrom('framework_amendment')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * The indicator and the ones it continues, newest first: [this year's, last year's, …], following
 * `previous_indicator_id` across plans (at most 50 links, so a bad loop cannot hang a page).
 */
export async function indicatorLineage(db: Db, indicatorId: number): Promise<number[]> {
  const ids = [indicatorId];
  let current: number | null = indicatorId;
  while (current !== null && ids.length < 50) {
    const row: { previous_indicator_id: number | null } | undefined = await db
      .selectFrom('indicator')
      .select('previous_indicator_id')
      .where('id', '=', current)
      .executeTakeFirst();
    current = row?.previous_indicator_id ?? null;
    if (current !== null) {
      if (ids.includes(current)) break;
      ids.push(current);
    }
  }
  return ids;
}
