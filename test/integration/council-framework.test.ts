/**
 * A council's published KPI list loads as a framework without reshaping (issue 20): below its merged
 * title row, one priority and outcome per service, polarity as written, a warning for a percentage
 * target below 1; and a framework spreadsheet's header row is found below title rows, with one
 * problem (not one per row) when a header is missing.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { CairnError } from '../../src/app/errors.js';
import { exportFramework, importFrameworkFile, readFrameworkFile } from '../../src/app/framework.js';
import { oxfordshireFramework } from '../../src/demo/oxfordshire-2017-18.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { loadFrameworkDocument } from '../../src/storage/framework-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { kpiListXlsx } from '../fixtures/council-layouts.js';

const plan = { title: 'Anytown KPIs 2017-18', years: '2017-18' };

describeEachDatabase('a council KPI list', (store) => {
  it('is found by its columns and imported: a priority and outcome per service, polarity and units read', async () => {
    const r = await importFrameworkFile(store(), await kpiListXlsx(), 'kpis.xlsx', fixedClock, plan);
    expect(r.layout).toBe('kpi-list');
    expect(r.counts).toMatchObject({ priorities: 3, outcomes: 3, indicators: 5 });
    const doc = await loadFrameworkDocument(store().db, r.planId);
    expect(doc.priorities.map((p) => p.title)).toEqual(['Housing', 'Waste and Recycling', 'Leisure']);
    expect(doc.outcomes.map((o) => [o.code, o.priority, o.title, o.directorate])).toEqual([
      ['O1', 'P1', 'Housing', 'HOU'],
      ['O2', 'P2', 'Waste and Recycling', 'WR'],
      ['O3', 'P3', 'Leisure', 'LEI'],
    ]);
    const by = new Map(doc.indicators.map((i) => [i.number, i]));
    expect(by.get('HS01')).toMatchObject({ polarity: 'lower', unit: 'number', target: '15', outcome: 'O1' });
    expect(by.get('WR01')).toMatchObject({ polarity: 'higher', unit: 'percent', target: '52%' });
    // No polarity given: as the target says ("<40" is lower is better).
    expect(by.get('WR02')).toMatchObject({ polarity: 'lower' });
    // The list's own row numbers: the title is row 1, the header row 4, HS02 is row 6.
    expect(r.warnings).toEqual([
      {
        sheet: 'KPIs 2017-18',
        row: 6,
        column: 'Target 2017/18',
        message: 'The target 0.9 is for a percentage, so it reads as 0.9%. If 90% is meant, write that.',
      },
    ]);
  });

  it('names the list’s own sheet, row and column in a problem, and says once what a header lacks', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await kpiListXlsx()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(7).getCell(5).value = 'about half';
    ws.getRow(8).getCell(3).value = null;
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const e = (await readFrameworkFile(bad, 'kpis.xlsx', plan).catch((x: unknown) => x)) as CairnError;
    expect(e).toBeInstanceOf(CairnError);
    expect(e.details.map((d) => `${d.sheet}:${d.row}:${d.column}`)).toEqual(['KPIs 2017-18:8:Service']);
    ws.getRow(8).getCell(3).value = 'Waste and Recycling';
    const bad2 = Buffer.from(await wb.xlsx.writeBuffer());
    const e2 = (await readFrameworkFile(bad2, 'kpis.xlsx', plan).catch((x: unknown) => x)) as CairnError;
    expect(e2.details.map((d) => `${d.sheet}:${d.row}:${d.column}`)).toEqual([
      'KPIs 2017-18:7:Target 2017/18',
    ]);

    ws.getRow(4).getCell(3).value = 'Notes';
    const noService = Buffer.from(await wb.xlsx.writeBuffer());
    const e3 = (await readFrameworkFile(noService, 'kpis.xlsx', plan, 'kpi-list').catch(
      (x: unknown) => x,
    )) as CairnError;
    expect(e3.details).toHaveLength(1);
    expect(e3.details[0]!.message).toContain('has no "Service" column');
  });

  it('finds a framework spreadsheet’s header row below title rows', async () => {
    await saveFrameworkDocument(store(), oxfordshireFramework, fixedClock);
    const { bytes } = await exportFramework(store(), oxfordshireFramework.plan.title, 'csv');
    const defaults = {
      title: oxfordshireFramework.plan.title,
      years: oxfordshireFramework.plan.years,
      secondFramework: oxfordshireFramework.secondFramework,
      retired: oxfordshireFramework.retired,
    };
    const csv = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const titled = Buffer.from(
      `Oxfordshire County Council,,,\r\nCorporate Plan 2017-18 success indicators\r\n\r\n${csv}`,
    );
    const read = await readFrameworkFile(titled, 'framework.csv', defaults);
    expect(read.layout).toBe('framework');
    const byNumber = (list: typeof oxfordshireFramework.indicators) =>
      [...list].sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
    expect(byNumber(read.document.indicators)).toEqual(byNumber(oxfordshireFramework.indicators));
    // A header missing: one problem, not one for every row under it.
    const broken = Buffer.from(`Oxfordshire County Council\r\n\r\n${csv.replace('Priority code,', 'Prio,')}`);
    const e = (await readFrameworkFile(broken, 'framework.csv', defaults).catch(
      (x: unknown) => x,
    )) as CairnError;
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.message).toContain('missing "Priority code"');
  });
});

it('reads a KPI list saved as CSV as a KPI list', async () => {
  const { readFrameworkFile: read } = await import('../../src/app/framework.js');
  const csv = [
    'Anytown KPIs,,,,',
    '',
    'KPI Code,KPI,Service,Unit,Target',
    'HS01,Households in temporary accommodation,Housing,Number,<15',
    'LE01,Leisure centre visits,Leisure,Number,"120,000"',
  ].join('\r\n');
  const r = await read(Buffer.from(csv), 'kpis.csv', { title: 'Anytown KPIs', years: '2017-18' });
  expect(r.layout).toBe('kpi-list');
  expect(r.document.indicators.map((i) => [i.number, i.polarity, i.outcome])).toEqual([
    ['HS01', 'lower', 'O1'],
    ['LE01', 'higher', 'O2'],
  ]);
});
