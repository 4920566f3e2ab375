import type { Kysely } from 'kysely';
import type { Clock } from '../../src/app/clock.js';
import type { Database } from '../../src/storage/schema.js';

/** A clock stopped at `iso`. */
export function clockAt(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

export const fixedClock: Clock = clockAt('2017-10-17T09:00:00Z');

/** A clock a test moves: set to a time, or on by some milliseconds, minutes, hours or days. */
export interface MovableClock extends Clock {
  set(at: string | Date): void;
  advance(by: number | { days?: number; hours?: number; minutes?: number }): void;
}

/** A clock standing at `at` until the test moves it (each reading is a fresh Date). */
export function movableClock(at: string | Date): MovableClock {
  let ms = new Date(at).getTime();
  return {
    now: () => new Date(ms),
    set: (to) => {
      ms = new Date(to).getTime();
    },
    advance: (by) => {
      ms +=
        typeof by === 'number'
          ? by
          : ((by.days ?? 0) * 24 * 60 + (by.hours ?? 0) * 60 + (by.minutes ?? 0)) * 60_000;
    },
  };
}

/** Counts rows in the framework tables, to prove a rejected import wrote nothing. */
export async function tableCounts(db: Kysely<Database>) {
  const tables = [
    'plan',
    'priority',
    'outcome',
    'indicator',
    'indicator_target',
    'indicator_value',
    'directorate',
  ] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(row.n);
  }
  return counts;
}
