import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { dataVersion } from '../../src/storage/performance-repository.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('the data version', (store) => {
  it('moves on with every insert, update and delete, once per transaction', async () => {
    const db = store().db;
    const v0 = await dataVersion(db);
    await db.insertInto('directorate').values({ code: 'DV', name: 'Data version' }).execute();
    const v1 = await dataVersion(db);
    expect(v1).toBeGreaterThan(v0);
    await db.updateTable('directorate').set({ name: 'Renamed' }).where('code', '=', 'DV').execute();
    const v2 = await dataVersion(db);
    expect(v2).toBeGreaterThan(v1);
    await db.deleteFrom('directorate').where('code', '=', 'DV').execute();
    const v3 = await dataVersion(db);
    expect(v3).toBeGreaterThan(v2);
    await db.selectFrom('directorate').selectAll().execute();
    expect(await dataVersion(db)).toBe(v3);
  });
});

describe('the data version on PostgreSQL', () => {
  let testDb: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    store = openStore(testDb.url);
    await migrate(store.db);
    await store.db
      .insertInto('directorate')
      .values([
        { code: 'A', name: 'A' },
        { code: 'B', name: 'B' },
      ])
      .execute();
  });
  afterAll(async () => {
    await store.close();
    await testDb.drop();
  });

  it('never makes two writers on different rows deadlock: the version row is locked only at commit', async () => {
    const a = new pg.Client({ connectionString: testDb.url });
    const b = new pg.Client({ connectionString: testDb.url });
    await a.connect();
    await b.connect();
    try {
      const before = await dataVersion(store.db);
      await a.query('begin');
      await b.query('begin');
      await a.query(`update directorate set name = 'A1' where code = 'A'`);
      await b.query(`update directorate set name = 'B1' where code = 'B'`);
      const waiting = a.query(`update directorate set name = 'B2' where code = 'B'`); // waits for b's row
      await b.query('commit');
      await waiting;
      await a.query('commit');
      expect(await dataVersion(store.db)).toBe(before + 2);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
