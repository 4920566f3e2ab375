import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  distanceFromMedian,
  distanceWords,
  figuresOnly,
  goodness,
  groupStatistics,
  lastRankOfQuartile,
  mean,
  median,
  medianAbsoluteDeviation,
  quartileOf,
  rankFigures,
  standingOf,
  type AreaFigure,
  type MetricPolarity,
} from '../../src/domain/benchmark-stats.js';

const figures = (values: number[]): AreaFigure[] => values.map((value, i) => ({ areaId: i + 1, value }));
const ranksOf = (values: number[], polarity: MetricPolarity) => {
  const r = rankFigures(figures(values), polarity);
  return values.map((_, i) => r.get(i + 1));
};

/** Small integers make ties common; a few decimals keep it honest. */
const value = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const values = (min = 1) => fc.array(value, { minLength: min, maxLength: 60 });
const polarity = fc.constantFrom<MetricPolarity>('higher', 'lower', 'middle');

describe('rank', () => {
  it('ranks 1 as the best, ties sharing the lower rank: 1, 2, 2, 4', () => {
    expect(ranksOf([50, 40, 40, 30], 'higher')).toEqual([1, 2, 2, 4]);
    expect(ranksOf([30, 40, 40, 50], 'lower')).toEqual([1, 2, 2, 4]);
    expect(ranksOf([7, 7, 7], 'higher')).toEqual([1, 1, 1]);
  });
  it('is polarity-aware both ways: rank 1 is the highest when higher is better, the lowest when lower', () => {
    expect(ranksOf([11.2, 9.8, 14.1, 12.0], 'lower')).toEqual([2, 1, 4, 3]);
    expect(ranksOf([11.2, 9.8, 14.1, 12.0], 'higher')).toEqual([3, 4, 1, 2]);
  });
  it('ranks a best-in-the-middle metric by distance from the median', () => {
    // median 10: distances 0, 2, 2, 5, 8
    expect(ranksOf([10, 8, 12, 15, 2], 'middle')).toEqual([1, 2, 2, 4, 5]);
  });
  it('property: each rank is 1 + the number of councils strictly better (min ranking)', () => {
    fc.assert(
      fc.property(values(), polarity, (vs, p) => {
        const m = median(vs)!;
        const ranks = ranksOf(vs, p);
        vs.forEach((v, i) => {
          const better = vs.filter((w) => goodness(w, p, m) > goodness(v, p, m)).length;
          expect(ranks[i]).toBe(better + 1);
        });
      }),
    );
  });
  it('property: lower-is-better ranks of x are the higher-is-better ranks of −x', () => {
    fc.assert(
      fc.property(values(), (vs) => {
        expect(ranksOf(vs, 'lower')).toEqual(
          ranksOf(
            vs.map((v) => -v),
            'higher',
          ),
        );
      }),
    );
  });
});

describe('quartile', () => {
  it('is ceil(rank / (n / 4))', () => {
    expect([1, 37, 38, 75, 76, 113, 114, 151].map((r) => quartileOf(r, 151))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
    expect([1, 2, 3, 4].map((r) => quartileOf(r, 4))).toEqual([1, 2, 3, 4]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((r) => quartileOf(r, 8))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(lastRankOfQuartile(1, 151)).toBe(37);
  });
  it('needs four councils with figures', () => {
    expect(quartileOf(1, 3)).toBeNull();
    expect(quartileOf(5, 4)).toBeNull();
  });
  it('property: equals ceil(rank / (n / 4)), lies in 1–4 and never falls as the rank grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (n, r0) => {
        const rank = ((r0 - 1) % n) + 1;
        const q = quartileOf(rank, n)!;
        expect(q).toBe(Math.ceil(rank / (n / 4)));
        expect(q).toBeGreaterThanOrEqual(1);
        expect(q).toBeLessThanOrEqual(4);
        if (rank < n) expect(quartileOf(rank + 1, n)!).toBeGreaterThanOrEqual(q);
      }),
    );
  });
});

describe('median, mean, median absolute deviation', () => {
  it('computes them as written', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3, 6])).toBe(3);
    // |x − 2|: 1, 0, 1, 2, 7 → median 1 (unscaled: no 1.4826)
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 9])).toBe(1);
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
    expect(medianAbsoluteDeviation([])).toBeNull();
  });
  it('property: half the figures are at or below the median and half at or above; the mean lies between the extremes', () => {
    fc.assert(
      fc.property(values(), (vs) => {
        const m = median(vs)!;
        expect(vs.filter((v) => v <= m).length * 2).toBeGreaterThanOrEqual(vs.length);
        expect(vs.filter((v) => v >= m).length * 2).toBeGreaterThanOrEqual(vs.length);
        const avg = mean(vs)!;
        const slack = 1e-9 * Math.max(1, ...vs.map(Math.abs));
        expect(avg).toBeGreaterThanOrEqual(Math.min(...vs) - slack);
        expect(avg).toBeLessThanOrEqual(Math.max(...vs) + slack);
      }),
    );
  });
  it('property: the MAD is never negative, ignores a shift and scales with the figures', () => {
    const ints = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        ints,
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: -5, max: 5 }),
        (vs, shift, k) => {
          const mad = medianAbsoluteDeviation(vs)!;
          expect(mad).toBeGreaterThanOrEqual(0);
          expect(medianAbsoluteDeviation(vs.map((v) => v + shift))).toBe(mad);
          expect(medianAbsoluteDeviation(vs.map((v) => v * k))).toBe(Math.abs(k) * mad);
        },
      ),
    );
  });
});

