/**
 * Frozen migration: sign-off for improvement-plan action updates. An update a data owner makes in
 * "Your updates" waits for approval ('submitted') until an approver of the owner's directorate (or
 * the performance team) approves it or returns it with a comment. Updates already stored, and those
 * imported or made by the performance team, are 'approved'.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

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
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('action_update_state').execute();
  for (const [name] of [...COLUMNS].reverse())
    await db.schema.alterTable('action_update').dropColumn(name).execute();
  await db.schema.alterTable('action_update').dropColumn('state').execute();
}
