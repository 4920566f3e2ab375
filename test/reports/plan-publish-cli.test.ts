/**
 * `cairn plan publish ID [--review REVIEW_ID]` publishes numbered, frozen versions and prints each
 * file's SHA-256, which matches the stored bytes; a plan id that is not a number says what to run.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { peerChallengePlan } from '../../src/demo/peer-challenge-2024.js';
import { buildCli } from '../../src/main/cli.js';
import { migrate, openStore } from '../../src/storage/database.js';
import { fixedClock } from '../support/fixtures.js';

let dir: string;
let planId = 0;
let reviewId = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-cli-plan-publish-'));
  const store = openStore(join(dir, 'cairn.db'));
  await migrate(store.db);
  await loadDemo(store, fixedClock);
  planId = (
    await store.db
      .selectFrom('improvement_plan')
      .select('id')
      .where('title', '=', peerChallengePlan.plan.title)
      .executeTakeFirstOrThrow()
  ).id;
  reviewId = (
    await store.db
      .selectFrom('progress_review')
      .select('id')
      .where('improvement_plan_id', '=', planId)
      .executeTakeFirstOrThrow()
  ).id;
  await store.close();
  vi.stubEnv('DATABASE_URL', join(dir, 'cairn.db'));
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => buildCli().parseAsync(['node', 'cairn', ...args]);

it('publishes v1 and v2, and v1 as at a review, printing the hashes of the stored files', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await run('plan', 'publish', String(planId));
  await run('plan', 'publish', String(planId));
  await run('plan', 'publish', String(planId), '--review', String(reviewId));
  const lines = log.mock.calls.map((c) => String(c[0]));
  log.mockRestore();
  expect(lines.filter((l) => l.startsWith('Published version'))).toEqual([
    `Published version 1 of plan ${planId}'s progress report (latest updates):`,
    `Published version 2 of plan ${planId}'s progress report (latest updates):`,
    `Published version 1 of plan ${planId}'s progress report as at review ${reviewId}:`,
  ]);
  const pdfLine = lines.find((l) => /-v2\.pdf\s/.test(l))!;
  const printed = /sha256 ([0-9a-f]{64})$/.exec(pdfLine)![1];
  const store = openStore(join(dir, 'cairn.db'));
  const file = await store.db
    .selectFrom('plan_report_file')
    .innerJoin('plan_report_version', 'plan_report_version.id', 'plan_report_file.version_id')
    .select(['plan_report_file.bytes', 'plan_report_file.sha256'])
    .where('plan_report_version.version', '=', 2)
    .where('plan_report_file.format', '=', 'pdf')
    .executeTakeFirstOrThrow();
  await store.close();
  expect(file.sha256).toBe(printed);
  expect(createHash('sha256').update(Buffer.from(file.bytes)).digest('hex')).toBe(printed);
}, 60_000);

it('--out writes the published files, byte for byte as stored', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const out = join(dir, 'published');
  await run('plan', 'publish', String(planId), '--out', out);
  const lines = log.mock.calls.map((c) => String(c[0]));
  log.mockRestore();
  const files = lines.filter((l) => /sha256 [0-9a-f]{64}$/.test(l));
  expect(files.length).toBeGreaterThan(0);
  expect(lines.at(-1)).toBe(`Wrote ${files.length} files to ${out}.`);
  for (const l of files) {
    const [, name, sha] = /^\s+(.+?)\s{2}\d+ bytes\s{2}sha256 ([0-9a-f]{64})$/.exec(l)!;
    const written = readFileSync(join(out, name!));
    expect(createHash('sha256').update(written).digest('hex')).toBe(sha);
  }
}, 60_000);

it('says the plan id is a number', async () => {
  await expect(run('plan', 'publish', 'peer')).rejects.toMatchObject({
    code: 'INVALID_INPUT',
    message: expect.stringContaining('cairn plan list'),
  });
});
