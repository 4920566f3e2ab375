/**
 * A new exceljs workbook. exceljs (about 28 MB in memory) is loaded on first use, not when the server
 * starts: most requests never touch a spreadsheet. Types come from `import type ExcelJS from 'exceljs'`.
 */
import type ExcelJS from 'exceljs';
import { neutraliseFormula } from './spreadsheet-write.js';

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import('exceljs');
  return new exceljs.Workbook();
}

/** A sheet of text cells with a bold, frozen header row (the plan's and the risk register's spreadsheets). */
export function addTable(
  wb: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  rows: string[][],
  widths: number[] = [],
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] ?? 18 }));
  ws.getRow(1).font = { bold: true };
  // Text starting =, +, - or @ is written so Excel never runs it (the reader takes the mark off again).
  for (const r of rows) ws.addRow(r.map(neutraliseFormula));
  // Every cell is text, so "1a", "Nov 02" and "09/04/2024" keep the form they were written in.
  ws.eachRow((row) =>
    row.eachCell((c) => {
      c.numFmt = '@';
      c.alignment = { wrapText: true, vertical: 'top' };
    }),
  );
}

/** An ISO date as councils write it in a spreadsheet: 31/03/2018. */
export const ukDate = (iso: string | null | undefined) => {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};
