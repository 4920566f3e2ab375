/**
 * Issue 13's journey in Chromium, with axe on every page visited, with and without JavaScript: a
 * performance officer says which council this is, uploads a file of comparator groups, uploads a file
 * of other councils' figures through the column-mapping step, links indicator 9 ("Persistent absence")
 * to the metric against the group, and sees its rank and quartile on the indicator page and on the
 * plan's benchmarking page. (Its Top quartile target's rating is asserted once the rating work is in.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { axeViolationsAsServed, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';

const TIMEOUT = 300_000;
const SHOTS = process.env.CAIRN_SHOTS;

const COUNTIES: [string, string, string][] = [
  ['E10000025', 'Oxfordshire', '11.2'],
  ['E10000031', 'Warwickshire', '12.5'],
  ['E10000013', 'Gloucestershire', '13.1'],
  ['E10000034', 'Worcestershire', '12.0'],
  ['E10000003', 'Cambridgeshire', '14.2'],
  ['E10000015', 'Hertfordshire', '10.9'],
  ['E10000032', 'West Sussex', '13.8'],
  ['E10000029', 'Suffolk', '15.0'],
];

for (const js of [true, false])
  describe(`issue 13’s benchmarking journey, ${js ? 'with' : 'without'} JavaScript`, () => {
    let server: DemoServer;
    let browser: Browser;
    let page: Page;
    let dir: string;
    const step = journeySteps(TIMEOUT);

    demoInChromium(TIMEOUT, (started, launched) => {
      server = started;
      browser = launched;
    });
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-benchmarking-'));
      writeFileSync(
        join(dir, 'shire-counties.csv'),
        ['Area code', ...COUNTIES.map(([code]) => code)].join('\r\n'),
      );
      // As LG Inform names its columns: the mapping step says which is which.
      writeFileSync(
        join(dir, 'persistent-absence.csv'),
        [
          'Area code,Area name,Indicator ID,Indicator title,Academic year,Figure',
          ...COUNTIES.map(
            ([code, name, v]) =>
              `${code},${name},PA-SEC,Persistent absence in secondary schools (%),2016/17,${v}`,
          ),
        ].join('\r\n'),
      );
      const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
      await c.addCookies([await server.sessionCookie('performance')]);
      page = await c.newPage();
    }, TIMEOUT);
    afterAll(async () => {
      await page?.context().close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function axe(where: string) {
      if (SHOTS)
        await page.screenshot({ path: join(SHOTS, `${js ? 'js' : 'nojs'}-${where}.png`), fullPage: true });
      const violations = await axeViolationsAsServed(browser, page, js);
      expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
    }
    const h1 = async () => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    async function press(name: string | RegExp) {
      await Promise.all([page.waitForURL(() => true), page.getByRole('button', { name }).click()]);
      await page.waitForLoadState('load');
    }
    async function follow(name: string | RegExp) {
      await Promise.all([page.waitForURL(() => true), page.getByRole('link', { name }).first().click()]);
      await page.waitForLoadState('load');
    }

    step('1. from the plan, opens Benchmarking and says which council this is', async () => {
      await page.goto(server.base + paths.plan(server.planId));
      await Promise.all([
        page.waitForURL(() => true),
        page
          .getByRole('navigation', { name: 'Performance pages' })
          .getByRole('link', { name: 'Benchmarking' })
          .click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(paths.benchmarking(server.planId));
      expect(await h1()).toMatch(/^Benchmarking – /);
      await axe('plan-benchmarking-empty');
      await page.goto(server.base + paths.benchmarkCouncil());
      await axe('council');
      await page.getByLabel('Your council’s name or GSS code').fill('Oxfordshir');
      await press('Save');
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('The closest are');
      await axe('council-error');
      await page.getByLabel('Your council’s name or GSS code').fill('Oxfordshire County Council');
      await press('Save');
      expect(new URL(page.url()).pathname).toBe(paths.benchmarkHome());
      expect(await page.locator('main').innerText()).toContain('Oxfordshire (E10000025)');
      await axe('benchmarking-home');
    });

    step('2. uploads a file of comparator groups', async () => {
      await page.goto(server.base + paths.benchmarkGroupsUpload());
      await axe('groups-upload');
      await page.getByLabel('The file of groups').setInputFiles(join(dir, 'shire-counties.csv'));
      await page.getByLabel('Name of the group (for a plain list of councils)').fill('Shire counties');
      await page.getByLabel('The lists apply from (optional)').fill('1/4/2016');
      await press('Import the groups');
      expect(await page.locator('main').innerText()).toContain('Comparator groups imported');
      await axe('groups-imported');
      await page.goto(server.base + paths.benchmarkGroups());
      expect(await page.locator('main').innerText()).toMatch(
        /Shire counties\s+Councils chosen by hand\s+8\s+2016-04-01/,
      );
      await axe('groups');
    });

    step('3. uploads the figures, choosing their columns on the mapping step', async () => {
      await page.goto(server.base + paths.benchmarkDataUpload());
      await axe('data-upload');
      await page.getByLabel('Where the figures come from').fill('LG Inform');
      await page.getByLabel('The file of figures').setInputFiles(join(dir, 'persistent-absence.csv'));
      await press('Continue');
      expect(await h1()).toBe('Choose which column holds what');
      await axe('mapping');
      await page.getByLabel('Council (GSS code or name)').selectOption('Area code');
      await page.getByLabel('Metric code (optional)').selectOption('Indicator ID');
      await page.getByLabel('Metric title (optional)').selectOption('Indicator title');
      await page.getByLabel('Period', { exact: true }).selectOption('Academic year');
      await page.getByLabel('Value', { exact: true }).selectOption('Figure');
      await page.getByLabel('Lower is better').check();
      await page.getByLabel('Their unit').selectOption('percent');
      await press('Import the figures');
      expect(await page.locator('main').innerText()).toContain('The figures have been imported');
      expect(await page.locator('main').innerText()).toMatch(/Figures imported\s+8/);
      await axe('imported');
    });

    step('4. links indicator 9, Persistent absence, to the metric against the group', async () => {
      await page.goto(server.base + paths.indicator(server.planId, '9'));
      await follow('Compare with other councils');
      expect(await h1()).toBe('Compare with other councils');
      await page.getByLabel('Find a metric by words in its title, or its code').fill('absence');
      await press('Search');
      await axe('link');
      await page.getByLabel('Persistent absence in secondary schools (%)').check();
      await page
        .getByLabel('Compared with')
        .selectOption({ label: 'Shire counties (Councils chosen by hand)' });
      await press('Save');
      expect(new URL(page.url()).pathname).toBe(paths.indicator(server.planId, '9'));
    });

    step('5. sees its rank and quartile on the indicator page and the plan’s benchmarking page', async () => {
      const panel = await page.locator('#benchmark').innerText();
      expect(panel).toMatch(/Our rank\s+2 of 8/);
      expect(panel).toMatch(/Our quartile\s+Top quartile \(1st of 4\)/);
      expect(panel).toMatch(/Best\s+Hertfordshire: 10\.9%/);
      expect(await page.getByRole('table', { name: /Every council’s figure/ }).innerText()).toContain(
        'Oxfordshire (us)',
      );
      await axe('indicator-benchmark');
      await page.goto(server.base + paths.benchmarking(server.planId));
      const row = await page.getByRole('row', { name: /Persistent absence/ }).innerText();
      expect(row).toMatch(/2 of 8/);
      expect(row).toContain('Top quartile');
      await axe('plan-benchmarking');
    });
  });
