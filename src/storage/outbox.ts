/**
 * A reminder outbox, one implementation for both tables (docs/adr/0004-reminders-outbox.md): `reminder`
 * (collection rounds, migration 0004) and `action_reminder` (improvement-plan actions, migration 0008).
 * They share their columns (schema.ts OutboxColumns) and differ only in what a reminder is about: a
 * round, or perhaps a plan.
 *
 * A reminder's `key` is unique: adding one that is already there does nothing, so deciding twice (a
 * second pass, a second worker) never makes a second email. Sending claims a row first by moving its
 * `attempts` on from the value read, so only one worker sends it.
 *
 * For the pages that show what was sent (web/features/collection/reminder-routes.ts), an outbox is also
 * listed a page at a time, newest first, with each reminder's state (domain/reminder-outbox.ts), and a
 * reminder that was given up on can be made ready to send again — the same row, so its key stays.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import { OUTBOX_STATES, type OutboxState } from '../domain/reminder-outbox.js';
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

/** Which reminders of an outbox to list or count. */
export interface OutboxQuery {
  /** Only those about this collection round (`reminder`) or improvement plan (`action_reminder`). */
  about?: number;
  state?: OutboxState;
  /** Words in the recipient's name or email address. */
  recipient?: string;
  /** Attempts after which a reminder is given up (domain/reminder-outbox.ts MAX_ATTEMPTS). */
  maxAttempts: number;
}

/** A row with its state and the name of the account it was for. */
export type ListedReminder<T extends OutboxTable> = OutboxRecord<T> & {
  state: OutboxState;
  user_name: string | null;
  /** 1 while the recipient's account is open; 0 once it is closed (a reminder to it is then held). */
  user_active: number | null;
};

export interface Outbox<T extends OutboxTable, R extends NewOutboxReminder> {
  readonly table: T;
  /** The column naming what a reminder is about: `round_id` or `plan_id`. */
  readonly about: string;
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
  /** A page of reminders, newest first. */
  list(db: Db, query: OutboxQuery & { limit: number; offset: number }): Promise<ListedReminder<T>[]>;
  /** How many reminders are in each state (the query's state is ignored). */
  countByState(db: Db, query: OutboxQuery): Promise<Record<OutboxState, number>>;
  find(db: Db, id: number, maxAttempts: number): Promise<ListedReminder<T> | undefined>;
  /**
   * Makes an unsent row ready to be sent again on the worker's next pass: no attempts, no error. Only if
   * its attempts are still `attempts` (nobody has sent or reset it since it was read); the key stays.
   */
  sendAgain(db: Db, id: number, attempts: number): Promise<boolean>;
}

