/**
 * The risk register → its spreadsheet (XLSX), in the layout read-risks.ts reads, with Cairn's working
 * (score, level, appetite) in the last columns.
 */
import { addTable, newWorkbook } from '../workbook.js';
import { RISK_COLUMNS, RISK_SHEET, RISK_WORKING_COLUMNS, type RiskField } from './layout.js';

export interface RiskExportRow {
  values: Record<RiskField, string>;
  working: [string, string, string];
}

export async function riskRegisterXlsx(rows: RiskExportRow[]): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Cairn';
  addTable(
    wb,
    RISK_SHEET,
    [...RISK_COLUMNS.map(([c]) => c), ...RISK_WORKING_COLUMNS],
    rows.map((r) => [...RISK_COLUMNS.map(([, f]) => r.values[f]), ...r.working]),
    [10, 14, 40, 30, 30, 30, 16, 26, 16, 12, 10, 10, 10, 10, 10, 10, 40, 20, 10, 10, 10],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
