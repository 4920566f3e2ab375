/**
 * Reminders about improvement-plan actions, for the worker's pass (app/collection/reminders.ts
 * reminderPass): owners whose actions need an update before the plan's next progress review, and
 * approvers with action updates waiting (domain/action-reminders.ts decides). They go in their own
 * outbox, `action_reminder`, because the round reminders' outbox needs a collection round; it is
 * sent the same way — each row claimed before it is sent, so two workers never send it twice.
 */
import { dueActionReminders, type ActionSituation } from '../../domain/action-reminders.js';
import type { Store } from '../../storage/database.js';
import {
  claimActionReminder,
  insertActionReminders,
  markActionReminder,
  openAssignedActions,
  plansWithReviews,
  unsentActionReminders,
} from '../../storage/action-reminder-repository.js';
import { accountsWithRoles } from '../../storage/reminder-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Mailer } from '../mailer.js';
import { actionUpdatesWaiting } from './action-approvals.js';

export interface ActionReminderLinks {
  /** The collection page, where "Your improvement plan actions" are listed. */
  collection(): string;
  actionApprovals(): string;
}

const LEASE_MS = 10 * 60_000;
const SENDING = 'sending since ';

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
  return insertActionReminders(store.db, due, isoNow(clock));
}

/** Sends every unsent action reminder once; failures are tried again on a later pass. */
export async function sendQueuedActionReminders(
  store: Store,
  mailer: Mailer,
  clock: Clock,
  options: {
    maxAttempts: number;
    shouldStop?: () => boolean;
    log: (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
  },
): Promise<{ sent: number; failed: number; gaveUp: number }> {
  const report = { sent: 0, failed: 0, gaveUp: 0 };
  let afterId = 0;
  for (;;) {
    const batch = await unsentActionReminders(store.db, {
      maxAttempts: options.maxAttempts,
      afterId,
      limit: 50,
    });
    if (!batch.length) return report;
    for (const r of batch) {
      afterId = r.id;
      if (options.shouldStop?.()) return report;
      const since = r.last_error?.startsWith(SENDING) ? Date.parse(r.last_error.slice(SENDING.length)) : NaN;
      if (Number.isFinite(since) && clock.now().getTime() - since < LEASE_MS) continue;
      if (!(await claimActionReminder(store.db, r.id, r.attempts, `${SENDING}${isoNow(clock)}`))) continue;
      const fields = { reminder: r.key, to: r.recipient, attempt: r.attempts + 1 };
      try {
        await mailer.send({ to: r.recipient, subject: r.subject, text: r.body });
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'unknown error';
        await markActionReminder(store.db, r.id, { error: message });
        const last = r.attempts + 1 >= options.maxAttempts;
        report[last ? 'gaveUp' : 'failed'] += 1;
        options.log(last ? 'error' : 'warn', `Could not send "${r.subject}": ${message}`, fields);
        continue;
      }
      await markActionReminder(store.db, r.id, { sentAt: isoNow(clock) });
      report.sent += 1;
      options.log('info', `Sent "${r.subject}"`, fields);
    }
  }
}
