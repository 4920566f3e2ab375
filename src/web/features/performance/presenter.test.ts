import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../../app/demo.js';
import { buildScorecard, planQuarters, type Scorecard } from '../../../app/scorecard.js';
import { parsePeriod } from '../../../domain/periods.js';
import type { Store } from '../../../app/store.js';
import { fixedClock } from '../../../../test/support/fixtures.js';
import { memoryStore } from '../../../../test/support/memory-store.js';
import { matchesSearch, pageKey, readFilters } from './filters.js';
import { numericTarget } from './detail-presenter.js';
import {
  dashboardPage,
  indicatorListPage,
  matrixPage,
  PAGE_SIZE,
  ratingChanges,
  type PageFrame,
} from './presenter.js';

let store: Store;
let s: Scorecard;
let f: PageFrame;

beforeAll(async () => {
  store = await memoryStore();
  await loadDemo(store, fixedClock);
  const period = parsePeriod('Q1 2017-18');
  s = await buildScorecard(store, period);
  f = { plan: s.plan, period, periods: planQuarters(s.plan) };
});
afterAll(() => store.close());

const indicator = (n: string) => {
  for (const o of s.priorities.flatMap((p) => p.outcomes))
    for (const i of o.indicators) if (i.number === n) return { i, o };
  throw new Error(`no indicator ${n}`);
};

describe('filters', () => {
  it('reads known values case-insensitively and reports each unknown one in words', () => {
    const ok = readFilters(
      { directorate: 'scs', rating: 'RED', outlook: 'none', q: ' hours ', page: '2' },
      s,
      { paged: true },
    );
    expect(ok.problems).toEqual([]);
    expect(ok.filters).toEqual({ directorate: 'SCS', rating: 'red', outlook: 'none', q: 'hours', page: 2 });
    const bad = readFilters(
      { directorate: 'X', priority: 'P9', rating: 'purple', outlook: 'sideways', page: '0' },
      s,
      { paged: true },
    );
    expect(bad.problems.map((p) => p.field)).toEqual([
      'directorate',
      'priority',
      'rating',
      'outlook',
      'page',
    ]);
    expect(bad.filters).toEqual({ page: 1 });
    expect(readFilters({ q: 'x'.repeat(201) }, s).problems[0]?.message).toContain('200 characters or fewer');
    // Only paged lists read the page number; a long unknown value is quoted shortened.
    expect(readFilters({ page: 'x' }, s)).toEqual({ filters: { page: 1 }, problems: [] });
    const long = readFilters({ directorate: 'd'.repeat(100_000) }, s).problems[0]!.message;
    expect(long).toContain(`“${'d'.repeat(40)}…”`);
    expect(long.length).toBeLessThan(300);
  });

  it('keys cached pages by the parameters pages read, in one order, ignoring the rest', () => {
    expect(pageKey('/plans/1/dashboard', { rating: 'red', period: '2017-18-Q1', junk: 'x' })).toBe(
      pageKey('/plans/1/dashboard', { period: '2017-18-Q1', rating: 'red' }),
    );
    expect(pageKey('/plans/1/dashboard', { rating: 'red' })).not.toBe(pageKey('/plans/1/dashboard', {}));
  });

  it('searches a bare number exactly, and otherwise needs every word', () => {
    const { i, o } = indicator('7');
    expect(matchesSearch(i, o, '7')).toBe(true);
    expect(matchesSearch(i, o, 'no. 7')).toBe(true);
    expect(matchesSearch(indicator('17').i, indicator('17').o, '7')).toBe(false);
    expect(matchesSearch(i, o, 'REABLEMENT hours')).toBe(true);
    expect(matchesSearch(i, o, 'reablement zebra')).toBe(false);
    // "NO2" is a word (nitrogen dioxide), not "no. 2".
    expect(matchesSearch(indicator('2').i, indicator('2').o, 'NO2')).toBe(false);
    expect(matchesSearch(indicator('2').i, indicator('2').o, 'no 2')).toBe(true);
  });
});

