/**
 * A new exceljs workbook. exceljs (about 28 MB in memory) is loaded on first use, not when the server
 * starts: most requests never touch a spreadsheet. Types come from `import type ExcelJS from 'exceljs'`.
 */
import type ExcelJS from 'exceljs';

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import('exceljs');
  return new exceljs.Workbook();
}
