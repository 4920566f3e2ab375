/**
 * A plan's benchmarks (issue 13): every linked indicator of the plan against its comparison, in the
 * period a page asks about — the data the plan's benchmarking page and its downloads are made from.
 */
import { COMPARISON_LABEL, type Comparison } from '../domain/benchmark-comparisons.js';
import type { Period } from '../domain/periods.js';
import { findMetric, listMetrics, metricSources } from '../storage/benchmark-values.js';
import { councilLabel } from '../domain/benchmark-areas.js';
import { areaDirectory, ourCouncil } from './benchmark-reference.js';
import { comparatorGroups } from './benchmark-groups.js';
import { recentUploads } from './benchmark-uploads.js';
import { planLinks } from './benchmark-links.js';
import {
  benchmarkContext,
  benchmarkFor,
  toMetricInfo,
  type BenchmarkResult,
  type NoBenchmark,
} from './benchmark-standing.js';
import type { MetricInfo } from '../domain/benchmark-result.js';
import type { Store } from './store.js';

export interface PlanBenchmark {
  indicatorId: number;
  number: string;
  metric: MetricInfo;
  comparison: Comparison;
  comparisonLabel: string;
  current: BenchmarkResult | NoBenchmark;
}

/** Every linked indicator of the plan, benchmarked for `asked` (our own figure standing in when the file has none). */
export async function planBenchmarks(
  store: Store,
  planId: number,
  asked: Period,
  ourActual: (indicatorId: number) => number | null,
): Promise<PlanBenchmark[]> {
  const links = await planLinks(store, planId);
  if (!links.size) return [];
  const ctx = await benchmarkContext(store);
  const out: PlanBenchmark[] = [];
  for (const [indicatorId, link] of links) {
    const m = await findMetric(store.db, link.metricId);
    if (!m) continue;
    const metric = toMetricInfo(m);
    const comparisonLabel =
      link.comparison.kind === 'group'
        ? (ctx.groups.get(link.comparison.groupId)?.name ?? 'A comparator group no longer there')
        : COMPARISON_LABEL[link.comparison.kind];
    out.push({
      indicatorId,
      number: link.number,
      metric,
      comparison: link.comparison,
      comparisonLabel,
      current: await benchmarkFor(store, ctx, {
        metric,
        comparison: link.comparison,
        asked,
        ourActual: ourActual(indicatorId),
      }),
    });
  }
  return out;
}

/** What the benchmarking overview shows: which council this is, and how much has been loaded. */
export async function benchmarkOverview(store: Store) {
  const us = await ourCouncil(store);
  const groups = (await comparatorGroups(store)).size;
  const metrics = await listMetrics(store.db, { limit: 1, offset: 0 });
  return {
    us,
    groups,
    metrics: metrics.total,
    sources: await metricSources(store.db),
    uploads: await recentUploads(store),
  };
}

/** The closest councils to what was typed, to choose from when it matched none (or several). */
export async function councilChoices(store: Store, text: string): Promise<{ value: string; text: string }[]> {
  const m = (await areaDirectory(store)).match(text);
  if (m.kind !== 'unknown' && m.kind !== 'ambiguous') return [];
  return m.candidates.map((c) => ({ value: c.gssCode ?? c.code, text: `${councilLabel(c)}, ${c.typeName}` }));
}

/** The comparisons every council has without importing anything, for us; and the choices for building a group. */
export async function builtInComparisons(store: Store) {
  const us = await ourCouncil(store);
  const directory = await areaDirectory(store);
  const current = directory.councils.filter((c) => c.current);
  const types = new Map<string, string>();
  for (const c of current) types.set(c.typeCode, c.typeName);
  const count = (f: (c: (typeof current)[number]) => boolean) => current.filter(f).length;
  return {
    us: us ? councilLabel(us) : null,
    builtIns: us
      ? [
          {
            name: COMPARISON_LABEL.type,
            councils: count((c) => c.nation === us.nation && c.typeCode === us.typeCode),
            detail: `${us.typeName}, ${us.nation}`,
          },
          {
            name: COMPARISON_LABEL.nation,
            councils: count((c) => c.nation === us.nation),
            detail: us.nation,
          },
          ...(us.region
            ? [
                {
                  name: COMPARISON_LABEL.region,
                  councils: count((c) => c.region === us.region),
                  detail: us.region,
                },
              ]
            : []),
        ]
      : [],
    types: [...types].map(([value, text]) => ({ value, text })).sort((a, b) => a.text.localeCompare(b.text)),
    regions: [...new Set(current.map((c) => c.region).filter((r): r is string => Boolean(r)))].sort(),
    nations: [...new Set(current.map((c) => c.nation))].sort(),
  };
}

/** Metrics matching words in their code or title, for the link form (at most `limit`). */
export async function searchMetrics(store: Store, q: string, limit = 20) {
  const r = await listMetrics(store.db, { q: q.trim() || undefined, limit, offset: 0 });
  return { total: r.total, metrics: r.rows.map(toMetricInfo) };
}
