/**
 * Frozen migration: a single data version number that every write to the framework or its figures
 * increases, kept by database triggers so no writer can forget it. Pages cache what they compute from
 * the data and check this one number on each request (one indexed read), so several Cairn processes
 * sharing a database never show stale figures.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** The tables whose rows pages are computed from (frozen with this migration). */
const WATCHED = [
  'council',
  'directorate',
  'person',
  'plan',
  'priority',
  'outcome',
  'indicator',
  'indicator_target',
  'indicator_value',
  'outcome_rating',
  'second_framework',
  'second_priority',
  'outcome_second_priority',
  'retired_measure',
];

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Deferred to commit, and once per transaction: the version row is locked only for the moment of
    // commit, so two writers touching different rows never deadlock on it.
    await sql`
      CREATE FUNCTION cairn_bump_data_version() RETURNS trigger AS $$
      BEGIN
        IF current_setting('cairn.data_version_bumped', true) IS DISTINCT FROM txid_current()::text THEN
          UPDATE data_version SET version = version + 1 WHERE id = 1;
          PERFORM set_config('cairn.data_version_bumped', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql`.execute(db);
    for (const t of WATCHED) {
      await sql
        .raw(
          `CREATE CONSTRAINT TRIGGER ${t}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${t} ` +
            `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()`,
        )
        .execute(db);
    }
  } else {
    for (const t of WATCHED) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER ${t}_data_version_${op.toLowerCase()} AFTER ${op} ON ${t} ` +
              `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
          )
          .execute(db);
      }
    }
  }
}

export async function down(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of WATCHED) await sql.raw(`DROP TRIGGER IF EXISTS ${t}_data_version ON ${t}`).execute(db);
    await sql`DROP FUNCTION IF EXISTS cairn_bump_data_version()`.execute(db);
  } else {
    for (const t of WATCHED)
      for (const op of ['insert', 'update', 'delete'])
        await sql.raw(`DROP TRIGGER IF EXISTS ${t}_data_version_${op}`).execute(db);
  }
  await db.schema.dropTable('data_version').execute();
}
