import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NOT_RATED_LABEL,
  isBetter,
  periodTarget,
  rateIndicator,
  type Benchmark,
  type NotRatedReason,
  type RatingInput,
  type RatingPolicy,
  type RatingResult,
} from './rating.js';
import {
  formatFigure,
  parseProfile,
  parseTarget,
  type Comparator,
  type CumulativeProfile,
  type RangeTarget,
  type Target,
  type ValueTarget,
  type ValueUnit,
} from './targets.js';
import { POLARITIES, RAG_LABEL, RAG_SEVERITY, type Polarity, type Rag, type Unit } from './vocabulary.js';

const COUNCIL: RatingPolicy = { tolerance: { kind: 'relative', value: 10 }, directionOfTravel: 'none' };
const DOT: RatingPolicy = { ...COUNCIL, directionOfTravel: 'red-only-if-worse' };
const Q1 = { index: 1, of: 4 };

/** Rates `actual` against a target as printed; a non-cumulative quarterly indicator unless told otherwise. */
function rate(
  target: string,
  actual: number | null,
  extra: Partial<RatingInput> = {},
  policy = COUNCIL,
): RatingResult {
  return rateIndicator(
    {
      target: parseTarget(target),
      polarity: 'higher',
      cumulative: false,
      profile: { kind: 'even' },
      period: Q1,
      actual,
      ...extra,
    },
    policy,
  );
}
/** A result's explanation, checking that it starts with the rating given ("Amber: …"). */
function explain(r: RatingResult): string {
  expect(r.explanation.startsWith(r.kind === 'rated' ? `${RAG_LABEL[r.rating]}: ` : 'Not rated: ')).toBe(
    true,
  );
  return r.explanation;
}
const ragOf = (r: RatingResult): Rag | NotRatedReason => (r.kind === 'rated' ? r.rating : r.reason);

describe('value targets', () => {
  it('explains Green, Amber and Red with the numbers formatted like the target', () => {
    expect(rate('67%', 68)).toEqual({
      kind: 'rated',
      rating: 'green',
      explanation: 'Green: 68% meets the target of 67%.',
      periodTarget: 67,
    });
    expect(explain(rate('1,562', 1450))).toBe(
      'Amber: 1,450 is 7.2% below the target of 1,562, within the 10% Amber tolerance.',
    );
    expect(explain(rate('1,562', 1210))).toBe(
      'Red: 1,210 is 22.5% below the target of 1,562; Amber allows up to 10%.',
    );
  });

  it('meets a target exactly at it, and a strict comparator only beyond it', () => {
    expect(ragOf(rate('67%', 67))).toBe('green');
    expect(explain(rate('>28%', 28))).toBe(
      'Amber: 28% is not above the target of >28%, within the 10% Amber tolerance.',
    );
    expect(ragOf(rate('>28%', 28.1))).toBe('green');
    expect(ragOf(rate('>2315', 2400))).toBe('green');
    expect(ragOf(rate('>6.8%', 6.5))).toBe('amber');
  });

  it('takes the direction from the polarity, unless the target has a comparator', () => {
    expect(ragOf(rate('14', 12, { polarity: 'lower' }))).toBe('green');
    expect(explain(rate('14', 16, { polarity: 'lower' }))).toBe(
      'Red: 16 is 14.3% above the target of 14; Amber allows up to 10%.',
    );
    expect(ragOf(rate('629', 650, { polarity: 'lower' }))).toBe('amber');
    // "<20%" is lower-is-better and ">28%" higher-is-better whatever the polarity says.
    expect(ragOf(rate('<20%', 15, { polarity: 'higher' }))).toBe('green');
    expect(ragOf(rate('>28%', 15, { polarity: 'lower' }))).toBe('red');
    expect(ragOf(rate('<20%', 20))).toBe('amber');
    expect(ragOf(rate('<=20%', 20))).toBe('green');
  });

  it('treats "=" and a bare value with polarity "range" as exact', () => {
    expect(ragOf(rate('=100%', 100))).toBe('green');
    expect(rate('=100%', 95)).toMatchObject({ rating: 'amber' });
    expect(explain(rate('50', 54, { polarity: 'range' }))).toBe(
      'Amber: 54 is 8.0% above the target of 50, within the 10% Amber tolerance.',
    );
  });

  it('gives percentage points for percent targets, and units for absolute tolerances', () => {
    expect(explain(rate('67%', 55))).toBe(
      'Red: 55% is 12 percentage points (17.9%) below the target of 67%; Amber allows up to 10%.',
    );
    const absolute = { ...COUNCIL, tolerance: { kind: 'absolute' as const, value: 2 } };
    expect(explain(rate('67%', 66, {}, absolute))).toBe(
      'Amber: 66% is 1 percentage point below the target of 67%, within the 2 percentage points Amber tolerance.',
    );
    expect(
      rate('£1,200', 1100, {}, { ...COUNCIL, tolerance: { kind: 'absolute', value: 50 } }),
    ).toMatchObject({
      rating: 'red',
      explanation: 'Red: £1,100 is £100 below the target of £1,200; Amber allows up to £50.',
    });
  });

  it('keeps 8920 ungrouped as written, and shows decimals the figure needs', () => {
    expect(explain(rate('8920', 7500))).toBe(
      'Red: 7500 is 15.9% below the target of 8920; Amber allows up to 10%.',
    );
    expect(explain(rate('250', 1250.5))).toBe('Green: 1,250.5 meets the target of 250.');
    expect(rate('67%', 66.996)).toMatchObject({ explanation: expect.stringContaining('66.996%') as string });
  });

  it('never prints a shortfall as the tolerance itself unless it is', () => {
    expect(rate('1,562', 1405.79)).toMatchObject({
      rating: 'red',
      explanation: expect.stringContaining('10.001% below') as string,
    });
  });

  it('cannot scale a relative tolerance around a target of 0', () => {
    expect(explain(rate('0', 3, { polarity: 'lower' }))).toBe(
      'Red: 3 is 3 above the target of 0; a 10% tolerance allows nothing at a target of 0.',
    );
  });
});

