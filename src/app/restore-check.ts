/**
 * The audit trail of a database just restored from a backup (`cairn restore`), checked.
 *
 * The chain itself must verify, with the audit key, as `cairn audit verify` would. The signed
 * checkpoints kept outside the database are then compared with it. A backup is older than the last
 * checkpoint whenever changes were made after it was taken — the changes a restore gives up — so a
 * restored trail may rightly be shorter than the last checkpoint. It must still agree with every
 * checkpoint it is long enough to have (same record at that count): otherwise it is not this
 * database's history and the restore is reported as broken. When it is shorter, the changes lost are
 * counted and a checkpoint of the restored head is appended (the earlier lines stay in the file), so
 * `cairn audit verify` and the worker go on from the restored trail.
 */
import { appendCheckpoint, readCheckpoints } from '../storage/audit-checkpoints.js';
import { auditRecordAt } from '../storage/audit-repository.js';
import { verifyAuditTrail } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import type { Store } from './store.js';

export interface RestoredTrail {
  ok: boolean;
  /** Sentences to print, in order. */
  lines: string[];
}

const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

export async function checkRestoredTrail(
  store: Pick<Store, 'db'>,
  anchor: { key: Buffer; checkpointDir: string } | null,
  clock: Clock,
): Promise<RestoredTrail> {
  const chain = await verifyAuditTrail(store, { key: anchor?.key ?? null, checkpointDir: null });
  if (!chain.ok || !('head' in chain))
    return { ok: false, lines: [`Checking the restored database: ${chain.message}`] };
  const lines = [chain.message];
  if (!anchor) {
    lines.push('No audit key is configured here, so the checkpoints were not compared.');
    return { ok: true, lines };
  }
  const { checkpoints, problems } = readCheckpoints(anchor.checkpointDir, anchor.key);
  if (problems.length) return { ok: false, lines: [...lines, `The checkpoints: ${problems.join('; ')}.`] };
  const last = checkpoints.at(-1);
  if (!last) return { ok: true, lines: [...lines, `No checkpoints yet in ${anchor.checkpointDir}.`] };
  // The latest checkpoint the restored trail is long enough to hold must be in it.
  const covered = [...checkpoints].reverse().find((c) => c.count <= chain.count);
  if (covered) {
    const nth = await auditRecordAt(store.db, covered.count);
    if (!nth || nth.id !== covered.id || nth.hash !== covered.hash)
      return {
        ok: false,
        lines: [
          ...lines,
          `Record ${covered.count} (#${nth?.id ?? '?'}) is not the one checkpointed at ${covered.at} (#${covered.id}): this backup is not of this database's history, or its trail was rewritten.`,
        ],
      };
  }
  if (chain.count >= last.count) {
    lines.push(`It agrees with the last checkpoint (${last.at}, ${records(last.count)}).`);
    return { ok: true, lines };
  }
  lines.push(
    `The last checkpoint (${last.at}) recorded ${records(last.count)}: the ${last.count - chain.count} ` +
      `change${last.count - chain.count === 1 ? '' : 's'} recorded after this backup was taken ${last.count - chain.count === 1 ? 'is' : 'are'} not in it` +
      (covered ? `; it agrees with the checkpoint of ${covered.at} (${records(covered.count)}).` : '.'),
  );
  if (!chain.head) return { ok: false, lines: [...lines, 'The restored audit trail is empty.'] };
  const line = appendCheckpoint(anchor.checkpointDir, anchor.key, {
    count: chain.count,
    id: chain.head.id,
    hash: chain.head.hash,
    at: isoNow(clock),
  });
  lines.push(`A checkpoint of the restored trail was appended to ${anchor.checkpointDir}: ${line}`);
  return { ok: true, lines };
}
