/**
 * Storage for signing off improvement-plan action updates (app/collection/action-approvals.ts): the
 * updates with their action, plan and owner, deciding one only while it waits, and applying an
 * approved status to its action. Functions take a Kysely handle, so use cases pass their transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

function reviewQuery(db: Db) {
  return db
    .selectFrom('action_update')
    .innerJoin('plan_action', 'plan_action.id', 'action_update.action_id')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .leftJoin('user_account', 'user_account.id', 'plan_action.owner_user_id')
    .select([
      'action_update.id as updateId',
      'action_update.action_id as actionId',
      'improvement_plan.id as planId',
      'improvement_plan.title as planTitle',
      'plan_action.code as code',
      'plan_action.title as title',
      'user_account.name as ownerName',
      'user_account.directorate_id as ownerDirectorateId',
      'action_update.status as status',
      'action_update.status_text as statusText',
      'action_update.text as text',
      'action_update.recorded_by as recordedBy',
      'action_update.recorded_at as recordedAt',
      'action_update.submitted_by as submittedBy',
      'action_update.state as state',
    ])
    .select((eb) =>
      eb
        .not(
          eb.exists(
            eb
              .selectFrom('action_update as later')
              .select('later.id')
              .whereRef('later.action_id', '=', 'action_update.action_id')
              .whereRef('later.id', '>', 'action_update.id'),
          ),
        )
        .as('latest'),
    );
}

/** A row for review; `latest` as the database returns a boolean (0/1 on SQLite). */
export type ActionUpdateReviewRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['execute']>>[number];

/** Every update waiting for a decision ('submitted'), with its action, plan and owner. */
export function submittedActionUpdates(db: Db): Promise<ActionUpdateReviewRow[]> {
  return reviewQuery(db).where('action_update.state', '=', 'submitted').execute();
}

/** One update with its action, plan and owner. */
export function findActionUpdateForReview(
  db: Db,
  updateId: number,
): Promise<ActionUpdateReviewRow | undefined> {
  return reviewQuery(db).where('action_update.id', '=', updateId).executeTakeFirst();
}

/** Approves or returns an update only while it is still waiting; false when it no longer was. */
export async function decideActionUpdate(
  db: Db,
  updateId: number,
  d: { state: 'approved' | 'returned'; reviewedBy: number; reviewedAt: string; comment: string | null },
): Promise<boolean> {
  const changed = await db
    .updateTable('action_update')
    .set({
      state: d.state,
      reviewed_by: d.reviewedBy,
      reviewed_at: d.reviewedAt,
      review_comment: d.comment,
    })
    .where('id', '=', updateId)
    .where('state', '=', 'submitted')
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) === 1;
}

export async function findActionUpdateState(
  db: Db,
  updateId: number,
): Promise<{ state: string } | undefined> {
  return db.selectFrom('action_update').select('state').where('id', '=', updateId).executeTakeFirst();
}

/** An action's version and completion date. */
export async function actionCompletion(
  db: Db,
  actionId: number,
): Promise<{ version: number; completed_on: string | null }> {
  return db
    .selectFrom('plan_action')
    .select(['version', 'completed_on'])
    .where('id', '=', actionId)
    .executeTakeFirstOrThrow();
}

/** The date of the progress review an update was made for, if it was made for one. */
export async function reviewDateOfUpdate(
  db: Db,
  updateId: number,
): Promise<{ review_date: string | null } | undefined> {
  return db
    .selectFrom('action_update')
    .leftJoin('progress_review', 'progress_review.id', 'action_update.review_id')
    .select('progress_review.review_date')
    .where('action_update.id', '=', updateId)
    .executeTakeFirst();
}

export async function setActionStatus(
  db: Db,
  actionId: number,
  a: {
    status: string | null;
    statusText: string | null;
    completedOn: string | null;
    version: number;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('plan_action')
    .set({
      status: a.status,
      status_text: a.statusText,
      completed_on: a.completedOn,
      version: a.version,
      updated_at: a.now,
    })
    .where('id', '=', actionId)
    .execute();
}

/** Every update of the actions, oldest first (so the last of each action is its latest). */
export async function actionUpdateStates(
  db: Db,
  actionIds: number[],
): Promise<{ action_id: number; state: string; review_comment: string | null }[]> {
  return db
    .selectFrom('action_update')
    .select(['action_id', 'state', 'review_comment'])
    .where('action_id', 'in', actionIds)
    .orderBy('id')
    .execute();
}

/** An action with its plan's title. */
export async function findActionWithPlan(db: Db, actionId: number) {
  return db
    .selectFrom('plan_action')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .selectAll('plan_action')
    .select(['improvement_plan.title as plan_title'])
    .where('plan_action.id', '=', actionId)
    .executeTakeFirst();
}

/** A plan's progress reviews, latest first. */
export async function progressReviewsOf(db: Db, improvementPlanId: number) {
  return db
    .selectFrom('progress_review')
    .select(['id', 'title', 'review_date'])
    .where('improvement_plan_id', '=', improvementPlanId)
    .orderBy('review_date', 'desc')
    .execute();
}

/** The sign-off state and comment of each of an action's updates. */
export async function signOffOfUpdates(db: Db, actionId: number) {
  return db
    .selectFrom('action_update')
    .select(['id', 'state', 'review_comment'])
    .where('action_id', '=', actionId)
    .execute();
}
