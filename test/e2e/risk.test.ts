/**
 * The risk register's journey in Chromium (issue 14), axe on every page: the performance team adds a
 * risk linked to seed 003's outcome for indicator 46 (O9, safe and well visits) and scores it; its
 * owner reviews it in the Q2 2017-18 round without JavaScript; the approver of its directorate
 * approves the review; the heat map shows it moved up; and a published report's Risk section shows it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor } from '../support/web.js';

const TIMEOUT = 120_000;
const SHOTS = process.env.CAIRN_SCREENSHOTS ?? join(tmpdir(), 'cairn-risk-screenshots');

describe('the risk register journey in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let roundId = 0;
  let riskId = 0;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const css = await server.store.db
      .selectFrom('directorate')
      .select('id')
      .where('code', '=', 'CSS')
      .executeTakeFirstOrThrow();
    // The risk's owner and the approver of its directorate (Community Safety Services).
    await sessionFor(server.store, fixedClock, 'owner', css.id);
    await sessionFor(server.store, fixedClock, 'approver', css.id);
    const round = await openRound(
      server.store,
      systemActor,
      { planId: server.planId, period: '2017-18-Q2', dueDate: '20/10/2017' },
      fixedClock,
    );
    roundId = round.id;
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await closePdfBrowser();
  }, TIMEOUT);

  async function expectNoAxeViolations(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }

  async function as(role: 'performance' | 'owner' | 'approver', javaScriptEnabled = true) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
    await context.addCookies([await server.sessionCookie(role)]);
    return { context, page: await context.newPage() };
  }

  const step = journeySteps(TIMEOUT);

  step('the performance team adds a risk linked to outcome O9 and scores it', async () => {
    const { context, page } = await as('performance');
    await page.goto(server.base + paths.risks());
    await expectNoAxeViolations(page, 'the register');
    await page.getByRole('button', { name: 'Add a risk' }).click();
    await expectNoAxeViolations(page, 'the add form');
    // Sent empty first: the error summary names each problem.
    await page.getByRole('button', { name: 'Add the risk' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
      'Enter the risk’s title',
    );
    await expectNoAxeViolations(page, 'the add form with errors');
    await page.getByLabel('Reference').fill('E2E1');
    await page.getByLabel('Corporate risk').check();
    await page.getByLabel('Title').fill('Safe and well visits fall short of plan');
    await page.getByLabel('Category').selectOption('Operational');
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Test owner' });
    await page
      .getByLabel('Directorate', { exact: true })
      .selectOption({ label: 'Community Safety Services' });
    await page.getByLabel('Inherent likelihood').selectOption('4');
    await page.getByLabel('Inherent impact').selectOption('4');
    await page.getByLabel('Residual likelihood').selectOption('3');
    await page.getByLabel('Residual impact').selectOption('3');
    await page.getByLabel('Target likelihood').selectOption('2');
    await page.getByLabel('Target impact').selectOption('3');
    await page.getByLabel('Controls in place (optional)').fill('Referral agreements with partners');
    await page.getByLabel(/^Outcome O9:/).check();
    await page.getByRole('button', { name: 'Add the risk' }).click();
    await page.waitForURL((u) => /^\/risks\/\d+$/.test(u.pathname));
    riskId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Safe and well visits fall short of plan',
    );
    await expect(page.locator('main').innerText()).resolves.toContain('Over appetite');
    await expect(page.locator('main').innerText()).resolves.toMatch(/Outcome O9:/);
    await expectNoAxeViolations(page, 'the risk’s page');
    await page.screenshot({ path: join(SHOTS, 'risk-page.png'), fullPage: true });
    await context.close();
  });

  step('its owner reviews it in the Q2 round, without JavaScript', async () => {
    // axe needs JavaScript: the pages are checked first, then the review is made with it switched off.
    const checked = await as('owner');
    await checked.page.goto(server.base + paths.yourUpdates(roundId));
    await expectNoAxeViolations(checked.page, 'your updates');
    await checked.page.getByRole('link', { name: /E2E1 Safe and well visits/ }).click();
    await expectNoAxeViolations(checked.page, 'the review form');
    await checked.context.close();
    const { context, page } = await as('owner', false);
    await page.goto(server.base + paths.yourUpdates(roundId));
    await page.getByRole('link', { name: /E2E1 Safe and well visits/ }).click();
    await page.getByLabel('Likelihood now').selectOption('4');
    await page.getByLabel('Impact now').selectOption('4');
    await page.getByLabel('Partly effective').check();
    await page.getByLabel('Commentary').fill('Referrals from partners fell in the quarter.');
    await page.getByRole('button', { name: 'Submit the review' }).click();
    await page.waitForURL((u) => u.pathname === paths.yourUpdates(roundId));
    await expect(page.locator('main').innerText()).resolves.toContain('Waiting for approval');
    await context.close();
  });

  step('the approver of its directorate approves the review', async () => {
    const { context, page } = await as('approver');
    await page.goto(server.base + paths.riskApprovals());
    await expectNoAxeViolations(page, 'risk reviews waiting');
    await page.getByRole('link', { name: /Review\s*E2E1/ }).click();
    await expectNoAxeViolations(page, 'the review’s decision page');
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.waitForURL((u) => u.pathname === paths.riskApprovals());
    await expect(page.locator('main').innerText()).resolves.toContain(
      'There are no risk reviews waiting for you.',
    );
    await context.close();
  });

  step('the heat map shows it moved up to 16', async () => {
    const { context, page } = await as('performance');
    await page.goto(server.base + paths.riskHeatMap({ period: '2017-18-Q2' }));
    await expectNoAxeViolations(page, 'the heat map');
    const row = page.locator('tr', { hasText: 'E2E1' });
    await expect(row.innerText()).resolves.toMatch(/4 × 4\s+High \(16\)\s+9\s+↑ Score rose/);
    await expect(page.locator('svg.cairn-risk-map title').first().textContent()).resolves.toContain(
      'Residual risk scores',
    );
    await page.locator('figure').screenshot({ path: join(SHOTS, 'heat-map.png') });
    await page.goto(server.base + paths.risk(riskId));
    await expect(page.locator('main').innerText()).resolves.toMatch(
      /Q2 2017-18\s+4\s+4\s+High \(16\)\s+↑ Score rose/,
    );
    await context.close();
  });

  step('a published report’s Risk section shows it', async () => {
    const { context, page } = await as('performance');
    await page.goto(server.base + paths.newReport());
    await page.getByLabel('Quarter').selectOption({ label: 'Q2 2017-18' });
    await page.getByLabel('Meeting', { exact: true }).fill('Cabinet');
    await page.getByLabel('Add a Risk section').check();
    await expectNoAxeViolations(page, 'the new report form');
    await page.getByRole('button', { name: 'Create the report' }).click();
    await page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname));
    const main = await page.locator('main').innerText();
    expect(main).toContain('Risks whose score rose');
    expect(main).toMatch(
      /E2E1\s+Safe and well visits fall short of plan\s+Community Safety Services\s+9\s+High \(16\)/,
    );
    await expectNoAxeViolations(page, 'the draft report');
    await page.getByRole('button', { name: 'Check, then publish as version 1' }).click();
    await page.getByRole('button', { name: /^Publish/ }).click();
    await page.getByText('Version 1 is published').waitFor();
    const version = await server.store.db
      .selectFrom('report_version')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // The published HTML is a download: read it, then lay it out to look at its heat map.
    const file = await page.request.get(server.base + paths.reportVersionFile(version.id, 'html'));
    expect(file.status()).toBe(200);
    await page.setContent(await file.text());
    const published = await page.locator('body').innerText();
    expect(published).toContain('Heat map of residual risk scores, Q2 2017-18');
    expect(published).toMatch(/E2E1\s+Safe and well visits fall short of plan/);
    // The PDF, for a person to look at (pdftoppm).
    const pdf = await page.request.get(server.base + paths.reportVersionFile(version.id, 'pdf'));
    expect(pdf.status()).toBe(200);
    writeFileSync(join(SHOTS, 'report.pdf'), await pdf.body());
    await context.close();
  });
});
