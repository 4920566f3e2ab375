/**
 * Statistical process control: the XmR ("individuals") chart as the NHS "Making Data Count" programme
 * uses it, computed the way its reference implementation, the R package NHSRplotthedots, computes it.
 *
 * For each group of points (a new group starts at each rebase date):
 * - the mean of the values (of the first n only, when the limits are fixed after n points);
 * - the moving ranges |x[i] − x[i−1]| and their mean; with screening, moving ranges of 3.267 × that mean
 *   or more are left out and the mean is taken again;
 * - the process limits mean ± 2.66 × mean moving range, and "close to a limit" beyond
 *   mean ± (2/3 × 2.66) × mean moving range (two sigma);
 * - four rules, each flagging every point of what breaks it:
 *   1. a point beyond a process limit;
 *   2. a trend: a run of `trendLength` points each higher (or each lower) than the one before;
 *   3. two of three points close to a limit (beyond two sigma, not beyond the limit), the three on the
 *      same side of the mean (`twoOfThreeSameSide`, as NHSRplotthedots does since its 0.2 releases);
 *   4. a shift: a run of `shiftLength` points on one side of the mean (a point on the mean breaks it).
 *   A point that breaks several rules is named by the first in that order.
 * - a flagged point is "improvement" or "concern" by the side (or direction) of its rule against the
 *   improvement direction, from the indicator's polarity (higher → increase, lower → decrease,
 *   range → neutral, when it is "high" or "low").
 * - Variation: the last point's type. Assurance, given a target at the last point: a target beyond the
 *   upper limit is consistently failed (higher is better) or met (lower is better), beyond the lower
 *   limit the other way, between the limits "hit and miss"; none for neutral direction.
 *
 * Pure: no I/O, no clock.
 */
import type { Polarity } from './vocabulary.js';

/** The XmR constant: 3 / d2 with d2 = 1.128 for moving ranges of two points. */
export const LIMIT_FACTOR = 2.66;
/** Two thirds of the way to the limit: two sigma. */
export const CLOSE_FACTOR = 2 * (LIMIT_FACTOR / 3);
/** D4 for moving ranges of two: moving ranges at or beyond 3.267 × their mean are screened out. */
export const MOVING_RANGE_SCREEN = 3.267;

export interface SpcOptions {
  /** Fewer points than this: no analysis ("n of m points"). */
  minimumPoints: number;
  /** Points on one side of the mean that make a shift. */
  shiftLength: number;
  /** Points each rising (or falling) that make a trend. */
  trendLength: number;
  /** Two of three close to a limit counts only when all three are on the same side of the mean. */
  twoOfThreeSameSide: boolean;
  /** ISO dates: the first point starting on or after each begins a new group with its own limits. */
  rebaseAt: string[];
  /** Mean and limits from the first n points of each group only, then held. null: all points. */
  fixAfter: number | null;
  /** Leave moving ranges of 3.267 × their mean or more out of the limits. */
  screenOutliers: boolean;
}

export const DEFAULT_SPC_OPTIONS: SpcOptions = Object.freeze({
  minimumPoints: 12,
  shiftLength: 7,
  trendLength: 7,
  twoOfThreeSameSide: true,
  rebaseAt: [],
  fixAfter: null,
  screenOutliers: true,
}) as SpcOptions;

export type ImprovementDirection = 'increase' | 'decrease' | 'neutral';

export function improvementDirection(polarity: Polarity): ImprovementDirection {
  if (polarity === 'higher') return 'increase';
  if (polarity === 'lower') return 'decrease';
  return 'neutral';
}

export type SpcRule =
  | 'above-upper-limit'
  | 'below-lower-limit'
  | 'trend-increasing'
  | 'trend-decreasing'
  | 'two-of-three-above'
  | 'two-of-three-below'
  | 'shift-above'
  | 'shift-below';

export function ruleLabel(rule: SpcRule, options: Pick<SpcOptions, 'shiftLength' | 'trendLength'>): string {
  switch (rule) {
    case 'above-upper-limit':
      return 'Above the upper process limit';
    case 'below-lower-limit':
      return 'Below the lower process limit';
    case 'trend-increasing':
      return `Part of a run of ${options.trendLength} rising points`;
    case 'trend-decreasing':
      return `Part of a run of ${options.trendLength} falling points`;
    case 'two-of-three-above':
      return 'Two of three points close to the upper limit';
    case 'two-of-three-below':
      return 'Two of three points close to the lower limit';
    case 'shift-above':
      return `Part of a run of ${options.shiftLength} points above the mean`;
    case 'shift-below':
      return `Part of a run of ${options.shiftLength} points below the mean`;
  }
}

