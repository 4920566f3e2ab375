import { describe, expect, it } from 'vitest';
import type { ReferenceCouncil } from './benchmark-areas.js';
import type { ComparatorGroup } from './benchmark-comparisons.js';
import { comparisonForTarget, rateBenchmarkTarget } from './benchmark-rating.js';
import { benchmarkResult, type MetricInfo } from './benchmark-result.js';
import type { MetricPolarity } from './benchmark-stats.js';
import { parsePeriod } from './periods.js';
import { rateIndicator } from './rating.js';
import {
  formatTarget,
  parseTarget,
  targetValueSummary,
  type BenchmarkTarget,
  type Target,
} from './targets.js';

const council = (id: number): ReferenceCouncil => ({
  id,
  code: `C${id}`,
  gssCode: `E1000${String(id).padStart(4, '0')}`,
  officialName: `Council ${id}`,
  niceName: id === 1 ? 'Oxfordshire' : `Council ${id}`,
  nation: 'England',
  region: 'South East',
  typeCode: 'CTY',
  typeName: 'County',
  population: null,
  startDate: null,
  endDate: null,
  current: true,
});
const metric = (polarity: MetricPolarity): MetricInfo => ({
  id: 7,
  source: 'DfE',
  code: 'PA',
  title: 'Persistent absence',
  polarity,
  unit: 'percent',
});
const year = parsePeriod('2016-17');

/** Councils 1…values.length with these figures; we are council 1. */
function result(
  values: (number | null)[],
  polarity: MetricPolarity = 'lower',
  asked = parsePeriod('Q4 2016-17'),
) {
  const councils = values.map((_, i) => council(i + 1));
  return benchmarkResult({
    metric: metric(polarity),
    period: year,
    asked,
    values: values.flatMap((v, i) => (v === null ? [] : [{ areaId: i + 1, value: v }])),
    comparison: {
      label: 'councils in England',
      short: 'England',
      members: null,
      nation: 'England',
      validFrom: null,
    },
    us: councils[0]!,
    council: (id) => councils[id - 1],
  });
}
const bt = (text: string): BenchmarkTarget => parseTarget(text) as BenchmarkTarget;
const rate = (text: string, r: ReturnType<typeof result>) => rateBenchmarkTarget(bt(text), r);
const ragOf = (r: ReturnType<typeof rate>) => (r.kind === 'rated' ? r.rating : null);

/** The n − 1 other councils' figures: 12, 13, 14, … */
const others = (n: number) => Array.from({ length: n - 1 }, (_, i) => 12 + i);

describe('benchmark targets read and print as typed', () => {
  it.each([
    'Top quartile',
    'Above average',
    'Better than the median of our CIPFA neighbours',
    'Top 3 in our family group',
    'Remain in the top quartile',
    'Persistent absence rates to be in the top quartile nationally by 2018',
    'Permanent exclusions to remain in the top quartile nationally',
    'top 3 IN OUR FAMILY GROUP',
  ])('%s is a benchmark target, printed back exactly as typed', (text) => {
    const t = parseTarget(text);
    expect(t.kind).toBe('benchmark');
    expect(formatTarget(t)).toBe(text);
    expect(parseTarget(formatTarget(t))).toEqual(t);
  });

  it('summarises them for people', () => {
    expect(targetValueSummary(parseTarget('Top 3 in our family group'))).toBe(
      'in the top 3 in our family group',
    );
    expect(
      targetValueSummary(parseTarget('Permanent exclusions to remain in the top quartile nationally')),
    ).toBe('to remain in the top quartile nationally');
  });

  it('reads what each form asks for', () => {
    expect(bt('Top 3 in our family group')).toMatchObject({ position: 'top-n', top: 3, among: 'family' });
    expect(bt('Better than the median of our CIPFA neighbours')).toMatchObject({
      position: 'above-median',
      among: 'cipfa',
    });
    expect(bt('Remain in the top quartile')).toMatchObject({ position: 'top-quartile', remain: true });
    expect(bt('Persistent absence rates to be in the top quartile nationally by 2018')).toMatchObject({
      position: 'top-quartile',
      among: 'nation',
      by: '2018',
    });
    expect(bt('Permanent exclusions to remain in the top quartile nationally')).toMatchObject({
      position: 'top-quartile',
      among: 'nation',
      remain: true,
    });
  });

  it('leaves text that only mentions a position alone', () => {
    expect(() => parseTarget('Foo top quartile')).toThrow(/Cannot read/);
  });
});

