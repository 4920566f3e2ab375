/**
 * The rating engine: an indicator's Red / Amber / Green for a period, or "not rated" with the reason —
 * always with one sentence that names the rule and the numbers, formatted like the target.
 *
 * Rules (see docs on targets and ratings):
 * - A value target is met at or beyond it in the better direction (strictly for > and <). Short of it
 *   within the tolerance is Amber; beyond it is Red — unless the council rates by direction of travel
 *   ("red-only-if-worse"), when a figure no worse than the same period last year is Amber instead.
 * - A comparator in the target overrides the polarity (">28%" higher is better, "<20%" lower, "=" exact).
 *   A bare value with polarity "range" must be hit exactly; the distance either side is judged.
 * - Cumulative number and currency targets build up over the year by the profile; cumulative percentages
 *   are year-to-date rates and do not scale.
 * - Ranges, benchmarks, milestones and targets in parts: see the functions below.
 *
 * Pure: no I/O and no clock (milestones are judged against `asOf`).
 */
import { rateBenchmarkTarget, type BenchmarkEvidence } from './benchmark-rating.js';
import { formatDate } from './dates.js';
import {
  formatFigure,
  formatNumber,
  formatTarget,
  formatTolerance,
  type BenchmarkPosition,
  type BenchmarkTarget,
  type CompoundTarget,
  type CumulativeProfile,
  type MilestoneTarget,
  type NumberFormat,
  type RangeTarget,
  type Target,
  type Tolerance,
  type ValueTarget,
  type ValueUnit,
} from './targets.js';
import { RAG_LABEL, RAG_SEVERITY, type Polarity, type Rag, type Unit } from './vocabulary.js';

export type NotRatedReason =
  'no-data' | 'not-due' | 'in-arrears' | 'no-target' | 'benchmark-unavailable' | 'milestone-in-progress';

export const NOT_RATED_LABEL: Record<NotRatedReason, string> = {
  'no-data': 'No data',
  'not-due': 'Not due',
  'in-arrears': 'In arrears',
  'no-target': 'No target',
  'benchmark-unavailable': 'No benchmark data',
  'milestone-in-progress': 'In progress',
};

export interface RatingPolicy {
  /** The Amber band (council default: relative 10%); the caller applies any per-indicator override. */
  tolerance: Tolerance;
  /**
   * red-only-if-worse: beyond tolerance AND worse than the same period last year → Red; beyond tolerance
   * but no worse → Amber; no figure for last year → Red as usual.
   */
  directionOfTravel: 'none' | 'red-only-if-worse';
}

/** Benchmark statistics for the indicator, in its own units (e.g. from LG Inform). */
export interface Benchmark {
  source: string;
  average: number | null;
  upperQuartile: number | null;
  median: number | null;
  lowerQuartile: number | null;
}

export interface RatingInput {
  target: Target;
  polarity: Polarity;
  cumulative: boolean;
  profile: CumulativeProfile;
  /** Position of the period in its year (1-based) and number of periods in the year, for cumulative profiles. */
  period: { index: number; of: number };
  /** The figure (year to date for cumulative targets). Percentages in points: 67 for 67%. */
  actual: number | null;
  /** For targets in parts: one figure per part, in the order of target.parts. */
  parts?: (number | null)[];
  /** Progress reported for a milestone target. */
  milestone?: 'complete' | 'on-track' | 'at-risk' | 'missed' | null;
  /** ISO date the rating is made at, for milestone due dates (e.g. the period's last day). */
  asOf?: string;
  /** Due date (ISO) for a milestone whose target text gives none, e.g. from the framework's Due date column. */
  milestoneDue?: string | null;
  /** The same period last year, for direction of travel. */
  lastYear?: number | null;
  benchmark?: Benchmark | null;
  /**
   * Other councils' figures for a benchmark target (the linked metric, against the comparison the target
   * names), or why there are none: when given, the target is rated from them (benchmark-rating.ts).
   */
  benchmarked?: BenchmarkEvidence;
  /** The indicator's unit, used to print benchmark figures (other targets carry their own unit). */
  unit?: Unit;
  /** false: no figure is due this period. */
  due?: boolean;
  /** true: the figure comes a period late, so a missing figure is "in arrears" rather than "no data". */
  inArrears?: boolean;
}