describe('cumulative targets and profiles', () => {
  const cumulative = (profile: CumulativeProfile, index: number) => ({
    cumulative: true,
    profile,
    period: { index, of: 4 },
  });

  it('scales number targets by the profile', () => {
    const t = parseTarget('1750') as ValueTarget;
    expect(periodTarget(t, true, { kind: 'even' }, { index: 2, of: 4 })).toBe(875);
    expect(
      periodTarget(parseTarget('833') as ValueTarget, true, { kind: 'per-period' }, { index: 3, of: 4 }),
    ).toBe(2499);
    expect(periodTarget(t, true, parseProfile('0.1, 0.3, 0.6, 1'), { index: 2, of: 4 })).toBeCloseTo(525);
    expect(periodTarget(t, false, { kind: 'even' }, { index: 2, of: 4 })).toBe(1750);
  });

  it('does not scale percentages: a cumulative % is a year-to-date rate', () => {
    expect(periodTarget(parseTarget('80%') as ValueTarget, true, { kind: 'even' }, Q1)).toBe(80);
    expect(rate('<20%', 19, cumulative({ kind: 'even' }, 1))).toMatchObject({
      rating: 'green',
      explanation: 'Green: 19% meets the year-to-date target of <20%.',
      periodTarget: 20,
    });
  });

  it('scales ranges and maps a fraction list of another length onto the periods', () => {
    const range = parseTarget('100-200') as RangeTarget;
    expect(periodTarget(range, true, { kind: 'even' }, { index: 1, of: 4 })).toEqual({ low: 25, high: 50 });
    const quarters = parseProfile('0.1, 0.3, 0.6, 1');
    expect(
      periodTarget(parseTarget('1200') as ValueTarget, true, quarters, { index: 5, of: 12 }),
    ).toBeCloseTo(360);
    expect(() => periodTarget(range, true, { kind: 'even' }, { index: 5, of: 4 })).toThrow(RangeError);
  });

  it('says "year-to-date target" and prints the scaled target', () => {
    expect(rate('1750', 400, cumulative({ kind: 'even' }, 1))).toMatchObject({
      rating: 'amber',
      explanation:
        'Amber: 400 is 8.6% below the year-to-date target of 437.5, within the 10% Amber tolerance.',
      periodTarget: 437.5,
    });
    expect(explain(rate('833', 1700, cumulative({ kind: 'per-period' }, 2)))).toBe(
      'Green: 1,700 meets the year-to-date target of 1,666.',
    );
    expect(explain(rate('12,000', 3200, { ...cumulative({ kind: 'even' }, 1), polarity: 'lower' }))).toBe(
      'Amber: 3,200 is 6.7% above the year-to-date target of 3,000, within the 10% Amber tolerance.',
    );
  });
});

