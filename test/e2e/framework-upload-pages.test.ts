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

  it(
    'an administrator adds a directorate, a service and a person, and changes a used code only by ticking the box',
    async () => {
      const page = await signedIn('admin');
      await page.goto(server.base + paths.users());
      await page.getByRole('link', { name: 'directorates and services' }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Directorates and services');
      await looked(page, 'organisation-directorates');

      await page.getByRole('button', { name: 'Add a directorate' }).click();
      await page.getByRole('button', { name: 'Add the directorate' }).click();
      expect(await page.locator('.govuk-error-summary li').allInnerTexts()).toEqual([
        'Enter the directorate’s code, for example SCS',
        'Enter the directorate’s name',
      ]);
      await looked(page, 'organisation-directorate-new-errors');
      await page.getByLabel('Code', { exact: true }).fill('EE');
      await page.getByLabel('Name', { exact: true }).fill('Environment and Economy');
      await page.getByRole('button', { name: 'Add the directorate' }).click();
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        'The directorate has been added.',
      );
      await looked(page, 'organisation-directorate');

      await page.getByRole('button', { name: 'Add a service' }).click();
      await page.getByLabel('Code', { exact: true }).fill('HWY');
      await page.getByLabel('Name', { exact: true }).fill('Highways');
      await looked(page, 'organisation-service-new');
      await page.getByRole('button', { name: 'Add the service' }).click();
      await page.getByRole('link', { name: 'Change Highways' }).click();
      await looked(page, 'organisation-service');

      // A code the framework's outcomes use: the page says what uses it, and asks before changing it.
      const scs = await server.store.db
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', 'SCS')
        .executeTakeFirstOrThrow();
      await page.goto(server.base + paths.directorate(scs.id));
      expect(await page.locator('main').innerText()).toContain('SCS is used by');
      await page.getByLabel('Code', { exact: true }).fill('ASC');
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('tick the box and save again');
      await looked(page, 'organisation-directorate-code-in-use');

      await page.goto(server.base + paths.people());
      await looked(page, 'organisation-people');
      await page.getByRole('button', { name: 'Add a person' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Bill Cotton');
      await page.getByLabel('Job title (optional)').fill('Director for Environment and Economy');
      await page
        .getByLabel('Service (optional)')
        .selectOption({ label: 'Environment and Economy: Highways' });
      await looked(page, 'organisation-person-new');
      await page.getByRole('button', { name: 'Add the person' }).click();
      expect(await page.locator('main').innerText()).toContain('Bill Cotton');
      await page.getByRole('link', { name: 'Change Bill Cotton' }).click();
      await looked(page, 'organisation-person');
      await page.context().close();
    },
    TIMEOUT,
  );
});
