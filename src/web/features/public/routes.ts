/**
 * The public site and the open data (issue 15): no sign-in, every page the same for everyone, cached
 * by data version (no account area), working without JavaScript. What is public is app/public.ts's
 * answer alone; anything else is a 404 that says only that there is no such page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../app/errors.js';
import {
  findPublicImprovementPlan,
  findPublicPlan,
  findPublicReport,
  findPublicReportFile,
  openDataLicence,
  publicImprovementPlans,
  publicIndicatorHistory,
  publicOutcomeHistory,
  publicPeriods,
  publicPlans,
  publicReports,
  publicScorecard,
} from '../../../app/public.js';
import { DATASETS, licenceLine, openDatasets } from '../../../app/open-data.js';
import { resolvePeriod, type Scorecard } from '../../../app/scorecard.js';
import { VersionedCache } from '../../../app/versioned-cache.js';
import type { PlanRecord } from '../../../app/records.js';
import type { Period } from '../../../domain/periods.js';
import type { WebDeps } from '../../deps.js';
import type { PageCache, PageSpec } from '../../page-cache.js';
import { sendDownload } from '../../download.js';
import { readId } from '../../params.js';
import { OPEN_DATA_ZIP, paths, routePatterns } from '../../paths.js';
import type { PageFrame } from '../performance/page-frame.js';
import { pageKey, single, type RawQuery } from '../performance/filters.js';
import { datasetCsv, datasetJson, openDataZip } from './open-data-files.js';
import {
  dictionaryPage,
  homePage,
  improvementPlanPage,
  improvementPlansPage,
  openDataPage,
  planPage,
  publicIndicatorPage,
  publicOutcomePage,
  reportPage,
  reportsPage,
} from './presenter.js';

const PUBLIC = { config: { access: 'public' as const } };

/** Said for anything not public, whether it exists or not. */
const NOT_PUBLIC = 'There is no page at this address. It may have been moved or withdrawn.';

type PlanParams = { Params: { planId: string }; Querystring: RawQuery };
type ItemParams = { Params: { planId: string; item: string }; Querystring: RawQuery };
type ReportParams = { Params: { kind: string; versionId: string; format?: string } };

const kindOf = (text: string) => (text === 'quarterly' || text === 'plan' ? text : undefined);

