/**
 * Benchmarks as the pages, the CLI, the ratings and the report read them: for a metric, a comparison
 * and a period, every council's figure, the group's statistics and where this council stands
 * (domain/benchmark-result.ts). What is shared between many of them — which council this is, the
 * reference data, the comparator groups — is read once per call (and kept by data version).
 */
import { type ReferenceCouncil } from '../domain/benchmark-areas.js';
import {
  comparisonCode,
  parseComparison,
  resolveComparison,
  type Comparison,
  type ComparatorGroup,
} from '../domain/benchmark-comparisons.js';
import {
  benchmarkResult,
  chooseBenchmarkPeriod,
  type BenchmarkResult,
  type MetricInfo,
} from '../domain/benchmark-result.js';
import { METRIC_POLARITIES, type MetricPolarity } from '../domain/benchmark-stats.js';
import { comparePeriods, periodFromCode, type Period } from '../domain/periods.js';
import { averagesOf, findMetric, valuesOf } from '../storage/benchmark-values.js';
import { periodsOfMetric } from '../storage/benchmark-links.js';
import type { BenchmarkMetricRecord } from '../storage/schema.js';
import type { AreaDirectory } from '../domain/benchmark-areas.js';
import { areaDirectory, ourCouncil } from './benchmark-reference.js';
import { comparatorGroups } from './benchmark-groups.js';
import { notFound } from './errors.js';
import type { Store } from './store.js';

export type { BenchmarkResult, Comparison };

export interface BenchmarkContext {
  us: ReferenceCouncil | null;
  directory: AreaDirectory;
  groups: Map<number, ComparatorGroup>;
}

export async function benchmarkContext(store: Store): Promise<BenchmarkContext> {
  return {
    us: await ourCouncil(store),
    directory: await areaDirectory(store),
    groups: await comparatorGroups(store),
  };
}

export const toMetricInfo = (m: BenchmarkMetricRecord): MetricInfo => ({
  id: m.id,
  source: m.source,
  code: m.code,
  title: m.title,
  polarity: (METRIC_POLARITIES as readonly string[]).includes(m.polarity)
    ? (m.polarity as MetricPolarity)
    : 'higher',
  unit: m.unit,
});

/** Why there is no benchmark, in a phrase that follows "Not rated: … " or stands on a page. */
export type NoBenchmark = { reason: string };

export function isBenchmark(r: BenchmarkResult | NoBenchmark): r is BenchmarkResult {
  return 'stats' in r;
}

/** The metric's periods, oldest first. */
export async function metricPeriodList(store: Store, metricId: number): Promise<Period[]> {
  const codes = await periodsOfMetric(store.db, metricId);
  return codes.map((c) => periodFromCode(c)).sort(comparePeriods);
}

/**
 * One benchmark: the metric in the period that `asked` calls for (or exactly `period`), against the
 * comparison. `ourActual` stands in for our figure only when the file has none.
 */
export async function benchmarkFor(
  store: Store,
  ctx: BenchmarkContext,
  q: {
    metric: MetricInfo;
    comparison: Comparison;
    asked?: Period | null;
    period?: Period | null;
    ourActual?: number | null;
    periods?: Period[];
  },
): Promise<BenchmarkResult | NoBenchmark> {
  if (!ctx.us) return { reason: 'nobody has said which council this is (Benchmarking, Your council)' };
  const periods = q.periods ?? (await metricPeriodList(store, q.metric.id));
  if (periods.length === 0) return { reason: `${q.metric.title} (${q.metric.source}) has no figures loaded` };
  const period = q.period ?? (q.asked ? chooseBenchmarkPeriod(periods, q.asked) : (periods.at(-1) ?? null));
  if (!period)
    return {
      reason: `${q.metric.title} (${q.metric.source}) has figures only for periods after ${q.asked?.label ?? 'this one'} (from ${periods[0]!.label})`,
    };
  const resolved = resolveComparison(q.comparison, ctx.us, ctx.directory.councils, ctx.groups, period);
  if (!resolved)
    return {
      reason:
        q.comparison.kind === 'region'
          ? `the reference data gives ${ctx.us.niceName} no region`
          : 'its comparator group no longer exists: link it to another',
    };
  const values = await valuesOf(store.db, [q.metric.id], [period.code]);
  const averages = (await averagesOf(store.db, [q.metric.id])).filter((a) => a.period_code === period.code);
  return benchmarkResult({
    metric: q.metric,
    period,
    asked: q.asked ?? null,
    values: values.map((v) => ({ areaId: v.council_id, value: v.value })),
    comparison: resolved,
    us: ctx.us,
    council: (id) => ctx.directory.get(id),
    ourActual: q.ourActual,
    averages: averages.map((a) => ({ label: a.label, value: a.value })),
  });
}

/** The metric against the comparison in every period it has, oldest first: "over time". */
export async function benchmarkHistory(
  store: Store,
  ctx: BenchmarkContext,
  metric: MetricInfo,
  comparison: Comparison,
  upTo?: Period,
): Promise<BenchmarkResult[]> {
  if (!ctx.us) return [];
  const periods = (await metricPeriodList(store, metric.id)).filter((p) => !upTo || p.start <= upTo.end);
  if (!periods.length) return [];
  const values = await valuesOf(
    store.db,
    [metric.id],
    periods.map((p) => p.code),
  );
  const averages = await averagesOf(store.db, [metric.id]);
  const out: BenchmarkResult[] = [];
  for (const period of periods) {
    const resolved = resolveComparison(comparison, ctx.us, ctx.directory.councils, ctx.groups, period);
    if (!resolved) continue;
    out.push(
      benchmarkResult({
        metric,
        period,
        asked: null,
        values: values
          .filter((v) => v.period_code === period.code)
          .map((v) => ({ areaId: v.council_id, value: v.value })),
        comparison: resolved,
        us: ctx.us,
        council: (id) => ctx.directory.get(id),
        averages: averages
          .filter((a) => a.period_code === period.code)
          .map((a) => ({ label: a.label, value: a.value })),
      }),
    );
  }
  return out;
}

export async function metricInfo(store: Store, metricId: number): Promise<MetricInfo> {
  const m = await findMetric(store.db, metricId);
  if (!m) throw notFound('There is no such benchmark metric.');
  return toMetricInfo(m);
}

export { comparisonCode, parseComparison };
