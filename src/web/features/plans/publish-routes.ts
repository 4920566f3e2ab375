/**
 * Publishing a plan's progress report (manage-plans: the performance team and administrators) and
 * reading its published versions (read-internal): the version's page with its frozen files and the
 * actions whose status or update has changed since, and each frozen file as it was stored.
 */
import type { FastifyInstance } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { invalidInput, notFound } from '../../../app/errors.js';
import { formatDay } from '../../../domain/plans/target-dates.js';
import { planChangesSincePublication, publishPlanReport } from '../../../reports/progress/publish.js';
import { FORMAT_INFO, isFormat } from '../../../render/formats.js';
import { listPlanReportVersions } from '../../../app/plans/reading.js';
import { findFrozenFile, findPublishedVersion, listFrozenFiles } from '../../../app/reports/published.js';
import type { Store } from '../../../app/store.js';
import type { WebDeps } from '../../deps.js';
import { readId, requireId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { form, readBody, text } from '../../body.js';
import { canManage, MANAGE, navPlanId, planIdOf, READ } from './plan-context.js';
import { sendDownload } from '../../download.js';

/** Publishing: which progress review the report is as at (none: the latest updates). */
const PublishBody = form({ review: text });

type VersionParams = { Params: { planId: string; versionId: string; format?: string } };

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const sizeText = (n: number) =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

const versionIdOf = (text: string): number =>
  requireId(text, `There is no published progress report ${text}. Choose one from the plan's report page.`);

/** A plan's published versions with their files, as the report page lists them. */
export async function publishedVersions(store: Store, planId: number, reviews: Map<number, string>) {
  const versions = await listPlanReportVersions(store, planId);
  const files = await listFrozenFiles(
    store,
    'plan',
    versions.map((v) => v.id),
  );
  return versions.map((v) => ({
    version: v.version,
    asAt:
      v.review_id === null
        ? `Latest updates (${formatDay(v.published_at.slice(0, 10))})`
        : (reviews.get(v.review_id) ?? 'A progress review'),
    at: when(v.published_at),
    by: v.published_by_name,
    url: paths.planPublished(planId, v.id),
    files: files
      .filter((f) => f.version_id === v.id)
      .map((f) => ({
        text: FORMAT_INFO[f.format as keyof typeof FORMAT_INFO]?.label ?? f.format,
        href: paths.planPublishedFile(planId, v.id, f.format),
        size: sizeText(f.size),
        sha256: f.sha256,
      })),
  }));
}

async function versionOf(store: Store, planIdText: string, versionIdText: string) {
  const planId = planIdOf(planIdText);
  const v = await findPublishedVersion(store, 'plan', versionIdOf(versionIdText));
  if (!v || v.improvement_plan_id !== planId)
    throw notFound(`This plan has no published progress report ${versionIdText}.`);
  return v;
}

export function planPublishRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  app.post<{ Params: { planId: string } }>(routePatterns.planReportPublish, MANAGE, async (req, reply) => {
    const planId = planIdOf(req.params.planId);
    const review = readBody(PublishBody, req.body).review.trim();
    const reviewId = review ? readId(review) : undefined;
    if (review && reviewId === undefined)
      throw invalidInput(`“${review}” is not a progress review: choose one from the list.`);
    const p = await publishPlanReport(
      store,
      userActor(req.session!.user),
      clock,
      { planId, reviewId, council: deps.brand.councilName },
      { colour: deps.brand.colour },
    );
    return reply.redirect(`${paths.planPublished(planId, p.versionId)}?published=1`, 303);
  });

  app.get<VersionParams & { Querystring: { published?: string } }>(
    routePatterns.planPublished,
    READ,
    async (req, reply) => {
      const v = await versionOf(store, req.params.planId, req.params.versionId);
      const planId = v.improvement_plan_id;
      const files = await listFrozenFiles(store, 'plan', [v.id]);
      const changes = await planChangesSincePublication(store, v.id, clock);
      return reply.render('plans/published.njk', {
        section: 'improvement-plans',
        planId: await navPlanId(deps),
        pageTitle: `${v.title}, version ${v.version}`,
        breadcrumbs: [
          { text: 'Improvement plans', href: paths.improvementPlans() },
          { text: 'Progress report', href: paths.planReport(planId) },
        ],
        title: v.title,
        version: v.version,
        justPublished: req.query.published === '1',
        at: when(v.published_at),
        by: v.published_by_name,
        files: files.map((f) => ({
          text: FORMAT_INFO[f.format as keyof typeof FORMAT_INFO]?.label ?? f.format,
          href: paths.planPublishedFile(planId, v.id, f.format),
          size: sizeText(f.size),
          sha256: f.sha256,
        })),
        changes,
        canManage: canManage(req),
        reportUrl: paths.planReport(planId, v.review_id === null ? {} : { review: v.review_id }),
      });
    },
  );

  app.get<VersionParams>(routePatterns.planPublishedFile, READ, async (req, reply) => {
    const v = await versionOf(store, req.params.planId, req.params.versionId);
    const format = req.params.format ?? '';
    const file = isFormat(format) ? await findFrozenFile(store, 'plan', v.id, format) : undefined;
    if (!file)
      throw notFound(`Version ${v.version} has no “${format}” file: choose pdf, docx, xlsx, html or csv.`);
    return sendDownload(reply, {
      bytes: file.bytes,
      contentType: file.content_type,
      name: file.file_name,
      sha256: file.sha256,
    });
  });
}
