/**
 * The framework's year in Chromium, with axe on every page (issue 12): the performance team starts
 * the 2018-19 plan from the demo's 2017-18, marks what changed (a refused form first), submits it; an
 * approver records Cabinet's approval (a date that is not real first); a minor amendment is listed;
 * and an indicator's page shows both years, chart and table.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';

const TIMEOUT = 300_000;

describe('the framework’s year in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, (started, launched) => {
    server = started;
    browser = launched;
  });

  async function expectNoAxeViolations(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }

  async function as(role: 'performance' | 'approver'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([await server.sessionCookie(role)]);
    return context.newPage();
  }

  it(
    'starts, marks, submits and approves the 2018-19 plan, every page passing axe',
    async () => {
      const pat = await as('performance');
      await pat.goto(server.base + paths.home());
      await pat.getByRole('link', { name: 'Frameworks' }).click();
      await pat.waitForURL((u) => u.pathname === paths.frameworks());
      await expectNoAxeViolations(pat, 'the frameworks list');
      await pat.getByRole('link', { name: 'Corporate Plan 2017-18' }).click();
      await expectNoAxeViolations(pat, 'the 2017-18 framework');

      await pat.getByRole('button', { name: 'Start the 2018-19 plan' }).click();
      await pat.waitForURL((u) => u.pathname === paths.startNextYear(server.planId));
      expect(await pat.getByLabel('Title of the 2018-19 plan').inputValue()).toBe('Corporate Plan 2018-19');
      await expectNoAxeViolations(pat, 'starting the 2018-19 plan');
      await pat.getByRole('button', { name: 'Start the 2018-19 plan' }).click();
      await pat.waitForURL(
        (u) =>
          /^\/plans\/\d+\/framework$/.test(u.pathname) && !u.pathname.startsWith(`/plans/${server.planId}/`),
      );
      const draftId = Number(/\/plans\/(\d+)\//.exec(pat.url())![1]);
      expect(await pat.locator('main').innerText()).toContain('Draft');
      await expectNoAxeViolations(pat, 'the 2018-19 draft framework');

      // Marking indicator 7 updated without saying what changed: the error summary, then the fix.
      await pat.getByRole('link', { name: 'Mark what changed for indicator 7', exact: true }).click();
      await expectNoAxeViolations(pat, 'the mark form');
      await pat.getByLabel('Updated').check();
      await pat.getByRole('button', { name: 'Save' }).click();
      await expect(pat.locator('.govuk-error-summary').innerText()).resolves.toContain(
        'Say what changed since last year',
      );
      await expectNoAxeViolations(pat, 'the mark form with errors');
      await pat.getByLabel('What changed').fill('Target raised to 9,500 hours a month');
      await pat.getByLabel('Reason').fill('The service has grown');
      await pat.getByRole('button', { name: 'Save' }).click();
      await pat.waitForURL((u) => u.pathname === paths.planFramework(draftId));
      expect(await pat.locator('main').innerText()).toContain(
        'What changed: Target raised to 9,500 hours a month',
      );

      await pat.getByRole('button', { name: 'Submit for approval' }).click();
      await pat.waitForURL((u) => u.pathname === paths.planFramework(draftId));
      expect(await pat.locator('main').innerText()).toContain('Submitted for approval');
      await expectNoAxeViolations(pat, 'the submitted framework');

      // An approver records Cabinet's approval: a date that is not real is refused first.
      const ann = await as('approver');
      await ann.goto(server.base + paths.frameworks());
      await ann.getByRole('link', { name: 'Corporate Plan 2018-19' }).click();
      await ann.getByRole('button', { name: 'Record the approval or return to draft' }).click();
      await ann.waitForURL((u) => u.pathname === paths.approveFramework(draftId));
      await expectNoAxeViolations(ann, 'the approval page');
      await ann.getByLabel('Day').fill('31');
      await ann.getByLabel('Month').fill('2');
      await ann.getByLabel('Year').fill('2017');
      await ann.getByRole('button', { name: 'Record the approval' }).click();
      await expect(ann.locator('.govuk-error-summary').innerText()).resolves.toContain('must be a real date');
      await expectNoAxeViolations(ann, 'the approval page with errors');
      await ann.getByLabel('Day').fill('10');
      await ann.getByLabel('Month').fill('10');
      await ann.getByLabel('Minute reference (optional)').fill('Minute 34/17');
      await ann.getByRole('button', { name: 'Record the approval' }).click();
      await ann.waitForURL((u) => u.pathname === paths.planFramework(draftId));
      expect(await ann.locator('main').innerText()).toContain(
        'Approved by Cabinet on 10 October 2017 (Minute 34/17)',
      );
      await expectNoAxeViolations(ann, 'the approved framework, read by an approver');

      // A minor amendment needs a reason, and is listed.
      await pat.reload();
      await pat.getByRole('link', { name: 'Mark what changed for outcome O1', exact: true }).click();
      await pat.getByLabel('Updated').check();
      await pat.getByLabel('What changed').fill('Wording updated slightly');
      await pat.getByRole('button', { name: 'Save' }).click();
      await expect(pat.locator('.govuk-error-summary').innerText()).resolves.toContain('minor amendment');
      await pat.getByLabel('Reason').fill('Agreed by the Director under delegated authority');
      await pat.getByRole('button', { name: 'Save' }).click();
      await pat.waitForURL((u) => u.pathname === paths.planFramework(draftId));
      await pat.goto(server.base + paths.frameworkAmendments(draftId));
      expect(await pat.locator('main').innerText()).toContain('Marked updated: Wording updated slightly');
      await expectNoAxeViolations(pat, 'the amendments page');

      // The indicator's page runs across both years: a chart, and the same figures in a table.
      await pat.goto(server.base + paths.indicator(draftId, '7', { period: '2018-19-Q1' }));
      expect(await pat.locator('table caption').allInnerTexts()).toContain(
        'Each quarter, latest first: 2017-18 to 2018-19, across plans',
      );
      expect(await pat.locator('svg').count()).toBeGreaterThan(0);
      await expectNoAxeViolations(pat, 'an indicator page across two years');
    },
    TIMEOUT,
  );
});
