/**
 * What the app layer needs to work with transactions without importing Kysely: the handle type that
 * storage functions take (the database, or a transaction of it), and `inTransaction` to open one.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A handle storage functions query through: the database or an open transaction. */
export type Db = Kysely<Database>;

/**
 * Runs `fn` in one transaction of the store's database: everything it writes commits together, or,
 * when it throws, nothing does.
 */
export function inTransaction<T>(store: { db: Db }, fn: (trx: Db) => Promise<T>): Promise<T> {
  return store.db.transaction().execute((trx) => fn(trx));
}
