/**
 * Reminders about improvement-plan actions, for the worker's pass (app/collection/reminders.ts
 * reminderPass): owners whose actions need an update before the plan's next progress review, and
 * approvers with action updates waiting (domain/action-reminders.ts decides). They go in their own
 * outbox, `action_reminder`, because the round reminders' outbox needs a collection round; it is
 * sent the same way (app/collection/outbox.ts) — each row claimed before it is sent, so two workers
 * never send it twice.
 */
import { dueActionReminders, type ActionSituation } from '../../domain/action-reminders.js';
import type { Store } from '../../storage/database.js';
import {
  actionReminderOutbox,
  openAssignedActions,
  plansWithReviews,
} from '../../storage/action-reminder-repository.js';
import { accountsWithRoles } from '../../storage/reminder-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Mailer } from '../mailer.js';
import { actionUpdatesWaiting } from './action-approvals.js';
import { sendOutbox, type SendOptions, type SendReport } from './outbox.js';

export interface ActionReminderLinks {
  /** The collection page, where "Your improvement plan actions" are listed. */
  collection(): string;
  actionApprovals(): string;
}

/** Who needs reminding about actions today (YYYY-MM-DD). */
export async function actionSituation(
  store: Store,
  today: string,
  links: ActionReminderLinks,
): Promise<ActionSituation> {
  const actions = await openAssignedActions(store.db);
  const plans = await plansWithReviews(store.db, [...new Set(actions.map((a) => a.planId))]);
  const approvers = [];
  for (const a of await accountsWithRoles(store.db, ['approver'])) {
    if (a.directorate_id === null) continue;
    const user = { id: a.id, name: a.name, role: 'approver' as const, directorateId: a.directorate_id };
    const waiting = await actionUpdatesWaiting(store, user);
    if (waiting.length)
      approvers.push({
        id: a.id,
        name: a.name,
        email: a.email,
        active: a.active === 1,
        waiting: waiting.map((w) => ({
          plan: w.planTitle,
          action: `${w.code ? `${w.code} ` : ''}${w.title}`,
        })),
      });
  }
  return {
    today,
    plans: plans.map((p) => {
      const owners = new Map<number, ActionSituation['plans'][number]['owners'][number]>();
      for (const a of actions.filter((x) => x.planId === p.id)) {
        const o = owners.get(a.userId) ?? {
          id: a.userId,
          name: a.name,
          email: a.email,
          active: a.active === 1,
          actions: [],
        };
        o.actions.push({ code: a.code, title: a.title, lastUpdateOn: a.lastUpdateOn });
        owners.set(a.userId, o);
      }
      return { id: p.id, title: p.title, reviews: p.reviews, owners: [...owners.values()] };
    }),
    approvers,
    links: { yourUpdates: links.collection(), actionApprovals: links.actionApprovals() },
  };
}

/** Adds the action reminders due today to their outbox; returns the keys added. */
export async function queueActionReminders(
  store: Store,
  today: string,
  clock: Clock,
  links: ActionReminderLinks,
): Promise<string[]> {
  const due = dueActionReminders(await actionSituation(store, today, links));
  return actionReminderOutbox.add(store.db, due, isoNow(clock));
}

/** Sends every unsent action reminder once; failures are tried again on a later pass. */
export function sendQueuedActionReminders(
  store: Store,
  mailer: Mailer,
  clock: Clock,
  options: SendOptions = {},
): Promise<SendReport> {
  return sendOutbox(store, actionReminderOutbox, mailer, clock, options);
}