describe('rating a top-quartile target from the figures', () => {
  // 20 councils, lower is better: the top quartile is ranks 1–5.
  it('lower is better: quartile 1 Green, 2 Amber, 3 and 4 Red, with the rank, boundary and figure', () => {
    const g = rate('Top quartile', result([11.2, ...others(20)]));
    expect(g).toEqual({
      kind: 'rated',
      rating: 'green',
      periodTarget: null,
      explanation:
        'Green: rank 1 of 20 councils in England in 2016-17, in the top quartile (ranks 1 to 5); persistent absence 11.2% against a top-quartile boundary of 15.0%.',
    });
    expect(ragOf(rate('Top quartile', result([16.5, ...others(20)])))).toBe('amber');
    expect(ragOf(rate('Top quartile', result([21.5, ...others(20)])))).toBe('red');
    expect(ragOf(rate('Top quartile', result([99, ...others(20)])))).toBe('red');
  });

  it('higher is better: mirrored', () => {
    expect(ragOf(rate('Top quartile', result([99, ...others(20)], 'higher')))).toBe('green');
    expect(ragOf(rate('Top quartile', result([11.2, ...others(20)], 'higher')))).toBe('red');
    expect(explain(rate('Top quartile', result([26.5, ...others(20)], 'higher')))).toBe(
      'Green: rank 5 of 20 councils in England in 2016-17, in the top quartile (ranks 1 to 5); persistent absence 26.5% against a top-quartile boundary of 26.5%.',
    );
    expect(explain(rate('Top quartile', result([25.5, ...others(20)], 'higher')))).toMatch(
      /^Amber: rank 6 of 20 .*, in the second quartile, not in the top quartile \(ranks 1 to 5\)/,
    );
  });

  it('ties share the better rank: a tie for the last top-quartile place is in', () => {
    // Others 12…30; we tie with 16 at rank 5.
    const r = rate('Top quartile', result([16, ...others(20)]));
    expect(explain(r)).toMatch(/^Green: rank 5 of 20 /);
  });

  it('"Remain in the top quartile" says still in, or no longer in', () => {
    expect(explain(rate('Remain in the top quartile', result([11, ...others(20)])))).toMatch(
      /^Green: rank 1 of 20 .*, still in the top quartile/,
    );
    expect(explain(rate('Remain in the top quartile', result([16.5, ...others(20)])))).toMatch(
      /^Amber: rank 6 .*, in the second quartile, no longer in the top quartile/,
    );
  });

  it('says which year it used when the benchmark is older than the period', () => {
    const r = rate('Top quartile', result([11.2, ...others(20)], 'lower', parsePeriod('Q2 2017-18')));
    expect(explain(r)).toContain('(2016-17 is the latest year with figures; Q2 2017-18 has none yet).');
  });

  it('is not rated with the reason: no benchmark, no figure for us, too few councils', () => {
    expect(rateBenchmarkTarget(bt('Top quartile'), { reason: 'the indicator is not linked' })).toEqual({
      kind: 'not-rated',
      reason: 'benchmark-unavailable',
      explanation: 'Not rated: top quartile target — the indicator is not linked.',
    });
    expect(explain(rate('Top quartile', result([null, ...others(20)])))).toBe(
      'Not rated: top quartile target — Persistent absence has no figure for us in 2016-17, and the indicator has none for the period.',
    );
    expect(explain(rate('Top quartile', result([1, 2, 3])))).toBe(
      'Not rated: top quartile target — only 3 councils had a figure for Persistent absence in 2016-17; quartiles need at least 4.',
    );
  });

  it('a council missing a value is left out of n', () => {
    expect(explain(rate('Top quartile', result([11, null, null, ...others(18)])))).toMatch(/rank 1 of 18 /);
  });
});

