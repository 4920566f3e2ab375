/**
 * The collection round reminders' outbox (table `reminder`; storage/outbox.ts) and what the reminder
 * worker reads to decide who to remind.
 */
import type { Kysely } from 'kysely';
import { outbox, type NewOutboxReminder } from './outbox.js';
import type { Database } from './schema.js';

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

export interface NewReminder extends NewOutboxReminder {
  roundId: number;
}

/** The `reminder` outbox. Reminders of a round that has been locked are never sent. */
export const reminderOutbox = outbox({
  table: 'reminder',
  ownColumns: (r: NewReminder) => ({ round_id: r.roundId }),
  about: 'round_id',
  sendable: (eb) =>
    eb(
      'reminder.round_id',
      'in',
      eb
        .selectFrom('collection_round')
        .select('collection_round.id')
        .where('collection_round.locked_at', 'is', null),
    ),
});
