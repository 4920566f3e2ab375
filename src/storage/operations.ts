/**
 * What the operators' endpoints and commands read from the database (issue 17): whether it answers,
 * which migrations it has and which this code would still apply, and how the reminder outboxes stand
 * (the worker's queue). No writes.
 */
import { sql, type Kysely } from 'kysely';
import { MAX_ATTEMPTS } from '../domain/reminder-outbox.js';
import { migrationProvider } from './migrations/index.js';
import { actionReminderOutbox } from './action-reminder-repository.js';
import { reminderOutbox } from './reminder-repository.js';
import type { Database } from './schema.js';
import type { OutboxState } from '../domain/reminder-outbox.js';

type Db = Kysely<Database>;

/** Kysely's bookkeeping tables (its default names, which Cairn keeps). */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** One round trip: throws if the database does not answer. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export interface MigrationStatus {
  /** Applied to this database, in order. */
  applied: string[];
  /** Known to this code and not yet applied, in the order they would run. */
  pending: string[];
  /** Applied to this database but unknown to this code: the database belongs to a newer release. */
  unknown: string[];
}

/** Which migrations the database has, and which `migrate` would apply. Reads only. */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  // Kysely runs them in the order of their names.
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  const names = new Set(known);
  const appliedNames = await appliedMigrations(db);
  const applied = new Set(appliedNames);
  return {
    applied: appliedNames,
    pending: known.filter((name) => !applied.has(name)),
    unknown: appliedNames.filter((n) => !names.has(n)),
  };
}

/** The names in Kysely's table of applied migrations; none when there is no such table yet. */
async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch (e) {
    // A database never migrated (SQLite: "no such table", PostgreSQL: 42P01 "does not exist").
    const text = e instanceof Error ? e.message : String(e);
    if ((e as { code?: string }).code === '42P01' || /no such table/.test(text)) return [];
    throw e;
  }
}

export interface OutboxFigures {
  table: 'reminder' | 'action_reminder';
  counts: Record<OutboxState, number>;
  /** When the oldest reminder still waiting to be sent was queued (ISO), or null when none waits. */
  oldestWaiting: string | null;
  /** When a reminder of this outbox was last sent (ISO), or null if none ever was. */
  lastSent: string | null;
}

/** The reminder outboxes: how many in each state, the oldest still waiting, the last sent. */
export async function outboxFigures(db: Db): Promise<OutboxFigures[]> {
  const out: OutboxFigures[] = [];
  for (const box of [reminderOutbox, actionReminderOutbox] as const) {
    const counts = await box.countByState(db, { maxAttempts: MAX_ATTEMPTS });
    // "Waiting" as the outbox defines it, without the recipient check (a cheap bound for an alert).
    const times = await sql<{ oldest: string | null; last: string | null }>`
      select
        (select min(created_at) from ${sql.table(box.table)}
          where sent_at is null and attempts < ${MAX_ATTEMPTS}) as oldest,
        (select max(sent_at) from ${sql.table(box.table)}) as last`.execute(db);
    out.push({
      table: box.table,
      counts,
      oldestWaiting: counts.waiting > 0 ? (times.rows[0]?.oldest ?? null) : null,
      lastSent: times.rows[0]?.last ?? null,
    });
  }
  return out;
}
