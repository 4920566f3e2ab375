/**
 * Triggers that make tables append-only on both databases: UPDATE and DELETE (and, on PostgreSQL,
 * TRUNCATE) are refused with "published reports cannot be changed or deleted". 0005 wrote the same
 * triggers inline for the quarterly report's tables (and created the PostgreSQL function this uses);
 * later migrations call this. Migrations depend on it: never change what it creates, add a new function.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function freezeTables(db: Db, tables: readonly string[]): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const t of tables) {
    if (!/^[a-z_]+$/.test(t)) throw new Error(`Not a table name: ${t}`);
    if (pg) {
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
    } else {
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
