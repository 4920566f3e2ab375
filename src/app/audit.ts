/**
 * The audit trail, for use cases: who is acting, recording a change in the transaction that makes
 * it, and checking the chain. The storage and the hash are in storage/audit-repository.ts.
 */
import { userInfo } from 'node:os';
import type { Db } from '../storage/transaction.js';
import {
  appendAudit,
  auditRecordAt,
  currentAuditKey,
  indicatorHistory,
  listAudit,
  useAuditKey,
  verifyAudit,
  type AuditFilter,
  type AuditVerification,
} from '../storage/audit-repository.js';
import { appendCheckpoint, readCheckpoints } from '../storage/audit-checkpoints.js';
import type { Store } from '../storage/database.js';
import type { AuditEventRecord } from '../storage/schema.js';
import { isoNow, type Clock } from './clock.js';

/** Who made a change: `id` is stored as `audit_event.actor`, `name` as `actor_name`. */
export interface Actor {
  id: string;
  name: string;
}

/** A person signed in to Cairn. */
export const userActor = (user: { id: number; name: string }): Actor => ({
  id: `user:${user.id}`,
  name: user.name,
});

/** The account id of a person signed in to Cairn, or null for anyone else (the command line, Cairn). */
export function actorUserId(actor: Actor): number | null {
  const m = /^user:(\d+)$/.exec(actor.id);
  return m ? Number(m[1]) : null;
}

/** Someone at the command line, known by their operating-system account. */
export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username || 'unknown';
  } catch {
    // No account entry for this uid (e.g. some containers).
  }
  return { id: `cli:${name}`, name };
}

/** Cairn itself (migrations, scheduled jobs, the demo loader). */
export const systemActor: Actor = { id: 'system', name: 'Cairn' };

export interface Change {
  /** e.g. 'value.update', 'target.set', 'user.create' */
  action: string;
  /** e.g. 'indicator_value', 'user_account' */
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Records a change. Pass the transaction that makes the change (`transaction(store.db, trx => …)`)
 * so the change and its record commit or roll back together.
 */
export function recordChange(trx: Db, actor: Actor, change: Change, clock: Clock): Promise<AuditEventRecord> {
  return appendAudit(
    trx,
    {
      actor: actor.id,
      actorName: actor.name,
      action: change.action,
      entity: change.entity,
      entityId: change.entityId,
      before: change.before,
      after: change.after,
      reason: change.reason ?? null,
    },
    isoNow(clock),
  );
}

export { currentAuditKey, useAuditKey };

export type AuditTrailCheck = (AuditVerification | { ok: false; count: number; checkpoint: string }) & {
  message: string;
};

/** Where the audit trail is anchored outside the database: the key and the checkpoint directory. */
export interface AuditAnchor {
  /** The audit key; by default the one this process chains with (useAuditKey). */
  key?: Buffer | null;
  /** The directory of signed checkpoints; none to check the chain alone. */
  checkpointDir?: string | null;
}

const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/**
 * Checks the whole chain and, given a checkpoint directory, that it still holds the last signed
 * checkpoint's head: the same hash as its Nth record, and no fewer than N records. `message` is a
 * sentence to show as it is.
 */
export async function verifyAuditTrail(
  store: Pick<Store, 'db'>,
  anchor: AuditAnchor = {},
): Promise<AuditTrailCheck> {
  const key = anchor.key === undefined ? currentAuditKey() : anchor.key;
  const result = await verifyAudit(store.db, { key });
  if (!result.ok)
    return {
      ...result,
      message: `Audit trail broken at record #${result.brokenAt.id}: ${result.brokenAt.reason}.`,
    };
  let against = '';
  if (anchor.checkpointDir && key) {
    const { checkpoints, problems } = readCheckpoints(anchor.checkpointDir, key);
    const refuse = (checkpoint: string) => ({
      ok: false as const,
      count: result.count,
      checkpoint,
      message: `Audit trail does not match its checkpoints: ${checkpoint}.`,
    });
    if (problems.length) return refuse(problems.join('; '));
    const last = checkpoints.at(-1);
    if (last) {
      if (result.count < last.count)
        return refuse(
          `the checkpoint of ${last.at} recorded ${records(last.count)} but the database has ${result.count} (records were deleted)`,
        );
      const nth = await auditRecordAt(store.db, last.count);
      if (!nth || nth.id !== last.id || nth.hash !== last.hash)
        return refuse(
          `record ${last.count} (#${nth?.id ?? '?'}) is not the one checkpointed at ${last.at} (#${last.id}): the trail was rewritten`,
        );
      against = `, and agrees with the checkpoint of ${last.at} (${records(last.count)})`;
    } else against = ', with no checkpoint yet';
  }
  const keyed = result.keyed ? `, ${result.keyed} keyed with the audit key` : '';
  return {
    ...result,
    message: `Audit trail verified: ${records(result.count)}${keyed}, chain intact${against}.`,
  };
}

/**
 * Writes a signed checkpoint of the chain's head to the checkpoint directory, after checking the
 * chain (a broken chain is not checkpointed). Returns the checkpoint's line, also for the log.
 */
export async function checkpointAuditTrail(
  store: Pick<Store, 'db'>,
  anchor: { key: Buffer; checkpointDir: string },
  clock: Clock,
): Promise<{ ok: true; line: string; message: string } | { ok: false; message: string }> {
  const check = await verifyAuditTrail(store, anchor);
  if (!check.ok) return { ok: false, message: `No checkpoint written. ${check.message}` };
  if (!('head' in check) || !check.head)
    return { ok: true, line: '', message: 'The audit trail is empty: nothing to checkpoint yet.' };
  const line = appendCheckpoint(anchor.checkpointDir, anchor.key, {
    count: check.count,
    id: check.head.id,
    hash: check.head.hash,
    at: isoNow(clock),
  });
  return {
    ok: true,
    line,
    message: `Audit checkpoint written: ${records(check.count)}, head #${check.head.id}.`,
  };
}

/** Audit records, newest first. */
export function auditTrail(store: Pick<Store, 'db'>, filter: AuditFilter = {}): Promise<AuditEventRecord[]> {
  return listAudit(store.db, filter);
}

/** One indicator's audit records (its figures, targets and wording), newest first. */
export function indicatorAuditTrail(
  store: Pick<Store, 'db'>,
  indicatorId: number,
  page: Pick<AuditFilter, 'limit' | 'afterId'> = {},
): Promise<AuditEventRecord[]> {
  return indicatorHistory(store.db, indicatorId, page);
}
