/**
 * One benchmark, assembled: a metric's figures in one period for the councils of a comparison, the
 * group's statistics (benchmark-stats.ts) and where the council using Cairn stands in it.
 *
 * Which period: for a reporting period P, the benchmark period used is the latest that began on or
 * before P's end — the year P falls in when its figures are out, else the latest year before (the
 * result says it is older, and which year it used).
 *
 * Our figure is the one the file gives for our council, so that every council is measured the same
 * way; only when the file has none is the indicator's own figure for the period put among the others
 * (and the result says so).
 *
 * Pure.
 */
import type { ReferenceCouncil } from './benchmark-areas.js';
import type { ResolvedComparison } from './benchmark-comparisons.js';
import {
  groupStatistics,
  standingOf,
  type AreaFigure,
  type GroupStatistics,
  type MetricPolarity,
  type Quartile,
  type Standing,
  quartileOf,
} from './benchmark-stats.js';
import type { Period } from './periods.js';

export interface MetricInfo {
  id: number;
  source: string;
  code: string;
  title: string;
  polarity: MetricPolarity;
  unit: string;
}

/** The latest period that began on or before `asked` ends; null when every period is later. */
export function chooseBenchmarkPeriod(available: readonly Period[], asked: Period): Period | null {
  let chosen: Period | null = null;
  for (const p of available) {
    if (p.start > asked.end) continue;
    if (!chosen || p.end > chosen.end || (p.end === chosen.end && p.start > chosen.start)) chosen = p;
  }
  return chosen;
}

export interface BenchmarkRow {
  councilId: number;
  name: string;
  code: string;
  value: number;
  rank: number;
  quartile: Quartile | null;
  us: boolean;
}

export interface BenchmarkResult {
  metric: MetricInfo;
  comparison: ResolvedComparison;
  /** The benchmark period used. */
  period: Period;
  /** The reporting period asked about, if any. */
  asked: Period | null;
  /** True when the period used ended before the asked period began: the latest data is older. */
  older: boolean;
  stats: GroupStatistics;
  /** Where we stand; null when we have no figure. */
  us: Standing | null;
  /** Where our figure came from: the file, or (when it has none) the indicator's own figure. */
  ourFigure: 'file' | 'indicator' | null;
  /** How many councils the comparison has (null for "every council in the nation with a figure"). */
  members: number | null;
  best: { name: string; value: number }[];
  averages: { label: string; value: number }[];
  /** Every council with a figure, best first. */
  rows: BenchmarkRow[];
}

export interface BenchmarkInput {
  metric: MetricInfo;
  period: Period;
  asked: Period | null;
  /** Every council's figure for the metric in the period (any council, any nation). */
  values: readonly AreaFigure[];
  comparison: ResolvedComparison;
  us: ReferenceCouncil;
  council: (id: number) => ReferenceCouncil | undefined;
  /** The indicator's own figure, used only when the file has none for us. */
  ourActual?: number | null;
  averages?: readonly { label: string; value: number }[];
}

export function benchmarkResult(input: BenchmarkInput): BenchmarkResult {
  const { comparison, us } = input;
  const inGroup = (id: number): boolean => {
    if (comparison.members) return comparison.members.has(id);
    return input.council(id)?.nation === comparison.nation;
  };
  const figures: AreaFigure[] = input.values.filter((f) => inGroup(f.areaId) && Number.isFinite(f.value));
  let ourFigure: BenchmarkResult['ourFigure'] = figures.some((f) => f.areaId === us.id) ? 'file' : null;
  if (!ourFigure && typeof input.ourActual === 'number' && Number.isFinite(input.ourActual)) {
    figures.push({ areaId: us.id, value: input.ourActual });
    ourFigure = 'indicator';
  }
  const members = comparison.members ? comparison.members.size : null;
  const stats = groupStatistics(figures, input.metric.polarity, members ?? figures.length);
  const name = (id: number) => input.council(id)?.niceName ?? `Council ${id}`;
  const rows: BenchmarkRow[] = stats.ordered.map((f) => {
    const rank = stats.ranks.get(f.areaId)!;
    const c = input.council(f.areaId);
    return {
      councilId: f.areaId,
      name: name(f.areaId),
      code: c ? (c.gssCode ?? c.code) : '',
      value: f.value,
      rank,
      quartile: quartileOf(rank, stats.n),
      us: f.areaId === us.id,
    };
  });
  return {
    metric: input.metric,
    comparison,
    period: input.period,
    asked: input.asked,
    older: input.asked !== null && input.period.end < input.asked.start,
    stats,
    us: standingOf(stats, us.id),
    ourFigure,
    members,
    best: stats.best.map((b) => ({ name: name(b.areaId), value: b.value })),
    averages: [...(input.averages ?? [])],
    rows,
  };
}

/** "151 councils in England had a figure", "14 of the 16 councils in CIPFA nearest neighbours of Oxfordshire had one". */
export function coverageSentence(r: BenchmarkResult): string {
  const n = r.stats.n;
  if (r.members === null) return `${n} ${r.comparison.label} had a figure for ${r.period.label}.`;
  return `${n} of the ${r.members} councils in ${r.comparison.label} had a figure for ${r.period.label}.`;
}

const decimalsIn = (n: number): number => {
  const s = String(Math.abs(n));
  if (s.includes('e')) return 2;
  return Math.min(3, (s.split('.')[1] ?? '').length);
};

/** A figure in a metric's unit, as the pages print it: "11.2%", "£4,812", "3.05", "1,234". */
export function metricFigure(n: number, unit: string): string {
  const decimals = decimalsIn(Math.round(n * 1000) / 1000);
  const s = Math.abs(n).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: Math.abs(n) >= 1000,
  });
  const signed = n < 0 && /[1-9]/.test(s) ? `-${s}` : s;
  if (unit === 'percent') return `${signed}%`;
  if (unit === 'currency') return signed.startsWith('-') ? `-£${signed.slice(1)}` : `£${signed}`;
  return signed;
}

/** "lower is better", "higher is better", "best in the middle". */
export const POLARITY_PHRASE: Record<MetricPolarity, string> = {
  higher: 'higher is better',
  lower: 'lower is better',
  middle: 'best in the middle (nearest the median)',
};

/** "18th", "1st", "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}

/**
 * A formatter for one benchmark's figures: as many decimals as the file's figures have (at most two),
 * so the mean and median print like the figures they come from.
 */
export function figureFormatter(values: readonly number[], unit: string): (n: number) => string {
  let decimals = 0;
  for (const v of values) decimals = Math.max(decimals, decimalsIn(Math.round(v * 100) / 100));
  decimals = Math.min(2, decimals);
  return (n: number) => {
    const s = Math.abs(n).toLocaleString('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: Math.abs(n) >= 1000,
    });
    const signed = n < 0 && /[1-9]/.test(s) ? `-${s}` : s;
    if (unit === 'percent') return `${signed}%`;
    if (unit === 'currency') return signed.startsWith('-') ? `-£${signed.slice(1)}` : `£${signed}`;
    return signed;
  };
}
