/**
 * The plan progress report and coverage pages show the one HTML rendering of the report
 * (src/render/html.ts): the report in the page is the HTML download's, its tables in named regions
 * that scroll, styled by the report's stylesheet — not a second rendering in a template.
 */
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const brand = testBrand();
const clock = clockAt('2025-01-15T09:00:00Z');

/** The report's markup: from its wrapper to its status line. */
function reportOf(html: string): string {
  const start = html.indexOf('<div class="cairn-report">');
  const status = html.indexOf('<p class="cairn-status">', start);
  expect(start).toBeGreaterThan(-1);
  expect(status).toBeGreaterThan(start);
  return html.slice(start, html.indexOf('</p>', status) + 4);
}

const TABLE_IN_REGION =
  /<div class="cairn-scroll" tabindex="0" role="region" aria-label="([^"]*)">(<table[\s\S]*?<\/table>)<\/div>/g;

describeEachDatabase(
  'the plan report pages',
  (store) => {
    const planId = async (basis: string) =>
      (
        await store()
          .db.selectFrom('improvement_plan')
          .select('id')
          .where('basis', '=', basis)
          .executeTakeFirstOrThrow()
      ).id;

    it('show the HTML download’s report, each table in a region named by its caption', async () => {
      const app = buildApp({ store: store(), clock, brand });
      const { cookies } = await sessionFor(store(), clock, 'viewer');
      const peer = await planId('peer-challenge');
      const inspection = await planId('inspection');
      const pages = [
        [paths.planReport(peer), paths.planReportDownload(peer, 'html')],
        [paths.planCoverage(inspection), paths.planCoverageDownload(inspection, 'html')],
      ];
      for (const [pageUrl, downloadUrl] of pages) {
        const page = await app.inject({ url: pageUrl!, cookies });
        const download = await app.inject({ url: downloadUrl!, cookies });
        expect(page.statusCode).toBe(200);
        expect(download.statusCode).toBe(200);
        expect(page.body).toContain(`<link rel="stylesheet" href="${paths.reportStylesheet()}">`);
        const shown = reportOf(page.body);
        const regions = [...shown.matchAll(TABLE_IN_REGION)];
        expect(regions.length).toBeGreaterThan(0);
        expect(regions.length).toBe(shown.match(/<table/g)!.length);
        for (const [, label, table] of regions) expect(table).toContain(`<caption>${label}</caption>`);
        expect(shown.replace(TABLE_IN_REGION, '$2')).toBe(reportOf(download.body));
      }
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
