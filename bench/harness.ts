/**
 * What the benchmarks share: a fresh database to measure on (SQLite in a temporary directory, or a new
 * PostgreSQL database, each removed afterwards), the Cairn server started in a child process of its own
 * (bench/pages-server.ts, so the load generator and the server do not share a CPU thread), and
 * percentiles.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startSession } from '../src/app/access/sessions.js';
import { systemClock } from '../src/app/clock.js';
import { insertUser } from '../src/storage/account-repository.js';
import type { Store } from '../src/storage/database.js';
import type { BenchPage, CapturedPage, ServerMessage } from './pages-server.js';

export const PG_ADMIN_URL = process.env.CAIRN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// ---- the server child process ----

export interface Server {
  child: ChildProcess;
  port: number;
  pages: CapturedPage[];
  rssAtBoot: number;
  stats(): Promise<Extract<ServerMessage, { type: 'stats' }>>;
  stop(): Promise<void>;
}

const serverScript = fileURLToPath(new URL('./pages-server.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

function nextMessage<T extends ServerMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the bench server did not send '${type}' within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (m: ServerMessage) => {
      if (m.type === type) {
        done();
        resolve(m as Extract<ServerMessage, { type: T }>);
      } else if (m.type === 'failed') {
        done();
        reject(new Error(`the bench server failed:\n${m.message}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`the bench server exited (code ${code}, signal ${signal}) before sending '${type}'`));
    };
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Starts Cairn on 127.0.0.1 and a free port, logging off, in a child process. `pages` are rendered
 * once before it listens and served again from memory (bench/pages); `cookie` signs those renders in.
 */
export async function startServer(
  databaseUrl: string,
  opts: {
    pages?: BenchPage[];
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Server> {
  const child = fork(serverScript, [], {
    cwd: projectRoot,
    // BENCH_SERVER_NODE_ARGS: more options for the server's Node.js, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      BENCH_PAGES: JSON.stringify(opts.pages ?? []),
      BENCH_COOKIE: opts.cookie ?? '',
      BENCH_HEADERS: JSON.stringify(opts.headers ?? {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = await nextMessage(child, 'ready', 120_000);
    return {
      child,
      port: ready.port,
      pages: ready.pages,
      rssAtBoot: ready.rssAtBoot,
      stats: async () => {
        const reply = nextMessage(child, 'stats', 10_000);
        child.send('stats');
        return reply;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---- databases ----

export interface BenchDatabase {
  name: 'SQLite' | 'PostgreSQL';
  url: string;
  drop(): Promise<void>;
}

/** null when PostgreSQL answers; otherwise why not. */
export async function pgReachable(url: string = PG_ADMIN_URL): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export function sqliteDatabase(prefix = 'cairn-bench-'): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    name: 'SQLite',
    url: join(dir, 'bench.db'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(): Promise<BenchDatabase> {
  const name = `cairn_bench_${randomBytes(6).toString('hex')}`;
  await pgAdmin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    url: url.toString(),
    drop: () => pgAdmin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * Runs `bench` on a fresh SQLite database (unless only PostgreSQL is asked for), then on a fresh
 * PostgreSQL database when the server is reachable (saying so when it is not), removing each after.
 * Ctrl-C stops `running()` — the server being measured — before the databases are dropped.
 */
export async function onEachDatabase<T>(
  prefix: string,
  bench: (db: BenchDatabase) => Promise<T>,
  opts: { only?: 'sqlite' | 'postgres'; running: () => Server | undefined },
): Promise<T[]> {
  const databases: BenchDatabase[] = [];
  const cleanup = async () => {
    for (const db of databases.splice(0)) {
      try {
        await db.drop();
      } catch (e) {
        console.error(
          `could not remove the ${db.name} bench database: ${e instanceof Error ? e.message : e}`,
        );
      }
    }
  };
  process.once('SIGINT', () => {
    void (opts.running()?.stop() ?? Promise.resolve()).then(cleanup).finally(() => process.exit(130));
  });
  const runs: T[] = [];
  try {
    if (opts.only !== 'postgres') {
      const sqlite = sqliteDatabase(prefix);
      databases.push(sqlite);
      runs.push(await bench(sqlite));
      await cleanup();
    }
    if (opts.only !== 'sqlite') {
      const unreachable = await pgReachable();
      if (unreachable) {
        console.log(
          `\n=== PostgreSQL ===\nskipped: PostgreSQL is not reachable at ${PG_ADMIN_URL} (${unreachable})`,
        );
      } else {
        const postgres = await postgresDatabase();
        databases.push(postgres);
        runs.push(await bench(postgres));
      }
    }
  } finally {
    await cleanup();
  }
  return runs;
}

/**
 * Prints what made the runs' figures invalid and returns the exit code: 1 if anything did, else 0
 * (after printing `allGood`).
 */
export function verdictExitCode(runs: { name: string; failures: string[] }[], allGood: string): number {
  const failures = runs.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`));
  if (failures.length) {
    console.error(`\nERRORS — the figures above are not valid:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log(allGood);
  return 0;
}

// ---- figures ----

/** Prints a table indented by two spaces: the first column to the left, the others to the right. */
export function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`  ${fmt(header)}`);
  for (const l of lines) console.log(`  ${fmt(l)}`);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not '${raw}'`);
  return n;
}

export const mb = (bytes: number) => bytes / 1024 / 1024;

/** A viewer's session cookie, made as the sign-in form makes one: the pages need a signed-in person. */
export async function viewerCookie(store: Store): Promise<string> {
  const viewer = await insertUser(
    store.db,
    {
      email: 'bench@bench.example',
      name: 'Bench viewer',
      role: 'viewer',
      passwordHash: null,
      directorateId: null,
    },
    new Date().toISOString(),
  );
  return `cairn_session=${await startSession(store, systemClock, viewer.id)}`;
}
