/**
 * Signed checkpoints of the audit trail's head, kept outside the database: one JSON line per
 * checkpoint appended to `audit-checkpoints.jsonl` in a directory of its own, each
 *
 *     {"count":N,"id":ID,"hash":"…","at":"ISO time","mac":"…"}
 *
 * where `mac` is HMAC-SHA-256, with the audit key, of `cairn-audit-checkpoint:N:ID:hash:at`. Someone who
 * can rewrite the database but has neither the key nor this file cannot make the trail agree with the
 * last checkpoint again: the chain must hold that hash as its Nth record, and fewer than N records
 * means records were deleted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export interface AuditCheckpoint {
  count: number;
  id: number;
  hash: string;
  at: string;
}

function mac(key: Buffer, c: AuditCheckpoint): string {
  return createHmac('sha256', key)
    .update(`cairn-audit-checkpoint:${c.count}:${c.id}:${c.hash}:${c.at}`, 'utf8')
    .digest('hex');
}

/** Appends a signed checkpoint (and syncs it to disk); returns the line written. */
export function appendCheckpoint(dir: string, key: Buffer, c: AuditCheckpoint): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line = `${JSON.stringify({ count: c.count, id: c.id, hash: c.hash, at: c.at, mac: mac(key, c) })}\n`;
  const fd = openSync(join(dir, CHECKPOINT_FILE), 'a', 0o600);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return line.trimEnd();
}

/**
 * The checkpoints, oldest first, each checked against its signature. `problems` names every line
 * that is not a checkpoint signed with this key (the file was edited, or the key is another).
 */
export function readCheckpoints(
  dir: string,
  key: Buffer,
): { checkpoints: AuditCheckpoint[]; problems: string[] } {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) return { checkpoints: [], problems: [] };
  const checkpoints: AuditCheckpoint[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let c: AuditCheckpoint & { mac?: unknown };
      try {
        c = JSON.parse(line) as AuditCheckpoint & { mac?: unknown };
      } catch {
        problems.push(`line ${i + 1} of ${file} is not a checkpoint`);
        return;
      }
      const expected = Buffer.from(mac(key, c));
      const given = Buffer.from(typeof c.mac === 'string' ? c.mac : '');
      if (
        !Number.isInteger(c.count) ||
        !Number.isInteger(c.id) ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        problems.push(
          `line ${i + 1} of ${file} is not signed with this audit key (the file was altered, or the key is another)`,
        );
        return;
      }
      checkpoints.push({ count: c.count, id: c.id, hash: c.hash, at: c.at });
    });
  return { checkpoints, problems };
}
