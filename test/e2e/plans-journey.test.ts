/**
 * A performance officer's journey through a plan, in Debian's Chromium: create a plan, add a
 * recommendation, findings and an action, record a progress review, see the action overdue, record
 * its update, and open the progress report and the coverage of findings; then correct its details, a
 * theme, a recommendation (with someone else's change in between) and a finding, and remove a
 * finding (refused while an action cites it). axe (WCAG 2.2 AA) on every page. SQLite only: the same pages are covered on PostgreSQL by
 * test/integration/web-improvement-plans.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';

const TIMEOUT = 90_000;

describe('a plan, from creation to its progress report, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
  });

  const checked: string[] = [];
  async function axe(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
    checked.push(where);
  }
  const h1 = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  async function submit(page: Page, name: string) {
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForURL(() => true),
      page.getByRole('button', { name }).click(),
    ]);
    await page.waitForLoadState('load');
  }

  describe('creates a plan, adds to it, records a review and an update, and produces the progress report', () => {
    const step = journeySteps(TIMEOUT);
    let context: BrowserContext;
    let page: Page;
    let planUrl = '';
    const overdueTable = () => page.getByRole('table', { name: /^Overdue actions as at 17 October 2017/ });

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('performance')]);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    step('creates a plan, explaining what to fix when it is sent empty', async () => {
      await page.goto(server.base + paths.improvementPlans());
      expect(await h1(page)).toBe('Improvement plans');
      await axe(page, 'list of plans');

      await page.getByRole('button', { name: 'Create a plan' }).click();
      await page.waitForURL((u) => u.pathname === paths.newImprovementPlan());
      await axe(page, 'create a plan');
      // Sent empty: the error summary says what to fix.
      await submit(page, 'Create plan');
      await expect
        .poll(() => page.locator('.govuk-error-summary').innerText())
        .toContain('Enter the plan’s title');
      await axe(page, 'create a plan, with errors');
      await page.getByLabel('Title').fill('Corporate governance inspection 2017');
      await page.getByLabel('Improvement plan').check();
      await page.getByLabel('An inspection').check();
      await page.getByLabel('Source').fill('Corporate governance inspection, 2017');
      await page.getByLabel('Owner').fill('Head of Policy');
      await submit(page, 'Create plan');
      expect(await h1(page)).toBe('Corporate governance inspection 2017');
      planUrl = new URL(page.url()).pathname;
      await axe(page, 'new plan overview');
    });

    step('adds a recommendation', async () => {
      await page.getByRole('link', { name: 'Add a recommendation' }).click();
      await axe(page, 'add a recommendation');
      await page.getByLabel('Theme or priority (optional)').fill('Priority 1: Forward planning');
      await page.getByLabel('Code').fill('1a');
      await page.getByLabel('Title').fill('Articulate a vision');
      await page.getByLabel('Bullet points (optional)').fill('Agree the vision with partners\nPublish it');
      await submit(page, 'Add recommendation');
      expect(await h1(page)).toBe('Recommendation 1a: Articulate a vision');
      await axe(page, 'recommendation');
    });

    step('adds two findings under it', async () => {
      for (const [n, text, theme] of [
        ['1', 'No shared vision statement', 'Ambition'],
        ['2', 'Objectives not explained', 'Ambition'],
      ]) {
        await page.goto(server.base + planUrl);
        await page.getByRole('link', { name: 'Add a finding' }).click();
        await page.getByLabel('Number').fill(n!);
        await page.getByLabel('Finding', { exact: true }).fill(text!);
        await page.getByLabel('Theme (optional)').fill(theme!);
        await page.getByLabel('Listed under recommendation (optional)').selectOption('1a');
        if (n === '1') await axe(page, 'add a finding');
        await submit(page, 'Add finding');
        expect(await h1(page)).toBe(`Finding ${n}`);
      }
      await axe(page, 'finding');
    });

    step('adds an action, shown overdue', async () => {
      await page.goto(server.base + planUrl);
      await page.getByRole('link', { name: 'Add an action' }).click();
      await axe(page, 'add an action');
      await page.getByLabel('Recommendation (optional)').selectOption('1a');
      await page.getByLabel('Action', { exact: true }).fill('Draft and consult on a vision statement');
      await page.getByLabel('Lead officer(s)').fill('Director for Strategy');
      await page.getByLabel('Target date').fill('March 2017');
      await page.getByLabel('Status').selectOption('on-track');
      await page.getByLabel('Findings it addresses (optional)').fill('1');
      await submit(page, 'Add action');
      expect(await h1(page)).toBe('Draft and consult on a vision statement');
      // The demo's clock is 17 October 2017: March 2017 has passed.
      await expect.poll(() => page.locator('main').innerText()).toContain('Overdue');
      await axe(page, 'action');
    });

    step("records a progress review and the action's update at it", async () => {
      await page.goto(server.base + planUrl);
      await page.getByRole('link', { name: 'Record a progress review' }).click();
      await page.getByLabel('Name').fill('October 2017 progress review');
      await page.getByLabel('Date').fill('17/10/2017');
      await axe(page, 'record a progress review');
      await submit(page, 'Record review');
      // The review's updates, on one form: write this action's update at the review.
      expect(await h1(page)).toBe('Updates at October 2017 progress review');
      await axe(page, 'updates at a review');
      await page.getByLabel('Status of 1a.1').selectOption('on-track');
      await page.getByLabel('Update on 1a.1').fill('Draft vision out to partners for comment.');
      await submit(page, 'Save updates');
      await expect.poll(() => page.locator('main').innerText()).toContain('1 update was saved.');
    });

    step('shows the overdue action and the finding not addressed on the overview', async () => {
      await page.goto(server.base + planUrl);
      const main = page.locator('main');
      await expect.poll(() => main.innerText()).toContain('1 overdue');
      await expect.poll(() => main.innerText()).toContain('Not addressed: finding 2.');
      await expect
        .poll(() => overdueTable().innerText())
        .toContain('Draft and consult on a vision statement');
      await axe(page, 'overview with an overdue action');
    });

    step("records a later update on the action's page; both are in its history", async () => {
      // From the overview the last step left open.
      await overdueTable().getByRole('link', { name: /1a\.1/ }).click();
      await page.getByLabel('At risk').check();
      await page
        .getByLabel('Update', { exact: true })
        .fill('Consultation delayed by the election; now due in December.');
      await submit(page, 'Save update');
      const history = page.getByRole('table', { name: /Every update to this action/ });
      await expect.poll(() => history.innerText()).toContain('Consultation delayed by the election');
      await expect.poll(() => history.innerText()).toContain('Draft vision out to partners for comment.');
      await expect.poll(() => history.innerText()).toContain('October 2017 progress review');
      await axe(page, 'action with its history');
    });

    step('produces the progress report, today and at the review', async () => {
      await page.goto(server.base + planUrl);
      await page.getByRole('link', { name: 'Progress report', exact: true }).click();
      await expect.poll(() => h1(page)).toBe('Corporate governance inspection 2017: progress report');
      const report = await page.locator('main').innerText();
      expect(report).toContain('Recommendation 1a: Articulate a vision');
      expect(report).toContain('Publish it');
      expect(report).toContain('Draft and consult on a vision statement');
      expect(report).toContain('At risk');
      await axe(page, 'progress report');
      await page
        .getByLabel('Progress review')
        .selectOption({ label: 'October 2017 progress review (17 October 2017)' });
      await submit(page, 'Show');
      await expect
        .poll(() => page.locator('main').innerText())
        .toContain('Consultation delayed by the election');
      await axe(page, 'progress report at a review');
    });

    step('shows the coverage of findings', async () => {
      await page.goto(server.base + planUrl);
      await page.getByRole('link', { name: 'Coverage of findings' }).first().click();
      await expect.poll(() => h1(page)).toBe('Corporate governance inspection 2017: coverage of findings');
      await axe(page, 'coverage');
    });

    step("corrects the plan's details and a theme", async () => {
      // Correcting the plan in the app: its details, a theme, a recommendation, a finding.
      await page.goto(server.base + planUrl);
      await page.getByRole('link', { name: 'Change owner' }).click();
      expect(await h1(page)).toBe('Change the plan’s details');
      await expect.poll(() => page.getByLabel('Owner').inputValue()).toBe('Head of Policy');
      await axe(page, 'change the plan’s details');
      await page.getByLabel('Owner').fill('Head of Policy and Partnerships');
      await submit(page, 'Save changes');
      expect(await h1(page)).toBe('Corporate governance inspection 2017');
      await expect.poll(() => page.locator('main').innerText()).toContain('Head of Policy and Partnerships');

      await page.getByRole('link', { name: 'Change theme Priority 1: Forward planning' }).click();
      await axe(page, 'change a theme');
      await page.getByLabel('Title').fill('Priority 1: Planning ahead');
      await submit(page, 'Save changes');
      await expect
        .poll(() => page.locator('#themes + dl').innerText())
        .toContain('Priority 1: Planning ahead');
    });

    step(
      "tells the second of two officers correcting a recommendation, and shows the first's change",
      async () => {
        // Two officers correct the same recommendation: the second is told, and shown the first's.
        const recUrl = paths.planRecommendation(Number(planUrl.split('/').pop()), '1a');
        await page.goto(server.base + recUrl);
        await page.getByRole('link', { name: 'Change this recommendation' }).click();
        await axe(page, 'change a recommendation');
        const other = await context.newPage();
        await other.goto(page.url());
        await other.getByLabel('Title').fill('Articulate a shared vision');
        await submit(other, 'Save changes');
        expect(await h1(other)).toBe('Recommendation 1a: Articulate a shared vision');
        await other.close();
        await page.getByLabel('Title').fill('Articulate a vision for the county');
        await submit(page, 'Save changes');
        const problem = page.locator('.govuk-error-summary');
        await expect.poll(() => problem.innerText()).toContain('Someone else changed recommendation 1a');
        await expect
          .poll(() => problem.innerText())
          .toContain('Title: saved now as “Articulate a shared vision”');
        await axe(page, 'change a recommendation, refused as someone else saved first');
        await submit(page, 'Save changes');
        expect(await h1(page)).toBe('Recommendation 1a: Articulate a vision for the county');
      },
    );

    step('corrects a finding, refuses to remove one an action cites, and removes another', async () => {
      // Finding 1 is cited by action 1a.1, so it cannot be removed; finding 2 can.
      await page.getByRole('link', { name: /^1\. No shared vision statement/ }).click();
      await page.getByRole('link', { name: 'Change this finding' }).click();
      await axe(page, 'change a finding');
      await page
        .getByLabel('Finding', { exact: true })
        .fill('No shared vision statement agreed with partners');
      await submit(page, 'Save changes');
      expect(await h1(page)).toBe('Finding 1');
      await page.getByRole('link', { name: 'Remove this finding' }).click();
      await expect.poll(() => page.locator('main').innerText()).toContain('Action 1a.1 cites it.');
      expect(await page.getByRole('button', { name: 'Remove finding 1' }).count()).toBe(0);
      await axe(page, 'removing a finding something cites');
      await page.goto(server.base + paths.removePlanFinding(Number(planUrl.split('/').pop()), '2'));
      await axe(page, 'confirm removing a finding');
      await submit(page, 'Remove finding 2');
      expect(await h1(page)).toBe('Corporate governance inspection 2017');
      await expect.poll(() => page.locator('main').innerText()).not.toContain('Not addressed: finding 2');
    });
  });

  it(
    'shows the demo plans from the seeds, their reports and the inspection plan coverage, all passing axe',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('viewer')]);
      const page = await context.newPage();
      await page.goto(server.base + paths.improvementPlans());
      await page.getByRole('link', { name: 'LGA Corporate Peer Challenge action plan' }).click();
      await axe(page, 'seed 001 overview');
      await page.getByRole('link', { name: 'Progress report', exact: true }).click();
      await expect.poll(() => h1(page)).toBe('LGA Corporate Peer Challenge action plan: progress report');
      const text = await page.locator('main').innerText();
      expect(text).toContain('Recommendation 10: The Oxford Model');
      await axe(page, 'seed 001 progress report');
      await page.goto(server.base + paths.improvementPlans());
      await page.getByRole('link', { name: 'Improvement plan after inspection (2002)' }).click();
      await axe(page, 'seed 004 overview');
      await page.getByRole('link', { name: 'Coverage of findings' }).first().click();
      await axe(page, 'seed 004 coverage');
      await page.goto(server.base + paths.improvementPlans());
      await page.getByRole('link', { name: 'Oxford City Council Business Plan 2021-22' }).click();
      await axe(page, 'seed 000 overview');
      await context.close();
    },
    TIMEOUT * 2,
  );
});