export type RatingResult =
  | { kind: 'rated'; rating: Rag; explanation: string; periodTarget: number | null }
  | { kind: 'not-rated'; reason: NotRatedReason; explanation: string };

/** Position of a period in its year: index 1…of. */
type Position = { index: number; of: number };
type Scalable = ValueTarget | RangeTarget;
type Profile = CumulativeProfile;
/** A range target's bounds for a period. */
export type Bounds = { low: number; high: number };
type Direction = 'higher' | 'lower' | 'exact';
type Style = { unit: ValueUnit; format: NumberFormat };
interface Assessment {
  met: boolean;
  /** Distance from meeting the goal, ≥ 0 (0 when met, or when equal to a strict bound). */
  gap: number;
  /** gap as a percentage of the bound it is measured from (Infinity when that bound is 0). */
  rel: number;
  side: 'below' | 'above';
}
/** Something a figure is judged against: a (period) target, a range, a benchmark statistic. */
interface Goal {
  style: Style;
  /** "the target of 1,562", "the year-to-date target range of 93-95%", "the average of 50 (LG Inform)". */
  name: string;
  /** What a figure that meets the goal does: "meets the target of 67%". */
  metPhrase: string;
  assess(a: number): Assessment;
  /** a strictly better than b, judged against this goal. */
  better(a: number, b: number): boolean;
}

type Rated = Extract<RatingResult, { kind: 'rated' }>;
const rag = (rating: Rag, explanation: string, periodTarget: number | null = null): Rated => ({
  kind: 'rated',
  rating,
  explanation,
  periodTarget,
});
const notRated = (reason: NotRatedReason, explanation: string): RatingResult => ({
  kind: 'not-rated',
  reason,
  explanation,
});
const isFigure = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * Decimals needed to show n: at least `min`, up to 2 — more (up to 6) when 2 would round n to a whole
 * number or to 0, so that 66.996 never prints as "67.00".
 */
function neededDecimals(n: number, min: number): number {
  for (let d = min; d <= 2; d++) {
    if (Math.abs(Number(n.toFixed(d)) - n) <= 1e-9 * Math.max(1, Math.abs(n))) return d;
  }
  let d = Math.max(2, min);
  while (d < 6 && Number.isInteger(Number(n.toFixed(d)))) d++;
  return d;
}

function figure(n: number, style: Style): string {
  const format = { decimals: neededDecimals(n, style.format.decimals), grouped: style.format.grouped };
  return formatFigure(n, style.unit, format);
}

function percentText(rel: number, tolerance: Tolerance): string {
  let d = 1;
  let s = rel.toFixed(d);
  // Never print a shortfall as exactly the tolerance unless it is.
  const misleading = (): boolean =>
    (Number(s) === 0 && rel !== 0) ||
    (tolerance.kind === 'relative' && Number(s) === tolerance.value && rel !== tolerance.value);
  while (d < 4 && misleading()) s = rel.toFixed(++d);
  return `${s}%`;
}

function points(n: number): string {
  const s = formatNumber(n, { decimals: neededDecimals(n, 0), grouped: false });
  return `${s} percentage point${s === '1' ? '' : 's'}`;
}

function toleranceText(t: Tolerance, style: Style): string {
  if (t.kind === 'relative') return formatTolerance(t);
  if (style.unit === 'percent') return points(t.value);
  return figure(t.value, { unit: style.unit, format: { decimals: 0, grouped: style.format.grouped } });
}

// ---------------------------------------------------------------------------------------------
// Goals

function relative(gap: number, bound: number): number {
  if (gap === 0) return 0;
  return bound === 0 ? Infinity : (gap / Math.abs(bound)) * 100;
}

/** A one-sided (or exact) threshold T. */
function thresholdGoal(
  T: number,
  dir: Direction,
  strict: boolean,
  style: Style,
  name: string,
  metPhrase: string,
): Goal {
  return {
    style,
    name,
    metPhrase,
    assess(a) {
      if (dir === 'higher') {
        const gap = Math.max(0, T - a);
        return { met: strict ? a > T : a >= T, gap, rel: relative(gap, T), side: 'below' };
      }
      if (dir === 'lower') {
        const gap = Math.max(0, a - T);
        return { met: strict ? a < T : a <= T, gap, rel: relative(gap, T), side: 'above' };
      }
      const gap = Math.abs(a - T);
      return { met: gap === 0, gap, rel: relative(gap, T), side: a < T ? 'below' : 'above' };
    },
    better: (a, b) =>
      dir === 'higher' ? a > b : dir === 'lower' ? a < b : Math.abs(a - T) < Math.abs(b - T),
  };
}

