/**
 * Opens Cairn's database: SQLite (embedded default, a file under ./data) or PostgreSQL (DATABASE_URL).
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { GroupCommit } from './group-commit.js';
import { sqliteConnection } from './sqlite-connection.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it is, with any password removed: safe to print. */
  location: string;
  /**
   * Set when commits are made durable in groups (SQLite opened with `durability: 'group'`): whoever
   * acknowledges a change must first wait for `groupCommit.settle` (the web server does, for every
   * request). Null when each commit is durable before it returns.
   */
  groupCommit: GroupCommit | null;
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * SQLite only. 'each-commit' (the default): `synchronous=FULL`, every commit syncs the write-ahead log
   * before it returns — for the command line, the worker and tests. 'group': the web server's group
   * commit (ADR 0007) — `synchronous=NORMAL`, and the log is synced off the event loop, once for every
   * commit made meanwhile, before a change is acknowledged.
   */
  durability?: 'each-commit' | 'group';
  /** Syncs the write-ahead log at this path; by default fdatasync. Tests replace it to watch the order. */
  syncLog?: (walPath: string) => Promise<void>;
}

// PostgreSQL returns bigint (counts) and numeric as strings; Cairn's figures fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** `url` is a postgres:// URL, or a SQLite file path (optionally prefixed with `sqlite:`), or ':memory:'. */
export function openStore(url: string, options: StoreOptions = {}): Store {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server closes (a restart, an administrator, a dropped database) is an
    // 'error' on the pool; unheard, it would stop the process. The pool drops that connection and
    // opens another when next needed; queries in flight still fail with their own error.
    pool.on('error', (err: Error & { code?: string }) => {
      if (err.code !== '57P01') console.warn(`PostgreSQL closed an idle connection: ${err.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      location: redact(url),
      groupCommit: null,
      close: () => db.destroy(),
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  const grouped = options.durability === 'group' && file !== ':memory:';
  // NORMAL in WAL mode syncs the log only at checkpoints: never corrupt, but the last commits could be
  // lost on a power cut. Group commit closes that gap by syncing before anything is acknowledged.
  sqlite.pragma(grouped ? 'synchronous = NORMAL' : 'synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const walPath = `${file}-wal`;
  const log = grouped && !options.syncLog ? new LogFile(walPath) : null;
  const syncLog = options.syncLog ?? (() => log!.datasync());
  const groupCommit = grouped ? new GroupCommit(() => syncLog(walPath)) : null;
  const database = sqliteConnection(sqlite, groupCommit ? () => groupCommit.noteCommit() : null);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    groupCommit,
    close: async () => {
      // Whatever was committed is on disk before the connection goes (closing syncs it too).
      try {
        await groupCommit?.durable();
      } finally {
        await db.destroy();
        await log?.close();
      }
    },
  };
}

/**
 * The write-ahead log, held open for fdatasync(2) off the event loop (libuv's thread pool): one step
 * rather than open, sync and close, each of which would wait its turn on a busy event loop. SQLite
 * keeps the log file (it rewrites it from the start after a checkpoint) for as long as any connection
 * is open, and this one is open until the store closes.
 */
class LogFile {
  #handle: Promise<FileHandle> | null = null;
  constructor(private readonly path: string) {}

  async datasync(): Promise<void> {
    this.#handle ??= open(this.path, 'r+');
    try {
      await (await this.#handle).datasync();
    } catch (e) {
      // Open it afresh next time; this sync has failed, and whoever waits on it is told.
      const stale = this.#handle;
      this.#handle = null;
      await stale.then((h) => h.close()).catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await (await handle).close();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** Runs every pending migration, in order. Throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
