/**
 * bench/rating: how fast the rating engine rates, how long a 1,000-indicator framework
 * spreadsheet takes to check and import (SQLite, and PostgreSQL when reachable), and how fast
 * statistical process control and year-end forecasts analyse a council (500 indicators × 60 months;
 * goal: the whole council under 200 ms, then served from the cache until the data changes).
 *
 *   npm run bench:rating
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { importFrameworkFile } from '../src/app/framework.js';
import { systemClock } from '../src/app/clock.js';
import { analyseSeries, planSpc } from '../src/app/spc.js';
import { parsePeriod, shiftPeriod } from '../src/domain/periods.js';
import { rateIndicator, type RatingInput } from '../src/domain/rating.js';
import { parseProfile, parseTarget } from '../src/domain/targets.js';
import { frameworkXlsx } from '../src/importers/framework/write-framework.js';
import { migrate, openStore } from '../src/storage/database.js';
import type { IndicatorRecord } from '../src/storage/schema.js';
import type { SeriesData, SeriesFigure, SeriesTarget } from '../src/storage/series.js';
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

const SPC_INDICATORS = 500;
const SPC_MONTHS = 60;
const SPC_GOAL_MS = 200;

/** 500 indicators × 60 months, in memory: half monthly counts reported year to date, half rates. */
function spcSeries(): SeriesData {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const last = parsePeriod('March 2018');
  const months = Array.from({ length: SPC_MONTHS }, (_, i) => shiftPeriod(last, i - SPC_MONTHS + 1));
  const indicators: IndicatorRecord[] = [];
  const figures = new Map<number, SeriesFigure[]>();
  const targets = new Map<number, SeriesTarget[]>();
  for (let id = 1; id <= SPC_INDICATORS; id++) {
    const cumulative = id % 2 === 0;
    indicators.push({
      id,
      plan_id: 1,
      outcome_id: 1,
      number: String(id),
      title: `Indicator ${id}`,
      definition: null,
      unit: cumulative ? 'number' : 'percent',
      polarity: id % 3 === 0 ? 'lower' : 'higher',
      frequency: 'monthly',
      cumulative: cumulative ? 1 : 0,
      profile: null,
      in_arrears: 0,
      tolerance: null,
      baseline: null,
      trajectory: null,
      due_date: null,
      part_labels: '[]',
      data_source: null,
      owner: null,
      change: null,
      change_reason: null,
      position: id,
      version: 1,
      previous_indicator_id: null,
      retired_on: null,
      retired_reason: null,
      spc_options: id % 10 === 0 ? JSON.stringify({ rebaseAt: ['2016-04-01'] }) : null,
      public: 0,
    });
    const level = 50 + rand() * 100;
    let ytd = 0;
    figures.set(
      id,
      months.map((m, i) => {
        const monthly = level + (rand() - 0.5) * 20 + (i > 40 && id % 4 === 0 ? 15 : 0);
        ytd = m.code.endsWith('-04') ? monthly : ytd + monthly;
        return {
          rootId: id,
          indicatorId: id,
          depth: 0,
          periodCode: m.code,
          actual: Math.round((cumulative ? ytd : monthly) * 10) / 10,
          state: null,
        };
      }),
    );
    targets.set(id, [
      {
        rootId: id,
        depth: 0,
        periodCode: '2013-14',
        text: cumulative ? String(Math.round(level * 12)) : '90%',
      },
    ]);
  }
  return { indicators, figures, targets };
}

async function benchSpc(): Promise<void> {
  const data = spcSeries();
  const period = parsePeriod('March 2018');
  const policy = { tolerance: { kind: 'relative' as const, value: 10 }, directionOfTravel: 'none' as const };
  for (let i = 0; i < 3; i++) analyseSeries(data, period, policy); // warm up
  const runs: number[] = [];
  const cpu: number[] = [];
  let special = 0;
  for (let i = 0; i < 10; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = analyseSeries(data, period, policy);
    runs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    special = [...out.values()].filter(
      (x) => x.analysis.kind === 'analysed' && x.analysis.variation !== 'common-cause',
    ).length;
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  const cpuMedian = cpu[Math.floor(cpu.length / 2)]!;
  console.log(
    `statistical process control + forecasts: ${SPC_INDICATORS} indicators × ${SPC_MONTHS} months in ${median.toFixed(1)} ms (median of ${runs.length})`,
  );
  console.log(
    `  ${Math.round(SPC_INDICATORS / (median / 1000)).toLocaleString('en-GB')} indicator-series analysed per second; ${special} end in special cause`,
  );
  console.log(
    `  the whole council: ${median.toFixed(1)} ms against the ${SPC_GOAL_MS} ms goal (ratio ${(median / SPC_GOAL_MS).toFixed(3)}); CPU time ${cpuMedian.toFixed(1)} ms (ratio ${(cpuMedian / SPC_GOAL_MS).toFixed(3)})`,
  );
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${cpus().length} cores: a loaded machine stretches the wall time`,
  );

  // End to end on SQLite: read the series (three queries) and analyse, then a cache hit.
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-spc-'));
  const store = openStore(join(dir, 'bench.db'));
  await migrate(store.db);
  const doc = syntheticFramework({
    priorities: 5,
    outcomes: 50,
    indicators: SPC_INDICATORS,
    directorates: 5,
  });
  await importFrameworkFile(store, await frameworkXlsx(doc), 'framework.xlsx', systemClock);
  const plan = await store.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
  const ids = (
    await store.db.selectFrom('indicator').select('id').where('plan_id', '=', plan.id).execute()
  ).map((r) => r.id);
  const rows = ids.flatMap((id, k) =>
    (data.figures.get(k + 1) ?? []).map((f) => ({
      indicator_id: id,
      period_code: f.periodCode,
      actual: f.actual,
      updated_at: '2018-04-01',
    })),
  );
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('indicator_value')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  const t0 = performance.now();
  await planSpc(store, plan.id, period);
  const cold = performance.now() - t0;
  const t1 = performance.now();
  await planSpc(store, plan.id, period);
  const hit = performance.now() - t1;
  console.log(
    `  on SQLite, ${rows.length.toLocaleString('en-GB')} figures: read and analysed in ${cold.toFixed(0)} ms; again at the same data version (cached) ${hit.toFixed(1)} ms`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

const only = process.argv[2];
if (!only || only === 'rating') await benchRating();
if (!only || only === 'import') await benchImport();
if (!only || only === 'spc') await benchSpc();
