import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const Q1 = { period: '2017-18-Q1' };

/** Seed 003's Annex 2 as printed: directorate, number, target, cumulative, rating, outlook (where legible). */
function seedAnnex2() {
  const text = readFileSync(new URL('../fixtures/seed-003-annex-2.txt', import.meta.url), 'utf8');
  const DIRECTORATES: Record<string, string> = {
    'SOCIAL AND COMMUNITY SERVICES': 'SCS',
    'CHILDREN, EDUCATION AND FAMILIES': 'CEF',
    'PUBLIC HEALTH': 'PH',
    COMMUNITIES: 'COMM',
    'COMMUNITY SAFETY SERVICES': 'CSS',
  };
  // The OCR's readings of the printed symbols (docs/demo-notes.md): O and Ð are Green circles, Greek Α is A.
  const RATING: Record<string, string> = {
    G: 'Green',
    O: 'Green',
    Ð: 'Green',
    A: 'Amber',
    Α: 'Amber',
    R: 'Red',
    '': 'Not rated',
  };
  const outlook = (s: string) =>
    /^(↑|\\uparrow|1)$/.test(s)
      ? 'positive/improving'
      : /^(↓|\\downarrow)$/.test(s)
        ? 'negative/deteriorating'
        : /^(↔|\\leftrightarrow|\\longleftrightarrow)$/.test(s)
          ? 'stable'
          : null;
  const rows: {
    directorate: string;
    number: string;
    target: string;
    cumulative: string;
    rating: string;
    outlook: string | null;
  }[] = [];
  let directorate = '';
  for (const line of text.split('\n')) {
    const heading = /^(.+?) – PERFORMANCE DASHBOARD/.exec(line);
    if (heading) directorate = DIRECTORATES[heading[1]!] ?? '';
    const f = line.split('\t');
    if (f.length !== 8 || !/^\d+$/.test(f[2]!) || !directorate) continue;
    const rating = RATING[f[6]!.trim()];
    if (rating === undefined) continue;
    rows.push({
      directorate,
      number: f[2]!,
      target: f[4]!.trim(),
      cumulative: f[5]!.trim().replace('Υ', 'Y'),
      rating,
      outlook: outlook(f[7]!.trim()),
    });
  }
  return rows;
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** The dashboard's rows as shown: directorate section, number, target, cumulative, rating word, outlook words. */
function dashboardRows(html: string) {
  const rows: {
    directorate: string;
    number: string;
    target: string;
    cumulative: string;
    actual: string;
    rating: string;
    outlook: string;
  }[] = [];
  for (const section of html.split('<section class="cairn-dashboard" id="dashboard-').slice(1)) {
    const directorate = section.slice(0, section.indexOf('"'));
    for (const tr of section.split('<tr class="govuk-table__row">').slice(1)) {
      const cells = [...tr.matchAll(/<td class="govuk-table__cell[^"]*">([\s\S]*?)<\/td>/g)].map(
        (m) => m[1]!,
      );
      // Dashboards have an Actual column; the outcome page's table of indicators does not.
      if (cells.length !== 7 && cells.length !== 6) continue;
      const at = cells.length === 7 ? 5 : 4;
      rows.push({
        directorate,
        number: decode(cells[0]!),
        target: decode(cells[2]!),
        cumulative: decode(cells[3]!),
        actual: cells.length === 7 ? decode(cells[4]!) : '',
        rating: decode(cells[at]!).replace(/^[▲◆●○]\s*/, ''),
        outlook: decode(cells[at + 1]!).replace(/^[↑↓↔]\s*/, ''),
      });
    }
  }
  return rows;
}

describeEachDatabase(
  'the performance pages',
  (store) => {
    let planId = 0;
    const app = () =>
      buildApp({
        store: store(),
        clock: fixedClock,
        brand: testBrand(),
      });
    let cookies: Record<string, string> = {};
    const get = async (url: string) => {
      const res = await app().inject({ url, cookies });
      return { status: res.statusCode, html: res.body, headers: res.headers };
    };
    let nhsOutcome = '';
    it('finds the demo plan', async () => {
      cookies = (await sessionFor(store(), fixedClock, 'viewer')).cookies;
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      planId = plan.id;
      expect(planId).toBeGreaterThan(0);
      const o = await store()
        .db.selectFrom('indicator')
        .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
        .select('outcome.code')
        .where('indicator.number', '=', '7')
        .executeTakeFirstOrThrow();
      nhsOutcome = o.code;
    });

    it('home: headline sentences, counts, outlook, red indicators and onward links', async () => {
      const { status, html, headers } = await get(paths.home());
      expect(status).toBe(200);
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(html).toContain('Performance in Q1 2017-18');
      expect(decode(html)).toContain(
        'Of the 23 outcomes being reported on this year, 21 were rated Green or Amber at the end of Q1 2017-18.',
      );
      expect(decode(html)).toContain(
        'The outlook for 49 of the 50 success indicators was "stable" or "positive/improving".',
      );
      expect(html).toContain(`href="${paths.indicator(planId, '7', Q1)}"`);
      expect(html).toContain(`href="${paths.indicator(planId, '46', Q1)}"`);
      expect(decode(html)).toContain('Q4 2016-17 is not part of Corporate Plan 2017-18');
      expect(html).toContain(
        `href="${paths.dashboard(planId, { ...Q1, directorate: 'SCS' }).replace(/&/g, '&amp;')}"`,
      );
      expect(html).not.toContain('GDS Transport');
      expect(html).not.toContain('Crown copyright');
    });

    it('dashboards: the same 50 indicators, targets, ratings and outlooks as seed 003 Annex 2, in its order and groups', async () => {
      const { status, html } = await get(paths.dashboard(planId, Q1));
      expect(status).toBe(200);
      const shown = dashboardRows(html);
      expect(shown.map((r) => r.number)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
      const seed = seedAnnex2();
      expect(seed.length).toBeGreaterThanOrEqual(35); // the legible rows of the OCR
      for (const row of seed) {
        const r = shown.find((x) => x.number === row.number);
        expect(r, `indicator ${row.number}`).toBeDefined();
        expect({
          n: row.number,
          directorate: r!.directorate,
          target: r!.target,
          cumulative: r!.cumulative,
          rating: r!.rating,
        }).toEqual({
          n: row.number,
          directorate: row.directorate,
          target: row.target,
          cumulative: row.cumulative,
          rating: row.rating,
        });
        if (row.outlook) expect(r!.outlook, `outlook of ${row.number}`).toBe(row.outlook);
      }
      // Grouped by priority within each directorate, as in the paper: SCS has two groups.
      const scs = html.split('id="dashboard-SCS"')[1]!.split('<section')[0]!;
      expect([...scs.matchAll(/Priority: ([^<]+)<\/caption>/g)].map((m) => m[1])).toEqual([
        'Protecting vulnerable people',
        'Efficient public services',
      ]);
      expect(html).toContain('Key to symbols');
    });

    it('a directorate dashboard shows only its indicators, with the outcome spanning its rows', async () => {
      const { status, html } = await get(paths.dashboard(planId, { ...Q1, directorate: 'SCS' }));
      expect(status).toBe(200);
      expect(html).toContain('Social and Community Services – performance dashboard – Q1 2017-18');
      expect(dashboardRows(html).map((r) => r.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      expect(html).toMatch(
        /<th scope="rowgroup" rowspan="3"[^>]*><a class="govuk-link" href="[^"]+">Work with the NHS/,
      );
      expect(decode(html)).toContain('Showing 8 of 8 success indicators.');
    });

    it('filters by rating, outlook and priority, and searches by number or words, with shareable GET URLs', async () => {
      const red = dashboardRows((await get(paths.dashboard(planId, { ...Q1, rating: 'red' }))).html);
      expect(red.map((r) => r.number)).toEqual(['7', '46']);
      const worse = dashboardRows(
        (await get(paths.dashboard(planId, { ...Q1, outlook: 'deteriorating' }))).html,
      );
      expect(worse.map((r) => r.number)).toEqual(['4']);
      const notRated = dashboardRows(
        (await get(paths.dashboard(planId, { ...Q1, rating: 'not-rated' }))).html,
      );
      expect(notRated.map((r) => r.number)).toEqual(['9', '10']);
      const byNumber = await get(paths.indicators(planId, { ...Q1, q: '7' }));
      expect(decode(byNumber.html)).toContain('Showing 1 to 1 of 1 matching success indicators');
      const words = await get(paths.indicators(planId, { ...Q1, q: 'looked after' }));
      // Words match the indicator or its outcome: 11-13 under "looked after children", 45's outcome names them.
      expect(decode(words.html)).toContain('Showing 1 to 4 of 4 matching');
      expect([...words.html.matchAll(/cairn-number">(\d+)</g)].map((m) => m[1])).toEqual([
        '11',
        '12',
        '13',
        '45',
      ]);
      const combined = dashboardRows(
        (await get(paths.dashboard(planId, { ...Q1, priority: 'P1', rating: 'amber' }))).html,
      );
      expect(combined.every((r) => r.rating === 'Amber')).toBe(true);
      expect(combined.length).toBeGreaterThan(0);
      const none = await get(paths.indicators(planId, { ...Q1, q: 'zebra crossings' }));
      expect(none.status).toBe(200);
      expect(decode(none.html)).toContain('No success indicators match');
    });

    it('explains a filter value it does not know, and still shows the page', async () => {
      const bad = await get(`${paths.dashboard(planId)}?period=2017-18-Q1&rating=purple&directorate=XYZ`);
      expect(bad.status).toBe(400);
      expect(bad.html).toContain('govuk-error-summary');
      expect(decode(bad.html)).toContain('Rating “purple” is not one of: Red, Amber, Green, Not rated.');
      expect(decode(bad.html)).toContain('Directorate “XYZ” is not in this plan.');
      expect(dashboardRows(bad.html)).toHaveLength(50);
      const page = await get(`${paths.indicators(planId)}?page=abc`);
      expect(page.status).toBe(400);
      expect(decode(page.html)).toContain('Page “abc” is not a page number.');
    });

    it('indicator page: definition, target as printed and understood, each period, and a chart with its table', async () => {
      const { status, html } = await get(paths.indicator(planId, '7', Q1));
      expect(status).toBe(200);
      const text = decode(html);
      expect(text).toContain(
        'Increase the number of hours from the hospital discharge and reablement service',
      );
      expect(text).toContain('Target as printed 8920');
      expect(text).toContain('Target as understood at least 8920');
      expect(text).toContain('Which way is better Higher is better');
      expect(text).toContain('Cumulative No');
      expect(text).toContain('Red: as reported by Directorates');
      expect(html).toMatch(/<svg[^>]*role="img"/);
      expect(html).toContain('Each quarter, latest first');
      expect(html).toContain(`href="${paths.outcome(planId, nhsOutcome, Q1)}"`);
      const arrears = decode((await get(paths.indicator(planId, '27', Q1))).html);
      expect(arrears).toContain('the figure shown for Q1 2017-18 is for Q4 2016-17');
    });

    it('outcome page: its indicators, its rating each period and whether judged, and its second-framework links', async () => {
      const judged = decode((await get(paths.outcome(planId, 'O2', Q1))).html);
      expect(judged).toContain('Increase school attendance');
      expect(judged).toMatch(/Q1 2017-18 ◆ ?Amber Judged/);
      const derived = await get(paths.outcome(planId, nhsOutcome, Q1));
      const text = decode(derived.html);
      expect(text).toMatch(/Q1 2017-18 ▲ ?Red Derived/);
      expect(text).toContain("County Leadership Team's 12 strategic priorities");
      expect(
        dashboardRows(`<section class="cairn-dashboard" id="dashboard-X">${derived.html}`).map(
          (r) => r.number,
        ),
      ).toEqual(['5', '6', '7']);
    });

    it('the priorities × directorates matrix lists every outcome once, under its priority and directorate', async () => {
      const { status, html } = await get(paths.matrix(planId, Q1));
      expect(status).toBe(200);
      const links = [...html.matchAll(/href="\/plans\/\d+\/outcomes\/(O\d+)\?/g)].map((m) => m[1]);
      expect(new Set(links).size).toBe(23);
      expect(links).toHaveLength(23);
      expect(html.match(/<th scope="row"/g)).toHaveLength(3);
    });

    it('the second framework groups the same outcomes under the 12 leadership priorities', async () => {
      const { status, html } = await get(paths.secondFramework(planId, Q1));
      expect(status).toBe(200);
      expect(html.match(/<h2 class="govuk-heading-m govuk-!-margin-top-6">\d+\. /g)).toHaveLength(12);
    });

    it('plan and priority pages list outcomes with ratings', async () => {
      const plan = decode((await get(paths.plan(planId, Q1))).html);
      expect(plan).toContain('Priority: A thriving economy');
      const priority = await get(paths.priority(planId, 'P2', Q1));
      expect(priority.status).toBe(200);
      expect(decode(priority.html)).toContain('Protecting vulnerable people');
    });

    it('answers unknown plans, items and periods with a 404 page, and unreadable periods with a message', async () => {
      for (const url of [
        '/plans/999',
        '/plans/abc',
        paths.indicator(planId, '999'),
        paths.outcome(planId, 'O99'),
        paths.priority(planId, 'P9'),
        paths.dashboard(planId, { period: 'Q1 2030-31' }),
        '/no-such-page',
      ]) {
        const res = await get(url);
        expect(res.status, url).toBe(404);
        expect(res.html).toContain('Go to the home page');
      }
      const unreadable = await get(paths.dashboard(planId, { period: 'Q7 2017-18' }));
      expect(unreadable.status).toBe(400);
      expect(unreadable.html).toContain('Cannot read &quot;Q7 2017-18&quot; as a period');
      const year = await get(paths.dashboard(planId, { period: '2017-18' }));
      expect(year.status).toBe(400);
      expect(decode(year.html)).toContain('Choose a quarter');
      const old = await get('/framework?period=2017-18-Q1');
      expect(old.status).toBe(301);
      expect(old.headers.location).toBe('/?period=2017-18-Q1');
    });

    it('shows a change as soon as it is written (cached pages follow the data version), and lists ratings that moved', async () => {
      const before = await get(paths.dashboard(planId, { period: '2017-18-Q2', directorate: 'SCS' }));
      expect(dashboardRows(before.html).find((r) => r.number === '1')?.rating).toBe('Not rated');
      const ind = await store()
        .db.selectFrom('indicator')
        .select('id')
        .where('plan_id', '=', planId)
        .where('number', '=', '1')
        .executeTakeFirstOrThrow();
      await upsertValue(
        store().db,
        {
          indicatorId: ind.id,
          periodCode: '2017-18-Q2',
          actual: 52,
          manual: { rating: 'red', source: 'manual', reason: 'Test', setBy: 'Tester', setAt: '2017-10-20' },
        },
        '2017-10-20T00:00:00Z',
      );
      const after = await get(paths.dashboard(planId, { period: '2017-18-Q2', directorate: 'SCS' }));
      expect(dashboardRows(after.html).find((r) => r.number === '1')?.rating).toBe('Red');
      const home = decode((await get(paths.home({ period: '2017-18-Q2' }))).html);
      expect(home).toMatch(
        /Ratings that went down \(2\).*Outcome: Deliver sustained and improved experience.*Indicator 1: Maintain the high level of user satisfaction ● ?Green ▲ ?Red/,
      );
    });

    it('prints cleanly: the stylesheet hides navigation and keeps table rows whole', async () => {
      const css = (await get('/assets/cairn.css')).html;
      expect(css).toContain('#1d5c4d');
      const print = css.slice(css.indexOf('@media print'));
      expect(print).toContain('.govuk-service-navigation');
      expect(print).toMatch(/break-inside:\s*avoid/);
      expect(print).toMatch(/thead\{display:table-header-group\}/);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