export type PointType = 'common-cause' | 'improvement' | 'concern' | 'neutral-high' | 'neutral-low';

export const VARIATION_LABEL: Record<PointType, string> = {
  'common-cause': 'Common cause variation',
  improvement: 'Special cause: improving',
  concern: 'Special cause: concerning',
  'neutral-high': 'Special cause: higher (neither better nor worse)',
  'neutral-low': 'Special cause: lower (neither better nor worse)',
};

export type Assurance = 'consistently-met' | 'consistently-failed' | 'hit-and-miss';

export const ASSURANCE_LABEL: Record<Assurance, string> = {
  'consistently-met': 'Target consistently met',
  'consistently-failed': 'Target consistently failed',
  'hit-and-miss': 'Target hit and miss',
};

export interface SpcInputPoint {
  /** The period's code, kept to name the point. */
  key: string;
  /** The period's first day, ISO, for rebasing. */
  start: string;
  value: number;
  /** The target for this point, if it has one (the chart's target line or trajectory). */
  target?: number | null;
}

export interface SpcPoint {
  key: string;
  start: string;
  value: number;
  target: number | null;
  /** Index of the point's group (0 before the first rebase). */
  group: number;
  mean: number;
  lower: number;
  upper: number;
  /** Beyond two sigma, toward the upper or lower limit. */
  closeLower: number;
  closeUpper: number;
  /** The rule the point breaks (the first, in rule order), or null. */
  rule: SpcRule | null;
  type: PointType;
}

export interface SpcGroup {
  from: string;
  to: string;
  points: number;
  mean: number;
  meanMovingRange: number;
  lower: number;
  upper: number;
}

export type SpcAnalysis =
  | { kind: 'too-few'; points: number; needed: number }
  | {
      kind: 'analysed';
      direction: ImprovementDirection;
      points: SpcPoint[];
      groups: SpcGroup[];
      variation: PointType;
      variationLabel: string;
      assurance: Assurance | null;
      assuranceLabel: string | null;
      /** How many points each rule flagged (a point counted under its first rule). */
      flagged: number;
    };

/** The arithmetic mean, with R's correction pass (its mean() sums twice) so results agree to the bit. */
function mean(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  s /= n;
  if (!Number.isFinite(s)) return s;
  let t = 0;
  for (const x of xs) t += x - s;
  return s + t / n;
}

interface GroupLimits {
  mean: number;
  amr: number;
  lower: number;
  upper: number;
  closeLower: number;
  closeUpper: number;
}

function groupLimits(values: readonly number[], options: SpcOptions): GroupLimits {
  const basis = options.fixAfter === null ? values : values.slice(0, Math.max(1, options.fixAfter));
  const m = mean(basis);
  let ranges: number[] = [];
  for (let i = 1; i < basis.length; i++)
    ranges.push(Math.abs((basis[i] as number) - (basis[i - 1] as number)));
  let amr = ranges.length === 0 ? 0 : mean(ranges);
  if (options.screenOutliers && ranges.length > 0) {
    const cap = MOVING_RANGE_SCREEN * amr;
    ranges = ranges.filter((r) => r < cap);
    // Every moving range screened out happens only when all are 0: the mean moving range is 0.
    amr = ranges.length === 0 ? 0 : mean(ranges);
  }
  return {
    mean: m,
    amr,
    lower: m - LIMIT_FACTOR * amr,
    upper: m + LIMIT_FACTOR * amr,
    closeLower: m - CLOSE_FACTOR * amr,
    closeUpper: m + CLOSE_FACTOR * amr,
  };
}

const sign = (x: number): -1 | 0 | 1 => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Marks every point of each run of `length` points that satisfy `at` with the run's sign. */
function runs(
  n: number,
  length: number,
  at: (i: number) => -1 | 0 | 1,
  mark: (i: number, s: 1 | -1) => void,
): void {
  if (length < 1) return;
  let start = 0;
  let current: -1 | 0 | 1 = 0;
  for (let i = 0; i <= n; i++) {
    const s = i < n ? at(i) : 0;
    if (s !== current || s === 0) {
      if (current !== 0 && i - start >= length) for (let k = start; k < i; k++) mark(k, current);
      current = s;
      start = i;
    }
  }
}

