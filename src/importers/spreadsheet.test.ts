import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  checkZipInflatedSize,
  numberText,
  readRawSheets,
  readSpreadsheet,
  SpreadsheetError,
} from './spreadsheet.js';
import { neutraliseFormula, restoreNeutralised, toCsv } from './spreadsheet-write.js';

/**
 * A one-file zip whose entry inflates to `size` bytes of zeros; its headers declare `declared` bytes
 * (by default the truth), and the deflate stream is given ready-made when it is too big to make here.
 */
function zipOf(size: number, declared = size, deflated?: Buffer): Buffer {
  const data = deflated ?? deflateRawSync(Buffer.alloc(size));
  size = declared;
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}

/** The deflate stream of `megabytes` MB of XML-ish text, made 1 MB at a time (never held inflated). */
async function deflatedMegabytes(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, '<c r="A1"><v>0</v></c>');
  for (let i = 0; i < megabytes; i++)
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

describe('reading spreadsheets', () => {
  it('counts what a lying zip actually inflates to, and refuses it without the memory it claims to need', async () => {
    // The probe: a small archive whose central directory declares 35 KB but which inflates to 472 MB.
    const liar = zipOf(0, 35 * 1024, await deflatedMegabytes(472));
    expect(liar.length).toBeLessThan(2 * 1024 * 1024);
    expect(() => checkZipInflatedSize(liar)).not.toThrow(); // the declared sizes look harmless
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      await expect(readSpreadsheet(liar, 'xlsx', 'x')).rejects.toThrow(
        /The workbook unpacks to more than 64 MB, which is more than a framework or return needs/,
      );
      await expect(readRawSheets(liar, 'xlsx', 'x')).rejects.toBeInstanceOf(SpreadsheetError);
    } finally {
      clearInterval(watch);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('reads several workbooks at once, a limited number at a time', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Framework').addRow(['Name', 'Value']).commit();
    wb.getWorksheet('Framework')!.addRow(['Waste', 12]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const sheets = await Promise.all(Array.from({ length: 5 }, () => readSpreadsheet(bytes, 'xlsx', 'x')));
    for (const [sheet] of sheets) expect(sheet!.rows[0]!.cells).toEqual({ Name: 'Waste', Value: '12' });
  });

  it('refuses a workbook that would inflate past the cap before any parser sees it', async () => {
    const bomb = zipOf(80 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(() => checkZipInflatedSize(bomb)).toThrow(/unpacks to more than 64 MB/);
    await expect(readSpreadsheet(bomb, 'xlsx', 'x')).rejects.toBeInstanceOf(SpreadsheetError);
    expect(() => checkZipInflatedSize(zipOf(1024))).not.toThrow();
  });

  it('reads cells as the user sees them: percentages, grouped numbers, dates, formulas, merged cells, blank rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Framework');
    ws.addRow(['Name', 'Value', 'When']);
    ws.addRow([]);
    const r = ws.addRow(['pct', 0.67, new Date(Date.UTC(2017, 8, 30))]);
    r.getCell(2).numFmt = '0%';
    const g = ws.addRow(['grouped', 12000, null]);
    g.getCell(2).numFmt = '#,##0';
    ws.addRow(['formula', { formula: '1+1', result: 2 }, null]);
    ws.addRow(['merged', 'kept', null]);
    ws.addRow(['', '', '']);
    ws.mergeCells('B6:C6');
    const [sheet] = await readSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx', 'x');
    expect(sheet?.rows.map((row) => [row.row, row.cells['Value'], row.cells['When']])).toEqual([
      [3, '67%', '2017-09-30'],
      [4, '12,000', ''],
      [5, '2', ''],
      [6, 'kept', 'kept'],
    ]);
  });

  it('prints numbers without floating-point noise', () => {
    expect(numberText(0.67 + 1e-15, '0%')).toBe('67%');
    expect(numberText(0.068, '0.0%')).toBe('6.8%');
    expect(numberText(8920, undefined)).toBe('8920');
  });

  it('neutralises formulas in CSV and restores them on read', async () => {
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutraliseFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseFormula('-')).toBe('-');
    expect(neutraliseFormula('-12.5%')).toBe('-12.5%');
    expect(neutraliseFormula('-2+3')).toBe(`'-2+3`);
    expect(neutraliseFormula('>28%')).toBe('>28%');
    const csv = toCsv(['Name'], [['=1+1'], ['plain']]);
    expect(csv).toContain(`'=1+1`);
    const [sheet] = await readSpreadsheet(Buffer.from(csv), 'csv', 'Framework');
    expect(sheet?.rows.map((r) => r.cells['Name'])).toEqual(['=1+1', 'plain']);
    expect(restoreNeutralised(`'it's`)).toBe(`'it's`);
  });
});

