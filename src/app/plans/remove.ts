/**
 * Removing a recommendation or a finding from a plan — only while nothing depends on it, so nothing
 * is left pointing at what is gone: an action under a recommendation or citing it, a finding listed
 * under it; an action citing a finding. Otherwise the removal is refused, saying what depends on it.
 * The confirmation page reads the same list (dependentsOf) and carries the version it showed.
 */
import { refKey } from '../../domain/plans/progress.js';
import { citationsOfKind, listedUnder } from '../../storage/plan-parts-repository.js';
import { transaction } from '../../storage/transaction.js';
import type { Store } from '../store.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { currentPart, KEY, partName, writeAtVersion, type PartRow } from './parts.js';
import { sentenceCase } from './common.js';
import type { Existing } from './edit.js';

/** The database or a transaction in it. */
type Db = Store['db'];
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
  if (table === 'recommendation')
    list(await listedUnder(db, id, 'plan_action'), 'action', 'is under it', 'are under it');
  const key = String((row as Record<string, unknown>)[KEY[table]]);
  const citing = await citationsOfKind(db, planId, table);
  list(
    [...new Set(citing.filter((c) => refKey(c.ref) === refKey(key)).map((c) => c.code))],
    'action',
    'cites it',
    'cite it',
  );
  if (table === 'recommendation')
    list(await listedUnder(db, id, 'finding'), 'finding', 'is listed under it', 'are listed under it');
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
  await transaction(store.db, async (trx) => {
    const row = await currentPart(trx, planId, table, existing, { lock: true, removing: true });
    const dependents = await dependentsOf(trx, planId, table, row);
    if (dependents.length) throw inUse(partName(table, existing.key), dependents);
    await writeAtVersion(trx, actor, clock, table, row, existing.version, null);
  });
}
