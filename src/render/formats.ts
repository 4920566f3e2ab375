/**
 * The formats a ReportDocument is rendered in, and the one interface every format's renderer has.
 * What a format is called, its content type and extension are here, apart from the renderers, so a
 * page can list downloads without loading the PDF, Word and Excel libraries (renderers.ts loads
 * those on first use).
 */
import type { ReportDocument } from './document.js';

export const FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatInfo {
  contentType: string;
  /** The file extension, without the dot. */
  extension: string;
  /** What a download link calls it. */
  label: string;
}

export const FORMAT_INFO: Record<Format, FormatInfo> = {
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', label: 'Web page (HTML)' },
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    label: 'Word',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    label: 'Excel',
  },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', label: 'CSV (data)' },
};

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  /** The council's colour (#rrggbb). */
  colour?: string;
}

/**
 * A ReportDocument → one format's bytes. Every format has one (html.ts, pdf.ts, docx.ts, xlsx.ts,
 * csv.ts), none knows which report it prints, and renderers.ts is the one registry of them.
 */
export interface Renderer extends FormatInfo {
  format: Format;
  render(doc: ReportDocument, o?: RenderOptions): Promise<Buffer>;
}

/** What a format's renderer says about itself: its format and that format's facts. */
export const describeFormat = (format: Format): { format: Format } & FormatInfo => ({
  format,
  ...FORMAT_INFO[format],
});

/** A file name for a rendered report: council-report-2017-18-Q1-council-v2.pdf */
export function fileName(base: string, format: Format): string {
  const safe = base
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${safe || 'report'}.${FORMAT_INFO[format].extension}`;
}
