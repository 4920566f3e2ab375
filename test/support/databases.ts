/**
 * One test suite, every database: `describeEachDatabase` runs the same tests on SQLite and on
 * PostgreSQL. Each suite gets a database of its own, made before and removed after.
 *
 * PostgreSQL is reached at CAIRN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * the trust-auth server .ci/run makes sure of); a fresh `cairn_test_…` database is created there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrate, openStore, type Dialect, type Store } from '../../src/storage/database.js';

export const PG_ADMIN_URL = process.env.CAIRN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-test-'));
    return { url: join(dir, 'cairn.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `cairn_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The databases the tests run on: both, unless CAIRN_TEST_DATABASES names fewer ("sqlite"). CI's
 * second Node.js run uses that: the runtime matters to the native SQLite driver, and the first run
 * has already tested everything on PostgreSQL.
 */
export const DIALECTS: Dialect[] = (() => {
  const asked = process.env.CAIRN_TEST_DATABASES?.split(',').map((d) => d.trim());
  if (!asked) return ['sqlite', 'postgres'];
  const known = asked.filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');
  if (known.length === 0 || known.length !== asked.length)
    throw new Error(
      `CAIRN_TEST_DATABASES: expected sqlite and/or postgres, got ${process.env.CAIRN_TEST_DATABASES}`,
    );
  return known;
})();

/**
 * Declares `fn`'s tests once per database. `store()` returns that database, migrated and empty
 * (apart from what `seed` puts in), shared by the tests of the block.
 */
export function describeEachDatabase(
  name: string,
  fn: (store: () => Store) => void,
  seed?: (store: Store) => Promise<void>,
): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let testDb: TestDatabase;
      let store: Store | undefined;
      beforeAll(async () => {
        testDb = await createTestDatabase(dialect);
        store = openStore(testDb.url);
        await migrate(store.db);
        if (seed) await seed(store);
      });
      afterAll(async () => {
        await store?.close();
        await testDb?.drop();
      });
      fn(() => {
        if (!store) throw new Error('database not ready');
        return store;
      });
    });
  }
}