function valueDirection(t: ValueTarget, polarity: Polarity): Direction {
  if (t.comparator === '>' || t.comparator === '>=') return 'higher';
  if (t.comparator === '<' || t.comparator === '<=') return 'lower';
  if (t.comparator === '=' || polarity === 'range') return 'exact';
  return polarity;
}

/**
 * How a target's figures print: like the target. A target under 1,000 cannot show whether it would be
 * written with separators, so its figures get them (en-GB); "8920" as written keeps figures ungrouped.
 */
function styleOf(t: ValueTarget | RangeTarget, magnitude: number): Style {
  return {
    unit: t.unit,
    format: { decimals: t.format.decimals, grouped: t.format.grouped || Math.abs(magnitude) < 1000 },
  };
}

function valueGoal(t: ValueTarget, polarity: Polarity, T: number, cumulative: boolean): Goal {
  const style = styleOf(t, t.value);
  const shown = t.comparator && t.comparator !== '=' ? t.comparator : '';
  const name = `the ${cumulative ? 'year-to-date ' : ''}target of ${shown}${figure(T, style)}`;
  const strict = t.comparator === '>' || t.comparator === '<';
  return thresholdGoal(T, valueDirection(t, polarity), strict, style, name, `meets ${name}`);
}

function rangeGoal(t: RangeTarget, polarity: Polarity, low: number, high: number, cumulative: boolean): Goal {
  const style = styleOf(t, t.high);
  const decimals = Math.max(neededDecimals(low, t.format.decimals), neededDecimals(high, t.format.decimals));
  const text = formatTarget({ ...t, low, high, format: { decimals, grouped: style.format.grouped } });
  const ytd = cumulative ? 'year-to-date ' : '';
  if (polarity !== 'range') {
    const higher = polarity === 'higher';
    const bound = higher ? low : high;
    const name = `the ${ytd}target of ${text} (${higher ? 'at least' : 'at most'} ${figure(bound, style)})`;
    return thresholdGoal(bound, polarity, false, style, name, `meets ${name}`);
  }
  const name = `the ${ytd}target range of ${text}`;
  const distance = (a: number): Assessment =>
    a < low
      ? { met: false, gap: low - a, rel: relative(low - a, low), side: 'below' }
      : a > high
        ? { met: false, gap: a - high, rel: relative(a - high, high), side: 'above' }
        : { met: true, gap: 0, rel: 0, side: 'below' };
  return {
    style,
    name,
    metPhrase: `is within ${name}`,
    assess: distance,
    // Nearer the range both in units and relative to the nearest bound, so that a better figure never
    // rates worse under either kind of tolerance. Figures either side may be incomparable.
    better(a, b) {
      const x = distance(a);
      const y = distance(b);
      return x.gap <= y.gap && x.rel <= y.rel && (x.gap < y.gap || x.rel < y.rel);
    },
  };
}

