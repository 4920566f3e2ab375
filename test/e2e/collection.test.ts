/**
 * The quarter's collection in Chromium, as the people who do it: a data owner signs in and completes
 * her return by the form (checking the rating first) and by spreadsheet upload; an approver returns
 * one update and approves the other; the performance team locks the period. axe checks every page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../src/app/access/accounts.js';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { TEST_PASSWORD } from '../support/web.js';

const TIMEOUT = 120_000;

describe('a quarter of collection in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let roundId = 0;
  const checked: string[] = [];

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const s = server.store;
    const person = (
      email: string,
      name: string,
      role: 'owner' | 'approver' | 'performance',
      directorate: string | null,
    ) =>
      createAccount(s, systemActor, { email, name, role, directorate, password: TEST_PASSWORD }, fixedClock);
    const olive = await person('olive@scs.example', 'Olive Owens', 'owner', 'SCS');
    await person('aditi@scs.example', 'Aditi Rao', 'approver', 'SCS');
    await person('pat@perf.example', 'Pat Quinn', 'performance', null);
    const ids = await s.db
      .selectFrom('indicator')
      .select(['id', 'number'])
      .where('number', 'in', ['7', '8'])
      .execute();
    await assignIndicators(
      s,
      systemActor,
      olive.id,
      ids.map((i) => i.id),
      fixedClock,
    );
    roundId = (
      await openRound(
        s,
        systemActor,
        { planId: server.planId, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        fixedClock,
      )
    ).id;
  });

  async function check(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([]);
    checked.push(new URL(page.url()).pathname);
  }

  async function signIn(email: string, landsOnUpdates = false): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(server.base + paths.signIn());
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A data owner lands on Your updates for the open round; everyone else on the home page.
    await page.waitForURL(
      (u) =>
        u.pathname === '/' ||
        u.pathname === paths.collection() ||
        /^\/collection\/rounds\/\d+\/updates$/.test(u.pathname),
    );
    expect(new URL(page.url()).pathname.endsWith('/updates')).toBe(landsOnUpdates);
    await page.locator('a.cairn-header__link', { hasText: 'Collection' }).click();
    await page.waitForURL((u) => u.pathname === paths.collection());
    await check(page);
    return page;
  }

  // One journey, in steps sharing the people's pages: a data owner completes her return by form and by
  // spreadsheet; an approver returns one and approves the other; the period is locked.
  const step = journeySteps(TIMEOUT);
  let olive: Page;
  let aditi: Page;
  let pat: Page;

  step('the data owner submits indicator 7 by the form, checking the rating first', async () => {
    // The data owner: Your updates → indicator 7 by the form.
    olive = await signIn('olive@scs.example', true);
    await olive.getByRole('link', { name: 'Your updates' }).click();
    await expect.poll(() => olive.url()).toContain(paths.yourUpdates(roundId));
    await check(olive);
    await olive.getByRole('link', { name: /^7\. Increase the number of hours/ }).click();
    await check(olive);
    await olive.getByLabel('Actual').fill('7,000');
    await olive.getByLabel('↑ positive/improving').check();
    await olive.getByRole('button', { name: 'Check the rating' }).click();
    await expect
      .poll(() => olive.locator('#preview').textContent())
      .toContain('7000 is 21.5% below the target');
    await check(olive);
    await olive
      .getByLabel('Commentary')
      .fill('Recruitment of reablement staff is behind plan; agency cover from November.');
    await olive.getByRole('button', { name: 'Submit for approval' }).click();
    await olive.waitForURL((u) => u.pathname === paths.yourUpdates(roundId));
    await expect
      .poll(() =>
        olive.locator('.govuk-task-list__item', { hasText: 'Increase the number of hours' }).textContent(),
      )
      .toContain('Submitted');
  });

  step('she submits indicator 8 by downloading her return, filling it in and uploading it', async () => {
    // Indicator 8 by spreadsheet: download the return, fill it in, upload it.
    const [download] = await Promise.all([
      olive.waitForEvent('download'),
      olive.getByRole('link', { name: 'Download your return (XLSX)' }).click(),
    ]);
    const file = await download.path();
    const filled = await fillReturn(readFileSync(file), {
      '8': { actual: 4, outlook: 'Stable', commentary: 'Four products delivered so far.' },
    });
    await olive.getByRole('link', { name: 'upload it' }).click();
    await check(olive);
    await olive.setInputFiles('input[type=file]', {
      name: 'return.xlsx',
      mimeType: 'application/octet-stream',
      buffer: filled,
    });
    await olive.getByLabel(/Submit for approval/).check();
    await olive.getByRole('button', { name: /Upload/ }).click();
    await check(olive);
    await olive.goto(server.base + paths.yourUpdates(roundId));
    await expect
      .poll(() => olive.locator('.govuk-task-list__item', { hasText: 'co-producing' }).textContent())
      .toContain('Submitted');
  });

  step('the approver returns 7, once told to say what needs to change, and approves 8', async () => {
    // The approver returns 7 and approves 8.
    aditi = await signIn('aditi@scs.example');
    await aditi.getByRole('link', { name: 'Approvals' }).click();
    await check(aditi);
    await aditi.getByRole('link', { name: /Increase the number of hours/ }).click();
    await check(aditi);
    await aditi.getByLabel('Return to the data owner').check();
    await aditi.getByRole('button', { name: 'Save decision' }).click();
    await expect
      .poll(() => aditi.locator('.govuk-error-summary').textContent())
      .toContain('Say what needs to change');
    await check(aditi);
    await aditi.getByLabel('Return to the data owner').check();
    await aditi.getByLabel('Comment').fill('Please add the September agency hours.');
    await aditi.getByRole('button', { name: 'Save decision' }).click();
    await aditi.waitForURL((u) => u.pathname === paths.approvals(roundId));
    await aditi.getByRole('link', { name: /co-producing/ }).click();
    await aditi.getByLabel('Approve').check();
    await aditi.getByRole('button', { name: 'Save decision' }).click();
    await aditi.waitForURL((u) => u.pathname === paths.approvals(roundId));
    await check(aditi);
    expect(await aditi.getByText('No updates are waiting for your approval.').count()).toBe(1);
  });

  step('the data owner sees the return and its comment', async () => {
    // The data owner sees the return and its comment.
    await olive.goto(server.base + paths.yourUpdates(roundId));
    await olive.getByRole('link', { name: /^7\. Increase the number of hours/ }).click();
    await expect
      .poll(() => olive.locator('.govuk-inset-text').first().textContent())
      .toContain('Please add the September agency hours.');
    await check(olive);
  });

  step('the performance team follows the round and locks it', async () => {
    // The performance team follows the round and locks it.
    pat = await signIn('pat@perf.example');
    await pat.getByRole('link', { name: 'Progress of the round' }).click();
    await check(pat);
    // Locking asks first, on a page that says what is outstanding.
    await pat.getByRole('button', { name: /then lock Q2 2017-18/ }).click();
    await pat.waitForURL((u) => u.pathname === paths.lockRound(roundId));
    await check(pat);
    await pat.getByRole('button', { name: /^Lock Q2 2017-18/ }).click();
    await pat.waitForURL((u) => u.pathname === paths.round(roundId));
    await expect.poll(() => pat.locator('main').textContent()).toContain('Locked on');
    await check(pat);
    expect(checked.length).toBeGreaterThanOrEqual(14);
  });
});

/** Fills rows of a downloaded return, found by the indicator number in the "No." column. */
async function fillReturn(
  bytes: Buffer,
  rows: Record<string, { actual: number; outlook: string; commentary: string }>,
): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  let header = 0;
  const col: Record<string, number> = {};
  ws.eachRow((row, n) => {
    if (header) return;
    const labels = (row.values as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : ''));
    if (labels.includes('No.') && labels.includes('Actual')) {
      header = n;
      labels.forEach((l, i) => (col[l] = i));
    }
  });
  expect(header).toBeGreaterThan(0);
  ws.eachRow((row, n) => {
    if (n <= header) return;
    const number = String(row.getCell(col['No.']!).value ?? '');
    const fill = rows[number];
    if (!fill) return;
    row.getCell(col.Actual!).value = fill.actual;
    row.getCell(col.Outlook!).value = fill.outlook;
    row.getCell(col.Commentary!).value = fill.commentary;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
