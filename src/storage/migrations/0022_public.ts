/**
 * Frozen migration (issue 15, performance in the open): what the performance team has chosen to put on
 * the public site and in the open data. `public` (0 or 1, default 0: nothing is public until chosen)
 * on `plan` (the framework plan: its priorities and outcomes), `indicator` (its approved figures),
 * `improvement_plan` (its actions and their approved updates, and its published progress reports) and
 * `report_draft` (a quarterly report: its published, frozen versions — never the draft). The council's
 * open data licence: `open_data_licence` and `open_data_licence_url` on `council` (null: the Open
 * Government Licence v3.0).
 *
 * The public pages are cached by data version, so the quarterly reports' tables bump it too, as the
 * framework's do (migration 0002): a draft (its flag) and a new published version of either kind.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const FLAGGED = ['plan', 'indicator', 'improvement_plan', 'report_draft'];
const WATCHED = ['report_draft', 'report_version', 'plan_report_version'];

export async function up(db: Db): Promise<void> {
  for (const t of FLAGGED)
    await db.schema
      .alterTable(t)
      .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema.alterTable('council').addColumn('open_data_licence', 'text').execute();
  await db.schema.alterTable('council').addColumn('open_data_licence_url', 'text').execute();
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
  await db.schema.alterTable('council').dropColumn('open_data_licence_url').execute();
  await db.schema.alterTable('council').dropColumn('open_data_licence').execute();
  for (const t of FLAGGED) await db.schema.alterTable(t).dropColumn('public').execute();
}
