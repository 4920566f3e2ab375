/**
 * bench/benchmarking: benchmarking at national scale (issue 13). A synthetic national set — 400 councils
 * × 2,000 metrics × 15 years, 12 million figures — imported on SQLite and then on PostgreSQL (when
 * reachable), against the databases' own bulk loaders of the same rows, then the reads under load.
 *
 *   npm run bench:benchmarking                           # the whole set (12 million figures)
 *   npm run bench:benchmarking -- --scale 0.01           # 400 councils × 20 metrics × 15 years
 *   npm run bench:benchmarking -- --scale 0.01 --only sqlite --seconds 5
 *
 * The file is written once, in the tidy layout (area code, metric code and title, period, value,
 * which way is better, unit), to a temporary folder. For each database: a fresh database with the
 * demo council (seed 003's framework) loaded and Oxfordshire said to be the council; then
 *
 * 1. Import: `importBenchmarkData` streams the file (as `cairn benchmark import` does), measured for
 *    rows per second and the process's peak RSS (sampled every 50 ms) — goal < 500 MB whatever the
 *    size. The anchor, in the same run: the database's own bulk load of the same file into a table of
 *    its columns with the same uniqueness (metric, period, area) and the same storage as
 *    benchmark_value (on SQLite WITHOUT ROWID, WAL, synchronous=FULL) — `psql \copy` on PostgreSQL,
 *    `sqlite3 .import` on SQLite (a database file of its own). Goal: Cairn's rows/s ≥ 0.5× the anchor.
 *    Each side prints what it does.
 * 2. Reads: indicators 9 and 10 are linked to two metrics (every council in England; councils of our
 *    type); `indicatorBenchmark` (the indicator panel's read: the current period and every year
 *    before) is timed in-process, and the server (a child process) is loaded with autocannon
 *    (20 connections) on the dashboard with its quartile column (`benchmark=yes`). Goal p95 < 100 ms.
 *    The benchmarking page and the indicator's panel are measured too once BENCHMARK_PAGES names them.
 *
 * Options: --scale (BENCH_SCALE, 1: the share of the 2,000 metrics), --seconds (BENCH_DURATION, 10),
 * --connections (BENCH_CONNECTIONS, 20), --warmup (BENCH_WARMUP, 2), --only sqlite|postgres.
 * Prints the figures, the machine's load average, and PASS/FAIL per goal; exits non-zero on any error.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/app/audit.js';
import { importBenchmarkData } from '../src/app/benchmark-import.js';
import { indicatorBenchmark, linkIndicator, resolveMetric } from '../src/app/benchmark-links.js';
import { areaDirectory, ensureReference, setOurCouncil } from '../src/app/benchmark-reference.js';
import { systemClock } from '../src/app/clock.js';
import { loadDemo } from '../src/app/demo.js';
import { parsePeriod } from '../src/domain/periods.js';
import { migrate, openStore } from '../src/storage/database.js';
import { paths } from '../src/web/paths.js';
import { load, problems } from './autocannon.js';
import {
  intFromEnv,
  mb,
  onEachDatabase,
  percentile,
  printTable,
  startServer,
  verdictExitCode,
  type BenchDatabase,
  type Server,
  viewerCookie,
} from './harness.js';
import type { BenchPage } from './pages-server.js';

const FULL = { councils: 400, metrics: 2000, years: 15 };
const GOALS = { ratio: 0.5, peakMb: 500, p95Ms: 100 };
const PERIOD = parsePeriod('Q2 2017-18');

/**
 * The hook for the pages built on the benchmarking web branch: the benchmarking page per plan and an
 * indicator's benchmark panel. Return their URLs (for the demo plan, indicator 9, PERIOD) and they are
 * loaded like the dashboard.
 */