describe('ranges', () => {
  it('polarity range: Green inside, judged by distance to the nearest bound outside', () => {
    expect(explain(rate('93-95%', 94, { polarity: 'range' }))).toBe(
      'Green: 94% is within the target range of 93-95%.',
    );
    expect(explain(rate('93-95%', 92, { polarity: 'range' }))).toBe(
      'Amber: 92% is 1 percentage point (1.1%) below the target range of 93-95%, within the 10% Amber tolerance.',
    );
    expect(ragOf(rate('93-95%', 99, { polarity: 'range' }))).toBe('amber');
    expect(ragOf(rate('60-63%', 50, { polarity: 'range' }))).toBe('red');
    expect(ragOf(rate('60-63%', 75, { polarity: 'range' }))).toBe('red');
  });

  it('polarity higher: Green at or above the low end; lower: at or below the high end', () => {
    expect(explain(rate('60-63%', 70))).toBe('Green: 70% meets the target of 60-63% (at least 60%).');
    expect(ragOf(rate('60-63%', 57))).toBe('amber');
    expect(ragOf(rate('60-63%', 61, { polarity: 'lower' }))).toBe('green');
    expect(ragOf(rate('60-63%', 80, { polarity: 'lower' }))).toBe('red');
  });
});

describe('direction of travel', () => {
  it('beyond tolerance: Amber if better than or level with last year, Red if worse, Red if unknown', () => {
    expect(explain(rate('1,562', 1210, { lastYear: 1100 }, DOT))).toBe(
      'Amber: 1,210 is 22.5% below the target of 1,562, beyond the 10% tolerance, but better than 1,100 in the same period last year.',
    );
    expect(rate('1,562', 1210, { lastYear: 1210 }, DOT)).toMatchObject({
      rating: 'amber',
      explanation: expect.stringContaining('no worse than 1,210') as string,
    });
    expect(explain(rate('1,562', 1210, { lastYear: 1300 }, DOT))).toBe(
      'Red: 1,210 is 22.5% below the target of 1,562, beyond the 10% tolerance, and worse than 1,300 in the same period last year.',
    );
    expect(rate('1,562', 1210, { lastYear: null }, DOT)).toMatchObject({
      rating: 'red',
      explanation: expect.stringContaining('Amber allows up to 10%') as string,
    });
    expect(ragOf(rate('1,562', 1210, { lastYear: 1100 }))).toBe('red');
  });

  it('follows the polarity: for lower-is-better a lower figure is the improvement', () => {
    expect(ragOf(rate('14', 20, { polarity: 'lower', lastYear: 25 }, DOT))).toBe('amber');
    expect(ragOf(rate('14', 20, { polarity: 'lower', lastYear: 18 }, DOT))).toBe('red');
  });
});

describe('benchmark targets', () => {
  const lgInform: Benchmark = {
    source: 'LG Inform',
    average: 50,
    upperQuartile: 60,
    median: 48,
    lowerQuartile: 40,
  };

  it('is not rated until benchmark data is loaded', () => {
    expect(rate('Top quartile', 5)).toEqual({
      kind: 'not-rated',
      reason: 'benchmark-unavailable',
      explanation:
        "Not rated: top quartile target needs other councils' figures: it is rated from the indicator's linked benchmark metric on the dashboards, the indicator's page and in the report.",
    });
    expect(rate('Top quartile', 5, { benchmark: { ...lgInform, upperQuartile: null } })).toMatchObject({
      reason: 'benchmark-unavailable',
      explanation: 'Not rated: top quartile target needs the upper quartile, and LG Inform has none.',
    });
  });

  it('top quartile, higher is better: Green at the upper quartile, Amber at the median, else Red', () => {
    const bm = { benchmark: lgInform, unit: 'percent' as const };
    expect(rate('Top quartile', 61, bm)).toMatchObject({
      rating: 'green',
      explanation: 'Green: 61% is in the top quartile, at or above the upper quartile of 60% (LG Inform).',
      periodTarget: 60,
    });
    expect(explain(rate('Top quartile', 55, bm))).toBe(
      'Amber: 55% is short of the upper quartile of 60% (LG Inform) but at or above the median of 48%.',
    );
    expect(explain(rate('Top quartile', 45, bm))).toBe(
      'Red: 45% is short of the median of 48% (LG Inform), so outside the top quartile.',
    );
    expect(ragOf(rate('Top quartile', 45, { ...bm, lastYear: 40 }, DOT))).toBe('amber');
  });

  it('top quartile, lower is better (persistent absence): mirrored on the lower quartile', () => {
    const bm = { benchmark: lgInform, polarity: 'lower' as const };
    expect(ragOf(rate('Top quartile', 39, bm))).toBe('green');
    expect(ragOf(rate('Top quartile', 45, bm))).toBe('amber');
    expect(ragOf(rate('Top quartile', 49, bm))).toBe('red');
  });

  it('without a median, a quartile target uses the tolerance around the quartile', () => {
    expect(ragOf(rate('Top quartile', 56, { benchmark: { ...lgInform, median: null } }))).toBe('amber');
    expect(ragOf(rate('Top quartile', 50, { benchmark: { ...lgInform, median: null } }))).toBe('red');
  });

  it('averages and the median', () => {
    const bm = { benchmark: lgInform };
    expect(explain(rate('Above average', 51, bm))).toBe(
      'Green: 51 is better than the average of 50 (LG Inform).',
    );
    expect(ragOf(rate('Above average', 50, bm))).toBe('amber');
    expect(ragOf(rate('Above average', 40, bm))).toBe('red');
    expect(ragOf(rate('National average', 50, bm))).toBe('green');
    expect(ragOf(rate('Top half', 48, bm))).toBe('green');
    expect(ragOf(rate('Top half', 47, bm))).toBe('amber');
    // "Below average" and "Bottom quartile" are numerically low: lower is better whatever the polarity.
    expect(ragOf(rate('Below average', 45, bm))).toBe('green');
    expect(ragOf(rate('Bottom quartile', 39, bm))).toBe('green');
    expect(ragOf(rate('Bottom quartile', 45, bm))).toBe('amber');
  });
});

