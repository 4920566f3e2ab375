/**
 * ReportDocument → CSV: the report's data table (one row per figure), formula-neutralised, with a
 * byte-order mark so Excel reads it as UTF-8. Without a data table, every printed table in turn,
 * each under its caption.
 */
import { neutraliseFormula, toCsv } from '../importers/spreadsheet-write.js';
import type { Cell, ReportDocument, TableBlock } from './document.js';
import { describeFormat, type Renderer } from './formats.js';
import { flatText, toGrid } from './grid.js';

const text = (c: Cell): string => (c.value !== undefined ? String(c.value) : flatText(c));

function rowsOf(t: TableBlock): { headers: string[]; rows: string[][] } {
  const head = toGrid(t.head);
  return {
    headers: (head[head.length - 1] ?? []).map(text),
    rows: toGrid(t.rows).map((r) => r.map(text)),
  };
}

export function renderCsv(doc: ReportDocument): Buffer {
  if (doc.data) {
    const { headers, rows } = rowsOf(doc.data);
    return Buffer.from(toCsv(headers, rows), 'utf8');
  }
  const tables = doc.blocks.flatMap((b) => (b.kind === 'table' ? [b] : b.kind === 'figure' ? [b.table] : []));
  const lines = tables.map((t) => {
    const { headers, rows } = rowsOf(t);
    return toCsv([neutraliseFormula(t.caption)], [headers, ...rows]).replace(/^\uFEFF/, '');
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}`, 'utf8');
}

export const csvRenderer: Renderer = {
  ...describeFormat('csv'),
  render: (doc) => Promise.resolve(renderCsv(doc)),
};
