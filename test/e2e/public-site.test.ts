/**
 * Issue 15's journey, in Debian's Chromium: a performance officer publishes the corporate plan and
 * some of its indicators on the public site (without JavaScript, from Reports → "Publish on the
 * public site"); then a member of the public, not signed in, with JavaScript and without, reads the
 * plan, picks a quarter, opens an indicator (its rating, chart and table), downloads the open data,
 * reads the data dictionary, the reports, the improvement plans and the accessibility statement —
 * and an indicator that is not public is "page not found". axe (WCAG 2.2 AA) on every page.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';

const TIMEOUT = 90_000;

describe('the public site, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
  });

  const checked: string[] = [];
  /** Pages shown without JavaScript, where axe (a script) cannot run: it checks the same HTML in a page that may. */
  const noScript = new WeakSet<Page>();
  let axeContext: BrowserContext | undefined;
  afterAll(() => axeContext?.close());
  async function axe(page: Page, where: string) {
    let target = page;
    if (noScript.has(page)) {
      axeContext ??= await browser.newContext({ viewport: { width: 1280, height: 900 } });
      target = await axeContext.newPage();
      const url = page.url();
      const html = await page.content();
      await target.route(
        (u) => u.href === url,
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await target.goto(url);
    }
    const violations = await axeViolations(target);
    if (target !== page) await target.close();
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
    checked.push(`${where}${noScript.has(page) ? ' (no JavaScript)' : ''}`);
  }
  const h1 = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  async function follow(page: Page, click: () => Promise<void>) {
    await Promise.all([page.waitForURL(() => true), click()]);
    await page.waitForLoadState('load');
  }

  describe('the performance team publishes the plan and three indicators', () => {
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

    step('finds the publishing page from Reports and chooses what is public', async () => {
      await page.goto(server.base + paths.reports());
      await follow(page, () => page.getByRole('link', { name: 'Publish on the public site' }).click());
      expect(await h1(page)).toBe('Publish on the public site');
      await axe(page, 'publish on the public site');
      await follow(page, () =>
        page
          .getByRole('link', { name: /^Choose indicators/ })
          .first()
          .click(),
      );
      expect(await h1(page)).toBe('Corporate Plan 2017-18');
      await axe(page, 'a plan’s indicators to publish');
      await page.getByLabel('Publish this plan').check();
      for (const n of ['1', '2', '3']) await page.getByLabel(new RegExp(`^${n}\\. `)).check();
      await follow(page, () => page.getByRole('button', { name: 'Save', exact: true }).click());
      await expect.poll(() => page.locator('.govuk-notification-banner').innerText()).toContain('Saved.');
      expect(await page.locator('main').innerText()).toContain('3 of 50 indicators are public');
      await axe(page, 'a plan’s indicators, saved');
    });
  });

  for (const js of [true, false]) {
    describe(`a member of the public reads it, JavaScript ${js ? 'on' : 'off'}`, () => {
      const step = journeySteps(TIMEOUT);
      let context: BrowserContext;
      let page: Page;

      beforeAll(async () => {
        context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
        page = await context.newPage();
        if (!js) noScript.add(page);
      });
      afterAll(() => context?.close());

      step('reads the plan, picks a quarter and opens an indicator', async () => {
        await page.goto(server.base + paths.publicHome());
        expect(await h1(page)).toBe('How Oxfordshire County Council is performing');
        expect(await page.getByRole('link', { name: /sign in/i }).count()).toBe(0);
        await axe(page, 'public home');
        await follow(page, () => page.getByRole('link', { name: 'Corporate Plan 2017-18' }).click());
        expect(await h1(page)).toBe('Corporate Plan 2017-18');
        expect(await page.locator('main').innerText()).toContain('of the 3 indicators published here');
        await axe(page, 'public plan');
        await page.getByLabel('Quarter').selectOption('2017-18-Q1');
        await follow(page, () => page.getByRole('button', { name: 'Show' }).click());
        expect(new URL(page.url()).searchParams.get('period')).toBe('2017-18-Q1');
        await follow(page, () =>
          page.getByRole('link', { name: 'Maintain the high level of user satisfaction' }).click(),
        );
        expect(await h1(page)).toBe('Maintain the high level of user satisfaction');
        const main = await page.locator('main').innerText();
        expect(main).toContain('Green');
        expect(main).toContain('Values against target');
        expect(await page.locator('svg').count()).toBeGreaterThan(0);
        expect(await page.getByRole('table', { name: /Each quarter/ }).count()).toBe(1);
        await axe(page, 'public indicator');
      });

      step('an indicator not published is not found', async () => {
        const res = await page.goto(server.base + paths.publicIndicator(server.planId, '7'));
        expect(res?.status()).toBe(404);
        expect(await h1(page)).toBe('Not found');
        await axe(page, 'public page not found');
      });

      step('downloads the open data and reads the data dictionary', async () => {
        await page.goto(server.base + paths.publicHome());
        await follow(page, () =>
          page
            .getByRole('navigation', { name: 'Public performance pages' })
            .getByRole('link', { name: 'Open data' })
            .click(),
        );
        expect(await h1(page)).toBe('Open data');
        expect(await page.locator('#licence').innerText()).toContain('Open Government Licence v3.0');
        await axe(page, 'open data');
        const csv = await page.request.get(server.base + paths.openDataFile('indicators', 'csv'));
        expect(csv.status()).toBe(200);
        const rows = (await csv.text()).trim().split('\r\n');
        expect(rows[0]).toContain('plan_id,outcome_code,indicator_number,title');
        expect(rows).toHaveLength(4);
        const download = page.waitForEvent('download');
        await page.getByRole('link', { name: /^Download everything/ }).click();
        expect((await download).suggestedFilename()).toBe('open-data.zip');
        await follow(page, () =>
          page.getByRole('link', { name: 'Data dictionary: what each column means' }).click(),
        );
        expect(await h1(page)).toBe('Data dictionary');
        await axe(page, 'data dictionary');
      });

      step('reads the reports, the improvement plans and the accessibility statement', async () => {
        await follow(page, () =>
          page
            .getByRole('navigation', { name: 'Public performance pages' })
            .getByRole('link', { name: 'Reports' })
            .click(),
        );
        expect(await h1(page)).toBe('Published reports');
        await axe(page, 'public reports');
        await follow(page, () =>
          page
            .getByRole('navigation', { name: 'Public performance pages' })
            .getByRole('link', { name: 'Improvement plans' })
            .click(),
        );
        expect(await h1(page)).toBe('Improvement plans');
        await axe(page, 'public improvement plans');
        await follow(page, () => page.getByRole('link', { name: 'Accessibility statement' }).click());
        expect(await h1(page)).toBe('Accessibility statement');
        await axe(page, 'accessibility statement');
      });
    });
  }

  describe('every page was checked', () => {
    const step = journeySteps(TIMEOUT);
    step('ran axe on each page, with JavaScript and without', () => {
      expect(checked).toContain('public indicator');
      expect(checked).toContain('public indicator (no JavaScript)');
      expect(checked).toHaveLength(3 + 2 * 9);
      return Promise.resolve();
    });
  });
});
