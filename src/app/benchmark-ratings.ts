/**
 * Benchmarks for a scorecard: for every linked indicator of a plan, where we stand against its linked
 * comparison (the dashboards' quartile column, the report's benchmarking section), and for every
 * benchmark target, the figures the target asks for (its rating). Read in one go per scorecard — the
 * plan's links, the shared context (kept by data version), each metric's periods, then every figure
 * needed in one query — never per indicator.
 */
import { type BenchmarkEvidence, comparisonForTarget, hasBenchmark } from '../domain/benchmark-rating.js';
import {
  benchmarkResult,
  chooseBenchmarkPeriod,
  figureFormatter,
  type BenchmarkResult,
  type MetricInfo,
} from '../domain/benchmark-result.js';
import { resolveComparison, type Comparison } from '../domain/benchmark-comparisons.js';
import { QUARTILE_LABEL } from '../domain/benchmark-stats.js';
import { comparePeriods, periodFromCode, type Period } from '../domain/periods.js';
import type { BenchmarkTarget } from '../domain/targets.js';
import { periodsOfMetrics } from '../storage/benchmark-links.js';
import { averagesOf, findMetrics, valuesOf } from '../storage/benchmark-values.js';
import { planLinks } from './benchmark-links.js';
import { benchmarkContext, toMetricInfo, type BenchmarkContext } from './benchmark-standing.js';
import type { Store } from './store.js';

/** Where an indicator stands against its linked comparison, as the dashboards and the report print it. */
export interface BenchmarkStanding {
  metric: string;
  source: string;
  /** Who with: "England", "CIPFA nearest neighbours of Oxfordshire". */
  comparison: string;
  /** The benchmark period used, and whether it is older than the period shown. */
  period: string | null;
  older: boolean;
  /** Our figure, formatted in the metric's unit; null when we have none. */
  value: string | null;
  median: string | null;
  rank: number | null;
  n: number;
  quartile: 1 | 2 | 3 | 4 | null;
  /** "Top quartile", …; null when there is no quartile. */
  quartileLabel: string | null;
  /** Why there is no standing, when there is none. */
  reason: string | null;
}

export interface BenchmarkRequest {
  indicatorId: number;
  /** The period the indicator's figure measures. */
  asked: Period;
  /** The indicator's own figure, used only when the file has none for us. */
  ourActual: number | null;
  /** The benchmark target rated in the period, if it has one. */
  target: BenchmarkTarget | null;
}

export interface ScorecardBenchmarks {
  /** For each request (by key), the figures its benchmark target asks for. */
  evidence: Map<string, BenchmarkEvidence>;
  /** For each linked indicator's request (by key), its standing against the linked comparison. */
  standing: Map<string, BenchmarkStanding>;
}

export const benchmarkKey = (indicatorId: number, period: Period): string => `${indicatorId}:${period.code}`;

const NOT_LINKED = 'the indicator is not linked to a benchmark metric (link it on its Benchmarking page)';

interface Planned {
  key: string;
  metric: MetricInfo;
  comparison: Comparison;
  period: Period | null;
  asked: Period;
  ourActual: number | null;
  reason: string | null;
}

