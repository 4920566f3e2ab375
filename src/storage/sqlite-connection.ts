/**
 * The SQLite connection Kysely talks to: better-sqlite3 with two additions.
 *
 * - Prepared statements are kept (least recently used first out) and reused. Kysely prepares every
 *   query it runs, and on a busy server preparing was a fifth of the CPU time.
 * - Each commit is reported to `onCommit`: the end of an explicit transaction, or a statement that
 *   changed the database outside one. Group commit (group-commit.ts) counts on it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

export function sqliteConnection(
  sqlite: BetterSqlite3.Database,
  onCommit: (() => void) | null,
): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();

  const cached = (sql: string): BetterSqlite3.Statement => {
    let stmt = statements.get(sql);
    if (stmt) {
      // Most recently used goes last; the first in the map is the one to drop.
      statements.delete(sql);
    } else {
      stmt = sqlite.prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, stmt);
    return stmt;
  };

  /** Runs one statement and reports a commit if it ended a transaction or wrote outside one. */
  const tracked = <T>(stmt: BetterSqlite3.Statement, execute: () => T): T => {
    if (!onCommit) return execute();
    const inTransaction = sqlite.inTransaction;
    const result = execute();
    if (inTransaction ? !sqlite.inTransaction : !stmt.readonly && !sqlite.inTransaction) onCommit();
    return result;
  };

  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      const stmt = cached(sql);
      return {
        reader: stmt.reader,
        // Kysely passes the parameters as one array, which better-sqlite3 binds in order.
        all: (parameters) => tracked(stmt, () => stmt.all(parameters)),
        run: (parameters) => tracked(stmt, () => stmt.run(parameters)),
        // A stream holds its statement until it is finished or abandoned: give it one of its own, so an
        // abandoned stream cannot leave a shared statement busy. Kysely streams only selects.
        iterate: (parameters) => sqlite.prepare(sql).iterate(parameters),
      };
    },
  };
}
