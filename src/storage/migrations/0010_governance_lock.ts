/**
 * Frozen migration (governance, issue 21): locking a round carries every unfinished figure as "not
 * reported" for the period, keeping the state it had in `state_before_lock` so reopening the round
 * restores it. A round remembers when and by whom it was last reopened, and why.
 *
 * Pages now depend on the rounds (the default period is the latest locked or complete quarter) and on
 * assignments (a data owner sees their own drafts), so both tables bump the data version as the
 * framework's tables do (migration 0002).
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const WATCHED = ['collection_round', 'indicator_assignment'];

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('indicator_value').addColumn('state_before_lock', 'text').execute();
  await db.schema.alterTable('collection_round').addColumn('reopened_at', 'text').execute();
  await db.schema.alterTable('collection_round').addColumn('reopened_by', 'text').execute();
  await db.schema.alterTable('collection_round').addColumn('reopen_reason', 'text').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of WATCHED)
      await sql
        .raw(
          `CREATE CONSTRAINT TRIGGER ${t}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${t} ` +
            `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()`,
        )
        .execute(db);
  } else {
    for (const t of WATCHED)
      for (const op of ['INSERT', 'UPDATE', 'DELETE'])
        await sql
          .raw(
            `CREATE TRIGGER ${t}_data_version_${op.toLowerCase()} AFTER ${op} ON ${t} ` +
              `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
          )
          .execute(db);
  }
}

export async function down(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of WATCHED) await sql.raw(`DROP TRIGGER IF EXISTS ${t}_data_version ON ${t}`).execute(db);
  } else {
    for (const t of WATCHED)
      for (const op of ['insert', 'update', 'delete'])
        await sql.raw(`DROP TRIGGER IF EXISTS ${t}_data_version_${op}`).execute(db);
  }
  for (const c of ['reopen_reason', 'reopened_by', 'reopened_at'])
    await db.schema.alterTable('collection_round').dropColumn(c).execute();
  await db.schema.alterTable('indicator_value').dropColumn('state_before_lock').execute();
}
