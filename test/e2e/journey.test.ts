/**
 * The journey a reader takes through Cairn, in Debian's Chromium: home → matrix → a directorate's
 * dashboard → an outcome → an indicator → the second framework → search → filters. Every page must
 * pass axe at WCAG 2.2 AA; the journey must work with JavaScript off (every control is a link or a
 * GET form) and by keyboard alone, with focus always visible.
 *
 * Browser tests run on SQLite only: the pages' logic is covered on PostgreSQL by
 * test/integration/web-pages.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import {
  axeViolations,
  demoInChromium,
  FOCUS_YELLOW,
  focused,
  inViewport,
  journeySteps,
  showsFocus,
  type DemoServer,
  type FocusedElement,
} from '../support/browser.js';

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const SECOND_FRAMEWORK = "County Leadership Team's 12 strategic priorities (illustrative mapping)";

describe('the journey in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let planId = 0;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    planId = server.planId;
  });

  const url = (path: string) => server.base + path;

  /** Does `action` and waits for the page it leads to (by path and, if given, query) to load. */
  async function navigate(
    page: Page,
    action: () => Promise<unknown>,
    pathname: string,
    params: Record<string, string> = {},
  ) {
    await Promise.all([
      page.waitForURL(
        (u) =>
          u.pathname === pathname && Object.entries(params).every(([k, v]) => u.searchParams.get(k) === v),
      ),
      action(),
    ]);
  }

  async function expectHeading(page: Page, text: string | RegExp) {
    const h1 = page.getByRole('heading', { level: 1 });
    await expect.poll(() => h1.count()).toBe(1);
    if (typeof text === 'string') expect((await h1.innerText()).trim()).toBe(text);
    else expect((await h1.innerText()).trim()).toMatch(text);
  }

  async function expectNoAxeViolations(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }

  const serviceNav = (page: Page) => page.getByRole('navigation', { name: 'Performance pages' });
  const numbers = (rows: Locator) => rows.locator('td.cairn-number').allInnerTexts();

  /**
   * The journey, step by step: each clicks links and submits forms, checks its page's heading and
   * content, and calls `check` on each page. Each step starts on the page the one before left open.
   */
  const JOURNEY: {
    name: string;
    walk: (page: Page, check: (where: string) => Promise<void>) => Promise<void>;
  }[] = [
    {
      name: 'signs in from the home page, and is returned home',
      walk: async (page, check) => {
        // Signing in: the home page sends a visitor to the sign-in form, which returns them home.
        await page.goto(url(paths.home()));
        await expectHeading(page, 'Sign in');
        await check('sign-in');
        await page.getByLabel('Email address').fill(server.email);
        await page.getByLabel('Password').fill(server.password);
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/'),
          page.getByRole('button', { name: 'Sign in' }).click(),
        ]);
      },
    },
    {
      name: "home shows the quarter's performance",
      walk: async (page, check) => {
        // Home
        await expectHeading(page, 'Performance in Q1 2017-18');
        await expect.poll(() => page.title()).toContain('Oxfordshire County Council');
        await check('home');
      },
    },
    {
      name: '→ the priorities × directorates matrix',
      walk: async (page, check) => {
        // → the matrix
        await navigate(
          page,
          () => page.getByRole('link', { name: 'Priorities and outcomes, by directorate' }).click(),
          paths.matrix(planId),
        );
        await expectHeading(page, 'Corporate Plan 2017-18 priorities and outcomes, by directorate');
        await check('matrix');
      },
    },
    {
      name: "→ a directorate's dashboard, from the matrix's column heading",
      walk: async (page, check) => {
        // → a directorate's dashboard, from the matrix's column heading
        await navigate(
          page,
          () =>
            page
              .getByRole('table')
              .getByRole('columnheader')
              .getByRole('link', { name: 'Social and Community Services', exact: true })
              .click(),
          paths.dashboard(planId),
          { directorate: 'SCS' },
        );
        await expectHeading(page, 'Social and Community Services – performance dashboard – Q1 2017-18');
        expect(await numbers(page.locator('section.cairn-dashboard'))).toEqual([
          '1',
          '2',
          '3',
          '4',
          '5',
          '6',
          '7',
          '8',
        ]);
        await check('directorate dashboard');
      },
    },
    {
      name: '→ the outcome that indicator 7 belongs to',
      walk: async (page, check) => {
        // → the outcome that indicator 7 belongs to
        const outcomeLink = page.getByRole('link', { name: /^Work with the NHS/ });
        const outcomeTitle = (await outcomeLink.innerText()).trim();
        const outcomeHref = new URL((await outcomeLink.getAttribute('href')) ?? '', page.url());
        await navigate(page, () => outcomeLink.click(), outcomeHref.pathname);
        await expectHeading(page, outcomeTitle);
        const outcomeRows = page.getByRole('table').first().locator('tbody tr');
        expect(await numbers(outcomeRows)).toEqual(['5', '6', '7']);
        await check('outcome');
      },
    },
    {
      name: '→ indicator 7, with its chart and table',
      walk: async (page, check) => {
        // → indicator 7
        const outcomeRows = page.getByRole('table').first().locator('tbody tr');
        const row7 = outcomeRows.filter({ has: page.locator('td.cairn-number', { hasText: /^7$/ }) });
        await navigate(page, () => row7.getByRole('link').first().click(), paths.indicator(planId, '7'));
        await expectHeading(
          page,
          /^Increase the number of hours from the hospital discharge and reablement service/,
        );
        await expect
          .poll(() => page.locator('.govuk-caption-l').first().innerText())
          .toBe('Success indicator 7');
        const chart = page.getByRole('img');
        expect(await chart.count()).toBe(1);
        expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
        expect(
          await page
            .getByRole('table')
            .filter({ hasText: 'Each quarter, latest first' })
            .locator('tbody tr')
            .count(),
        ).toBeGreaterThan(0);
        await check('indicator');
      },
    },
    {
      name: '→ the second framework, from the service navigation',
      walk: async (page, check) => {
        // → the second framework, from the service navigation
        await navigate(
          page,
          () => serviceNav(page).getByRole('link', { name: SECOND_FRAMEWORK }).click(),
          paths.secondFramework(planId),
        );
        await expectHeading(page, SECOND_FRAMEWORK);
        expect(await page.locator('h2', { hasText: /^\d+\. / }).count()).toBe(12);
        await check('second framework');
      },
    },
    {
      name: '→ search the indicators for “school”',
      walk: async (page, check) => {
        // → search the indicators for "school"
        await navigate(
          page,
          () => serviceNav(page).getByRole('link', { name: 'Indicators', exact: true }).click(),
          paths.indicators(planId),
        );
        await expectHeading(page, 'Success indicators – Q1 2017-18');
        await check('indicators');
        await page.locator('#q').fill('school');
        await navigate(
          page,
          () => page.getByRole('button', { name: 'Apply filters' }).click(),
          paths.indicators(planId),
          { q: 'school' },
        );
        await expectHeading(page, 'Success indicators – Q1 2017-18');
        expect(await page.locator('#q').inputValue()).toBe('school');
        const found = page.locator('main table tbody tr');
        const foundCount = await found.count();
        expect(foundCount).toBeGreaterThan(0);
        expect(await page.getByRole('status').innerText()).toContain(
          `of ${foundCount} matching success indicators`,
        );
        for (const text of await found.allInnerTexts()) expect(text).toMatch(/school/i);
        await check('search');
      },
    },
    {
      name: '→ filter the dashboards to Red',
      walk: async (page, check) => {
        // → filter the dashboards to Red
        await navigate(
          page,
          () => serviceNav(page).getByRole('link', { name: 'Dashboards', exact: true }).click(),
          paths.dashboard(planId),
        );
        await expectHeading(page, 'Performance dashboards – Q1 2017-18');
        expect(await numbers(page.locator('section.cairn-dashboard'))).toHaveLength(50);
        await page.locator('#rating').selectOption({ label: 'Red' });
        await navigate(
          page,
          () => page.getByRole('button', { name: 'Apply filters' }).click(),
          paths.dashboard(planId),
          { rating: 'red' },
        );
        expect(new URL(page.url()).searchParams.get('rating')).toBe('red');
        expect(await page.locator('#rating').inputValue()).toBe('red');
        expect(await numbers(page.locator('section.cairn-dashboard'))).toEqual(['7', '46']);
        expect(await page.getByRole('status').innerText()).toBe('Showing 2 of 50 success indicators.');
        await check('filtered dashboard');
      },
    },
  ];

  describe('walks home → matrix → dashboard → outcome → indicator → second framework → search → filters, with no axe violations at WCAG 2.2 AA', () => {
    const step = journeySteps(TIMEOUT);
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORT });
      page = await context.newPage();
    });
    afterAll(() => context?.close());
    for (const { name, walk } of JOURNEY)
      step(name, () => walk(page, (where) => expectNoAxeViolations(page, where)));
  });

  describe('walks the same journey with JavaScript disabled, and the pages as rendered without it pass axe', () => {
    const step = journeySteps(TIMEOUT);
    let noScript: BrowserContext;
    let page: Page;
    const rendered: { where: string; url: string; html: string }[] = [];
    beforeAll(async () => {
      noScript = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
      page = await noScript.newPage();
    });
    afterAll(() => noScript?.close());

    step('has scripts really off in this context', async () => {
      await page.setContent('<title>off</title><script>document.title = "on"</script>');
      expect(await page.title()).toBe('off');
    });
    for (const { name, walk } of JOURNEY)
      step(name, () =>
        walk(page, async (where) => {
          rendered.push({ where, url: page.url(), html: await page.content() });
        }),
      );

    step('every page as rendered without JavaScript passes axe', async () => {
      await noScript.close();
      expect(rendered).toHaveLength(10);

      // axe runs inside the page, so it cannot run where scripts are off (analyze() never settles).
      // Instead each page's DOM as the script-less browser built it is served again, from the same
      // address, to a page where axe can run. (Cairn's pages have no scripts of their own, so this is
      // the same DOM the first journey checks; this proves it rather than assuming it.)
      const withScript = await browser.newContext({ viewport: VIEWPORT });
      try {
        const page = await withScript.newPage();
        for (const r of rendered) {
          const isThisPage = (u: URL) => u.href === r.url;
          await page.route(isThisPage, (route) =>
            route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: r.html }),
          );
          await page.goto(r.url);
          await expectNoAxeViolations(page, `${r.where}, as rendered without JavaScript`);
          await page.unroute(isThisPage);
        }
      } finally {
        await withScript.close();
      }
    });
  });

  it(
    'walks by keyboard alone: the skip link works and focus is always visible',
    async () => {
      const context = await browser.newContext({ viewport: VIEWPORT });
      await context.addCookies([await server.sessionCookie()]);
      try {
        const page = await context.newPage();
        const seen: FocusedElement[] = [];
        const expectVisibleFocus = (f: FocusedElement) => {
          seen.push(f);
          const what = `<${f.tag}${f.id ? ` id="${f.id}"` : ''}> “${f.text}” (${JSON.stringify(f)})`;
          expect(showsFocus(f), `focus is not visible on ${what}`).toBe(true);
          expect(inViewport(f), `focused element is not in the viewport: ${what}`).toBe(true);
        };
        /** Presses Tab (or Shift+Tab) until `want` holds of the focused element, checking each on the way. */
        const tabTo = async (want: (f: FocusedElement) => boolean, key = 'Tab', max = 40) => {
          for (let i = 0; i < max; i++) {
            await page.keyboard.press(key);
            const f = await focused(page);
            expectVisibleFocus(f);
            if (want(f)) return f;
          }
          throw new Error(`pressed ${key} ${max} times without reaching the element wanted`);
        };

        await page.goto(url(paths.home()));
        const skipLink = page.getByRole('link', { name: 'Skip to main content' });
        // Until it has focus the skip link is visually hidden (a 1px clipped box) and not highlighted.
        const hidden = await skipLink.boundingBox();
        expect(hidden === null || (hidden.width <= 1 && hidden.height <= 1)).toBe(true);
        expect(await skipLink.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(FOCUS_YELLOW);

        // The first Tab reaches the skip link, shown on screen with the focus style.
        await page.keyboard.press('Tab');
        const skip = await focused(page);
        expect(skip.text).toBe('Skip to main content');
        expect(skip.backgroundColor).toBe(FOCUS_YELLOW);
        expectVisibleFocus(skip);
        const box = await skipLink.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.width).toBeGreaterThan(1);
        expect(box!.height).toBeGreaterThan(1);

        // Enter moves focus to <main>; the next Tab goes to the first control inside it.
        await page.keyboard.press('Enter');
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
        expect(new URL(page.url()).hash).toBe('#main-content');
        await page.keyboard.press('Tab');
        const first = await focused(page);
        expect(first.inMain).toBe(true);
        expectVisibleFocus(first);

        // Back up to the service navigation and follow "Dashboards".
        await tabTo((f) => f.tag === 'a' && f.text === 'Dashboards', 'Shift+Tab');
        await navigate(page, () => page.keyboard.press('Enter'), paths.dashboard(planId));
        await expectHeading(page, 'Performance dashboards – Q1 2017-18');

        // From the top of the dashboard, through the header and navigation, to the Rating filter.
        await tabTo((f) => f.id === 'rating');
        const before = await page.locator('#rating').inputValue();
        expect(before).toBe('');
        await page.keyboard.press('ArrowDown');
        expect(await page.locator('#rating').inputValue()).toBe('red');
        await tabTo((f) => f.tag === 'button' && f.text === 'Apply filters');
        await navigate(page, () => page.keyboard.press('Enter'), paths.dashboard(planId), { rating: 'red' });
        expect(await numbers(page.locator('section.cairn-dashboard'))).toEqual(['7', '46']);

        // Every kind of element focused on the way was checked.
        const kinds = new Set(seen.map((f) => f.tag));
        expect([...kinds].sort()).toEqual(expect.arrayContaining(['a', 'button', 'select']));
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'explains an unknown filter value with the GOV.UK error summary, and passes axe',
    async () => {
      const context = await browser.newContext({ viewport: VIEWPORT });
      await context.addCookies([await server.sessionCookie()]);
      try {
        const page = await context.newPage();
        const res = await page.goto(url(paths.dashboard(planId, { period: '2017-18-Q1', rating: 'purple' })));
        expect(res?.status()).toBe(400);
        const summary = page.locator('.govuk-error-summary');
        expect(await summary.isVisible()).toBe(true);
        expect(await summary.getByRole('heading').innerText()).toBe('There is a problem with the filters');
        const problem = summary.getByRole('link', {
          name: 'Rating “purple” is not one of: Red, Amber, Green, Not rated.',
        });
        expect(await problem.getAttribute('href')).toBe('#rating');
        expect(await page.locator('#rating').getAttribute('aria-describedby')).toBe('rating-error');
        expect(await page.locator('#rating-error').innerText()).toContain('Rating “purple” is not one of');
        // The page still shows every indicator.
        expect(await numbers(page.locator('section.cairn-dashboard'))).toHaveLength(50);
        await expectNoAxeViolations(page, 'dashboard with a filter problem');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
  it('lets an administrator manage users on pages that pass axe, with errors explained', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addCookies([await server.sessionCookie('admin')]);
    try {
      const page = await context.newPage();
      await page.goto(url(paths.home()));
      await navigate(
        page,
        () => page.getByRole('link', { name: 'Users', exact: true }).click(),
        paths.users(),
      );
      await expectHeading(page, 'Users');
      await expectNoAxeViolations(page, 'users');
      await navigate(page, () => page.getByRole('button', { name: 'Add a user' }).click(), paths.newUser());
      await expectNoAxeViolations(page, 'add a user');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Add user' }).click(),
      ]);
      await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true);
      await expectNoAxeViolations(page, 'add a user, with errors');
      await page.getByLabel('Name').fill('Alex Approver');
      await page.getByLabel('Email address').fill('alex@council.example');
      await page.getByLabel('Approver').check();
      await page.getByLabel('Directorate').selectOption('SCS');
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Add user' }).click(),
      ]);
      await expectHeading(page, 'User added');
      await expectNoAxeViolations(page, 'user added');
    } finally {
      await context.close();
    }
  }, 60_000);
});
