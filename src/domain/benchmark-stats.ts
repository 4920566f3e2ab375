/**
 * The statistics of benchmarking: how one council stands among a comparator group on one metric in one
 * period. The rules (docs/domain.md, "Benchmarking"):
 *
 * - Only councils with a figure count: a member of the group with no figure is left out of n (and the
 *   pages say how many of the group had one).
 * - Rank 1 is the best, in the metric's direction: the highest figure when higher is better, the lowest
 *   when lower is better, and — for a metric that is best in the middle — the figure nearest the group's
 *   median. Ties share the lower (better) rank and the next rank is skipped: 1, 2, 2, 4 ("min" ranking).
 * - Quartile = ceil(rank ÷ (n ÷ 4)), so 1 is the best quarter and 4 the worst; quartiles need n ≥ 4.
 * - The boundary of quartile q (q = 1, 2, 3) is the figure of the council at place floor(q·n ÷ 4) when
 *   the group is ordered best first: a figure at least as good as it is in quartile q or better, a worse
 *   one is not. For a best-in-the-middle metric the boundaries are distances from the median.
 * - Mean and median of the figures (the median of an even count is the mean of the middle two); the
 *   median absolute deviation (MAD) is the median of |figure − median|, unscaled (no 1.4826 factor).
 * - The distance from the median is (figure − median) ÷ MAD, signed so that positive is better (for a
 *   best-in-the-middle metric it is −|figure − median| ÷ MAD: any distance is worse). In words: under 1
 *   MAD "broadly similar"; 1 to under 2 "better" or "worse"; 2 or more "much better" or "much worse".
 *   When the MAD is 0 (over half the group share the median figure) there is no distance: a figure
 *   equal to the median is "broadly similar", any other "better" or "worse".
 *
 * Pure: no I/O.
 */

/** Which way is better for a metric: higher, lower, or nearest the middle (the group's median). */
export type MetricPolarity = 'higher' | 'lower' | 'middle';
export const METRIC_POLARITIES: readonly MetricPolarity[] = ['higher', 'lower', 'middle'];
export const METRIC_POLARITY_LABEL: Record<MetricPolarity, string> = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  middle: 'Best in the middle',
};

export type Quartile = 1 | 2 | 3 | 4;
export const QUARTILE_LABEL: Record<Quartile, string> = {
  1: 'Top quartile',
  2: 'Second quartile',
  3: 'Third quartile',
  4: 'Bottom quartile',
};

/** The fewest councils with figures for quartiles to mean anything. */
export const MIN_FOR_QUARTILES = 4;

export interface AreaFigure {
  areaId: number;
  value: number;
}

