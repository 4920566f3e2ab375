/**
 * bench/collection: the quarterly collection round under load. 100 data owners submit their returns at
 * the same time for 60 s, on SQLite and then on PostgreSQL (when reachable), over loopback HTTP.
 *
 *   npm run bench:collection
 *   npm run bench:collection -- --seconds 10          # a quick run
 *   npm run bench:collection -- --only sqlite --owners 20 --think-ms 500
 *
 * For each database it makes a fresh database, loads the large council (500 indicators), opens a round
 * for its last quarter, makes the owners (each assigned 5 indicators, every indicator to exactly one
 * owner, each signed in), starts the server in a child process of its own (127.0.0.1, a free port,
 * logging off) and runs the owners (bench/collection-load.ts): GET the form, POST a new figure with
 * the version the form gave — a save, every fourth a submit, and now and then the same form twice,
 * which must be refused as stale (409). Then it counts in the database and the audit trail
 * (bench/collection-count.ts) that every acknowledged save is stored once: no update lost, none
 * applied twice, the hash chain intact.
 *
 * Prints requests, errors, lost and duplicated updates, requests per second, p50/p95/p99 latency for
 * the form, the POSTs and all requests, p95 against the 300 ms target, and the server's RSS after the
 * run. Exits non-zero on any error or any lost or duplicated update; missing the target prints FAIL.
 *
 * Options (or environment): --seconds (BENCH_SECONDS, 60), --warmup (BENCH_WARMUP, 3), --owners
 * (BENCH_OWNERS, 100), --think-ms (BENCH_THINK_MS, 0: no pause, the heaviest load; otherwise the mean pause after a save, the owners out of step), --submit-every (4),
 * --again-rate (0.03), --follow (BENCH_FOLLOW=1: load the list of updates each save redirects to, as a
 * browser does), --only sqlite|postgres.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/app/clock.js';
import { migrate, openStore } from '../src/storage/database.js';
import { countUpdates, type Count } from './collection-count.js';
import { runOwners, type LoadResult, type RequestKind, type Sample } from './collection-load.js';
import { buildCollectionBench, type CollectionBench } from './collection-setup.js';
import {
  mb,
  percentile,
  onEachDatabase,
  printTable,
  verdictExitCode,
  startServer,
  type BenchDatabase,
  type Server,
} from './harness.js';

const TARGET_P95_MS = 300;

function options() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '60' },
      warmup: { type: 'string', default: process.env.BENCH_WARMUP ?? '3' },
      owners: { type: 'string', default: process.env.BENCH_OWNERS ?? '100' },
      'think-ms': { type: 'string', default: process.env.BENCH_THINK_MS ?? '0' },
      'submit-every': { type: 'string', default: '4' },
      'again-rate': { type: 'string', default: '0.03' },
      follow: { type: 'boolean', default: process.env.BENCH_FOLLOW === '1' },
      only: { type: 'string' },
    },
  });
  const whole = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}, not '${raw}'`);
    return n;
  };
  const againRate = Number(values['again-rate']);
  if (!(againRate >= 0 && againRate <= 1)) throw new Error(`--again-rate must be from 0 to 1`);
  if (values.only !== undefined && values.only !== 'sqlite' && values.only !== 'postgres')
    throw new Error(`--only must be sqlite or postgres, not '${values.only}'`);
  return {
    seconds: whole('seconds', values.seconds, 1),
    warmup: whole('warmup', values.warmup, 0),
    owners: whole('owners', values.owners, 1),
    thinkMs: whole('think-ms', values['think-ms'], 0),
    submitEvery: whole('submit-every', values['submit-every'], 1),
    againRate,
    follow: values.follow,
    only: values.only as 'sqlite' | 'postgres' | undefined,
  };
}

type Options = ReturnType<typeof options>;

interface Row {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

interface DatabaseRun {
  name: BenchDatabase['name'];
  rows: Row[];
  all: Row;
  load: LoadResult;
  count: Count;
  rssMb: number;
  failures: string[];
}

function row(label: string, samples: Sample[], seconds: number): Row {
  const sorted = Float64Array.from(samples.map((s) => s.ms)).sort();
  return {
    label,
    requests: samples.length,
    rps: samples.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/**
 * How much of the last minute something waited for the CPU or the disk (Linux pressure stall
 * information), when the machine says: on a shared machine, why the figures are what they are.
 */
