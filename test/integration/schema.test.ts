/**
 * A freshly migrated database has exactly the tables and columns src/storage/schema.ts describes —
 * names, nullability and type family — on SQLite and on PostgreSQL. schema.ts's types are checked
 * against SCHEMA_COLUMNS by the compiler (src/storage/schema-columns.ts); this holds the database to it.
 */
import { expect, it } from 'vitest';
import { SCHEMA_COLUMNS, type ColumnFamily } from '../../src/storage/schema-columns.js';
import { describeEachDatabase } from '../support/databases.js';

function family(dataType: string): ColumnFamily | `unknown type ${string}` {
  if (/int|serial/i.test(dataType)) return 'integer';
  if (/double|real|float/i.test(dataType)) return 'real';
  if (/text|char/i.test(dataType)) return 'text';
  if (/blob|bytea/i.test(dataType)) return 'blob';
  return `unknown type ${dataType}`;
}

/**
 * Known differences, listed so the test still fails on any other — and when one is put right (then
 * delete it here). SQLite lets NULL into a primary key that is not an INTEGER PRIMARY KEY unless the
 * column says NOT NULL; migration 0003 does not, so SQLite's user_session.token_hash is nullable while
 * schema.ts (and PostgreSQL) say it is not. Putting it right needs a migration rebuilding the table.
 */
const KNOWN_DRIFT: Record<string, string[]> = {
  sqlite: ['user_session.token_hash: text | null in the database, text in schema.ts'],
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
