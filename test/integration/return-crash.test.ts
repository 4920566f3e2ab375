/**
 * The crash test the issue asks for: `cairn import values` of a 500-row return runs in a child
 * process, which is killed (SIGKILL) while it writes. Reopened, the database holds every row of the
 * import or none, the audit trail verifies, and a figure imported and acknowledged before the kill
 * is still there. On SQLite and on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, verifyAuditTrail } from '../../src/app/audit.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { toCsv } from '../../src/importers/spreadsheet-write.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { setCouncil } from '../../src/storage/performance-repository.js';
import { syntheticFramework } from '../../bench/synthetic.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';

/** The audit key the command line chains with here (as the server's would be configured). */
const AUDIT_KEY = 'a1'.repeat(32);

const clock = clockAt('2017-07-03T09:00:00Z');
const ROWS = 500;
const ATTEMPTS = 3;
const root = join(import.meta.dirname, '..', '..');

/** Runs `cairn …` in a child process; `killAfterWriting` kills it (SIGKILL) that long after it says "writing". */
function cairn(
  url: string,
  args: string[],
  killAfterWriting?: number,
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  sawWriting: boolean;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli.ts'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        CAIRN_AUDIT_KEY: AUDIT_KEY,
        CAIRN_IMPORT_SIGNAL_WRITING: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let sawWriting = false;
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      if (!sawWriting && out.includes('writing')) {
        sawWriting = true;
        if (killAfterWriting !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterWriting);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err, sawWriting }));
  });
}

function returnCsv(numbers: string[], attempt: string, milestones: Set<string>): Buffer {
  const headers = [
    'No.',
    'Actual',
    'Progress',
    'Outlook',
    'Commentary',
    'Confirm unusual figure',
    'Why the unusual figure is right',
  ];
  const rows = numbers.map((n, i) => [
    n,
    milestones.has(n) ? '' : String(40 + (i % 10)),
    milestones.has(n) ? 'On track' : '',
    'Stable',
    attempt,
    'Yes',
    'Synthetic figure for the crash test',
  ]);
  return Buffer.from(toCsv(headers, rows));
}

for (const dialect of DIALECTS) {
  describe(`an import killed while it writes [${dialect}]`, () => {
    let db: TestDatabase;
    let store: Store;
    let dir: string;
    let numbers: string[];
    const milestones = new Set<string>();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-crash-'));
      db = await createTestDatabase(dialect);
      store = openStore(db.url);
      await migrate(store.db);
      await setCouncil(store.db, { name: 'Large Council', shortName: 'Large' });
      const doc = syntheticFramework({ priorities: 6, outcomes: 60, indicators: ROWS + 1, directorates: 10 });
      const { planId } = await saveFrameworkDocument(store, doc, clock);
      await openRound(store, systemActor, { planId, period: 'Q1 2017-18', dueDate: '20/07/2017' }, clock);
      for (const i of doc.indicators) if (i.unit === 'milestone') milestones.add(i.number);
      numbers = doc.indicators.map((i) => i.number);
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const countWith = async (commentary: string) =>
      (
        await store.db
          .selectFrom('indicator_value')
          .select('id')
          .where('commentary', '=', commentary)
          .execute()
      ).length;
    const auditOf = async (commentary: string) =>
      (
        await store.db
          .selectFrom('audit_event')
          .select('id')
          .where('entity', '=', 'indicator_value')
          .where('after', 'like', `%${commentary}%`)
          .execute()
      ).length;

    it('keeps every row or none, the audit chain intact, and what was acknowledged before', async () => {
      // A figure imported and acknowledged before anything goes wrong: the plan's last indicator.
      const first = join(dir, 'first.csv');
      writeFileSync(first, returnCsv([numbers.at(-1)!], 'Acknowledged before the crash', milestones));
      const ok = await cairn(db.url, ['import', 'values', first, '--period', 'Q1 2017-18']);
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('1 saved as drafts');

      // A file with mistakes: every problem printed by row and column, exit code 3, nothing saved.
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'No.,Actual,Outlook\r\n1,12 approx,Stable\r\n2,5,Sideways\r\n99999,5,Stable\r\n');
      const refused = await cairn(db.url, ['import', 'values', bad, '--period', 'Q1 2017-18']);
      expect(refused.code).toBe(3);
      expect(refused.err.split('\n')).toEqual([
        `${bad}: 3 problems found.`,
        "Row 2, Actual: '12 approx' is not a number",
        "Row 3, Outlook: 'Sideways' is not one of improving, stable, deteriorating",
        'Row 4, No.: there is no indicator 99999 in Synthetic Council Plan',
        'Nothing was saved. Correct the rows above and import the file again.',
        '',
      ]);
      expect(refused.sawWriting).toBe(false);

      const big = numbers.slice(0, ROWS);
      const outcomes: string[] = [];
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const commentary = `Crash attempt ${attempt}`;
        const file = join(dir, `attempt-${attempt}.csv`);
        writeFileSync(file, returnCsv(big, commentary, milestones));
        const run = await cairn(
          db.url,
          ['import', 'values', file, '--period', 'Q1 2017-18'],
          Math.floor(Math.random() * 150),
        );
        expect(run.sawWriting).toBe(true);
        const n = await countWith(commentary);
        expect([0, ROWS]).toContain(n);
        expect(await auditOf(commentary)).toBe(n);
        outcomes.push(
          run.signal === 'SIGKILL'
            ? n === 0
              ? 'killed, none'
              : 'killed after commit, all'
            : `finished, ${n}`,
        );
        const verified = await verifyAuditTrail(store, { key: Buffer.from(AUDIT_KEY, 'hex') });
        expect(verified.ok, verified.message).toBe(true);
        expect(await countWith('Acknowledged before the crash')).toBe(1);
      }
      // At least one run was killed in the middle of writing and left nothing behind.
      expect(outcomes).toContain('killed, none');

      // Left alone, the same import writes all 500 rows.
      const file = join(dir, 'final.csv');
      writeFileSync(file, returnCsv(big, 'Not interrupted', milestones));
      const run = await cairn(db.url, ['import', 'values', file, '--period', 'Q1 2017-18']);
      expect(run.code).toBe(0);
      expect(run.out).toContain(`${ROWS} saved as drafts`);
      expect(await countWith('Not interrupted')).toBe(ROWS);
      expect((await verifyAuditTrail(store, { key: Buffer.from(AUDIT_KEY, 'hex') })).ok).toBe(true);
    }, 180_000);
  });
}
