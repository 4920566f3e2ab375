/**
 * Frozen migration: quarterly report drafts (period, scope, settings and the texts the performance
 * team edited) and published versions (numbered per period and scope: the frozen report data and
 * every rendered file's bytes with content type and SHA-256, who and when). Published versions and
 * their files cannot be changed or deleted: triggers refuse it on both databases.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const FROZEN = ['report_version', 'report_file'] as const;

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';

  await db.schema
    .createTable('report_draft')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull()) // '2017-18-Q1'
    .addColumn('scope', 'text', (c) => c.notNull()) // 'council', 'priority:P1', 'directorate:SCS'
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON: meeting, date, report of, contact, charts
    .addColumn('texts', 'text', (c) => c.notNull()) // JSON: only the texts edited (achievements, issues, exceptions)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_draft_period_scope', ['period_code', 'scope'])
    .execute();

  await db.schema
    .createTable('report_version')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('draft_id', 'integer', (c) => c.notNull().references('report_draft.id'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON: the document and the figures as published
    .addColumn('published_by', 'text', (c) => c.notNull()) // actor id
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_version_number', ['period_code', 'scope', 'version'])
    .execute();

  await db.schema
    .createTable('report_file')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('report_version.id'))
    .addColumn('format', 'text', (c) => c.notNull()) // html, pdf, docx, xlsx, csv
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addUniqueConstraint('report_file_format', ['version_id', 'format'])
    .execute();

  if (pg) {
    await sql`
      CREATE FUNCTION cairn_published_report_is_frozen() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'published reports cannot be changed or deleted';
      END;
      $$ LANGUAGE plpgsql`.execute(db);
    for (const t of FROZEN) {
      await sql
        .raw(
          `CREATE TRIGGER ${t}_frozen BEFORE UPDATE OR DELETE ON ${t} ` +
            'FOR EACH ROW EXECUTE FUNCTION cairn_published_report_is_frozen()',
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} ` +
            'FOR EACH STATEMENT EXECUTE FUNCTION cairn_published_report_is_frozen()',
        )
        .execute(db);
    }
  } else {
    for (const t of FROZEN) {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER ${t}_no_${op.toLowerCase()} BEFORE ${op} ON ${t} ` +
              `BEGIN SELECT RAISE(ABORT, 'published reports cannot be changed or deleted'); END`,
          )
          .execute(db);
      }
    }
  }
}

export async function down(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('report_file').execute();
  await db.schema.dropTable('report_version').execute();
  await db.schema.dropTable('report_draft').execute();
  if (pg) await sql`DROP FUNCTION IF EXISTS cairn_published_report_is_frozen()`.execute(db);
}
