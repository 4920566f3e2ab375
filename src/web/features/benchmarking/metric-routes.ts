/**
 * Benchmark metrics (issue 13), for the performance team: every metric loaded, found by words or
 * source, a page at a time; and one metric — the periods it has figures for, and its title, which way
 * is better and its unit corrected (a stale form is refused with 409, showing it as it is now).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { userActor } from '../../../app/audit.js';
import { changeMetric, metricDetail, metricList } from '../../../app/benchmark-metrics.js';
import { CairnError } from '../../../app/errors.js';
import { METRIC_UNIT_LABEL, METRIC_UNITS } from '../../../domain/benchmark-mapping.js';
import { POLARITY_PHRASE } from '../../../domain/benchmark-result.js';
import { METRIC_POLARITIES, METRIC_POLARITY_LABEL } from '../../../domain/benchmark-stats.js';
import type { Problem } from '../../../domain/problem.js';
import { form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { id, readParams } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { single, type RawQuery } from '../performance/filters.js';
import { benchmarkCrumbs } from './routes.js';

const MANAGE = { config: { access: 'manage-benchmarking' as const } };
const MetricParams = z.object({ metricId: id });
const MetricBody = form({ title: text, polarity: text, unit: text, version });

export function benchmarkMetricRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  app.get<{ Querystring: RawQuery }>(paths.benchmarkMetrics(), MANAGE, async (req, reply) => {
    const q = single(req.query, 'q') ?? '';
    const source = single(req.query, 'source') ?? '';
    const page = Number(single(req.query, 'page') ?? '1');
    const list = await metricList(store, { q, source, page: Number.isInteger(page) ? page : 1 });
    const at = (p: number) =>
      paths.benchmarkMetrics({ q: q || undefined, source: source || undefined, page: p });
    return reply.render('benchmarking/metrics.njk', {
      pageTitle: 'Benchmark metrics',
      breadcrumbs: benchmarkCrumbs(),
      q,
      sources: [
        { value: '', text: 'Every source' },
        ...list.sources.map((s) => ({ value: s, text: s, selected: s === source })),
      ],
      total: list.total,
      metrics: list.metrics.map((m) => ({
        ...m,
        url: paths.benchmarkMetric(m.id),
        polarity: METRIC_POLARITY_LABEL[m.polarity],
        unit: METRIC_UNIT_LABEL[m.unit as keyof typeof METRIC_UNIT_LABEL] ?? m.unit,
      })),
      previous: list.page > 1 ? at(list.page - 1) : null,
      next: list.page < list.pages ? at(list.page + 1) : null,
      pageText: `Page ${list.page} of ${list.pages}`,
    });
  });

  async function metricPage(
    reply: FastifyReply,
    metricId: number,
    opts: {
      values?: { title: string; polarity: string; unit: string };
      version?: number;
      problems?: Problem[];
      status?: number;
      done?: boolean;
    } = {},
  ) {
    const m = await metricDetail(store, metricId);
    const values = opts.values ?? { title: m.title, polarity: m.polarity, unit: m.unit };
    const { errorList, fieldErrors } = errorSummary(opts.problems ?? [], { fallbackHref: '#title' });
    return reply.code(opts.status ?? 200).render('benchmarking/metric.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}${m.title}`,
      breadcrumbs: benchmarkCrumbs([{ text: 'Metrics', href: paths.benchmarkMetrics() }]),
      metric: { ...m, direction: POLARITY_PHRASE[m.polarity] },
      periods: m.periods.map((p) => ({ period: p.period.label, councils: p.councils })),
      action: paths.benchmarkMetric(m.id),
      version: opts.version ?? m.version,
      values,
      errors: errorList,
      fieldErrors,
      done: opts.done ?? false,
      polarities: METRIC_POLARITIES.map((p) => ({
        value: p,
        text: METRIC_POLARITY_LABEL[p],
        checked: values.polarity === p,
      })),
      units: METRIC_UNITS.map((u) => ({ value: u, text: METRIC_UNIT_LABEL[u], selected: values.unit === u })),
    });
  }

  app.get<{ Querystring: RawQuery }>(routePatterns.benchmarkMetric, MANAGE, async (req, reply) => {
    const { metricId } = readParams(MetricParams, req.params, 'There is no such benchmark metric.');
    return metricPage(reply, metricId, { done: single(req.query, 'done') === 'saved' });
  });

  app.post(routePatterns.benchmarkMetric, MANAGE, async (req, reply) => {
    const { metricId } = readParams(MetricParams, req.params, 'There is no such benchmark metric.');
    const { version: v, ...values } = readBody(MetricBody, req.body);
    try {
      await changeMetric(store, userActor(req.session!.user), metricId, v, values, clock);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return metricPage(reply, metricId, { values, version: v, problems: e.details, status: 400 });
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return metricPage(reply, metricId, { problems: [{ message: e.message }], status: 409 });
      throw e;
    }
    return reply.redirect(`${paths.benchmarkMetric(metricId)}?done=saved`, 303);
  });
}
