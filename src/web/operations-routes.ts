/**
 * The operators' endpoints (issue 17), beside /health (liveness, in build-app.ts):
 *
 * - `GET /ready` — readiness for a load balancer or orchestrator: 200 when the database answers and
 *   has every migration this release knows, 503 (with what is wrong) otherwise. Public, like /health.
 * - `GET /metrics` — Prometheus text format: this process's requests (a counter and a latency
 *   histogram by route pattern and status), its memory and uptime, and what the database says about
 *   the worker's queue (the reminder outboxes: by state, the oldest still waiting, the last sent).
 *   Behind a bearer token (CAIRN_METRICS_TOKEN); without one configured there is no such page (404).
 *
 * And request ids: every request gets one (a load balancer's `X-Request-Id` is kept when Cairn trusts
 * the proxy), logged with each of its log lines as `reqId` and sent back as `X-Request-Id`.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { databaseFigures, readiness } from '../app/operations.js';
import type { Store } from '../app/store.js';
import { paths } from './paths.js';

/** Seconds: from a cached page (a few ms) to a PDF rendered on the spot. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request-id options: a random UUID per request — unique across processes, unlike
 * Fastify's per-process counter — or, behind a trusted proxy, the proxy's `X-Request-Id` when it is a
 * plain token, so one request can be followed from the load balancer's log to Cairn's.
 */
export function requestIds(trustProxy: unknown) {
  // Fastify's trustProxy as Cairn configures it: false, true, a hop count (0: none) or addresses.
  const trusted = trustProxy !== false && trustProxy !== undefined && trustProxy !== 0;
  return {
    requestIdHeader: false as const,
    genReqId: (req: IncomingMessage): string => {
      const given = req.headers['x-request-id'];
      return trusted && typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

/** This process's request counts and latencies, in Prometheus's text format. */
export class HttpMetrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, { buckets: number[]; sum: number; count: number }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const dkey = labels({ method, route });
    let d = this.#durations.get(dkey);
    if (!d) this.#durations.set(dkey, (d = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) d.buckets[i]! += 1;
    });
    d.sum += seconds;
    d.count += 1;
  }

  text(): string[] {
    const lines = [
      '# HELP cairn_http_requests_total Requests answered by this process.',
      '# TYPE cairn_http_requests_total counter',
      ...[...this.#requests].map(([k, n]) => `cairn_http_requests_total{${k}} ${n}`),
      '# HELP cairn_http_request_duration_seconds Time to answer a request, by route pattern.',
      '# TYPE cairn_http_request_duration_seconds histogram',
    ];
    for (const [k, d] of this.#durations) {
      BUCKETS.forEach((le, i) =>
        lines.push(`cairn_http_request_duration_seconds_bucket{${k},le="${le}"} ${d.buckets[i]}`),
      );
      lines.push(`cairn_http_request_duration_seconds_bucket{${k},le="+Inf"} ${d.count}`);
      lines.push(`cairn_http_request_duration_seconds_sum{${k}} ${d.sum}`);
      lines.push(`cairn_http_request_duration_seconds_count{${k}} ${d.count}`);
    }
    return lines;
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether the Authorization header carries the token (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : 0);

export function operationsRoutes(
  app: FastifyInstance,
  deps: { store: Store; metricsToken?: string | null },
): void {
  const metrics = new HttpMetrics();
  const started = Date.now();

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    // The route's pattern (/plans/:planId), never the URL itself: the label set stays bounded.
    metrics.observe(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.get(paths.ready(), { config: { access: 'public' } }, async (_req, reply) => {
    const r = await readiness(deps.store);
    return reply
      .code(r.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: r.ready ? 'ready' : 'not ready', database: r.database, migrations: r.migrations });
  });

  app.get(paths.metrics(), { config: { access: 'public' } }, async (req, reply) => {
    const token = deps.metricsToken;
    if (!token) return reply.callNotFound();
    if (!bearerMatches(req.headers.authorization, token))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="cairn-metrics"')
        .type('text/plain; charset=utf-8')
        .send('The metrics need the bearer token set in CAIRN_METRICS_TOKEN.\n');
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const lines = [
      ...metrics.text(),
      '# HELP process_resident_memory_bytes Resident memory of this process.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use.',
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
      '# HELP process_cpu_seconds_total CPU time of this process.',
      '# TYPE process_cpu_seconds_total counter',
      `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
      '# HELP process_start_time_seconds When this process started (Unix time).',
      '# TYPE process_start_time_seconds gauge',
      `process_start_time_seconds ${Math.floor(started / 1000)}`,
      '# HELP cairn_info This process: Node.js version.',
      '# TYPE cairn_info gauge',
      `cairn_info{${labels({ node: process.version })}} 1`,
    ];
    try {
      const db = await databaseFigures(deps.store);
      lines.push(
        '# HELP cairn_database_up Whether the database answered this scrape.',
        '# TYPE cairn_database_up gauge',
        'cairn_database_up 1',
        '# HELP cairn_data_version The data version (moves on every change to the framework or figures).',
        '# TYPE cairn_data_version gauge',
        `cairn_data_version ${db.dataVersion}`,
        '# HELP cairn_migrations_pending Migrations this release would still apply.',
        '# TYPE cairn_migrations_pending gauge',
        `cairn_migrations_pending ${db.pendingMigrations}`,
        '# HELP cairn_outbox_reminders Reminders in the outbox (the worker queue), by state.',
        '# TYPE cairn_outbox_reminders gauge',
        ...db.outboxes.flatMap((o) =>
          Object.entries(o.counts).map(
            ([state, n]) => `cairn_outbox_reminders{${labels({ outbox: o.table, state })}} ${n}`,
          ),
        ),
        '# HELP cairn_outbox_oldest_waiting_seconds Age of the oldest reminder waiting to be sent (0: none waits).',
        '# TYPE cairn_outbox_oldest_waiting_seconds gauge',
        ...db.outboxes.map(
          (o) =>
            `cairn_outbox_oldest_waiting_seconds{${labels({ outbox: o.table })}} ${
              o.oldestWaiting ? Math.max(0, Date.now() / 1000 - seconds(o.oldestWaiting)) : 0
            }`,
        ),
        '# HELP cairn_outbox_last_sent_timestamp_seconds When the worker last sent a reminder (Unix time; 0: never).',
        '# TYPE cairn_outbox_last_sent_timestamp_seconds gauge',
        ...db.outboxes.map(
          (o) =>
            `cairn_outbox_last_sent_timestamp_seconds{${labels({ outbox: o.table })}} ${seconds(o.lastSent)}`,
        ),
      );
    } catch (e) {
      req.log.warn({ err: e }, 'metrics: the database did not answer');
      lines.push(
        '# HELP cairn_database_up Whether the database answered this scrape.',
        '# TYPE cairn_database_up gauge',
        'cairn_database_up 0',
      );
    }
    return reply
      .header('cache-control', 'no-store')
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(`${lines.join('\n')}\n`);
  });
}
