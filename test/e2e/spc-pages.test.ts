/**
 * Statistical process control in Chromium (issue 16): the indicator page with a 24-quarter series and
 * the dashboard with its Variation and assurance column pass axe (WCAG 2.2 AA); the chart reads on a
 * phone (375 px: the page never scrolls sideways, the chart scrolls in its own region) and in print.
 * The demo has only Q1 2017-18's figures, so the test stores its own series for indicator 11.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parsePeriod, shiftPeriod } from '../../src/domain/periods.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { paths } from '../../src/web/paths.js';
import { AxeBuilder } from '@axe-core/playwright';
import { axeViolations, demoInChromium, WCAG_22_AA, type DemoServer } from '../support/browser.js';

const TIMEOUT = 120_000;
const Q1 = parsePeriod('Q1 2017-18');
const VALUES = [
  660, 645, 670, 655, 640, 665, 650, 675, 648, 662, 652, 668, 644, 658, 672, 650, 610, 598, 605, 590, 602,
  595, 600, 592,
];
/** Screenshots for a person to look at (not compared): CAIRN_SCREENSHOTS or the temporary folder. */
const SHOTS = process.env.CAIRN_SCREENSHOTS ?? join(tmpdir(), 'cairn-spc-screenshots');

describe('statistical process control pages, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const ind = await server.store.db
      .selectFrom('indicator')
      .select('id')
      .where('plan_id', '=', server.planId)
      .where('number', '=', '11')
      .executeTakeFirstOrThrow();
    for (const [i, v] of VALUES.entries())
      await upsertValue(
        server.store.db,
        { indicatorId: ind.id, periodCode: shiftPeriod(Q1, i - VALUES.length + 1).code, actual: v },
        '2017-10-17T09:00:00Z',
      );
    mkdirSync(SHOTS, { recursive: true });
  });

  it(
    'the indicator page: the chart, its table and badges, axe clean, on a phone and in print',
    async () => {
      const url = server.base + paths.indicator(server.planId, '11', { period: Q1.code });
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      await context.addCookies([await server.sessionCookie('viewer')]);
      const page = await context.newPage();
      await page.goto(url);
      const panel = page.locator('#spc');
      await expect(panel.locator('svg[role="img"]').count()).resolves.toBe(1);
      expect(await panel.locator('.cairn-spc-badge__text').allInnerTexts()).toEqual([
        'Special cause: improving',
        'Target hit and miss',
      ]);
      expect(await panel.locator('tbody tr').count()).toBe(24);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // On the phone, the panel itself (the header's account links are another matter: see the report).
      const onPhone = await new AxeBuilder({ page }).include('#spc').withTags(WCAG_22_AA).analyze();
      expect(onPhone.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      await panel.screenshot({ path: join(SHOTS, 'spc-panel-375.png') });

      // The whole page, at a desktop width.
      await page.setViewportSize({ width: 1280, height: 900 });
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 });
      // In print the chart is not clipped by its scroll region: it is drawn whole.
      const box = await panel.locator('svg.cairn-spc').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(500);
      await panel.screenshot({ path: join(SHOTS, 'spc-panel-print.png') });
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'the options form, axe clean',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('performance')]);
      const page = await context.newPage();
      await page.goto(server.base + paths.indicator(server.planId, '11', { period: Q1.code }));
      await page.getByText('How this is worked out').click();
      await page.getByRole('link', { name: 'Change how this indicator is analysed' }).click();
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
        'How this indicator is analysed',
      );
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.getByLabel('Points on one side of the mean that make a shift').fill('six');
      await page.getByRole('button', { name: 'Save options' }).click();
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
        'Enter the points in a shift as a whole number from 2 to 100.',
      );
      const withErrors = await axeViolations(page);
      expect(withErrors, withErrors.join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'the dashboard with the Variation and assurance column, axe clean',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('viewer')]);
      const page = await context.newPage();
      await page.goto(`${server.base}${paths.dashboard(server.planId, { period: Q1.code })}`);
      await page.getByLabel('Show variation and assurance (statistical process control)').check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/spc=yes/);
      expect(await page.locator('th', { hasText: 'Variation and assurance' }).count()).toBeGreaterThan(0);
      expect(
        await page.locator('.cairn-spc-badge__text', { hasText: 'Special cause: improving' }).count(),
      ).toBe(1);
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page
        .locator('.cairn-spc-badge')
        .first()
        .locator('xpath=ancestor::tr')
        .screenshot({
          path: join(SHOTS, 'spc-dashboard-row.png'),
        });
      await context.close();
    },
    TIMEOUT,
  );
});
