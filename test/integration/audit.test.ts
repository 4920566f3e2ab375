import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cliActor, recordChange, systemActor, userActor, verifyAuditTrail } from '../../src/app/audit.js';
import { CairnError } from '../../src/app/errors.js';
import { buildCli, reportError } from '../../src/main/cli.js';
import {
  appendAudit,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  indicatorHistory,
  listAudit,
  verifyAudit,
} from '../../src/storage/audit-repository.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';

const clock = clockAt('2025-04-01T09:00:00.000Z');
const jane = userActor({ id: 3, name: 'Jane Smith' });

async function countAudit(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Lets the test change one audit row, as an attacker with the database's owner rights could. */
async function tamper(store: Store, id: number, after: string): Promise<void> {
  const db = store.db;
  if (store.dialect === 'postgres') {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`.execute(db);
    await sql`UPDATE audit_event SET after = ${after} WHERE id = ${id}`.execute(db);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_event_no_update`.execute(db);
    await sql`UPDATE audit_event SET after = ${after} WHERE id = ${id}`.execute(db);
    await sql`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END`.execute(db);
  }
}

async function removeRecord(store: Store, id: number): Promise<void> {
  const db = store.db;
  if (store.dialect === 'postgres') {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`.execute(db);
    await sql`DELETE FROM audit_event WHERE id = ${id}`.execute(db);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_event_no_delete`.execute(db);
    await sql`DELETE FROM audit_event WHERE id = ${id}`.execute(db);
    await sql`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END`.execute(db);
  }
}

describe('canonical JSON', () => {
  it('sorts keys, drops undefined properties and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: 'x', c: [1, undefined, NaN] }, z: undefined })).toBe(
      '{"a":{"c":[1,null,null],"d":"x"},"b":1}',
    );
    expect(canonicalJson({ 10: 'ten', 2: 'two', a: null })).toBe('{"10":"ten","2":"two","a":null}');
    expect(canonicalJson(new Date('2025-04-01T09:00:00Z'))).toBe('"2025-04-01T09:00:00.000Z"');
    expect(canonicalJson(undefined)).toBeUndefined();
    expect(canonicalJson(null)).toBe('null');
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('actors', () => {
  it('name users, the command line and the system', () => {
    expect(jane).toEqual({ id: 'user:3', name: 'Jane Smith' });
    expect(cliActor().id).toMatch(/^cli:.+/);
    expect(systemActor.id).toBe('system');
  });
});

describeEachDatabase('the audit trail', (store) => {
  it('links each record to the one before it, in transactions', async () => {
    const db = store().db;
    const first = await db.transaction().execute((trx) =>
      recordChange(
        trx,
        jane,
        {
          action: 'value.update',
          entity: 'indicator_value',
          entityId: 42,
          before: { commentary: 'On track', actual: 10 },
          after: { actual: 12, commentary: 'On track' },
          reason: 'Corrected figure',
        },
        clock,
      ),
    );
    expect(first.prev_hash).toBe(GENESIS_HASH);
    expect(first.entity_id).toBe('42');
    expect(first.at).toBe('2025-04-01T09:00:00.000Z');
    expect(first.before).toBe('{"actual":10,"commentary":"On track"}');
    expect(first.after).toBe('{"actual":12,"commentary":"On track"}');
    // The documented serialisation, recomputed independently.
    const bytes =
      `["${GENESIS_HASH}","2025-04-01T09:00:00.000Z","user:3","Jane Smith","value.update",` +
      `"indicator_value","42","{\\"actual\\":10,\\"commentary\\":\\"On track\\"}",` +
      `"{\\"actual\\":12,\\"commentary\\":\\"On track\\"}","Corrected figure"]`;
    expect(first.hash).toBe(createHash('sha256').update(bytes, 'utf8').digest('hex'));

    const second = await db
      .transaction()
      .execute((trx) =>
        recordChange(
          trx,
          systemActor,
          { action: 'user.create', entity: 'user_account', entityId: '7', after: { name: 'Ann' } },
          clock,
        ),
      );
    expect(second.prev_hash).toBe(first.hash);
    expect(second.before).toBeNull();
    expect(second.reason).toBeNull();
    expect(auditHash(second)).toBe(second.hash);

    // Outside a transaction it still links (it runs in one of its own).
    const third = await appendAudit(
      db,
      { actor: 'cli:ops', actorName: 'ops', action: 'framework.import', entity: 'plan', entityId: 1 },
      '2025-04-01T10:00:00.000Z',
    );
    expect(third.prev_hash).toBe(second.hash);
    expect(third.id).toBeGreaterThan(second.id);
  });

  it('refuses a time that is not UTC ISO 8601', async () => {
    await expect(
      appendAudit(
        store().db,
        { actor: 'system', actorName: 'Cairn', action: 'x', entity: 'x', entityId: 1 },
        '2025-04-01 10:00',
      ),
    ).rejects.toThrow(/UTC/);
  });

  it('commits a change and its record together, or neither', async () => {
    const db = store().db;
    const before = await countAudit(store());
    await expect(
      db.transaction().execute(async (trx) => {
        const d = await trx
          .insertInto('directorate')
          .values({ code: 'RB', name: 'Rolled back' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordChange(
          trx,
          jane,
          { action: 'directorate.create', entity: 'directorate', entityId: d.id, after: { code: 'RB' } },
          clock,
        );
        throw new Error('something went wrong after the change');
      }),
    ).rejects.toThrow('something went wrong');
    expect(await db.selectFrom('directorate').where('code', '=', 'RB').selectAll().execute()).toEqual([]);
    expect(await countAudit(store())).toBe(before);

    await db.transaction().execute(async (trx) => {
      const d = await trx
        .insertInto('directorate')
        .values({ code: 'OK', name: 'Committed' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordChange(
        trx,
        jane,
        { action: 'directorate.create', entity: 'directorate', entityId: d.id, after: { code: 'OK' } },
        clock,
      );
    });
    expect(await db.selectFrom('directorate').where('code', '=', 'OK').selectAll().execute()).toHaveLength(1);
    expect(await countAudit(store())).toBe(before + 1);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('cannot be changed or deleted: the database refuses', async () => {
    const db = store().db;
    const n = await countAudit(store());
    await expect(sql`UPDATE audit_event SET reason = 'rewritten'`.execute(db)).rejects.toThrow(
      /cannot be changed or deleted/,
    );
    await expect(sql`DELETE FROM audit_event`.execute(db)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(db.deleteFrom('audit_event').where('id', '=', 1).execute()).rejects.toThrow();
    if (store().dialect === 'postgres') {
      await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/cannot be changed or deleted/);
    }
    expect(await countAudit(store())).toBe(n);
    expect(await listAudit(db, { entity: 'indicator_value', entityId: '42' })).toMatchObject([
      { reason: 'Corrected figure' },
    ]);
  });

  it('lists records newest first, by entity, a page at a time', async () => {
    const db = store().db;
    const all = await listAudit(db);
    expect(all.length).toBe(await countAudit(store()));
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    const dirs = await listAudit(db, { entity: 'directorate' });
    expect(dirs.map((r) => r.action)).toEqual(['directorate.create']);
    const page1 = await listAudit(db, { limit: 2 });
    const page2 = await listAudit(db, { limit: 2, afterId: page1[1]!.id });
    expect(page1).toHaveLength(2);
    expect(page2[0]!.id).toBeLessThan(page1[1]!.id);
    expect([...page1, ...page2].map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
  });

  it("gathers an indicator's history", async () => {
    const db = store().db;
    expect(await indicatorHistory(db, 999)).toEqual([]);
    await recordChange(
      db,
      jane,
      { action: 'indicator.update', entity: 'indicator', entityId: 999, after: { title: 'T' } },
      clock,
    );
    expect((await indicatorHistory(db, 999)).map((r) => r.action)).toEqual(['indicator.update']);
  });

  it('verifies an intact chain', async () => {
    const result = await verifyAuditTrail(store());
    expect(result).toMatchObject({ ok: true, count: await countAudit(store()) });
    expect(result.message).toMatch(/^Audit trail verified: \d+ records, chain intact\.$/);
  });
});

describeEachDatabase('a tampered audit trail', (store) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is detected, naming the first altered record', async () => {
    const db = store().db;
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await db
        .transaction()
        .execute((trx) =>
          recordChange(
            trx,
            jane,
            { action: 'value.update', entity: 'indicator_value', entityId: i, after: { actual: i } },
            clock,
          ),
        );
      ids.push(r.id);
    }
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 5 });

    expect(await verifyAudit(db, { pageSize: 2 })).toMatchObject({ ok: true, count: 5 });

    await tamper(store(), ids[2]!, '{"actual":300}');
    const result = await verifyAudit(db);
    expect(result).toMatchObject({ ok: false, count: 3, brokenAt: { id: ids[2] } });
    expect(result.ok || result.brokenAt.reason).toMatch(/contents do not match its hash/);
    // Across a page boundary too.
    expect(await verifyAudit(db, { pageSize: 2 })).toMatchObject({ ok: false, brokenAt: { id: ids[2] } });
    // The triggers are back.
    await expect(sql`UPDATE audit_event SET reason = 'x'`.execute(db)).rejects.toThrow();

    // Put it back, then remove a record instead: the next record's link is broken.
    await tamper(store(), ids[2]!, '{"actual":3}');
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 5 });
    await removeRecord(store(), ids[3]!);
    const removed = await verifyAudit(db);
    expect(removed).toMatchObject({ ok: false, count: 4, brokenAt: { id: ids[4] } });
    expect(removed.ok || removed.brokenAt.reason).toContain(`record #${ids[2]}`);
  });

  it('makes `cairn audit verify` fail with an integrity error', async () => {
    vi.stubEnv('DATABASE_URL', store().location);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = await buildCli()
      .parseAsync(['node', 'cairn', 'audit', 'verify'])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failure).toBeInstanceOf(CairnError);
    expect((failure as CairnError).message).toMatch(/^Audit trail broken at record #\d+: .+\.$/);
    expect(reportError(failure)).toBe(6);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^Audit trail broken at record #/));

    await buildCli().parseAsync([
      'node',
      'cairn',
      'audit',
      'list',
      '--entity',
      'indicator_value',
      '--id',
      '3',
    ]);
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines[0]).toMatch(/^At \(UTC\)\s+Actor\s+Action\s+Entity\s+Reason$/);
    expect(lines[1]).toContain('Jane Smith (user:3)');
    expect(lines[1]).toContain('indicator_value#3');
    expect(lines).toHaveLength(2);
  });
});

describeEachDatabase('concurrent appends', (store) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('keep a single unbroken chain', async () => {
    const db = store().db;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const d = await trx
            .insertInto('directorate')
            .values({ code: `C${i}`, name: `Concurrent ${i}` })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordChange(
            trx,
            jane,
            { action: 'directorate.create', entity: 'directorate', entityId: d.id, after: { code: `C${i}` } },
            clock,
          );
        }),
      ),
    );
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 20 });
    const rows = await listAudit(db, { limit: 1000 });
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(20);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(20);
  });

  it('refuses, on PostgreSQL, a transaction that could not see the latest record', async () => {
    if (store().dialect !== 'postgres') return;
    await expect(
      store()
        .db.transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => recordChange(trx, systemActor, { action: 'x', entity: 'x', entityId: 1 }, clock)),
    ).rejects.toThrow(/READ COMMITTED/);
    expect(await verifyAudit(store().db)).toMatchObject({ ok: true, count: 20 });
  });

  it('`cairn audit verify` reports an intact chain', async () => {
    vi.stubEnv('DATABASE_URL', store().location);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await buildCli().parseAsync(['node', 'cairn', 'audit', 'verify']);
    expect(log).toHaveBeenCalledWith(
      'Audit trail verified: 20 records, chain intact, with no checkpoint yet.',
    );
  });
});
