import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyseSpc,
  assuranceOf,
  DEFAULT_SPC_OPTIONS,
  readSpcOptions,
  writeSpcOptions,
  type PointType,
  type SpcAnalysis,
  type SpcInputPoint,
  type SpcOptions,
} from './spc.js';

/**
 * The reference cases are NHSRplotthedots' own integration tests (tests/testthat/test-integration_tests.R,
 * snapshot tests/testthat/_snaps/integration_tests.md): `ptd_spc()` on NHSRdatasets' ae_attendances,
 * monthly from April 2016. The values, means, limits and point types below were decoded from the
 * snapshot's serialised data frames (full double precision), and are compared exactly.
 */
const months = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const m = 3 + i; // April 2016 = month index 3
    const year = 2016 + Math.floor(m / 12);
    return `${year}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  });
const series = (values: number[], target?: number): SpcInputPoint[] =>
  months(values.length).map((start, i) => ({
    key: start.slice(0, 7),
    start,
    value: values[i] as number,
    target: target ?? null,
  }));
const analysed = (a: SpcAnalysis): Extract<SpcAnalysis, { kind: 'analysed' }> => {
  if (a.kind !== 'analysed') throw new Error(`not analysed: ${a.points} of ${a.needed}`);
  return a;
};
const SHORT: Record<PointType, string> = {
  'common-cause': 'c',
  improvement: 'I',
  concern: 'C',
  'neutral-high': 'H',
  'neutral-low': 'L',
};
const types = (a: SpcAnalysis): string =>
  analysed(a)
    .points.map((p) => SHORT[p.type])
    .join('');

// ae_all(): every organisation's attendances summed per month (36 months).
const AE_ALL = [
  1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272, 1735619, 2015834,
  1949762, 2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971, 2003954, 2000086, 1820012, 2049785,
  1984369, 2164458, 2093942, 2179896, 1997854, 2005695, 2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
];
// ae_rl4_by_type(): organisation RL4's attendances per month, type 1 then type "other".
const RL4_TYPE_1 = [
  10811, 11800, 11028, 11561, 10700, 10999, 11108, 10573, 10541, 10711, 9797, 11505, 11072, 11858, 11531,
  11752, 11009, 10884, 11436, 10892, 10705, 11186, 10018, 10985, 10709, 11639, 11548, 11844, 10965, 11336,
  11771, 11609, 11494, 12311, 11199, 12471,
];
const RL4_TYPE_OTHER = [
  4414, 4664, 4229, 4663, 4279, 7409, 8228, 8614, 9089, 7657, 8131, 8651, 9148, 9165, 8401, 8489, 7637, 7856,
  8782, 8386, 9138, 9830, 8527, 8862, 8466, 8906, 8278, 8344, 7876, 7506, 8226, 8479, 9090, 9270, 8494, 8863,
];

// ae_all() performance: 1 − breaches ÷ attendances per month (36 months), not whole numbers.
const AE_ALL_PERFORMANCE = [
  0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435, 0.909763097023593,
  0.9064786853944554, 0.8905308979446662, 0.8837903610883545, 0.8617594559611471, 0.851413411900772,
  0.8753090395991286, 0.9000949482943537, 0.9051525263083392, 0.8970035160821932, 0.9072518525056468,
  0.9034785895858326, 0.9029928875860346, 0.8966609396555797, 0.8994186788850258, 0.8876655246839736,
  0.8498503458662225, 0.8529918213516818, 0.8504476893558943, 0.8462121637147311, 0.8857248828216929,
  0.9039011151983545, 0.9076297242234981, 0.8931949047110505, 0.8972702710007838, 0.8894368286304747,
  0.8900933497219513, 0.8760446687116353, 0.8644632183941728, 0.843525141560121, 0.8422525009629417,
  0.8660427671795345,
];

describe('NHSRplotthedots integration cases, exactly', () => {
  it('ae_all performance with the limits fixed after 12 points: means to the last digit, every point type', () => {
    const a = analysed(
      analyseSpc(series(AE_ALL_PERFORMANCE), 'higher', { ...DEFAULT_SPC_OPTIONS, fixAfter: 12 }),
    );
    expect([a.groups[0]?.mean, a.groups[0]?.lower, a.groups[0]?.upper]).toEqual([
      0.8908915564349236, 0.8614049789074258, 0.9203781339624213,
    ]);
    expect(types(a)).toBe('cccccccccCcIIIIIIIIcCCCCcccccCCCCCCC');
    expect(a.points[9]?.rule).toBe('below-lower-limit');
    expect(a.points[11]?.rule).toBe('shift-above');
    expect(a.variation).toBe('concern');
  });

  it('ae_all attendances: mean, limits, and every point common cause', () => {
    const a = analysed(analyseSpc(series(AE_ALL), 'higher'));
    expect(a.groups).toHaveLength(1);
    expect(a.groups[0]?.mean).toBe(2000538.9444444445);
    expect(a.groups[0]?.lower).toBe(1731844.3644444444);
    expect(a.groups[0]?.upper).toBe(2269233.5244444446);
    expect(types(a)).toBe('c'.repeat(36));
    // close_to_limits in the snapshot: points 11, 23 and 28.
    const close = a.points
      .map((p) => (p.value > p.closeUpper || p.value < p.closeLower ? '1' : '0'))
      .join('');
    expect(close).toBe('000000000010000000000010000100000000');
    expect(a.variation).toBe('common-cause');
    expect(a.variationLabel).toBe('Common cause variation');
  });

  it('ae_all attendances rebased at April 2017: two groups, each with its own limits', () => {
    const a = analysed(
      analyseSpc(series(AE_ALL), 'higher', { ...DEFAULT_SPC_OPTIONS, rebaseAt: ['2017-04-01'] }),
    );
    expect(a.groups.map((g) => [g.points, g.mean, g.lower, g.upper])).toEqual([
      [12, 1946858.4166666667, 1639947.374848485, 2253769.4584848485],
      [24, 2027379.2083333333, 1772921.0639855072, 2281837.3526811595],
    ]);
    expect(a.points[11]?.group).toBe(0);
    expect(a.points[12]?.group).toBe(1);
    expect(types(a)).toBe('c'.repeat(36));
  });

  it('ae_rl4_by_type attendances, type 1: a shift below the mean, and two of three close to the upper limit', () => {
    // The snapshot predates the rule that the three points be on the same side of the mean.
    const options: SpcOptions = { ...DEFAULT_SPC_OPTIONS, twoOfThreeSameSide: false };
    const a = analysed(analyseSpc(series(RL4_TYPE_1), 'higher', options));
    expect([a.groups[0]?.mean, a.groups[0]?.lower, a.groups[0]?.upper]).toEqual([
      11204.388888888889, 9668.27688888889, 12740.500888888888,
    ]);
    expect(types(a)).toBe('ccccCCCCCCCccccccccccccccccccccccIcI');
    expect(a.points[4]?.rule).toBe('shift-below');
    expect(a.points[33]?.rule).toBe('two-of-three-above');
    expect(a.variation).toBe('improvement');

    // Today's rule (NHSRplotthedots' test "it only reports special cause for 2of3 points close to limits
    // when they are on the same side of the mean"): point 35 is below the mean, so 34 and 36 are not flagged.
    const now = analysed(analyseSpc(series(RL4_TYPE_1), 'higher'));
    expect(types(now)).toBe('ccccCCCCCCCcccccccccccccccccccccccccc'.slice(0, 36));
    expect(now.variation).toBe('common-cause');
  });

  it('ae_rl4_by_type attendances, type other: a step change screened out of the moving ranges', () => {
    const a = analysed(analyseSpc(series(RL4_TYPE_OTHER), 'higher'));
    expect([a.groups[0]?.mean, a.groups[0]?.lower, a.groups[0]?.upper]).toEqual([
      7945.75, 6558.872941176471, 9332.62705882353,
    ]);
    expect(types(a)).toBe('CCCCCcccccccIIccccIIIIIIIIIIccccIIcc');
    expect(a.points.slice(0, 5).every((p) => p.rule === 'below-lower-limit')).toBe(true);
    expect(a.points[12]?.rule).toBe('two-of-three-above');
    expect(a.points[18]?.rule).toBe('shift-above');
    // Without screening the jump from 4,279 to 7,409 widens the limits.
    const wide = analysed(
      analyseSpc(series(RL4_TYPE_OTHER), 'higher', { ...DEFAULT_SPC_OPTIONS, screenOutliers: false }),
    );
    expect((wide.groups[0]?.upper ?? 0) - (wide.groups[0]?.lower ?? 0)).toBeGreaterThan(
      9332.62705882353 - 6558.872941176471,
    );
  });
});

/** NHSRplotthedots' unit tests of its rules (tests/testthat/test-ptd_calculate_point_type.R), as whole series. */
describe('the rules, as NHSRplotthedots tests them', () => {
  const flags = (values: number[], options: Partial<SpcOptions> = {}): string =>
    analysed(analyseSpc(series(values), 'higher', { ...DEFAULT_SPC_OPTIONS, minimumPoints: 2, ...options }))
      .points.map((p) => (p.rule === null ? '0' : '1'))
      .join('');
  const ruleAt = (values: number[], i: number): string | null =>
    analysed(analyseSpc(series(values), 'higher', { ...DEFAULT_SPC_OPTIONS, minimumPoints: 2 })).points[i]
      ?.rule ?? null;

  it('a trend is seven points each higher than the last (six rises); a tie breaks it', () => {
    // ptd_seven_point_trend(1:7): every point of a run of seven rising points is part of the trend.
    const rise = [10, 14, 9, 13, 10, 14, 9, 10, 10.5, 11, 11.5, 12, 12.5, 9, 14, 10];
    expect(flags(rise)).toBe('0000001111111000');
    expect(ruleAt(rise, 6)).toBe('trend-increasing');
    // c(1:3, 3:6): a repeated value breaks the run.
    const tie = [10, 14, 9, 13, 10, 14, 9, 10, 10.5, 10.5, 11.5, 12, 12.5, 9, 14, 10];
    expect(flags(tie)).toBe('0000000000000000');
    // Falling is a trend too: concern when higher is better.
    const fall = analysed(
      analyseSpc(series([...rise].reverse()), 'higher', { ...DEFAULT_SPC_OPTIONS, minimumPoints: 2 }),
    );
    expect(fall.points.filter((p) => p.rule === 'trend-decreasing' && p.type === 'concern')).toHaveLength(7);
    expect(flags(rise, { trendLength: 8 })).toBe('0000000000000000');
  });

  it('a shift is seven points on one side of the mean; six are not', () => {
    // ptd_seven_point_one_side_mean(c(rep(1, 6), -1)) is all 0; seven on one side are all flagged.
    const values = [0.5, 2.5, 0.5, 2.5, 0.5, 2.5, -0.5, -2.5, -0.5, -2.5, -0.5, -2.5, -0.5];
    expect(flags(values)).toBe('0000001111111');
    expect(ruleAt(values, 6)).toBe('shift-below');
    expect(flags(values, { shiftLength: 6 })).toBe('1111111111111');
    expect(flags(values, { shiftLength: 8 })).toBe('0000000000000');
  });

  it('two close points on opposite sides of the mean are common cause (the symmetric series)', () => {
    const data: number[] = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    data[14] = 5.5;
    data[15] = -5.5;
    const a = analysed(analyseSpc(series(data), 'higher'));
    expect(a.points.slice(-2).map((p) => p.type)).toEqual(['common-cause', 'common-cause']);
  });

  it('fixing the limits after n points takes the mean and moving ranges of those points only', () => {
    const values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11, 30, 31, 32, 33];
    const fixed = analysed(analyseSpc(series(values), 'higher', { ...DEFAULT_SPC_OPTIONS, fixAfter: 12 }));
    expect(fixed.groups[0]?.mean).toBe(values.slice(0, 12).reduce((a, b) => a + b) / 12);
    expect(
      fixed.points.slice(12).every((p) => p.rule === 'above-upper-limit' && p.type === 'improvement'),
    ).toBe(true);
  });
});

describe('assurance', () => {
  it('is met, failed or hit and miss by where the target falls against the limits', () => {
    expect(assuranceOf(5, 10, 20, 'increase')).toBe('consistently-met');
    expect(assuranceOf(25, 10, 20, 'increase')).toBe('consistently-failed');
    expect(assuranceOf(15, 10, 20, 'increase')).toBe('hit-and-miss');
    expect(assuranceOf(5, 10, 20, 'decrease')).toBe('consistently-failed');
    expect(assuranceOf(25, 10, 20, 'decrease')).toBe('consistently-met');
    expect(assuranceOf(15, 10, 20, 'neutral')).toBeNull();
    expect(assuranceOf(null, 10, 20, 'increase')).toBeNull();
  });

  it('takes the last point target of the series', () => {
    const a = analysed(analyseSpc(series(AE_ALL, 1_500_000), 'higher'));
    expect(a.assurance).toBe('consistently-met');
    expect(a.assuranceLabel).toBe('Target consistently met');
  });
});

describe('too few points', () => {
  it('says how many there are and how many are needed', () => {
    expect(analyseSpc(series([1, 2, 3]), 'higher')).toEqual({ kind: 'too-few', points: 3, needed: 12 });
  });
});

describe('options', () => {
  it('store only what differs from the defaults, and read back', () => {
    expect(writeSpcOptions(DEFAULT_SPC_OPTIONS)).toBeNull();
    const o: SpcOptions = { ...DEFAULT_SPC_OPTIONS, shiftLength: 8, rebaseAt: ['2018-07-01'], fixAfter: 12 };
    expect(readSpcOptions(writeSpcOptions(o))).toEqual(o);
    expect(readSpcOptions('not json')).toEqual(DEFAULT_SPC_OPTIONS);
    expect(readSpcOptions(null)).toEqual(DEFAULT_SPC_OPTIONS);
  });
});

describe('properties', () => {
  const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
  const values = fc.array(value, { minLength: 12, maxLength: 60 });

  it('a constant series has no special cause', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 12, max: 60 }), (v, n) => {
        const a = analysed(analyseSpc(series(Array.from({ length: n }, () => v)), 'higher'));
        return a.points.every((p) => p.rule === null) && a.variation === 'common-cause';
      }),
    );
  });

  it('the limits contain the mean', () => {
    fc.assert(
      fc.property(values, (vs) =>
        analysed(analyseSpc(series(vs), 'higher')).points.every(
          (p) => p.lower <= p.mean && p.mean <= p.upper,
        ),
      ),
    );
  });

  it('reversing the polarity swaps improving and concerning, point by point', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const up = analysed(analyseSpc(series(vs), 'higher')).points;
        const down = analysed(analyseSpc(series(vs), 'lower')).points;
        const swap: Record<PointType, PointType> = {
          'common-cause': 'common-cause',
          improvement: 'concern',
          concern: 'improvement',
          'neutral-high': 'neutral-high',
          'neutral-low': 'neutral-low',
        };
        return up.every((p, i) => swap[p.type] === down[i]?.type);
      }),
    );
  });

  it('a range polarity is neither improving nor concerning', () => {
    fc.assert(
      fc.property(values, (vs) =>
        analysed(analyseSpc(series(vs), 'range')).points.every(
          (p) => p.type !== 'improvement' && p.type !== 'concern',
        ),
      ),
    );
  });
});
