/**
 * Frozen migration: the quarterly collection round. A round opens a period of a plan for collection
 * with a due date and is later locked; data owners are assigned indicators; each figure carries its
 * state in the round (in progress, submitted, returned, approved), a version number that refuses a
 * stale save, who submitted and who reviewed it, a note for an unusual figure, and — after the
 * period is locked — the correction and its reason. Evidence (files or links) is kept per figure.
 * Reminders are an outbox with a unique key, so each is sent once.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';

  await db.schema
    .createTable('collection_round')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull()) // YYYY-MM-DD
    /** Days before the due date that owners with outstanding updates are reminded. */
    .addColumn('remind_days_before', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text')
    .addColumn('locked_by', 'text')
    .addUniqueConstraint('collection_round_plan_period', ['plan_id', 'period_code'])
    .execute();

  await db.schema
    .createTable('indicator_assignment')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('indicator_assignment_pk', ['indicator_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('indicator_assignment_user')
    .on('indicator_assignment')
    .column('user_id')
    .execute();

  const valueColumns: [string, string, boolean?][] = [
    // null: a figure loaded before collection (the demo, an import of past figures): treated as approved.
    ['state', 'text'],
    ['submitted_by', 'integer'],
    ['submitted_at', 'text'],
    ['reviewed_by', 'integer'],
    ['reviewed_at', 'text'],
    ['review_comment', 'text'],
    // Why a figure that looks wrong is right (far from last period, or orders of magnitude from target).
    ['unusual_note', 'text'],
    ['corrected_at', 'text'],
    ['correction_reason', 'text'],
  ];
  for (const [name, type] of valueColumns) {
    await db.schema
      .alterTable('indicator_value')
      .addColumn(name, type as 'text')
      .execute();
  }
  await db.schema
    .alterTable('indicator_value')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('value_evidence')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'file' | 'link'
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('content', pg ? 'bytea' : 'blob')
    .addColumn('url', 'text')
    .addColumn('added_by', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('value_evidence_figure')
    .on('value_evidence')
    .columns(['indicator_id', 'period_code'])
    .execute();

  await db.schema
    .createTable('reminder')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // e.g. 'due:3:12:2017-10-09' — one reminder per kind, round, person and day it is for.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'due-soon' | 'overdue' | 'approval' | 'digest'
    .addColumn('round_id', 'integer', (c) =>
      c.notNull().references('collection_round.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('reminder').execute();
  await db.schema.dropTable('value_evidence').execute();
  await db.schema.dropTable('indicator_assignment').execute();
  await db.schema.dropTable('collection_round').execute();
}
