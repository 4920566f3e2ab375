/**
 * The framework spreadsheet end to end on both databases: export → import gives the same framework;
 * a bad file is rejected with every problem located, and nothing is written.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { toCsv } from '../../src/importers/spreadsheet-write.js';
import { expect, it } from 'vitest';
import { exportFramework, importFrameworkFile } from '../../src/app/framework.js';
import { CairnError } from '../../src/app/errors.js';
import { loadDemo } from '../../src/app/demo.js';
import { oxfordshireFramework } from '../../src/demo/oxfordshire-2017-18.js';
import { loadFrameworkDocument } from '../../src/storage/framework-repository.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, tableCounts } from '../support/fixtures.js';

async function rejection(p: Promise<unknown>): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CairnError) return e;
    throw e;
  }
  throw new Error('expected the import to be rejected');
}

async function editWorkbook(bytes: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Framework');
  if (!ws) throw new Error('no Framework sheet');
  edit(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function column(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === header) found = n;
  });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

describeEachDatabase(
  'framework spreadsheet',
  (store) => {
    it('exports the demo to XLSX and imports it back unchanged', async () => {
      const { bytes, plan } = await exportFramework(store(), undefined, 'xlsx');
      const before = await loadFrameworkDocument(store().db, plan.id);
      expect(before).toEqual(oxfordshireFramework);
      const result = await importFrameworkFile(store(), bytes, 'framework.xlsx', fixedClock);
      expect(result.createdPlan).toBe(false);
      expect(result.planId).toBe(plan.id);
      expect(await loadFrameworkDocument(store().db, plan.id)).toEqual(before);
    });

    it('exports to CSV and imports it back into the same plan unchanged', async () => {
      const { bytes, document, plan } = await exportFramework(store(), undefined, 'csv');
      const text = bytes.toString('utf8');
      expect(text).toContain('Top quartile');
      const result = await importFrameworkFile(store(), bytes, 'framework.csv', fixedClock, {
        title: plan.title,
        years: plan.years,
      });
      expect(result.createdPlan).toBe(false);
      expect(await loadFrameworkDocument(store().db, plan.id)).toEqual(document);
    });

    it('imports a CSV as a new plan, and says why second-framework links need a workbook', async () => {
      const { bytes } = await exportFramework(store(), undefined, 'csv');
      const defaults = { title: 'Corporate Plan 2017-18 (copy)', years: '2017-18' };
      const error = await rejection(
        importFrameworkFile(store(), bytes, 'framework.csv', fixedClock, defaults),
      );
      expect(error.details[0]).toMatchObject({ sheet: 'Framework', column: 'Second framework' });
      expect(error.details[0]?.message).toContain('use a workbook with a "Second framework" sheet');
      const [header, ...rows] = parseCsv(bytes, { bom: true }) as string[][];
      const col = header!.indexOf('Second framework');
      const withoutLinks = Buffer.from(
        toCsv(
          header!,
          rows.map((r) => r.map((c, i) => (i === col ? '' : c))),
        ),
      );
      const result = await importFrameworkFile(store(), withoutLinks, 'framework.csv', fixedClock, defaults);
      expect(result.createdPlan).toBe(true);
      const copy = await loadFrameworkDocument(store().db, result.planId);
      expect(copy.indicators).toHaveLength(50);
      expect(copy.outcomes.every((o) => o.secondFramework.length === 0)).toBe(true);
    });

    it('rejects a file with bad rows, naming sheet, row and column, and writes nothing', async () => {
      const { bytes } = await exportFramework(store(), '1', 'xlsx');
      const bad = await editWorkbook(bytes, (ws) => {
        ws.getRow(3).getCell(column(ws, 'Target')).value = 'about 12 approx';
        ws.getRow(5).getCell(column(ws, 'Cumulative target Y/N')).value = 'maybe';
        ws.getRow(6).getCell(column(ws, 'No.')).value = '1';
        ws.getRow(7).getCell(column(ws, 'Outcome code')).value = '';
      });
      const before = await tableCounts(store().db);
      const error = await rejection(importFrameworkFile(store(), bad, 'framework.xlsx', fixedClock));
      expect(error.code).toBe('IMPORT_REJECTED');
      expect(error.message).toMatch(/Nothing has been changed/);
      const find = (row: number, col: string) => error.details.find((d) => d.row === row && d.column === col);
      expect(find(3, 'Target')?.message).toContain('"about 12 approx"');
      expect(find(5, 'Cumulative target Y/N')?.message).toContain('should be Y or N');
      const twice = error.details.find((d) => d.column === 'No.');
      expect(twice?.message).toMatch(/^Indicator 1 appears twice: on row \d+ and on row \d+\.$/);
      expect(twice?.message).toContain('row 6');
      expect(find(7, 'Outcome code')?.message).toContain('Outcome code is empty');
      expect(error.details.every((d) => d.sheet === 'Framework')).toBe(true);
      expect(await tableCounts(store().db)).toEqual(before);
    });

    it('refuses to drop an indicator that has figures, and writes nothing', async () => {
      const { plan } = await exportFramework(store(), '1', 'xlsx');
      const ind = await store()
        .db.selectFrom('indicator')
        .select('id')
        .where('plan_id', '=', plan.id)
        .where('number', '=', '50')
        .executeTakeFirstOrThrow();
      await upsertValue(
        store().db,
        { indicatorId: ind.id, periodCode: '2017-18-Q2', actual: 81 },
        '2017-10-01T00:00:00Z',
      );
      const smaller = {
        ...oxfordshireFramework,
        indicators: oxfordshireFramework.indicators.filter((i) => i.number !== '50'),
      };
      const { frameworkXlsx } = await import('../../src/importers/framework/write-framework.js');
      const before = await tableCounts(store().db);
      const error = await rejection(
        importFrameworkFile(store(), await frameworkXlsx(smaller), 'f.xlsx', fixedClock),
      );
      expect(error.code).toBe('CONFLICT');
      expect(error.details[0]?.message).toContain('Indicator 50 is not in the file but has figures recorded');
      expect(await tableCounts(store().db)).toEqual(before);
    });

    it('refuses files that are not spreadsheets, too big, or zip bombs', async () => {
      const notXlsx = await rejection(
        importFrameworkFile(store(), Buffer.from('hello'), 'f.xlsx', fixedClock),
      );
      expect(notXlsx.message).toMatch(/not a valid Excel workbook/);
      const wrongType = await rejection(importFrameworkFile(store(), Buffer.from('x'), 'f.pdf', fixedClock));
      expect(wrongType.message).toMatch(/save it as an Excel workbook/);
      const huge = await rejection(
        importFrameworkFile(store(), Buffer.alloc(11 * 1024 * 1024, 0x41), 'f.csv', fixedClock),
      );
      expect(huge.message).toMatch(/largest Cairn accepts is 10 MB/);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
