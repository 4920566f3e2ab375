/**
 * Uploading the framework spreadsheet in the browser (issue 12), for the performance team: download
 * the framework as it is, upload it changed — every problem listed on the error summary by sheet, row
 * and column, nothing kept — then a preview of what will change (added, changed, retired, with counts,
 * and warnings), then confirm, which saves exactly what was previewed (app/framework-upload.ts). A file
 * can also start a new plan, as a draft.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { exportFramework } from '../../../app/framework.js';
import {
  checkFrameworkUpload,
  confirmFrameworkUpload,
  previewFrameworkUpload,
  type UploadPreview,
  type UploadedFile,
} from '../../../app/framework-upload.js';
import { findPlan } from '../../../app/performance.js';
import type { PlanRecord } from '../../../app/records.js';
import { PLAN_STATUS_LABEL, editTerms, isPlanStatus } from '../../../domain/framework-cycle.js';
import { locate, type Problem } from '../../../domain/problem.js';
import { FORMAT_INFO } from '../../../render/formats.js';
import { form, readBody, text } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { MAX_UPLOAD_BYTES } from '../../deps.js';
import { sendDownload } from '../../download.js';
import { errorSummary } from '../../error-summary.js';
import { requireId } from '../../params.js';
import { paths, query, routePatterns } from '../../paths.js';

const MANAGE = { config: { access: 'manage-framework' as const } };
/** The error summary lists this many problems, then says how many more there are. */
const MAX_LISTED_PROBLEMS = 100;

type Params = { Params: { planId?: string; uploadId?: string } };

/** The file part of a multipart form, if one was sent. */
const filePart = z
  .unknown()
  .optional()
  .transform((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    const f = v as { filename?: unknown; toBuffer?: unknown };
    if (typeof f.filename !== 'string' || typeof f.toBuffer !== 'function') return null;
    return { fileName: f.filename, read: () => (f.toBuffer as () => Promise<Buffer>)() };
  });