describe('milestones', () => {
  const due = { asOf: '2017-06-30' };
  it.each([
    ['complete', 'Green: reported complete (due by 30 September 2017).'],
    ['missed', 'Red: reported as missed (completion due by 30 September 2017).'],
    ['at-risk', 'Amber: reported at risk of missing completion by 30 September 2017.'],
    ['on-track', 'Green: reported on track for completion by 30 September 2017.'],
  ] as const)('%s → %s', (milestone, explanation) => {
    expect(explain(rate('Completion by September 2017', null, { ...due, milestone }))).toBe(explanation);
  });

  it('is Red once past due and not complete, and takes the due date from the caller if the text has none', () => {
    expect(
      rate('Completion', null, { asOf: '2017-12-31', milestoneDue: '2017-09-30', milestone: 'on-track' }),
    ).toMatchObject({
      rating: 'red',
      explanation:
        'Red: completion was due by 30 September 2017 and is not reported complete by 31 December 2017 (reported on track).',
    });
    expect(ragOf(rate('Completion by September 2017', null, { asOf: '2017-12-31' }))).toBe('red');
    expect(
      ragOf(rate('Completion by September 2017', null, { asOf: '2017-12-31', milestone: 'complete' })),
    ).toBe('green');
  });

  it('is not rated while nothing is reported', () => {
    expect(rate('Completion', null, due)).toMatchObject({
      kind: 'not-rated',
      reason: 'milestone-in-progress',
    });
    expect(rate('Completion', null, { ...due, due: false })).toMatchObject({ reason: 'not-due' });
  });
});

describe('targets in parts', () => {
  it('is the worst part, naming it', () => {
    expect(explain(rate('60/20', null, { parts: [62, 21] }))).toBe(
      'Green: both parts of 60/20 are met (62 against a target of 60, 21 against a target of 20).',
    );
    expect(explain(rate('60/20', null, { parts: [62, 19] }))).toBe(
      'Amber: part 2 of 60/20 — 19 is 5.0% below the target of 20, within the 10% Amber tolerance.',
    );
    expect(explain(rate('60/20', null, { parts: [50, 12] }))).toBe(
      'Red: part 1 of 60/20 — 50 is 16.7% below the target of 60; Amber allows up to 10% (part 2 is Red too).',
    );
  });

  it('scales cumulative parts and needs every part', () => {
    const ytd = { cumulative: true, period: { index: 2, of: 4 } };
    expect(rate('60/20', null, { ...ytd, parts: [30, 10] })).toMatchObject({
      rating: 'green',
      explanation: expect.stringContaining('year-to-date target of 30') as string,
    });
    expect(rate('60/20', null, { parts: [62, null] })).toMatchObject({
      reason: 'no-data',
      explanation: 'Not rated: part 2 of 60/20 has no figure yet.',
    });
    expect(rate('60/20', null, { parts: [null, null], inArrears: true })).toMatchObject({
      reason: 'in-arrears',
    });
    expect(rate('60/20', 62)).toMatchObject({ reason: 'no-data' });
  });
});

