/**
 * A plan's parts — its details, themes, recommendations, findings and reviews — read one at a time
 * and written one at a time with their audit record, in the caller's transaction. The use cases
 * (edit.ts, remove.ts) check what is written; these do the writing the same way for every part.
 *
 * Changes and removals are versioned: the form or confirmation page carries the version it was read
 * at, and the write is refused (CONFLICT) if the row has moved on since, so two officers correcting
 * the same recommendation cannot silently overwrite each other. The `WHERE version = ?` on the
 * write is what makes that hold under concurrency; reading the row first gives the clear message.
 */
import type { Problem } from '../../domain/problem.js';
import {
  findPartByKey,
  findRecommendationId,
  insertPart,
  KEY,
  writePartAtVersion,
  type KeyedPart,
  type PartRow,
  type PartTable,
  type VersionedPart,
} from '../../storage/plan-parts-repository.js';
import type { Store } from '../store.js';
import { recordChange, type Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';
import { field } from './common.js';

export { KEY, nextPosition, takenInPlan } from '../../storage/plan-parts-repository.js';
export type { KeyedPart, PartRow, PartTable, VersionedPart } from '../../storage/plan-parts-repository.js';

/** The database or a transaction in it. */
type Db = Store['db'];

/** The parts written here, with the word their audit actions use (`recommendation.change`…). */
const PART = {
  improvement_plan: 'plan',
  plan_theme: 'theme',
  recommendation: 'recommendation',
  finding: 'finding',
  progress_review: 'review',
} as const satisfies Record<PartTable, string>;

/** How a part is named in messages: “recommendation 1a”, “finding 12”, “theme 2”. */
export const partName = (table: KeyedPart, key: string) => `${PART[table]} ${key}`;

/**
 * The recommendation a form names by its code: its id, null for none, or a problem on `column` when
 * the plan has no such recommendation.
 */
export async function recommendationNamed(
  db: Db,
  planId: number,
  code: string | null,
  problems: Problem[],
  column = 'recommendation',
): Promise<number | null> {
  if (!code) return null;
  const id = await findRecommendationId(db, planId, code);
  if (id === undefined) problems.push(field(column, `There is no recommendation ${code} in this plan.`));
  return id ?? null;
}

/**
 * A part of a plan by what is printed on it, or NOT_FOUND. With `lock`, the row is locked until the
 * transaction ends (PostgreSQL; SQLite has one writer), so a removal's check of what depends on it
 * cannot race a new action that points at it.
 */
export async function findPart<T extends KeyedPart>(
  db: Db,
  planId: number,
  table: T,
  key: string,
  options: { lock?: boolean } = {},
): Promise<PartRow<T>> {
  const row = await findPartByKey(db, planId, table, key, options);
  if (!row) throw notFound(`This plan has no ${partName(table, key)}.`);
  return row;
}

/** Inserts one part and records it as `<part>.create`, in the caller's transaction; returns its id. */
export async function insertRecorded(
  trx: Db,
  actor: Actor,
  clock: Clock,
  table: PartTable,
  values: Record<string, unknown>,
): Promise<number> {
  const id = await insertPart(trx, table, values);
  await recordChange(
    trx,
    actor,
    { action: `${PART[table]}.create`, entity: table, entityId: id, after: values },
    clock,
  );
  return id;
}

/** Someone else saved the part after the form or page was read. */
function staleEdit(what: string, removing = false): CairnError {
  return new CairnError(
    'CONFLICT',
    removing
      ? `Someone else changed ${what} after you opened this page, so it has not been removed. Check it, then remove it again if you still mean to.`
      : `Someone else changed ${what} while you were editing it. Your changes have not been saved: check what is saved now, then save yours again if they still apply.`,
  );
}

const described = (table: VersionedPart, row: object) =>
  table === 'improvement_plan'
    ? 'the plan’s details'
    : partName(table, String(row[KEY[table] as keyof typeof row]));

/** Refuses (CONFLICT) a change or removal of a row that has moved on from the version it was read at. */
export function checkVersion(table: VersionedPart, row: object, expectedVersion: number, removing = false) {
  if ((row as { version: number }).version !== expectedVersion)
    throw staleEdit(described(table, row), removing);
}

/** A part as it is now, refused if it has moved on from the version the form or page was read at. */
export async function currentPart<T extends KeyedPart>(
  db: Db,
  planId: number,
  table: T,
  existing: { key: string; version: number },
  options: { lock?: boolean; removing?: boolean } = {},
): Promise<PartRow<T>> {
  const row = await findPart(db, planId, table, existing.key, options);
  checkVersion(table, row, existing.version, options.removing);
  return row;
}

/**
 * Changes a part (`change`) or removes it (null), if it is still at the version its form or
 * confirmation page was read at — the write is made `WHERE version = expectedVersion`, refused as
 * stale before (the row read has moved on) or after (it moved on meanwhile, so it touched no row) —
 * and records it as `<part>.change` (what it was, what it is now, and `also`: what the change did
 * besides) or `<part>.remove` (what it was).
 */
export async function writeAtVersion<T extends VersionedPart>(
  trx: Db,
  actor: Actor,
  clock: Clock,
  table: T,
  before: PartRow<T>,
  expectedVersion: number,
  change: { values: Record<string, unknown>; also?: Record<string, unknown> } | null,
): Promise<void> {
  const id = (before as { id: number }).id;
  checkVersion(table, before, expectedVersion, change === null);
  const touched = await writePartAtVersion(trx, table, id, expectedVersion, change?.values ?? null);
  if (touched !== 1) throw staleEdit(described(table, before), change === null);
  await recordChange(
    trx,
    actor,
    {
      action: `${PART[table]}.${change ? 'change' : 'remove'}`,
      entity: table,
      entityId: id,
      before,
      after: change ? { ...change.values, version: expectedVersion + 1, ...change.also } : undefined,
    },
    clock,
  );
}