/** Judges a figure against a goal with the tolerance and, if the council uses it, direction of travel. */
function judge(
  goal: Goal,
  a: number,
  policy: RatingPolicy,
  lastYear: number | null | undefined,
  T: number | null,
): Rated {
  const A = figure(a, goal.style);
  const r = goal.assess(a);
  if (r.met) return rag('green', `Green: ${A} ${goal.metPhrase}.`, T);
  const tol = policy.tolerance;
  const tolText = toleranceText(tol, goal.style);
  const relKnown = tol.kind === 'relative' && Number.isFinite(r.rel);
  const pct = (): string => percentText(r.rel, tol);
  const amount =
    goal.style.unit === 'percent'
      ? `${points(r.gap)}${relKnown ? ` (${pct()})` : ''}`
      : relKnown
        ? pct()
        : figure(r.gap, goal.style);
  const miss =
    r.gap === 0
      ? `${A} is not ${r.side === 'below' ? 'above' : 'below'} ${goal.name}`
      : `${A} is ${amount} ${r.side} ${goal.name}`;
  if (tol.kind === 'relative' ? r.rel <= tol.value : r.gap <= tol.value) {
    return rag('amber', `Amber: ${miss}, within the ${tolText} Amber tolerance.`, T);
  }
  if (policy.directionOfTravel === 'red-only-if-worse' && isFigure(lastYear)) {
    const LY = `${figure(lastYear, goal.style)} in the same period last year`;
    if (goal.better(lastYear, a))
      return rag('red', `Red: ${miss}, beyond the ${tolText} tolerance, and worse than ${LY}.`, T);
    const how = goal.better(a, lastYear) ? 'better than' : 'no worse than';
    return rag('amber', `Amber: ${miss}, beyond the ${tolText} tolerance, but ${how} ${LY}.`, T);
  }
  const allows =
    tol.kind === 'relative' && !Number.isFinite(r.rel)
      ? `a ${tolText} tolerance allows nothing at a target of 0`
      : `Amber allows up to ${tolText}`;
  return rag('red', `Red: ${miss}; ${allows}.`, T);
}

// ---------------------------------------------------------------------------------------------
// Period targets and comparison

function scale(v: number, unit: ValueUnit, cum: boolean, profile: CumulativeProfile, at: Position): number {
  if (!cum || unit === 'percent') return v;
  const { index, of } = at;
  if (!Number.isInteger(index) || !Number.isInteger(of) || of < 1 || index < 1 || index > of) {
    throw new RangeError(`Period ${index} of ${of} is not a position in a year`);
  }
  if (profile.kind === 'even') return (v * index) / of;
  if (profile.kind === 'per-period') return v * index;
  const n = profile.fractions.length;
  // One fraction per period; a list of another length is mapped onto the periods proportionally.
  const fraction = profile.fractions[n === of ? index - 1 : Math.ceil((index * n) / of) - 1] ?? 1;
  return v * fraction;
}

/**
 * The target for a period. Not cumulative, or a percentage: the target as written. Cumulative numbers and
 * amounts build up: even → annual × index/of; per-period → value × index; fractions → annual × fraction.
 * A value target gives a number, a range gives its bounds. Throws RangeError for an impossible position.
 */
export function periodTarget(t: ValueTarget, cum: boolean, profile: Profile, at: Position): number;
export function periodTarget(t: RangeTarget, cum: boolean, profile: Profile, at: Position): Bounds;
export function periodTarget(t: Scalable, cum: boolean, profile: Profile, at: Position): number | Bounds;
export function periodTarget(t: Scalable, cum: boolean, profile: Profile, at: Position): number | Bounds {
  const f = (v: number): number => scale(v, t.unit, cum, profile, at);
  return t.kind === 'value' ? f(t.value) : { low: f(t.low), high: f(t.high) };
}

/** Benchmark positions read in the indicator's direction, except "Below average" and "Bottom quartile": lower. */
function benchmarkDirection(position: BenchmarkPosition, polarity: Polarity): 'higher' | 'lower' {
  if (position === 'below-average' || position === 'bottom-quartile') return 'lower';
  return polarity === 'lower' ? 'lower' : 'higher';
}

/**
 * Whether figure a is strictly better than b for this target, as written (unscaled). Values follow the
 * comparator, else the polarity (a bare value with polarity "range" is best hit exactly); a range with
 * polarity "range" prefers figures nearer the range in units and relative to the nearest bound.
 */
export function isBetter(a: number, b: number, polarity: Polarity, target: Target): boolean {
  if (target.kind === 'value') return valueGoal(target, polarity, target.value, false).better(a, b);
  if (target.kind === 'range')
    return rangeGoal(target, polarity, target.low, target.high, false).better(a, b);
  const dir = target.kind === 'benchmark' ? benchmarkDirection(target.position, polarity) : polarity;
  return dir === 'higher' ? a > b : dir === 'lower' ? a < b : false;
}

// ---------------------------------------------------------------------------------------------
// Rating

function missingFigure(input: RatingInput): RatingResult {
  if (input.due === false) return notRated('not-due', 'Not rated: no figure is due this period.');
  if (input.inArrears)
    return notRated('in-arrears', 'Not rated: the figure is reported in arrears and is not in yet.');
  return notRated('no-data', 'Not rated: no figure has been entered for this period.');
}

