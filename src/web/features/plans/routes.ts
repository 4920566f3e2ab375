/**
 * The plan pages: the list, a plan's overview (counts, overdue, coverage, filtered actions), a
 * recommendation, a finding, an action with its history, the progress report and the coverage matrix
 * (both the same ReportDocuments the shared renderers print), and the spreadsheet download. Pages that
 * hold no form are cached by data version, today's date (overdue moves with it) and whether the
 * reader may change plans.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../app/errors.js';
import { loadPlanProgress } from '../../../app/plans/progress.js';
import { latestUpdates, listImprovementPlans, type PlanData } from '../../../app/plans/reading.js';
import { exportPlanXlsx } from '../../../app/plans/spreadsheet.js';
import { isActionStatus } from '../../../domain/plans/status.js';
import { formatDay } from '../../../domain/plans/target-dates.js';
import type { Problem } from '../../../domain/problem.js';
import { buildCoverageMatrix, buildProgressReport } from '../../../reports/progress/build.js';
import { fileName, FORMAT_INFO, FORMATS, isFormat } from '../../../render/formats.js';
import { renderHtmlFragment } from '../../../render/html.js';
import { rendererFor } from '../../../render/renderers.js';
import type { ReportDocument } from '../../../render/document.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import type { PageCache } from '../../page-cache.js';
import { paths, routePatterns } from '../../paths.js';
import { publishedVersions } from './publish-routes.js';
import { single, type RawQuery } from '../performance/filters.js';
import { actionContext, canManage, navPlanId, planIdOf, READ, reviewParam } from './plan-context.js';
import { findingPage, overviewPage, planKindLabel, recommendationPage } from './presenter.js';
import { sendDownload } from '../../download.js';

type PlanParams = { Params: { planId: string }; Querystring: RawQuery };
type ItemParams = { Params: { planId: string; item: string }; Querystring: RawQuery };

/** A report page's body: the one HTML rendering of the document, with the report's stylesheet. */
const reportBody = (doc: ReportDocument) => ({
  extraStylesheet: paths.reportStylesheet(),
  reportHtml: renderHtmlFragment(doc, { scrollableTables: true }),
});

