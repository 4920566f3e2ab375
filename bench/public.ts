/**
 * bench/public (issue 15): how fast Cairn answers the API and the OData feed under load, against the
 * same bytes sent from memory by the same server in the same run (the anchor), on SQLite and on
 * PostgreSQL (when reachable).
 *
 *   npm run bench:public                      # the large council: 500 indicators, five years
 *   npm run bench:public -- --scale small     # the demo council (50 indicators, one year): a quick run
 *   BENCH_DURATION=5 BENCH_CONNECTIONS=50 npm run bench:public
 *
 * For each database: a fresh database with the council, an internal read token (issued as an
 * administrator issues one), the server as a child process (bench/pages-server.ts), then autocannon
 * (50 connections, no pipelining) on each URL and on its bytes from memory. Each request carries the
 * token, so every one is authenticated, rate limited and logged as in production. Goals: req/s at
 * least 0.5× the memory route's, p95 under 50 ms.
 *
 * `publicTargets` is the hook for anonymous reads (no token): the public data by API and OData, once
 * something is public (the large council marks nothing public here). The public site's own pages are
 * measured by bench/pages.ts with BENCH_SCOPE=public, which `npm run bench:public` runs first.
 */
import { performance } from 'node:perf_hooks';
import { issueToken } from '../src/app/api/tokens.js';
import { systemClock } from '../src/app/clock.js';
import { loadDemo } from '../src/app/demo.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore } from '../src/storage/database.js';
import type { Store } from '../src/storage/database.js';
import { load, problems } from './autocannon.js';
import {
  intFromEnv,
  onEachDatabase,
  percentile,
  printTable,
  startServer,
  verdictExitCode,
  type BenchDatabase,
  type Server,
} from './harness.js';
import { loadLargeCouncil } from './large-council.js';
import type { BenchPage } from './pages-server.js';

const DURATION = intFromEnv('BENCH_DURATION', 10);
const CONNECTIONS = intFromEnv('BENCH_CONNECTIONS', 50);
const WARMUP = intFromEnv('BENCH_WARMUP', 2);
const TARGET_RATIO = 0.5;
const TARGET_P95_MS = 50;

const scaleAt = process.argv.indexOf('--scale');
const SCALE = scaleAt >= 0 ? process.argv[scaleAt + 1] : 'large';
if (SCALE !== 'small' && SCALE !== 'large') throw new Error(`--scale is small or large, not ${SCALE}`);

interface Target extends BenchPage {
  /** Sent with every request (and the first render): the token, or nothing for anonymous reads. */
  headers: Record<string, string>;
}

/** What is measured with the read token: a period's values by API and OData, and the indicators. */
function apiTargets(period: string, token: string): Target[] {
  const headers = { authorization: `Bearer ${token}` };
  return [
    { label: 'api-values', url: `/api/v1/values?period=${period}&limit=100`, headers },
    { label: 'api-indicators', url: '/api/v1/indicators?limit=100', headers },
    {
      label: 'odata-values',
      url: `/odata/Values?$top=100&$filter=${encodeURIComponent(`period eq '${period}'`)}`,
      headers: { ...headers, 'odata-maxversion': '4.0', accept: 'application/json;odata.metadata=minimal' },
    },
  ];
}

/**
 * The hook for anonymous load: the public data by API and OData, without a token (the rows are those
 * app/public.ts makes public; with nothing marked public they are empty pages, still the full path).
 */
export function publicTargets(_planId: number, period: string): Target[] {
  return [
    { label: 'anonymous-api-values', url: `/api/v1/values?period=${period}&limit=100`, headers: {} },
    { label: 'anonymous-odata-plans', url: '/odata/Plans', headers: {} },
  ];
}

interface Row {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  bytes: number;
}

interface Run {
  name: BenchDatabase['name'];
  rows: Row[];
  failures: string[];
}

let running: Server | undefined;