const isFigure = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** The figures that count: finite numbers only. */
export function figuresOnly(values: readonly (number | null | undefined)[]): number[] {
  return values.filter(isFigure);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of each figure's absolute distance from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number | null {
  const m = median(values);
  if (m === null) return null;
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * How good a figure is, as a number where larger is better: the figure (higher), its negation (lower),
 * or its negated distance from the centre (middle).
 */
export function goodness(value: number, polarity: MetricPolarity, centre: number): number {
  if (polarity === 'higher') return value;
  if (polarity === 'lower') return -value;
  return -Math.abs(value - centre);
}

/** Ranks, 1 = best, ties sharing the lower rank (1, 2, 2, 4). `centre` is the median, for 'middle'. */
export function rankFigures(
  figures: readonly AreaFigure[],
  polarity: MetricPolarity,
  centre: number = median(figures.map((f) => f.value)) ?? 0,
): Map<number, number> {
  const scored = figures.map((f) => ({ areaId: f.areaId, g: goodness(f.value, polarity, centre) }));
  scored.sort((a, b) => b.g - a.g);
  const ranks = new Map<number, number>();
  let rank = 0;
  let previous = NaN;
  scored.forEach((s, i) => {
    if (s.g !== previous) rank = i + 1;
    previous = s.g;
    ranks.set(s.areaId, rank);
  });
  return ranks;
}

/** ceil(rank ÷ (n ÷ 4)); null when fewer than four councils have figures or the rank is not in 1…n. */
export function quartileOf(rank: number, n: number): Quartile | null {
  if (n < MIN_FOR_QUARTILES || !Number.isInteger(rank) || rank < 1 || rank > n) return null;
  // rank × 4 ÷ n in integers: ceil(rank / (n / 4)) without floating-point error.
  return Math.ceil((rank * 4) / n) as Quartile;
}

/** The worst rank still in quartile q or better: floor(q·n ÷ 4). */
export function lastRankOfQuartile(q: 1 | 2 | 3, n: number): number {
  return Math.floor((q * n) / 4);
}

export type DistanceWords = 'broadly similar' | 'better' | 'much better' | 'worse' | 'much worse';

/** (figure − median) ÷ MAD, positive when better; null when the MAD is 0 or unknown. */
export function distanceFromMedian(
  value: number,
  centre: number,
  mad: number | null,
  polarity: MetricPolarity,
): number | null {
  if (mad === null || mad === 0) return null;
  if (polarity === 'middle') return -Math.abs(value - centre) / mad;
  const d = (value - centre) / mad;
  return polarity === 'higher' ? d : -d;
}

export function distanceWords(
  value: number,
  centre: number,
  mad: number | null,
  polarity: MetricPolarity,
): DistanceWords {
  const d = distanceFromMedian(value, centre, mad, polarity);
  if (d === null) {
    const g = goodness(value, polarity, centre) - goodness(centre, polarity, centre);
    return g === 0 ? 'broadly similar' : g > 0 ? 'better' : 'worse';
  }
  const size = Math.abs(d);
  if (size < 1) return 'broadly similar';
  if (d > 0) return size >= 2 ? 'much better' : 'better';
  return size >= 2 ? 'much worse' : 'worse';
}

export interface GroupStatistics {
  polarity: MetricPolarity;
  /** Councils with a figure. */
  n: number;
  /** Members of the group without one (left out of n). */
  missing: number;
  mean: number | null;
  median: number | null;
  mad: number | null;
  /**
   * The figure at the edge of each quartile (place floor(q·n/4) best first): at least as good as `top` is
   * the top quartile. For 'middle', distances from the median. Null when n < 4.
   */
  boundaries: { top: number; second: number; third: number } | null;
  /** The best councils (more than one when tied) and their figure. */
  best: AreaFigure[];
  /** Each council's rank, by area id. */
  ranks: Map<number, number>;
  /** The figures, best first. */
  ordered: AreaFigure[];
}

/**
 * The group's statistics for one metric and period. `figures` holds the group's councils that have one
 * (one per council); `members` is how many councils the group has, for the count of those without.
 */
export function groupStatistics(
  figures: readonly AreaFigure[],
  polarity: MetricPolarity,
  members: number = figures.length,
): GroupStatistics {
  const values = figures.map((f) => f.value);
  const m = median(values);
  const centre = m ?? 0;
  const ranks = rankFigures(figures, polarity, centre);
  const ordered = [...figures].sort(
    (a, b) =>
      goodness(b.value, polarity, centre) - goodness(a.value, polarity, centre) || a.areaId - b.areaId,
  );
  const n = figures.length;
  const edge = (q: 1 | 2 | 3): number => {
    const f = ordered[lastRankOfQuartile(q, n) - 1]!;
    return polarity === 'middle' ? Math.abs(f.value - centre) : f.value;
  };
  return {
    polarity,
    n,
    missing: Math.max(0, members - n),
    mean: mean(values),
    median: m,
    mad: medianAbsoluteDeviation(values),
    boundaries: n >= MIN_FOR_QUARTILES ? { top: edge(1), second: edge(2), third: edge(3) } : null,
    best: ordered.filter((f) => ranks.get(f.areaId) === 1),
    ranks,
    ordered,
  };
}

export interface Standing {
  value: number;
  rank: number;
  n: number;
  quartile: Quartile | null;
  /** (figure − median) ÷ MAD, positive when better; null when the MAD is 0. */
  distance: number | null;
  words: DistanceWords;
  /**
   * How far the figure is from the top quartile's boundary, in the metric's units: 0 when in the top
   * quartile; else how much better it must be. Null when n < 4.
   */
  gapToTopQuartile: number | null;
}

/** Where one council stands in the group; null when it has no figure. */
export function standingOf(stats: GroupStatistics, areaId: number): Standing | null {
  const rank = stats.ranks.get(areaId);
  const own = stats.ordered.find((f) => f.areaId === areaId);
  if (rank === undefined || !own || stats.median === null) return null;
  const quartile = quartileOf(rank, stats.n);
  let gap: number | null = null;
  if (stats.boundaries) {
    const b = stats.boundaries.top;
    const v = own.value;
    gap =
      quartile === 1
        ? 0
        : stats.polarity === 'higher'
          ? Math.max(0, b - v)
          : stats.polarity === 'lower'
            ? Math.max(0, v - b)
            : Math.max(0, Math.abs(v - stats.median) - b);
  }
  return {
    value: own.value,
    rank,
    n: stats.n,
    quartile,
    distance: distanceFromMedian(own.value, stats.median, stats.mad, stats.polarity),
    words: distanceWords(own.value, stats.median, stats.mad, stats.polarity),
    gapToTopQuartile: gap,
  };
}