describe('distance from the median in MADs', () => {
  it('is signed so that positive is better, with words', () => {
    // median 10, MAD 2
    expect(distanceFromMedian(14, 10, 2, 'higher')).toBe(2);
    expect(distanceFromMedian(14, 10, 2, 'lower')).toBe(-2);
    expect(distanceWords(11, 10, 2, 'higher')).toBe('broadly similar');
    expect(distanceWords(12, 10, 2, 'higher')).toBe('better');
    expect(distanceWords(14, 10, 2, 'higher')).toBe('much better');
    expect(distanceWords(14, 10, 2, 'lower')).toBe('much worse');
    expect(distanceWords(7, 10, 2, 'lower')).toBe('better');
  });
  it('for a best-in-the-middle metric any distance is worse', () => {
    expect(distanceFromMedian(6, 10, 2, 'middle')).toBe(-2);
    expect(distanceWords(14, 10, 2, 'middle')).toBe('much worse');
    expect(distanceWords(10.5, 10, 2, 'middle')).toBe('broadly similar');
  });
  it('with a MAD of 0 gives no distance, only the side', () => {
    expect(distanceFromMedian(12, 10, 0, 'higher')).toBeNull();
    expect(distanceWords(12, 10, 0, 'higher')).toBe('better');
    expect(distanceWords(10, 10, 0, 'lower')).toBe('broadly similar');
    expect(distanceWords(12, 10, 0, 'middle')).toBe('worse');
  });
});

describe('group statistics and one council’s standing', () => {
  it('leaves a council without a figure out of n, and says how many had none', () => {
    const withGaps = [12, null, 9, undefined, 15, Number.NaN, 11];
    const counted = figuresOnly(withGaps);
    const stats = groupStatistics(figures(counted), 'lower', withGaps.length);
    expect(stats.n).toBe(4);
    expect(stats.missing).toBe(3);
    expect(stats.median).toBe(11.5);
  });
  it('gives our rank, quartile, boundaries, the best council and the gap to the top quartile', () => {
    // 8 councils, lower is better: ordered 5, 6, 7, 8, 9, 10, 11, 12
    const vs = [9, 5, 12, 6, 8, 11, 7, 10];
    const stats = groupStatistics(figures(vs), 'lower');
    expect(stats.boundaries).toEqual({ top: 6, second: 8, third: 10 });
    expect(stats.best).toEqual([{ areaId: 2, value: 5 }]);
    const us = standingOf(stats, 1)!; // 9
    expect(us).toMatchObject({ value: 9, rank: 5, n: 8, quartile: 3, gapToTopQuartile: 3 });
    expect(standingOf(stats, 4)).toMatchObject({ rank: 2, quartile: 1, gapToTopQuartile: 0 });
    expect(standingOf(stats, 99)).toBeNull();
  });
  it('property: a council is in the top quartile exactly when its figure is at least as good as the boundary', () => {
    fc.assert(
      fc.property(values(4), polarity, (vs, p) => {
        const stats = groupStatistics(figures(vs), p);
        const m = stats.median!;
        const boundaryGoodness =
          p === 'middle' ? -stats.boundaries!.top : goodness(stats.boundaries!.top, p, m);
        vs.forEach((v, i) => {
          const s = standingOf(stats, i + 1)!;
          expect(s.quartile === 1, `${v}`).toBe(goodness(v, p, m) >= boundaryGoodness);
          expect(s.gapToTopQuartile === 0).toBe(s.quartile === 1);
          expect(s.gapToTopQuartile!).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });
  it('property: without ties, exactly floor(n/4) councils are in the top quartile and the best has rank 1', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 4, maxLength: 80 }),
        (vs) => {
          const stats = groupStatistics(figures(vs), 'higher');
          const top = vs.filter((_, i) => standingOf(stats, i + 1)!.quartile === 1).length;
          expect(top).toBe(Math.floor(vs.length / 4));
          expect(stats.best).toEqual([{ areaId: vs.indexOf(Math.max(...vs)) + 1, value: Math.max(...vs) }]);
        },
      ),
    );
  });
});
