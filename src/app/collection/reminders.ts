/**
 * Reminders by email, for the worker (`cairn worker`, src/main/worker.ts) — never the web process.
 *
 * queueReminders decides what is due today for every open round (domain/reminders.ts) and adds it to
 * the outbox, where each reminder's key is unique: deciding again, or in a second worker, adds
 * nothing. sendQueued then sends what is unsent (app/collection/outbox.ts), claiming each row first so
 * that only one worker sends it, and records the time it was sent; a failure is recorded and tried
 * again on a later pass, up to MAX_ATTEMPTS. See docs/adr/0004-reminders-outbox.md.
 *
 * Reminders change no council data, so they are not audited; the worker logs what it sends.
 */
import { SUBMISSION_STATES, type SubmissionState } from '../../domain/collection.js';
import {
  dueReminders,
  type IndicatorLine,
  type OutstandingOwner,
  type Recipient,
  type RoundSituation,
  type SubmittedLine,
  type WaitingApprover,
} from '../../domain/reminders.js';
import type { Store } from '../../storage/database.js';
import { listRounds } from '../../storage/collection-repository.js';
import type { CollectionRoundRecord } from '../../storage/schema.js';
import {
  accountsWithRoles,
  lastOverdueDays,
  reminderOutbox,
  type PersonWithRole,
} from '../../storage/reminder-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Mailer } from '../mailer.js';
import { sendOutbox, type SendOptions, type SendReport } from './outbox.js';
import { roundRows, roundView, type RoundRow } from './rounds.js';
import { queueActionReminders, sendQueuedActionReminders } from './action-reminders.js';
import { riskReminderLines } from '../risks/reviews.js';

/** Full addresses of the pages a reminder links to; built by the caller (the web knows its paths). */
export interface ReminderLinks {
  yourUpdates(roundId: number): string;
  approvals(roundId: number): string;
  round(roundId: number): string;
  /** For improvement-plan action reminders (app/collection/action-reminders.ts). */
  collection(): string;
  actionApprovals(): string;
}

/** Today's date in the UK (the council's calendar), YYYY-MM-DD. */
export function ukToday(clock: Clock): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(clock.now());
}

const OUTSTANDING: SubmissionState[] = ['not-started', 'in-progress', 'returned'];

const line = (r: RoundRow): IndicatorLine => ({
  number: r.indicator.number,
  title: r.indicator.title,
  stateLabel: r.stateLabel,
});

const recipient = (p: { id: number; name: string; email: string; active?: number }): Recipient => ({
  id: p.id,
  name: p.name,
  email: p.email,
  active: p.active === undefined ? true : p.active === 1,
});

/** What the reminder rules need to know about one open round today. */
export async function roundSituation(
  store: Store,
  round: CollectionRoundRecord & { plan_title: string },
  today: string,
  links: ReminderLinks,
  people?: PersonWithRole[],
): Promise<RoundSituation> {
  const view = roundView(round, round.plan_title);
  const rows = await roundRows(store, view);
  const counts = Object.fromEntries(SUBMISSION_STATES.map((s) => [s, 0])) as Record<SubmissionState, number>;
  const owners = new Map<number, OutstandingOwner>();
  const submittedByDirectorate = new Map<number, SubmittedLine[]>();
  for (const r of rows) {
    // Only a locked round has figures not reported, and a locked round sends no reminders.
    if (r.state === 'not-reported') continue;
    counts[r.state] += 1;
    if (OUTSTANDING.includes(r.state))
      for (const o of r.owners) {
        const entry = owners.get(o.id) ?? { ...recipient(o), indicators: [] };
        entry.indicators.push(line(r));
        owners.set(o.id, entry);
      }
    if (r.state === 'submitted') {
      const list = submittedByDirectorate.get(r.indicator.directorate_id) ?? [];
      list.push({ ...line(r), submittedBy: r.submittedBy });
      submittedByDirectorate.set(r.indicator.directorate_id, list);
    }
  }
  // Risk owners' reviews for the quarter (issue 14), in the same emails as their figures.
  const risks = await riskReminderLines(store, round.period_code);
  if (!view.locked) {
    for (const o of risks.outstanding) {
      const entry = owners.get(o.id) ?? { ...recipient(o), indicators: [] };
      entry.indicators.push(...o.lines);
      owners.set(o.id, entry);
    }
    for (const [directorateId, lines] of risks.submitted)
      submittedByDirectorate.set(directorateId, [
        ...(submittedByDirectorate.get(directorateId) ?? []),
        ...lines,
      ]);
  }
  const lastOverdue = await lastOverdueDays(store.db, round.id);
  for (const o of owners.values()) o.lastOverdueOn = lastOverdue.get(o.id) ?? null;
  const accounts = people ?? (await accountsWithRoles(store.db, ['approver', 'performance']));
  const approvers: WaitingApprover[] = accounts
    .filter((a) => a.role === 'approver' && a.directorate_id !== null)
    .map((a) => ({
      ...recipient(a),
      directorateName: a.directorate_name ?? '',
      indicators: submittedByDirectorate.get(a.directorate_id!) ?? [],
    }))
    .filter((a) => a.indicators.length > 0);
  return {
    round: {
      id: view.id,
      planTitle: view.planTitle,
      periodLabel: view.periodLabel,
      dueDate: view.dueDate,
      remindDaysBefore: view.remindDaysBefore,
      locked: view.locked,
    },
    today,
    outstanding: [...owners.values()].sort((a, b) => a.name.localeCompare(b.name)),
    approvers,
    team: accounts.filter((a) => a.role === 'performance').map(recipient),
    counts,
    unassigned: rows.filter((r) => r.owners.length === 0).length,
    links: {
      yourUpdates: links.yourUpdates(round.id),
      approvals: links.approvals(round.id),
      round: links.round(round.id),
    },
  };
}

/**
 * Adds to the outbox every reminder due `today` (YYYY-MM-DD) for every open round. Reminders already
 * in the outbox are left as they are. Returns the keys added.
 */
export async function queueReminders(
  store: Store,
  today: string,
  clock: Clock,
  links: ReminderLinks,
): Promise<string[]> {
  const rounds = await listRounds(store.db, { openOnly: true });
  if (!rounds.length) return [];
  const people = await accountsWithRoles(store.db, ['approver', 'performance']);
  const added: string[] = [];
  for (const round of rounds) {
    const due = dueReminders(await roundSituation(store, round, today, links, people));
    added.push(...(await reminderOutbox.add(store.db, due, isoNow(clock))));
  }
  return added;
}

/** Sends every unsent reminder of an open round, each once: claimed, sent, then marked sent. */
export function sendQueued(
  store: Store,
  mailer: Mailer,
  clock: Clock,
  options: SendOptions = {},
): Promise<SendReport> {
  return sendOutbox(store, reminderOutbox, mailer, clock, options);
}

export interface PassReport extends SendReport {
  queued: number;
}

/** One pass of the worker: queue what is due today, then send what is unsent. */
export async function reminderPass(
  store: Store,
  mailer: Mailer,
  clock: Clock,
  links: ReminderLinks,
  options: SendOptions = {},
): Promise<PassReport> {
  const today = ukToday(clock);
  const queued = await queueReminders(store, today, clock, links);
  const actionsQueued = await queueActionReminders(store, today, clock, links);
  const sent = await sendQueued(store, mailer, clock, options);
  const actions = await sendQueuedActionReminders(store, mailer, clock, options);
  return {
    queued: queued.length + actionsQueued.length,
    sent: sent.sent + actions.sent,
    failed: sent.failed + actions.failed,
    gaveUp: sent.gaveUp + actions.gaveUp,
  };
}
