/**
 * Seed 001's progress report (as at the October 2024 review) through the shared renderers, read back
 * as text: the Word document and the tagged PDF list every action with its status.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPlans } from '../../src/app/demo.js';
import type { ReportDocument } from '../../src/render/document.js';
import { progressReport } from '../../src/reports/progress/build.js';
import { renderDocx } from '../../src/render/docx.js';
import { closePdfBrowser, renderPdf } from '../../src/render/pdf.js';
import { renderXlsx } from '../../src/render/xlsx.js';
import { peerChallengePlan } from '../../src/demo/peer-challenge-2024.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { fixedClock } from '../support/fixtures.js';

let store: Store;
let dir: string;
let doc: ReportDocument;
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** The first words of a title, as far as a table cell will not wrap them. */
const opening = (title: string) =>
  title
    .replace(/[^\x20-\x7e£–]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 3)
    .join(' ');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-progress-'));
  store = openStore(join(dir, 'cairn.db'));
  await migrate(store.db);
  const [peer] = await loadDemoPlans(store, fixedClock);
  const october = await store.db
    .selectFrom('progress_review')
    .select('id')
    .where('improvement_plan_id', '=', peer!)
    .where('title', '=', 'October 2024 & final update')
    .executeTakeFirstOrThrow();
  doc = await progressReport(store, peer!, fixedClock, 'Oxford City Council', october.id);
}, 60_000);

afterAll(async () => {
  await closePdfBrowser();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed 001 progress report, rendered and read back', () => {
  it('Word: every action, in order, with its status as printed', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const lines = text.split('\n').map((l) => l.trim());
    let from = 0;
    for (const a of peerChallengePlan.actions) {
      const at = lines.indexOf(a.title, from);
      expect(at, `action ${a.code} in order`).toBeGreaterThanOrEqual(from);
      // The row: action, target date (if any), status, update.
      const row = lines.slice(at + 1, at + 4);
      expect(row, `status of ${a.code}`).toContain(a.status ?? 'Not recorded');
      from = at + 1;
    }
    expect(text).toContain('Recommendation 10: The Oxford Model');
    expect(text).toContain('October 2024 & final update');
  });

  it('PDF: every action with its status; 39 Complete, 15 Ongoing, one not recorded', async () => {
    const file = join(dir, 'progress.pdf');
    writeFileSync(file, await renderPdf(doc));
    const text = flat(execFileSync('pdftotext', [file, '-']).toString('utf8'));
    for (const a of peerChallengePlan.actions) expect(text, `action ${a.code}`).toContain(opening(a.title));
    const count = (w: string) => text.split(w).length - 1;
    // Each status once per action row, and once more per status column in the summary table's header.
    expect(count('Complete')).toBeGreaterThanOrEqual(39);
    expect(count('Ongoing')).toBeGreaterThanOrEqual(15);
    expect(text).toContain('Not recorded');
    expect(execFileSync('pdfinfo', [file]).toString('utf8')).toMatch(/Tagged:\s+yes/);
  });

  it('Excel: the actions sheet has a row per action', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc)) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('Actions');
    const actions = wb.getWorksheet('Actions')!;
    const titles: string[] = [];
    actions.eachRow((r) => titles.push(String(r.getCell(1).value ?? '')));
    for (const a of peerChallengePlan.actions) expect(titles).toContain(a.title);
  });
});
