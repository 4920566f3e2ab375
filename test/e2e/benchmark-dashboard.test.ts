/**
 * Benchmarking in the dashboards and the report form, in Chromium (issue 13): with seed 003's
 * indicators 9 and 10 linked to imported figures, the dashboard's Quartile and rank column (chosen
 * with its checkbox, no JavaScript needed) gives the quartile in words and the rating's sentence, and
 * passes axe (WCAG 2.2 AA); so does the new-report form with its Benchmarking checkbox.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cliActor } from '../../src/app/audit.js';
import { importBenchmarkData } from '../../src/app/benchmark-import.js';
import { importGroupsFile } from '../../src/app/benchmark-groups.js';
import { linkIndicator, resolveMetric } from '../../src/app/benchmark-links.js';
import { setOurCouncil } from '../../src/app/benchmark-reference.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';

const TIMEOUT = 120_000;
const Q2 = parsePeriod('Q2 2017-18');
const SHOTS = process.env.CAIRN_SCREENSHOTS ?? join(tmpdir(), 'cairn-benchmark-screenshots');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/benchmark/${name}`, import.meta.url));

describe('benchmarking in the dashboards and the report form, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const store = server.store;
    const actor = cliActor();
    await setOurCouncil(store, actor, 'Oxfordshire', fixedClock);
    await importGroupsFile(
      store,
      actor,
      { fileName: 'cipfa-neighbours.csv', bytes: fixture('cipfa-neighbours.csv') },
      { validFrom: '2016-04-01' },
      fixedClock,
    );
    await importBenchmarkData(
      store,
      actor,
      { fileName: 'education-2016-17.csv', bytes: fixture('education-2016-17.csv') },
      { source: 'DfE' },
      fixedClock,
    );
    const group = await store.db.selectFrom('comparator_group').select('id').executeTakeFirstOrThrow();
    for (const [number, code, comparison] of [
      ['9', 'PA', 'nation'],
      ['10', 'PEX', `group:${group.id}`],
    ] as const) {
      const ind = await store.db
        .selectFrom('indicator')
        .select('id')
        .where('plan_id', '=', server.planId)
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      const metric = await resolveMetric(store, code, 'DfE');
      await linkIndicator(
        store,
        actor,
        { planId: server.planId, indicatorId: ind.id, metricId: metric.id, comparison, version: 0 },
        fixedClock,
      );
    }
    mkdirSync(SHOTS, { recursive: true });
  });

  it(
    'the dashboard with the Quartile and rank column, axe clean',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('viewer')]);
      const page = await context.newPage();
      await page.goto(`${server.base}${paths.dashboard(server.planId, { period: Q2.code })}`);
      await page.getByLabel('Show our quartile and rank among other councils (benchmarking)').check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/benchmark=yes/);
      expect(await page.locator('th', { hasText: 'Quartile and rank' }).count()).toBeGreaterThan(0);
      const row = page.locator('tr', { hasText: 'Persistent absence rates to be in the top quartile' });
      await expect(row.innerText()).resolves.toContain('Top quartile');
      await expect(row.innerText()).resolves.toContain('Green: rank 5 of 27 councils in England');
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.locator('table', { has: row }).screenshot({ path: join(SHOTS, 'benchmark-dashboard.png') });
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'the new-report form offers the Benchmarking section, axe clean',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([await server.sessionCookie('performance')]);
      const page = await context.newPage();
      await page.goto(server.base + paths.newReport());
      await page.getByLabel('Add a section on benchmarking against other councils').check();
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );
});