describe('top half, top N, the median and the average', () => {
  it('top half: quartiles 1–2 Green, 3 Amber, 4 Red', () => {
    expect(ragOf(rate('Top half', result([19.5, ...others(20)])))).toBe('green');
    expect(ragOf(rate('Top half', result([24.5, ...others(20)])))).toBe('amber');
    expect(ragOf(rate('Top half', result([99, ...others(20)])))).toBe('red');
  });

  it('top N: rank N or better Green (ties in), N+1 to 2N Amber, else Red', () => {
    expect(explain(rate('Top 3 in our family group', result([13.5, ...others(8)])))).toBe(
      "Green: rank 3 of 8 councils in England in 2016-17, in the top 3; persistent absence 13.5% against 3rd place's 13.5%.",
    );
    expect(ragOf(rate('Top 3', result([14, ...others(8)])))).toBe('green'); // tied 3rd
    expect(explain(rate('Top 3', result([15.5, ...others(8)])))).toMatch(
      /^Amber: rank 5 of 8 .*short of the top 3 by 2 places/,
    );
    expect(ragOf(rate('Top 3', result([99, ...others(8)])))).toBe('red');
  });

  it('better than the median: strictly better Green, within one MAD Amber, else Red; both polarities', () => {
    // Us and 12…20: with us at 11 the median is 15.5; at 17 it is 16.5 and the MAD 2.
    expect(ragOf(rate('Better than the median', result([11, ...others(10)])))).toBe('green');
    expect(ragOf(rate('Better than the median', result([11, ...others(10)], 'higher')))).toBe('red');
    expect(ragOf(rate('Better than the median', result([17, ...others(10)])))).toBe('amber');
    expect(ragOf(rate('Better than the median', result([17, ...others(10)], 'higher')))).toBe('green');
  });

  it('above average and national average: at the average is Green only for national average', () => {
    const r = result([14, 10, 18, 12, 16]); // mean 14
    expect(ragOf(rate('National average', r))).toBe('green');
    expect(explain(rate('Above average', r))).toBe(
      'Amber: rank 3 of 5 councils in England in 2016-17, at the average; persistent absence 14% against the average of 14%.',
    );
  });

  it('a best-in-the-middle metric has no better side of the median: not rated', () => {
    expect(explain(rate('Above average', result([14, 10, 18, 12, 16], 'middle')))).toMatch(
      /^Not rated: above average target — Persistent absence is best in the middle/,
    );
    // …but its top quartile is the figures nearest the median.
    expect(ragOf(rate('Top quartile', result([14, 10, 18, 12, 16, 13.5, 14.5, 20], 'middle')))).toBe('green');
  });
});

describe('wired into the rating engine', () => {
  const input = (target: Target) => ({
    target,
    polarity: 'lower' as const,
    cumulative: false,
    profile: { kind: 'even' as const },
    period: { index: 1, of: 4 },
    actual: null,
  });
  const policy = { tolerance: { kind: 'relative' as const, value: 10 }, directionOfTravel: 'none' as const };

  it('rates from the figures when they are given, whatever the indicator has entered', () => {
    const r = rateIndicator(
      { ...input(parseTarget('Top quartile')), benchmarked: result([11.2, ...others(20)]) },
      policy,
    );
    expect(ragOf(r)).toBe('green');
  });

  it('top N without the councils figures is not rated', () => {
    expect(
      rateIndicator(
        {
          ...input(parseTarget('Top 3')),
          benchmark: { source: 'LG Inform', average: 1, median: 1, upperQuartile: 1, lowerQuartile: 1 },
        },
        policy,
      ).kind,
    ).toBe('not-rated');
  });
});

describe('which comparison a target names', () => {
  const us = council(1);
  const group = (
    id: number,
    kind: ComparatorGroup['kind'],
    subjectId: number | null,
    members: number[],
  ): ComparatorGroup => ({
    id,
    name: `Group ${id}`,
    kind,
    subjectId,
    service: null,
    family: null,
    version: 1,
    versions: [{ id, validFrom: '2015-04-01', members }],
  });
  const groups = new Map([
    [1, group(1, 'cipfa', 1, [1, 2, 3])],
    [2, group(2, 'family', null, [1, 4, 5])],
  ]);
  it('nationally, our CIPFA neighbours, our family group, or the link', () => {
    const linked = { kind: 'type' as const };
    const pick = (text: string) => comparisonForTarget(bt(text), linked, us, groups, year);
    expect(pick('Top quartile nationally')).toEqual({ ok: true, comparison: { kind: 'nation' } });
    expect(pick('Better than the median of our CIPFA neighbours')).toEqual({
      ok: true,
      comparison: { kind: 'group', groupId: 1 },
    });
    expect(pick('Top 3 in our family group')).toEqual({
      ok: true,
      comparison: { kind: 'group', groupId: 2 },
    });
    expect(pick('Top quartile')).toEqual({ ok: true, comparison: linked });
    expect(pick('Top quartile of our statistical neighbours')).toMatchObject({ ok: false });
  });
});

function explain(r: { explanation: string }): string {
  return r.explanation;
}