const BENCHMARK_PAGES: (planId: number) => BenchPage[] = () => [];

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: process.env.BENCH_SCALE ?? '1' },
      seconds: { type: 'string', default: String(intFromEnv('BENCH_DURATION', 10)) },
      connections: { type: 'string', default: String(intFromEnv('BENCH_CONNECTIONS', 20)) },
      warmup: { type: 'string', default: String(intFromEnv('BENCH_WARMUP', 2)) },
      only: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1))
    throw new Error(`--scale must be above 0 and at most 1, not '${values.scale}'`);
  if (values.only !== undefined && values.only !== 'sqlite' && values.only !== 'postgres')
    throw new Error(`--only must be sqlite or postgres, not '${values.only}'`);
  const whole = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not '${raw}'`);
    return n;
  };
  return {
    scale,
    metrics: Math.max(2, Math.round(FULL.metrics * scale)),
    seconds: Math.max(1, whole('seconds', values.seconds)),
    connections: Math.max(1, whole('connections', values.connections)),
    warmup: whole('warmup', values.warmup),
    only: values.only as 'sqlite' | 'postgres' | undefined,
  };
}
type Options = ReturnType<typeof options>;

// ---- the synthetic national set ----

interface SyntheticFile {
  path: string;
  rows: number;
  bytes: number;
}

/** Financial years 2008-09 … 2022-23, as LG Inform writes them ("2008/09"). */
const YEARS = Array.from({ length: FULL.years }, (_, i) => {
  const y = 2008 + i;
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
});

/** Writes the file: every council × metric × year, one figure each, deterministic. */
async function writeSynthetic(dir: string, codes: string[], metrics: number): Promise<SyntheticFile> {
  const path = join(dir, 'national.csv');
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('Area code,Metric code,Metric title,Period,Value,Which way is better,Unit\n');
  let rows = 0;
  for (let m = 1; m <= metrics; m++) {
    const code = `M${String(m).padStart(4, '0')}`;
    const meta = `${code},Synthetic metric ${m},`;
    const tail = m % 2 === 0 ? ',Lower is better,Percent\n' : ',Higher is better,Percent\n';
    let chunk = '';
    for (const [y, year] of YEARS.entries())
      for (const [c, area] of codes.entries()) {
        const v = ((c * 7919 + m * 104729 + y * 31337) % 10000) / 100;
        chunk += `${area},${meta}${year},${v}${tail}`;
        rows++;
      }
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  return { path, rows, bytes: statSync(path).size };
}

/** 400 councils with a GSS code, current, Oxfordshire among them. */
async function nationalCodes(): Promise<string[]> {
  const db = join(mkdtempSync(join(tmpdir(), 'cairn-bench-ref-')), 'ref.db');
  const store = openStore(db);
  try {
    await migrate(store.db);
    await ensureReference(store, systemClock);
    const councils = (await areaDirectory(store)).councils.filter((c) => c.current && c.gssCode);
    const oxon = councils.find((c) => c.code === 'OXF')!;
    const rest = councils.filter((c) => c !== oxon).slice(0, FULL.councils - 1);
    return [oxon, ...rest].map((c) => c.gssCode!);
  } finally {
    await store.close();
    rmSync(join(db, '..'), { recursive: true, force: true });
  }
}

// ---- the anchors: the databases' own bulk loaders ----

/**
 * The anchor's table: the file's seven columns as text and numbers, with the same uniqueness as
 * benchmark_value's key (metric, period, area) and, on SQLite, the same storage (WITHOUT ROWID: the
 * rows kept in key order, one b-tree), so both sides maintain one unique index over the same rows.
 */
const copyTable = (sqlite: boolean) =>
  'create table copy_bench (area text not null, metric text not null, title text, period text not null, ' +
  'value double precision, polarity text, unit text, primary key (metric, period, area))' +
  (sqlite ? ' without rowid' : '');

function run(command: string, args: string[], input?: string): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr || r.error?.message}`);
  return (performance.now() - t0) / 1000;
}

