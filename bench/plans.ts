/**
 * bench/plans: a synthetic plan of 2,000 actions (50 recommendations × 40, 200 findings) with 10
 * progress reviews and an update from each (20,000 updates), on SQLite and on PostgreSQL (when
 * reachable).
 *
 *   npm run bench:plans
 *   BENCH_DURATION=5 npm run bench:plans      # a quick check
 *
 * For each database it makes a fresh database, imports the plan, times building the progress report
 * (the ReportDocument the shared renderers print, and this branch's HTML page of it) and the coverage
 * matrix, then starts the server as a child process (bench/pages-server.ts, so autocannon and the
 * server do not share a thread) and runs autocannon on loopback (20 connections, no pipelining)
 * against the plan overview page. Prints requests per second and p50/p95/p99 latency from every
 * response, and the time to render the progress report in each format through the shared renderers
 * (HTML, tagged PDF in Chromium, Word, Excel, CSV).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startSession } from '../src/app/access/sessions.js';
import { systemActor } from '../src/app/audit.js';
import { systemClock } from '../src/app/clock.js';
import { importPlanDocument } from '../src/app/plans/import.js';
import { loadPlanProgress } from '../src/app/plans/progress.js';
import type { PlanDocument } from '../src/domain/plans/document.js';
import { buildCoverageMatrix, buildProgressReport } from '../src/reports/progress/build.js';
import { closePdfBrowser } from '../src/render/pdf.js';
import { FORMATS } from '../src/render/formats.js';
import { render } from '../src/render/renderers.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore } from '../src/storage/database.js';
import { paths } from '../src/web/paths.js';
import type { BenchPage, ServerMessage } from './pages-server.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = 20;
const TARGET_P95_MS = 100;
const PG_ADMIN_URL = process.env.CAIRN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STATUSES = ['Not started', 'On track', 'Ongoing', 'At risk', 'Complete', 'Paused', 'Stopped'];
const TARGETS = ['December 2024', 'March 2025', 'Q3 2024-25', '31/12/2025', 'ongoing', 'June 2026', ''];

export function syntheticPlan(recs = 50, perRec = 40, reviews = 10): PlanDocument {
  const reviewList = Array.from({ length: reviews }, (_, i) => ({
    title: `Review ${i + 1}`,
    date: `${2024 + Math.floor(i / 4)}-${String(((i % 4) + 1) * 3).padStart(2, '0')}-15`,
  }));
  return {
    plan: {
      kind: 'improvement',
      basis: 'inspection',
      title: 'Synthetic improvement plan',
      source: 'bench/plans.ts',
    },
    themes: [1, 2, 3, 4, 5].map((n) => ({ code: String(n), title: `Priority ${n}` })),
    recommendations: Array.from({ length: recs }, (_, r) => ({
      code: `${(r % 5) + 1}${String.fromCharCode(97 + Math.floor(r / 5))}`,
      theme: String((r % 5) + 1),
      title: `Recommendation ${r + 1} about the way the council plans and delivers its services`,
      bullets: ['Do the first thing well.', 'Then the second, and tell people about it.'],
    })),
    findings: Array.from({ length: recs * 4 }, (_, f) => ({
      number: String(f + 1),
      text: `Finding ${f + 1}: something the inspectors saw that needs to improve`,
      theme: ['Ambition', 'Prioritisation', 'Capacity', 'Performance management'][f % 4]!,
      recommendation: `${(Math.floor(f / 4) % 5) + 1}${String.fromCharCode(97 + Math.floor(Math.floor(f / 4) / 5))}`,
    })),
    reviews: reviewList,
    actions: Array.from({ length: recs * perRec }, (_, i) => {
      const r = Math.floor(i / perRec);
      const rec = `${(r % 5) + 1}${String.fromCharCode(97 + Math.floor(r / 5))}`;
      const status = STATUSES[i % STATUSES.length]!;
      return {
        code: `${rec}.${(i % perRec) + 1}`,
        recommendation: rec,
        title: `Action ${i + 1}: a piece of work with a clear owner and a date by which it will be done`,
        leadOfficers: `Head of Service ${i % 30}`,
        target: TARGETS[i % TARGETS.length]!,
        status,
        findings: [String(((i * 7) % (recs * 4)) + 1), String(((i * 13) % (recs * 4)) + 1)],
        updates: reviewList.map((rv, k) => ({
          review: rv.title,
          status,
          text: `Update ${k + 1} on action ${i + 1}: progress since the last review, what is next and any risk to the date.`,
        })),
      };
    }),
  };
}

// ---- autocannon (no type definitions ship with it) ----
type Autocannon = (
  o: {
    url: string;
    connections: number;
    duration: number;
    pipelining: number;
    headers: Record<string, string>;
  },
  done: (err: Error | null, r: { non2xx: number; errors: number; requests: { average: number } }) => void,
) => { on(e: 'response', l: (c: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function load(url: string, cookie: string) {
  return new Promise<{ latencies: Float64Array; rps: number; bad: number; bytes: number }>(
    (resolve, reject) => {
      const latencies: number[] = [];
      let bytes = 0;
      const inst = autocannon(
        { url, connections: CONNECTIONS, duration: DURATION, pipelining: 1, headers: { cookie } },
        (err, r) =>
          err
            ? reject(err)
            : resolve({
                latencies: Float64Array.from(latencies).sort(),
                rps: r.requests.average,
                bad: r.non2xx + r.errors,
                bytes: latencies.length ? bytes / latencies.length : 0,
              }),
      );
      inst.on('response', (_c, _s, b, ms) => {
        latencies.push(ms);
        bytes += b;
      });
    },
  );
}
const pct = (s: Float64Array, p: number) => s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1] ?? NaN;

function startServer(databaseUrl: string, pages: BenchPage[], cookie: string) {
  const child: ChildProcess = fork(fileURLToPath(new URL('./pages-server.ts', import.meta.url)), [], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      BENCH_PAGES: JSON.stringify(pages),
      BENCH_COOKIE: cookie,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<{ child: ChildProcess; ready: Extract<ServerMessage, { type: 'ready' }> }>(
    (resolve, reject) => {
      child.on('message', (m: ServerMessage) => {
        if (m.type === 'ready') resolve({ child, ready: m });
        else if (m.type === 'failed') reject(new Error(m.message));
      });
      child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
    },
  );
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T> | T, runs = 5): Promise<{ value: T; median: number }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { value, median: times[Math.floor(times.length / 2)]! };
}

async function benchDatabase(label: string, url: string): Promise<boolean> {
  const store = openStore(url);
  await migrate(store.db);
  const doc = syntheticPlan();
  let t = performance.now();
  const { planId } = await importPlanDocument(store, systemActor, doc, systemClock, { source: 'bench' });
  console.log(
    `\n[${label}] imported ${doc.actions.length} actions, ${doc.actions.length * doc.reviews.length} updates in ${ms(performance.now() - t)}`,
  );
  const last = await store.db
    .selectFrom('progress_review')
    .select('id')
    .where('improvement_plan_id', '=', planId)
    .orderBy('review_date', 'desc')
    .executeTakeFirstOrThrow();
  const read = await timed(() =>
    loadPlanProgress(store, planId, systemClock, { reviewId: last.id, withUpdates: true }),
  );
  const ctx = { council: 'Bench Council', readAt: new Date().toISOString() };
  const report = await timed(() => buildProgressReport(read.value.data, read.value.progress, ctx));
  const cov = await timed(() => buildCoverageMatrix(read.value.data, read.value.progress, ctx));
  const rows = report.value.blocks
    .filter((b) => b.kind === 'table')
    .reduce((n, b) => n + (b.kind === 'table' ? b.rows.length : 0), 0);
  console.log(`  read plan + 20,000 updates + progress:  ${ms(read.median)} (median of 5)`);
  console.log(`  progress report document (${rows} table rows): ${ms(report.median)}`);
  console.log(`  coverage matrix document:               ${ms(cov.median)}`);
  for (const format of FORMATS) {
    const r = await timed(() => render(report.value, format), format === 'pdf' ? 2 : 3);
    console.log(
      `  progress report as ${format.padEnd(4)}: ${ms(r.median)} (median), ${(r.value.length / 1024).toFixed(0)} KB`,
    );
  }

  const user = await insertUser(
    store.db,
    { email: 'bench@example', name: 'Bench', role: 'viewer', passwordHash: null, directorateId: null },
    new Date().toISOString(),
  );
  const cookie = `cairn_session=${await startSession(store, systemClock, user.id)}`;
  await store.close();
  const pages: BenchPage[] = [
    { label: 'overview', url: paths.improvementPlan(planId) },
    { label: 'report-html', url: paths.planReport(planId, { review: last.id }) },
  ];
  const { child, ready } = await startServer(url, pages, cookie);
  let ok = true;
  try {
    for (const p of ready.pages) {
      console.log(
        `  ${p.label}: first (uncached) render ${ms(p.firstMs)}, ${(p.bytes / 1024).toFixed(0)} KB, status ${p.status}`,
      );
      if (p.status !== 200) ok = false;
    }
    t = performance.now();
    const r = await load(`http://127.0.0.1:${ready.port}${pages[0]!.url}`, cookie);
    const p95 = pct(r.latencies, 95);
    console.log(
      `  plan overview under load (${CONNECTIONS} connections, ${DURATION} s, loopback): ${r.rps.toFixed(0)} req/s, ` +
        `p50 ${ms(pct(r.latencies, 50))}, p95 ${ms(p95)}, p99 ${ms(pct(r.latencies, 99))}, ${(r.bytes / 1024).toFixed(0)} KB/response, ` +
        `${r.bad} errors or non-2xx — p95 ${p95 <= TARGET_P95_MS ? 'PASS' : 'FAIL'} against ${TARGET_P95_MS} ms (ratio ${(p95 / TARGET_P95_MS).toFixed(2)})`,
    );
    const overview = ready.pages[0]!;
    const m = await load(`http://127.0.0.1:${ready.port}${overview.memoryUrl}`, cookie);
    console.log(
      `  the same bytes sent from memory (the anchor):  ${m.rps.toFixed(0)} req/s, p95 ${ms(pct(m.latencies, 95))} — ` +
        `the overview's p95 is ${(p95 / pct(m.latencies, 95)).toFixed(2)}× the anchor's`,
    );
    if (r.bad || m.bad) ok = false;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return ok;
}

async function pgUrl(): Promise<string | null> {
  const name = `cairn_bench_plans_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropPg(url: string) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
  await admin.end();
}

async function main(): Promise<number> {
  let ok = true;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-plans-'));
  try {
    ok = (await benchDatabase('SQLite', join(dir, 'cairn.db'))) && ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = await pgUrl();
  if (!url) console.log('\n[PostgreSQL] not reachable: skipped');
  else
    try {
      ok = (await benchDatabase('PostgreSQL', url)) && ok;
    } finally {
      await dropPg(url);
    }
  await closePdfBrowser();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