async function loadCouncil(store: Store): Promise<{ planId: number; period: string }> {
  if (SCALE === 'small') return { ...(await loadDemo(store, systemClock)), period: '2017-18-Q1' };
  return { ...(await loadLargeCouncil(store, systemClock)), period: '2021-22-Q2' };
}

async function benchDatabase(db: BenchDatabase): Promise<Run> {
  console.log(`\n=== ${db.name} (${SCALE} council) ===`);
  const store = openStore(db.url);
  let planId: number;
  let period: string;
  let token: string;
  try {
    await migrate(store.db);
    const t0 = performance.now();
    ({ planId, period } = await loadCouncil(store));
    const admin = await insertUser(
      store.db,
      {
        email: 'bench-admin@bench.example',
        name: 'Bench admin',
        role: 'admin',
        passwordHash: null,
        directorateId: null,
      },
      new Date().toISOString(),
    );
    const issued = await issueToken(
      store,
      admin,
      { name: 'Bench', scope: 'read', expiresInDays: '30', indicatorIds: [] },
      systemClock,
    );
    if (!issued.ok) throw new Error('the bench token was not issued');
    token = issued.token;
    console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
  const targets = [...apiTargets(period, token), ...publicTargets(planId, period)];
  // Each URL is rendered first with its own headers (the token, or none), so the memory route holds
  // the very bytes the load is answered with.
  const server = await startServer(db.url, { pages: targets });
  running = server;
  const failures: string[] = [];
  const rows: Row[] = [];
  try {
    for (const p of server.pages) {
      console.log(
        `  ${p.label}: GET ${p.url} → ${p.status}, ${p.bytes.toLocaleString('en-GB')} bytes; first ${p.firstMs.toFixed(0)} ms`,
      );
      if (p.status !== 200) failures.push(`${p.label} answered ${p.status}`);
    }
    if (failures.length) return { name: db.name, rows, failures };
    console.log(`  autocannon: ${CONNECTIONS} connections, ${DURATION} s per URL after ${WARMUP} s warm-up`);
    const base = `http://127.0.0.1:${server.port}`;
    for (const p of server.pages) {
      const target = targets.find((t) => t.label === p.label)!;
      for (const [label, path, headers] of [
        [p.label, p.url, target.headers],
        [`${p.label} from memory`, p.memoryUrl, {}],
      ] as const) {
        if (WARMUP > 0)
          failures.push(
            ...problems(
              `${label} warm-up`,
              (await load(base + path, WARMUP, CONNECTIONS, '', headers)).result,
            ),
          );
        const { result, latencies } = await load(base + path, DURATION, CONNECTIONS, '', headers);
        failures.push(...problems(label, result));
        rows.push({
          label,
          rps: result.requests.average,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          bytes: p.bytes,
        });
      }
    }
  } finally {
    running = undefined;
    await server.stop();
  }
  printTable(
    ['URL', 'req/s', 'p50 ms', 'p95 ms', 'body B'],
    rows.map((r) => [
      r.label,
      r.rps.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.bytes.toLocaleString('en-GB'),
    ]),
  );
  return { name: db.name, rows, failures };
}

async function main(): Promise<number> {
  const runs = await onEachDatabase('cairn-bench-public-', benchDatabase, { running: () => running });
  console.log('\n=== verdict ===');
  for (const run of runs)
    for (const r of run.rows) {
      const memory = run.rows.find((m) => m.label === `${r.label} from memory`);
      if (!memory) continue;
      const ratio = r.rps / memory.rps;
      console.log(
        `${run.name} ${r.label}: ${r.rps.toFixed(0)} req/s = ${ratio.toFixed(2)}× the same bytes from memory (goal ≥ ${TARGET_RATIO}×): ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}; ` +
          `p95 ${r.p95.toFixed(1)} ms (goal < ${TARGET_P95_MS} ms): ${r.p95 < TARGET_P95_MS ? 'PASS' : 'FAIL'}`,
      );
    }
  return verdictExitCode(runs, 'no errors, every response 2xx');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
