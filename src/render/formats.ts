/**
 * The formats a ReportDocument is rendered in, with their content types and file extensions, and one
 * call that renders any of them.
 */
import type { ReportDocument } from './document.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';

export const FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_INFO: Record<Format, { contentType: string; label: string }> = {
  html: { contentType: 'text/html; charset=utf-8', label: 'Web page (HTML)' },
  pdf: { contentType: 'application/pdf', label: 'PDF' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' },
  csv: { contentType: 'text/csv; charset=utf-8', label: 'CSV (data)' },
};

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  /** The council's colour (#rrggbb). */
  colour?: string;
}

/**
 * Renders `doc` in `format`. The PDF, Word and Excel renderers are loaded on first use: their libraries
 * (playwright-core, docx, exceljs) hold some 130 MB, which a server that only shows pages never needs.
 */
export async function render(doc: ReportDocument, format: Format, o: RenderOptions = {}): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(doc, o), 'utf8');
    case 'pdf':
      return (await import('./pdf.js')).renderPdf(doc, o);
    case 'docx':
      return (await import('./docx.js')).renderDocx(doc, o);
    case 'xlsx':
      return (await import('./xlsx.js')).renderXlsx(doc, o);
    case 'csv':
      return renderCsv(doc);
  }
}

/** A file name for a rendered report: council-report-2017-18-Q1-council-v2.pdf */
export function fileName(base: string, format: Format): string {
  const safe = base
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${safe || 'report'}.${format}`;
}
