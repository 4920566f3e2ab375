/**
 * Sending a reminder outbox (storage/outbox.ts), the same for the collection round's reminders and the
 * improvement-plan action reminders: each unsent row is claimed, so that only one worker sends it, then
 * sent, then marked sent; a failure is recorded and tried again on a later pass, up to MAX_ATTEMPTS.
 * See docs/adr/0004-reminders-outbox.md.
 */
import {
  beingSentByAnother,
  CLAIM_LEASE_MINUTES,
  MAX_ATTEMPTS,
  SENDING_MARKER,
} from '../../domain/reminder-outbox.js';
import type { Store } from '../../storage/database.js';
import type { NewOutboxReminder, Outbox, OutboxTable } from '../../storage/outbox.js';
import { isoNow, type Clock } from '../clock.js';
import type { Mailer } from '../mailer.js';

/** Sends of one reminder before it is given up; a claim's lease (domain/reminder-outbox.ts). */
export { CLAIM_LEASE_MINUTES, MAX_ATTEMPTS };

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

/** Sends every row of the outbox that may be sent now, each once: claimed, sent, then marked sent. */
export async function sendOutbox(
  store: Store,
  outbox: Outbox<OutboxTable, NewOutboxReminder>,
  mailer: Mailer,
  clock: Clock,
  options: SendOptions = {},
): Promise<SendReport> {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const log = options.log ?? (() => {});
  const report: SendReport = { sent: 0, failed: 0, gaveUp: 0 };
  let afterId = 0;
  for (;;) {
    const batch = await outbox.unsent(store.db, { maxAttempts, afterId, limit: 50 });
    if (!batch.length) return report;
    for (const r of batch) {
      afterId = r.id;
      if (options.shouldStop?.()) return report;
      if (beingSentByAnother(r.last_error, clock.now())) continue;
      if (!(await outbox.claim(store.db, r.id, r.attempts, `${SENDING_MARKER}${isoNow(clock)}`))) continue;
      const fields = { reminder: r.key, to: r.recipient, attempt: r.attempts + 1 };
      try {
        await mailer.send({ to: r.recipient, subject: r.subject, text: r.body });
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'unknown error';
        await outbox.markFailed(store.db, r.id, message);
        if (r.attempts + 1 >= maxAttempts) {
          report.gaveUp += 1;
          log('error', `Gave up sending "${r.subject}" after ${maxAttempts} attempts: ${message}`, fields);
        } else {
          report.failed += 1;
          log('warn', `Could not send "${r.subject}"; will try again: ${message}`, fields);
        }
        continue;
      }
      await outbox.markSent(store.db, r.id, isoNow(clock));
      report.sent += 1;
      log('info', `Sent "${r.subject}"`, fields);
    }
  }
}
