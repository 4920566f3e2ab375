/**
 * bench/risk: the risk register at scale (issue 14) — 2,000 risks, each with 20 quarters of approved
 * reviews (40,000), across 10 directorates and 50 owners — on SQLite and on PostgreSQL (when reachable).
 *
 *   npm run bench:risk
 *   npm run bench:risk -- --scale=0.1          # 200 risks × 20 quarters: a quick check
 *   BENCH_DURATION=3 npm run bench:risk        # shorter loads
 *
 * For each database: a fresh database, the register loaded in bulk, then the quarterly report's Risk
 * section built in-process (read + laid out, goal < 1 s), then the server started as a child process
 * (bench/harness.ts) and autocannon (20 connections, no pipelining; bench/autocannon.ts) run against the
 * register page and the council-wide heat map as a signed-in viewer (goal p95 < 100 ms).
 * Prints requests per second and p50/p95/p99 latency; exits non-zero if a page is not a 200 or a
 * request errs; missing a goal only prints FAIL.
 */
import { performance } from 'node:perf_hooks';
import { riskHeatMapForScope } from '../src/app/risks/reading.js';
import { parsePeriod, shiftPeriod } from '../src/domain/periods.js';
import { riskBlocks } from '../src/reports/quarterly/risk-build.js';
import type { ReportSource } from '../src/reports/quarterly/model.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore, type Store } from '../src/storage/database.js';
import { paths } from '../src/web/paths.js';
import {
  intFromEnv,
  onEachDatabase,
  percentile,
  printTable,
  startServer,
  verdictExitCode,
  type BenchDatabase,
  type Server,
  viewerCookie,
} from './harness.js';
import { load, problems } from './autocannon.js';

const DURATION = intFromEnv('BENCH_DURATION', 20);
const CONNECTIONS = intFromEnv('BENCH_CONNECTIONS', 20);
const WARMUP = intFromEnv('BENCH_WARMUP', 2);
const scaleArg = process.argv.find((a) => a.startsWith('--scale='));
const SCALE = scaleArg ? Number(scaleArg.slice('--scale='.length)) : 1;
if (!(SCALE > 0)) throw new Error('--scale must be a number above 0, such as 0.1');
const RISKS = Math.max(1, Math.round(2000 * SCALE));
const QUARTERS = 20;
const DIRECTORATES = 10;
const OWNERS = 50;
const LAST = parsePeriod('Q4 2021-22');
const TARGET_P95_MS = 100;
const TARGET_SECTION_MS = 1000;

/** A deterministic pseudo-random score from 1 to 5. */
const rating = (seed: number) => 1 + (((seed * 2654435761) >>> 0) % 5);

