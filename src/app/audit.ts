/**
 * The audit trail, for use cases: who is acting, recording a change in the transaction that makes
 * it, and checking the chain. The storage and the hash are in storage/audit-repository.ts.
 */
import { userInfo } from 'node:os';
import type { Db } from '../storage/transaction.js';
import {
  appendAudit,
  indicatorHistory,
  listAudit,
  verifyAudit,
  type AuditFilter,
  type AuditVerification,
} from '../storage/audit-repository.js';
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
 * Records a change. Pass the transaction that makes the change (`inTransaction(store, trx => …)`)
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

export type AuditTrailCheck = AuditVerification & { message: string };

/** Checks the whole chain; `message` is a sentence to show as it is. */
export async function verifyAuditTrail(store: Pick<Store, 'db'>): Promise<AuditTrailCheck> {
  const result = await verifyAudit(store.db);
  if (result.ok) {
    return {
      ...result,
      message: `Audit trail verified: ${result.count} record${result.count === 1 ? '' : 's'}, chain intact.`,
    };
  }
  return {
    ...result,
    message: `Audit trail broken at record #${result.brokenAt.id}: ${result.brokenAt.reason}.`,
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
