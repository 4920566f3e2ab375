/**
 * Changing the framework in Debian's Chromium (issue 12): in a draft of 2018-19 started from the demo's
 * 2017-18 (made directly in the database), a performance officer adds an indicator with a target in
 * parts, changes an indicator's wording, sets its quarters' targets and trajectory, fills in a
 * directorate's targets grid, moves a priority and retires an outcome — each page, and each page
 * with its error summary, through axe (WCAG 2.2 AA). The grid and the checkboxes are also used with
 * JavaScript off. SQLite only: the same pages are covered on PostgreSQL by
 * test/integration/web-framework-items.test.ts.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';
import { draftNextYear } from '../support/framework.js';

const TIMEOUT = 90_000;

describe('changing the framework, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let draft = 0;
  const idOf = async (table: 'outcome' | 'indicator' | 'priority', key: string, planId = draft) =>
    (
      await server.store.db
        .selectFrom(table as 'indicator')
        .select('id')
        .where('plan_id', '=', planId)
        .where(table === 'indicator' ? 'number' : ('code' as 'number'), '=', key)
        .executeTakeFirstOrThrow()
    ).id;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    draft = await draftNextYear(server.store, server.planId);
  });

  /**
   * axe runs inside the page, so where scripts are off (its analyze() never settles) the page's DOM as
   * the script-less browser built it is kept, and served again later to a page where axe can run.
   */
  const rendered: { where: string; url: string; html: string }[] = [];
  async function axe(page: Page, where: string) {
    if (noScript.has(page)) {
      rendered.push({ where, url: page.url(), html: await page.content() });
      return;
    }
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }
  const noScript = new WeakSet<Page>();
  async function axeRendered() {
    expect(rendered.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      for (const r of rendered.splice(0)) {
        const isThisPage = (u: URL) => u.href === r.url;
        await page.route(isThisPage, (route) =>
          route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: r.html }),
        );
        await page.goto(r.url);
        const violations = await axeViolations(page);
        expect(
          violations,
          `axe on ${r.where}, as rendered without JavaScript:\n${violations.join('\n')}`,
        ).toEqual([]);
        await page.unroute(isThisPage);
      }
    } finally {
      await context.close();
    }
  }
  const h1 = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  async function submit(page: Page, name: string | RegExp) {
    await Promise.all([page.waitForURL(() => true), page.getByRole('button', { name }).click()]);
    await page.waitForLoadState('load');
  }
  /** Back on the framework page, with what was done in the address. */
  const doneOf = (page: Page) => {
    const url = new URL(page.url());
    expect(url.pathname).toBe(paths.planFramework(draft));
    return url.searchParams.get('done');
  };

  for (const js of [true, false])
    describe(js ? 'with JavaScript' : 'without JavaScript', () => {
      const step = journeySteps(TIMEOUT);
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
        await context.addCookies([await server.sessionCookie('performance')]);
        page = await context.newPage();
        if (!js) noScript.add(page);
      });
      afterAll(() => context?.close());
      const number = js ? '90a' : '90b';
      const changed = js ? '7' : '8';
      const moved = js ? 'P2' : 'P3';

      step('adds an indicator with a target in parts, after the error summary says what to fix', async () => {
        await page.goto(
          server.base + paths.newFrameworkIndicator(draft, { outcome: await idOf('outcome', 'O4') }),
        );
        expect(await h1(page)).toBe('Add an indicator');
        await axe(page, 'add an indicator');
        await page.getByLabel('Number', { exact: true }).fill('7');
        await page
          .getByLabel('Success indicator', { exact: true })
          .fill('Oxfordshire is chosen by new investors');
        await page.getByLabel(/^Target for 2018-19/).fill('60/20');
        await page.getByLabel('Part labels (optional)').fill('new investors');
        await submit(page, 'Add the indicator');
        const summary = page.locator('.govuk-error-summary');
        await expect.poll(() => summary.innerText()).toContain('Indicator 7 is already in this plan');
        expect(await summary.innerText()).toContain(
          'The target "60/20" has 2 parts but 1 part labels are given.',
        );
        expect(await summary.innerText()).toContain('Enter why it was introduced.');
        await axe(page, 'add an indicator, with errors');
        await page.getByLabel('Number', { exact: true }).fill(number);
        await page.getByLabel('Part labels (optional)').fill('new investors\nof which high value');
        await page.getByLabel('Yes', { exact: true }).check();
        await page.getByLabel('Why it was introduced').fill('The new inward investment strategy.');
        await submit(page, 'Add the indicator');
        expect(doneOf(page)).toBe(`Indicator ${number} added.`);
      });

      step('sets its quarters’ targets and its trajectory, printed back as typed', async () => {
        const id = await idOf('indicator', number);
        await page.goto(server.base + paths.frameworkIndicatorTargets(draft, id));
        expect(await h1(page)).toBe(`Targets for indicator ${number}`);
        await axe(page, 'an indicator’s targets');
        await page.getByLabel('Q1 2018-19').fill('15/5');
        await page.getByLabel('Q2 2018-19').fill('thirty');
        await submit(page, 'Save targets');
        await expect
          .poll(() => page.locator('.govuk-error-summary').innerText())
          .toContain('Q2 2018-19: Cannot read "thirty" as a target');
        await axe(page, 'an indicator’s targets, with errors');
        await page.getByLabel('Q2 2018-19').fill('30/10');
        await page.getByLabel('Q3 2018-19').fill('45/15');
        await page.getByLabel('Q4 2018-19').fill('60/20');
        await page.getByLabel('Target for 2019-20').fill('80/25');
        await page.getByLabel('Baseline (optional)').fill('41 in 2017-18');
        await submit(page, 'Save targets');
        expect(doneOf(page)).toBe(`Targets for indicator ${number} saved.`);
        await page.goto(server.base + paths.frameworkIndicatorTargets(draft, id));
        const table = page.getByRole('table', { name: 'Its targets now' });
        expect(await table.innerText()).toMatch(/Q3 2018-19\s+45\/15\s+at least 45 and at least 15/);
        expect(await table.innerText()).toMatch(/2019-20\s+80\/25/);
      });

      step('changes a carried-over indicator’s wording, saying what changed and why', async () => {
        await page.goto(server.base + paths.editFrameworkIndicator(draft, await idOf('indicator', changed)));
        expect(await h1(page)).toBe(`Change indicator ${changed}`);
        await axe(page, 'change an indicator');
        await page.getByLabel('Success indicator').fill(`A reworded indicator (${number})`);
        await submit(page, 'Save changes');
        await expect
          .poll(() => page.locator('.govuk-error-summary').innerText())
          .toContain('Enter what changed and why');
        await page.getByLabel('What changed and why').fill('The service has grown.');
        await submit(page, 'Save changes');
        expect(doneOf(page)).toBe(`Indicator ${changed} saved.`);
      });

      step('fills in a directorate’s targets grid in one form', async () => {
        await page.goto(server.base + paths.frameworkTargets(draft));
        await page.getByLabel('Directorate').selectOption({ label: 'Social and Community Services' });
        await submit(page, 'Show its indicators');
        expect(await h1(page)).toBe('Targets: Social and Community Services');
        await axe(page, 'targets grid');
        await page.getByLabel('Indicator 1, Q1 2018-19').fill(js ? '65%' : '66%');
        await page.getByLabel('Indicator 2, Q3 2018-19').fill('many');
        await submit(page, 'Save every target');
        await expect
          .poll(() => page.locator('.govuk-error-summary').innerText())
          .toContain('Indicator 2, Q3 2018-19: Cannot read "many" as a target');
        await axe(page, 'targets grid, with errors');
        // The summary's link goes to the cell.
        await page.locator('.govuk-error-summary a').first().click();
        if (js)
          await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/-2018-19-Q3$/);
        await page.getByLabel('Indicator 2, Q3 2018-19').fill('25');
        await submit(page, 'Save every target');
        expect(doneOf(page)).toMatch(/^Targets of Social and Community Services saved \(\d indicators?\)\.$/);
      });

      step('moves a priority, and retires an outcome after a confirmation page', async () => {
        await page.goto(server.base + paths.moveFrameworkPriority(draft, await idOf('priority', moved)));
        await axe(page, 'move a priority');
        await page.getByLabel('Up', { exact: true }).check();
        await submit(page, 'Move it');
        expect(doneOf(page)).toBe(`Priority ${moved} moved up.`);

        const outcome = js ? 'O13' : 'O12';
        await page.goto(server.base + paths.retireFrameworkOutcome(draft, await idOf('outcome', outcome)));
        expect(await h1(page)).toBe(`Retire outcome ${outcome}`);
        await axe(page, 'retire an outcome');
        await submit(page, `Retire outcome ${outcome}`);
        await expect
          .poll(() => page.locator('.govuk-error-summary').innerText())
          .toContain(`Enter why outcome ${outcome} is being retired`);
        await axe(page, 'retire an outcome, with errors');
        await page.getByLabel('Why it is being retired').fill('Merged into another outcome.');
        await submit(page, `Retire outcome ${outcome}`);
        expect(doneOf(page)).toBe(`Outcome ${outcome} removed.`);
      });

      if (!js) step('every page as rendered without JavaScript passes axe', axeRendered);
    });

  describe('on the approved framework', () => {
    const step = journeySteps(TIMEOUT);
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        javaScriptEnabled: false,
      });
      await context.addCookies([await server.sessionCookie('performance')]);
      page = await context.newPage();
      noScript.add(page);
    });
    afterAll(() => context?.close());

    step(
      'links an outcome to the second framework with checkboxes, without JavaScript, giving the amendment’s reason',
      async () => {
        const id = await idOf('outcome', 'O7', server.planId);
        await page.goto(server.base + paths.editFrameworkOutcome(server.planId, id));
        await axe(page, 'change an outcome of an approved framework');
        await page.getByRole('checkbox', { name: /^4\. Taking a 'Leadership of place' role/ }).check();
        await submit(page, 'Save changes');
        await expect
          .poll(() => page.locator('.govuk-error-summary').innerText())
          .toContain('enter the reason for it');
        await axe(page, 'change an outcome of an approved framework, with errors');
        expect(
          await page.getByRole('checkbox', { name: /^4\. Taking a 'Leadership of place' role/ }).isChecked(),
        ).toBe(true);
        await page.getByLabel('Reason for the amendment').fill('Highways support leadership of place.');
        await submit(page, 'Save changes');
        expect(new URL(page.url()).searchParams.get('done')).toBe('Outcome O7 saved.');
        const links = await server.store.db
          .selectFrom('outcome_second_priority')
          .innerJoin('second_priority', 'second_priority.id', 'outcome_second_priority.second_priority_id')
          .select('second_priority.number')
          .where('outcome_id', '=', id)
          .orderBy('second_priority.position')
          .execute();
        expect(links.map((l) => l.number)).toEqual(['4', '10']);
      },
    );

    step('the pages as rendered without JavaScript pass axe', axeRendered);

    step('shows the data owner no framework page', async () => {
      const owner = await browser.newContext();
      await owner.addCookies([await server.sessionCookie('owner')]);
      const p = await owner.newPage();
      const res = await p.goto(server.base + paths.frameworkTargets(server.planId));
      expect(res?.status()).toBe(403);
      await owner.close();
    });
  });
});
