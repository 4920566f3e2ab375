import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditSettings } from '../../src/main/audit-key.js';
import { ConfigError, loadConfig } from '../../src/main/config.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the audit key', () => {
  it('is made beside the SQLite database on first start, readable only by its owner, and kept', () => {
    const config = loadConfig({ DATABASE_URL: join(dir, 'cairn.db') });
    const first = auditSettings(config)!;
    const file = join(dir, 'cairn-audit.key');
    expect(first.source).toBe(file);
    expect(first.key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('hex'));
    expect(auditSettings(config)!.key.equals(first.key)).toBe(true);
    expect(first.checkpointDir).toBe(join(dir, 'checkpoints-cairn.db'));
  });

  it('comes from CAIRN_AUDIT_KEY when set, which must be long enough', () => {
    const hex = 'ab'.repeat(32);
    const s = auditSettings(
      loadConfig({
        DATABASE_URL: join(dir, 'x.db'),
        CAIRN_AUDIT_KEY: hex,
        CAIRN_AUDIT_CHECKPOINT_DIR: '/srv/ck',
      }),
    )!;
    expect(s.key.toString('hex')).toBe(hex);
    expect(s.checkpointDir).toBe('/srv/ck/checkpoints-x.db');
    expect(() =>
      auditSettings(loadConfig({ DATABASE_URL: join(dir, 'x.db'), CAIRN_AUDIT_KEY: 'short' })),
    ).toThrow(ConfigError);
  });
});
