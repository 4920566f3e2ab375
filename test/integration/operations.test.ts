/**
 * The operators' endpoints (issue 17), on SQLite and PostgreSQL: /ready (the database answers and its
 * migrations are this release's), /metrics (Prometheus text behind a bearer token: requests and
 * latency by route pattern, the reminder outboxes as the worker's queue), and request ids in the
 * JSON log and the response.
 */
import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { migrate, openStore } from '../../src/storage/database.js';
import { buildCli } from '../../src/main/cli.js';
import { reminderOutbox } from '../../src/storage/reminder-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { createTestDatabase, describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const TOKEN = 'metrics-token-for-the-tests-0123456789';
const brand = testBrand();

describeEachDatabase(
  'ready, metrics and request ids',
  (store) => {
    it('is ready when the database answers and has every migration', async () => {
      const app = buildApp({ store: store(), clock: fixedClock, brand });
      const res = await app.inject({ url: paths.ready() });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
      // Liveness is still its own, cheaper question.
      expect((await app.inject({ url: paths.health() })).json()).toEqual({ status: 'ok' });
      await app.close();
    });

    it('is not ready while a migration is pending, nor when the database does not answer', async () => {
      const dialect = store().dialect;
      const older = await createTestDatabase(dialect);
      const behind = openStore(older.url);
      try {
        const { error } = await new Migrator({ db: behind.db, provider: migrationProvider }).migrateTo(
          '0012_security',
        );
        expect(error).toBeUndefined();
        const after = Object.keys(await migrationProvider.getMigrations()).filter((n) => n > '0012_security');
        expect(after[0]).toBe('0013_framework_cycle');
        const app = buildApp({ store: behind, clock: fixedClock, brand });
        const res = await app.inject({ url: paths.ready() });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({
          status: 'not ready',
          database: 'ok',
          migrations: `${after.length} pending (${after.join(', ')}): run cairn db migrate`,
        });
        await app.close();

        // Migrated by a newer release (one this code does not know): not ready, and not migrated back.
        await migrate(behind.db);
        await sql`insert into kysely_migration (name, timestamp) values ('0099_from_a_newer_release', '2030-01-01T00:00:00.000Z')`.execute(
          behind.db,
        );
        const newer = buildApp({ store: behind, clock: fixedClock, brand });
        const refused = await newer.inject({ url: paths.ready() });
        expect(refused.statusCode).toBe(503);
        expect(refused.json<{ migrations: string }>().migrations).toBe(
          'the database has migrations this release does not know (0099_from_a_newer_release): it belongs to a newer release',
        );
        await newer.close();
        const previous = process.env.DATABASE_URL;
        process.env.DATABASE_URL = older.url;
        try {
          await expect(buildCli().parseAsync(['node', 'cairn', 'db', 'migrate'])).rejects.toMatchObject({
            code: 'CONFLICT',
            message: expect.stringContaining('it was migrated by a newer release of Cairn') as unknown,
          });
        } finally {
          if (previous === undefined) delete process.env.DATABASE_URL;
          else process.env.DATABASE_URL = previous;
        }
      } finally {
        await behind.close();
        await older.drop();
      }
      // A database that does not answer: PostgreSQL at an address nobody listens on (a SQLite file is
      // this process's own, so it always answers while the process runs).
      if (dialect !== 'postgres') return;
      const gone = openStore('postgres://nobody@127.0.0.1:9/none');
      const app = buildApp({ store: gone, clock: fixedClock, brand });
      try {
        const res = await app.inject({ url: paths.ready() });
        expect(res.statusCode).toBe(503);
        const body = res.json<{ status: string; database: string }>();
        expect(body.status).toBe('not ready');
        expect(body.database).toMatch(/^unreachable: /);
      } finally {
        await app.close();
        await gone.close();
      }
    });

    it('has no /metrics without a token configured, and asks for the token when there is one', async () => {
      const without = buildApp({ store: store(), clock: fixedClock, brand });
      expect((await without.inject({ url: paths.metrics() })).statusCode).toBe(404);
      await without.close();

      const app = buildApp({ store: store(), clock: fixedClock, brand, metricsToken: TOKEN });
      const none = await app.inject({ url: paths.metrics() });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="cairn-metrics"');
      const wrong = await app.inject({
        url: paths.metrics(),
        headers: { authorization: `Bearer ${TOKEN.slice(1)}x` },
      });
      expect(wrong.statusCode).toBe(401);
      // A session does not open it either: it is for the monitoring system, not people.
      const admin = await sessionFor(store(), fixedClock, 'admin');
      expect((await app.inject({ url: paths.metrics(), cookies: admin.cookies })).statusCode).toBe(401);
      await app.close();
    });

    it("counts this process's requests by route pattern, and reads the worker's queue from the database", async () => {
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        store(),
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        fixedClock,
      );
      const owner = await sessionFor(store(), fixedClock, 'owner');
      const queued = new Date(Date.now() - 3600_000).toISOString();
      await reminderOutbox.add(
        store().db,
        ['one', 'two', 'three'].map((key) => ({
          key: `metrics-${key}`,
          kind: 'due-soon',
          roundId: round.id,
          userId: owner.userId,
          recipient: 'owner@test.example',
          subject: 'Reminder',
          body: 'Text',
        })),
        queued,
      );
      const sent = await store()
        .db.selectFrom('reminder')
        .select('id')
        .where('key', '=', 'metrics-one')
        .executeTakeFirstOrThrow();
      await reminderOutbox.markSent(store().db, sent.id, '2026-01-02T03:04:05.000Z');

      const app = buildApp({ store: store(), clock: fixedClock, brand, metricsToken: TOKEN });
      const viewer = await sessionFor(store(), fixedClock, 'viewer');
      for (const url of [paths.plan(plan.id), paths.plan(plan.id), paths.ready(), '/no-such-page'])
        await app.inject({ url, cookies: viewer.cookies });
      const res = await app.inject({ url: paths.metrics(), headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = res.body;
      // Route patterns, never the URLs themselves: the labels stay few.
      expect(text).toContain('cairn_http_requests_total{method="GET",route="/plans/:planId",status="200"} 2');
      expect(text).toContain('cairn_http_requests_total{method="GET",route="/ready",status="200"} 1');
      expect(text).toContain('cairn_http_requests_total{method="GET",route="unmatched",status="404"} 1');
      expect(text).toContain('# TYPE cairn_http_request_duration_seconds histogram');
      expect(text).toMatch(
        /cairn_http_request_duration_seconds_bucket\{method="GET",route="\/plans\/:planId",le="\+Inf"\} 2/,
      );
      expect(text).toContain(
        'cairn_http_request_duration_seconds_count{method="GET",route="/plans/:planId"} 2',
      );
      expect(text).toContain('cairn_database_up 1');
      expect(text).toContain('cairn_migrations_pending 0');
      expect(text).toContain('cairn_outbox_reminders{outbox="reminder",state="waiting"} 2');
      expect(text).toContain('cairn_outbox_reminders{outbox="reminder",state="sent"} 1');
      expect(text).toContain('cairn_outbox_reminders{outbox="action_reminder",state="waiting"} 0');
      const oldest = Number(/cairn_outbox_oldest_waiting_seconds\{outbox="reminder"\} (\S+)/.exec(text)?.[1]);
      expect(oldest).toBeGreaterThan(3500);
      expect(oldest).toBeLessThan(3600 + 600);
      expect(text).toContain(
        `cairn_outbox_last_sent_timestamp_seconds{outbox="reminder"} ${Date.parse('2026-01-02T03:04:05.000Z') / 1000}`,
      );
      expect(text).toContain('cairn_outbox_last_sent_timestamp_seconds{outbox="action_reminder"} 0');
      expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
      // Every sample line is a name, optional labels and a number (what Prometheus parses).
      for (const line of text.trimEnd().split('\n'))
        if (!line.startsWith('#')) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+]+$/);
      await app.close();
    });

    it('gives every request an id, in each of its log lines and in the response', async () => {
      const lines: string[] = [];
      const stream = { write: (line: string) => void lines.push(line) };
      const app = buildApp(
        { store: store(), clock: fixedClock, brand },
        { logger: { level: 'info', stream } },
      );
      const a = await app.inject({ url: paths.health() });
      const b = await app.inject({ url: paths.health() });
      const id = String(a.headers['x-request-id']);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(b.headers['x-request-id']).not.toBe(id);
      const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
      expect(logged.filter((l) => l.reqId === id).map((l) => l.msg)).toEqual([
        'incoming request',
        'request completed',
      ]);
      // Not behind a trusted proxy, a client's own X-Request-Id is not believed.
      const forged = await app.inject({
        url: paths.health(),
        headers: { 'x-request-id': 'chosen-by-client' },
      });
      expect(forged.headers['x-request-id']).not.toBe('chosen-by-client');
      await app.close();

      // Behind a trusted proxy, its X-Request-Id follows the request through (when it is a plain token).
      const proxied = buildApp({ store: store(), clock: fixedClock, brand, trustProxy: true });
      const kept = await proxied.inject({ url: paths.health(), headers: { 'x-request-id': 'lb-4f2a.91' } });
      expect(kept.headers['x-request-id']).toBe('lb-4f2a.91');
      const odd = await proxied.inject({ url: paths.health(), headers: { 'x-request-id': 'two words\n' } });
      expect(odd.headers['x-request-id']).not.toContain('two words');
      await proxied.close();
    });
  },
  async (store) => {
    await loadDemo(store, fixedClock);
  },
);
