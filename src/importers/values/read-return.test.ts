import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { problemText, readReturn } from './read-return.js';
import { writeReturn } from './write-return.js';
import type { ReturnSheetRow } from './layout.js';

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('My figures'));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const row = (over: Partial<ReturnSheetRow>): ReturnSheetRow => ({
  indicatorId: 11,
  version: 0,
  number: '1',
  title: 'Maintain the high level of user satisfaction',
  outcome: 'O14 People are supported',
  target: '67%',
  unit: 'Per cent',
  periodLabel: 'Q2 2017-18',
  previous: null,
  actual: null,
  numerator: null,
  denominator: null,
  percent: true,
  milestone: false,
  progress: null,
  outlook: null,
  commentary: null,
  confirmUnusual: false,
  unusualNote: null,
  state: 'Not started',
  readOnly: false,
  ...over,
});

describe('reading a return', () => {
  it('finds the header below title rows, with columns moved and extra columns added', async () => {
    const bytes = await xlsx((ws) => {
      ws.getCell('A1').value = 'Adult social care – Q2';
      ws.mergeCells('A1:F1');
      ws.addRow([]);
      ws.addRow(['My notes', 'Actual', 'Outlook', 'No.', 'Commentary']);
      ws.addRow(['checked', 0.67, 'Stable', '1', 'Survey in']);
      ws.addRow([]);
      ws.addRow(['', '73,390', 'improving', 7, null]);
    });
    // exceljs keeps number formats per cell: make B4 a percentage, as Excel does for "67%".
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    wb.worksheets[0]!.getCell('B4').numFmt = '0%';
    const read = await readReturn(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), 'r.xlsx');
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => [r.row, r.number, r.actual, r.outlook])).toEqual([
      [4, '1', '67%', 'Stable'],
      [6, '7', '73,390', 'improving'],
    ]);
  });

  it('says where a date, two headers of the same name, a copied row and a stray figure are', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['No.', 'Actual', 'Outlook', 'Actual', 'Confirm unusual figure']);
      ws.addRow(['1', new Date(Date.UTC(2017, 6, 1)), 'Stable', null, 'perhaps']);
      ws.addRow(['1', 5, 'Stable']);
      ws.addRow([null, 5]);
    });
    const read = await readReturn(bytes, 'r.xlsx');
    expect(read.problems.map(problemText)).toEqual([
      'Row 1, Actual: there are two columns headed "Actual"; delete one of them',
      "Row 2, Actual: '01/07/2017' is a date, not a number. Format the cell as a number and type the figure",
      "Row 2, Confirm unusual figure: 'perhaps' should be Yes, or left blank",
      'Row 3, No.: indicator 1 is also on row 2. Keep one row per indicator and delete the other',
      'Row 4, No.: this row has figures but no indicator number. Put the number back, or delete the row',
    ]);
  });

  it('reads back what it wrote: keys, figures as percentages, neutralised text', async () => {
    const bytes = await writeReturn({
      council: 'Oxfordshire County Council',
      planTitle: 'Corporate Plan 2017-18',
      periodLabel: 'Q2 2017-18',
      dueDate: '2017-10-20',
      forWhom: 'Olive',
      roundId: 3,
      rows: [
        row({ actual: 0.5, version: 4, outlook: 'Stable', commentary: '-5% on last year' }),
        row({
          indicatorId: 12,
          number: '31',
          percent: false,
          milestone: true,
          target: 'Completion',
          progress: 'On track',
        }),
      ],
    });
    const read = await readReturn(bytes, 'return.xlsx');
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([
      expect.objectContaining({
        row: 8,
        roundId: 3,
        indicatorId: 11,
        version: 4,
        number: '1',
        target: '67%',
        actual: '0.5%',
        commentary: '-5% on last year',
      }),
      expect.objectContaining({ row: 9, indicatorId: 12, number: '31', actual: null, progress: 'On track' }),
    ]);
  });

  it('leaves out numerator and denominator when no figure on the return can have them', async () => {
    const bytes = await writeReturn({
      council: 'C',
      planTitle: 'P',
      periodLabel: 'Q2 2017-18',
      dueDate: '2017-10-20',
      forWhom: 'Olive',
      roundId: 3,
      rows: [row({ percent: false, target: '8920', unit: 'Number', actual: 7000 })],
    });
    const read = await readReturn(bytes, 'return.xlsx');
    expect(read.columns.has('numerator')).toBe(false);
    expect(read.columns.has('actual')).toBe(true);
    expect(read.rows[0]).toMatchObject({ actual: 7000, target: '8920' });
  });

  it('reads a CSV saved by Excel on Windows (Windows-1252), and one in UTF-8 with a byte-order mark', async () => {
    const latin = Buffer.from('No.,Actual,Commentary\r\n7,\xa31200,\x93Good\x94\r\n', 'latin1');
    const read = await readReturn(latin, 'r.csv');
    expect(read.problems).toEqual([]);
    expect(read.rows[0]).toMatchObject({ number: '7', actual: '£1200', commentary: '“Good”' });
    const utf8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('No.,Actual\r\n7,"£1,200"\r\n'),
    ]);
    expect((await readReturn(utf8, 'r.csv')).rows[0]).toMatchObject({ number: '7', actual: '£1,200' });
  });

  it('refuses a file it cannot read, or one without the header, naming the file', async () => {
    expect((await readReturn(Buffer.from('hello'), 'figures.csv')).problems[0]!.message).toMatch(
      /^Cairn could not find the header row in figures.csv/,
    );
    expect((await readReturn(Buffer.from('hello'), 'figures.pdf')).problems[0]!.message).toMatch(
      /is not a spreadsheet Cairn can read/,
    );
    expect((await readReturn(Buffer.alloc(10 * 1024 * 1024 + 1), 'big.csv')).problems[0]!.message).toMatch(
      /the largest Cairn accepts is 10 MB/,
    );
  });
});
