/**
 * The performance team's report journey in Chromium, with axe on every page: create a report from
 * the form (and its error summary), read the draft, change an exception report, publish, and open
 * the published versions and the changes since publication.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';

const TIMEOUT = 90_000;

describe('the report journey in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
  });

  afterAll(async () => {
    await closePdfBrowser();
  }, TIMEOUT);

  async function expectNoAxeViolations(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }

  it(
    'creates, edits and publishes a report; every page passes axe',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('performance')]);
      const page = await context.newPage();

      await page.goto(server.base + paths.reports());
      await expectNoAxeViolations(page, 'the list of reports');
      await page.getByRole('button', { name: 'Create a report' }).click();
      await page.waitForURL((u) => u.pathname === paths.newReport());
      await expectNoAxeViolations(page, 'the new report form');

      await page.getByLabel('Meeting', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Create the report' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectNoAxeViolations(page, 'the form with an error');
      await page.getByRole('link', { name: /Enter the meeting/ }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting');

      await page.getByLabel('Meeting', { exact: true }).fill('Cabinet');
      await page.getByLabel('Date of the meeting').fill('17 October 2017');
      await page.getByRole('button', { name: 'Create the report' }).click();
      await page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Business management and monitoring report: Q1 2017-18',
      );
      await expectNoAxeViolations(page, 'the draft report');

      await page.getByRole('link', { name: /^Change\s*: Exception report 1/ }).click();
      await page
        .getByLabel('Recommended action')
        .fill('None at this time: comprehensive action plans are in place.');
      await expectNoAxeViolations(page, 'the exception report form');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname));
      await page.getByText('None at this time: comprehensive action plans are in place.').waitFor();

      // Publishing asks first, listing the sections with nothing written in them.
      await page.getByRole('button', { name: 'Check, then publish as version 1' }).click();
      await page.waitForURL((u) => /^\/reports\/\d+\/publish$/.test(u.pathname));
      await page.getByText('Sections with nothing written').waitFor();
      await expectNoAxeViolations(page, 'the publish confirmation');
      await page.getByRole('button', { name: /^Publish with \d+ sections empty$/ }).click();
      await page.waitForURL((u) => /^\/reports\/\d+\/versions$/.test(u.pathname), { timeout: 60_000 });
      await page.getByText('Version 1 is published').waitFor();
      await expectNoAxeViolations(page, 'the published versions');
      await page.getByRole('link', { name: 'Changes since version 1 was published' }).click();
      await page.getByText('Nothing has changed since this version was published.').waitFor();
      await expectNoAxeViolations(page, 'the changes since publication');
      await context.close();
    },
    TIMEOUT,
  );
});