export function planReadRoutes(app: FastifyInstance, deps: WebDeps, cache: PageCache): void {
  const { store, clock } = deps;
  const today = () => clock.now().toISOString().slice(0, 10);
  const key = (req: FastifyRequest) => `plans|${canManage(req) ? 'm' : 'r'}|${today()}|${req.url}`;
  const cached = (req: FastifyRequest, reply: FastifyReply, build: Parameters<PageCache['send']>[2]) =>
    cache.send(reply, key(req), async (version) => {
      const spec = await build(version);
      return { ...spec, context: { ...spec.context, planId: await navPlanId(deps) } };
    });

  app.get(paths.improvementPlans(), READ, (req, reply) =>
    cached(req, reply, async () => ({
      template: 'plans/list.njk',
      context: {
        section: 'improvement-plans',
        pageTitle: 'Improvement plans',
        canManage: canManage(req),
        plans: (await listImprovementPlans(store)).map((p) => ({
          title: p.title,
          url: paths.improvementPlan(p.id),
          kind: planKindLabel(p.kind, p.basis),
          source: p.source ?? '',
          organisation: p.organisation,
          actions: Number(p.actions),
        })),
      },
    })),
  );

  app.get<PlanParams>(routePatterns.improvementPlan, READ, (req, reply) =>
    cached(req, reply, async () => {
      const id = planIdOf(req.params.planId);
      const reviewId = reviewParam(req.query);
      const { data, progress } = await loadPlanProgress(store, id, clock, { reviewId });
      const status = single(req.query, 'status') ?? '';
      const lead = single(req.query, 'lead') ?? '';
      const problems: Problem[] = [];
      if (status && !isActionStatus(status) && status !== 'not-recorded')
        problems.push({ field: 'status', message: `“${status}” is not a status: choose one from the list.` });
      const pageText = single(req.query, 'page') ?? '1';
      const page = /^\d{1,5}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
      const context = overviewPage(
        data,
        progress,
        {
          status: problems.length ? '' : status,
          lead,
          overdue: single(req.query, 'overdue') === 'yes',
          reviewId: reviewId ?? null,
          page,
        },
        canManage(req),
      );
      const { errorList, fieldErrors } = errorSummary(problems);
      return {
        template: 'plans/overview.njk',
        context: {
          ...context,
          pageTitle: `${problems.length ? 'Error: ' : ''}${context.pageTitle}`,
          filterErrors: { list: errorList, byField: fieldErrors },
        },
        status: problems.length ? 400 : 200,
      };
    }),
  );

  app.get<ItemParams>(routePatterns.planRecommendation, READ, (req, reply) =>
    cached(req, reply, async () => {
      const id = planIdOf(req.params.planId);
      const { data, progress } = await loadPlanProgress(store, id, clock);
      if (!data.recommendations.some((r) => r.code === req.params.item))
        throw notFound(`${data.plan.title} has no recommendation ${req.params.item}.`);
      const latest = await latestUpdates(store, id);
      return {
        template: 'plans/recommendation.njk',
        context: recommendationPage(data, progress, req.params.item, latest, canManage(req)),
      };
    }),
  );

  app.get<ItemParams>(routePatterns.planFinding, READ, (req, reply) =>
    cached(req, reply, async () => {
      const { data, progress } = await loadPlanProgress(store, planIdOf(req.params.planId), clock);
      if (!data.findings.some((f) => f.number === req.params.item))
        throw notFound(`${data.plan.title} has no finding ${req.params.item}.`);
      return {
        template: 'plans/finding.njk',
        context: findingPage(data, progress, req.params.item, canManage(req)),
      };
    }),
  );

  // Not cached: it holds a form with the reader's CSRF token.
  app.get<ItemParams>(routePatterns.planAction, READ, async (req, reply) => {
    const ctx = await actionContext(deps, req.params.planId, req.params.item, canManage(req));
    return reply.render('plans/action.njk', {
      ...ctx,
      planId: await navPlanId(deps),
      values: {},
      errorFor: {},
      errors: [],
    });
  });

  // Not cached: it holds the publish form with the reader's CSRF token, and the published versions.
  app.get<PlanParams>(routePatterns.planReport, READ, async (req, reply) => {
    const id = planIdOf(req.params.planId);
    const reviewId = reviewParam(req.query);
    const { data, progress } = await loadPlanProgress(store, id, clock, { reviewId, withUpdates: true });
    const readAt = clock.now().toISOString();
    const doc = buildProgressReport(data, progress, { council: deps.brand.councilName, readAt });
    const reviewText = (r: PlanData['reviews'][number]) => `${r.title} (${formatDay(r.date)})`;
    return reply.render('plans/report.njk', {
      section: 'improvement-plans',
      planId: await navPlanId(deps),
      pageTitle: doc.title,
      breadcrumbs: [
        { text: 'Improvement plans', href: paths.improvementPlans() },
        { text: data.plan.title, href: paths.improvementPlan(id) },
      ],
      ...reportBody(doc),
      action: paths.planReport(id),
      downloads: FORMATS.filter((f) => f !== 'html').map((f) => ({
        text: FORMAT_INFO[f].label,
        url: paths.planReportDownload(id, f, { review: reviewId }),
      })),
      reviewOptions: data.reviews.map((r) => ({
        value: String(r.id),
        text: reviewText(r),
        selected: r.id === reviewId,
      })),
      publish: canManage(req)
        ? {
            url: paths.planReportPublish(id),
            review: reviewId === undefined ? '' : String(reviewId),
            asAt: progress.review ? reviewText(progress.review) : `the latest updates, as at today`,
          }
        : null,
      published: await publishedVersions(store, id, new Map(data.reviews.map((r) => [r.id, reviewText(r)]))),
    });
  });

  // The progress report as a file, through the shared renderers (the same document as the page).
  app.get<ItemParams>(routePatterns.planReportDownload, READ, async (req, reply) => {
    const format = req.params.item;
    if (!isFormat(format)) throw notFound(`There is no “${format}” download: choose ${FORMATS.join(', ')}.`);
    const id = planIdOf(req.params.planId);
    const reviewId = reviewParam(req.query);
    const { data, progress } = await loadPlanProgress(store, id, clock, { reviewId, withUpdates: true });
    const doc = buildProgressReport(data, progress, {
      council: deps.brand.councilName,
      readAt: clock.now().toISOString(),
    });
    const renderer = await rendererFor(format);
    const bytes = await renderer.render(doc, { colour: deps.brand.colour });
    const name = fileName(
      `${data.plan.title} progress report${progress.review ? ` ${progress.review.date}` : ''}`,
      format,
    );
    return sendDownload(reply, { bytes, contentType: renderer.contentType, name });
  });

  app.get<PlanParams>(routePatterns.planCoverage, READ, (req, reply) =>
    cached(req, reply, async () => {
      const id = planIdOf(req.params.planId);
      const { data, progress } = await loadPlanProgress(store, id, clock);
      if (!data.findings.length)
        throw notFound(`${data.plan.title} has no findings, so there is no coverage to show.`);
      const readAt = clock.now().toISOString();
      const doc = buildCoverageMatrix(data, progress, { council: deps.brand.councilName, readAt });
      return {
        template: 'plans/report.njk',
        context: {
          section: 'improvement-plans',
          pageTitle: doc.title,
          breadcrumbs: [
            { text: 'Improvement plans', href: paths.improvementPlans() },
            { text: data.plan.title, href: paths.improvementPlan(id) },
          ],
          ...reportBody(doc),
          downloads: FORMATS.filter((f) => f !== 'html').map((f) => ({
            text: FORMAT_INFO[f].label,
            url: paths.planCoverageDownload(id, f),
          })),
        },
      };
    }),
  );

  // The coverage matrix as a file, through the shared renderers.
  app.get<ItemParams>(routePatterns.planCoverageDownload, READ, async (req, reply) => {
    const format = req.params.item;
    if (!isFormat(format)) throw notFound(`There is no “${format}” download: choose ${FORMATS.join(', ')}.`);
    const id = planIdOf(req.params.planId);
    const { data, progress } = await loadPlanProgress(store, id, clock);
    if (!data.findings.length)
      throw notFound(`${data.plan.title} has no findings, so there is no coverage to show.`);
    const doc = buildCoverageMatrix(data, progress, {
      council: deps.brand.councilName,
      readAt: clock.now().toISOString(),
    });
    const renderer = await rendererFor(format);
    const bytes = await renderer.render(doc, { colour: deps.brand.colour });
    return sendDownload(reply, {
      bytes,
      contentType: renderer.contentType,
      name: fileName(`${data.plan.title} coverage`, format),
    });
  });

  app.get<PlanParams>(routePatterns.planExport, READ, async (req, reply) => {
    const { title, bytes } = await exportPlanXlsx(store, planIdOf(req.params.planId));
    const name = `${
      title
        .replace(/[^A-Za-z0-9 -]+/g, '')
        .trim()
        .replace(/\s+/g, '-')
        .slice(0, 80) || 'plan'
    }.xlsx`;
    return sendDownload(reply, { bytes, contentType: FORMAT_INFO.xlsx.contentType, name });
  });
}
