/**
 * A reminder outbox, one implementation for both tables (docs/adr/0004-reminders-outbox.md): `reminder`
 * (collection rounds, migration 0004) and `action_reminder` (improvement-plan actions, migration 0008).
 * They share their columns (schema.ts OutboxColumns) and differ only in what a reminder is about: a
 * round, or perhaps a plan.
 *
 * A reminder's `key` is unique: adding one that is already there does nothing, so deciding twice (a
 * second pass, a second worker) never makes a second email. Sending claims a row first by moving its
 * `attempts` on from the value read, so only one worker sends it.
 */
import type { Expression, ExpressionBuilder, Insertable, Kysely, Selectable, SqlBool } from 'kysely';
import type { Database, OutboxColumns } from './schema.js';

type Db = Kysely<Database>;

/** The outbox tables. */
export type OutboxTable = 'reminder' | 'action_reminder';

/** A row of outbox `T`, with its own columns. */
export type OutboxRecord<T extends OutboxTable> = Selectable<Database[T]>;

/** What outbox `T` has beyond the shared columns: what its reminders are about (`round_id`, `plan_id`). */
export type OwnColumns<T extends OutboxTable> = Omit<Insertable<Database[T]>, keyof OutboxColumns>;

/** A reminder to add, as the reminder rules make it (domain/reminders.ts, domain/action-reminders.ts). */
export interface NewOutboxReminder {
  key: string;
  kind: string;
  userId: number;
  recipient: string;
  subject: string;
  body: string;
}

export interface Outbox<T extends OutboxTable, R extends NewOutboxReminder> {
  readonly table: T;
  /** Adds the reminders whose keys are new (ON CONFLICT (key) DO NOTHING); returns the keys added. */
  add(db: Db, reminders: R[], now: string): Promise<string[]>;
  /** Unsent rows with attempts left that may be sent now, oldest first, after `afterId`. */
  unsent(db: Db, opts: { maxAttempts: number; afterId: number; limit: number }): Promise<OutboxRecord<T>[]>;
  /**
   * Claims a row for sending: succeeds only if nobody has claimed or sent it since `attempts` was read.
   * `marker` is kept in `last_error` while sending (see app/collection/outbox.ts).
   */
  claim(db: Db, id: number, attempts: number, marker: string): Promise<boolean>;
  markSent(db: Db, id: number, now: string): Promise<void>;
  markFailed(db: Db, id: number, error: string): Promise<void>;
}

export interface OutboxSpec<T extends OutboxTable, R extends NewOutboxReminder> {
  table: T;
  /** The table's own columns for a new reminder. */
  ownColumns(reminder: R): OwnColumns<T>;
  /** Which unsent rows may be sent now; all of them when absent. */
  sendable?: (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;
}

/**
 * The queries run on the shared columns only, so they are written once against a view of the database
 * in which each outbox table has just those (Kysely cannot check column names against a table that is
 * a type parameter). What they return is the table's whole row.
 */
type SharedView = Record<OutboxTable, OutboxColumns>;

export function outbox<T extends OutboxTable, R extends NewOutboxReminder>(
  spec: OutboxSpec<T, R>,
): Outbox<T, R> {
  const table: OutboxTable = spec.table;
  const shared = (db: Db) => db as unknown as Kysely<SharedView>;
  return {
    table: spec.table,

    async add(db, reminders, now) {
      if (!reminders.length) return [];
      const rows = await shared(db)
        .insertInto(table)
        .values(
          reminders.map((r) => ({
            key: r.key,
            kind: r.kind,
            user_id: r.userId,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            created_at: now,
            ...spec.ownColumns(r),
          })),
        )
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      return rows.map((r) => r.key);
    },

    async unsent(db, opts) {
      const sendable = spec.sendable;
      let query = shared(db)
        .selectFrom(table)
        .selectAll()
        .where('sent_at', 'is', null)
        .where('attempts', '<', opts.maxAttempts)
        .where('id', '>', opts.afterId);
      if (sendable) query = query.where((eb) => sendable(eb as unknown as ExpressionBuilder<Database, T>));
      const rows = await query.orderBy('id').limit(opts.limit).execute();
      return rows as OutboxRecord<T>[];
    },

    async claim(db, id, attempts, marker) {
      const result = await shared(db)
        .updateTable(table)
        .set({ attempts: attempts + 1, last_error: marker })
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .where('attempts', '=', attempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markSent(db, id, now) {
      await shared(db)
        .updateTable(table)
        .set({ sent_at: now, last_error: null })
        .where('id', '=', id)
        .execute();
    },

    async markFailed(db, id, error) {
      await shared(db).updateTable(table).set({ last_error: error }).where('id', '=', id).execute();
    },
  };
}
