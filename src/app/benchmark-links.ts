/**
 * Linking an indicator (ours) to a metric (national), and the comparison it is made against: every
 * council in our nation, of our type, in our region, or a comparator group. One link per indicator;
 * changing it names the version the form was read at (a stale change is refused). Audited. A link is
 * benchmarking data rather than part of the framework, so linking is allowed whatever the plan's
 * status (it changes no target; it lets a benchmark target be rated).
 */
import {
  COMPARISON_LABEL,
  comparisonCode,
  parseComparison,
  type Comparison,
} from '../domain/benchmark-comparisons.js';
import { GROUP_KIND_LABEL } from '../domain/benchmark-groups.js';
import type { Period } from '../domain/periods.js';
import {
  deleteLinkIfVersion,
  findLink,
  indicatorInPlan,
  insertLink,
  linksOfPlan,
  updateLinkIfVersion,
} from '../storage/benchmark-links.js';
import { findMetric, findMetricByCode } from '../storage/benchmark-values.js';
import { findIndicator } from '../storage/performance-repository.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import {
  benchmarkContext,
  benchmarkFor,
  benchmarkHistory,
  isBenchmark,
  toMetricInfo,
  type BenchmarkContext,
  type BenchmarkResult,
  type NoBenchmark,
} from './benchmark-standing.js';
import { comparatorGroups } from './benchmark-groups.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import type { Store } from './store.js';
import type { MetricInfo } from '../domain/benchmark-result.js';

export interface IndicatorLink {
  indicatorId: number;
  metric: MetricInfo;
  comparison: Comparison;
  version: number;
  linkedAt: string;
  linkedBy: string;
}

export async function indicatorLink(store: Store, indicatorId: number): Promise<IndicatorLink | null> {
  const link = await findLink(store.db, indicatorId);
  if (!link) return null;
  const metric = await findMetric(store.db, link.metric_id);
  if (!metric) return null;
  return {
    indicatorId,
    metric: toMetricInfo(metric),
    comparison: parseComparison(link.comparison) ?? { kind: 'nation' },
    version: link.version,
    linkedAt: link.linked_at,
    linkedBy: link.linked_by,
  };
}

/** The plan's indicators that are linked: indicator id → metric id and comparison. */
export async function planLinks(
  store: Store,
  planId: number,
): Promise<Map<number, { number: string; metricId: number; comparison: Comparison }>> {
  const rows = await linksOfPlan(store.db, planId);
  return new Map(
    rows.map((r) => [
      r.indicator_id,
      {
        number: r.number,
        metricId: r.metric_id,
        comparison: parseComparison(r.comparison) ?? { kind: 'nation' },
      },
    ]),
  );
}

/** Finds a metric by "SOURCE:CODE", a code (when only one source has it) or an id. */
export async function resolveMetric(store: Store, text: string, source?: string): Promise<MetricInfo> {
  const t = text.trim();
  const colon = source ? -1 : t.indexOf(':');
  const [src, code] = colon > 0 ? [t.slice(0, colon).trim(), t.slice(colon + 1).trim()] : [source, t];
  const found = await findMetricByCode(store.db, code!, src);
  if (found.length === 1) return toMetricInfo(found[0]!);
  if (found.length > 1)
    throw new CairnError(
      'INVALID_INPUT',
      `Metric ${code} comes from ${found.length} sources (${found.map((m) => m.source).join(', ')}): say which, as SOURCE:${code}.`,
      [
        {
          field: 'metric',
          message: `Say which source’s ${code}: ${found.map((m) => `${m.source}:${code}`).join(' or ')}`,
        },
      ],
    );
  throw new CairnError('NOT_FOUND', `There is no benchmark metric ${t}. Import its figures first.`, [
    { field: 'metric', message: `There is no metric ${t}: import its figures first` },
  ]);
}

/** Every comparison one could choose, for a form: the built-ins, then each group. */
export async function comparisonOptions(store: Store): Promise<{ value: string; text: string }[]> {
  const groups = [...(await comparatorGroups(store)).values()];
  return [
    ...(['nation', 'type', 'region'] as const).map((k) => ({ value: k, text: COMPARISON_LABEL[k] })),
    ...groups.map((g) => ({
      value: comparisonCode({ kind: 'group', groupId: g.id }),
      text: `${g.name} (${GROUP_KIND_LABEL[g.kind]})`,
    })),
  ];
}