describe('dashboard presenter', () => {
  it('groups by directorate, then priority, then outcome, spanning each outcome over its rows', () => {
    const page = dashboardPage(f, s, { page: 1 }, []);
    expect(page.directorates.map((d) => d.code)).toEqual(['SCS', 'CEF', 'PH', 'COMM', 'CSS']);
    const scs = page.directorates[0]!;
    expect(scs.priorities.map((p) => p.code)).toEqual(['P2', 'P3']);
    expect(scs.priorities[1]!.outcomes.map((o) => [o.rowspan, o.indicators.map((i) => i.number)])).toEqual([
      [3, ['5', '6', '7']],
      [1, ['8']],
    ]);
    expect(page.shown).toBe(50);
    expect(page.ratingHeader).toBe('Q1 2017-18 rating');
  });

  it('leaves out outcomes and directorates with no matching indicator', () => {
    const page = dashboardPage(f, s, { page: 1, rating: 'red' }, []);
    expect(page.directorates.map((d) => d.code)).toEqual(['SCS', 'CSS']);
    expect(page.shown).toBe(2);
    expect(page.filter.filtered).toBe(true);
    expect(page.filter.clearUrl).toBe(`/plans/${s.plan.id}/dashboard?period=2017-18-Q1`);
  });
});

describe('indicator list presenter', () => {
  it('pages results, keeping the filters in every page link', () => {
    const first = indicatorListPage(f, s, { page: 1 }, []);
    expect(first.rows).toHaveLength(Math.min(PAGE_SIZE, 50));
    expect(first.rows.map((r) => r.number).slice(0, 3)).toEqual(['1', '2', '3']);
    const green = indicatorListPage(f, s, { page: 1, rating: 'green' }, []);
    expect(green.matched).toBe(36);
    expect(green.pagination).toBeNull();
    const beyond = indicatorListPage(f, s, { page: 9, rating: 'green' }, []);
    expect(beyond.from).toBe(1);
  });
});

describe('matrix presenter', () => {
  it('puts every outcome in exactly one priority × directorate cell', () => {
    const page = matrixPage(f, s);
    const cells = page.rows.flatMap((r) => r.cells.flat());
    expect(cells).toHaveLength(23);
    expect(new Set(cells.map((c) => c.code)).size).toBe(23);
  });
});

describe('rating changes', () => {
  it('lists ratings that went up and down, matched by outcome code and indicator number', () => {
    const previous = structuredClone(s);
    const after = structuredClone(s);
    const seven = after.priorities
      .flatMap((p) => p.outcomes)
      .flatMap((o) => o.indicators)
      .find((i) => i.number === '7')!;
    seven.rating = 'green';
    const one = after.priorities
      .flatMap((p) => p.outcomes)
      .flatMap((o) => o.indicators)
      .find((i) => i.number === '1')!;
    one.rating = 'amber';
    const two = after.priorities
      .flatMap((p) => p.outcomes)
      .flatMap((o) => o.indicators)
      .find((i) => i.number === '2')!;
    two.rating = null;
    const c = ratingChanges(after, previous);
    expect(c.better.map((x) => x.label)).toEqual(['Indicator 7']);
    expect(c.worse.map((x) => x.label)).toEqual(['Indicator 1']);
    expect(c.worse[0]!.from.label).toBe('Green');
    expect(c.worse[0]!.to.label).toBe('Amber');
    expect(c.noLongerRated).toBe(1);
    expect(ratingChanges(s, s)).toEqual({ better: [], worse: [], newlyRated: 0, noLongerRated: 0 });
  });
});

describe('numeric targets for the chart', () => {
  it('builds up a cumulative target through the year and gives a range its bounds', () => {
    const base = indicator('4').i; // 159, cumulative
    const q2 = { ...base, dataPeriod: parsePeriod('Q2 2017-18'), target: '160', cumulative: true };
    expect(numericTarget(q2, null).target).toBe(80);
    const range = { ...base, target: '93-95%', cumulative: false };
    expect(numericTarget(range, null)).toMatchObject({ low: 93, high: 95, target: null });
    expect(numericTarget({ ...base, target: 'Top quartile' }, null).target).toBeNull();
  });
});
