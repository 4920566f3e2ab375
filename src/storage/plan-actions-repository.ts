/**
 * A plan's actions in the database, one at a time, in the caller's transaction: the action row, what
 * it cites, supports and is tagged with, and its updates. The use cases (app/plans/actions.ts,
 * updates.ts) check what is written, refuse a stale version and audit it.
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ActionUpdateTable, Database, PlanActionTable } from './schema.js';

type Db = Kysely<Database>;

export type PlanActionRow = Selectable<PlanActionTable>;
export type ActionUpdateRow = Selectable<ActionUpdateTable>;

/** The plan's action with this code, if it has one. */
export function findActionByCode(db: Db, planId: number, code: string): Promise<PlanActionRow | undefined> {
  return db
    .selectFrom('plan_action')
    .selectAll()
    .where('improvement_plan_id', '=', planId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export function findActionById(db: Db, id: number): Promise<PlanActionRow | undefined> {
  return db.selectFrom('plan_action').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts an action; returns its id. */
export async function insertAction(db: Db, values: Insertable<PlanActionTable>): Promise<number> {
  const { id } = await db.insertInto('plan_action').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * Changes an action if it is still at `expectedVersion` (the values say its next version, or not
 * when only its owner changes); returns how many rows it touched (0 when it had moved on).
 */
export async function updateActionAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  values: Updateable<PlanActionTable>,
): Promise<number> {
  const written = await db
    .updateTable('plan_action')
    .set(values)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(written.numUpdatedRows);
}

/** Sets who an action is assigned to, whatever its version (assigning does not move it on). */
export async function setActionOwner(db: Db, id: number, userId: number | null, at: string): Promise<void> {
  await db
    .updateTable('plan_action')
    .set({ owner_user_id: userId, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** What an action cites, the strategy's parts it supports, and its tags. */
export interface ActionLinks {
  citations: { kind: 'finding' | 'recommendation'; ref: string }[];
  supports: { priority_id: number | null; outcome_id: number | null; indicator_id: number | null }[];
  tags: string[];
}

/** Replaces what an action cites, supports and is tagged with. */
export async function replaceActionLinks(db: Db, actionId: number, links: ActionLinks): Promise<void> {
  await db.deleteFrom('action_citation').where('action_id', '=', actionId).execute();
  await db.deleteFrom('action_strategy_link').where('action_id', '=', actionId).execute();
  await db.deleteFrom('action_tag').where('action_id', '=', actionId).execute();
  if (links.citations.length)
    await db
      .insertInto('action_citation')
      .values(links.citations.map((c) => ({ action_id: actionId, ...c })))
      .execute();
  if (links.supports.length)
    await db
      .insertInto('action_strategy_link')
      .values(links.supports.map((l) => ({ action_id: actionId, ...l })))
      .execute();
  if (links.tags.length)
    await db
      .insertInto('action_tag')
      .values(links.tags.map((tag) => ({ action_id: actionId, tag })))
      .execute();
}

/** The plan's progress review with this id, if the plan has it. */
export function findReviewOfPlan(db: Db, planId: number, reviewId: number) {
  return db
    .selectFrom('progress_review')
    .select(['id', 'review_date'])
    .where('id', '=', reviewId)
    .where('improvement_plan_id', '=', planId)
    .executeTakeFirst();
}

/**
 * Closes the action's updates still waiting for approval as 'superseded', by `reviewedBy` at `at`;
 * returns their ids, in order.
 */
export async function supersedeSubmittedUpdates(
  db: Db,
  actionId: number,
  reviewedBy: number | null,
  at: string,
): Promise<number[]> {
  const rows = await db
    .updateTable('action_update')
    .set({ state: 'superseded', reviewed_by: reviewedBy, reviewed_at: at })
    .where('action_id', '=', actionId)
    .where('state', '=', 'submitted')
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The action's last update recorded, whatever its state. */
export function lastActionUpdate(db: Db, actionId: number): Promise<ActionUpdateRow | undefined> {
  return db
    .selectFrom('action_update')
    .selectAll()
    .where('action_id', '=', actionId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Inserts an update of an action; returns its id. */
export async function insertActionUpdate(db: Db, values: Insertable<ActionUpdateTable>): Promise<number> {
  const { id } = await db
    .insertInto('action_update')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
