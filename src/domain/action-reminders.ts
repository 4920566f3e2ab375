/**
 * Reminders for improvement-plan actions, pure: which emails are due today. Like the collection
 * round's reminders (domain/reminders.ts) each has a key that names it exactly, so the outbox never
 * holds it twice.
 *
 *   action-due       an owner of actions not complete or stopped, with no update since the plan's
 *                    latest past progress review, from ACTION_DUE_DAYS days before the next one
 *                    (dated after today); once per person, plan and review
 *                                                           action-due:<plan>:<review>:<user>
 *   action-approval  an approver with action updates waiting for them (never their own: the caller
 *                    gives app/collection/action-approvals.ts actionUpdatesWaiting), at most once a day
 *                                                           action-approval:<user>:<date>
 *
 * Nothing to a deactivated account.
 */
import { daysBetween } from './collection.js';
import { formatDate } from './dates.js';

/** Days before a progress review that its action owners are reminded. */
export const ACTION_DUE_DAYS = 7;

export interface ActionPerson {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

export interface OwnedAction {
  code: string | null;
  title: string;
  /** YYYY-MM-DD of the latest update approved or waiting for approval (not returned or superseded), or null. */
  lastUpdateOn: string | null;
}

export interface PlanForReminders {
  id: number;
  title: string;
  /** Progress reviews, any order; dates YYYY-MM-DD. */
  reviews: { id: number; title: string; date: string }[];
  owners: (ActionPerson & { actions: OwnedAction[] })[];
}

export interface ActionSituation {
  today: string;
  plans: PlanForReminders[];
  /** Approvers and the updates they may decide, which leave out their own. */
  approvers: (ActionPerson & { waiting: { plan: string; action: string }[] })[];
  links: { yourUpdates: string; actionApprovals: string };
}

export interface ActionReminder {
  key: string;
  kind: 'action-due' | 'action-approval';
  planId: number | null;
  userId: number;
  recipient: string;
  subject: string;
  body: string;
}

export const actionReminderKey = {
  due: (planId: number, reviewId: number, userId: number) => `action-due:${planId}:${reviewId}:${userId}`,
  approval: (userId: number, date: string) => `action-approval:${userId}:${date}`,
};

const name = (a: { code: string | null; title: string }) => `${a.code ? `${a.code} ` : ''}${a.title}`;

/** The action reminders due today, in a stable order. */
export function dueActionReminders(s: ActionSituation): ActionReminder[] {
  const out: ActionReminder[] = [];
  for (const plan of s.plans) {
    const reviews = [...plan.reviews].sort((a, b) => a.date.localeCompare(b.date));
    const next = reviews.find((r) => r.date > s.today);
    if (!next) continue;
    const toReview = daysBetween(s.today, next.date);
    if (toReview > ACTION_DUE_DAYS) continue;
    const last = [...reviews].reverse().find((r) => r.date <= s.today);
    for (const owner of plan.owners) {
      if (!owner.active) continue;
      const due = owner.actions.filter((a) => !a.lastUpdateOn || (last ? a.lastUpdateOn < last.date : false));
      if (!due.length) continue;
      out.push({
        key: actionReminderKey.due(plan.id, next.id, owner.id),
        kind: 'action-due',
        planId: plan.id,
        userId: owner.id,
        recipient: owner.email,
        subject: `Update your actions before ${next.title} on ${formatDate(next.date)}`,
        body: [
          `Dear ${owner.name},`,
          '',
          `${plan.title} has its progress review "${next.title}" on ${formatDate(next.date)}, in ${toReview} day${toReview === 1 ? '' : 's'}.`,
          `These actions assigned to you have no update${last ? ` since the last review on ${formatDate(last.date)}` : ''}:`,
          '',
          ...due.map((a) => `  - ${name(a)}`),
          '',
          `Give each an update in Your updates: ${s.links.yourUpdates}`,
        ].join('\n'),
      });
    }
  }
  for (const a of s.approvers) {
    if (!a.active || !a.waiting.length) continue;
    const n = a.waiting.length;
    out.push({
      key: actionReminderKey.approval(a.id, s.today),
      kind: 'action-approval',
      planId: null,
      userId: a.id,
      recipient: a.email,
      subject: `${n} action update${n === 1 ? '' : 's'} waiting for your approval`,
      body: [
        `Dear ${a.name},`,
        '',
        `${n} improvement plan action update${n === 1 ? ' is' : 's are'} waiting for you to approve or return:`,
        '',
        ...a.waiting.map((w) => `  - ${w.action} (${w.plan})`),
        '',
        `Review them here: ${s.links.actionApprovals}`,
      ].join('\n'),
    });
  }
  return out;
}
