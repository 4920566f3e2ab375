/**
 * What operators ask of a running Cairn (issue 17): is it ready to serve (the database answers and
 * has every migration this code knows), and the figures /metrics exposes that live in the database
 * (the reminder outboxes: the worker's queue) — the same from every web process.
 */
import type { Store } from './store.js';
import { dataVersion } from '../storage/performance-repository.js';
import {
  migrationStatus,
  outboxFigures,
  ping,
  type MigrationStatus,
  type OutboxFigures,
} from '../storage/operations.js';

export type { MigrationStatus, OutboxFigures };

export interface Readiness {
  ready: boolean;
  /** 'ok', or what is wrong with the database. */
  database: string;
  /** 'current', or which migrations are missing (or unknown to this release). */
  migrations: string;
}

/** Rejects after `ms` with `message`, so a database that hangs makes a clear answer rather than none. */
function within<T>(ms: number, message: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Describes what `migrate` would do, or 'current'. */
export function migrationsText(status: MigrationStatus): string {
  if (status.unknown.length)
    return `the database has migrations this release does not know (${status.unknown.join(', ')}): it belongs to a newer release`;
  if (status.pending.length)
    return `${status.pending.length} pending (${status.pending.join(', ')}): run cairn db migrate`;
  return 'current';
}

/** Ready when the database answers within `timeoutMs` and its migrations are this release's. */
export async function readiness(store: Pick<Store, 'db'>, timeoutMs = 2000): Promise<Readiness> {
  try {
    const status = await within(
      timeoutMs,
      `no answer within ${timeoutMs} ms`,
      ping(store.db).then(() => migrationStatus(store.db)),
    );
    const migrations = migrationsText(status);
    return { ready: migrations === 'current', database: 'ok', migrations };
  } catch (e) {
    return {
      ready: false,
      database: `unreachable: ${e instanceof Error ? e.message : String(e)}`,
      migrations: 'unknown',
    };
  }
}

export interface DatabaseFigures {
  dataVersion: number;
  pendingMigrations: number;
  outboxes: OutboxFigures[];
}

/** The figures /metrics reads from the database. */
export async function databaseFigures(store: Pick<Store, 'db'>): Promise<DatabaseFigures> {
  const [version, status, outboxes] = await Promise.all([
    dataVersion(store.db),
    migrationStatus(store.db),
    outboxFigures(store.db),
  ]);
  return { dataVersion: version, pendingMigrations: status.pending.length, outboxes };
}

/** For `cairn db migrate --dry-run`. */
export function pendingMigrations(store: Pick<Store, 'db'>): Promise<MigrationStatus> {
  return migrationStatus(store.db);
}
