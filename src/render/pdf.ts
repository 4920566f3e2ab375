/**
 * ReportDocument → PDF: the HTML rendering printed by Debian's Chromium (playwright-core), tagged
 * (headings, tables, reading order), with bookmarks from the headings, the document title and
 * language, page numbers in the footer, and table header rows repeated on every page (print CSS).
 * One browser per process, started on first use and reused; `closePdfBrowser` ends it.
 */
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import type { ReportDocument } from './document.js';
import { escapeHtml as esc } from './escape.js';
import { describeFormat, type Renderer } from './formats.js';
import { renderHtml, type HtmlOptions } from './html.js';

let browser: Promise<Browser> | null = null;

function getBrowser(): Promise<Browser> {
  if (!browser) {
    // playwright-core is loaded with the first PDF, not with the module (ending the browser needs none).
    const launched = import('playwright-core').then(({ chromium }) =>
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
    );
    browser = launched;
    // A browser that fails to start, or stops later, is started afresh next time.
    launched.then(
      (b) => b.on('disconnected', () => browser === launched && (browser = null)),
      () => browser === launched && (browser = null),
    );
  }
  return browser;
}

export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close();
}

const FOOTER_STYLE =
  'font-family:Arial,"Liberation Sans",sans-serif;font-size:8px;color:#333;width:100%;padding:0 14mm;display:flex;justify-content:space-between';

export async function renderPdf(doc: ReportDocument, o: HtmlOptions = {}): Promise<Buffer> {
  const html = renderHtml(doc, { colour: o.colour });
  const context = await (await getBrowser()).newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // The page is Cairn's own markup with no external resources: nothing to wait for over a network.
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style='${FOOTER_STYLE}'><span>${esc(doc.council)} – ${esc(doc.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '18mm', bottom: '20mm', left: '14mm', right: '14mm' },
    });
    return pdf;
  } finally {
    await context.close();
  }
}

export const pdfRenderer: Renderer = { ...describeFormat('pdf'), render: renderPdf };
