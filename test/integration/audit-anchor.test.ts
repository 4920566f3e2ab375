/**
 * Issue 19: the audit trail anchored outside the database. Someone with write access to the database
 * (triggers dropped) rewrites a record and recomputes the plain SHA-256 chain after it, or deletes the
 * newest records: both are found, by the keyed chain and by the signed checkpoint.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, expect, it } from 'vitest';
import {
  checkpointAuditTrail,
  recordChange,
  systemActor,
  useAuditKey,
  verifyAuditTrail,
} from '../../src/app/audit.js';
import { auditHash } from '../../src/storage/audit-repository.js';
import { CHECKPOINT_FILE } from '../../src/storage/audit-checkpoints.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';

const clock = clockAt('2026-05-01T09:00:00Z');
const key = randomBytes(32);
const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cairn-checkpoints-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => useAuditKey(null));

/** What someone with the database's owner rights can do: switch the append-only triggers off for a while. */
async function tamper(store: Store, fn: () => Promise<void>): Promise<void> {
  if (store.dialect === 'postgres') {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(store.db);
    try {
      await fn();
    } finally {
      await sql`ALTER TABLE audit_event ENABLE TRIGGER USER`.execute(store.db);
    }
    return;
  }
  await sql`DROP TRIGGER audit_event_no_update`.execute(store.db);
  await sql`DROP TRIGGER audit_event_no_delete`.execute(store.db);
  try {
    await fn();
  } finally {
    for (const op of ['UPDATE', 'DELETE'])
      await sql
        .raw(
          `CREATE TRIGGER audit_event_no_${op.toLowerCase()} BEFORE ${op} ON audit_event ` +
            `BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END`,
        )
        .execute(store.db);
  }
}

async function write(store: Store, n: number, from = 1) {
  for (let i = from; i < from + n; i++)
    await recordChange(
      store.db,
      systemActor,
      { action: 'value.update', entity: 'indicator_value', entityId: i, after: { actual: i * 10 } },
      clock,
    );
}

const all = (store: Store) => store.db.selectFrom('audit_event').selectAll().orderBy('id').execute();

/** Changes record `index` (0-based) and recomputes the plain SHA-256 chain from there on. */
async function rewriteAndRechain(store: Store, index: number) {
  const rows = await all(store);
  await tamper(store, async () => {
    let prev = index === 0 ? '0'.repeat(64) : rows[index - 1]!.hash;
    for (const row of rows.slice(index)) {
      const changed = {
        ...row,
        prev_hash: prev,
        after: row.id === rows[index]!.id ? '{"actual":999}' : row.after,
      };
      const hash = auditHash(changed, 'sha256');
      await store.db
        .updateTable('audit_event')
        .set({ after: changed.after, prev_hash: prev, hash, scheme: 'sha256' })
        .where('id', '=', row.id)
        .execute();
      prev = hash;
    }
  });
}

async function wipe(store: Store) {
  await tamper(store, async () => {
    await store.db.deleteFrom('audit_event').execute();
  });
}

describeEachDatabase('the audit trail anchored outside the database', (store) => {
  it('finds a record rewritten and the plain SHA-256 chain recomputed after it', async () => {
    await wipe(store());
    useAuditKey(key);
    await write(store(), 6);
    const good = await verifyAuditTrail(store());
    expect(good.ok).toBe(true);
    expect(good.message).toContain('6 records, 6 keyed with the audit key, chain intact');
    await rewriteAndRechain(store(), 2);
    const after = await verifyAuditTrail(store());
    expect(after.ok).toBe(false);
    expect(after.message).toMatch(
      /Audit trail broken at record #\d+: it has a plain hash after records keyed/,
    );
  });

  it('finds the whole chain rewritten without the key, against the last checkpoint', async () => {
    await wipe(store());
    useAuditKey(key);
    const checkpointDir = newDir();
    await write(store(), 5);
    const c = await checkpointAuditTrail(store(), { key, checkpointDir }, clock);
    expect(c.ok).toBe(true);
    await rewriteAndRechain(store(), 0);
    const after = await verifyAuditTrail(store(), { checkpointDir });
    expect(after.ok).toBe(false);
    expect(after.message).toContain('is not the one checkpointed');
  });

  it('finds the newest records deleted, against the signed checkpoint', async () => {
    await wipe(store());
    useAuditKey(key);
    const checkpointDir = newDir();
    await write(store(), 8);
    expect((await checkpointAuditTrail(store(), { key, checkpointDir }, clock)).ok).toBe(true);
    await write(store(), 2, 9);
    const fine = await verifyAuditTrail(store(), { checkpointDir });
    expect(fine.ok).toBe(true);
    expect(fine.message).toContain('agrees with the checkpoint of 2026-05-01T09:00:00.000Z (8 records)');
    const rows = await all(store());
    await tamper(store(), async () => {
      await store().db.deleteFrom('audit_event').where('id', '>', rows[4]!.id).execute();
    });
    const chainAlone = await verifyAuditTrail(store(), { checkpointDir: null });
    expect(chainAlone.ok).toBe(true); // a shorter chain still links up…
    const trimmed = await verifyAuditTrail(store(), { checkpointDir });
    expect(trimmed.ok).toBe(false); // …but not with the checkpoint
    expect(trimmed.message).toContain('recorded 8 records but the database has 5 (records were deleted)');
  });

  it('refuses a checkpoint file edited by hand', async () => {
    await wipe(store());
    useAuditKey(key);
    const checkpointDir = newDir();
    await write(store(), 3);
    await checkpointAuditTrail(store(), { key, checkpointDir }, clock);
    const file = join(checkpointDir, CHECKPOINT_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"count":3', '"count":2'));
    const r = await verifyAuditTrail(store(), { checkpointDir });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('is not signed with this audit key');
  });

  it('still verifies records chained before there was a key, followed by keyed ones', async () => {
    await wipe(store());
    useAuditKey(null);
    await write(store(), 3);
    useAuditKey(key);
    await write(store(), 3, 4);
    const schemes = (await all(store())).map((r) => r.scheme);
    expect(schemes).toEqual(['sha256', 'sha256', 'sha256', 'hmac-sha256', 'hmac-sha256', 'hmac-sha256']);
    const r = await verifyAuditTrail(store());
    expect(r.ok).toBe(true);
    expect(r.message).toContain('6 records, 3 keyed with the audit key, chain intact');
    const withoutKey = await verifyAuditTrail(store(), { key: null });
    expect(withoutKey.ok).toBe(false);
    expect(withoutKey.message).toContain('which is not configured here');
  });
});
