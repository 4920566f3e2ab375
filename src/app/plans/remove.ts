/**
 * Removing a recommendation or a finding from a plan — only while nothing depends on it, so nothing
 * is left pointing at what is gone: an action under a recommendation or citing it, a finding listed
 * under it; an action citing a finding. Otherwise the removal is refused, saying what depends on it.
 * The confirmation page reads the same list (dependentsOf) and carries the version it showed.
 */
import { sql, type Kysely } from 'kysely';
import { refKey } from '../../domain/plans/progress.js';
import type { Store } from '../../storage/database.js';
import type { Database } from '../../storage/schema.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { currentPart, KEY, partName, writeAtVersion, type PartRow } from './parts.js';
import { sentenceCase } from './common.js';
import type { Existing } from './edit.js';

type Db = Kysely<Database>;
export type RemovablePart = 'recommendation' | 'finding';

/** What depends on a recommendation or finding, one sentence each; empty when it can be removed. */
export async function dependentsOf<T extends RemovablePart>(
  db: Db,
  planId: number,
  table: T,
  row: PartRow<T>,
): Promise<string[]> {
  const out: string[] = [];
  const list = (codes: string[], noun: string, one: string, many: string) => {
    if (codes.length)
      out.push(
        `${noun}${codes.length === 1 ? '' : 's'} ${codes.join(', ')} ${codes.length === 1 ? one : many}`,
      );
  };
  const { id } = row as { id: number };
  /** The actions or findings listed under the recommendation, in the plan's order. */
  const under = async (table: 'plan_action' | 'finding', column: 'code' | 'number') =>
    (
      await sql<{ ref: string }>`select ${sql.ref(column)} as ref from ${sql.table(table)}
        where recommendation_id = ${id} order by position`.execute(db)
    ).rows.map((r) => r.ref);
  if (table === 'recommendation')
    list(await under('plan_action', 'code'), 'action', 'is under it', 'are under it');
  const key = String((row as Record<string, unknown>)[KEY[table]]);
  const citing = await db
    .selectFrom('action_citation')
    .innerJoin('plan_action', 'plan_action.id', 'action_citation.action_id')
    .select(['plan_action.code', 'action_citation.ref'])
    .where('plan_action.improvement_plan_id', '=', planId)
    .where('action_citation.kind', '=', table)
    .orderBy('plan_action.position')
    .execute();
  list(
    [...new Set(citing.filter((c) => refKey(c.ref) === refKey(key)).map((c) => c.code))],
    'action',
    'cites it',
    'cite it',
  );
  if (table === 'recommendation')
    list(await under('finding', 'number'), 'finding', 'is listed under it', 'are listed under it');
  return out;
}

/** The refusal: what depends on the part, as a sentence and as a detail each. */
export function inUse(what: string, dependents: string[]): CairnError {
  return new CairnError(
    'CONFLICT',
    `${sentenceCase(what)} cannot be removed while anything depends on it: ${dependents.join('; ')}. Change those first, then remove it.`,
    dependents.map((message) => ({ message })),
  );
}

export const removeRecommendation = (
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  clock: Clock,
) => removePart(store, actor, planId, 'recommendation', existing, clock);

export const removeFinding = (store: Store, actor: Actor, planId: number, existing: Existing, clock: Clock) =>
  removePart(store, actor, planId, 'finding', existing, clock);

async function removePart(
  store: Store,
  actor: Actor,
  planId: number,
  table: RemovablePart,
  existing: Existing,
  clock: Clock,
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const row = await currentPart(trx, planId, table, existing, { lock: true, removing: true });
    const dependents = await dependentsOf(trx, planId, table, row);
    if (dependents.length) throw inUse(partName(table, existing.key), dependents);
    await writeAtVersion(trx, actor, clock, table, row, existing.version, null);
  });
}
