/**
 * A report shown in a page reflows at 320 CSS pixels (WCAG 2.2 1.4.10): the page never scrolls
 * sideways; only a wide table does, inside its own named region that takes keyboard focus.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';

const TIMEOUT = 90_000;

describe('report pages on a narrow screen, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
  });

  it(
    'the progress report and the coverage of findings reflow at 320 px, tables scrolling in their regions',
    async () => {
      const plan = (basis: string) =>
        server.store.db
          .selectFrom('improvement_plan')
          .select('id')
          .where('basis', '=', basis)
          .executeTakeFirstOrThrow();
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      await context.addCookies([await server.sessionCookie('viewer')]);
      const page = await context.newPage();
      for (const url of [
        paths.planReport((await plan('peer-challenge')).id),
        paths.planCoverage((await plan('inspection')).id),
      ]) {
        await page.goto(server.base + url);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(320);
        const regions = page.locator('.cairn-report .cairn-scroll');
        expect(await regions.count()).toBe(await page.locator('.cairn-report table').count());
        const first = regions.first();
        expect(await first.getAttribute('role')).toBe('region');
        expect(await first.getAttribute('tabindex')).toBe('0');
        expect(await first.getAttribute('aria-label')).toBe(await first.locator('caption').innerText());
        const violations = await axeViolations(page);
        expect(violations, `axe at 320 px on ${url}:\n${violations.join('\n')}`).toEqual([]);
      }
      await context.close();
    },
    TIMEOUT,
  );
});
