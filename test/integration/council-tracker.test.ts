/**
 * A council's service-plan tracker loads as it is (issue 20): found below its merged title row, Excel
 * serial due dates read as dates, grn/amb/red/gry and TRUE done flags read, % complete stored, TBC
 * as no date yet; unreadable dates refused by row; overdue as at any date, with subtotals, in the
 * app, the CLI and the plan page.
 */
import { expect, it, vi } from 'vitest';
import { cliActor } from '../../src/app/audit.js';
import { CairnError } from '../../src/app/errors.js';
import { loadPlanProgress } from '../../src/app/plans/progress.js';
import { importPlanFile } from '../../src/app/plans/spreadsheet.js';
import { parseStatusMap } from '../../src/domain/plans/status.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';
import { TRACKER_ROWS, trackerXlsx } from '../fixtures/council-layouts.js';

const plan = { title: 'Environment Services Service Plan 2014-15' };
const brand = testBrand('Anytown Borough Council');

describeEachDatabase('a council service-plan tracker', (store) => {
  it('refuses unreadable target dates by row, saying what to write, and saves nothing', async () => {
    const rows = TRACKER_ROWS.map((r) => [...r]);
    rows[0]![4] = '10/31/2014';
    rows[1]![4] = '31/13/2014';
    rows[2]![4] = '2014-11-31';
    rows[3]![4] = 'sometime soon';
    const err = (await importPlanFile(
      store(),
      cliActor(),
      await trackerXlsx(rows),
      'tracker.xlsx',
      fixedClock,
      {
        plan,
      },
    ).catch((e: unknown) => e)) as CairnError;
    expect(err).toBeInstanceOf(CairnError);
    const dates = err.details.filter((d) => d.column === 'Target date');
    // The title is row 1, the header row 4: the actions start on row 5.
    expect(dates.map((d) => `${d.sheet}:${d.row}`)).toEqual([
      'Service plan 2014-15:5',
      'Service plan 2014-15:6',
      'Service plan 2014-15:7',
      'Service plan 2014-15:8',
    ]);
    expect(dates[0]!.message).toContain('day first, so write 31/10/2014');
    expect(dates[1]!.message).toContain('no month 13');
    expect(dates[2]!.message).toContain('November has no day 31');
    expect(dates[3]!.message).toContain('TBC (or leave it blank) for no date yet');
    expect(err.details).toHaveLength(4);
    const n = await store().db.selectFrom('improvement_plan').select('id').execute();
    expect(n).toHaveLength(0);
  });

  it('a dry run checks everything and writes nothing', async () => {
    const r = await importPlanFile(store(), cliActor(), await trackerXlsx(), 'tracker.xlsx', fixedClock, {
      plan,
      dryRun: true,
    });
    expect(r.document.actions).toHaveLength(8);
    expect(r.dates).toEqual({ dated: 5, noDate: 1, ongoing: 2 });
    expect(await store().db.selectFrom('improvement_plan').select('id').execute()).toHaveLength(0);
  });

  it('loads without reshaping: serial dates, RAG words, done flags, % complete, TBC', async () => {
    const r = await importPlanFile(store(), cliActor(), await trackerXlsx(), 'tracker.xlsx', fixedClock, {
      plan,
      statusMap: parseStatusMap('gry=not started'),
    });
    const actions = await store()
      .db.selectFrom('plan_action')
      .select(['code', 'target_text', 'target_due', 'status', 'status_text', 'percent_complete'])
      .where('improvement_plan_id', '=', r.planId)
      .orderBy('position')
      .execute();
    expect(actions.map((a) => [a.code, a.target_due, a.status, a.percent_complete])).toEqual([
      ['1.1', '2014-12-31', 'on-track', 75],
      ['1.2', '2015-02-28', 'at-risk', 40],
      ['1.3', '2015-06-30', 'not-started', 0],
      ['2.1', '2014-12-31', 'at-risk', 20],
      ['2.2', '2014-11-30', 'complete', 100],
      ['2.3', null, 'not-started', null],
      ['3.1', null, 'on-track', null],
      ['3.2', null, 'on-track', 50],
    ]);
    expect(actions[0]!.target_text).toBe('31 December 2014');
    expect(actions[0]!.status_text).toBe('grn');
    expect(actions[5]!.target_text).toBe('TBC');
  });

  it('counts overdue as at any date, with subtotals per theme and lead officer, without a review', async () => {
    const id = (await store().db.selectFrom('improvement_plan').select('id').executeTakeFirstOrThrow()).id;
    const { progress } = await loadPlanProgress(store(), id, fixedClock, { asAt: '2015-03-31' });
    expect(progress.review).toBeNull();
    expect(progress.overdue.map((a) => a.code).sort()).toEqual(['1.1', '1.2', '2.1']);
    expect(progress.overdueByTheme).toEqual([
      { name: 'Clean streets', count: 2 },
      { name: 'Waste', count: 1 },
    ]);
    expect(progress.overdueByLead).toEqual([
      { name: 'J. Smith', count: 2 },
      { name: 'A. Patel', count: 1 },
    ]);
    expect(await store().db.selectFrom('progress_review').select('id').execute()).toHaveLength(0);

    const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
    const app = buildApp({ store: store(), clock: fixedClock, brand });
    const page = await app.inject({ url: paths.improvementPlan(id, { asAt: '31/3/2015' }), cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 actions are overdue as at 31 March 2015');
    expect(page.body).toMatch(/Overdue by lead officer[\s\S]*J. Smith<\/td><td[^>]*>2</);
    expect(page.body).toContain('75% complete');
    expect(page.body).not.toContain('null% complete');
    const bad = await app.inject({ url: paths.improvementPlan(id, { asAt: '31/13/2015' }), cookies });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#as-at"');
    await app.close();
  });
});

it('the CLI says how many actions have no date, and lists overdue as at a date with subtotals', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { buildCli } = await import('../../src/main/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'cairn-tracker-'));
  vi.stubEnv('DATABASE_URL', join(dir, 'cairn.db'));
  const file = join(dir, 'tracker.xlsx');
  writeFileSync(file, await trackerXlsx());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const run = (...args: string[]) => buildCli().parseAsync(['node', 'cairn', ...args]);
    await run('plan', 'import', file, '--title', plan.title, '--dry-run');
    await run('plan', 'import', file, '--title', plan.title, '--map-status', 'gry=not started');
    await run('plan', 'overdue', '1', '--as-at', '2015-03-31');
    await run('plan', 'reviews', '1');
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines[0]).toContain('is valid');
    expect(lines[0]).toContain('Nothing saved (dry run)');
    expect(lines).toContain(
      'Target dates: 5 actions have a date; 1 has no date yet (blank or TBC: never overdue); 2 are ongoing.',
    );
    expect(lines).toContain(`${plan.title}: 3 of 8 actions overdue as at 31 March 2015.`);
    expect(lines).toContain('By theme:');
    expect(lines).toContain('  Clean streets\t2');
    expect(lines).toContain('  J. Smith\t2');
    expect(lines.at(-1)).toBe(`${plan.title} has no progress reviews.`);
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  }
});
