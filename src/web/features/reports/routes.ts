/**
 * Quarterly reports in the browser. The performance team (manage-reports) lists drafts, creates a
 * report for a period and scope, reads the draft with edit links for its texts, downloads it in any
 * format and publishes it. Everyone who reads the internal pages (read-internal) may read the
 * published versions, download their frozen files, and see what has changed since publication.
 */
import type { FastifyInstance } from 'fastify';
import { allows } from '../../../app/access/roles.js';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { buildScorecard, defaultPlanAndPeriod, planQuarters } from '../../../app/scorecard.js';
import { livePlans } from '../../../app/performance.js';
import { periodFromCode } from '../../../domain/periods.js';
import { findFrozenFile, findPublishedVersion, listFrozenFiles } from '../../../app/reports/published.js';
import { findDraft, listDrafts, listVersions, scopeNames } from '../../../app/reports/reading.js';
import type { Problem } from '../../../domain/problem.js';
import { DEFAULT_SETTINGS, type ReportSettings } from '../../../reports/quarterly/model.js';
import {
  changesSincePublication,
  draftDocument,
  draftEmptySections,
  draftSettings,
  editDraftText,
  getDraft,
  publishDraft,
  saveDraft,
} from '../../../reports/quarterly/service.js';
import { isEmptyText } from '../../../reports/quarterly/model.js';
import { FORMAT_INFO, FORMATS, fileName, isFormat } from '../../../render/formats.js';
import { rendererFor } from '../../../render/renderers.js';
import { renderHtmlFragment } from '../../../render/html.js';
import { reportCss } from '../../../render/style.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { requireId } from '../../params.js';
import { checked, form, readBody, text, textOr } from '../../body.js';
import { paths, routePatterns } from '../../paths.js';
import { sendDownload } from '../../download.js';

type Form = Record<string, string | undefined>;
/** A new report: its period and scope (the whole council unless another is chosen) and its settings. */
const NewReportBody = form({
  period: text,
  scope: textOr('council'),
  meeting: text,
  meetingDate: text,
  reportOf: text,
  contactOfficer: text,
  charts: checked,
  spc: checked,
  benchmarking: checked,
  finance: checked,
  risk: checked,
});
/** A draft's text: an exception report's narrative and action, a narrative, or a list's items. */
const TextBody = form({ narrative: text, action: text, items: text });
const PublishBody = form({ confirm: checked });
const MANAGE = { config: { access: 'manage-reports' as const } };
const READ = { config: { access: 'read-internal' as const } };

const idOf = (text: string, what: string): number =>
  requireId(text, `There is no ${what} ${text}. Go to the list of reports to find it.`);

function scopeLabel(scope: string, names: Map<string, string>): string {
  if (scope === 'council') return 'Whole council';
  const [kind, code = ''] = scope.split(':');
  return `${kind === 'priority' ? 'Priority' : 'Directorate'}: ${names.get(scope) ?? code}`;
}

