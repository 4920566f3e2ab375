/**
 * A freshly migrated database has exactly the tables and columns src/storage/schema.ts describes —
 * names, nullability and type family — on SQLite and on PostgreSQL. schema.ts's types are checked
 * against SCHEMA_COLUMNS by the compiler (src/storage/schema-columns.ts); this holds the database to it.
 */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../src/storage/database.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { SCHEMA_COLUMNS, type ColumnFamily } from '../../src/storage/schema-columns.js';
import { createTestDatabase, describeEachDatabase, DIALECTS } from '../support/databases.js';

function family(dataType: string): ColumnFamily | `unknown type ${string}` {
  if (/int|serial/i.test(dataType)) return 'integer';
  if (/double|real|float/i.test(dataType)) return 'real';
  if (/text|char/i.test(dataType)) return 'text';
  if (/blob|bytea/i.test(dataType)) return 'blob';
  return `unknown type ${dataType}`;
}

/**
 * Known differences, listed so the test still fails on any other — and when one is put right (then
 * delete it here). None now: SQLite's user_session.token_hash, nullable after 0003, is NOT NULL since
 * migration 0015.
 */
const KNOWN_DRIFT: Record<string, string[]> = {
  sqlite: [],
  postgres: [],
};

describeEachDatabase('the migrated schema matches src/storage/schema.ts', (store) => {
  it('has the same tables and columns, with the same nullability and type family', async () => {
    const s = store();
    const tables = await s.db.introspection.getTables();
    const actual: Record<string, Record<string, string>> = {};
    for (const t of tables) {
      actual[t.name] = Object.fromEntries(
        t.columns.map((c) => [
          c.name,
          // An INTEGER PRIMARY KEY (SQLite's rowid) or a serial is never null, whatever the flag says.
          `${family(c.dataType)}${c.isNullable && !c.isAutoIncrementing ? ' | null' : ''}`,
        ]),
      );
    }
    const expected: Record<string, Record<string, string>> = SCHEMA_COLUMNS;
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    const drift: string[] = [];
    for (const [table, columns] of Object.entries(expected)) {
      const got = actual[table] ?? {};
      for (const column of new Set([...Object.keys(columns), ...Object.keys(got)])) {
        const want = columns[column];
        const have = got[column];
        if (want === have) continue;
        drift.push(
          want === undefined
            ? `${table}.${column}: in the database (${have}), not in schema.ts`
            : have === undefined
              ? `${table}.${column}: in schema.ts (${want}), not in the database`
              : `${table}.${column}: ${have} in the database, ${want} in schema.ts`,
        );
      }
    }
    expect(drift.sort()).toEqual(KNOWN_DRIFT[s.dialect]);
  });
});

describe('migration 0015: user_session.token_hash NOT NULL', () => {
  for (const dialect of DIALECTS) {
    it(`keeps every session that has a token, and refuses one without [${dialect}]`, async () => {
      const testDb = await createTestDatabase(dialect);
      const s = openStore(testDb.url);
      try {
        const migrator = new Migrator({ db: s.db, provider: migrationProvider });
        expect((await migrator.migrateTo('0013_framework_cycle')).error).toBeUndefined();
        const at = '2026-05-01T09:00:00.000Z';
        const user = await s.db
          .insertInto('user_account')
          .values({ email: 'pat@council.example', name: 'Pat', role: 'viewer', active: 1, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const session = (token: string | null) => ({
          token_hash: token as string,
          user_id: user.id,
          csrf_token: `csrf-${token}`,
          created_at: at,
          last_seen_at: at,
          expires_at: '2026-05-02T09:00:00.000Z',
        });
        await s.db
          .insertInto('user_session')
          .values([session('a'), session('b')])
          .execute();
        // Only SQLite ever let a session in without a token; such a row could never be found.
        if (dialect === 'sqlite') await s.db.insertInto('user_session').values(session(null)).execute();

        expect(await migrate(s.db)).toContain('0015_session_token_not_null');
        const rows = await s.db.selectFrom('user_session').selectAll().orderBy('token_hash').execute();
        expect(rows.map((r) => [r.token_hash, r.user_id, r.csrf_token])).toEqual([
          ['a', user.id, 'csrf-a'],
          ['b', user.id, 'csrf-b'],
        ]);
        await expect(s.db.insertInto('user_session').values(session(null)).execute()).rejects.toThrow(
          /NOT NULL|null value/i,
        );
        // Its index, and the cascade from the account, are as they were.
        const indexes =
          dialect === 'sqlite'
            ? (await sql<{ name: string }>`PRAGMA index_list('user_session')`.execute(s.db)).rows
            : (
                await sql<{ name: string }>`
                  SELECT indexname AS name FROM pg_indexes WHERE tablename = 'user_session'`.execute(s.db)
              ).rows;
        expect(indexes.map((i) => i.name)).toContain('user_session_user');
        await s.db.deleteFrom('user_account').where('id', '=', user.id).execute();
        expect(await s.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
      } finally {
        await s.close();
        await testDb.drop();
      }
    });
  }
});
