/**
 * `cairn backup --out FILE` and `cairn restore FILE` (issue 17; storage/backup.ts does the copying).
 *
 * A backup can be taken while Cairn runs: it is one consistent snapshot (SQLite's backup API, or
 * pg_dump). A restore replaces the database at DATABASE_URL, so it refuses one that already holds
 * data unless given --force (stop the web processes and workers first), and afterwards checks the
 * restored audit trail with the audit key and the checkpoints (app/restore-check.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../app/clock.js';
import { CairnError } from '../app/errors.js';
import { migrationsText, pendingMigrations } from '../app/operations.js';
import { checkRestoredTrail } from '../app/restore-check.js';
import {
  backupFormat,
  backupPostgres,
  backupSqlite,
  hasTables,
  restorePostgres,
  restoreSqlite,
  tablesWithRows,
  type BackupFormat,
} from '../storage/backup.js';
import { isPostgresUrl, openStore } from '../storage/database.js';

export interface BackupContext {
  databaseUrl: string;
  /** The audit key and checkpoint directory, if configured (a restore never makes a key). */
  audit: { key: Buffer; checkpointDir: string } | null;
}

const FORMAT_NAME: Record<BackupFormat, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function size(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

const sqliteFile = (url: string) => url.replace(/^sqlite:(\/\/)?/, '');

/** `context` reads the checked configuration when a command runs. */
export function addBackupCommands(program: Command, context: () => BackupContext): void {
  program
    .command('backup')
    .description(
      'back up the database to a file, consistently, while Cairn runs (SQLite: the backup API; PostgreSQL: pg_dump custom format)',
    )
    .requiredOption('--out <file>', 'the backup file to write, e.g. backups/cairn-2026-01-31.db or .dump')
    .option('--force', 'replace the file if it is there')
    .action(async (opts: { out: string; force?: boolean }) => {
      const { databaseUrl } = context();
      const out = resolve(opts.out);
      if (existsSync(out) && !opts.force)
        throw new CairnError(
          'CONFLICT',
          `${opts.out} is already there: choose another name, or add --force.`,
        );
      mkdirSync(dirname(out), { recursive: true });
      const postgres = isPostgresUrl(databaseUrl);
      if (!postgres) {
        const file = sqliteFile(databaseUrl);
        if (file === ':memory:')
          throw new CairnError('INVALID_INPUT', 'An in-memory database cannot be backed up.');
        if (!existsSync(file)) throw new CairnError('NOT_FOUND', `There is no database at ${file}.`);
        if (resolve(file) === out) throw new CairnError('INVALID_INPUT', '--out is the database itself.');
      }
      const r = postgres
        ? await backupPostgres(databaseUrl, out)
        : await backupSqlite(sqliteFile(databaseUrl), out);
      console.log(
        `Backed up the ${postgres ? 'PostgreSQL' : 'SQLite'} database to ${opts.out} (${size(r.bytes)}) in ${(r.ms / 1000).toFixed(1)}s.`,
      );
      console.log(
        'The audit key and checkpoints are not in it: back them up too, but not in the same place (docs/operations.md).',
      );
    });

  program
    .command('restore <file>')
    .description(
      'restore a backup into the database at DATABASE_URL, then check its audit trail; refuses a database that holds data without --force',
    )
    .option(
      '--force',
      'replace a database that already holds data (stop the web processes and workers first)',
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const { databaseUrl, audit } = context();
      if (!existsSync(file)) throw new CairnError('NOT_FOUND', `There is no backup at ${file}.`);
      const format = backupFormat(file);
      if (!format)
        throw new CairnError(
          'INVALID_INPUT',
          `${file} is not a Cairn backup (neither a SQLite database nor a pg_dump custom-format archive).`,
        );
      const target: BackupFormat = isPostgresUrl(databaseUrl) ? 'postgres' : 'sqlite';
      if (format !== target)
        throw new CairnError(
          'INVALID_INPUT',
          `${file} is a ${FORMAT_NAME[format]} backup, but DATABASE_URL is a ${FORMAT_NAME[target]} database: restore it into a ${FORMAT_NAME[format]} one.`,
        );
      if (target === 'sqlite' && sqliteFile(databaseUrl) === ':memory:')
        throw new CairnError('INVALID_INPUT', 'Restore into a database file, not an in-memory database.');

      let store = openStore(databaseUrl);
      let tables: boolean;
      try {
        const holding = await tablesWithRows(store.db);
        if (holding.length && !opts.force)
          throw new CairnError(
            'CONFLICT',
            `${store.location} already holds data (${holding.slice(0, 6).join(', ')}${holding.length > 6 ? ', …' : ''}). ` +
              `Restoring ${file} would replace it: stop Cairn's web processes and workers, then run again with --force.`,
          );
        tables = await hasTables(store.db);
      } finally {
        await store.close();
      }

      const r =
        target === 'postgres'
          ? await restorePostgres(databaseUrl, file, { clean: tables })
          : await restoreSqlite(file, sqliteFile(databaseUrl));

      store = openStore(databaseUrl);
      try {
        console.log(`Restored ${file} into ${store.location} in ${(r.ms / 1000).toFixed(1)}s.`);
        const migrations = migrationsText(await pendingMigrations(store));
        console.log(
          migrations === 'current'
            ? 'Its migrations are this release’s.'
            : `Migrations: ${migrations} (the server also applies them when it starts).`,
        );
        const trail = await checkRestoredTrail(store, audit, systemClock);
        for (const line of trail.lines) console.log(line);
        if (!trail.ok)
          throw new CairnError(
            'INTEGRITY',
            'The restored audit trail does not verify (above). Do not start Cairn on it: restore another backup, or check the audit key (CAIRN_AUDIT_KEY) is the one the backed-up database was written with.',
          );
      } finally {
        await store.close();
      }
    });
}