export interface OutboxSpec<T extends OutboxTable, R extends NewOutboxReminder> {
  table: T;
  /** The table's own columns for a new reminder. */
  ownColumns(reminder: R): OwnColumns<T>;
  /**
   * Which unsent rows may be sent now, besides the recipient's account being open; all of them when
   * absent. Those that may not are 'held'.
   */
  sendable?: (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;
  /** The column naming what a reminder is about (OutboxQuery.about). */
  about: keyof OwnColumns<T> & string;
}

/**
 * The queries run on the shared columns only, so they are written once against a view of the database
 * in which each outbox table has just those (Kysely cannot check column names against a table that is
 * a type parameter). What they return is the table's whole row.
 */
type SharedView = Record<OutboxTable, OutboxColumns>;

/** `%words%` for LIKE … ESCAPE '!', matching the words as written, in any case. */
const containing = (words: string) => `%${words.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

export function outbox<T extends OutboxTable, R extends NewOutboxReminder>(
  spec: OutboxSpec<T, R>,
): Outbox<T, R> {
  const table: OutboxTable = spec.table;
  const shared = (db: Db) => db as unknown as Kysely<SharedView>;
  const ownSendable = spec.sendable as
    ((eb: ExpressionBuilder<SharedView, OutboxTable>) => Expression<SqlBool>) | undefined;
  // Nobody is emailed once their account is closed (someone who has left the council), even if a
  // reminder to them was queued before: it is held.
  const recipientOpen = sql<SqlBool>`exists (select 1 from user_account where user_account.id = ${sql.ref(
    `${table}.user_id`,
  )} and user_account.active = 1)`;
  const sendable = (eb: ExpressionBuilder<SharedView, OutboxTable>): Expression<SqlBool> =>
    ownSendable ? eb.and([recipientOpen, ownSendable(eb)]) : recipientOpen;

  /** The state of a row, as SQL: the one place the states are told apart. */
  const stateOf = (eb: ExpressionBuilder<SharedView, OutboxTable>, maxAttempts: number) => {
    const sent = eb.case().when('sent_at', 'is not', null).then(sql.lit<OutboxState>('sent'));
    const unsent = sent.when(eb.not(sendable(eb))).then(sql.lit<OutboxState>('held'));
    return unsent
      .when('attempts', '>=', maxAttempts)
      .then(sql.lit<OutboxState>('failed'))
      .else(sql.lit<OutboxState>('waiting'))
      .end();
  };
  const userName = sql<
    string | null
  >`(select user_account.name from user_account where user_account.id = ${sql.ref(`${table}.user_id`)})`;
  const userActive = sql<
    number | null
  >`(select user_account.active from user_account where user_account.id = ${sql.ref(`${table}.user_id`)})`;

  const filtered = (db: Db, query: OutboxQuery) => {
    let q = shared(db).selectFrom(table);
    if (query.about !== undefined) q = q.where(sql.ref(spec.about), '=', query.about);
    const state = query.state;
    if (state) q = q.where((eb) => eb(stateOf(eb, query.maxAttempts), '=', state));
    const words = query.recipient?.trim();
    if (words) {
      const like = containing(words);
      q = q.where((eb) =>
        eb.or([
          sql<SqlBool>`lower(recipient) like ${like} escape '!'`,
          sql<SqlBool>`user_id in (select user_account.id from user_account where lower(user_account.name) like ${like} escape '!')`,
        ]),
      );
    }
    return q;
  };

  return {
    table: spec.table,
    about: spec.about,

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
      let query = shared(db)
        .selectFrom(table)
        .selectAll()
        .where('sent_at', 'is', null)
        .where('attempts', '<', opts.maxAttempts)
        .where('id', '>', opts.afterId);
      query = query.where((eb) => sendable(eb));
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

    async list(db, query) {
      const rows = await filtered(db, query)
        .selectAll()
        .select((eb) => [
          stateOf(eb, query.maxAttempts).as('state'),
          userName.as('user_name'),
          userActive.as('user_active'),
        ])
        .orderBy('id', 'desc')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return rows as ListedReminder<T>[];
    },

    async countByState(db, query) {
      const states = filtered(db, { ...query, state: undefined })
        .select((eb) => stateOf(eb, query.maxAttempts).as('state'))
        .as('s');
      const rows = await shared(db)
        .selectFrom(states)
        .select(['s.state', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy('s.state')
        .execute();
      const counts = Object.fromEntries(OUTBOX_STATES.map((st) => [st, 0])) as Record<OutboxState, number>;
      for (const r of rows) counts[r.state] = Number(r.n);
      return counts;
    },

    async find(db, id, maxAttempts) {
      const row = await shared(db)
        .selectFrom(table)
        .selectAll()
        .select((eb) => [
          stateOf(eb, maxAttempts).as('state'),
          userName.as('user_name'),
          userActive.as('user_active'),
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      return row as ListedReminder<T> | undefined;
    },

    async sendAgain(db, id, attempts) {
      const result = await shared(db)
        .updateTable(table)
        .set({ attempts: 0, last_error: null })
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .where('attempts', '=', attempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
