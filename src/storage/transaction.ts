/**
 * What the app layer needs to work with transactions without importing Kysely: the handle types that
 * storage functions take (the database or a transaction of it), and `transaction` to open one.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A handle storage functions query through: the database or an open transaction. */
export type Db = Kysely<Database>;

/** A transaction as use cases hand it to storage functions. */
export type Trx = Transaction<Database>;

/** Runs `fn` in one transaction: committed when it resolves, rolled back (and rethrown) when it throws. */
export function transaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
