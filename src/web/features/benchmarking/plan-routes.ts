/**
 * Benchmarking within a plan (issue 13): the form that links an indicator to a national metric and
 * chooses who it is compared with (or unlinks it), carrying the link's version so a stale form is
 * refused (409); and the plan's benchmarking page — every linked indicator with our quartile and rank
 * against its comparison, filterable by directorate and quartile, sortable, and downloadable as CSV
 * and Excel through the shared renderers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import {
  comparisonOptions,
  indicatorLink,
  linkIndicator,
  unlinkIndicator,
} from '../../../app/benchmark-links.js';
import { planBenchmarks, searchMetrics } from '../../../app/benchmark-page.js';
import { comparisonCode } from '../../../app/benchmark-standing.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { findIndicatorByNumber, findPlan } from '../../../app/performance.js';
import { buildScorecard, draftAudience, forAudience, type Scorecard } from '../../../app/scorecard.js';
import { QUARTILE_LABEL } from '../../../domain/benchmark-stats.js';
import type { Problem } from '../../../domain/problem.js';
import { cell, type Cell, type ReportDocument } from '../../../render/document.js';
import { fileName, type Format } from '../../../render/formats.js';
import { rendererFor } from '../../../render/renderers.js';
import { form, optionalId, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { sendDownload } from '../../download.js';
import { errorSummary } from '../../error-summary.js';
import { readId } from '../../params.js';
import { paths, routePatterns, type BenchmarkFilters } from '../../paths.js';
import { allows } from '../../../app/access/roles.js';
import { single, type RawQuery } from '../performance/filters.js';
import { loadPageFrame } from '../performance/frame-loader.js';
import { frame } from '../performance/page-frame.js';
import { benchmarkLine, type BenchmarkLine } from './presenter.js';

const MANAGE = { config: { access: 'manage-benchmarking' as const } };
const READ = { config: { access: 'read-internal' as const } };
const LinkBody = form({ metric: optionalId, comparison: text, version, action: text });

type ItemParams = { Params: { planId: string; item: string }; Querystring: RawQuery };
type PlanParams = { Params: { planId: string }; Querystring: RawQuery };

const SORTS = ['number', 'quartile', 'rank', 'distance'] as const;
type Sort = (typeof SORTS)[number];
const SORT_LABEL: Record<Sort, string> = {
  number: 'Indicator number',
  quartile: 'Quartile, best first',
  rank: 'Rank, best first',
  distance: 'Distance from the median, best first',
};
const QUARTILE_FILTERS = ['1', '2', '3', '4', 'none'];

const byNumber = (a: BenchmarkLine, b: BenchmarkLine) =>
  a.number.localeCompare(b.number, 'en-GB', { numeric: true });
const nullsLast = (a: number | null, b: number | null) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b;
const SORTERS: Record<Sort, (a: BenchmarkLine, b: BenchmarkLine) => number> = {
  number: byNumber,
  quartile: (a, b) => nullsLast(a.quartile, b.quartile) || byNumber(a, b),
  rank: (a, b) => nullsLast(a.rank, b.rank) || byNumber(a, b),
  distance: (a, b) =>
    nullsLast(a.distance === null ? null : -a.distance, b.distance === null ? null : -b.distance) ||
    byNumber(a, b),
};

export function benchmarkPlanRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  // ---- linking an indicator ----
  async function loadIndicator(params: { planId: string; item: string }) {
    const planId = readId(params.planId);
    const plan = planId === undefined ? undefined : await findPlan(store, planId);
    const ind = plan ? await findIndicatorByNumber(store, plan.id, params.item) : undefined;
    if (!plan || !ind) throw notFound('There is no such indicator in this plan.');
    return { plan, ind };
  }

  async function linkPage(
    reply: FastifyReply,
    params: { planId: string; item: string },
    opts: {
      q?: string;
      metric?: number;
      comparison?: string;
      version?: number;
      problems?: Problem[];
      notice?: string;
      status?: number;
    } = {},
  ) {
    const { plan, ind } = await loadIndicator(params);
    const link = await indicatorLink(store, ind.id);
    const q = opts.q ?? '';
    const found = await searchMetrics(store, q || ind.title.split(/\s+/).slice(0, 2).join(' '), 30);
    // With no match for the indicator's words, every metric (a page of them) to choose from.
    const shown = !q && found.total === 0 ? await searchMetrics(store, '', 30) : found;
    const chosen = opts.metric ?? link?.metric.id;
    const metrics = shown.metrics.map((m) => ({
      value: String(m.id),
      text: `${m.title}`,
      hint: { text: `${m.source}, ${m.code}` },
      checked: m.id === chosen,
    }));
    if (link && !shown.metrics.some((m) => m.id === link.metric.id))
      metrics.unshift({
        value: String(link.metric.id),
        text: link.metric.title,
        hint: { text: `${link.metric.source}, ${link.metric.code} (linked now)` },
        checked: chosen === link.metric.id,
      });
    const comparison = opts.comparison ?? (link ? comparisonCode(link.comparison) : 'nation');
    const { errorList, fieldErrors } = errorSummary(
      [...(opts.notice ? [{ message: opts.notice }] : []), ...(opts.problems ?? [])],
      { fallbackHref: '#metric' },
    );
    return reply.code(opts.status ?? 200).render('benchmarking/link.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Compare indicator ${ind.number} with other councils`,
      breadcrumbs: [
        { text: 'Home', href: paths.home() },
        { text: plan.title, href: paths.plan(plan.id) },
        { text: `Indicator ${ind.number}`, href: paths.indicator(plan.id, ind.number) },
      ],
      caption: `Indicator ${ind.number}: ${ind.title}`,
      action: paths.indicatorBenchmark(plan.id, ind.number),
      searchAction: paths.indicatorBenchmark(plan.id, ind.number),
      q,
      total: shown.total,
      metrics,
      comparisons: (await comparisonOptions(store)).map((o) => ({ ...o, selected: o.value === comparison })),
      version: opts.version ?? link?.version ?? 0,
      linked: link
        ? {
            metric: `${link.metric.title} (${link.metric.source}, ${link.metric.code})`,
            version: link.version,
          }
        : null,
      errors: errorList,
      fieldErrors,
      cancel: `${paths.indicator(plan.id, ind.number)}#benchmark`,
      uploadUrl: paths.benchmarkDataUpload(),
    });
  }

  app.get<ItemParams>(routePatterns.indicatorBenchmark, MANAGE, async (req, reply) =>
    linkPage(reply, req.params, { q: single(req.query, 'q') ?? '' }),
  );

  app.post<ItemParams>(routePatterns.indicatorBenchmark, MANAGE, async (req, reply) => {
    const { plan, ind } = await loadIndicator(req.params);
    const body = readBody(LinkBody, req.body);
    const actor = userActor((req as FastifyRequest).session!.user);
    try {
      if (body.action === 'unlink')
        await unlinkIndicator(store, actor, { indicatorId: ind.id, version: body.version }, clock);
      else
        await linkIndicator(
          store,
          actor,
          {
            planId: plan.id,
            indicatorId: ind.id,
            metricId: body.metric ?? 0,
            comparison: body.comparison,
            version: body.version,
          },
          clock,
        );
    } catch (e) {
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return linkPage(reply, req.params, {
          metric: body.metric,
          comparison: body.comparison,
          version: body.version,
          problems: e.details.length ? e.details : [{ field: 'metric', message: e.message }],
          status: 400,
        });
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return linkPage(reply, req.params, { notice: e.message, status: 409 });
      throw e;
    }
    return reply.redirect(`${paths.indicator(plan.id, ind.number)}#benchmark`, 303);
  });

  // ---- the plan's benchmarking page ----
  async function planLines(req: FastifyRequest<PlanParams>) {
    const f = await loadPageFrame(store, req.params.planId, req.query);
    const audience = await draftAudience(store, req.session?.user ?? null);
    const s: Scorecard = forAudience(await buildScorecard(store, f.period, f.plan), audience);
    const indicators = new Map(
      s.priorities.flatMap((p) =>
        p.outcomes.flatMap((o) => o.indicators.map((i) => [i.id, { i, o }] as const)),
      ),
    );
    const results = await planBenchmarks(
      store,
      f.plan.id,
      f.period,
      (id) => indicators.get(id)?.i.value?.actual ?? null,
    );
    const lines: BenchmarkLine[] = [];
    for (const r of results) {
      const found = indicators.get(r.indicatorId);
      if (!found) continue;
      lines.push(
        benchmarkLine(
          {
            number: found.i.number,
            title: found.i.title,
            url: `${paths.indicator(f.plan.id, found.i.number, { period: f.period.code })}#benchmark`,
            directorate: { code: found.o.directorate.code, name: found.o.directorate.name },
            metric: `${r.metric.title} (${r.metric.source})`,
          },
          r,
        ),
      );
    }
    const directorates = [...new Map(lines.map((l) => [l.directorate.code, l.directorate])).values()].sort(
      (a, b) => a.name.localeCompare(b.name),
    );
    const problems: { text: string; href: string }[] = [];
    const directorate = single(req.query, 'directorate') ?? '';
    const quartile = single(req.query, 'quartile') ?? '';
    const sortText = single(req.query, 'sort') ?? '';
    if (
      directorate &&
      !directorates.some((d) => d.code === directorate) &&
      !s.priorities.some((p) => p.outcomes.some((o) => o.directorate.code === directorate))
    )
      problems.push({
        text: `There is no directorate “${directorate}” in ${f.plan.title}`,
        href: '#directorate',
      });
    if (quartile && !QUARTILE_FILTERS.includes(quartile))
      problems.push({ text: 'Choose a quartile from the list', href: '#quartile' });
    if (sortText && !(SORTS as readonly string[]).includes(sortText))
      problems.push({ text: 'Choose how to sort from the list', href: '#sort' });
    const sort: Sort = (SORTS as readonly string[]).includes(sortText) ? (sortText as Sort) : 'number';
    const shown = lines
      .filter((l) => !directorate || l.directorate.code === directorate)
      .filter(
        (l) =>
          !quartile ||
          !QUARTILE_FILTERS.includes(quartile) ||
          (quartile === 'none' ? l.quartile === null : l.quartile === Number(quartile)),
      )
      .sort(SORTERS[sort]);
    const filters: BenchmarkFilters = {
      period: f.period.code,
      directorate: directorate || undefined,
      quartile: quartile || undefined,
      sort: sort === 'number' ? undefined : sort,
    };
    return { f, s, lines, shown, directorates, filters, problems, sort, directorate, quartile };
  }

  app.get<PlanParams>(routePatterns.benchmarking, READ, async (req, reply) => {
    const p = await planLines(req);
    const planId = p.f.plan.id;
    return reply.code(p.problems.length ? 400 : 200).render('benchmarking/plan.njk', {
      ...frame(p.f, 'benchmarking', p.s),
      pageTitle: `${p.problems.length ? 'Error: ' : ''}Benchmarking – ${p.f.period.label} – ${p.f.plan.title}`,
      problems: p.problems,
      action: paths.benchmarking(planId),
      total: p.lines.length,
      lines: p.shown,
      directorateOptions: [
        { value: '', text: 'All directorates' },
        ...p.directorates.map((d) => ({ value: d.code, text: d.name, selected: d.code === p.directorate })),
      ],
      quartileOptions: [
        { value: '', text: 'Any quartile' },
        ...[1, 2, 3, 4].map((q) => ({
          value: String(q),
          text: QUARTILE_LABEL[q as 1 | 2 | 3 | 4],
          selected: p.quartile === String(q),
        })),
        { value: 'none', text: 'No quartile or no data', selected: p.quartile === 'none' },
      ],
      sortOptions: SORTS.map((s) => ({ value: s, text: SORT_LABEL[s], selected: s === p.sort })),
      filtered: Boolean(p.directorate || p.quartile || p.sort !== 'number'),
      clearUrl: paths.benchmarking(planId, { period: p.f.period.code }),
      downloads: [
        { text: 'CSV', url: paths.benchmarkingDownload(planId, 'csv', p.filters) },
        { text: 'Excel workbook (.xlsx)', url: paths.benchmarkingDownload(planId, 'xlsx', p.filters) },
      ],
      canManage: allows('manage-benchmarking', req.session?.user.role ?? null),
      manageUrl: paths.benchmarkHome(),
    });
  });

  async function download(req: FastifyRequest<PlanParams>, reply: FastifyReply, format: Format) {
    const p = await planLines(req);
    const head: Cell[][] = [
      [
        'No.',
        'Indicator',
        'Directorate',
        'Metric',
        'Compared with',
        'Period',
        'Our figure',
        'Rank',
        'Of',
        'Quartile',
        'Against the median',
        'Why no data',
      ].map((t) => cell(t)),
    ];
    const rows: Cell[][] = p.shown.map((l) => [
      cell(l.number, { rowHeader: true }),
      cell(l.title),
      cell(l.directorate.name),
      cell(l.metric),
      cell(l.comparison),
      cell(l.period ?? ''),
      l.valueNumber === null ? cell('') : cell(l.value ?? '', { value: l.valueNumber }),
      l.rank === null ? cell('') : cell(String(l.rank), { value: l.rank }),
      l.n === null ? cell('') : cell(String(l.n), { value: l.n }),
      cell(l.quartileText),
      cell(l.words),
      cell(l.reason ?? ''),
    ]);
    const table = {
      kind: 'table' as const,
      caption: `Benchmarking, ${p.f.period.label}`,
      head,
      rows,
      sheet: 'Benchmarking',
    };
    const doc: ReportDocument = {
      title: `${p.f.plan.title}: benchmarking, ${p.f.period.label}`,
      language: 'en-GB',
      council: deps.brand.councilName,
      asAt: clock.now().toISOString(),
      version: null,
      blocks: [
        { kind: 'heading', level: 1, text: `${p.f.plan.title}: benchmarking, ${p.f.period.label}` },
        table,
      ],
      data: table,
    };
    const renderer = await rendererFor(format);
    return sendDownload(reply, {
      bytes: await renderer.render(doc, { colour: deps.brand.colour }),
      contentType: renderer.contentType,
      name: fileName(`${p.f.plan.title} benchmarking ${p.f.period.code}`, format),
    });
  }

  app.get<PlanParams>(routePatterns.benchmarkingCsv, READ, (req, reply) => download(req, reply, 'csv'));
  app.get<PlanParams>(routePatterns.benchmarkingXlsx, READ, (req, reply) => download(req, reply, 'xlsx'));
}
