/**
 * Group commit on SQLite (ADR 0007): the web server answers a request that changed something only once
 * the write-ahead log has been synced after its commit; the SQLite connection reports each commit and
 * reuses its prepared statements.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { sessionFor, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const clock = clockAt('2017-10-02T09:00:00Z');
const brand = testBrand();

/** A log sync the test holds back: while `held`, each sync waits in `waiting` until released. */
function heldSync() {
  const state = {
    held: false,
    calls: [] as string[],
    waiting: [] as (() => void)[],
    release() {
      state.held = false;
      for (const go of state.waiting.splice(0)) go();
    },
  };
  const sync = (walPath: string) => {
    state.calls.push(walPath);
    return state.held ? new Promise<void>((resolve) => state.waiting.push(resolve)) : Promise.resolve();
  };
  return { state, sync };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-group-commit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite connection', () => {
  it('reports a commit for each transaction and each change outside one, none for reads', async () => {
    const { state, sync } = heldSync();
    const store = openStore(join(dir, 'cairn.db'), { durability: 'group', syncLog: sync });
    try {
      await migrate(store.db);
      const group = store.groupCommit!;
      const before = group.stats.committed;

      await store.db.selectFrom('directorate').selectAll().execute();
      expect(group.stats.committed).toBe(before);

      await store.db.insertInto('directorate').values({ code: 'One', name: 'One' }).execute();
      expect(group.stats.committed).toBe(before + 1);

      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto('directorate').values({ code: 'Two', name: 'Two' }).execute();
        await trx.insertInto('directorate').values({ code: 'Three', name: 'Three' }).execute();
        expect(group.stats.committed).toBe(before + 1); // not until the transaction commits
      });
      expect(group.stats.committed).toBe(before + 2);

      await group.durable();
      expect(state.calls.at(-1)).toBe(join(dir, 'cairn.db-wal'));
      expect(group.stats.synced).toBe(before + 2);
    } finally {
      await store.close();
    }
  });

  it('reuses prepared statements with fresh parameters, and streams with statements of their own', async () => {
    const store = openStore(join(dir, 'cairn.db'), { durability: 'group' });
    try {
      await migrate(store.db);
      for (const name of ['Alpha', 'Beta', 'Gamma'])
        await store.db.insertInto('directorate').values({ code: name, name }).execute();
      const named = (name: string) =>
        store.db.selectFrom('directorate').select('name').where('code', '=', name).executeTakeFirst();
      expect(await named('Beta')).toEqual({ name: 'Beta' });
      expect(await named('Gamma')).toEqual({ name: 'Gamma' });
      expect(await named('Delta')).toBeUndefined();

      // A stream left unfinished must not leave the same query unusable.
      const query = store.db.selectFrom('directorate').select('name').orderBy('name');
      for await (const row of query.stream()) {
        expect(row.name).toBe('Alpha');
        break;
      }
      expect((await query.execute()).map((r) => r.name)).toEqual(['Alpha', 'Beta', 'Gamma']);

      // The real sync: fdatasync of the log file SQLite writes.
      await store.groupCommit!.durable();
      expect(store.groupCommit!.stats.syncs).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'cairn.db-wal'))).toBe(true);
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]).toEqual({
        synchronous: 1, // NORMAL: the log is synced by group commit, not by each commit
      });
    } finally {
      await store.close();
    }
  });

  it('syncs each commit as it is made when not grouped (the command line, the worker, tests)', async () => {
    const store = openStore(join(dir, 'cairn.db'));
    try {
      expect(store.groupCommit).toBeNull();
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]).toEqual({
        synchronous: 2, // FULL
      });
    } finally {
      await store.close();
    }
  });
});

describe('the web server with group commit', () => {
  let store: Store;
  let sync: ReturnType<typeof heldSync>;

  beforeEach(async () => {
    sync = heldSync();
    store = openStore(join(dir, 'cairn.db'), { durability: 'group', syncLog: sync.sync });
    await migrate(store.db);
    await loadDemo(store, clock);
  });
  afterEach(async () => {
    sync.state.release();
    await store.close();
  });

  it('answers a save only after the log is synced, and a page that changed nothing at once', async () => {
    const app = buildApp({ store, clock, brand });
    const plan = await store.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
    const scs = await store.db
      .selectFrom('directorate')
      .select('id')
      .where('code', '=', 'SCS')
      .executeTakeFirstOrThrow();
    const owner = await sessionFor(store, clock, 'owner', scs.id);
    const seven = await store.db
      .selectFrom('indicator')
      .select('id')
      .where('number', '=', '7')
      .executeTakeFirstOrThrow();
    await assignIndicators(store, systemActor, owner.userId, [seven.id], clock);
    const round = await openRound(
      store,
      systemActor,
      { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
      clock,
    );
    await store.groupCommit!.durable();

    const form = await app.inject({ url: paths.update(round.id, seven.id), cookies: owner.cookies });
    expect(form.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;

    sync.state.held = true;
    const syncsBefore = sync.state.calls.length;
    let answered = false;
    const save = app
      .inject({
        method: 'POST',
        url: paths.update(round.id, seven.id),
        cookies: owner.cookies,
        payload: { _csrf: csrf, version: '0', actual: '7,000', outlook: 'improving', action: 'save' },
      })
      .then((res) => {
        answered = true;
        return res;
      });

    // The figure is committed, but the answer waits for the log to reach the disk.
    await expect.poll(() => sync.state.waiting.length).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    const stored = await store.db
      .selectFrom('indicator_value')
      .select(['actual', 'version'])
      .where('indicator_id', '=', seven.id)
      .where('period_code', '=', '2017-18-Q2')
      .executeTakeFirst();
    expect(stored).toEqual({ actual: 7000, version: 1 });

    // Meanwhile a page that changes nothing is answered without waiting.
    const list = await app.inject({ url: paths.yourUpdates(round.id), cookies: owner.cookies });
    expect(list.statusCode).toBe(200);
    expect(answered).toBe(false);

    sync.state.release();
    const res = await save;
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.yourUpdates(round.id)}?done=saved`);
    expect(sync.state.calls.length).toBe(syncsBefore + 1);
    await app.close();
  });

  it('does not acknowledge a change whose log could not be synced', async () => {
    const app = buildApp({ store, clock, brand });
    const admin = await sessionFor(store, clock, 'admin');
    const failing = openStore(join(dir, 'cairn.db'), {
      durability: 'group',
      syncLog: () => Promise.reject(new Error('EIO: i/o error, fdatasync')),
    });
    const failingApp = buildApp({ store: failing, clock, brand });
    try {
      const page = await failingApp.inject({ url: paths.account(), cookies: admin.cookies });
      expect(page.statusCode).toBe(200);
      const signOut = await failingApp.inject({
        method: 'POST',
        url: paths.signOut(),
        cookies: admin.cookies,
        payload: { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! },
      });
      expect(signOut.statusCode).toBe(500);
      expect(signOut.body).toContain('Sorry, there is a problem with the service');
    } finally {
      await failingApp.close();
      await failing.close().catch(() => undefined);
      await app.close();
    }
  });
});
