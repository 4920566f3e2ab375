/**
 * bench/rating: how fast the rating engine rates, and how long a 1,000-indicator framework
 * spreadsheet takes to check and import (SQLite, and PostgreSQL when reachable).
 *
 *   npm run bench:rating
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { importFrameworkFile } from '../src/app/framework.js';
import { systemClock } from '../src/app/clock.js';
import { rateIndicator, type RatingInput } from '../src/domain/rating.js';
import { parseProfile, parseTarget } from '../src/domain/targets.js';
import { frameworkXlsx } from '../src/importers/framework/write-framework.js';
import { migrate, openStore } from '../src/storage/database.js';
import { syntheticFramework, TARGET_SHAPES } from './synthetic.js';

const N = 200_000;

function ratingInputs(): RatingInput[] {
  // Deterministic pseudo-random actuals so every run rates the same work.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shapes = TARGET_SHAPES.map((s) => ({
    ...s,
    parsed: parseTarget(s.target),
    profileParsed: parseProfile(s.profile),
  }));
  return Array.from({ length: N }, (_, i) => {
    const s = shapes[i % shapes.length]!;
    const index = (i % 4) + 1;
    const actual = rand() < 0.05 ? null : Math.round(rand() * 20000) / 10;
    return {
      target: s.parsed,
      polarity: s.polarity,
      cumulative: s.cumulative,
      profile: s.profileParsed,
      period: { index, of: 4 },
      actual,
      parts: s.target === '60/20' ? [Math.round(rand() * 80), Math.round(rand() * 30)] : undefined,
      milestone:
        s.unit === 'milestone' ? (['complete', 'on-track', 'at-risk', null] as const)[i % 4] : undefined,
      asOf: '2017-12-31',
      lastYear: rand() < 0.5 ? Math.round(rand() * 20000) / 10 : null,
      benchmark:
        i % 2 === 0
          ? { source: 'LG Inform', average: 50, upperQuartile: 60, median: 50, lowerQuartile: 40 }
          : null,
    };
  });
}

async function benchRating(): Promise<void> {
  const inputs = ratingInputs();
  const policy = {
    tolerance: { kind: 'relative' as const, value: 10 },
    directionOfTravel: 'red-only-if-worse' as const,
  };
  for (let i = 0; i < 20_000; i++) rateIndicator(inputs[i]!, policy); // warm up
  const t0 = performance.now();
  let rated = 0;
  for (const input of inputs) if (rateIndicator(input, policy).kind === 'rated') rated++;
  const ms = performance.now() - t0;
  console.log(`rating engine: ${N.toLocaleString('en-GB')} mixed indicator-periods in ${ms.toFixed(0)} ms`);
  console.log(
    `  ${Math.round(N / (ms / 1000)).toLocaleString('en-GB')} indicator-periods per second (${rated.toLocaleString('en-GB')} rated, the rest not rated with a reason)`,
  );
}

async function pgReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function benchImport(): Promise<void> {
  const doc = syntheticFramework({ priorities: 5, outcomes: 100, indicators: 1000, directorates: 10 });
  const bytes = await frameworkXlsx(doc);
  console.log(`framework spreadsheet: 1,000 indicators, ${(bytes.length / 1024).toFixed(0)} KB`);

  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  const targets: { name: string; url: string; drop?: () => Promise<void> }[] = [
    { name: 'SQLite', url: join(dir, 'bench.db') },
  ];
  const admin = process.env.CAIRN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await pgReachable(admin)) {
    const name = `cairn_bench_${process.pid}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    targets.push({
      name: 'PostgreSQL',
      url: url.toString(),
      drop: async () => {
        const d = new pg.Client({ connectionString: admin });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      },
    });
  }
  for (const t of targets) {
    const store = openStore(t.url);
    await migrate(store.db);
    const t0 = performance.now();
    const r = await importFrameworkFile(store, bytes, 'framework.xlsx', systemClock);
    const first = performance.now() - t0;
    const t1 = performance.now();
    await importFrameworkFile(store, bytes, 'framework.xlsx', systemClock);
    const again = performance.now() - t1;
    console.log(
      `  import on ${t.name}: ${first.toFixed(0)} ms (new plan, ${r.counts.indicators} indicators), ${again.toFixed(0)} ms (re-import, updated in place)`,
    );
    await store.close();
    await t.drop?.();
  }
  rmSync(dir, { recursive: true, force: true });
}

await benchRating();
await benchImport();
