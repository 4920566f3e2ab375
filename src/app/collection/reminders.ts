/**
 * Reminders by email, for the worker (`cairn worker`, src/main/worker.ts) — never the web process.
 *
 * queueReminders decides what is due today for every open round (domain/reminders.ts) and adds it to
 * the outbox, where each reminder's key is unique: deciding again, or in a second worker, adds
 * nothing. sendQueued then sends what is unsent, claiming each row first so that only one worker
 * sends it, and records the time it was sent; a failure is recorded and tried again on a later pass,
 * up to MAX_ATTEMPTS. See docs/adr/0004-reminders-outbox.md.
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
  type WaitingApprover,
} from '../../domain/reminders.js';
import type { Store } from '../../storage/database.js';
import { listRounds } from '../../storage/collection-repository.js';
import type { CollectionRoundRecord } from '../../storage/schema.js';
import {
  accountsWithRoles,
  claimReminder,
  insertReminders,
  lastOverdueDays,
  markFailed,
  markSent,
  unsentReminders,
  type PersonWithRole,
} from '../../storage/reminder-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Mailer } from '../mailer.js';
import { roundRows, roundView, type RoundRow } from './rounds.js';
import { queueActionReminders, sendQueuedActionReminders } from './action-reminders.js';

/** Full addresses of the pages a reminder links to; built by the caller (the web knows its paths). */
export interface ReminderLinks {
  yourUpdates(roundId: number): string;
  approvals(roundId: number): string;
  round(roundId: number): string;
  /** For improvement-plan action reminders (app/collection/action-reminders.ts). */
  collection(): string;
  actionApprovals(): string;
}

/** Sends of one reminder before it is given up. */
export const MAX_ATTEMPTS = 5;
/** A claim older than this is taken to be from a worker that stopped mid-send; the row is tried again. */
export const CLAIM_LEASE_MINUTES = 10;
/** Kept in `last_error` while a worker is sending a row, so other workers leave it alone. */
const SENDING = 'sending since ';

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
  const submittedByDirectorate = new Map<number, IndicatorLine[]>();
  for (const r of rows) {
    counts[r.state] += 1;
    if (OUTSTANDING.includes(r.state))
      for (const o of r.owners) {
        const entry = owners.get(o.id) ?? { ...recipient(o), indicators: [] };
        entry.indicators.push(line(r));
        owners.set(o.id, entry);
      }
    if (r.state === 'submitted') {
      const list = submittedByDirectorate.get(r.indicator.directorate_id) ?? [];
      list.push(line(r));
      submittedByDirectorate.set(r.indicator.directorate_id, list);
    }
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
    added.push(...(await insertReminders(store.db, due, isoNow(clock))));
  }
  return added;
}

export interface SendLog {
  (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
}

export interface SendOptions {
  maxAttempts?: number;
  /** Asked before each email: true stops the pass (the email being sent is finished first). */
  shouldStop?: () => boolean;
  log?: SendLog;
}

export interface SendReport {
  sent: number;
  /** Failed this pass; tried again on a later pass while attempts remain. */
  failed: number;
  /** Failed for the last time: left unsent, with the reason in last_error. */
  gaveUp: number;
}

function beingSentByAnother(lastError: string | null, now: Date): boolean {
  if (!lastError?.startsWith(SENDING)) return false;
  const since = Date.parse(lastError.slice(SENDING.length));
  return Number.isFinite(since) && now.getTime() - since < CLAIM_LEASE_MINUTES * 60_000;
}

/** Sends every unsent reminder of an open round, each once: claimed, sent, then marked sent. */
export async function sendQueued(
  store: Store,
  mailer: Mailer,
  clock: Clock,
  options: SendOptions = {},
): Promise<SendReport> {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const log = options.log ?? (() => {});
  const report: SendReport = { sent: 0, failed: 0, gaveUp: 0 };
  let afterId = 0;
  for (;;) {
    const batch = await unsentReminders(store.db, { maxAttempts, afterId, limit: 50 });
    if (!batch.length) return report;
    for (const r of batch) {
      afterId = r.id;
      if (options.shouldStop?.()) return report;
      if (beingSentByAnother(r.last_error, clock.now())) continue;
      if (!(await claimReminder(store.db, r.id, r.attempts, `${SENDING}${isoNow(clock)}`))) continue;
      const fields = { reminder: r.key, to: r.recipient, attempt: r.attempts + 1 };
      try {
        await mailer.send({ to: r.recipient, subject: r.subject, text: r.body });
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'unknown error';
        await markFailed(store.db, r.id, message);
        if (r.attempts + 1 >= maxAttempts) {
          report.gaveUp += 1;
          log('error', `Gave up sending "${r.subject}" after ${maxAttempts} attempts: ${message}`, fields);
        } else {
          report.failed += 1;
          log('warn', `Could not send "${r.subject}"; will try again: ${message}`, fields);
        }
        continue;
      }
      await markSent(store.db, r.id, isoNow(clock));
      report.sent += 1;
      log('info', `Sent "${r.subject}"`, fields);
    }
  }
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
  const actions = await sendQueuedActionReminders(store, mailer, clock, {
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    shouldStop: options.shouldStop,
    log: options.log ?? (() => {}),
  });
  return {
    queued: queued.length + actionsQueued.length,
    sent: sent.sent + actions.sent,
    failed: sent.failed + actions.failed,
    gaveUp: sent.gaveUp + actions.gaveUp,
  };
}
