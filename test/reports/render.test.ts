/**
 * The demo's Q1 2017-18 council-wide report in every format, read back: the PDF's text (pdftotext)
 * and structure tree, the Word document's text and table header rows, the spreadsheet's typed cells,
 * the CSV's neutralised text, and the HTML page through axe in Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { findIndicator, upsertValue } from '../../src/storage/performance-repository.js';
import type { ReportDocument } from '../../src/render/document.js';
import { buildQuarterlyReport } from '../../src/reports/quarterly/build.js';
import { draftTexts } from '../../src/reports/quarterly/draft.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderDocx } from '../../src/render/docx.js';
import { renderHtml } from '../../src/render/html.js';
import { closePdfBrowser, renderPdf } from '../../src/render/pdf.js';
import { renderXlsx } from '../../src/render/xlsx.js';
import { axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';

let store: Store;
let doc: ReportDocument;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-report-'));
  store = openStore(join(dir, 'cairn.db'));
  await migrate(store.db);
  const { planId } = await loadDemo(store, fixedClock);
  // A figure for indicator 7, so the report has a chart (with its table) to render and check.
  const seven = (await findIndicator(store.db, planId, '7'))!;
  await upsertValue(
    store.db,
    { indicatorId: seven.id, periodCode: '2017-18-Q1', actual: 5980 },
    '2017-10-01T00:00:00Z',
  );
  const s = await loadReportSource(store, 'Q1 2017-18', undefined, { charts: true, now: fixedClock.now() });
  const settings = { ...DEFAULT_SETTINGS, meetingDate: '17 October 2017', charts: true };
  doc = buildQuarterlyReport(s, settings, draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18'));
}, 60_000);

afterAll(async () => {
  await closePdfBrowser();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The seed's headline figures and the two exception reports, in text read back from a file. */
function expectSeedFigures(text: string) {
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('Of the 23 outcomes being reported on this year, 21 were rated Green or Amber');
  expect(flat).toContain('Of the 50 success indicators being reported on, 2 were rated as Red');
  expect(flat).toContain(
    'The outlook for 49 of the 50 success indicators was "stable" or "positive/improving"',
  );
  const exceptions = flat.match(/Exception report \d+:/g) ?? [];
  expect(exceptions).toEqual(['Exception report 1:', 'Exception report 2:']);
  const cited = [...flat.matchAll(/Dashboard details:? Success indicators? (\d+)/g)].map((m) => m[1]);
  expect(cited.sort()).toEqual(['46', '7']);
}

describe('the quarterly report, rendered', () => {
  it('PDF: the text has the seed figures; tagged, with a structure tree, bookmarks, title and language', async () => {
    const file = join(dir, 'report.pdf');
    const pdf = await renderPdf(doc);
    writeFileSync(file, pdf);
    expectSeedFigures(
      execFileSync('pdftotext', ['-layout', file, '-'])
        .toString('utf8')
        .replace(/-\n\s*/g, '-'),
    );
    const info = execFileSync('pdfinfo', [file]).toString('utf8');
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Business management and monitoring report: Q1 2017-18/m);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Outlines');
    expect(raw).toContain('/Lang (en-GB)');
    // Page numbers in the footer.
    expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', file, '-']).toString('utf8')).toMatch(
      /Page 2 of \d+/,
    );
  }, 60_000);

  it('Word: the text has the seed figures; real headings and repeated table header rows; title and language', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    expectSeedFigures(text.replace(/Dashboard details: /g, 'Dashboard details: '));
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading4"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('<w:lang w:val="en-GB"/>');
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain(
      '<dc:title>Business management and monitoring report: Q1 2017-18</dc:title>',
    );
  });

  it('Excel: a sheet per dashboard and a Data sheet; numbers typed as numbers; no formulas', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc)) as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Summary',
        'Social and Community Services',
        'Children, Education and Familie', // Excel allows 31 characters
        'Public Health',
        'Communities',
        'Community Safety Services',
        'Data',
      ]),
    );
    expect(names[names.length - 1]).toBe('Data');
    let numbers = 0;
    let formulas = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Number) numbers += 1;
          if (c.type === ExcelJS.ValueType.Formula || c.formula) formulas += 1;
        }),
      );
    expect(formulas).toBe(0);
    expect(numbers).toBeGreaterThan(50);
    const summary = wb.getWorksheet('Summary')!;
    const outcomes = summary.getRow(3);
    expect(outcomes.getCell(1).value).toBe('Outcomes');
    expect(outcomes.getCell(6).value).toBe(23);
    expect(outcomes.getCell(6).type).toBe(ExcelJS.ValueType.Number);
  });

  it('Excel and CSV: text that starts like a formula is written inert', async () => {
    const hostile: ReportDocument = {
      ...doc,
      blocks: [
        {
          kind: 'table',
          caption: 'Hostile',
          head: [[{ text: 'Name' }, { text: 'Figure' }]],
          rows: [[{ text: '=HYPERLINK("http://x","y")' }, { text: '5', value: 5 }]],
          sheet: 'Hostile',
        },
      ],
      data: {
        kind: 'table',
        caption: 'Data',
        head: [[{ text: 'Commentary' }, { text: 'Actual' }]],
        rows: [
          [{ text: '@SUM(A1:A2)' }, { text: '12.5', value: 12.5 }],
          [{ text: '+1' }, { text: '-3', value: -3 }],
        ],
      },
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(hostile)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Hostile')!;
    expect(ws.getRow(3).getCell(1).value).toBe('\'=HYPERLINK("http://x","y")');
    expect(ws.getRow(3).getCell(2).value).toBe(5);
    const csv = renderCsv(hostile).toString('utf8');
    expect(csv).toContain("'@SUM(A1:A2),12.5");
    expect(csv).toContain("'+1,-3");
  });

  it('CSV: the report data, one row per indicator', () => {
    const csv = renderCsv(doc).toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFPeriod,Priority,Outcome code/);
    expect(lines).toHaveLength(51);
  });

  describe('HTML in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('passes axe (WCAG 2.2 AA) with lang, title, ordered headings and captioned, scoped tables', async () => {
      const html = renderHtml(doc);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent(html);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
      expect(await page.title()).toBe(
        'Business management and monitoring report: Q1 2017-18 – Oxfordshire County Council',
      );
      const levels = await page.$$eval('h1,h2,h3,h4', (hs) => hs.map((h) => Number(h.tagName[1])));
      expect(levels[0]).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
      const tables = await page.$$eval('table', (ts) =>
        ts.map((t) => ({
          caption: t.querySelector('caption')?.textContent ?? '',
          unscoped: t.querySelectorAll('th:not([scope])').length,
        })),
      );
      expect(tables.every((t) => t.caption.length > 0 && t.unscoped === 0)).toBe(true);
      // The chart: an image with its own title, and its figures in a table beside it.
      // One chart per indicator with a figure or a numeric target (issue 21: the option draws charts).
      const figures = doc.blocks.filter((b) => b.kind === 'figure').length;
      expect(figures).toBeGreaterThan(1);
      expect(await page.locator('figure svg[role="img"]').count()).toBe(figures);
      expect(await page.locator('figure table caption', { hasText: 'Indicator 7:' }).innerText()).toBe(
        'Indicator 7: the figures in the chart',
      );
      await context.close();
    }, 60_000);
  });
});
