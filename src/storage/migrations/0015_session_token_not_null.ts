/**
 * Frozen migration: `user_session.token_hash` is NOT NULL on SQLite too. SQLite lets NULL into a
 * primary key that is not an INTEGER PRIMARY KEY unless the column says NOT NULL, and 0003 did not
 * say so; PostgreSQL's primary keys are never null, so there is nothing to do there. SQLite cannot
 * change a column's constraint in place, so the table is rebuilt: a new one with the column NOT NULL,
 * the sessions copied (one without a token could never be found from a cookie, so none is lost), the
 * old one dropped, the new one renamed and its index made again. Nothing refers to user_session and
 * it has no triggers.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createTable('user_session_rebuilt')
    // The SHA-256 of the cookie's token: a copy of the table does not let anyone sign in.
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await sql`
    INSERT INTO user_session_rebuilt (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
    SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at
    FROM user_session WHERE token_hash IS NOT NULL`.execute(db);
  await db.schema.dropTable('user_session').execute();
  await db.schema.alterTable('user_session_rebuilt').renameTo('user_session').execute();
  await db.schema.createIndex('user_session_user').on('user_session').column('user_id').execute();
}

/** Nothing to undo: NOT NULL is what 0003 meant, and a session without a token was never usable. */
export async function down(): Promise<void> {}
