/**
 * Opening a transaction for a use case: app/ passes the transaction to storage functions and never
 * names Kysely itself.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A transaction as use cases hand it to storage functions. */
export type Trx = Transaction<Database>;

/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export function transaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(fn);
}