function pressure(): string {
  const some = (what: string) => {
    try {
      return /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync(`/proc/pressure/${what}`, 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  };
  const cpu = some('cpu');
  const io = some('io');
  return cpu === undefined || io === undefined
    ? ''
    : `; over the last minute something waited for the CPU ${cpu}% of the time, for the disk ${io}%`;
}

/** The server being measured, for Ctrl-C: stopped before its database is dropped. */
let running: Server | undefined;

async function benchDatabase(db: BenchDatabase, o: Options): Promise<DatabaseRun> {
  console.log(`\n=== ${db.name} ===`);
  let bench: CollectionBench;
  const store = openStore(db.url);
  try {
    await migrate(store.db);
    const t0 = performance.now();
    bench = await buildCollectionBench(store, systemClock, o.owners);
    const each = bench.owners[0]?.indicators.length ?? 0;
    console.log(
      `  loaded the large council, opened round ${bench.roundId} and signed in ${bench.owners.length} owners ` +
        `with ${each} indicators each in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await store.close();
  }

  const server = await startServer(db.url);
  running = server;
  let load: LoadResult;
  let rss: number;
  let serverCpu: number;
  try {
    console.log(
      `  server on 127.0.0.1:${server.port}, RSS ${mb(server.rssAtBoot).toFixed(0)} MB at boot; ` +
        `${o.owners} owners for ${o.seconds} s after ${o.warmup} s warm-up, ` +
        `${o.thinkMs ? `a pause of ${o.thinkMs} ms on average after each save` : 'no pause between requests'}, ` +
        `every ${o.submitEvery}th save a submit, ${(o.againRate * 100).toFixed(0)}% of saves sent twice` +
        (o.follow ? ', each save followed by its list of updates' : ''),
    );
    const before = await server.stats();
    const cpuBefore = before.cpuMicros;
    const clientBefore = process.cpuUsage();
    const wallBefore = performance.now();
    load = await runOwners({
      baseUrl: `http://127.0.0.1:${server.port}`,
      roundId: bench.roundId,
      owners: bench.owners,
      seconds: o.seconds,
      warmupSeconds: o.warmup,
      thinkMs: o.thinkMs,
      submitEvery: o.submitEvery,
      againRate: o.againRate,
      follow: o.follow,
    });
    const wallMicros = (performance.now() - wallBefore) * 1000;
    const stats = await server.stats();
    rss = stats.rss;
    serverCpu = (100 * (stats.cpuMicros - cpuBefore)) / wallMicros;
    const client = process.cpuUsage(clientBefore);
    const perRequest = (stats.cpuMicros - cpuBefore) / 1000 / Math.max(1, load.samples.length);
    const [busy] = loadavg();
    console.log(
      `  CPU during the run: server ${serverCpu.toFixed(0)}% of one core (${perRequest.toFixed(1)} ms a request), ` +
        `load generator ${((100 * (client.user + client.system)) / wallMicros).toFixed(0)}%; ` +
        `machine load average ${busy?.toFixed(1)} on ${cpus().length} cores${pressure()}`,
    );
    if (stats.groupCommit && before.groupCommit) {
      const commits = stats.groupCommit.committed - before.groupCommit.committed;
      const syncs = stats.groupCommit.syncs - before.groupCommit.syncs;
      const syncMs = stats.groupCommit.syncMs - before.groupCommit.syncMs;
      console.log(
        `  group commit: ${commits} commits made durable by ${syncs} syncs of the write-ahead log ` +
          `(${(commits / Math.max(1, syncs)).toFixed(1)} commits a sync, ${(syncMs / Math.max(1, syncs)).toFixed(1)} ms a sync)`,
      );
    }
  } finally {
    running = undefined;
    await server.stop();
  }

  const counting = openStore(db.url);
  let count: Count;
  try {
    count = await countUpdates(counting, bench.owners, load.tallies);
  } finally {
    await counting.close();
  }

  const measured = load.samples.filter((s) => s.at >= load.warmupMs);
  const of = (...kinds: RequestKind[]) => measured.filter((s) => kinds.includes(s.kind));
  const seconds = load.measuredSeconds;
  const rows = [
    row('GET form', of('form'), seconds),
    row('POST save', of('save'), seconds),
    row('POST submit', of('submit'), seconds),
    row('POST again (409)', of('again'), seconds),
    row('all POSTs', of('save', 'submit', 'again'), seconds),
    ...(o.follow ? [row('GET list (after save)', of('list'), seconds)] : []),
  ];
  const all = row('all requests', measured, seconds);
  const failures: string[] = [];
  if (load.errors) failures.push(`${load.errors} requests failed or answered wrongly`);
  if (count.lost) failures.push(`${count.lost} acknowledged saves lost`);
  if (count.duplicated) failures.push(`${count.duplicated} saves applied more than once`);
  if (count.mismatched) failures.push(`${count.mismatched} figures not as last acknowledged`);
  if (!count.auditOk) failures.push(count.auditMessage);
  if (count.acknowledged === 0) failures.push('no save was acknowledged at all');

  printRun(db.name, rows, all, load, count, rss);
  return { name: db.name, rows, all, load, count, rssMb: mb(rss), failures };
}

const whole = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(0));