describe('not rated', () => {
  it('explains why', () => {
    expect(rate('-', 5)).toEqual({
      kind: 'not-rated',
      reason: 'no-target',
      explanation: 'Not rated: the indicator has no target; it is reported for information.',
    });
    expect(rate('67%', null)).toMatchObject({ reason: 'no-data' });
    expect(rate('67%', null, { inArrears: true })).toMatchObject({ reason: 'in-arrears' });
    expect(rate('67%', null, { due: false, inArrears: true })).toMatchObject({ reason: 'not-due' });
    expect(rate('67%', Number.NaN)).toMatchObject({ reason: 'no-data' });
    expect(ragOf(rate('67%', 70, { due: false }))).toBe('green');
  });

  it('has a label for every reason', () => {
    expect(Object.keys(NOT_RATED_LABEL)).toHaveLength(6);
    for (const label of Object.values(NOT_RATED_LABEL)) expect(label).toMatch(/^[A-Z]/);
  });
});

describe('isBetter', () => {
  it.each([
    [70, 60, 'higher', '67%', true],
    [60, 70, 'higher', '67%', false],
    [60, 70, 'lower', '67%', true],
    [15, 25, 'higher', '<20%', true], // the comparator wins
    [66, 70, 'range', '67%', true], // nearer the exact target
    [94, 99, 'range', '93-95%', true],
    [94, 93.5, 'range', '93-95%', false], // both inside: neither is better
    [99, 60, 'higher', '93-95%', true],
    [39, 45, 'lower', 'Top quartile', true],
    [39, 45, 'higher', 'Below average', true],
    [70, 60, 'range', '-', false],
  ] as const)('%d vs %d (%s, %s) → %s', (a, b, polarity, target, expected) => {
    expect(isBetter(a, b, polarity, parseTarget(target))).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const arbUnit = fc.constantFrom<ValueUnit>('number', 'percent', 'currency');
const arbFormat = fc.record({ decimals: fc.integer({ min: 0, max: 2 }), grouped: fc.boolean() });
const arbValueTarget: fc.Arbitrary<ValueTarget> = fc
  .record({
    comparator: fc.constantFrom<Comparator | null>(null, null, '>=', '>', '<=', '<', '='),
    k: fc.integer({ min: -100_000, max: 1_000_000 }),
    unit: arbUnit,
    format: arbFormat,
  })
  .map(({ comparator, k, unit, format }) => ({
    kind: 'value',
    comparator,
    value: k / 10 ** format.decimals,
    unit,
    format,
  }));
const arbRangeTarget: fc.Arbitrary<RangeTarget> = fc
  .record({ a: fc.nat(1_000_000), b: fc.nat(1_000_000), unit: arbUnit, format: arbFormat })
  .map(({ a, b, unit, format }) => ({
    kind: 'range',
    low: Math.min(a, b) / 10 ** format.decimals,
    high: Math.max(a, b) / 10 ** format.decimals,
    unit,
    format,
  }));
const arbProfile: fc.Arbitrary<CumulativeProfile> = fc.oneof(
  fc.constant({ kind: 'even' as const }),
  fc.constant({ kind: 'per-period' as const }),
  fc.array(fc.nat(100), { minLength: 3, maxLength: 3 }).map((xs) => ({
    kind: 'fractions' as const,
    fractions: [...xs.sort((a, b) => a - b).map((x) => x / 100), 1],
  })),
);
const arbPolicy: fc.Arbitrary<RatingPolicy> = fc.record({
  tolerance: fc.record({
    kind: fc.constantFrom('relative' as const, 'absolute' as const),
    value: fc.integer({ min: 0, max: 50 }),
  }),
  directionOfTravel: fc.constantFrom('none' as const, 'red-only-if-worse' as const),
});
const arbFigure = fc.oneof(
  fc.integer({ min: -1_000, max: 2_000_000 }).map((n) => n / 100),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const arbSetting = fc.record({
  polarity: fc.constantFrom<Polarity>(...POLARITIES),
  cumulative: fc.boolean(),
  profile: arbProfile,
  index: fc.integer({ min: 1, max: 4 }),
  lastYear: fc.option(arbFigure),
  policy: arbPolicy,
});
type Setting = typeof arbSetting extends fc.Arbitrary<infer T> ? T : never;
const input = (target: Target, s: Setting, actual: number | null): RatingInput => ({
  target,
  polarity: s.polarity,
  cumulative: s.cumulative,
  profile: s.profile,
  period: { index: s.index, of: 4 },
  actual,
  lastYear: s.lastYear,
});

describe('properties', () => {
  it('(a) monotonic: a better figure never rates worse (same last year)', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbValueTarget, arbRangeTarget),
        arbSetting,
        arbFigure,
        arbFigure,
        (target, s, a, b) => {
          fc.pre(isBetter(a, b, s.polarity, target));
          // isBetter judges against the target as written; where the year-to-date target is scaled and the
          // best figure is a point or a range (not one direction), compare against the scaled target instead.
          const twoSided =
            target.kind === 'range'
              ? s.polarity === 'range'
              : target.comparator === '=' || (target.comparator === null && s.polarity === 'range');
          fc.pre(!(s.cumulative && target.unit !== 'percent' && twoSided));
          const ra = rateIndicator(input(target, s, a), s.policy);
          const rb = rateIndicator(input(target, s, b), s.policy);
          expect(ra.kind).toBe('rated');
          expect(rb.kind).toBe('rated');
          if (ra.kind === 'rated' && rb.kind === 'rated')
            expect(RAG_SEVERITY[ra.rating]).toBeGreaterThanOrEqual(RAG_SEVERITY[rb.rating]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('(b) total: always Red, Amber or Green, or not rated with a reason and an explanation', () => {
    const arbTarget: fc.Arbitrary<Target> = fc.oneof(
      arbValueTarget,
      arbRangeTarget,
      fc.constantFrom(
        ...[
          'Top quartile',
          'Top half',
          'Above average',
          'National average',
          'Below average',
          'Bottom quartile',
          'Completion',
          'Completion by September 2017',
          '-',
        ].map(parseTarget),
      ),
      fc
        .array(arbValueTarget, { minLength: 2, maxLength: 3 })
        .map((parts): Target => ({ kind: 'compound', parts })),
    );
    const arbBenchmark = fc.option(
      fc.record({
        source: fc.constantFrom('LG Inform', ''),
        average: fc.option(arbFigure),
        upperQuartile: fc.option(arbFigure),
        median: fc.option(arbFigure),
        lowerQuartile: fc.option(arbFigure),
      }),
    );
    const arbExtra = fc.record({
      actual: fc.option(arbFigure),
      parts: fc.option(fc.array(fc.option(arbFigure), { maxLength: 3 }), { nil: undefined }),
      milestone: fc.constantFrom(undefined, null, 'complete', 'on-track', 'at-risk', 'missed' as const),
      asOf: fc.constantFrom(undefined, '2017-06-30', '2018-03-31'),
      benchmark: arbBenchmark,
      due: fc.constantFrom(undefined, true, false),
      inArrears: fc.constantFrom(undefined, true, false),
      unit: fc.constantFrom<Unit | undefined>(undefined, 'number', 'percent', 'currency', 'milestone'),
    });
    fc.assert(
      fc.property(arbTarget, arbSetting, arbExtra, (target, s, extra) => {
        const r = rateIndicator({ ...input(target, s, extra.actual), ...extra }, s.policy);
        if (r.kind === 'rated') expect(['red', 'amber', 'green']).toContain(r.rating);
        else expect(Object.keys(NOT_RATED_LABEL)).toContain(r.reason);
        expect(explain(r)).toMatch(/^(Red|Amber|Green|Not rated): .+\.$/);
        expect(r.explanation).not.toMatch(/NaN|undefined|Infinity/);
      }),
      { numRuns: 3000 },
    );
  });

  it('(c) the explanation contains the actual, formatted like the target', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbValueTarget, arbRangeTarget),
        arbSetting,
        fc.integer({ min: -100_000, max: 10_000_000 }),
        (target, s, k) => {
          const actual = k / 10 ** target.format.decimals;
          const r = rateIndicator(input(target, s, actual), s.policy);
          const magnitude = target.kind === 'value' ? target.value : target.high;
          // Figures follow the target's separators; a target under 1,000 cannot show them, so figures get them.
          const grouped = target.format.grouped || Math.abs(magnitude) < 1000;
          expect(r.explanation).toContain(
            formatFigure(actual, target.unit, { decimals: target.format.decimals, grouped }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
