/**
 * The reminder outboxes' rules and words, pure (docs/adr/0004-reminders-outbox.md): how many times an
 * email is tried, how long a worker's claim on a row lasts, which state a reminder is in, what its kind
 * and its last error mean in plain words, and whether it may be sent again.
 */

/** Sends of one reminder before it is given up. */
export const MAX_ATTEMPTS = 5;
/** A claim older than this is taken to be from a worker that stopped mid-send; the row is tried again. */
export const CLAIM_LEASE_MINUTES = 10;
/** Kept in `last_error` while a worker is sending a row, followed by the time it began. */
export const SENDING_MARKER = 'sending since ';

/** When a worker began sending this row, if it is marked as being sent; otherwise null. */
export function sendingSince(lastError: string | null): Date | null {
  if (!lastError?.startsWith(SENDING_MARKER)) return null;
  const since = Date.parse(lastError.slice(SENDING_MARKER.length));
  return Number.isFinite(since) ? new Date(since) : null;
}

/** A worker is sending this row now: it claimed it less than the lease ago. */
export function beingSentByAnother(lastError: string | null, now: Date): boolean {
  const since = sendingSince(lastError);
  return since !== null && now.getTime() - since.getTime() < CLAIM_LEASE_MINUTES * 60_000;
}

/** Every kind of reminder, in both outboxes (domain/reminders.ts, domain/action-reminders.ts). */
export const REMINDER_KIND_LABEL: Record<string, string> = {
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  approval: 'Waiting for approval',
  digest: 'Daily summary',
  'action-due': 'Action update due',
  'action-approval': 'Action updates waiting',
};

export const kindLabel = (kind: string): string => REMINDER_KIND_LABEL[kind] ?? kind;

/**
 * Where a reminder is: `sent`; `waiting` to be sent (perhaps after failing, while attempts remain);
 * `failed` — given up after MAX_ATTEMPTS, with the reason kept; `held` — never to be sent, because
 * what it is about no longer takes reminders (a collection round that was locked) or the recipient's
 * account was closed.
 */
export const OUTBOX_STATES = ['sent', 'waiting', 'failed', 'held'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const isOutboxState = (v: unknown): v is OutboxState =>
  typeof v === 'string' && (OUTBOX_STATES as readonly string[]).includes(v);

export const OUTBOX_STATE_LABEL: Record<OutboxState, string> = {
  sent: 'Sent',
  waiting: 'Waiting',
  failed: 'Failed',
  held: 'Not sent',
};

/** A reminder as the outbox keeps it, for the rules below. */
export interface OutboxRow {
  state: OutboxState;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
  /** False once the recipient's account is closed: nothing more is sent to it. */
  recipientActive: boolean;
}

/** Why a held reminder will not be sent. */
export function heldReason(row: Pick<OutboxRow, 'recipientActive'>): string {
  return row.recipientActive
    ? 'Its collection round was locked before it was sent: reminders of a locked round are never sent.'
    : 'The person’s account was closed before it was sent: Cairn sends nothing to a closed account.';
}

/** The last error, said plainly (`summary`), and the mail server's own words (`detail`) when it gave some. */
export interface PlainError {
  summary: string;
  detail: string | null;
}

const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|Connection timeout|Greeting never received|Connection closed|socket/i;

/**
 * What went wrong with a reminder, in words a performance officer can act on — or null when nothing
 * did. `now` tells a worker sending it at this moment from one that stopped while sending it.
 */
export function plainError(row: Pick<OutboxRow, 'sentAt' | 'lastError'>, now: Date): PlainError | null {
  const raw = row.lastError?.trim();
  if (row.sentAt !== null || !raw) return null;
  const since = sendingSince(raw);
  if (since)
    return beingSentByAnother(raw, now)
      ? null
      : {
          summary:
            'Cairn stopped while sending this email, so it is not known whether it arrived. It is tried again while attempts remain.',
          detail: null,
        };
  let summary = 'The email could not be sent.';
  if (UNREACHABLE.test(raw))
    summary =
      'Cairn could not reach the email server: it did not answer, or the connection was cut. Ask IT to check the mail server and Cairn’s SMTP_URL setting.';
  else if (/Invalid login|EAUTH|\b535\b/i.test(raw))
    summary =
      'The email server did not accept Cairn’s user name or password. Ask IT to check Cairn’s SMTP_URL setting.';
  else if (/Mail command failed/i.test(raw))
    summary =
      'The email server refused the address Cairn sends from. Ask IT to check Cairn’s MAIL_FROM setting.';
  else if (/recipients were rejected|recipient|\b55[0-3]\b/i.test(raw))
    summary = 'The email server refused the address it was sent to. Check the person’s email address.';
  else if (/\b4\d\d\b/.test(raw))
    summary = 'The email server was busy or could not take the email then (a temporary problem).';
  else if (/\b5\d\d\b/.test(raw)) summary = 'The email server refused the email.';
  return { summary, detail: raw };
}

/** Why this reminder may not be sent again, as a sentence; null when it may. */
export function sendAgainRefusal(row: OutboxRow, now: Date): string | null {
  if (row.sentAt !== null || row.state === 'sent')
    return 'This reminder has already been sent, so it is not sent again.';
  if (row.state === 'held') return heldReason(row);
  if (beingSentByAnother(row.lastError, now)) return 'This reminder is being sent now.';
  if (row.state !== 'failed')
    return 'This reminder has not been given up on: Cairn will try it again on its next pass.';
  return null;
}
