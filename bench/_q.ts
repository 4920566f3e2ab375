import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { systemClock } from '../src/app/clock.js';
import { migrate, openStore, type Store } from '../src/storage/database.js';
import type { Database } from '../src/storage/schema.js';
import { buildApp } from '../src/web/build-app.js';
import { paths } from '../src/web/paths.js';
import { buildCollectionBench } from './collection-setup.js';
import { figureFor, formBody } from './collection-load.js';
import { sqliteDatabase } from './harness.js';

const d = sqliteDatabase();
const s0 = openStore(d.url);
await migrate(s0.db);
const bench = await buildCollectionBench(s0, systemClock, 100);
await s0.close();
const sqlite = new BetterSqlite3(d.url);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = FULL');
sqlite.pragma('foreign_keys = ON');
let on = false;
const stats = new Map<string, { n: number; ms: number }>();
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (e) => {
    if (!on) return;
    const k = e.query.sql.replace(/\s+/g, ' ').slice(0, 140);
    const s = stats.get(k) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.queryDurationMillis;
    stats.set(k, s);
  },
});
const store: Store = { db, dialect: 'sqlite', location: d.url, close: () => db.destroy() };
const app = buildApp(
  { store, clock: systemClock, brand: { councilName: 'X', colour: '#1d70b8', logoUrl: null } },
  { logger: false },
);
await app.ready();
let n = 0;
for (let rep = 0; rep < 3; rep++)
  for (const o of bench.owners) {
    if (rep === 1 && o === bench.owners[0]) on = true;
    const i = o.indicators[rep]!;
    const cookie = `cairn_session=${o.token}`;
    const url = paths.update(bench.roundId, i.id);
    const g = await app.inject({ method: 'GET', url, headers: { cookie } });
    const version = Number(/name="version" value="(\d+)"/.exec(g.body)![1]);
    const p = await app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(figureFor(o, i, 1, 'save'), o.csrfToken, version),
    });
    if (p.statusCode !== 303) throw new Error(p.body.slice(0, 2000));
    if (on) n++;
  }
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
let total = 0;
let count = 0;
for (const [, v] of rows) {
  total += v.ms;
  count += v.n;
}
console.log(
  `cycles ${n}; queries per cycle ${(count / n).toFixed(1)}; query ms per cycle ${(total / n).toFixed(2)}`,
);
for (const [k, v] of rows.slice(0, 30))
  console.log(`${(v.ms / n).toFixed(3)} ms/cycle  ${(v.n / n).toFixed(1)}×  ${k}`);
await app.close();
await db.destroy();
await d.drop();