/** Rates an indicator for a period. Never throws for a well-formed period position. */
export function rateIndicator(input: RatingInput, policy: RatingPolicy): RatingResult {
  const t = input.target;
  switch (t.kind) {
    case 'none':
      return notRated('no-target', 'Not rated: the indicator has no target; it is reported for information.');
    case 'milestone':
      return rateMilestone(t, input);
    case 'benchmark':
      return rateBenchmark(t, input, policy);
    case 'compound':
      return rateCompound(t, input, policy);
    case 'value': {
      if (!isFigure(input.actual)) return missingFigure(input);
      const T = periodTarget(t, input.cumulative, input.profile, input.period);
      const goal = valueGoal(t, input.polarity, T, input.cumulative);
      return judge(goal, input.actual, policy, input.lastYear, T);
    }
    case 'range': {
      if (!isFigure(input.actual)) return missingFigure(input);
      const { low, high } = periodTarget(t, input.cumulative, input.profile, input.period);
      const goal = rangeGoal(t, input.polarity, low, high, input.cumulative);
      return judge(goal, input.actual, policy, input.lastYear, null);
    }
  }
}

/** Complete → Green; missed, or past due and not complete → Red; at risk → Amber; on track → Green. */
function rateMilestone(t: MilestoneTarget, input: RatingInput): RatingResult {
  const due = t.due ?? input.milestoneDue ?? null;
  const by = due ? ` by ${formatDate(due)}` : '';
  const status = input.milestone ?? null;
  if (status === 'complete') return rag('green', `Green: reported complete (due${by || ' with no date'}).`);
  if (status === 'missed')
    return rag('red', `Red: reported as missed (completion due${by || ' with no date'}).`);
  if (due && input.asOf && input.asOf > due) {
    const reported = status ? ` (reported ${status === 'on-track' ? 'on track' : 'at risk'})` : '';
    return rag(
      'red',
      `Red: completion was due${by} and is not reported complete by ${formatDate(input.asOf)}${reported}.`,
    );
  }
  if (status === 'at-risk') return rag('amber', `Amber: reported at risk of missing completion${by}.`);
  if (status === 'on-track') return rag('green', `Green: reported on track for completion${by}.`);
  if (input.due === false) return notRated('not-due', 'Not rated: no progress report is due this period.');
  return notRated(
    'milestone-in-progress',
    `Not rated: milestone in progress (completion${by || ' with no due date'}), no progress reported yet.`,
  );
}

const BENCHMARK_NAME: Record<BenchmarkPosition, string> = {
  'top-quartile': 'top quartile',
  'top-half': 'top half',
  'above-average': 'above average',
  'national-average': 'national average',
  'below-average': 'below average',
  'bottom-quartile': 'bottom quartile',
  'above-median': 'better than the median',
  'top-n': 'top places',
};

/**
 * With other councils' figures (`benchmarked`), see benchmark-rating.ts. Otherwise, from published
 * statistics alone (`benchmark`): quartile targets: Green at or better than the quartile (upper for higher-is-better, lower for lower),
 * Amber at or better than the median (or within tolerance of the quartile when there is no median), else Red.
 * Top half: the median; Above / Below average: strictly better than the average; National average: at or
 * better than the average — each with the tolerance for Amber. Direction of travel applies to Reds.
 */
