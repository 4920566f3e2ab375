/**
 * Frozen migration: sign-off for improvement-plan action updates. An update a data owner makes in
 * "Your updates" waits for approval ('submitted') until an approver of the owner's directorate (or
 * the performance team) approves it or returns it with a comment. Updates already stored, and those
 * imported or made by the performance team, are 'approved'.
 *
 * Also the outbox of action reminders, `action_reminder`: the same shape as `reminder` (migration
 * 0004), whose round_id is required, with a plan (or none, for an approver's daily email) instead.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const COLUMNS: [string, 'text' | 'integer'][] = [
  ['submitted_by', 'integer'],
  ['reviewed_by', 'integer'],
  ['reviewed_at', 'text'],
  ['review_comment', 'text'],
];

export async function up(db: Db): Promise<void> {
  // 'submitted' | 'approved' | 'returned'
  await db.schema
    .alterTable('action_update')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('approved'))
    .execute();
  for (const [name, type] of COLUMNS) {
    await db.schema
      .alterTable('action_update')
      .addColumn(name, type, (c) =>
        name.endsWith('_by') ? c.references('user_account.id').onDelete('set null') : c,
      )
      .execute();
  }
  await db.schema.createIndex('action_update_state').on('action_update').column('state').execute();

  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('action_reminder')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // e.g. 'action-due:3:7:12' — one reminder per kind, plan, review (or day) and person.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'action-due' | 'action-approval'
    .addColumn('plan_id', 'integer', (c) => c.references('improvement_plan.id').onDelete('cascade'))
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
  await db.schema.dropTable('action_reminder').execute();
  await db.schema.dropIndex('action_update_state').execute();
  for (const [name] of [...COLUMNS].reverse())
    await db.schema.alterTable('action_update').dropColumn(name).execute();
  await db.schema.alterTable('action_update').dropColumn('state').execute();
}
