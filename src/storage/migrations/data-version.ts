/**
 * Triggers that move the data version (the page cache's key, migration 0002) on every write to a
 * table, on both databases: on PostgreSQL one deferred constraint trigger per table calling 0002's
 * `cairn_bump_data_version()` (once per transaction's row at commit), on SQLite one trigger per
 * operation. Later migrations call this for their tables. Migrations depend on it: never change what
 * it creates; add a new function instead.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function watchDataVersion(db: Db, tables: readonly string[]): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const t of tables) {
    if (!/^[a-z_]+$/.test(t)) throw new Error(`Not a table name: ${t}`);
    if (pg)
      await sql
        .raw(
          `CREATE CONSTRAINT TRIGGER ${t}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${t} ` +
            `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()`,
        )
        .execute(db);
    else
      for (const op of ['INSERT', 'UPDATE', 'DELETE'])
        await sql
          .raw(
            `CREATE TRIGGER ${t}_data_version_${op.toLowerCase()} AFTER ${op} ON ${t} ` +
              `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
          )
          .execute(db);
  }
}