function printRun(name: string, rows: Row[], all: Row, load: LoadResult, count: Count, rss: number): void {
  const ms = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(1));
  const header = [
    'requests',
    'count',
    'req/s',
    'mean ms',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'p95 / 300 ms',
  ];
  const lines = [...rows, all].map((r) => [
    r.label,
    String(r.requests),
    r.rps.toFixed(1),
    ms(r.mean),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    Number.isNaN(r.p95) ? '–' : `${(r.p95 / TARGET_P95_MS).toFixed(2)}×`,
  ]);
  const total = load.samples.length;
  console.log(`\n  ${name}: ${load.measuredSeconds.toFixed(1)} s measured`);
  printTable(header, lines);
  console.log('');
  console.log(
    `  requests: ${total} in all (${total - all.requests} in the warm-up); errors: ${load.errors}` +
      (load.errorExamples.length ? `\n    ${load.errorExamples.join('\n    ')}` : ''),
  );
  console.log(
    `  saves acknowledged: ${count.acknowledged} on ${count.figures} figures; save/submit audit records: ${count.auditRecords}`,
  );
  console.log(
    `  lost updates: ${count.lost}; duplicated updates: ${count.duplicated}; figures not as last acknowledged: ${count.mismatched}` +
      (count.details.length ? `\n    ${count.details.join('\n    ')}` : ''),
  );
  console.log(`  ${count.auditMessage}`);
  console.log(
    `  p95 ${all.p95.toFixed(0)} ms = ${(all.p95 / TARGET_P95_MS).toFixed(2)} × the ${TARGET_P95_MS} ms target ` +
      `(form ${whole(rows[0]!.p95)} ms, POSTs ${whole(rows[4]!.p95)} ms)`,
  );
  console.log(`  server RSS after the run: ${mb(rss).toFixed(0)} MB`);
}

async function main(): Promise<number> {
  const o = options();
  const runs = await onEachDatabase('cairn-bench-collection-', (db) => benchDatabase(db, o), {
    only: o.only,
    running: () => running,
  });

  console.log('\n=== verdict ===');
  for (const run of runs) {
    const verdict = run.name === 'SQLite' ? (run.all.p95 < TARGET_P95_MS ? 'PASS' : 'FAIL') : 'no target';
    console.log(
      `${run.name}: p95 ${run.all.p95.toFixed(0)} ms = ${(run.all.p95 / TARGET_P95_MS).toFixed(2)} × the ` +
        `${TARGET_P95_MS} ms target (${verdict}); ${run.all.rps.toFixed(0)} req/s; ` +
        `lost ${run.count.lost}, duplicated ${run.count.duplicated}, errors ${run.load.errors}; RSS ${run.rssMb.toFixed(0)} MB`,
    );
  }
  return verdictExitCode(runs, 'no errors; every acknowledged save stored exactly once');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`\nbench/collection FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
