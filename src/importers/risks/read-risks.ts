/**
 * The risk register spreadsheet → one text record a row, by the layout (layout.ts). Only the layout is
 * checked here — the sheet, its headings, each row's reference once — each problem located by sheet,
 * row and column; what the values mean is checked by the use case (app/risks/spreadsheet.ts).
 */
import type { Problem } from '../../domain/problem.js';
import type { Sheet } from '../spreadsheet.js';
import { headerKey } from '../spreadsheet.js';
import { RISK_COLUMNS, RISK_SHEET, type RiskField } from './layout.js';

export interface RiskRow {
  row: number;
  values: Record<RiskField, string>;
}

export function readRiskSheet(
  sheets: Sheet[],
): { ok: true; rows: RiskRow[] } | { ok: false; problems: Problem[] } {
  const sheet =
    sheets.find((s) => headerKey(s.name) === headerKey(RISK_SHEET)) ??
    (sheets.length === 1 ? sheets[0] : undefined);
  if (!sheet)
    return {
      ok: false,
      problems: [
        {
          sheet: RISK_SHEET,
          message: `The workbook has no sheet called “${RISK_SHEET}”: download the register to see its layout.`,
        },
      ],
    };
  const byKey = new Map(sheet.headers.map((h) => [headerKey(h), h]));
  const missing = RISK_COLUMNS.filter(([c]) => !byKey.has(headerKey(c))).map(([c]) => c);
  if (missing.length)
    return {
      ok: false,
      problems: missing.map((c) => ({
        sheet: sheet.name,
        row: sheet.headerRow ?? 1,
        column: c,
        message: `There is no “${c}” column: keep the headings as the download has them.`,
      })),
    };
  const problems: Problem[] = [];
  const rows: RiskRow[] = [];
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const values = Object.fromEntries(
      RISK_COLUMNS.map(([c, f]) => [f, (r.cells[byKey.get(headerKey(c))!] ?? '').trim()]),
    ) as Record<RiskField, string>;
    if (Object.values(values).every((v) => !v)) continue;
    const key = values.reference.toLowerCase();
    if (key && seen.has(key))
      problems.push({
        sheet: sheet.name,
        row: r.row,
        column: 'Reference',
        message: `Risk ${values.reference} is also on row ${seen.get(key)}: give each risk one row.`,
      });
    else if (key) seen.set(key, r.row);
    rows.push({ row: r.row, values });
  }
  if (!rows.length && !problems.length)
    problems.push({ sheet: sheet.name, message: 'The sheet has no risks on it.' });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
