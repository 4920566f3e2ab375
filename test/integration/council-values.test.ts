/**
 * A council's own figures sheet — a row per KPI, a column per quarter, its published statuses —
 * loads without reshaping (issue 20): blank is no figure, n/a is not reported, 0 is zero; fractions
 * of a percentage are read with a note; the statuses carried across as reported ratings; every figure
 * rated and audited, all or nothing; and the CLI prints the notes it makes while reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it, vi } from 'vitest';
import { cliActor } from '../../src/app/audit.js';
import { importWideValues } from '../../src/app/collection/import-wide-values.js';
import { CairnError } from '../../src/app/errors.js';
import { importFrameworkFile } from '../../src/app/framework.js';
import { buildCli } from '../../src/main/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { kpiListXlsx, wideValuesXlsx } from '../fixtures/council-layouts.js';

const plan = { title: 'Anytown KPIs 2017-18', years: '2017-18' };

describeEachDatabase('a council figures sheet, one column per period', (store) => {
  const values = async () =>
    store()
      .db.selectFrom('indicator_value')
      .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
      .select([
        'indicator.number',
        'indicator_value.period_code',
        'indicator_value.actual',
        'indicator_value.computed_rating',
        'indicator_value.manual_rating',
        'indicator_value.manual_source',
      ])
      .orderBy('indicator.number')
      .orderBy('indicator_value.period_code')
      .execute();

  it('refuses a file with a bad figure, a bad status or an unknown KPI, by row, and saves nothing', async () => {
    await importFrameworkFile(store(), await kpiListXlsx(), 'kpis.xlsx', fixedClock, plan);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await wideValuesXlsx()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(5).getCell(3).value = 'about 11';
    ws.getRow(6).getCell(6).value = 'Purple';
    ws.addRow(['XX99', 'Not in the framework', 1]);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const e = (await importWideValues(store(), cliActor(), bad, 'q.xlsx', fixedClock).catch(
      (x: unknown) => x,
    )) as CairnError;
    expect(e).toBeInstanceOf(CairnError);
    expect(e.details.map((d) => `${d.row}:${d.column}`)).toEqual(['5:Q1 2017-18', '6:Status', '9:Code']);
    expect(await values()).toEqual([]);
  });

  it('a dry run rates everything and saves nothing', async () => {
    const s = await importWideValues(store(), cliActor(), await wideValuesXlsx(), 'q.xlsx', fixedClock, {
      dryRun: true,
    });
    expect(s.figures).toBe(9);
    expect(await values()).toEqual([]);
  });

  it('saves every figure rated, the published statuses as reported ratings, blank and n/a as nothing', async () => {
    const s = await importWideValues(store(), cliActor(), await wideValuesXlsx(), 'q.xlsx', fixedClock);
    expect(s).toMatchObject({
      periods: ['Q1 2017-18', 'Q2 2017-18', 'Q3 2017-18'],
      figures: 9,
      zeros: 1,
      blank: 2,
      notApplicable: 1,
      reported: 3,
    });
    expect(s.notes).toEqual([
      { sheet: 'Performance', row: 7, column: 'Q3 2017-18', message: '0.574 was read as 57.4%' },
    ]);
    const rows = await values();
    const at = (n: string, p: string) => rows.find((r) => r.number === n && r.period_code === p);
    expect(at('HS01', '2017-18-Q1')).toMatchObject({
      actual: 11,
      computed_rating: 'green',
      manual_rating: null,
    });
    // The published status belongs to the row's latest figure.
    expect(at('HS01', '2017-18-Q2')).toMatchObject({
      actual: 14,
      manual_rating: 'green',
      manual_source: 'reported',
    });
    expect(at('HS01', '2017-18-Q3')).toBeUndefined();
    expect(at('HS02', '2017-18-Q3')).toBeUndefined();
    expect(at('WR01', '2017-18-Q1')).toMatchObject({ actual: 50, computed_rating: 'amber' });
    expect(at('WR02', '2017-18-Q1')).toMatchObject({ actual: 0, computed_rating: 'green' });
    const audited = await store()
      .db.selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['indicator_value.import', 'indicator_value.reported-rating'])
      .execute();
    expect(audited).toHaveLength(12);
  });
});

it('the CLI finds a wide sheet by its period headers and prints what it made of the figures', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-wide-'));
  vi.stubEnv('DATABASE_URL', join(dir, 'cairn.db'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const kpis = join(dir, 'kpis.xlsx');
    const wide = join(dir, 'performance.xlsx');
    writeFileSync(kpis, await kpiListXlsx());
    writeFileSync(wide, await wideValuesXlsx());
    const run = (...args: string[]) => buildCli().parseAsync(['node', 'cairn', ...args]);
    await run('import', 'framework', kpis, '--title', plan.title, '--years', plan.years);
    await run('import', 'values', wide);
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines[0]).toContain('from a KPI list: 3 priorities, 3 outcomes, 5 indicators');
    expect(lines[1]).toBe(
      "Warning: Sheet 'KPIs 2017-18', row 6, Target 2017/18: The target 0.9 is for a percentage, so it reads as 0.9%. If 90% is meant, write that.",
    );
    expect(lines).toContain(
      `${plan.title}, Q1 2017-18, Q2 2017-18, Q3 2017-18: 9 figures saved (1 of them 0, which is zero); 2 blank (no figure); ` +
        '1 n/a (not applicable or not reported, nothing saved); 3 published statuses kept as reported ratings.',
    );
    expect(lines.at(-1)).toBe("Sheet 'Performance', row 7, Q3 2017-18: 0.574 was read as 57.4%");
    await expect(run('import', 'values', wide, '--layout', 'return')).rejects.toMatchObject({
      message: expect.stringContaining('--period'),
    });
    await expect(
      run('import', 'values', wide, '--period', 'Q2 2017-18', '--layout', 'return'),
    ).rejects.toMatchObject({
      message: expect.stringContaining('cairn collection open --period "Q2 2017-18"'),
    });
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  }
});