describe('finding the header row', () => {
  it('skips title rows and merged cells: the row with the most known headings', async () => {
    const { findHeaderRow, readSpreadsheet } = await import('./spreadsheet.js');
    const csv =
      'Council KPIs,Council KPIs,Council KPIs\r\nPublished June,,\r\nCode,Title,Target\r\nA1,Thing,5\r\n';
    const [sheet] = await readSpreadsheet(Buffer.from(csv), 'csv', 'S');
    expect(sheet!.headers).toEqual(['Council KPIs', 'Council KPIs', 'Council KPIs']);
    const found = findHeaderRow(sheet!, ['code', 'TITLE', 'Target']);
    expect(found.headers).toEqual(['Code', 'Title', 'Target']);
    expect(found.headerRow).toBe(3);
    expect(found.rows).toEqual([{ row: 4, cells: { Code: 'A1', Title: 'Thing', Target: '5' } }]);
    // No row with enough known headings: the sheet as it was.
    expect(findHeaderRow(sheet!, ['Nothing', 'Here'])).toBe(sheet);
  });
});

describe('issue 19: formulas without values, UTF-16 CSVs, the plan export', () => {
  it('refuses a formula cell with no saved value, saying where it is, instead of reading [object Object]', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Framework');
    ws.addRow(['Number', 'Target']);
    for (let n = 2; n <= 6; n++) ws.addRow([String(n), 10]);
    ws.addRow(['7', { formula: 'B6*2' }]);
    ws.addRow(['8', { formula: 'B6*3', result: 30 }]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const expected =
      "Sheet 'Framework', row 7, Target: the cell holds a formula with no saved value — type the value instead";
    await expect(readSpreadsheet(bytes, 'xlsx', 'x')).rejects.toThrow(expected);
    await expect(readRawSheets(bytes, 'xlsx', 'x')).rejects.toThrow(expected);
    await expect(readSpreadsheet(bytes, 'xlsx', 'x')).rejects.not.toThrow('[object Object]');
  });

  it('reads UTF-16 CSVs with a byte-order mark, little- and big-endian', async () => {
    const text = 'Number,Title\r\n7,Care at home — £1.2m\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const [sheet] = await readSpreadsheet(bytes, 'csv', 'Framework');
      expect(sheet!.headers).toEqual(['Number', 'Title']);
      expect(sheet!.rows[0]!.cells).toEqual({ Number: '7', Title: 'Care at home — £1.2m' });
    }
  });

  it('writes plan text starting =, +, - or @ so Excel shows it as text, and reads it back as written', async () => {
    const { planXlsx } = await import('./plans/write-plan.js');
    const bytes = await planXlsx({
      plan: { kind: 'improvement', title: '=HYPERLINK("http://evil.example","Click")', owner: '@owner' },
      themes: [{ code: '1', title: '+44 helpline' }],
      recommendations: [],
      findings: [],
      reviews: [],
      actions: [],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(c.value))));
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","Click")');
    expect(cells).toContain("'@owner");
    expect(cells).toContain("'+44 helpline");
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    const sheets = await readSpreadsheet(bytes, 'xlsx', 'x');
    const values = sheets.flatMap((s) => s.rows.flatMap((r) => Object.values(r.cells)));
    expect(values).toContain('=HYPERLINK("http://evil.example","Click")');
    expect(values).toContain('+44 helpline');
  });
});
