/**
 * Frozen migration: an action's percent complete (0–100), as a council's tracker records it beside
 * the status (`% complete`); null where none is recorded.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('plan_action').addColumn('percent_complete', 'integer').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('plan_action').dropColumn('percent_complete').execute();
}