/**
 * Links (or re-links) an indicator to a metric. `version` is the link's version the form was read at,
 * 0 when there was none; a stale one is a CONFLICT.
 */
export async function linkIndicator(
  store: Store,
  actor: Actor,
  input: { planId: number; indicatorId: number; metricId: number; comparison: string; version: number },
  clock: Clock,
): Promise<void> {
  const comparison = parseComparison(input.comparison);
  if (!comparison)
    throw new CairnError('INVALID_INPUT', 'Choose who the indicator is compared with.', [
      { field: 'comparison', message: 'Choose who the indicator is compared with' },
    ]);
  if (comparison.kind === 'group' && !(await comparatorGroups(store)).has(comparison.groupId))
    throw new CairnError('INVALID_INPUT', 'That comparator group no longer exists.', [
      { field: 'comparison', message: 'That comparator group no longer exists: choose another' },
    ]);
  const metric = await findMetric(store.db, input.metricId);
  if (!metric)
    throw new CairnError('INVALID_INPUT', 'Choose the metric to compare with.', [
      { field: 'metric', message: 'Choose the national metric this indicator is compared with' },
    ]);
  const at = isoNow(clock);
  await transaction(store.db, async (trx) => {
    const ind = await findIndicatorById(trx, input.planId, input.indicatorId);
    const before = await findLink(trx, input.indicatorId);
    const row = {
      indicatorId: input.indicatorId,
      metricId: metric.id,
      comparison: comparisonCode(comparison),
      at,
      by: actor.name,
    };
    if (!before) {
      if (input.version !== 0)
        throw new CairnError(
          'CONFLICT',
          `Someone else removed indicator ${ind.number}'s benchmark while you were changing it.`,
        );
      await insertLink(trx, row);
    } else if (!(await updateLinkIfVersion(trx, row, input.version)))
      throw new CairnError(
        'CONFLICT',
        `Someone else changed indicator ${ind.number}'s benchmark while you were changing it: it is now compared with another metric or group. Look again, then save.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'indicator.benchmark',
        entity: 'indicator',
        entityId: input.indicatorId,
        before: before ? { metric: before.metric_id, comparison: before.comparison } : null,
        after: { metric: metric.id, code: `${metric.source}:${metric.code}`, comparison: row.comparison },
      },
      clock,
    );
  });
}

async function findIndicatorById(trx: Store['db'], planId: number, indicatorId: number) {
  const ind = await indicatorInPlan(trx, planId, indicatorId);
  if (!ind) throw notFound('There is no such indicator in this plan.');
  return ind;
}

export async function unlinkIndicator(
  store: Store,
  actor: Actor,
  input: { indicatorId: number; version: number },
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const before = await findLink(trx, input.indicatorId);
    if (!before) return;
    if (!(await deleteLinkIfVersion(trx, input.indicatorId, input.version)))
      throw new CairnError(
        'CONFLICT',
        'Someone else changed this benchmark while you were looking at it: look again.',
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'indicator.benchmark.remove',
        entity: 'indicator',
        entityId: input.indicatorId,
        before: { metric: before.metric_id, comparison: before.comparison },
      },
      clock,
    );
  });
}

export interface IndicatorBenchmark {
  link: IndicatorLink;
  /** The benchmark for the period asked about, or why there is none. */
  current: BenchmarkResult | NoBenchmark;
  /** Every period of the metric up to the one asked about, oldest first. */
  history: BenchmarkResult[];
}

/** An indicator's benchmark for the indicator page: now, and over time. Null when it is not linked. */
export async function indicatorBenchmark(
  store: Store,
  planId: number,
  number: string,
  asked: Period,
  ourActual: number | null,
  ctx?: BenchmarkContext,
): Promise<IndicatorBenchmark | null> {
  const ind = await findIndicator(store.db, planId, number);
  if (!ind) return null;
  const link = await indicatorLink(store, ind.id);
  if (!link) return null;
  const c = ctx ?? (await benchmarkContext(store));
  const current = await benchmarkFor(store, c, {
    metric: link.metric,
    comparison: link.comparison,
    asked,
    ourActual,
  });
  const history = isBenchmark(current)
    ? await benchmarkHistory(store, c, link.metric, link.comparison, asked)
    : [];
  return { link, current, history };
}
