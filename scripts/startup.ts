/**
 * Start-up time and memory of the web server, run through tsx (`npm run dev`) and compiled
 * (`npm start`, dist/): `npx tsx scripts/startup.ts [runs]` (default 5; `npm run build` first).
 *
 * Each run starts the server on a free port against one SQLite database (migrated and holding the
 * demo, made once before the runs, so no run loads anything), times it from spawn until its log says
 * it listens, then fetches the sign-in page and the stylesheet — a first visit — and reads its
 * resident memory (VmRSS) at both points. Prints the median of the runs for each way of running, and
 * the machine's load, which on a shared machine explains most of the spread.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/app/clock.js';
import { loadDemo } from '../src/app/demo.js';
import { migrate, openStore } from '../src/storage/database.js';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 5);

const rssMb = (pid: number) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
};

async function once(args: string[], databaseUrl: string) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const m = /"port":(\d+)[^\n]*Cairn is running/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
  const ms = performance.now() - started;
  const atListen = rssMb(child.pid!);
  for (const path of ['/sign-in', '/assets/cairn.css'])
    await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
  const afterVisit = rssMb(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { ms, atListen, afterVisit };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  // scripts/dist.js is plain JavaScript (npm start uses it before anything is compiled).
  const { distState } = (await import(pathToFileURL(join(root, 'scripts', 'dist.js')).href)) as {
    distState: () => 'missing' | 'stale' | 'fresh';
  };
  if (distState() !== 'fresh')
    throw new Error('dist/ is missing or older than src/: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'cairn-startup-'));
  const url = join(dir, 'cairn.db');
  try {
    const store = openStore(url);
    await migrate(store.db);
    await loadDemo(store, systemClock);
    await store.close();
    const ways = {
      'tsx (npm run dev)': ['--import', 'tsx', 'src/main/server.ts'],
      'compiled (npm start)': ['dist/src/main/server.js'],
    };
    const results: Record<string, Awaited<ReturnType<typeof once>>[]> = {};
    // Alternate the two, so a change in the machine's load falls on both alike.
    for (let i = 0; i < runs; i++)
      for (const [name, args] of Object.entries(ways)) (results[name] ??= []).push(await once(args, url));
    console.log(
      `${runs} runs each, Node.js ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log('                        start-up   RSS listening   RSS after a first visit');
    for (const [name, r] of Object.entries(results))
      console.log(
        `${name.padEnd(22)} ${(median(r.map((x) => x.ms)) / 1000).toFixed(2).padStart(7)} s ${median(
          r.map((x) => x.atListen),
        )
          .toFixed(0)
          .padStart(10)} MB ${median(r.map((x) => x.afterVisit))
          .toFixed(0)
          .padStart(15)} MB`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
