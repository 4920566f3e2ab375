/**
 * Issue 12 in Chromium, with axe on every page: the performance team downloads next year's draft
 * framework, uploads it with two mistakes (both on the error summary, by sheet, row and column, and
 * nothing changed), uploads it corrected, reads the preview of what will change, and confirms it. An
 * administrator manages the organisation: directorates, a service, a person.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { FrameworkBook, nextYearDraft } from '../support/framework-book.js';

const TIMEOUT = 120_000;
const SHOTS = process.env.CAIRN_SHOTS;

describe('the framework and the organisation in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let draft = 0;
  let dir: string;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    draft = await nextYearDraft(server.store, server.planId, fixedClock);
  });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-framework-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function signedIn(role: 'performance' | 'admin'): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.addCookies([await server.sessionCookie(role)]);
    return context.newPage();
  }

  async function looked(page: Page, name: string): Promise<void> {
    expect(await axeViolations(page), name).toEqual([]);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  it(
    'uploads a spreadsheet with two errors, sees both located, fixes them, sees the preview and confirms',
    async () => {
      const page = await signedIn('performance');
      await page.goto(server.base + paths.frameworkUpload(draft));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Upload the framework spreadsheet',
      );
      await looked(page, 'framework-upload');

      // Download the framework as it is, as a person would from the link.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Download the framework as it is now/ }).click(),
      ]);
      const downloaded = join(dir, download.suggestedFilename());
      await download.saveAs(downloaded);
      expect(download.suggestedFilename()).toBe('framework-corporate-plan-2018-19.xlsx');

      // Two mistakes, typed in Excel.
      const bad = await FrameworkBook.open(readFileSync(downloaded));
      bad.set('7', { target: 'about 9000' }).set('4', { polarity: 'Sideways' });
      const badFile = join(dir, 'framework-bad.xlsx');
      writeFileSync(badFile, await bad.bytes());
      await page.setInputFiles('input[type=file]', badFile);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor();
      const listed = await summary.locator('li').allInnerTexts();
      expect(listed).toHaveLength(2);
      expect(listed[0]).toMatch(
        new RegExp(`^Sheet 'Framework', row ${bad.rowOf('4')}, Polarity: "Sideways" is not one of`),
      );
      expect(listed[1]).toMatch(new RegExp(`^Sheet 'Framework', row ${bad.rowOf('7')}, Target:`));
      expect(await page.locator('.govuk-error-message').innerText()).toContain('Nothing has been changed');
      expect(await page.title()).toMatch(/^Error: /);
      await looked(page, 'framework-upload-problems');

      // Fixed, and one more change: indicator 3 dropped.
      const good = await FrameworkBook.open(readFileSync(downloaded));
      good.set('7', { target: '9000' }).remove('3');
      const goodFile = join(dir, 'framework.xlsx');
      writeFileSync(goodFile, await good.bytes());
      await page.setInputFiles('input[type=file]', goodFile);
      await Promise.all([
        page.waitForURL((u) => u.pathname.startsWith(`${paths.planFramework(draft)}/uploads/`)),
        page.getByRole('button', { name: 'Check the file' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Check what the upload will change',
      );
      expect(await page.locator('caption').first().innerText()).toBe(
        'What will change: 0 added, 1 changed, 1 retired',
      );
      await looked(page, 'framework-upload-preview');

      await page.getByRole('button', { name: 'Confirm and save the changes' }).click();
      await page.waitForURL((u) => u.pathname === paths.planFramework(draft));
      expect(new URL(page.url()).searchParams.get('done')).toBe('uploaded');
      const target = await server.store.db
        .selectFrom('indicator_target')
        .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
        .select('target_text')
        .where('indicator.plan_id', '=', draft)
        .where('indicator.number', '=', '7')
        .executeTakeFirstOrThrow();
      expect(target.target_text).toBe('9000');
      await page.context().close();
    },
    TIMEOUT,
  );

  it(
    'starts a new plan from a spreadsheet',
    async () => {
      const page = await signedIn('performance');
      await page.goto(server.base + paths.newFrameworkUpload());
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Make a new plan from a spreadsheet',
      );
      await looked(page, 'framework-new-plan');
      await page.context().close();
    },
    TIMEOUT,
  );
});
