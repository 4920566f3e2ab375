/**
 * bench/pages: how fast Cairn serves its heaviest pages for a large council (bench/large-council.ts:
 * 500 indicators, 60 outcomes, 10 directorates, five years of quarters), on SQLite and on PostgreSQL
 * (when reachable).
 *
 *   npm run bench:pages
 *   BENCH_DURATION=3 BENCH_CONNECTIONS=20 npm run bench:pages   # a quick check
 *
 * For each database it makes a fresh database, loads the council, starts the server as a child process
 * (bench/pages-server.ts, so autocannon and the server do not share a CPU thread) and runs autocannon on
 * loopback (20 connections, 20 s, no pipelining) against the council-wide dashboard, the same bytes sent
 * from memory, an indicator page, and its bytes from memory. The memory routes are the anchor: the
 * ratio to them says how much of the time is Cairn's rather than HTTP's and the load generator's.
 *
 * Prints requests per second, p50/p95/p99 latency (exact, from every response's latency), errors and
 * non-2xx responses, bytes per response, the ratios, and the server's RSS after the load. Exits non-zero
 * if any page is not a 200 or any request errs; missing a target only prints FAIL.
 *
 * bench/public (issue 15), `npm run bench:public` (BENCH_SCOPE=public): the same run on the public
 * site, anonymous, 50 connections — the large council's plan and every indicator marked public, its
 * public plan page and an indicator page against their bytes from memory; goals ≥ 0.5× the memory
 * route's req/s and p95 < 50 ms on each database.
 */
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/app/clock.js';
import { migrate, openStore } from '../src/storage/database.js';
import { paths } from '../src/web/paths.js';
import { LARGE_COUNCIL, loadLargeCouncil } from './large-council.js';
import { systemActor } from '../src/app/audit.js';
import { setPublicFlags } from '../src/app/public-publishing.js';
import type { BenchPage } from './pages-server.js';
import { load as loadUrl, problems } from './autocannon.js';
import {
  intFromEnv,
  mb,
  percentile,
  onEachDatabase,
  printTable,
  verdictExitCode,
  startServer,
  type BenchDatabase,
  type Server,
  viewerCookie,
} from './harness.js';

/** 'public': the public site, anonymous (issue 15); otherwise the internal pages, signed in. */
const PUBLIC = process.env.BENCH_SCOPE === 'public';
const DURATION = intFromEnv('BENCH_DURATION', 20);
const CONNECTIONS = intFromEnv('BENCH_CONNECTIONS', PUBLIC ? 50 : 20);
const WARMUP = intFromEnv('BENCH_WARMUP', 2);
const PERIOD = '2021-22-Q2';
const TARGET_P95_MS = 100;
const TARGET_RSS_MB = 200;

function benchPages(planId: number): BenchPage[] {
  if (PUBLIC)
    return [
      { label: 'public-plan', url: paths.publicPlan(planId, { period: PERIOD }) },
      { label: 'public-indicator', url: paths.publicIndicator(planId, '7', { period: PERIOD }) },
    ];
  return [
    { label: 'dashboard', url: paths.dashboard(planId, { period: PERIOD }) },
    { label: 'indicator', url: paths.indicator(planId, '7', { period: PERIOD }) },
  ];
}

/** The signed-in viewer's session cookie, sent with every request (set when the council is loaded). */
let sessionCookie = '';

const load = (url: string, duration: number) => loadUrl(url, duration, CONNECTIONS, sessionCookie);

// ---- one database's run ----

interface Row {
  label: string;
  url: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  bodyBytes: number;
  wireBytes: number;
  /** CPU time over wall time during the measured run, in per cent of one core. */
  serverCpu: number;
  clientCpu: number;
}

interface DatabaseRun {
  name: BenchDatabase['name'];
  rows: Row[];
  rssMb: number;
  failures: string[];
}

/** The server being measured, for Ctrl-C: stopped before its database is dropped. */
let running: Server | undefined;