function rateBenchmark(t: BenchmarkTarget, input: RatingInput, policy: RatingPolicy): RatingResult {
  if (input.benchmarked) return rateBenchmarkTarget(t, input.benchmarked);
  const label = BENCHMARK_NAME[t.position];
  const bm = input.benchmark;
  const none = (what: string): RatingResult =>
    notRated('benchmark-unavailable', `Not rated: ${label} target ${what}.`);
  if (!bm)
    return none(
      "needs other councils' figures: it is rated from the indicator's linked benchmark metric on the dashboards, the indicator's page and in the report",
    );
  if (t.position === 'top-n')
    return none("needs every council's figures to rank ours: link the indicator to a benchmark metric");
  const dir = benchmarkDirection(t.position, input.polarity);
  const side = dir === 'higher' ? 'above' : 'below';
  const quartileTarget = t.position === 'top-quartile' || t.position === 'bottom-quartile';
  const quartile = dir === 'higher' ? 'upperQuartile' : 'lowerQuartile';
  const byMedian = t.position === 'top-half' || t.position === 'above-median';
  const key = quartileTarget ? quartile : byMedian ? 'median' : 'average';
  const stat = bm[key];
  const statName = key.replace('Quartile', ' quartile');
  if (!isFigure(stat)) return none(`needs the ${statName}, and ${bm.source || 'its source'} has none`);
  if (!isFigure(input.actual)) return missingFigure(input);
  const a = input.actual;
  const unit: ValueUnit = input.unit === 'percent' || input.unit === 'currency' ? input.unit : 'number';
  const style: Style = { unit, format: { decimals: 0, grouped: true } };
  const src = bm.source ? ` (${bm.source})` : '';
  const name = `the ${statName} of ${figure(stat, style)}${src}`;
  const strict =
    t.position === 'above-average' || t.position === 'below-average' || t.position === 'above-median';
  const metPhrase =
    quartileTarget || t.position === 'top-half'
      ? `is in the ${label}, at or ${side} ${name}`
      : `is ${t.position === 'national-average' ? 'at or better than' : t.position === 'below-average' ? 'below' : 'better than'} ${name}`;
  const goal = thresholdGoal(stat, dir, strict, style, name, metPhrase);
  if (quartileTarget && isFigure(bm.median) && !goal.assess(a).met) {
    const A = figure(a, style);
    const M = figure(bm.median, style);
    const atMedian = dir === 'higher' ? a >= bm.median : a <= bm.median;
    if (atMedian)
      return rag('amber', `Amber: ${A} is short of ${name} but at or ${side} the median of ${M}.`, stat);
    const miss = `: ${A} is short of the median of ${M}${src}, so outside the ${label}`;
    const ly = input.lastYear;
    if (policy.directionOfTravel === 'red-only-if-worse' && isFigure(ly) && !goal.better(ly, a)) {
      const how = goal.better(a, ly) ? 'better than' : 'no worse than';
      return rag(
        'amber',
        `Amber${miss}, but ${how} ${figure(ly, style)} in the same period last year.`,
        stat,
      );
    }
    return rag('red', `Red${miss}.`, stat);
  }
  return judge(goal, a, policy, input.lastYear, stat);
}

/** Each part is rated as a value target (without direction of travel); the rating is the worst part's. */
function rateCompound(t: CompoundTarget, input: RatingInput, policy: RatingPolicy): RatingResult {
  const text = formatTarget(t);
  const figures = t.parts.map((_, i) => input.parts?.[i]);
  if (!figures.some(isFigure)) return missingFigure(input);
  const missing = figures.findIndex((f) => !isFigure(f));
  if (missing >= 0)
    return notRated('no-data', `Not rated: part ${missing + 1} of ${text} has no figure yet.`);
  const results = t.parts.map((part, i) => {
    const T = periodTarget(part, input.cumulative, input.profile, input.period);
    const goal = valueGoal(part, input.polarity, T, input.cumulative);
    const a = figures[i] as number;
    return { ...judge(goal, a, policy, null, T), A: figure(a, goal.style), name: goal.name };
  });
  const worst = results.reduce((w, r) => (RAG_SEVERITY[r.rating] < RAG_SEVERITY[w.rating] ? r : w));
  if (worst.rating === 'green') {
    const all = results.length === 2 ? 'both parts' : `all ${results.length} parts`;
    const list = results.map((r) => `${r.A} against ${r.name.replace(/^the /, 'a ')}`).join(', ');
    return rag('green', `Green: ${all} of ${text} are met (${list}).`);
  }
  const w = results.indexOf(worst);
  const detail = worst.explanation.replace(/^\w+: /, '').replace(/\.$/, '');
  const others = results
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => i !== w && r.rating !== 'green')
    .map(({ r, i }) => `part ${i + 1} is ${RAG_LABEL[r.rating]} too`);
  const extra = others.length > 0 ? ` (${others.join(', ')})` : '';
  return rag(worst.rating, `${RAG_LABEL[worst.rating]}: part ${w + 1} of ${text} — ${detail}${extra}.`);
}