/** Benchmarks for the requests of one plan's scorecard (see the module's comment). */
export async function scorecardBenchmarks(
  store: Store,
  planId: number,
  requests: readonly BenchmarkRequest[],
): Promise<ScorecardBenchmarks> {
  const out: ScorecardBenchmarks = { evidence: new Map(), standing: new Map() };
  if (requests.length === 0) return out;
  const links = await planLinks(store, planId);
  const linked = requests.filter((r) => links.has(r.indicatorId));
  for (const r of requests)
    if (r.target && !links.has(r.indicatorId))
      out.evidence.set(benchmarkKey(r.indicatorId, r.asked), { reason: NOT_LINKED });
  if (linked.length === 0) return out;
  const ctx = await benchmarkContext(store);
  const metricIds = [...new Set(linked.map((r) => links.get(r.indicatorId)!.metricId))];
  const metrics = new Map((await findMetrics(store.db, metricIds)).map((m) => [m.id, toMetricInfo(m)]));
  const periods = new Map(
    [...(await periodsOfMetrics(store.db, metricIds))].map(([id, codes]) => [
      id,
      codes.map((c) => periodFromCode(c)).sort(comparePeriods),
    ]),
  );

  const plan = (key: string, metric: MetricInfo, comparison: Comparison, r: BenchmarkRequest): Planned => {
    const list = periods.get(metric.id) ?? [];
    const period = chooseBenchmarkPeriod(list, r.asked);
    const reason = !ctx.us
      ? 'nobody has said which council this is (Benchmarking, Your council)'
      : list.length === 0
        ? `${metric.title} (${metric.source}) has no figures loaded`
        : !period
          ? `${metric.title} (${metric.source}) has figures only for periods after ${r.asked.label} (from ${list[0]!.label})`
          : null;
    return { key, metric, comparison, period, asked: r.asked, ourActual: r.ourActual, reason };
  };

  const forStanding: Planned[] = [];
  const forTarget: Planned[] = [];
  for (const r of linked) {
    const link = links.get(r.indicatorId)!;
    const metric = metrics.get(link.metricId);
    const key = benchmarkKey(r.indicatorId, r.asked);
    if (!metric) continue;
    forStanding.push(plan(key, metric, link.comparison, r));
    if (!r.target) continue;
    const choice = ctx.us
      ? comparisonForTarget(r.target, link.comparison, ctx.us, ctx.groups, r.asked)
      : { ok: true as const, comparison: link.comparison };
    if (choice.ok) forTarget.push(plan(key, metric, choice.comparison, r));
    else out.evidence.set(key, { reason: choice.reason });
  }

  const all = [...forStanding, ...forTarget];
  const codes = [...new Set(all.flatMap((p) => (p.period ? [p.period.code] : [])))];
  const values = await valuesOf(store.db, metricIds, codes);
  const averages = await averagesOf(store.db, metricIds);
  const byMetricPeriod = new Map<string, { areaId: number; value: number }[]>();
  for (const v of values) {
    const k = `${v.metric_id}|${v.period_code}`;
    let list = byMetricPeriod.get(k);
    if (!list) byMetricPeriod.set(k, (list = []));
    list.push({ areaId: v.council_id, value: v.value });
  }
  const result = (p: Planned): BenchmarkEvidence => evaluate(ctx, p, byMetricPeriod, averages);
  for (const p of forTarget) out.evidence.set(p.key, result(p));
  for (const p of forStanding) out.standing.set(p.key, standingOf(p, result(p)));
  return out;
}

function evaluate(
  ctx: BenchmarkContext,
  p: Planned,
  byMetricPeriod: Map<string, { areaId: number; value: number }[]>,
  averages: { metric_id: number; period_code: string; label: string; value: number }[],
): BenchmarkEvidence {
  if (p.reason || !p.period || !ctx.us) return { reason: p.reason ?? 'there is no benchmark' };
  const resolved = resolveComparison(p.comparison, ctx.us, ctx.directory.councils, ctx.groups, p.period);
  if (!resolved)
    return {
      reason:
        p.comparison.kind === 'region'
          ? `the reference data gives ${ctx.us.niceName} no region`
          : 'its comparator group no longer exists: link it to another',
    };
  const period = p.period;
  return benchmarkResult({
    metric: p.metric,
    period,
    asked: p.asked,
    values: byMetricPeriod.get(`${p.metric.id}|${period.code}`) ?? [],
    comparison: resolved,
    us: ctx.us,
    council: (id) => ctx.directory.get(id),
    ourActual: p.ourActual,
    averages: averages
      .filter((a) => a.metric_id === p.metric.id && a.period_code === period.code)
      .map((a) => ({ label: a.label, value: a.value })),
  });
}

function standingOf(p: Planned, e: BenchmarkEvidence): BenchmarkStanding {
  const base = {
    metric: p.metric.title,
    source: p.metric.source,
    comparison: '',
    period: null,
    older: false,
    value: null,
    median: null,
    rank: null,
    n: 0,
    quartile: null,
    quartileLabel: null,
  };
  if (!hasBenchmark(e)) return { ...base, reason: e.reason };
  const r: BenchmarkResult = e;
  const fmt = figureFormatter(
    r.rows.map((row) => row.value),
    p.metric.unit,
  );
  return {
    ...base,
    comparison: r.comparison.short,
    period: r.period.label,
    older: r.older,
    value: r.us ? fmt(r.us.value) : null,
    median: r.stats.median === null ? null : fmt(r.stats.median),
    rank: r.us?.rank ?? null,
    n: r.stats.n,
    quartile: r.us?.quartile ?? null,
    quartileLabel: r.us?.quartile ? QUARTILE_LABEL[r.us.quartile] : null,
    reason: r.us ? null : `we have no figure for ${r.period.label}`,
  };
}