/** The rules applied to one group's points. */
function flagGroup(values: readonly number[], limits: GroupLimits, options: SpcOptions): (SpcRule | null)[] {
  const n = values.length;
  const side = values.map((v) => sign(v - limits.mean));
  const outside = values.map((v) => v > limits.upper || v < limits.lower);
  const close = values.map((v, i) => !outside[i] && (v < limits.closeLower || v > limits.closeUpper));

  const shift: (-1 | 0 | 1)[] = new Array<-1 | 0 | 1>(n).fill(0);
  runs(
    n,
    options.shiftLength,
    (i) => side[i] ?? 0,
    (i, s) => (shift[i] = s),
  );

  // A trend of L points is L − 1 steps in one direction; a point shared by a falling and a rising run
  // (the turning point) takes the direction of the run it starts.
  const trend: (-1 | 0 | 1)[] = new Array<-1 | 0 | 1>(n).fill(0);
  const step = (i: number): -1 | 0 | 1 => sign((values[i + 1] as number) - (values[i] as number));
  const stepsNeeded = Math.max(1, options.trendLength - 1);
  runs(n - 1, stepsNeeded, step, (i, s) => {
    if (trend[i] === 0 || s !== trend[i]) trend[i] = s;
    if (trend[i + 1] === 0) trend[i + 1] = s;
  });

  const twoOfThree: boolean[] = new Array<boolean>(n).fill(false);
  for (let w = -2; w < n; w++) {
    const lo = Math.max(0, w);
    const hi = Math.min(n - 1, w + 2);
    let closeCount = 0;
    for (let i = lo; i <= hi; i++) if (close[i]) closeCount++;
    if (closeCount < 2) continue;
    if (options.twoOfThreeSameSide) {
      if (hi - lo < 2) continue;
      const sum = (side[lo] ?? 0) + (side[lo + 1] ?? 0) + (side[hi] ?? 0);
      if (sum !== 3 && sum !== -3) continue;
    }
    for (let i = lo; i <= hi; i++) if (close[i]) twoOfThree[i] = true;
  }

  return values.map((_, i) => {
    if (outside[i]) return (side[i] ?? 0) > 0 ? 'above-upper-limit' : 'below-lower-limit';
    if (trend[i] !== 0) return trend[i] === 1 ? 'trend-increasing' : 'trend-decreasing';
    if (twoOfThree[i]) return (side[i] ?? 0) > 0 ? 'two-of-three-above' : 'two-of-three-below';
    if (shift[i] !== 0) return shift[i] === 1 ? 'shift-above' : 'shift-below';
    return null;
  });
}

const RULE_HIGH: Record<SpcRule, boolean> = {
  'above-upper-limit': true,
  'below-lower-limit': false,
  'trend-increasing': true,
  'trend-decreasing': false,
  'two-of-three-above': true,
  'two-of-three-below': false,
  'shift-above': true,
  'shift-below': false,
};

export function pointType(rule: SpcRule | null, direction: ImprovementDirection): PointType {
  if (rule === null) return 'common-cause';
  const high = RULE_HIGH[rule];
  if (direction === 'neutral') return high ? 'neutral-high' : 'neutral-low';
  return high === (direction === 'increase') ? 'improvement' : 'concern';
}

/** Assurance from the last point's limits and target. */
export function assuranceOf(
  target: number | null | undefined,
  lower: number,
  upper: number,
  direction: ImprovementDirection,
): Assurance | null {
  if (target === null || target === undefined || !Number.isFinite(target) || direction === 'neutral')
    return null;
  const increasing = direction === 'increase';
  if (target > upper) return increasing ? 'consistently-failed' : 'consistently-met';
  if (target < lower) return increasing ? 'consistently-met' : 'consistently-failed';
  return 'hit-and-miss';
}

/** Splits point indices into groups at the rebase dates. */
function groupIndex(points: readonly SpcInputPoint[], rebaseAt: readonly string[]): number[] {
  const dates = [...new Set(rebaseAt)].sort();
  const out: number[] = [];
  let g = 0;
  let next = 0;
  for (const p of points) {
    let moved = false;
    while (next < dates.length && p.start >= (dates[next] as string)) {
      next++;
      moved = true;
    }
    if (moved && out.length > 0) g++;
    out.push(g);
  }
  return out;
}

