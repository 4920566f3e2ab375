/**
 * ReportDocument → Excel (.xlsx): one sheet per `sheet` name its tables give (a directorate's
 * dashboard, the summary, the matrix…), then the report's data on a "Data" sheet. Figures are
 * numbers; text that a spreadsheet could run as a formula (starting =, +, -, @) is written inert,
 * and no cell is a formula.
 */
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../importers/workbook.js';
import { neutraliseFormula } from '../importers/spreadsheet-write.js';
import type { Block, Cell, ReportDocument, TableBlock } from './document.js';
import { describeFormat, type Renderer } from './formats.js';
import { flatText, toGrid } from './grid.js';

export interface XlsxOptions {
  colour?: string;
}

/** Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++)
    name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  used.add(name.toLowerCase());
  return name;
}

function tablesOf(blocks: Block[]): TableBlock[] {
  return blocks.flatMap((b) => (b.kind === 'table' ? [b] : b.kind === 'figure' ? [b.table] : []));
}

const value = (c: Cell): string | number =>
  c.value !== undefined && Number.isFinite(c.value) ? c.value : neutraliseFormula(flatText(c));

function writeTable(ws: ExcelJS.Worksheet, t: TableBlock, colour: string): void {
  if (ws.rowCount > 0) ws.addRow([]);
  const caption = ws.addRow([neutraliseFormula(t.caption)]);
  caption.font = { bold: true, size: 12 };
  for (const r of toGrid(t.head)) {
    const row = ws.addRow(r.map((c) => neutraliseFormula(flatText(c))));
    row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    row.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${colour}` } };
      c.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  for (const r of toGrid(t.rows)) {
    const row = ws.addRow(r.map(value));
    row.eachCell((c) => (c.alignment = { wrapText: true, vertical: 'top' }));
  }
}

export async function renderXlsx(doc: ReportDocument, o: XlsxOptions = {}): Promise<Buffer> {
  const colour = (o.colour ?? '#1d5c4d').replace('#', '').toUpperCase();
  const wb = await newWorkbook();
  wb.creator = 'Cairn';
  wb.title = doc.title;
  wb.subject = doc.council;
  wb.created = new Date(doc.asAt);
  wb.modified = new Date(doc.asAt);
  const used = new Set<string>();
  const bySheet = new Map<string, TableBlock[]>();
  for (const t of tablesOf(doc.blocks)) {
    const key = t.sheet ?? 'Tables';
    bySheet.set(key, [...(bySheet.get(key) ?? []), t]);
  }
  const sheets = [...bySheet.entries()].filter(([k]) => k !== 'Data');
  const data = doc.data ? [doc.data] : bySheet.get('Data');
  for (const [name, tables] of data ? [...sheets, ['Data', data] as const] : sheets) {
    const ws = wb.addWorksheet(sheetName(name, used));
    for (const t of tables) writeTable(ws, t, colour);
    const cols = Math.max(1, ...tables.map((t) => toGrid(t.head)[0]?.length ?? 1));
    ws.columns = Array.from({ length: cols }, (_, i) => ({ width: i === 0 ? 28 : 18 }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const xlsxRenderer: Renderer = { ...describeFormat('xlsx'), render: renderXlsx };
