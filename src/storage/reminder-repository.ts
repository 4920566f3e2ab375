/**
 * The reminders outbox (table `reminder`) and what the reminder worker reads to decide who to remind.
 * A reminder's `key` is unique: inserting one that is already there does nothing, so deciding twice
 * (a second pass, a second worker) never makes a second email. Sending claims a row first by moving
 * its `attempts` on from the value read, so only one worker sends it.
 */
import type { Kysely } from 'kysely';
import type { Database, ReminderRecord } from './schema.js';

type Db = Kysely<Database>;

export interface PersonWithRole {
  id: number;
  name: string;
  email: string;
  active: number;
  role: string;
  directorate_id: number | null;
  directorate_name: string | null;
}

/** Accounts with one of these roles, active or not (the caller decides), by name. */
export async function accountsWithRoles(db: Db, roles: string[]): Promise<PersonWithRole[]> {
  return db
    .selectFrom('user_account')
    .leftJoin('directorate', 'directorate.id', 'user_account.directorate_id')
    .select([
      'user_account.id',
      'user_account.name',
      'user_account.email',
      'user_account.active',
      'user_account.role',
      'user_account.directorate_id',
      'directorate.name as directorate_name',
    ])
    .where('user_account.role', 'in', roles)
    .orderBy('user_account.name')
    .orderBy('user_account.id')
    .execute();
}

/** The day (YYYY-MM-DD) of the latest overdue reminder made for each person in a round. */
export async function lastOverdueDays(db: Db, roundId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('reminder')
    .select(['user_id', (eb) => eb.fn.max('created_at').as('last')])
    .where('round_id', '=', roundId)
    .where('kind', '=', 'overdue')
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, String(r.last).slice(0, 10)]));
}

export interface NewReminder {
  key: string;
  kind: string;
  roundId: number;
  userId: number;
  recipient: string;
  subject: string;
  body: string;
}

/** Adds reminders whose keys are new; returns the keys added. */
export async function insertReminders(db: Db, reminders: NewReminder[], now: string): Promise<string[]> {
  if (!reminders.length) return [];
  const rows = await db
    .insertInto('reminder')
    .values(
      reminders.map((r) => ({
        key: r.key,
        kind: r.kind,
        round_id: r.roundId,
        user_id: r.userId,
        recipient: r.recipient,
        subject: r.subject,
        body: r.body,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.map((r) => r.key);
}

/** Unsent reminders of open rounds with attempts left, oldest first, after `afterId`. */
export async function unsentReminders(
  db: Db,
  opts: { maxAttempts: number; afterId: number; limit: number },
): Promise<ReminderRecord[]> {
  return db
    .selectFrom('reminder')
    .innerJoin('collection_round', 'collection_round.id', 'reminder.round_id')
    .selectAll('reminder')
    .where('reminder.sent_at', 'is', null)
    .where('reminder.attempts', '<', opts.maxAttempts)
    .where('reminder.id', '>', opts.afterId)
    .where('collection_round.locked_at', 'is', null)
    .orderBy('reminder.id')
    .limit(opts.limit)
    .execute();
}

/**
 * Claims a reminder for sending: succeeds only if nobody has claimed or sent it since `attempts` was
 * read. `marker` is kept in `last_error` while sending (see app/collection/reminders.ts).
 */
export async function claimReminder(db: Db, id: number, attempts: number, marker: string): Promise<boolean> {
  const result = await db
    .updateTable('reminder')
    .set({ attempts: attempts + 1, last_error: marker })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markSent(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('reminder').set({ sent_at: now, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db.updateTable('reminder').set({ last_error: error }).where('id', '=', id).execute();
}
