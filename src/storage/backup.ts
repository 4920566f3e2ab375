/**
 * Backups of Cairn's database and restoring them (issue 17; `cairn backup`, `cairn restore`).
 *
 * - SQLite: SQLite's online backup API (better-sqlite3's `backup()`), copying every page in one step,
 *   so the copy is one consistent snapshot even while the server writes (in WAL mode the copy's read
 *   does not stop writers; a write by another connection between steps makes SQLite start again,
 *   and the one step then copies everything as it stands). The copy is switched to a rollback journal,
 *   checked (`quick_check`) and renamed into place, so a failed backup leaves no half file behind.
 *   A restore copies it back with the same API into the target database.
 * - PostgreSQL: `pg_dump --format=custom` (a snapshot: every transaction committed before it began,
 *   none after) and `pg_restore --single-transaction --exit-on-error` (all or nothing).
 *
 * The audit key and the checkpoints are never in a backup: they are kept apart on purpose
 * (docs/operations.md).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { MIGRATION_TABLES } from './operations.js';

export type BackupFormat = 'sqlite' | 'postgres';

/** The most pages better-sqlite3 copies in one step: all of them. */
const EVERY_PAGE = 0x7fffffff;

/** Tables whose rows the migrations themselves make (one each): no sign the database holds data. */
const BOOKKEEPING = new Set<string>([...MIGRATION_TABLES, 'council', 'data_version']);

/** What a backup file is, from its first bytes; null when it is neither. */
export function backupFormat(file: string): BackupFormat | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
    if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The database's tables that hold rows, leaving out what every migrated database has. */
export async function tablesWithRows(db: Kysely<Database>): Promise<string[]> {
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView).map((t) => t.name);
  const found: string[] = [];
  for (const name of tables.sort()) {
    if (BOOKKEEPING.has(name)) continue;
    const r = await sql<{ one: number }>`select 1 as one from ${sql.table(name)} limit 1`.execute(db);
    if (r.rows.length) found.push(name);
  }
  return found;
}

/** Whether the database has any tables at all (a migrated database has, even when empty). */
export async function hasTables(db: Kysely<Database>): Promise<boolean> {
  return (await db.introspection.getTables({ withInternalKyselyTables: true })).length > 0;
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A temporary name beside `out`, renamed to it once the backup is whole. */
const partial = (out: string) => `${out}.partial-${process.pid}`;

function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/** Checks a SQLite file is whole and is a Cairn database (migrated, with an audit trail). */
function checkSqliteFile(file: string): void {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} is damaged: ${String(check)}`);
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    if (!tables.has('kysely_migration') || !tables.has('audit_event'))
      throw new Error(
        `${file} is a SQLite database, but not one of Cairn's (it has no migrations or audit trail)`,
      );
  } finally {
    db.close();
  }
}

/** Backs up the SQLite database `source` to `out`, consistently, while others write to it. */
export async function backupSqlite(source: string, out: string): Promise<BackupResult> {
  const started = Date.now();
  const tmp = partial(out);
  removeSqliteFiles(tmp);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(tmp, { progress: () => EVERY_PAGE });
  } catch (e) {
    removeSqliteFiles(tmp);
    throw e;
  } finally {
    db.close();
  }
  try {
    // A backup is one file: a rollback journal, not the live database's write-ahead log.
    const copy = new BetterSqlite3(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkSqliteFile(tmp);
    fsyncFile(tmp);
    renameSync(tmp, out);
  } catch (e) {
    removeSqliteFiles(tmp);
    throw e;
  }
  return { file: out, bytes: statSync(out).size, ms: Date.now() - started };
}

/**
 * Copies the SQLite backup `file` into the database at `target` (made if missing), replacing what
 * it holds, with the backup API: a connection to the target writes it, so its write-ahead log and
 * locks are kept right. Nothing else should have the target open (stop the server and the worker).
 */
export async function restoreSqlite(file: string, target: string): Promise<{ ms: number }> {
  const started = Date.now();
  checkSqliteFile(file);
  const backup = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target, { progress: () => EVERY_PAGE });
  } finally {
    backup.close();
  }
  return { ms: Date.now() - started };
}

// ---- PostgreSQL: pg_dump and pg_restore ----

/**
 * A libpq connection for the PostgreSQL tools: the URL without its password (which would show in
 * the list of processes), and the password in PGPASSWORD.
 */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== undefined) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new Error(
              `${command} is not installed here: install PostgreSQL's client programs (e.g. apt-get install postgresql-client), of the server's major version or later`,
            )
          : e,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} failed (exit code ${code}): ${err.trim() || 'no message'}`)),
    );
  });
}

/** Backs up the PostgreSQL database at `url` to `out` with pg_dump's custom format. */
export async function backupPostgres(url: string, out: string): Promise<BackupResult> {
  const started = Date.now();
  const tmp = partial(out);
  const { dbname, env } = libpq(url);
  try {
    await run('pg_dump', ['--format=custom', `--file=${tmp}`, `--dbname=${dbname}`], env);
    // Readable as an archive, and Cairn's.
    const list = await run('pg_restore', ['--list', tmp], env);
    if (!/ TABLE \S+ audit_event /.test(list))
      throw new Error('pg_dump wrote an archive without the audit trail: is DATABASE_URL a Cairn database?');
    fsyncFile(tmp);
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { file: out, bytes: statSync(out).size, ms: Date.now() - started };
}

/**
 * Restores the pg_dump archive `file` into the database at `url`, in one transaction: either all of
 * it or nothing. `clean`: drop the archive's tables first (the database has some). Objects are owned
 * by the role restoring them and take its default privileges (docs/operations.md), not the archive's.
 */
export async function restorePostgres(
  url: string,
  file: string,
  opts: { clean: boolean },
): Promise<{ ms: number }> {
  const started = Date.now();
  const { dbname, env } = libpq(url);
  const list = await run('pg_restore', ['--list', file], env);
  if (!/ TABLE \S+ audit_event /.test(list))
    throw new Error(`${file} is a PostgreSQL archive, but not of a Cairn database (it has no audit trail)`);
  await run(
    'pg_restore',
    [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      ...(opts.clean ? ['--clean', '--if-exists'] : []),
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  return { ms: Date.now() - started };
}

export const backupExists = (file: string) => existsSync(file);
