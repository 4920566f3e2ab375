/**
 * An indicator's target as a number (or bounds) for the period a figure measures, where the target
 * is one: "≥ 80%" gives 80, a range its low and high, a cumulative target the share of the year the
 * period has reached (by the indicator's profile). Benchmarks, milestones and unparseable text give
 * none. Used by the indicator page and by the quarterly report's charts and data table alike.
 */
import { positionInYear, type Period } from './periods.js';
import { periodTarget } from './rating.js';
import { parseProfile, parseTarget, type NumberFormat, type ValueUnit } from './targets.js';

export interface NumericTarget {
  target: number | null;
  low: number | null;
  high: number | null;
  unit: ValueUnit | null;
  format: NumberFormat | null;
}

/** What the rule reads of an indicator (a ScorecardIndicator has these). */
export interface TargetedIndicator {
  /** The target as written, e.g. "≥ 80%". */
  target: string;
  cumulative: boolean;
  /** The period the figure measures. */
  dataPeriod: Period;
}

/** The target as a number (or bounds) for the period the figure measures, where the target is one. */
export function numericTarget(i: TargetedIndicator, profile: string | null): NumericTarget {
  const none: NumericTarget = { target: null, low: null, high: null, unit: null, format: null };
  let t;
  try {
    t = parseTarget(i.target);
  } catch {
    return none;
  }
  const at = positionInYear(i.dataPeriod);
  const prof = parseProfile(profile);
  if (t.kind === 'value') {
    return { ...none, target: periodTarget(t, i.cumulative, prof, at), unit: t.unit, format: t.format };
  }
  if (t.kind === 'range') {
    const b = periodTarget(t, i.cumulative, prof, at);
    return { ...none, low: b.low, high: b.high, unit: t.unit, format: t.format };
  }
  return none;
}
