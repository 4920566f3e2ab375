/**
 * Benchmark metrics as the performance team keeps them (issue 13): found by words, each with the
 * periods it has figures for; and its title, polarity (which way is better) and unit corrected — the
 * form names the version it was read at, so a change someone else saved meanwhile is refused. Audited.
 */
import { METRIC_UNITS, type MetricUnit } from '../domain/benchmark-mapping.js';
import type { MetricInfo } from '../domain/benchmark-result.js';
import { METRIC_POLARITIES, type MetricPolarity } from '../domain/benchmark-stats.js';
import { comparePeriods, periodFromCode, type Period } from '../domain/periods.js';
import type { Problem } from '../domain/problem.js';
import {
  findMetric,
  listMetrics,
  metricPeriods,
  metricSources,
  updateMetricIfVersion,
} from '../storage/benchmark-values.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import { toMetricInfo } from './benchmark-standing.js';
import type { Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import type { Store } from './store.js';

export const METRICS_PAGE_SIZE = 50;

export async function metricList(store: Store, q: { q?: string; source?: string; page?: number }) {
  const page = Math.max(1, q.page ?? 1);
  const r = await listMetrics(store.db, {
    q: q.q?.trim() || undefined,
    source: q.source || undefined,
    limit: METRICS_PAGE_SIZE,
    offset: (page - 1) * METRICS_PAGE_SIZE,
  });
  return {
    total: r.total,
    page,
    pages: Math.max(1, Math.ceil(r.total / METRICS_PAGE_SIZE)),
    metrics: r.rows.map((m) => ({ ...toMetricInfo(m), version: m.version })),
    sources: await metricSources(store.db),
  };
}

export interface MetricDetail extends MetricInfo {
  version: number;
  periods: { period: Period; councils: number }[];
}

export async function metricDetail(store: Store, id: number): Promise<MetricDetail> {
  const m = await findMetric(store.db, id);
  if (!m) throw notFound('There is no such benchmark metric.');
  const periods = (await metricPeriods(store.db, id))
    .map((p) => ({ period: periodFromCode(p.period_code), councils: p.n }))
    .sort((a, b) => comparePeriods(b.period, a.period));
  return { ...toMetricInfo(m), version: m.version, periods };
}

/** Corrects a metric's title, polarity or unit; CONFLICT when the form is stale. */
export async function changeMetric(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  input: { title: string; polarity: string; unit: string },
  clock: Clock,
): Promise<void> {
  const before = await findMetric(store.db, id);
  if (!before) throw notFound('There is no such benchmark metric.');
  const problems: Problem[] = [];
  const title = input.title.trim();
  if (!title) problems.push({ field: 'title', message: 'Enter the metric’s title' });
  else if (title.length > 500)
    problems.push({ field: 'title', message: `Enter at most 500 characters (you entered ${title.length})` });
  if (!(METRIC_POLARITIES as readonly string[]).includes(input.polarity))
    problems.push({ field: 'polarity', message: 'Choose which way is better' });
  if (!(METRIC_UNITS as readonly string[]).includes(input.unit))
    problems.push({ field: 'unit', message: 'Choose the unit' });
  if (problems.length) throw new CairnError('INVALID_INPUT', 'The metric could not be saved.', problems);
  const change = {
    title,
    polarity: input.polarity as MetricPolarity,
    unit: input.unit as MetricUnit,
  };
  await transaction(store.db, async (trx) => {
    if (!(await updateMetricIfVersion(trx, id, version, change)))
      throw new CairnError(
        'CONFLICT',
        `Someone else changed ${before.title} while you were looking at it. This is it as it is now: look again, then save.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'benchmark.metric',
        entity: 'benchmark_metric',
        entityId: id,
        before: { title: before.title, polarity: before.polarity, unit: before.unit },
        after: change,
      },
      clock,
    );
  });
}