async function loadRegister(store: Store): Promise<void> {
  const now = new Date().toISOString();
  await store.db
    .insertInto('council')
    .values({
      name: 'Bench County Council',
      short_name: 'Bench',
      tolerance_kind: 'relative',
      tolerance_value: 0.05,
      direction_of_travel: 'none',
      outcome_policy: 'worst',
    })
    .execute();
  const directorates: number[] = [];
  for (let d = 0; d < DIRECTORATES; d++)
    directorates.push(
      (
        await store.db
          .insertInto('directorate')
          .values({ code: `D${d}`, name: `Directorate ${d}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const owners: number[] = [];
  for (let o = 0; o < OWNERS; o++)
    owners.push(
      (
        await insertUser(
          store.db,
          {
            email: `owner${o}@bench.example`,
            name: `Owner ${o}`,
            role: 'owner',
            passwordHash: null,
            directorateId: directorates[o % DIRECTORATES]!,
          },
          now,
        )
      ).id,
    );
  const quarters = Array.from({ length: QUARTERS }, (_, q) => shiftPeriod(LAST, q - QUARTERS + 1).code);
  for (let start = 0; start < RISKS; start += 200) {
    const batch = Array.from({ length: Math.min(200, RISKS - start) }, (_, k) => start + k);
    const ids = await store.db
      .insertInto('risk')
      .values(
        batch.map((i) => ({
          reference: `R${i + 1}`,
          kind: i % 4 === 0 ? 'corporate' : 'directorate',
          title: `Risk ${i + 1}: service disruption in area ${i % 37}`,
          cause: 'Demand and funding pressures',
          event: 'The service cannot meet demand',
          effect: 'Outcomes for residents worsen',
          category: ['Strategic', 'Financial', 'Operational', 'People'][i % 4]!,
          owner_user_id: owners[i % OWNERS]!,
          directorate_id: directorates[i % DIRECTORATES]!,
          review_date: i % 9 === 0 ? '2021-12-31' : '2022-06-30',
          inherent_likelihood: 5,
          inherent_impact: rating(i),
          residual_likelihood: rating(i * 7 + QUARTERS),
          residual_impact: rating(i * 13 + QUARTERS),
          target_likelihood: 2,
          target_impact: 2,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const reviews = ids.flatMap(({ id }, k) =>
      quarters.map((period, q) => {
        const i = batch[k]!;
        return {
          risk_id: id,
          period_code: period,
          likelihood: rating(i * 7 + q + 1),
          impact: rating(i * 13 + q + 1),
          previous_likelihood: rating(i * 7 + q),
          previous_impact: rating(i * 13 + q),
          direction: 'same',
          commentary: 'Reviewed in the quarter.',
          controls_effective: 'partly',
          state: 'approved',
          recorded_by: 'Bench',
          recorded_at: now,
        };
      }),
    );
    for (let r = 0; r < reviews.length; r += 500)
      await store.db
        .insertInto('risk_review')
        .values(reviews.slice(r, r + 500))
        .execute();
  }
}

interface Run {
  name: BenchDatabase['name'];
  sectionMs: number;
  rows: { label: string; rps: number; p50: number; p95: number; p99: number }[];
  failures: string[];
}

let running: Server | undefined;

async function benchDatabase(db: BenchDatabase): Promise<Run> {
  console.log(`\n=== ${db.name} ===`);
  const store = openStore(db.url);
  let cookie: string;
  let sectionMs: number;
  try {
    await migrate(store.db);
    const t0 = performance.now();
    await loadRegister(store);
    console.log(
      `loaded ${RISKS.toLocaleString('en-GB')} risks × ${QUARTERS} quarters of reviews in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    cookie = await viewerCookie(store);
    // The report's Risk section: read and laid out, as the quarterly report builds it.
    const t1 = performance.now();
    const heatMap = await riskHeatMapForScope(store, 0, LAST.code, { kind: 'council' });
    const blocks = riskBlocks({ risk: { heatMap } } as ReportSource);
    sectionMs = performance.now() - t1;
    console.log(
      `report Risk section: ${blocks.length} blocks, ${heatMap.risks.length.toLocaleString('en-GB')} risks, in ${sectionMs.toFixed(0)} ms`,
    );
  } finally {
    await store.close();
  }
  const pages = [
    { label: 'register', url: paths.risks() },
    { label: 'heat-map', url: paths.riskHeatMap({ period: LAST.code }) },
  ];
  const server = await startServer(db.url, { pages, cookie });
  running = server;
  try {
    const failures: string[] = [];
    for (const p of server.pages) {
      console.log(
        `  ${p.label}: GET ${p.url} → ${p.status}, ${p.bytes.toLocaleString('en-GB')} bytes; first render ${p.firstMs.toFixed(0)} ms`,
      );
      if (p.status !== 200) failures.push(`${p.label} answered ${p.status}, not 200`);
    }
    if (failures.length) return { name: db.name, sectionMs, rows: [], failures };
    const base = `http://127.0.0.1:${server.port}`;
    const rows = [];
    for (const p of server.pages) {
      if (WARMUP > 0)
        failures.push(
          ...problems(`${p.label} warm-up`, (await load(base + p.url, WARMUP, CONNECTIONS, cookie)).result),
        );
      const { result, latencies } = await load(base + p.url, DURATION, CONNECTIONS, cookie);
      failures.push(...problems(p.label, result));
      rows.push({
        label: p.label,
        rps: result.requests.average,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
      });
    }
    return { name: db.name, sectionMs, rows, failures };
  } finally {
    await server.stop();
    running = undefined;
  }
}

async function main(): Promise<number> {
  console.log(
    `bench/risk: ${RISKS.toLocaleString('en-GB')} risks × ${QUARTERS} quarters (scale ${SCALE}), ${CONNECTIONS} connections, ${DURATION} s a page`,
  );
  const runs = await onEachDatabase('cairn-bench-risk-', benchDatabase, { running: () => running });
  console.log('');
  printTable(
    ['database', 'page', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'goal'],
    runs.flatMap((r) =>
      r.rows.map((row) => [
        r.name,
        row.label,
        row.rps.toFixed(0),
        row.p50.toFixed(1),
        row.p95.toFixed(1),
        row.p99.toFixed(1),
        row.p95 < TARGET_P95_MS ? 'PASS' : 'FAIL',
      ]),
    ),
  );
  for (const r of runs)
    console.log(
      `report Risk section (${r.name}): ${r.sectionMs.toFixed(0)} ms (goal < ${TARGET_SECTION_MS} ms): ${r.sectionMs < TARGET_SECTION_MS ? 'PASS' : 'FAIL'}`,
    );
  return verdictExitCode(runs, 'no errors, every response 2xx');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`\nbench/risk FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