const UploadBody = form({ file: filePart, title: text, years: text });
const ConfirmBody = form({ reason: text });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function frameworkUploadRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  async function planOf(idText: string | undefined): Promise<PlanRecord> {
    const plan = await findPlan(store, requireId(idText, 'There is no such plan.'));
    if (!plan) throw notFound('There is no such plan.');
    return plan;
  }

  const crumbs = (plan: { id: number | null; title: string } | null) => [
    { text: 'Frameworks', href: paths.frameworks() },
    ...(plan?.id ? [{ text: plan.title, href: paths.planFramework(plan.id) }] : []),
  ];

  const statusLabel = (status: string) => (isPlanStatus(status) ? PLAN_STATUS_LABEL[status] : status);

  /** The upload form, with every problem of a refused file on the error summary. */
  function uploadPage(
    reply: FastifyReply,
    plan: PlanRecord | null,
    opts: {
      problems?: Problem[];
      refusal?: string;
      status?: number;
      values?: { title: string; years: string };
    } = {},
  ) {
    const problems = opts.problems ?? [];
    const { errorList, fieldErrors } = errorSummary(
      problems.map((p) =>
        p.field && p.field !== 'title' && p.field !== 'years' ? { ...p, field: 'file' } : p,
      ),
      { fallbackHref: '#file', limit: MAX_LISTED_PROBLEMS },
    );
    const terms = plan ? editTerms(plan.status) : 'free';
    return reply.code(opts.status ?? 200).render('framework/upload.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}${plan ? `Upload the framework: ${plan.title}` : 'Make a new plan from a spreadsheet'}`,
      breadcrumbs: crumbs(plan),
      planId: plan?.id,
      plan: plan
        ? { id: plan.id, title: plan.title, years: plan.years, status: statusLabel(plan.status) }
        : null,
      terms,
      errors: errorList,
      refusal: opts.refusal ?? null,
      fileError: problems.length
        ? `${plural(problems.length, 'problem')} found. Nothing has been changed: correct the file and upload it again.`
        : null,
      titleError: fieldErrors.title?.text ?? null,
      yearsError: fieldErrors.years?.text ?? null,
      values: opts.values ?? { title: '', years: '' },
      action: plan ? paths.frameworkUpload(plan.id) : paths.newFrameworkUpload(),
      downloadUrl: plan ? paths.frameworkExport(plan.id) : null,
      backUrl: plan ? paths.planFramework(plan.id) : paths.frameworks(),
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    });
  }

  /** A refused file's problems; a CSV's missing title or years (no Plan sheet) go to the form's fields. */
  const refusedProblems = (e: CairnError): Problem[] =>
    (e.details.length ? e.details : [{ message: e.message }]).map((p) =>
      p.sheet === 'options' && (p.column === 'Title' || p.column === 'Years')
        ? { field: p.column.toLowerCase(), message: p.message }
        : p,
    );

  async function receive(req: FastifyRequest, reply: FastifyReply, plan: PlanRecord | null) {
    const body = readBody(UploadBody, req.body);
    const values = { title: body.title, years: body.years };
    const file: UploadedFile | null = body.file
      ? { fileName: body.file.fileName, bytes: await body.file.read() }
      : null;
    try {
      const uploadId = await checkFrameworkUpload(
        store,
        actor(req),
        plan ? { planId: plan.id } : { planId: null, title: body.title, years: body.years },
        file,
        clock,
      );
      return reply.redirect(
        plan ? paths.frameworkUploadPreview(plan.id, uploadId) : paths.newFrameworkUploadPreview(uploadId),
        303,
      );
    } catch (e) {
      if (!(e instanceof CairnError)) throw e;
      if (e.code === 'IMPORT_REJECTED')
        return uploadPage(reply, plan, { problems: refusedProblems(e), status: 400, values });
      if (e.code === 'CONFLICT') return uploadPage(reply, plan, { refusal: e.message, status: 409, values });
      throw e;
    }
  }

  function previewPage(
    reply: FastifyReply,
    view: UploadPreview,
    opts: { problems?: Problem[]; reason?: string; status?: number; refusal?: string } = {},
  ) {
    const planId = view.plan.id;
    const refusal = opts.refusal ?? (view.stale ? staleText : null);
    const { errorList, fieldErrors } = errorSummary(
      [...(refusal ? [{ message: refusal }] : []), ...(opts.problems ?? [])],
      { fallbackHref: '#main-content' },
    );
    const p = view.preview;
    const sections = [
      {
        id: 'priorities',
        name: 'Priorities',
        thing: 'priority',
        things: 'priorities',
        changes: p.priorities,
        ref: (k: string) => k,
      },
      {
        id: 'outcomes',
        name: 'Outcomes',
        thing: 'outcome',
        things: 'outcomes',
        changes: p.outcomes,
        ref: (k: string) => k,
      },
      {
        id: 'indicators',
        name: 'Indicators',
        thing: 'indicator',
        things: 'indicators',
        changes: p.indicators,
        ref: (k: string) => `Indicator ${k}`,
      },
    ];
    const approved = view.terms === 'amendment';
    return reply.code(opts.status ?? (view.stale ? 409 : 200)).render('framework/upload-preview.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Check what the upload will change`,
      breadcrumbs: crumbs(view.plan),
      planId: planId ?? undefined,
      plan: { ...view.plan, statusLabel: statusLabel(view.plan.status) },
      newPlan: planId === null,
      upload: {
        ...view.upload,
        size:
          view.upload.fileSize < 1024
            ? `${view.upload.fileSize} bytes`
            : `${Math.ceil(view.upload.fileSize / 1024)} KB`,
      },
      errors: errorList,
      reasonError: fieldErrors.reason?.text ?? null,
      reason: opts.reason ?? '',
      blocked: Boolean(refusal) || view.terms === 'locked',
      approved,
      unchanged: p.unchanged,
      counts: p.counts,
      rows: sections.map((s) => ({
        name: s.name,
        added: s.changes.added.length,
        changed: s.changes.changed.length,
        retired: s.changes.retired.length,
      })),
      sections: sections
        .filter((s) => s.changes.added.length + s.changes.changed.length + s.changes.retired.length > 0)
        .map((s) => ({
          id: s.id,
          name: s.name,
          added: s.changes.added.map((i) => ({ ref: s.ref(i.key), title: i.title })),
          changed: s.changes.changed.map((i) => ({ ref: s.ref(i.key), title: i.title, fields: i.fields })),
          retired: s.changes.retired.map((i) => ({ ref: s.ref(i.key), title: i.title })),
          addedHeading: `${plural(s.changes.added.length, s.thing, s.things)} added`,
          changedHeading: `${plural(s.changes.changed.length, s.thing, s.things)} changed`,
          retiredHeading: `${plural(s.changes.retired.length, s.thing, s.things)} retired`,
        })),
      retiredNote: approved
        ? 'Not in the file. The plan is approved, so they stay in it with their figures, marked as retired today with your reason.'
        : 'Not in the file, so removed from the draft plan.',
      directorates: p.directorates,
      other: p.other,
      warnings: view.warnings.map(locate),
      confirmUrl:
        planId === null
          ? paths.newFrameworkUploadConfirm(view.upload.id)
          : paths.frameworkUploadConfirm(planId, view.upload.id),
      againUrl: planId === null ? paths.newFrameworkUpload() : paths.frameworkUpload(planId),
      backUrl: planId === null ? paths.frameworks() : paths.planFramework(planId),
    });
  }

  const staleText =
    'The framework has changed since this file was checked, so the changes below may no longer be right. Nothing has been saved. Upload the file again to see what it would change now.';

  async function confirm(req: FastifyRequest<Params>, reply: FastifyReply, planId: number | null) {
    const uploadId = requireId(req.params.uploadId, 'There is no such upload.');
    const { reason } = readBody(ConfirmBody, req.body);
    try {
      const done = await confirmFrameworkUpload(store, actor(req), uploadId, planId, reason, clock);
      return reply.redirect(`${paths.planFramework(done.planId)}${query({ done: 'uploaded' })}`, 303);
    } catch (e) {
      if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
      // The upload as it is now (if it is still there), with what was refused.
      const view = await previewFrameworkUpload(store, actor(req), uploadId, planId);
      if (e.code === 'CONFLICT') return previewPage(reply, view, { refusal: e.message, status: 409, reason });
      const problems = e.details.length ? e.details : [{ field: 'reason', message: e.message }];
      return previewPage(reply, view, { problems, reason, status: 400 });
    }
  }

  // ---- the framework of a plan ----
  app.get<Params>(routePatterns.frameworkExport, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const { bytes } = await exportFramework(store, String(plan.id), 'xlsx');
    const name = `framework-${plan.title}`
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/-+$/, '')
      .toLowerCase();
    return sendDownload(reply, { bytes, contentType: FORMAT_INFO.xlsx.contentType, name: `${name}.xlsx` });
  });

  app.get<Params>(routePatterns.frameworkUpload, MANAGE, async (req, reply) =>
    uploadPage(reply, await planOf(req.params.planId)),
  );

  app.post<Params>(routePatterns.frameworkUpload, MANAGE, async (req, reply) =>
    receive(req, reply, await planOf(req.params.planId)),
  );

  app.get<Params>(routePatterns.frameworkUploadPreview, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const uploadId = requireId(req.params.uploadId, 'There is no such upload.');
    return previewPage(reply, await previewFrameworkUpload(store, actor(req), uploadId, plan.id));
  });

  app.post<Params>(routePatterns.frameworkUploadConfirm, MANAGE, async (req, reply) =>
    confirm(req, reply, (await planOf(req.params.planId)).id),
  );

  // ---- a new plan from a file ----
  app.get(paths.newFrameworkUpload(), MANAGE, async (_req, reply) => uploadPage(reply, null));

  app.post(paths.newFrameworkUpload(), MANAGE, async (req, reply) => receive(req, reply, null));

  app.get<Params>(routePatterns.newFrameworkUploadPreview, MANAGE, async (req, reply) => {
    const uploadId = requireId(req.params.uploadId, 'There is no such upload.');
    return previewPage(reply, await previewFrameworkUpload(store, actor(req), uploadId, null));
  });

  app.post<Params>(routePatterns.newFrameworkUploadConfirm, MANAGE, async (req, reply) =>
    confirm(req, reply, null),
  );
}
