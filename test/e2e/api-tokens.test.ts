/**
 * API tokens in Chromium, as an administrator issues one: from the users page, a form with specific
 * problems, the token shown once, the token working against the OData feed, its uses on its own
 * page, and revoking it. With JavaScript and without (the indicators for a write token are then
 * always shown); axe checks every page.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';

const TIMEOUT = 120_000;
const SHOTS = process.env.CAIRN_SCREENSHOTS_DIR;

describe('API tokens in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, (started, launched) => {
    server = started;
    browser = launched;
  });

  async function check(page: Page, name: string) {
    // axe runs in the page, so only where it may run scripts; the same pages are checked with them on.
    if (!name.endsWith('-false')) expect(await axeViolations(page), page.url()).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }

  for (const javaScriptEnabled of [true, false])
    it(
      `an administrator issues a token, it reads the OData feed, its uses are listed, and it is revoked (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`,
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          javaScriptEnabled,
        });
        await context.addCookies([await server.sessionCookie('admin')]);
        const page = await context.newPage();
        await page.goto(server.base + paths.users());
        await page.getByRole('link', { name: 'API tokens' }).click();
        await page.waitForURL((u) => u.pathname === paths.apiTokens());
        await check(page, `tokens-${javaScriptEnabled}`);
        await page.getByRole('button', { name: 'Issue a token' }).click();
        await page.waitForURL((u) => u.pathname === paths.newApiToken());
        await check(page, `token-new-${javaScriptEnabled}`);

        // A write token without a name or indicators: both problems, each by its field.
        await page.getByLabel('Write values for named indicators').check();
        await page.getByRole('button', { name: 'Issue token' }).click();
        await expect
          .poll(() => page.locator('.govuk-error-summary').textContent())
          .toContain('Enter a name for the token');
        expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose the indicators');
        await check(page, `token-new-errors-${javaScriptEnabled}`);

        // A read token for Power BI.
        await page.getByLabel('Name', { exact: true }).fill(`Power BI ${javaScriptEnabled}`);
        await page.getByLabel('Internal read').check();
        await page.getByLabel('1 year').check();
        await page.getByRole('button', { name: 'Issue token' }).click();
        await expect.poll(() => page.locator('h1').textContent()).toContain('API token issued');
        await check(page, `token-issued-${javaScriptEnabled}`);
        const token = (await page.locator('.cairn-secret').textContent())!.trim();
        expect(token).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);

        const feed = await fetch(`${server.base}/odata/Plans`, {
          headers: { authorization: `Bearer ${token}`, 'odata-maxversion': '4.0' },
        });
        expect(feed.status).toBe(200);
        expect(((await feed.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);

        await page.getByRole('link', { name: 'See the token' }).click();
        // Uses are written within a second.
        await expect
          .poll(
            async () => {
              await page.reload();
              return page.locator('main').textContent();
            },
            { timeout: 10_000 },
          )
          .toContain('GET /odata/Plans');
        expect(await page.locator('main').textContent()).not.toContain(token);
        await check(page, `token-${javaScriptEnabled}`);
        await page.getByRole('button', { name: 'Revoke this token' }).click();
        await expect.poll(() => page.locator('main').textContent()).toContain('Revoked');
        await check(page, `token-revoked-${javaScriptEnabled}`);
        const after = await fetch(`${server.base}/odata/Plans`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(after.status).toBe(401);
        await context.close();
      },
      TIMEOUT,
    );
});
