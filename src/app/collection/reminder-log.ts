/**
 * What the reminder worker sent, for the performance team: the reminders of a collection round (the
 * `reminder` outbox) or about improvement-plan actions (`action_reminder`), a page at a time, each with
 * its state and what went wrong in plain words; one reminder with the text the person received; and
 * "send again" for one that was given up on — the same row made ready for the worker's next pass (its
 * key stays, so no second reminder is made), audited in the same transaction.
 *
 * Reminders change no council data, so sending them is not audited (ADR 0004); sending one again is a
 * person's decision, so it is.
 */
import {
  beingSentByAnother,
  kindLabel,
  MAX_ATTEMPTS,
  plainError,
  sendAgainRefusal,
  type OutboxState,
  type PlainError,
} from '../../domain/reminder-outbox.js';
import { actionReminderOutbox } from '../../storage/action-reminder-repository.js';
import { listAudit } from '../../storage/audit-repository.js';
import type { Store } from '../../storage/database.js';
import type { ListedReminder, OutboxTable } from '../../storage/outbox.js';
import { reminderOutbox } from '../../storage/reminder-repository.js';
import { recordChange, type Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { notFound } from '../errors.js';
import { transaction } from '../../storage/transaction.js';

/** Reminders on one page of a list. */
export const REMINDER_PAGE_SIZE = 50;

const OUTBOXES = { reminder: reminderOutbox, action_reminder: actionReminderOutbox } as const;

/** A reminder in one of the outboxes, perhaps only if it is about a given round or plan. */
export interface ReminderRef {
  table: OutboxTable;
  id: number;
  /** The round (`reminder`) or plan (`action_reminder`) it must be about; otherwise it is not found. */
  about?: number;
}

export interface ReminderListQuery {
  /** Only those about this round (`reminder`) or plan (`action_reminder`). */
  about?: number;
  state?: OutboxState;
  /** Words in the recipient's name or email address. */
  recipient?: string;
  /** From 1; past the last page gives the last page. */
  page?: number;
}

export interface ReminderSummary {
  id: number;
  kind: string;
  kindLabel: string;
  /** The round or plan it is about (null: an approver's daily email about actions of any plan). */
  about: number | null;
  userId: number;
  /** The account's name now; the address is the one it was sent (or is to be sent) to. */
  name: string | null;
  email: string;
  subject: string;
  queuedAt: string;
  sentAt: string | null;
  attempts: number;
  state: OutboxState;
  /** False once the recipient's account is closed (the reminder is then held). */
  recipientActive: boolean;
  /** A worker is sending it at this moment. */
  beingSent: boolean;
  error: PlainError | null;
}

export interface ReminderPage {
  reminders: ReminderSummary[];
  /** Of the reminders the query's other filters match, how many are in each state. */
  counts: Record<OutboxState, number>;
  /** How many match every filter. */
  matching: number;
  page: number;
  pages: number;
  pageSize: number;
}

export interface ReminderDetail extends ReminderSummary {
  body: string;
  /** Why it may not be sent again; null when it may. */
  sendAgainRefusal: string | null;
  /** Its audit records (sent again by whom, when), newest first. */
  history: { at: string; actorName: string; action: string }[];
}

function summary(table: OutboxTable, r: ListedReminder<OutboxTable>, now: Date): ReminderSummary {
  const about = (r as unknown as Record<string, number | null>)[OUTBOXES[table].about] ?? null;
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: kindLabel(r.kind),
    about,
    userId: r.user_id,
    name: r.user_name,
    email: r.recipient,
    subject: r.subject,
    queuedAt: r.created_at,
    sentAt: r.sent_at,
    attempts: r.attempts,
    state: r.state,
    recipientActive: r.user_active === 1,
    beingSent: r.sent_at === null && beingSentByAnother(r.last_error, now),
    error: plainError({ sentAt: r.sent_at, lastError: r.last_error }, now),
  };
}

/** A page of an outbox's reminders, newest first, with how many are in each state. */
export async function listReminders(
  store: Store,
  table: OutboxTable,
  query: ReminderListQuery,
  clock: Clock,
): Promise<ReminderPage> {
  const outbox = OUTBOXES[table];
  const base = {
    about: query.about,
    recipient: query.recipient?.trim().slice(0, 200) || undefined,
    maxAttempts: MAX_ATTEMPTS,
  };
  const counts = await outbox.countByState(store.db, base);
  const matching = query.state ? counts[query.state] : Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(matching / REMINDER_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(query.page ?? 1) || 1), pages);
  const rows = await outbox.list(store.db, {
    ...base,
    state: query.state,
    limit: REMINDER_PAGE_SIZE,
    offset: (page - 1) * REMINDER_PAGE_SIZE,
  });
  const now = clock.now();
  return {
    reminders: rows.map((r) => summary(table, r, now)),
    counts,
    matching,
    page,
    pages,
    pageSize: REMINDER_PAGE_SIZE,
  };
}

const refusal = (r: ListedReminder<OutboxTable>, now: Date) =>
  sendAgainRefusal(
    {
      state: r.state,
      sentAt: r.sent_at,
      attempts: r.attempts,
      lastError: r.last_error,
      recipientActive: r.user_active === 1,
    },
    now,
  );

async function findReminder(db: Store['db'], ref: ReminderRef, now: Date) {
  const row = await OUTBOXES[ref.table].find(db, ref.id, MAX_ATTEMPTS);
  const found = row ? { row, summary: summary(ref.table, row, now) } : null;
  if (!found || (ref.about !== undefined && found.summary.about !== ref.about))
    throw notFound('There is no such reminder.');
  return found;
}

/** One reminder with the text that was (or is to be) sent, and whether it may be sent again. */
export async function reminderDetail(store: Store, ref: ReminderRef, clock: Clock): Promise<ReminderDetail> {
  const now = clock.now();
  const { row, summary: s } = await findReminder(store.db, ref, now);
  const history = await listAudit(store.db, { entity: ref.table, entityId: String(ref.id), limit: 20 });
  return {
    ...s,
    body: row.body,
    sendAgainRefusal: refusal(row, now),
    history: history.map((h) => ({ at: h.at, actorName: h.actor_name, action: h.action })),
  };
}

/**
 * Makes a reminder that was given up on ready to send again: its attempts go back to none, so the
 * worker sends it on its next pass. Refused, with the reason, for one already sent, one still being
 * tried, or one of a locked round. Audited as `reminder.send-again` in the same transaction.
 */
export async function sendReminderAgain(
  store: Store,
  actor: Actor,
  ref: ReminderRef,
  clock: Clock,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const now = clock.now();
  return transaction(store.db, async (trx) => {
    const { row } = await findReminder(trx, ref, now);
    const refused = refusal(row, now);
    if (refused) return { ok: false as const, message: refused };
    if (!(await OUTBOXES[ref.table].sendAgain(trx, ref.id, row.attempts)))
      return {
        ok: false as const,
        message: 'Someone else has just changed this reminder. Look at it again.',
      };
    await recordChange(
      trx,
      actor,
      {
        action: 'reminder.send-again',
        entity: ref.table,
        entityId: ref.id,
        before: { attempts: row.attempts, lastError: row.last_error },
        after: { attempts: 0, lastError: null },
      },
      clock,
    );
    return { ok: true as const };
  });
}
