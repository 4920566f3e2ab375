/**
 * Frozen migration: published versions of an improvement plan's progress report, numbered per plan
 * and subject ('today' or 'review:ID', the progress review it is as at): the frozen document and
 * action statuses as JSON, and every rendered file's bytes with content type and SHA-256. Like the
 * quarterly report's versions (0005), they cannot be changed or deleted: triggers refuse it.
 * No foreign key to the plan: a published version outlives the plan being replaced.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';
import { freezeTables } from './frozen-tables.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const FROZEN = ['plan_report_version', 'plan_report_file'] as const;

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';

  await db.schema
    .createTable('plan_report_version')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('improvement_plan_id', 'integer', (c) => c.notNull())
    .addColumn('review_id', 'integer') // null: as at the day it was published
    .addColumn('subject', 'text', (c) => c.notNull()) // 'today' or 'review:12'
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON: the document and the actions as published
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_report_version_number', ['improvement_plan_id', 'subject', 'version'])
    .execute();

  await db.schema
    .createTable('plan_report_file')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('plan_report_version.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addUniqueConstraint('plan_report_file_format', ['version_id', 'format'])
    .execute();

  await freezeTables(db, FROZEN);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('plan_report_file').execute();
  await db.schema.dropTable('plan_report_version').execute();
}
