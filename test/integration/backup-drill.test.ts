/**
 * The backup drill (issue 17), on SQLite and on PostgreSQL: Cairn's web server runs in a child
 * process and 20 data owners save figures through it over HTTP, without pause. Part-way through,
 * `cairn backup` runs (another process, while the saves go on). The backup is restored with
 * `cairn restore` into a fresh database, and there every save acknowledged before the backup began
 * is found — its figure and its audit record — and `cairn audit verify` passes with the audit key the
 * server chained with. `cairn restore` refuses to overwrite the live database, which holds data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAuditKey, useAuditKey } from '../../src/app/audit.js';
import { systemClock } from '../../src/app/clock.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { migrate, openStore } from '../../src/storage/database.js';
import { setCouncil } from '../../src/storage/performance-repository.js';
import { paths } from '../../src/web/paths.js';
import { figureFor, formBody } from '../../bench/collection-load.js';
import { prepareRound, type BenchOwner, type CollectionBench } from '../../bench/collection-setup.js';
import { syntheticFramework } from '../../bench/synthetic.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { runCairn, startCairnServer, TEST_AUDIT_KEY, type CairnServer } from '../support/processes.js';

const OWNERS = 20;
const EACH = 2;

interface Ack {
  commentary: string;
  indicatorId: number;
  /** performance.now() when the 303 arrived. */
  at: number;
}

const VERSION = /name="version"[^>]*value="(\d+)"/;
const CSRF = /name="_csrf"[^>]*value="([^"]+)"/;

/** One data owner saving its figures in turn until `stop()`; every acknowledged save is kept. */
async function owner(
  base: string,
  roundId: number,
  who: BenchOwner,
  acks: Ack[],
  failures: string[],
  stopped: () => boolean,
): Promise<void> {
  const headers = { cookie: `cairn_session=${who.token}` };
  for (let n = 1; !stopped(); n++) {
    for (const indicator of who.indicators) {
      if (stopped()) return;
      const path = paths.update(roundId, indicator.id);
      const form = await fetch(`${base}${path}`, { headers });
      const html = await form.text();
      const version = VERSION.exec(html)?.[1];
      const csrf = CSRF.exec(html)?.[1];
      if (form.status !== 200 || version === undefined || csrf === undefined) {
        failures.push(`GET ${path}: ${form.status}`);
        return;
      }
      const figure = figureFor(who, indicator, n, 'save');
      const posted = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(figure, csrf, Number(version)),
        redirect: 'manual',
      });
      await posted.arrayBuffer();
      if (posted.status !== 303) {
        failures.push(`POST ${path} (version ${version}): ${posted.status}`);
        return;
      }
      acks.push({ commentary: figure.commentary, indicatorId: indicator.id, at: performance.now() });
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe(`the backup drill [${dialect}]`, () => {
    let live: TestDatabase;
    let restored: TestDatabase;
    let dir: string;
    let bench: CollectionBench;
    let server: CairnServer | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-drill-'));
      live = await createTestDatabase(dialect);
      restored = await createTestDatabase(dialect);
      env = {
        CAIRN_AUDIT_KEY: TEST_AUDIT_KEY,
        CAIRN_AUDIT_CHECKPOINT_DIR: join(dir, 'checkpoints'),
      };
      // Set up as the server would have: every audit record chained with the same key.
      const previousKey = currentAuditKey();
      useAuditKey(Buffer.from(TEST_AUDIT_KEY, 'hex'));
      const store = openStore(live.url);
      try {
        await migrate(store.db);
        await setCouncil(store.db, { name: 'Drill Council', shortName: 'Drill' });
        const doc = syntheticFramework({
          priorities: 2,
          outcomes: 4,
          indicators: OWNERS * EACH,
          directorates: 2,
          years: '2021-22',
          title: 'Drill Council Plan',
        });
        const { planId } = await saveFrameworkDocument(store, doc, systemClock);
        bench = await prepareRound(store, systemClock, planId, OWNERS);
      } finally {
        await store.close();
        useAuditKey(previousKey);
      }
      server = await startCairnServer({ ...env, DATABASE_URL: live.url, LOG_LEVEL: 'info' });
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      await live?.drop();
      await restored?.drop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('restores every save acknowledged before the backup began, with the audit trail intact', async () => {
      const acks: Ack[] = [];
      const failures: string[] = [];
      let stop = false;
      const clients = bench.owners.map((o) =>
        owner(server!.url, bench.roundId, o, acks, failures, () => stop),
      );
      try {
        // Let the saves get going, then back up while they continue.
        while (acks.length < 60 && failures.length === 0) await sleep(50);
        const backupFile = join(dir, dialect === 'sqlite' ? 'drill.db' : 'drill.dump');
        const began = performance.now();
        const backup = await runCairn(['backup', '--out', backupFile], { ...env, DATABASE_URL: live.url });
        const ended = performance.now();
        expect(backup.err).toBe('');
        expect(backup.code).toBe(0);
        expect(backup.out).toContain(
          `Backed up the ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database`,
        );
        const during = () => acks.filter((a) => a.at > began && a.at < ended).length;
        // The saves went on while the backup ran.
        expect(during()).toBeGreaterThan(0);
        stop = true;
        await Promise.all(clients);
        expect(failures).toEqual([]);
        const before = acks.filter((a) => a.at < began);
        expect(before.length).toBeGreaterThanOrEqual(60);

        // The live database holds data: restoring over it is refused without --force.
        const refused = await runCairn(['restore', backupFile], { ...env, DATABASE_URL: live.url });
        expect(refused.code).toBe(5);
        expect(refused.err).toContain('already holds data');

        const restore = await runCairn(['restore', backupFile], { ...env, DATABASE_URL: restored.url });
        expect(restore.err).toBe('');
        expect(restore.code).toBe(0);
        expect(restore.out).toMatch(
          /Audit trail verified: \d+ records, \d+ keyed with the audit key, chain intact/,
        );

        const verify = await runCairn(['audit', 'verify'], { ...env, DATABASE_URL: restored.url });
        expect(verify.code, verify.err).toBe(0);
        expect(verify.out).toContain('chain intact');

        // Every save acknowledged before the backup began: its audit record, and a figure at least that new.
        const store = openStore(restored.url);
        try {
          const audits = await store.db
            .selectFrom('audit_event')
            .select('after')
            .where('entity', '=', 'indicator_value')
            .where('action', '=', 'value.save')
            .execute();
          const saved = new Set(
            audits.map((a) => (JSON.parse(a.after ?? '{}') as { commentary?: string }).commentary),
          );
          const missing = before.filter((a) => !saved.has(a.commentary)).map((a) => a.commentary);
          expect(missing).toEqual([]);
          const versions = new Map(
            (
              await store.db
                .selectFrom('indicator_value')
                .select(['indicator_id', 'version'])
                .where(
                  'indicator_id',
                  'in',
                  bench.owners.flatMap((o) => o.indicators.map((i) => i.id)),
                )
                .execute()
            ).map((r) => [r.indicator_id, Number(r.version)]),
          );
          for (const o of bench.owners)
            for (const i of o.indicators) {
              const acked = before.filter((a) => a.indicatorId === i.id).length;
              expect(versions.get(i.id) ?? 0).toBeGreaterThanOrEqual(acked);
            }
        } finally {
          await store.close();
        }
      } finally {
        stop = true;
        await Promise.allSettled(clients);
      }
    }, 240_000);
  });
}
