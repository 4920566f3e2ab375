/**
 * `cairn db migrate [--dry-run]`: apply the migrations this release has and the database has not, or
 * (--dry-run) list them without touching anything. Run it as the role that owns the tables
 * (docs/operations.md), before starting the new release's web processes and workers.
 */
import type { Command } from 'commander';
import { CairnError } from '../app/errors.js';
import { pendingMigrations } from '../app/operations.js';
import { migrate, openStore } from '../storage/database.js';

/** `databaseUrl` reads DATABASE_URL from the checked configuration. */
export function addDbCommands(program: Command, databaseUrl: () => string): void {
  const db = program.command('db').description('database tasks');
  db.command('migrate')
    .description('apply pending database migrations (--dry-run: list them, change nothing)')
    .option('--dry-run', 'list the migrations that would be applied, and apply none')
    .action(async (opts: { dryRun?: boolean }) => {
      const store = openStore(databaseUrl());
      try {
        const status = await pendingMigrations(store);
        if (status.unknown.length)
          throw new CairnError(
            'CONFLICT',
            `${store.location} has migrations this release does not know (${status.unknown.join(', ')}): ` +
              'it was migrated by a newer release of Cairn. Run that release, or restore a backup taken before the upgrade.',
          );
        const last = status.applied.at(-1);
        const has = `${status.applied.length} applied${last ? `, the last ${last}` : ''}`;
        if (opts.dryRun) {
          if (!status.pending.length) console.log(`The database is up to date (${has}). Nothing to apply.`);
          else {
            console.log(`${status.pending.length} to apply (${has}), in this order:`);
            for (const name of status.pending) console.log(`  ${name}`);
            console.log('Nothing was applied (dry run).');
          }
          return;
        }
        const applied = await migrate(store.db);
        console.log(
          applied.length ? `Applied: ${applied.join(', ')}` : `The database is up to date (${has}).`,
        );
      } finally {
        await store.close();
      }
    });
}