/** Seconds the database's own loader takes for the same rows, and what it did. */
function anchorSeconds(
  db: BenchDatabase,
  file: SyntheticFile,
  dir: string,
): { seconds: number; tool: string; does: string } {
  if (db.name === 'PostgreSQL') {
    run('psql', [db.url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', copyTable(false)]);
    const seconds = run('psql', [
      db.url,
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy copy_bench from '${file.path}' with (format csv, header true)`,
    ]);
    run('psql', [db.url, '-q', '-c', 'drop table copy_bench']);
    return {
      seconds,
      tool: 'psql \\copy',
      does:
        'psql reads the file and streams it to the server (COPY FROM STDIN, CSV, header), one transaction, into a ' +
        'new table of its 7 columns (text/double precision) in the same database, primary key (metric, period, area)',
    };
  }
  const target = join(dir, 'sqlite-import.db');
  // WAL and synchronous=FULL, as Cairn's connection (src/storage/database.ts).
  run('sqlite3', [target], `pragma journal_mode = wal;\n${copyTable(true)};\n`);
  const seconds = run(
    'sqlite3',
    [target],
    `pragma synchronous = full;\n.mode csv\n.import --skip 1 ${file.path} copy_bench\n`,
  );
  rmSync(target, { force: true });
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  return {
    seconds,
    tool: 'sqlite3 .import',
    does:
      'the sqlite3 shell parses the CSV and inserts every row, one transaction, into a new database file (WAL, ' +
      'synchronous=FULL) with a table of its 7 columns, WITHOUT ROWID, primary key (metric, period, area)',
  };
}

// ---- one database ----

interface Row {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

interface DatabaseRun {
  name: BenchDatabase['name'];
  rowsPerSecond: number;
  anchorRowsPerSecond: number;
  anchorTool: string;
  peakMb: number;
  reads: Row[];
  failures: string[];
}

let running: Server | undefined;

/** The process's peak RSS while `fn` runs, sampled every 50 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

function row(label: string, sorted: Float64Array, rps: number): Row {
  return {
    label,
    requests: sorted.length,
    rps,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

async function benchDatabase(
  db: BenchDatabase,
  o: Options,
  file: SyntheticFile,
  dir: string,
): Promise<DatabaseRun> {
  console.log(`\n=== ${db.name} ===`);
  const failures: string[] = [];
  const actor = cliActor();
  const store = openStore(db.url);
  let planId: number;
  let cookie: string;
  let imported: { rowsPerSecond: number; peak: number };
  const reads: Row[] = [];
  try {
    await migrate(store.db);
    ({ planId } = await loadDemo(store, systemClock));
    await ensureReference(store, systemClock);
    await setOurCouncil(store, actor, 'Oxfordshire', systemClock);
    const before = process.memoryUsage().rss;
    const { value: summary, peak } = await peakRss(() =>
      importBenchmarkData(
        store,
        actor,
        { fileName: 'national.csv', path: file.path },
        { source: 'Synthetic', maxBytes: Number.MAX_SAFE_INTEGER },
        systemClock,
      ),
    );
    if (summary.figures !== file.rows) failures.push(`imported ${summary.figures} figures of ${file.rows}`);
    imported = { rowsPerSecond: summary.rowsPerSecond, peak };
    console.log(
      `  Cairn import, what it does: importBenchmarkData streams the CSV, finds the header and mapping, checks ` +
        `every row (council by GSS code or name, metric, period, figure, duplicates), creates the metrics, and ` +
        `writes benchmark_value (metric id, period, council id, value, numerator, denominator; primary key ` +
        `(metric, period, council)${db.name === 'SQLite' ? ', WITHOUT ROWID' : ''}) in one transaction, all or ` +
        `nothing, with the audit entry — timed from the call to its return`,
    );
    console.log(
      `  Cairn import: ${summary.figures.toLocaleString('en-GB')} figures in ${summary.seconds.toFixed(1)} s, ` +
        `${Math.round(summary.rowsPerSecond).toLocaleString('en-GB')} rows/s; RSS ${mb(before).toFixed(0)} MB before, ` +
        `peak ${mb(peak).toFixed(0)} MB`,
    );

    const indicators = new Map(
      (
        await store.db
          .selectFrom('indicator')
          .select(['id', 'number'])
          .where('plan_id', '=', planId)
          .execute()
      ).map((i) => [i.number, i.id]),
    );
    for (const [number, code, comparison] of [
      ['9', 'M0002', 'nation'],
      ['10', 'M0001', 'type'],
    ] as const) {
      const metric = await resolveMetric(store, code, 'Synthetic');
      await linkIndicator(
        store,
        actor,
        { planId, indicatorId: indicators.get(number)!, metricId: metric.id, comparison, version: 0 },
        systemClock,
      );
    }
    // The indicator panel's read, in-process: the current benchmark and every year before.
    const times: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      const b = await indicatorBenchmark(store, planId, '9', PERIOD, null);
      times.push(performance.now() - s);
      if (i === 0 && (!b || b.history.length !== FULL.years - 5))
        failures.push(`indicatorBenchmark read ${b?.history.length ?? 'no'} years, not ${FULL.years - 5}`);
    }
    reads.push(
      row(
        'indicatorBenchmark (in-process, sequential)',
        Float64Array.from(times).sort(),
        times.length / ((performance.now() - t0) / 1000),
      ),
    );
    cookie = await viewerCookie(store);
  } finally {
    await store.close();
  }

  const anchor = anchorSeconds(db, file, dir);
  const anchorRowsPerSecond = file.rows / anchor.seconds;
  console.log(
    `  ${anchor.tool}: the same ${file.rows.toLocaleString('en-GB')} rows in ${anchor.seconds.toFixed(1)} s, ` +
      `${Math.round(anchorRowsPerSecond).toLocaleString('en-GB')} rows/s (the process's start included)\n` +
      `    what it does: ${anchor.does}`,
  );

  const pages: BenchPage[] = [
    {
      label: 'dashboard, quartile column',
      url: `${paths.dashboard(planId, { period: PERIOD.code })}&benchmark=yes`,
    },
    ...BENCHMARK_PAGES(planId),
  ];
  const server = await startServer(db.url, { pages, cookie });
  running = server;
  try {
    for (const p of server.pages) {
      console.log(`  ${p.label}: GET ${p.url} → ${p.status}, ${p.bytes.toLocaleString('en-GB')} bytes`);
      if (p.status !== 200) failures.push(`${p.label} answered ${p.status}`);
    }
    const base = `http://127.0.0.1:${server.port}`;
    for (const p of server.pages) {
      if (o.warmup)
        failures.push(
          ...problems(
            `${p.label} warm-up`,
            (await load(base + p.url, o.warmup, o.connections, cookie)).result,
          ),
        );
      const { result, latencies } = await load(base + p.url, o.seconds, o.connections, cookie);
      failures.push(...problems(p.label, result));
      reads.push(row(`${p.label} (${o.connections} connections)`, latencies, result.requests.average));
    }
  } finally {
    running = undefined;
    await server.stop();
  }
  const ms = (v: number) => v.toFixed(1);
  printTable(
    ['read', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms'],
    reads.map((r) => [r.label, String(r.requests), r.rps.toFixed(0), ms(r.p50), ms(r.p95), ms(r.p99)]),
  );
  return {
    name: db.name,
    rowsPerSecond: imported.rowsPerSecond,
    anchorRowsPerSecond,
    anchorTool: anchor.tool,
    peakMb: mb(imported.peak),
    reads,
    failures,
  };
}

async function main(): Promise<number> {
  const o = options();
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-benchmarking-'));
  try {
    const codes = await nationalCodes();
    const t0 = performance.now();
    const file = await writeSynthetic(dir, codes, o.metrics);
    console.log(
      `wrote ${codes.length} councils × ${o.metrics.toLocaleString('en-GB')} metrics × ${FULL.years} years = ` +
        `${file.rows.toLocaleString('en-GB')} figures (scale ${o.scale}), ${(file.bytes / 1024 / 1024).toFixed(0)} MB, ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const [one, five, fifteen] = loadavg();
    console.log(
      `machine load average ${one?.toFixed(2)} ${five?.toFixed(2)} ${fifteen?.toFixed(2)} on ${cpus().length} cores`,
    );
    const runs = await onEachDatabase('cairn-bench-benchmarking-', (db) => benchDatabase(db, o, file, dir), {
      only: o.only,
      running: () => running,
    });
    console.log('\n=== verdict ===');
    const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
    for (const r of runs) {
      const ratio = r.rowsPerSecond / r.anchorRowsPerSecond;
      console.log(
        `${r.name}: import ${Math.round(r.rowsPerSecond).toLocaleString('en-GB')} rows/s = ${ratio.toFixed(2)}× ${r.anchorTool} (goal ≥ ${GOALS.ratio}×): ${verdict(ratio >= GOALS.ratio)}`,
      );
      console.log(
        `${r.name}: peak RSS of the import ${r.peakMb.toFixed(0)} MB (goal < ${GOALS.peakMb} MB): ${verdict(r.peakMb < GOALS.peakMb)}`,
      );
      for (const read of r.reads)
        console.log(
          `${r.name}: ${read.label} p95 ${read.p95.toFixed(1)} ms (goal < ${GOALS.p95Ms} ms): ${verdict(read.p95 < GOALS.p95Ms)}`,
        );
    }
    const [after] = loadavg();
    console.log(`machine load average at the end ${after?.toFixed(2)}`);
    return verdictExitCode(runs, 'no errors');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
