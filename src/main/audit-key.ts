/**
 * The audit key and checkpoint directory, from configuration (docs/operations.md, "The audit trail").
 *
 * - CAIRN_AUDIT_KEY: the key itself, 64 or more hex digits (32 bytes or more). Best kept in the
 *   service's secret store and never on the database server.
 * - otherwise CAIRN_AUDIT_KEY_FILE, by default `cairn-audit.key` beside the SQLite database (./data for
 *   PostgreSQL): read, or made on first start with 32 random bytes, readable only by its owner (0600).
 * - CAIRN_AUDIT_CHECKPOINT_DIR: where signed checkpoints are appended, in a folder per database
 *   (`checkpoints-cairn.db`, `checkpoints-<host>-<port>-<database>`); by default beside the key file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from './config.js';
import { ConfigError } from './config.js';

export interface AuditSettings {
  key: Buffer;
  checkpointDir: string;
  /** Where the key came from, safe to print. */
  source: string;
}

const HEX_KEY = /^[0-9a-fA-F]{64,}$/;

/** The database's own folder of checkpoints: `checkpoints-<file>` or `checkpoints-<host>-<port>-<db>`. */
function checkpointFolder(url: string, sqliteFile: string | null): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  if (sqliteFile) return `checkpoints-${safe(basename(sqliteFile))}`;
  try {
    const u = new URL(url);
    return `checkpoints-${safe(u.hostname)}-${u.port || '5432'}-${safe(u.pathname.replace(/^\//, '') || 'postgres')}`;
  } catch {
    return 'checkpoints-postgres';
  }
}

/**
 * The audit key and checkpoint directory. `create: false` (for `cairn restore`, which must not chain
 * a restored trail's future records with a key made on the spot): no key file is made, and without a
 * key or key file the answer is null.
 */
export function auditSettings(config: Config, opts: { create?: boolean } = {}): AuditSettings | null {
  const url = config.DATABASE_URL;
  const sqliteFile = /^postgres(ql)?:\/\//.test(url) ? null : url.replace(/^sqlite:(\/\/)?/, '');
  if (sqliteFile === ':memory:' && !config.CAIRN_AUDIT_KEY && !config.CAIRN_AUDIT_KEY_FILE) return null;
  const keyFile =
    config.CAIRN_AUDIT_KEY_FILE ?? join(sqliteFile ? dirname(sqliteFile) : './data', 'cairn-audit.key');
  // One checkpoint directory per database: checkpoints of one database never judge another's.
  const checkpointDir = join(
    config.CAIRN_AUDIT_CHECKPOINT_DIR ?? dirname(keyFile),
    checkpointFolder(url, sqliteFile),
  );
  if (config.CAIRN_AUDIT_KEY) {
    if (!HEX_KEY.test(config.CAIRN_AUDIT_KEY.trim()))
      throw new ConfigError(
        'CAIRN_AUDIT_KEY: must be 64 or more hex digits (make one with: openssl rand -hex 32)',
      );
    return {
      key: Buffer.from(config.CAIRN_AUDIT_KEY.trim(), 'hex'),
      checkpointDir,
      source: 'CAIRN_AUDIT_KEY',
    };
  }
  if (!existsSync(keyFile)) {
    if (opts.create === false) return null;
    mkdirSync(dirname(keyFile), { recursive: true });
    // 'wx': never overwrite a key another process has just made.
    try {
      writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const text = readFileSync(keyFile, 'utf8').trim();
  if (!HEX_KEY.test(text))
    throw new ConfigError(`The audit key file ${keyFile} does not hold a key (64 or more hex digits).`);
  return { key: Buffer.from(text, 'hex'), checkpointDir, source: keyFile };
}
