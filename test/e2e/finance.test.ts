/**
 * A performance officer in Chromium: uploads the finance system's CSV export
 * for Q3 2017-18, sees the columns Cairn guessed in the mapping step, loads it with a wrong column
 * (every bad row listed by row and column, nothing saved), corrects the column and loads it; sees each
 * directorate's rating as a word and a shape on the budget monitoring page, drills into a directorate,
 * sets the variance tolerance, and reads the business-management view. axe finds no violations at
 * WCAG 2.2 AA on any page. Then the upload and load again with JavaScript off: the pages need none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DEMO_COUNCIL, loadDemo } from '../../src/app/demo.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH, journeySteps } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor } from '../support/web.js';

const TIMEOUT = 120_000;

const CSV = [
  'Directorate,Cost centre,Current budget,Projected outturn,Variance,Narrative',
  'SCS,,"210,400,000","215,000,000","4,600,000",Care packages above plan',
  'CEF,,"104,800,000","104,700,000","-100,000",',
  'PH,,"31,200,000","31,200,000",0,',
  'COMM,,"68,500,000","68,650,000","150,000",Winter maintenance',
  'CSS,,"23,600,000","23,600,000",0,',
  'RES,,"35,900,000","33,000,000","-2,900,000",Vacancies',
].join('\n');

describe('budget monitoring in Chromium', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let cookie: { name: string; value: string; url: string };
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-finance-'));
    store = openStore(join(dir, 'cairn.db'));
    await migrate(store.db);
    await loadDemo(store, fixedClock);
    const officer = await sessionFor(store, fixedClock, 'performance');
    app = buildApp({
      store,
      clock: fixedClock,
      brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    cookie = { name: 'cairn_session', value: officer.cookies.cairn_session, url: base };
    file = join(dir, 'budget-monitoring-q3.csv');
    writeFileSync(file, CSV);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  const step = journeySteps(TIMEOUT);
  let context: BrowserContext;
  let page: Page;

  step('signs in', async () => {
    context = await browser.newContext();
    await context.addCookies([cookie]);
    page = await context.newPage();
    page.setDefaultTimeout(40_000);
  });

  step('opens budget monitoring and the upload form', async () => {
    await page.goto(base + paths.finance());
    expect(await h1(page)).toBe('Budget monitoring, Q2 2017-18');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Upload the finance system’s export' }).first().click();
    expect(await h1(page)).toBe('Upload budget monitoring');
    expect(await axeViolations(page)).toEqual([]);
  });

  step('says what is missing when nothing is chosen', async () => {
    // Nothing chosen: the error summary says what to do for each field.
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the quarter');
    expect(await axeViolations(page)).toEqual([]);
  });

  step('reads the file and guesses its columns', async () => {
    await page.getByLabel('Revenue budget monitoring').check();
    await page.getByLabel('Quarter').fill('Q3 2017-18');
    await page.getByLabel('The finance system’s export').setInputFiles(file);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await h1(page)).toBe('Choose the columns');
    expect(await axeViolations(page)).toEqual([]);
    // Guessed from the headers.
    expect(await page.getByLabel('Budget', { exact: true }).inputValue()).toBe('Current budget');
    expect(await page.getByLabel('Forecast outturn', { exact: true }).inputValue()).toBe('Projected outturn');
    expect(await page.getByLabel('Commentary (optional)').inputValue()).toBe('Narrative');
  });

  step('lists every bad row of a wrong column, loading nothing', async () => {
    // A wrong column: each row's problem, located; nothing loaded.
    await page.getByLabel('Forecast outturn', { exact: true }).selectOption('Narrative');
    await page.getByLabel('Commentary (optional)').selectOption('');
    await page.getByRole('button', { name: 'Check and load' }).click();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('The file was not loaded');
    expect(summary).toContain('Row 2, Narrative: "Care packages above plan" is not an amount');
    expect(summary).toContain('Row 3, Narrative: The forecast outturn is blank');
    expect(await axeViolations(page)).toEqual([]);
  });

  step("loads it with the right column, and shows each directorate's rating", async () => {
    await page.getByLabel('Forecast outturn', { exact: true }).selectOption('Projected outturn');
    await page.getByLabel('Commentary (optional)').selectOption('Narrative');
    await page.getByRole('button', { name: 'Check and load' }).click();
    expect(await h1(page)).toBe('Budget monitoring, Q3 2017-18');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('have been loaded');
    const scs = page.getByRole('row', { name: /Social and Community Services/ });
    expect(await scs.innerText()).toContain('£4,600,000 overspend');
    expect(await scs.locator('.cairn-rag').innerText()).toBe('▲Red');
    const res = page.getByRole('row', { name: /Resources/ });
    expect(await res.locator('.cairn-rag').innerText()).toBe('◆Amber'); // a material underspend
    expect(await axeViolations(page)).toEqual([]);
  });

  step('drills into a directorate', async () => {
    await page.getByRole('link', { name: 'Social and Community Services' }).click();
    expect(await h1(page)).toBe('Social and Community Services');
    expect(await page.locator('main').innerText()).toContain('Care packages above plan');
    expect(await axeViolations(page)).toEqual([]);
  });

  step('sets the tolerance and shows the savings programme', async () => {
    await page.goto(base + paths.financeTolerance());
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Red: an overspend of more than').fill('3');
    await page.getByRole('button', { name: 'Save the tolerance' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('has been saved');

    await page.goto(base + paths.financeSavings({ period: 'Q2 2017-18' }));
    expect(await h1(page)).toBe('Savings programme, Q2 2017-18');
    expect(await axeViolations(page)).toEqual([]);
  });

  step('shows the business-management view', async () => {
    await page.goto(base + paths.businessManagement({ period: 'Q3 2017-18' }));
    expect(await h1(page)).toBe('Business management, Q3 2017-18');
    const row = page.getByRole('row', { name: /Social and Community Services/ });
    // 2.2% over: Amber now the tolerance is 3%.
    expect(await row.innerText()).toContain('£4,600,000 overspend');
    expect(await row.locator('.cairn-rag').first().innerText()).toBe('◆Amber');
    // Risk beside them, from the register: the directorate's counts, linked to its risks.
    expect(await page.getByRole('columnheader', { name: 'Risk', exact: true }).count()).toBe(1);
    expect(await row.innerText()).toMatch(/\d+ over appetite\s+\d+ high\s+\d+ rising/);
    expect(await row.getByRole('link', { name: 'Risks of Social and Community Services' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(base + paths.businessManagement({ period: 'Q1 2017-18' }));
    expect(await page.getByRole('row', { name: /Social and Community Services/ }).innerText()).toContain(
      '1 Red',
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  step('enters a line in Cairn, which waits for approval, then approves it', async () => {
    await page.goto(base + paths.finance({ period: 'Q3 2017-18' }));
    await page.getByRole('link', { name: 'Public Health' }).click();
    await page.getByRole('link', { name: 'Enter budget figures for Public Health' }).click();
    expect(await h1(page)).toBe('Enter budget figures');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Budget', { exact: true }).fill('31,200,000');
    await page.getByLabel('Forecast outturn').fill('31,900,000');
    await page.getByLabel('Commentary (optional)').fill('Drug and alcohol services demand');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('submitted for approval');
    expect(await page.locator('main').innerText()).toContain('Figures waiting for approval');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Approve Directorate-wide' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('have been approved');
    expect(await page.locator('main').innerText()).toContain('£700,000 overspend');
  });

  step('uploads and loads the same way without JavaScript (the pages need none)', async () => {
    await context.close();
    context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([cookie]);
    page = await context.newPage();
    page.setDefaultTimeout(40_000);
    await page.goto(base + paths.financeUpload());
    await page.getByLabel('Quarter').fill('Q4 2017-18');
    await page.getByLabel('The finance system’s export').setInputFiles(file);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await h1(page)).toBe('Choose the columns');
    await page.getByRole('button', { name: 'Check and load' }).click();
    expect(await h1(page)).toBe('Budget monitoring, Q4 2017-18');
    expect(await page.getByRole('row', { name: /Resources/ }).innerText()).toContain('£2,900,000 underspend');
    await context.close();
  });
});
