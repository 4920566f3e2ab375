/**
 * The performance pages: home, plan, priority, outcome, indicator, dashboards, indicator search,
 * priorities × directorates matrix and the second framework. All GET, all shareable URLs, all
 * working without JavaScript.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../app/errors.js';
import {
  buildIndicatorYears,
  buildOutcomeHistory,
  defaultPlanAndPeriod,
  draftAudience,
  forAudience,
  type DraftAudience,
  planForPeriod,
  planQuarters,
  toSummaryOutcomes,
} from '../../../app/scorecard.js';
import { scopeOutcomes } from '../../../app/summary.js';
import { indicatorAssignees } from '../../../app/collection/rounds.js';
import { comparePeriods, previousPeriod, type Period } from '../../../domain/periods.js';
import type { PlanRecord } from '../../../app/records.js';
import { summarise } from '../../../domain/summary.js';
import { findIndicatorByNumber, findOutcomeByCode } from '../../../app/performance.js';
import { supportingActions } from '../plans/supporting.js';
import type { WebDeps } from '../../deps.js';
import type { PageCache } from '../../page-cache.js';
import { paths, routePatterns } from '../../paths.js';
import { indicatorPage, outcomePage } from './detail-presenter.js';
import { spcOptionsRoutes } from './spc-options-routes.js';
import { loadPageFrame, quarterOrFail } from './frame-loader.js';
import { benchmarkPanel } from '../benchmarking/panel.js';
import { spcDashboard, spcPanel } from './spc-presenter.js';
import { benchmarkDashboard } from './benchmark-column.js';
import { pageKey, readFilters, single, type RawQuery } from './filters.js';
import {
  dashboardPage,
  homePage,
  indicatorListPage,
  matrixPage,
  planPage,
  priorityPage,
  secondFrameworkPage,
  type PageFrame,
} from './presenter.js';

const READ = { config: { access: 'read-internal' as const } };

type PlanParams = { Params: { planId: string }; Querystring: RawQuery };
type ItemParams = { Params: { planId: string; item: string }; Querystring: RawQuery };

export function performanceRoutes(app: FastifyInstance, deps: WebDeps, cache: PageCache): void {
  const { store } = deps;

  /**
   * Which drafts the viewer may see, and the page's cache key: what they may see comes first, so a
   * page rendered with someone's drafts is only ever sent to someone who may see them.
   */
  async function viewer(req: FastifyRequest<{ Querystring: RawQuery }>) {
    const audience: DraftAudience = await draftAudience(store, req.session?.user ?? null);
    return { audience, key: `${audience.key}|${pageKey(req.url.split('?')[0] ?? '/', req.query)}` };
  }

  const frameFor = (planIdText: string, raw: RawQuery): Promise<PageFrame> =>
    loadPageFrame(store, planIdText, raw);

  app.get<{ Querystring: RawQuery }>(paths.home(), READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const periodText = single(req.query, 'period');
        let period: Period;
        let plan: PlanRecord;
        if (periodText) {
          period = quarterOrFail(periodText);
          plan = await planForPeriod(store, period);
        } else {
          ({ plan, period } = await defaultPlanAndPeriod(store));
        }
        const s = await cache.scorecard(plan, period, version, audience);
        const periods = planQuarters(plan);
        const prev = previousPeriod(period);
        const sameP = periods.some((p) => p.code === prev.code);
        const previous = {
          period: prev,
          scorecard: sameP ? await cache.scorecard(plan, prev, version, audience) : null,
        };
        return {
          template: 'performance/home.njk',
          context: homePage({ plan: s.plan, period, periods }, s, previous),
        };
      }),
    ),
  );

  // The first page's address, kept for old links and bookmarks.
  app.get<{ Querystring: RawQuery }>(paths.framework(), READ, (req, reply) =>
    reply.redirect(paths.home({ period: single(req.query, 'period') }), 301),
  );

  app.get<PlanParams>(routePatterns.plan, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        return { template: 'performance/plan.njk', context: planPage(f, s) };
      }),
    ),
  );

  app.get<ItemParams>(routePatterns.priority, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        const p = s.priorities.find((x) => x.code === req.params.item);
        if (!p) throw notFound(`There is no priority ${req.params.item} in ${f.plan.title}.`);
        const { label, outcomes } = scopeOutcomes(s, { kind: 'priority', code: p.code });
        const summary = summarise(s.period.label, label, toSummaryOutcomes(outcomes));
        return {
          template: 'performance/priority.njk',
          context: {
            ...priorityPage(f, s, p.code, summary),
            supportingActions: await supportingActions(store, 'priority', f.plan.id, p.code),
          },
        };
      }),
    ),
  );

  async function history(f: PageFrame, outcomeId: number, audience: DraftAudience) {
    const upTo = f.periods.filter((p) => comparePeriods(p, f.period) <= 0);
    return (await buildOutcomeHistory(store, f.plan, outcomeId, upTo)).map((s) => forAudience(s, audience));
  }

  app.get<ItemParams>(routePatterns.outcome, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async () => {
        const f = await frameFor(req.params.planId, req.query);
        const o = await findOutcomeByCode(store, f.plan.id, req.params.item);
        if (!o) throw notFound(`There is no outcome ${req.params.item} in ${f.plan.title}.`);
        return {
          template: 'performance/outcome.njk',
          context: {
            ...outcomePage(f, await history(f, o.id, audience)),
            supportingActions: await supportingActions(store, 'outcome', f.plan.id, o.code),
          },
        };
      }),
    ),
  );

  app.get<ItemParams>(routePatterns.indicator, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async () => {
        const f = await frameFor(req.params.planId, req.query);
        const record = await findIndicatorByNumber(store, f.plan.id, req.params.item);
        if (!record) throw notFound(`There is no indicator ${req.params.item} in ${f.plan.title}.`);
        const h = await history(f, record.outcome_id, audience);
        // The indicators it continues in earlier plans: its history runs across the plan boundary.
        const earlier = (await buildIndicatorYears(store, record.id)).map((y) => ({
          ...y,
          history: y.history.map((s) => forAudience(s, audience)),
        }));
        return {
          template: 'performance/indicator.njk',
          context: {
            ...indicatorPage(f, h, record, await indicatorAssignees(store, f.plan.id, record.id), earlier),
            spc: await spcPanel(store, record, f.period, audience.all),
            benchmark: await benchmarkPanel(store, f.plan.id, record.number, f.period, h, audience.all),
          },
        };
      }),
    ),
  );

  app.get<PlanParams>(routePatterns.indicators, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        const { filters, problems } = readFilters(req.query, s, { paged: true });
        return {
          template: 'performance/indicators.njk',
          context: indicatorListPage(f, s, filters, problems),
          status: problems.length ? 400 : 200,
        };
      }),
    ),
  );

  app.get<PlanParams>(routePatterns.dashboard, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        const { filters, problems } = readFilters(req.query, s);
        return {
          template: 'performance/dashboard.njk',
          context: {
            ...dashboardPage(f, s, filters, problems),
            ...(await spcDashboard(store, f, single(req.query, 'spc') === 'yes')),
            ...benchmarkDashboard(s, single(req.query, 'benchmark') === 'yes'),
          },
          status: problems.length ? 400 : 200,
        };
      }),
    ),
  );

  app.get<PlanParams>(routePatterns.matrix, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        return { template: 'performance/matrix.njk', context: matrixPage(f, s) };
      }),
    ),
  );

  app.get<PlanParams>(routePatterns.secondFramework, READ, (req, reply) =>
    viewer(req).then(({ audience, key }) =>
      cache.send(reply, key, async (version) => {
        const f = await frameFor(req.params.planId, req.query);
        const s = await cache.scorecard(f.plan, f.period, version, audience);
        if (!s.secondFramework) throw notFound(`${f.plan.title} has no second framework.`);
        return { template: 'performance/second-framework.njk', context: secondFrameworkPage(f, s) };
      }),
    ),
  );

  spcOptionsRoutes(app, deps);
}
