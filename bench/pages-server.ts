/**
 * The server half of bench/pages and bench/collection: started by bench/harness.ts as a child process
 * (so the load generator and the server do not share a CPU thread), never run by hand.
 *
 * Environment: DATABASE_URL (already migrated and loaded), BENCH_PAGES (JSON [{ label, url }]),
 * BENCH_COOKIE (a signed-in viewer's session cookie; the memory routes need it too, like the pages),
 * BENCH_HEADERS (JSON: more headers for the first render, e.g. bench/public's API token).
 * Before listening it renders each page (and the stylesheet) once with `app.inject`, and serves the
 * pages' exact bytes, with the same content type, from memory at /bench/memory/<label>: the anchor the
 * bench compares against.
 * It listens on 127.0.0.1, port 0, and tells the parent over IPC:
 *   → { type: 'ready', port, rssAtBoot, pages: [{ label, url, memoryUrl, status, bytes, contentType }] }
 *   ← 'stats'  → { type: 'stats', rss, heapUsed, cpuMicros, groupCommit } (groupCommit: commits and log
 *                syncs so far on SQLite, null on PostgreSQL)
 */
import { systemClock } from '../src/app/clock.js';
import { CairnError } from '../src/app/errors.js';
import { openStore } from '../src/storage/database.js';
import { buildApp } from '../src/web/build-app.js';
import { paths } from '../src/web/paths.js';

export interface BenchPage {
  label: string;
  url: string;
  /** Headers for its first render instead of BENCH_HEADERS (bench/public: a token, or none). */
  headers?: Record<string, string>;
}

export interface CapturedPage extends BenchPage {
  memoryUrl: string;
  status: number;
  bytes: number;
  /** How long the first request took: nothing cached yet. */
  firstMs: number;
  contentType: string;
}

export type ServerMessage =
  | { type: 'ready'; port: number; rssAtBoot: number; pages: CapturedPage[] }
  | {
      type: 'stats';
      rss: number;
      heapUsed: number;
      cpuMicros: number;
      groupCommit: { committed: number; syncs: number; syncMs: number } | null;
    }
  | { type: 'failed'; message: string };

export const memoryUrl = (label: string) => `/bench/memory/${label}`;

function send(message: ServerMessage): void {
  if (!process.send)
    throw new Error('bench/pages-server.ts is started by bench/harness.ts, with an IPC channel');
  process.send(message);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const pages = JSON.parse(process.env.BENCH_PAGES ?? '[]') as BenchPage[];

  const store = openStore(databaseUrl, { durability: 'group' });
  const council = await store.db.selectFrom('council').select('name').executeTakeFirst();
  const app = buildApp(
    {
      store,
      clock: systemClock,
      brand: { councilName: council?.name ?? 'Large Council', colour: '#1d70b8', logoUrl: null },
      // The API's per-token limit still runs on every request; it is set above what a bench sends.
      apiRateLimit: { max: 1_000_000_000, windowMinutes: 1 },
    },
    { logger: false },
  );

  // The app logs nothing (logger: false, as measured); say why a request failed, so a failing bench is clear.
  app.addHook('onError', async (req, _reply, error) => {
    // Refusals Cairn means to give (a stale save's 409, a 404) are answers, not failures.
    if (error instanceof CairnError && error.status < 500) return;
    console.error(`bench server: ${req.method} ${req.url} failed: ${error.stack ?? error.message}`);
  });

  // Routes cannot be added once the app is ready, and the pages can only be rendered once it is: register
  // the memory routes now and fill in their bytes after rendering.
  const captured = new Map<string, { body: Buffer; contentType: string }>();
  // The same access as the pages: signed in for the internal ones, anyone for the public site's.
  const access = process.env.BENCH_COOKIE ? ('read-internal' as const) : ('public' as const);
  for (const page of pages) {
    app.get(memoryUrl(page.label), { config: { access } }, async (_req, reply) => {
      const c = captured.get(page.label);
      if (!c) return reply.code(503).send('not captured');
      return reply.type(c.contentType).send(c.body);
    });
  }
  await app.ready();
  const rssAtBoot = process.memoryUsage().rss; // modules loaded, nothing rendered yet

  const report: CapturedPage[] = [];
  for (const page of pages) {
    const started = performance.now();
    const res = await app.inject({
      method: 'GET',
      url: page.url,
      headers: {
        cookie: process.env.BENCH_COOKIE ?? '',
        ...(page.headers ?? (JSON.parse(process.env.BENCH_HEADERS ?? '{}') as Record<string, string>)),
      },
    });
    const firstMs = performance.now() - started; // a cache miss: read, rate, render
    const contentType = String(res.headers['content-type'] ?? 'application/octet-stream');
    captured.set(page.label, { body: res.rawPayload, contentType });
    report.push({
      ...page,
      memoryUrl: memoryUrl(page.label),
      status: res.statusCode,
      bytes: res.rawPayload.length,
      contentType,
      firstMs,
    });
  }

  // A browser fetches the stylesheet with every first page: fetch it too, so the RSS the bench reports is
  // that of a server that has served a real visit (Sass itself runs in a short-lived child process).
  const css = await app.inject({ method: 'GET', url: paths.stylesheet() });
  if (css.statusCode !== 200) throw new Error(`${paths.stylesheet()} answered ${css.statusCode}`);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening on a TCP port');

  let closing = false;
  // Signal and disconnect handlers cannot be awaited: close, then exit either way (1 when closing failed).
  const shutdown = () => {
    if (closing) return;
    closing = true;
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          console.error('The bench server could not close cleanly:', e);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown); // the parent went away
  process.on('message', (message) => {
    if (message === 'stats') {
      const m = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({
        type: 'stats',
        rss: m.rss,
        heapUsed: m.heapUsed,
        cpuMicros: cpu.user + cpu.system,
        groupCommit: store.groupCommit?.stats ?? null,
      });
    }
  });

  send({ type: 'ready', port: address.port, rssAtBoot, pages: report });
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  console.error(message);
  if (process.send) process.send({ type: 'failed', message } satisfies ServerMessage, () => process.exit(1));
  else process.exit(1);
});
