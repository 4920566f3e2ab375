/**
 * Frozen migration: people who sign in (accounts, roles, sessions, failed attempts) and the audit
 * trail. Audit records cannot be changed or deleted: database triggers refuse it on both databases,
 * not only the application's code.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';

  await db.schema
    .createTable('user_account')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // scrypt$N$r$p$salt$key (base64); null for accounts that sign in only with single sign-on.
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('directorate_id', 'integer', (c) => c.references('directorate.id').onDelete('set null'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('oidc_subject', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_session')
    // The SHA-256 of the cookie's token: a copy of the table does not let anyone sign in.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_session_user').on('user_session').column('user_id').execute();

  await db.schema
    .createTable('sign_in_failure')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failure_email_at')
    .on('sign_in_failure')
    .columns(['email', 'at'])
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull()) // UTC, ISO 8601
    .addColumn('actor', 'text', (c) => c.notNull()) // "user:3" or "cli:<os user>" or "system"
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull()) // e.g. user.create, value.update
    .addColumn('entity', 'text', (c) => c.notNull()) // e.g. user_account, indicator_value
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before', 'text') // JSON
    .addColumn('after', 'text') // JSON
    .addColumn('reason', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createIndex('audit_event_entity')
    .on('audit_event')
    .columns(['entity', 'entity_id'])
    .execute();

  if (pg) {
    await sql`
      CREATE FUNCTION cairn_audit_is_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit records cannot be changed or deleted';
      END;
      $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION cairn_audit_is_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION cairn_audit_is_append_only()`.execute(db);
  } else {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_event_no_${op.toLowerCase()} BEFORE ${op} ON audit_event ` +
            `BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('audit_event').execute();
  if (pg) await sql`DROP FUNCTION IF EXISTS cairn_audit_is_append_only()`.execute(db);
  await db.schema.dropTable('sign_in_failure').execute();
  await db.schema.dropTable('user_session').execute();
  await db.schema.dropTable('user_account').execute();
}
