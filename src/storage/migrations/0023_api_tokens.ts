/**
 * Frozen migration (issue 15): tokens for the HTTP API and the OData feed.
 *
 * - `api_token`: a named token an administrator issued, its scope (`public` — public data only,
 *   `read` — internal read, `write` — write values for named indicators), the SHA-256 of the token
 *   (the token itself is shown once and never stored), its first characters to recognise it by, who
 *   issued it and when, when it expires, whether and by whom it was revoked, when it was last used
 *   and how many times.
 * - `api_token_indicator`: the indicators a `write` token may post values for.
 * - `api_token_use`: every use (when, method, path, status, address), appended in batches.
 *
 * None of them bumps data_version: no page or API answer is computed from them.
 * Never edit a migration that has shipped; add a new one.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<string, any>;

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

function withId(db: Db, name: string): Table {
  const table = db.schema.createTable(name);
  return isPg(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Db): Promise<void> {
  await withId(db, 'api_token')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'integer', (c) => c.references('user_account.id'))
    .addColumn('last_used_at', 'text')
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('api_token_indicator')
    .addColumn('token_id', 'integer', (c) => c.notNull().references('api_token.id'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
    .addPrimaryKeyConstraint('api_token_indicator_pk', ['token_id', 'indicator_id'])
    .execute();
  await withId(db, 'api_token_use')
    .addColumn('token_id', 'integer', (c) => c.notNull().references('api_token.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('api_token_use_token')
    .on('api_token_use')
    .columns(['token_id', 'id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('api_token_use').execute();
  await db.schema.dropTable('api_token_indicator').execute();
  await db.schema.dropTable('api_token').execute();
}