/** The XmR analysis of a series in period order. */
export function analyseSpc(
  series: readonly SpcInputPoint[],
  polarity: Polarity | ImprovementDirection,
  options: SpcOptions = DEFAULT_SPC_OPTIONS,
): SpcAnalysis {
  const points = series.filter((p) => Number.isFinite(p.value));
  if (points.length < options.minimumPoints || points.length < 2) {
    return { kind: 'too-few', points: points.length, needed: Math.max(2, options.minimumPoints) };
  }
  const direction: ImprovementDirection =
    polarity === 'increase' || polarity === 'decrease' || polarity === 'neutral'
      ? polarity
      : improvementDirection(polarity);
  const groupOf = groupIndex(points, options.rebaseAt);
  const out: SpcPoint[] = [];
  const groups: SpcGroup[] = [];
  let from = 0;
  while (from < points.length) {
    let to = from;
    while (to + 1 < points.length && groupOf[to + 1] === groupOf[from]) to++;
    const slice = points.slice(from, to + 1);
    const values = slice.map((p) => p.value);
    const limits = groupLimits(values, options);
    const rules = flagGroup(values, limits, options);
    slice.forEach((p, i) => {
      const rule = rules[i] ?? null;
      out.push({
        key: p.key,
        start: p.start,
        value: p.value,
        target: p.target ?? null,
        group: groups.length,
        mean: limits.mean,
        lower: limits.lower,
        upper: limits.upper,
        closeLower: limits.closeLower,
        closeUpper: limits.closeUpper,
        rule,
        type: pointType(rule, direction),
      });
    });
    groups.push({
      from: slice[0]?.key ?? '',
      to: slice[slice.length - 1]?.key ?? '',
      points: slice.length,
      mean: limits.mean,
      meanMovingRange: limits.amr,
      lower: limits.lower,
      upper: limits.upper,
    });
    from = to + 1;
  }
  const last = out[out.length - 1] as SpcPoint;
  const assurance = assuranceOf(last.target, last.lower, last.upper, direction);
  return {
    kind: 'analysed',
    direction,
    points: out,
    groups,
    variation: last.type,
    variationLabel: VARIATION_LABEL[last.type],
    assurance,
    assuranceLabel: assurance === null ? null : ASSURANCE_LABEL[assurance],
    flagged: out.filter((p) => p.rule !== null).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Options as stored (JSON text on the indicator) and as the performance team writes them

/** Reads stored options; unknown or invalid members fall back to the defaults. */
export function readSpcOptions(json: string | null | undefined): SpcOptions {
  if (json === null || json === undefined || json.trim() === '')
    return { ...DEFAULT_SPC_OPTIONS, rebaseAt: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ...DEFAULT_SPC_OPTIONS, rebaseAt: [] };
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const int = (v: unknown, min: number, fallback: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fallback;
  const isoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  return {
    minimumPoints: int(o['minimumPoints'], 2, DEFAULT_SPC_OPTIONS.minimumPoints),
    shiftLength: int(o['shiftLength'], 2, DEFAULT_SPC_OPTIONS.shiftLength),
    trendLength: int(o['trendLength'], 2, DEFAULT_SPC_OPTIONS.trendLength),
    twoOfThreeSameSide:
      typeof o['twoOfThreeSameSide'] === 'boolean'
        ? o['twoOfThreeSameSide']
        : DEFAULT_SPC_OPTIONS.twoOfThreeSameSide,
    rebaseAt: Array.isArray(o['rebaseAt']) ? o['rebaseAt'].filter(isoDate).sort() : [],
    fixAfter: o['fixAfter'] === null ? null : int(o['fixAfter'], 2, 0) || null,
    screenOutliers:
      typeof o['screenOutliers'] === 'boolean' ? o['screenOutliers'] : DEFAULT_SPC_OPTIONS.screenOutliers,
  };
}

/** Stores only what differs from the defaults; null when nothing does. */
export function writeSpcOptions(options: SpcOptions): string | null {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SPC_OPTIONS) as (keyof SpcOptions)[]) {
    const value = options[key];
    const fallback = DEFAULT_SPC_OPTIONS[key];
    if (JSON.stringify(value) !== JSON.stringify(fallback)) out[key] = value;
  }
  return Object.keys(out).length === 0 ? null : JSON.stringify(out);
}

export function isDefaultSpcOptions(options: SpcOptions): boolean {
  return writeSpcOptions(options) === null;
}