async function benchDatabase(db: BenchDatabase): Promise<DatabaseRun> {
  console.log(`\n=== ${db.name} ===`);
  const store = openStore(db.url);
  let planId: number;
  try {
    await migrate(store.db);
    const t0 = performance.now();
    ({ planId } = await loadLargeCouncil(store, systemClock));
    // Pages need a signed-in person: a viewer, with a session made as the sign-in form makes one.
    sessionCookie = PUBLIC ? '' : await viewerCookie(store);
    if (PUBLIC)
      await setPublicFlags(
        store,
        systemActor,
        [
          { target: 'plan', id: planId, value: true, was: false },
          ...(
            await store.db.selectFrom('indicator').select('id').where('plan_id', '=', planId).execute()
          ).map((i) => ({ target: 'indicator' as const, id: i.id, value: true, was: false })),
        ],
        systemClock,
      );
    const values = LARGE_COUNCIL.indicators * LARGE_COUNCIL.years.length * 4;
    console.log(
      `loaded the large council in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
        `(${LARGE_COUNCIL.indicators} indicators, ${LARGE_COUNCIL.outcomes} outcomes, ` +
        `${LARGE_COUNCIL.directorates} directorates, ${values.toLocaleString('en-GB')} quarterly values)`,
    );
  } finally {
    await store.close();
  }

  const server = await startServer(db.url, { pages: benchPages(planId), cookie: sessionCookie });
  running = server;
  try {
    const failures: string[] = [];
    for (const p of server.pages) {
      console.log(
        `  ${p.label}: GET ${p.url} → ${p.status}, ${p.bytes.toLocaleString('en-GB')} bytes, ${p.contentType}; first (uncached) render ${p.firstMs.toFixed(0)} ms`,
      );
      if (p.status !== 200) failures.push(`${p.label} (${p.url}) answered ${p.status}, not 200`);
    }
    if (failures.length) {
      throw new Error(`${db.name}: pages under test do not answer 200:\n  ${failures.join('\n  ')}`);
    }
    console.log(
      `  server RSS: ${mb(server.rssAtBoot).toFixed(0)} MB at boot, ` +
        `${mb((await server.stats()).rss).toFixed(0)} MB with the pages and the stylesheet rendered once, before the load`,
    );
    console.log(
      `  autocannon: ${CONNECTIONS} connections, ${DURATION} s per URL after ${WARMUP} s warm-up, pipelining 1`,
    );

    const rows: Row[] = [];
    const base = `http://127.0.0.1:${server.port}`;
    for (const p of server.pages) {
      for (const [label, path] of [
        [p.label, p.url],
        [`${p.label} from memory`, p.memoryUrl],
      ] as const) {
        if (WARMUP > 0)
          failures.push(...problems(`${label} warm-up`, (await load(base + path, WARMUP)).result));
        const serverBefore = (await server.stats()).cpuMicros;
        const clientBefore = process.cpuUsage();
        const wallBefore = performance.now();
        const { result, latencies, wireBytes } = await load(base + path, DURATION);
        const wallMicros = (performance.now() - wallBefore) * 1000;
        const client = process.cpuUsage(clientBefore);
        const serverMicros = (await server.stats()).cpuMicros - serverBefore;
        failures.push(...problems(label, result));
        rows.push({
          label,
          url: path,
          rps: result.requests.average,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          max: latencies[latencies.length - 1] ?? NaN,
          errors: result.errors,
          non2xx: result.non2xx,
          bodyBytes: p.bytes,
          wireBytes,
          serverCpu: (100 * serverMicros) / wallMicros,
          clientCpu: (100 * (client.user + client.system)) / wallMicros,
        });
        process.stdout.write(`  measured ${label}\n`);
      }
    }
    const { rss, heapUsed } = await server.stats();
    printRows(db.name, rows);
    console.log(
      `  server RSS after the load: ${mb(rss).toFixed(0)} MB (V8 heap used ${mb(heapUsed).toFixed(0)} MB)`,
    );
    return { name: db.name, rows, rssMb: mb(rss), failures };
  } finally {
    running = undefined;
    await server.stop();
  }
}

function printRows(name: string, rows: Row[]): void {
  const ms = (v: number) => v.toFixed(1);
  const header = [
    'URL',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'errors',
    'non-2xx',
    'body B',
    'wire B/resp',
    'server CPU',
    'client CPU',
  ];
  const lines = rows.map((r) => [
    r.label,
    r.rps.toFixed(0),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    String(r.errors),
    String(r.non2xx),
    r.bodyBytes.toLocaleString('en-GB'),
    Math.round(r.wireBytes).toLocaleString('en-GB'),
    `${r.serverCpu.toFixed(0)}%`,
    `${r.clientCpu.toFixed(0)}%`,
  ]);
  console.log(`\n  ${name}`);
  printTable(header, lines);
  console.log('');
  for (const r of rows) {
    const memory = rows.find((m) => m.label === `${r.label} from memory`);
    if (!memory) continue;
    console.log(
      `  ${r.label} vs the same bytes from memory: req/s ${(r.rps / memory.rps).toFixed(2)}×, ` +
        `p95 ${(r.p95 / memory.p95).toFixed(1)}×`,
    );
  }
}

// ---- main ----

async function main(): Promise<number> {
  const runs = await onEachDatabase('cairn-bench-pages-', benchDatabase, { running: () => running });

  console.log('\n=== verdict ===');
  if (PUBLIC) {
    for (const run of runs)
      for (const r of run.rows.filter((x) => !x.label.endsWith('from memory'))) {
        const memory = run.rows.find((m) => m.label === `${r.label} from memory`)!;
        const ratio = r.rps / memory.rps;
        console.log(
          `${r.label} on ${run.name}: ${ratio.toFixed(2)}× the memory route's req/s (goal ≥ 0.5×): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}; ` +
            `p95 ${r.p95.toFixed(1)} ms (goal < 50 ms): ${r.p95 < 50 ? 'PASS' : 'FAIL'}`,
        );
      }
    return verdictExitCode(runs, 'no errors, every response 2xx');
  }
  const dashboard = runs.find((r) => r.name === 'SQLite')?.rows.find((r) => r.label === 'dashboard');
  if (dashboard) {
    const pass = dashboard.p95 < TARGET_P95_MS;
    console.log(
      `dashboard p95 on SQLite: ${dashboard.p95.toFixed(1)} ms (target < ${TARGET_P95_MS} ms): ${pass ? 'PASS' : 'FAIL'}`,
    );
  }
  for (const run of runs) {
    const pass = run.rssMb < TARGET_RSS_MB;
    console.log(
      `RSS after load (${run.name}): ${run.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB): ${pass ? 'PASS' : 'FAIL'}`,
    );
  }
  return verdictExitCode(runs, 'no errors, every response 2xx');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`\nbench/pages FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
