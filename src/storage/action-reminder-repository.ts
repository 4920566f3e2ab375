/**
 * The improvement-plan action reminders' outbox (table `action_reminder`, migration 0008; storage/outbox.ts)
 * and what deciding them reads.
 */
import type { Kysely } from 'kysely';
import { outbox, type NewOutboxReminder } from './outbox.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * Actions assigned to an account and not complete or stopped, with the date of their latest update
 * that is approved or waiting for approval (not returned, nor replaced by a later one).
 */
export async function openAssignedActions(db: Db) {
  const actions = await db
    .selectFrom('plan_action')
    .innerJoin('user_account', 'user_account.id', 'plan_action.owner_user_id')
    .select([
      'plan_action.id',
      'plan_action.code',
      'plan_action.title',
      'plan_action.improvement_plan_id as planId',
      'user_account.id as userId',
      'user_account.name',
      'user_account.email',
      'user_account.active',
    ])
    .where((eb) =>
      eb.or([
        eb('plan_action.status', 'is', null),
        eb('plan_action.status', 'not in', ['complete', 'stopped']),
      ]),
    )
    .orderBy('plan_action.id')
    .execute();
  const last = await db
    .selectFrom('action_update')
    .innerJoin('plan_action', 'plan_action.id', 'action_update.action_id')
    .select(['action_update.action_id', (eb) => eb.fn.max('action_update.recorded_at').as('last')])
    .where('plan_action.owner_user_id', 'is not', null)
    // A returned update needs doing again; a superseded one was replaced by a later one, which counts.
    .where('action_update.state', 'not in', ['returned', 'superseded'])
    .groupBy('action_update.action_id')
    .execute();
  const lastOn = new Map(last.map((r) => [r.action_id, String(r.last).slice(0, 10)]));
  return actions.map((a) => ({ ...a, lastUpdateOn: lastOn.get(a.id) ?? null }));
}

export async function plansWithReviews(db: Db, planIds: number[]) {
  if (!planIds.length) return [];
  const plans = await db
    .selectFrom('improvement_plan')
    .select(['id', 'title'])
    .where('id', 'in', planIds)
    .orderBy('id')
    .execute();
  const reviews = await db
    .selectFrom('progress_review')
    .select(['id', 'title', 'review_date', 'improvement_plan_id'])
    .where('improvement_plan_id', 'in', planIds)
    .execute();
  return plans.map((p) => ({
    ...p,
    reviews: reviews
      .filter((r) => r.improvement_plan_id === p.id)
      .map((r) => ({ id: r.id, title: r.title, date: r.review_date.slice(0, 10) })),
  }));
}

export interface NewActionReminder extends NewOutboxReminder {
  planId: number | null;
}

/** The `action_reminder` outbox. */
export const actionReminderOutbox = outbox({
  table: 'action_reminder',
  ownColumns: (r: NewActionReminder) => ({ plan_id: r.planId }),
  about: 'plan_id',
});
