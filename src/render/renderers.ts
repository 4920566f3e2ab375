/**
 * The one registry of renderers: every download, every publication and the CLI take a format's
 * renderer from here, for the quarterly report and a plan's progress report alike. The HTML and CSV
 * renderers are light and loaded with this module; the PDF, Word and Excel ones are loaded on first
 * use: their libraries (playwright-core, docx, exceljs) hold some 130 MB, which a server that only
 * shows pages never needs.
 */
import { csvRenderer } from './csv.js';
import type { ReportDocument } from './document.js';
import { FORMATS, type Format, type Renderer, type RenderOptions } from './formats.js';
import { htmlRenderer } from './html.js';

const LOAD: Record<Format, () => Promise<Renderer>> = {
  html: () => Promise.resolve(htmlRenderer),
  pdf: async () => (await import('./pdf.js')).pdfRenderer,
  docx: async () => (await import('./docx.js')).docxRenderer,
  xlsx: async () => (await import('./xlsx.js')).xlsxRenderer,
  csv: () => Promise.resolve(csvRenderer),
};

/** The renderer for `format`. */
export function rendererFor(format: Format): Promise<Renderer> {
  return LOAD[format]();
}

/** Every format's renderer, in the order of FORMATS. */
export function renderers(): Promise<Renderer[]> {
  return Promise.all(FORMATS.map(rendererFor));
}

/** Renders `doc` in `format`: shorthand for `(await rendererFor(format)).render(doc, o)`. */
export async function render(doc: ReportDocument, format: Format, o: RenderOptions = {}): Promise<Buffer> {
  return (await rendererFor(format)).render(doc, o);
}
