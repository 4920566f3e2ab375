/**
 * The reminder worker (`cairn worker`): a process of its own, never started by the web server. It
 * loops — queue the reminders due today, send what is unsent, sleep — until SIGTERM or SIGINT, when
 * it finishes the email it is sending and exits. `--once` runs one pass and exits (for cron).
 */
import { pino } from 'pino';
import { systemClock, type Clock } from '../app/clock.js';
import { reminderPass, type ReminderLinks } from '../app/collection/reminders.js';
import type { Mailer } from '../app/mailer.js';
import { smtpMailer } from '../mail/smtp.js';
import { migrate, openStore } from '../storage/database.js';
import { paths } from '../web/paths.js';
import { loadConfig, workerSettings } from './config.js';
import { auditSettings } from './audit-key.js';
import { checkpointAuditTrail, useAuditKey } from '../app/audit.js';

/** Full addresses of the pages reminders link to, under the address people reach Cairn at. */
export function reminderLinks(baseUrl: string): ReminderLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    yourUpdates: (id) => `${base}${paths.yourUpdates(id)}`,
    approvals: (id) => `${base}${paths.approvals(id)}`,
    round: (id) => `${base}${paths.round(id)}`,
    collection: () => `${base}${paths.collection()}`,
    actionApprovals: () => `${base}${paths.actionApprovals()}`,
  };
}

export interface WorkerOptions {
  once: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Instead of SMTP (tests). */
  mailer?: Mailer;
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const config = loadConfig(options.env);
  const settings = workerSettings(config);
  const log = pino({ name: 'cairn-worker', level: config.LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  const audit = auditSettings(config);
  useAuditKey(audit?.key ?? null);
  const store = openStore(config.DATABASE_URL);
  const mailer = options.mailer ?? smtpMailer(settings.smtpUrl, settings.mailFrom);
  const links = reminderLinks(settings.baseUrl);

  let stopping = false;
  let wake: () => void = () => {};
  const stop = (signal: string) => {
    if (!stopping) log.info(`${signal} received: finishing the current email, then stopping`);
    stopping = true;
    wake();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);

  try {
    await migrate(store.db);
    log.info(
      options.once
        ? `Reminder worker: one pass (${store.location})`
        : `Reminder worker started: a pass every ${settings.intervalMinutes} minutes (${store.location})`,
    );
    while (!stopping) {
      try {
        const r = await reminderPass(store, mailer, clock, links, {
          shouldStop: () => stopping,
          log: (level, message, fields) => log[level](fields, message),
        });
        log.info(
          r,
          `Pass done: ${r.queued} queued, ${r.sent} sent, ${r.failed} to retry, ${r.gaveUp} given up`,
        );
      } catch (e) {
        if (options.once) throw e;
        log.error({ err: e }, 'The pass failed; trying again at the next one');
      }
      // A signed checkpoint of the audit trail's head, outside the database and in the log.
      if (audit) {
        try {
          const c = await checkpointAuditTrail(store, audit, clock);
          if (c.ok) log.info({ checkpoint: c.line || null, dir: audit.checkpointDir }, c.message);
          else log.error(c.message);
        } catch (e) {
          log.error({ err: e }, 'The audit checkpoint failed; trying again at the next pass');
        }
      }
      // A stop asked for during the pass or the checkpoint ends the loop here, not after a whole interval.
      if (options.once || stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.intervalMinutes * 60_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    mailer.close();
    await store.close();
    log.info('Reminder worker stopped');
  }
}
