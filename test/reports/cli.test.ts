/**
 * `cairn report` writes the report's files to a folder; `cairn report publish` publishes a numbered,
 * frozen version; a wrong format says which formats there are.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { buildCli, reportError } from '../../src/main/cli.js';
import { migrate, openStore } from '../../src/storage/database.js';
import { fixedClock } from '../support/fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-cli-report-'));
  const store = openStore(join(dir, 'cairn.db'));
  await migrate(store.db);
  await loadDemo(store, fixedClock);
  await store.close();
  vi.stubEnv('DATABASE_URL', join(dir, 'cairn.db'));
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => buildCli().parseAsync(['node', 'cairn', ...args]);

it('writes the report in the formats asked for, and prints the headline sentences', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const out = join(dir, 'out');
  await run('report', '--period', 'Q1 2017-18', '--format', 'html,csv,docx', '--out', out);
  expect(existsSync(join(out, 'report-2017-18-q1-council.html'))).toBe(true);
  expect(existsSync(join(out, 'report-2017-18-q1-council.docx'))).toBe(true);
  expect(readFileSync(join(out, 'report-2017-18-q1-council.csv'), 'utf8').split('\r\n')).toHaveLength(52);
  expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain('21 were rated Green or Amber');
  log.mockRestore();
});

it('publishes numbered versions with `cairn report publish`', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await run('report', 'publish', '--period', 'Q1 2017-18', '--scope', 'SCS');
  await run('report', 'publish', '--period', 'Q1 2017-18', '--scope', 'SCS');
  const lines = log.mock.calls.map((c) => String(c[0]));
  expect(lines.filter((l) => l.startsWith('Published version'))).toEqual([
    'Published version 1 of the Q1 2017-18 report (SCS):',
    'Published version 2 of the Q1 2017-18 report (SCS):',
  ]);
  expect(lines.some((l) => /-v2\.pdf\s+\d+ KB\s+sha256 [0-9a-f]{64}$/.test(l))).toBe(true);
  log.mockRestore();
}, 60_000);

it('says which formats there are when given another', async () => {
  const failure = await run('report', '--period', 'Q1 2017-18', '--format', 'pdf,odt').then(
    () => null,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(CairnError);
  expect((failure as CairnError).message).toBe(
    '--format takes one or more of html, pdf, docx, xlsx, csv, separated by commas, not odt.',
  );
  expect(reportError(failure)).toBe(2);
});
