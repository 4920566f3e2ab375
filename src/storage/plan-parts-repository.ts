/**
 * A plan's parts in the database — its details, themes, recommendations, findings and reviews —
 * read one at a time and written one at a time, in the caller's transaction; and the citations that
 * name a finding or recommendation. The use cases (app/plans/parts.ts, edit.ts, remove.ts) check what
 * is written and audit it.
 */
import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** The parts written one at a time. */
export type PartTable = 'improvement_plan' | 'plan_theme' | 'recommendation' | 'finding' | 'progress_review';
/** The parts that carry a version (migration 0009) and can be changed in the app. */
export type VersionedPart = Exclude<PartTable, 'progress_review'>;
/** The parts found by what is printed on them, within a plan. */
export type KeyedPart = 'plan_theme' | 'recommendation' | 'finding';

/** The column a part is known by in its plan (and in its address). */
export const KEY = { plan_theme: 'code', recommendation: 'code', finding: 'number' } as const;

export type PartRow<T extends VersionedPart> = Selectable<Database[T]>;

/** The position after the plan's last part of this kind. */
export async function nextPosition(
  db: Db,
  table: 'recommendation' | 'finding' | 'plan_action' | 'plan_theme',
  planId: number,
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('improvement_plan_id', '=', planId)
    .executeTakeFirst();
  return Number(row?.p ?? 0) + 1;
}

/**
 * Whether another row of the plan already has this value: a recommendation's or action's code, a
 * finding's number, a theme's code or title, a review's title. `exceptId` is the row being changed.
 */
export async function takenInPlan(
  db: Db,
  planId: number,
  where:
    | { table: 'recommendation'; column: 'code' }
    | { table: 'finding'; column: 'number' }
    | { table: 'plan_theme'; column: 'code' | 'title' }
    | { table: 'progress_review'; column: 'title' }
    | { table: 'plan_action'; column: 'code' },
  value: string,
  exceptId: number | null = null,
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`select id from ${sql.table(where.table)}
    where improvement_plan_id = ${planId} and ${sql.ref(where.column)} = ${value}`.execute(db);
  return rows.some((r) => Number(r.id) !== exceptId);
}

/** The id of the plan's recommendation with this code, if it has one. */
export async function findRecommendationId(
  db: Db,
  planId: number,
  code: string,
): Promise<number | undefined> {
  const rec = await db
    .selectFrom('recommendation')
    .select('id')
    .where('improvement_plan_id', '=', planId)
    .where('code', '=', code)
    .executeTakeFirst();
  return rec?.id;
}

/** A recommendation's code, by its id. */
export async function findRecommendationCode(db: Db, id: number): Promise<string | undefined> {
  const rec = await db.selectFrom('recommendation').select('code').where('id', '=', id).executeTakeFirst();
  return rec?.code;
}

/** A plan's recommendations, in the plan's order: their codes and titles, for a form's list. */
export function listRecommendationCodes(db: Db, planId: number) {
  return db
    .selectFrom('recommendation')
    .select(['code', 'title'])
    .where('improvement_plan_id', '=', planId)
    .orderBy('position')
    .execute();
}

/**
 * A part of a plan by what is printed on it. With `lock`, the row is locked until the transaction
 * ends (PostgreSQL; SQLite has one writer).
 */
export async function findPartByKey<T extends KeyedPart>(
  db: Db,
  planId: number,
  table: T,
  key: string,
  options: { lock?: boolean } = {},
): Promise<PartRow<T> | undefined> {
  const lock = options.lock && db.getExecutor().adapter instanceof PostgresAdapter;
  const { rows } = await sql<PartRow<T>>`select * from ${sql.table(table)}
    where improvement_plan_id = ${planId} and ${sql.ref(KEY[table])} = ${key}
    ${lock ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

/** Inserts one part; returns its id. */
export async function insertPart(db: Db, table: PartTable, values: Record<string, unknown>): Promise<number> {
  const { id } = await db
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Changes a part (`values`) or removes it (null) if it is still at `expectedVersion`, the change
 * moving it to the next version; returns how many rows it touched (0 when it had moved on).
 */
export async function writePartAtVersion(
  db: Db,
  table: VersionedPart,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown> | null,
): Promise<number> {
  // Typed as one table: every versioned part has an id and a version, which is all this names.
  const t = table as 'recommendation';
  const touched = values
    ? (
        await db
          .updateTable(t)
          .set({ ...values, version: expectedVersion + 1 } as never)
          .where('id', '=', id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst()
      ).numUpdatedRows
    : (await db.deleteFrom(t).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst())
        .numDeletedRows;
  return Number(touched);
}

/** The plan's theme with this title or code, if it has one. */
export async function findThemeId(db: Db, planId: number, title: string): Promise<number | undefined> {
  const found = await db
    .selectFrom('plan_theme')
    .select('id')
    .where('improvement_plan_id', '=', planId)
    .where((eb) => eb.or([eb('title', '=', title), eb('code', '=', title)]))
    .executeTakeFirst();
  return found?.id;
}

/** A theme's title, by its id. */
export async function findThemeTitle(db: Db, id: number): Promise<string | undefined> {
  const theme = await db.selectFrom('plan_theme').select('title').where('id', '=', id).executeTakeFirst();
  return theme?.title;
}

/** The codes of the plan's actions that support anything of its strategy, in code order. */
export async function actionsLinkedToStrategy(db: Db, planId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('action_strategy_link')
    .innerJoin('plan_action', 'plan_action.id', 'action_strategy_link.action_id')
    .select('plan_action.code')
    .distinct()
    .where('plan_action.improvement_plan_id', '=', planId)
    .orderBy('plan_action.code')
    .execute();
  return rows.map((r) => r.code);
}

/** The plan's actions' citations of findings (or of recommendations), in the plan's order of actions. */
export function citationsOfKind(db: Db, planId: number, kind: 'finding' | 'recommendation') {
  return db
    .selectFrom('action_citation')
    .innerJoin('plan_action', 'plan_action.id', 'action_citation.action_id')
    .select(['action_citation.action_id', 'action_citation.ref', 'plan_action.code'])
    .where('plan_action.improvement_plan_id', '=', planId)
    .where('action_citation.kind', '=', kind)
    .orderBy('plan_action.position')
    .execute();
}

export async function deleteCitation(
  db: Db,
  actionId: number,
  kind: 'finding' | 'recommendation',
  ref: string,
): Promise<void> {
  await db
    .deleteFrom('action_citation')
    .where('action_id', '=', actionId)
    .where('kind', '=', kind)
    .where('ref', '=', ref)
    .execute();
}

export async function insertCitation(
  db: Db,
  actionId: number,
  kind: 'finding' | 'recommendation',
  ref: string,
): Promise<void> {
  await db.insertInto('action_citation').values({ action_id: actionId, kind, ref }).execute();
}

/** The codes of the actions, or the numbers of the findings, listed under a recommendation, in order. */
export async function listedUnder(
  db: Db,
  recommendationId: number,
  table: 'plan_action' | 'finding',
): Promise<string[]> {
  const column = table === 'plan_action' ? 'code' : 'number';
  const { rows } = await sql<{ ref: string }>`select ${sql.ref(column)} as ref from ${sql.table(table)}
    where recommendation_id = ${recommendationId} order by position`.execute(db);
  return rows.map((r) => r.ref);
}