function sizeText(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** A refusal's problems, each on its field (`field` when it names none). */
const problemsOf = (e: CairnError, field: string): Problem[] =>
  e.details.length
    ? e.details.map((d) => ({ field: d.field ?? d.column ?? field, message: d.message }))
    : [{ field, message: e.message }];

/** Problems → the error summary's list and each field's message. */
const summaryOf = (problems: Problem[]) => {
  const { errorList, fieldErrors } = errorSummary(problems);
  return { errors: errorList, errorFor: fieldErrors };
};

export function reportRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const colour = deps.brand.colour;
  const defaults: ReportSettings = { ...DEFAULT_SETTINGS, ...(deps.reportDefaults ?? {}) };

  /** Navigation for report pages: the plan pages of the report's (or the current) plan, Reports active. */
  async function nav(planId?: number, periodCode?: string) {
    const current = await defaultPlanAndPeriod(store).catch(() => null);
    return {
      planId: planId ?? current?.plan.id,
      periodCode: periodCode ?? current?.period.code,
      section: 'reports',
    };
  }

  app.get(paths.reportStylesheet(), { config: { access: 'public' } }, async (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(reportCss(colour)),
  );

  app.get(paths.reports(), READ, async (req, reply) => {
    const canManage = allows('manage-reports', req.session?.user.role ?? null);
    const names = await scopeNames(store);
    const drafts = (await listDrafts(store)).filter((d) => canManage || d.published);
    return reply.render('reports/list.njk', {
      pageTitle: 'Reports',
      ...(await nav()),
      canManage,
      newUrl: paths.newReport(),
      reports: drafts.map((d) => ({
        period: periodFromCode(d.period_code).label,
        scope: scopeLabel(d.scope, names),
        url: canManage ? paths.report(d.id) : null,
        versionsUrl: paths.reportVersions(d.id),
        published: d.published ? `Version ${d.published.version}, ${d.published.at.slice(0, 10)}` : null,
        updated: d.updated_at.slice(0, 10),
      })),
    });
  });

  async function newForm(values: Form, problems: Problem[]) {
    const current = await defaultPlanAndPeriod(store);
    const s = await buildScorecard(store, current.period, current.plan);
    // Every approved plan's quarters, oldest first: a newly approved year can be reported on before
    // its first figure is in (the default stays the latest quarter with figures).
    const quarters = (await livePlans(store))
      .reverse()
      .flatMap((p) => planQuarters(p))
      .filter((q, i, all) => all.findIndex((x) => x.code === q.code) === i);
    const period = values.period ?? current.period.code;
    const scope = values.scope ?? 'council';
    return {
      pageTitle: `${problems.length ? 'Error: ' : ''}Create a report`,
      ...(await nav(current.plan.id, current.period.code)),
      values: {
        meeting: defaults.meeting,
        meetingDate: defaults.meetingDate,
        reportOf: defaults.reportOf,
        contactOfficer: defaults.contactOfficer,
        ...values,
      },
      charts: values.charts === 'yes',
      spc: values.spc === 'yes',
      benchmarking: values.benchmarking === 'yes',
      finance: values.finance === 'yes',
      risk: values.risk === 'yes',
      ...summaryOf(problems),
      periods: quarters.map((q) => ({ value: q.code, text: q.label, selected: q.code === period })),
      scopes: [
        { value: 'council', text: 'The whole council', selected: scope === 'council' },
        ...s.priorities.map((p) => ({
          value: `priority:${p.code}`,
          text: `Priority: ${p.title}`,
          selected: scope === `priority:${p.code}`,
        })),
        ...s.directorates.map((d) => ({
          value: `directorate:${d.code}`,
          text: `Directorate: ${d.name}`,
          selected: scope === `directorate:${d.code}`,
        })),
      ],
    };
  }

  app.get(paths.newReport(), MANAGE, async (_req, reply) =>
    reply.render('reports/new.njk', await newForm({}, [])),
  );

  app.post(paths.newReport(), MANAGE, async (req, reply) => {
    const { charts, spc, benchmarking, finance, risk, ...typed } = readBody(NewReportBody, req.body);
    const values = {
      ...typed,
      charts: charts ? 'yes' : '',
      spc: spc ? 'yes' : '',
      benchmarking: benchmarking ? 'yes' : '',
      finance: finance ? 'yes' : '',
      risk: risk ? 'yes' : '',
    };
    try {
      const d = await saveDraft(store, userActor(req.session!.user), clock, {
        period: values.period || ' ',
        scope: values.scope,
        settings: {
          meeting: values.meeting,
          meetingDate: values.meetingDate,
          reportOf: values.reportOf,
          contactOfficer: values.contactOfficer,
          charts,
          spc,
          benchmarking,
          finance,
          risk,
        },
      });
      return reply.redirect(paths.report(d.id), 303);
    } catch (e) {
      if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'NOT_FOUND')) throw e;
      return reply.code(400).render('reports/new.njk', await newForm(values, problemsOf(e, 'period')));
    }
  });

  app.get<{ Params: { reportId: string } }>(routePatterns.report, MANAGE, async (req, reply) => {
    const d = await getDraft(store, idOf(req.params.reportId, 'report'));
    const { document, source } = await draftDocument(store, d, clock);
    const versions = await listVersions(store, d.id);
    const html = renderHtmlFragment(document, {
      editLink: (key) => ({ href: paths.reportText(d.id, key), text: 'Change' }),
    });
    return reply.render('reports/draft.njk', {
      pageTitle: `Draft: ${document.title}`,
      ...(await nav(d.plan_id, d.period_code)),
      extraStylesheet: paths.reportStylesheet(),
      reportHtml: html,
      downloads: FORMATS.map((f) => ({ text: FORMAT_INFO[f].label, href: paths.reportDownload(d.id, f) })),
      publishUrl: paths.reportPublish(d.id),
      textLinks: {
        introduction: paths.reportText(d.id, 'introduction'),
        business: paths.reportText(d.id, 'business'),
        recommendations: paths.reportText(d.id, 'recommendations'),
      },
      versionsUrl: paths.reportVersions(d.id),
      changesSinceLatest: versions[0]
        ? {
            count: (await changesSincePublication(store, versions[0].id, clock)).length,
            url: paths.reportVersionChanges(versions[0].id),
          }
        : null,
      latest: versions[0]
        ? { version: versions[0].version, at: versions[0].published_at.slice(0, 16).replace('T', ' ') }
        : null,
      nextVersion: (versions[0]?.version ?? 0) + 1,
      settings: draftSettings(d),
      periodLabel: source.scorecard.period.label,
    });
  });

  app.get<{ Params: { reportId: string; format: string } }>(
    routePatterns.reportDownload,
    MANAGE,
    async (req, reply) => {
      const d = await getDraft(store, idOf(req.params.reportId, 'report'));
      const format = req.params.format;
      if (!isFormat(format)) throw notFound(`Reports come as ${FORMATS.join(', ')}, not "${format}".`);
      const { document } = await draftDocument(store, d, clock);
      const renderer = await rendererFor(format);
      const bytes = await renderer.render(document, { colour });
      return sendDownload(reply, {
        bytes,
        contentType: renderer.contentType,
        name: fileName(`draft ${d.period_code} ${d.scope.replace(':', ' ')}`, format),
      });
    },
  );

  // Editing one text: a priority's achievements or issues (one item a line), or an exception report.
  async function textForm(reportId: string, key: string, values: Form | null, problems: Problem[]) {
    const d = await getDraft(store, idOf(reportId, 'report'));
    const { source, texts } = await draftDocument(store, d, clock);
    const [kind, code = ''] = key.split(':', 2);
    const base = {
      ...(await nav(d.plan_id, d.period_code)),
      action: paths.reportText(d.id, key),
      backUrl: paths.report(d.id),
      ...summaryOf(problems),
      periodLabel: source.scorecard.period.label,
    };
    const prefix = problems.length ? 'Error: ' : '';
    if (kind === 'recommendations') {
      const heading = 'Recommendations';
      return {
        ...base,
        pageTitle: `${prefix}${heading}`,
        heading,
        kind: 'list',
        itemsHint:
          'One recommendation on each line, in the order members are asked to agree them. They are printed as a numbered list after "Members are recommended to:".',
        items: values?.items ?? texts.recommendations.join('\n'),
      };
    }
    if (kind === 'introduction' || kind === 'business') {
      const heading = kind === 'introduction' ? 'Introduction' : 'Business management narrative';
      return {
        ...base,
        pageTitle: `${prefix}${heading}`,
        heading,
        kind: 'narrative',
        narrativeHint:
          kind === 'introduction'
            ? 'Your own words, printed after the standard opening paragraphs. Leave a blank line between paragraphs; start a line with "- " for a bullet point. Leave it empty to print only the standard opening.'
            : 'Finance, workforce and risk: what members should know this quarter. Leave a blank line between paragraphs; start a line with "- " for a bullet point. Leave it empty to leave the section out.',
        narrative: values?.narrative ?? texts[kind],
      };
    }
    if (kind === 'achievements' || kind === 'issues') {
      const p = source.scorecard.priorities.find((x) => x.code === code);
      if (!p) throw notFound(`There is no priority ${code} in this report.`);
      const heading = `${kind === 'achievements' ? 'Key achievements' : 'Key issues'}: ${p.title}`;
      return {
        ...base,
        pageTitle: `${prefix}${heading}`,
        heading,
        kind: 'list',
        items: values?.items ?? (texts[kind][code] ?? []).join('\n'),
      };
    }
    if (kind === 'exception') {
      const o = source.outcomes.find((x) => x.code === code && x.rating.rating === 'red');
      if (!o)
        throw notFound(`Outcome ${code} is not rated Red in this report, so it has no exception report.`);
      const t = texts.exceptions[code] ?? { narrative: '', action: '' };
      const heading = `Exception report: ${o.title}`;
      return {
        ...base,
        pageTitle: `${prefix}${heading}`,
        heading,
        kind: 'exception',
        narrative: values?.narrative ?? t.narrative,
        // A placeholder stored by an older draft is hint text, never the box's value.
        recommended: values?.action ?? (isEmptyText(t.action) ? '' : t.action),
      };
    }
    throw notFound(`There is no text "${key}" in a report.`);
  }

  type TextParams = { Params: { reportId: string; key: string } };
  app.get<TextParams>(routePatterns.reportText, MANAGE, async (req, reply) =>
    reply.render('reports/text-edit.njk', await textForm(req.params.reportId, req.params.key, null, [])),
  );

  app.post<TextParams>(routePatterns.reportText, MANAGE, async (req, reply) => {
    const id = idOf(req.params.reportId, 'report');
    const key = req.params.key;
    const b = readBody(TextBody, req.body);
    try {
      if (key.startsWith('exception:'))
        await editDraftText(store, userActor(req.session!.user), clock, id, {
          key: key as `exception:${string}`,
          narrative: b.narrative,
          action: b.action,
        });
      else if (key === 'introduction' || key === 'business')
        await editDraftText(store, userActor(req.session!.user), clock, id, {
          key,
          narrative: b.narrative,
        });
      else
        await editDraftText(store, userActor(req.session!.user), clock, id, {
          key: key as `achievements:${string}`,
          items: b.items,
        });
      return reply.redirect(paths.report(id), 303);
    } catch (e) {
      if (!(e instanceof CairnError) || e.code !== 'INVALID_INPUT') throw e;
      return reply
        .code(400)
        .render(
          'reports/text-edit.njk',
          await textForm(
            req.params.reportId,
            key,
            b,
            problemsOf(
              e,
              key.startsWith('exception:') || key === 'introduction' || key === 'business'
                ? 'narrative'
                : 'items',
            ),
          ),
        );
    }
  });

  // Publishing asks first, listing every section that would be printed empty.
  app.get<{ Params: { reportId: string } }>(routePatterns.reportPublish, MANAGE, async (req, reply) => {
    const d = await getDraft(store, idOf(req.params.reportId, 'report'));
    const { document } = await draftDocument(store, d, clock);
    const empty = await draftEmptySections(store, d, clock);
    const versions = await listVersions(store, d.id);
    return reply.render('reports/publish.njk', {
      pageTitle: `Publish ${document.title}?`,
      ...(await nav(d.plan_id, d.period_code)),
      title: document.title,
      nextVersion: (versions[0]?.version ?? 0) + 1,
      empty: empty.map((e) => ({ label: e.label, href: paths.reportText(d.id, e.key) })),
      action: paths.reportPublish(d.id),
      back: paths.report(d.id),
    });
  });

  app.post<{ Params: { reportId: string } }>(routePatterns.reportPublish, MANAGE, async (req, reply) => {
    const id = idOf(req.params.reportId, 'report');
    await getDraft(store, id);
    // Only the confirmation page's button publishes: anything else is shown that page first.
    if (!readBody(PublishBody, req.body).confirm) return reply.redirect(paths.reportPublish(id), 303);
    const p = await publishDraft(store, userActor(req.session!.user), clock, id, { colour });
    return reply.redirect(`${paths.reportVersions(id)}?published=${p.version}`, 303);
  });

  app.get<{ Params: { reportId: string }; Querystring: { published?: string } }>(
    routePatterns.reportVersions,
    READ,
    async (req, reply) => {
      const id = idOf(req.params.reportId, 'report');
      const d = await findDraft(store, { id });
      if (!d) throw notFound(`There is no report ${id}. Go to the list of reports to find it.`);
      const names = await scopeNames(store);
      const versions = await listVersions(store, id);
      const canManage = allows('manage-reports', req.session?.user.role ?? null);
      if (versions.length === 0 && !canManage) throw notFound('This report has not been published yet.');
      const published = Number(req.query.published);
      // Every version's files in one query.
      const files = await listFrozenFiles(
        store,
        'quarterly',
        versions.map((v) => v.id),
      );
      return reply.render('reports/versions.njk', {
        pageTitle: `Published versions: ${periodFromCode(d.period_code).label}, ${scopeLabel(d.scope, names)}`,
        ...(await nav(d.plan_id, d.period_code)),
        heading: `${periodFromCode(d.period_code).label} report: ${scopeLabel(d.scope, names)}`,
        justPublished: versions.some((v) => v.version === published) ? published : null,
        draftUrl: canManage ? paths.report(id) : null,
        listUrl: paths.reports(),
        versions: versions.map((v) => ({
          version: v.version,
          title: v.title,
          at: v.published_at.slice(0, 16).replace('T', ' '),
          by: v.published_by_name,
          changesUrl: paths.reportVersionChanges(v.id),
          files: files
            .filter((f) => f.version_id === v.id)
            .map((f) => ({
              href: paths.reportVersionFile(v.id, f.format),
              text: isFormat(f.format) ? FORMAT_INFO[f.format].label : f.format,
              size: sizeText(f.size),
              sha256: f.sha256,
            })),
        })),
      });
    },
  );

  app.get<{ Params: { versionId: string; format: string } }>(
    routePatterns.reportVersionFile,
    READ,
    async (req, reply) => {
      const versionId = idOf(req.params.versionId, 'published report');
      const file = await findFrozenFile(store, 'quarterly', versionId, req.params.format);
      if (!file) throw notFound(`There is no ${req.params.format} file for published report ${versionId}.`);
      return sendDownload(reply, {
        bytes: file.bytes,
        contentType: file.content_type,
        name: file.file_name,
        sha256: file.sha256,
      });
    },
  );

  app.get<{ Params: { versionId: string } }>(routePatterns.reportVersionChanges, READ, async (req, reply) => {
    const versionId = idOf(req.params.versionId, 'published report');
    const v = await findPublishedVersion(store, 'quarterly', versionId);
    if (!v) throw notFound(`There is no published report ${versionId}.`);
    const changes = await changesSincePublication(store, versionId, clock);
    const d = await findDraft(store, { id: v.draft_id });
    return reply.render('reports/changes.njk', {
      pageTitle: `Changes since version ${v.version} was published`,
      ...(await nav(d?.plan_id, v.period_code)),
      heading: `Changes since version ${v.version} was published`,
      title: v.title,
      at: v.published_at.slice(0, 16).replace('T', ' '),
      changes,
      versionsUrl: paths.reportVersions(v.draft_id),
      canManage: allows('manage-reports', req.session?.user.role ?? null),
      draftUrl: paths.report(v.draft_id),
    });
  });
}