export function publicRoutes(app: FastifyInstance, deps: WebDeps, cache: PageCache): void {
  const { store } = deps;
  const files = new VersionedCache<Buffer>({
    maxEntries: 40,
    maxSize: 32 * 1024 * 1024,
    sizeOf: (b) => b.length,
  });

  /** A public page, cached by data version under its path and the parameters it reads. */
  const send = (
    req: FastifyRequest<{ Querystring: RawQuery }>,
    reply: FastifyReply,
    build: (version: number) => Promise<PageSpec>,
  ) =>
    cache.send(reply, `public|${pageKey(req.url.split('?')[0] ?? '/', req.query ?? {})}`, build, {
      account: false,
    });

  const scorecards = (version: number) => (plan: PlanRecord, period: Period) =>
    cache.scorecard(plan, period, version);

  async function frameFor(planIdText: string, raw: RawQuery): Promise<PageFrame> {
    const planId = readId(planIdText);
    const plan = planId === undefined ? undefined : await findPublicPlan(store, planId);
    if (!plan) throw notFound(NOT_PUBLIC);
    const periods = await publicPeriods(store, plan);
    const text = single(raw, 'period');
    let period: Period | undefined = periods[periods.length - 1];
    if (text) {
      let asked: Period;
      try {
        asked = resolvePeriod(text);
      } catch {
        throw notFound(NOT_PUBLIC);
      }
      period = periods.find((p) => p.code === asked.code);
    }
    if (!period) throw notFound(NOT_PUBLIC);
    return { plan, period, periods };
  }

  app.get(paths.publicHome(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => {
      const plans = await publicPlans(store);
      const withLatest = await Promise.all(
        plans.map(async (plan) => {
          const periods = await publicPeriods(store, plan);
          return { plan, latest: periods[periods.length - 1]?.label ?? null };
        }),
      );
      const reports = (await publicReports(store)).filter((r) => !r.superseded).length;
      const improvement = (await publicImprovementPlans(store)).length;
      return {
        template: 'public/home.njk',
        context: homePage(deps.brand.councilName, withLatest, reports, improvement),
      };
    }),
  );

  app.get<PlanParams>(routePatterns.publicPlan, PUBLIC, (req, reply) =>
    send(req, reply, async (version) => {
      const f = await frameFor(req.params.planId, req.query);
      const s = (await publicScorecard(store, f.plan, f.period, scorecards(version))) as Scorecard;
      return { template: 'public/plan.njk', context: planPage(f, s) };
    }),
  );

  app.get<ItemParams>(routePatterns.publicOutcome, PUBLIC, (req, reply) =>
    send(req, reply, async () => {
      const f = await frameFor(req.params.planId, req.query);
      const history = await publicOutcomeHistory(store, f.plan, req.params.item, f.period);
      if (!history) throw notFound(NOT_PUBLIC);
      return { template: 'public/outcome.njk', context: publicOutcomePage(f, history) };
    }),
  );

  app.get<ItemParams>(routePatterns.publicIndicator, PUBLIC, (req, reply) =>
    send(req, reply, async () => {
      const f = await frameFor(req.params.planId, req.query);
      const found = await publicIndicatorHistory(store, f.plan, req.params.item, f.period);
      if (!found) throw notFound(NOT_PUBLIC);
      return {
        template: 'public/indicator.njk',
        context: publicIndicatorPage(f, found.history, found.record),
      };
    }),
  );

  app.get(paths.publicReports(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => {
      const titles = new Map((await publicImprovementPlans(store)).map((p) => [p.id, p.title]));
      return { template: 'public/reports.njk', context: reportsPage(await publicReports(store), titles) };
    }),
  );

  app.get<ReportParams>(routePatterns.publicReport, PUBLIC, (req, reply) =>
    send(req as unknown as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => {
      const kind = kindOf(req.params.kind);
      const id = readId(req.params.versionId);
      const report = kind && id !== undefined ? await findPublicReport(store, kind, id) : undefined;
      if (!report) throw notFound(NOT_PUBLIC);
      return { template: 'public/report.njk', context: reportPage(report) };
    }),
  );

  app.get<ReportParams>(routePatterns.publicReportFile, PUBLIC, async (req, reply) => {
    const kind = kindOf(req.params.kind);
    const id = readId(req.params.versionId);
    const file =
      kind && id !== undefined
        ? await findPublicReportFile(store, kind, id, req.params.format ?? '')
        : undefined;
    if (!file) throw notFound(NOT_PUBLIC);
    return sendDownload(reply, {
      bytes: file.bytes,
      contentType: file.content_type,
      name: file.file_name,
      sha256: file.sha256,
    });
  });

  app.get(paths.publicImprovementPlans(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => ({
      template: 'public/improvement-plans.njk',
      context: improvementPlansPage(await publicImprovementPlans(store)),
    })),
  );

  app.get<PlanParams>(routePatterns.publicImprovementPlan, PUBLIC, (req, reply) =>
    send(req, reply, async () => {
      const id = readId(req.params.planId);
      const data = id === undefined ? undefined : await findPublicImprovementPlan(store, id);
      if (!data) throw notFound(NOT_PUBLIC);
      const reports = (await publicReports(store)).filter(
        (r) => r.kind === 'plan' && r.improvementPlanId === id,
      );
      return { template: 'public/improvement-plan.njk', context: improvementPlanPage(data, reports) };
    }),
  );

  app.get(paths.openData(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => {
      const licence = await openDataLicence(store);
      return {
        template: 'public/open-data.njk',
        context: openDataPage(DATASETS, licence, licenceLine(deps.brand.councilName, licence)),
      };
    }),
  );

  app.get(paths.openDataDictionary(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, async () => ({
      template: 'public/dictionary.njk',
      context: dictionaryPage(DATASETS, await openDataLicence(store)),
    })),
  );

  app.get(paths.publicAccessibility(), PUBLIC, (req, reply) =>
    send(req as FastifyRequest<{ Querystring: RawQuery }>, reply, () =>
      Promise.resolve({
        template: 'public/accessibility.njk',
        context: { pageTitle: 'Accessibility statement' },
      }),
    ),
  );

  app.get<{ Params: { file: string } }>(routePatterns.openDataFile, PUBLIC, async (req, reply) => {
    const name = req.params.file;
    const m = /^([a-z-]+)\.(csv|json)$/.exec(name);
    const isZip = name === OPEN_DATA_ZIP;
    if (!isZip && !(m && DATASETS.some((d) => d.name === m[1]))) throw notFound(NOT_PUBLIC);
    const version = await cache.version();
    const licence = await openDataLicence(store);
    const line = licenceLine(deps.brand.councilName, licence);
    const bytes = await files.get(name, version, async () => {
      const datasets = await openDatasets(store, scorecards(version));
      if (isZip) return openDataZip(store, datasets, licence, line, deps.clock.now());
      const d = datasets.find((x) => x.name === m![1])!;
      return m![2] === 'csv' ? datasetCsv(d) : datasetJson(d, licence, line);
    });
    reply.header('link', `<${licence.url}>; rel="license"`);
    const type = isZip
      ? 'application/zip'
      : m![2] === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/json; charset=utf-8';
    return sendDownload(reply, { bytes, contentType: type, name });
  });
}
