/**
 * The risk register's pages (issue 14): the register with its filters, adding and changing a risk
 * (web/forms.ts + views/form.njk; a stale form is refused with 409), a risk's page with its score
 * history and further actions, the heat map, and the matrix settings. Everyone who reads the internal
 * pages reads the register (a data owner only their own risks: app/risks/reading.ts); the
 * performance team manages it; an administrator sets the matrix.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../../../app/access/roles.js';
import { userActor } from '../../../app/audit.js';
import { ukToday } from '../../../app/collection/reminders.js';
import { livePlans } from '../../../app/performance.js';
import { invalidInput } from '../../../app/errors.js';
import { changeRiskMatrix, matrixFormValues, MAX_BANDS, riskMatrix } from '../../../app/risks/matrix.js';
import {
  heatMap,
  planActionsToChoose,
  riskFormChoices,
  riskPage,
  riskPeriods,
  riskRegister,
  type RegisterFilters,
} from '../../../app/risks/reading.js';
import {
  addRiskAction,
  changeRisk,
  createRisk,
  removeRiskAction,
  type RiskInput,
} from '../../../app/risks/register.js';
import {
  CONTROLS_EFFECTIVE_LABEL,
  levelOf,
  RISK_KIND_LABEL,
  RISK_KINDS,
  type ControlsEffective,
  type RiskKind,
} from '../../../domain/risk.js';
import { periodFromCode } from '../../../domain/periods.js';
import { statusDisplay, isActionStatus } from '../../../domain/plans/status.js';
import type { Problem } from '../../../domain/problem.js';
import type { WebDeps } from '../../deps.js';
import type { PageCache } from '../../page-cache.js';
import { file, form, readBody, text, version } from '../../body.js';
import { sendDownload } from '../../download.js';
import { errorSummary } from '../../error-summary.js';
import { FORMAT_INFO } from '../../../render/formats.js';
import { exportRiskRegister, importRiskFile } from '../../../app/risks/spreadsheet.js';
import { MAX_UPLOAD_BYTES } from '../../deps.js';
import {
  formBody,
  formView,
  problemsOf,
  problemStatus,
  refusedWhole,
  savedNow,
  type Field,
  type Values,
} from '../../forms.js';
import { readId, requireId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { single, type RawQuery } from '../performance/filters.js';
import { errorView } from '../collection/presenter.js';
import { CairnError } from '../../../app/errors.js';
import { escapeHtml as escapeText } from '../../../render/escape.js';
import { dateText, heatMapView, historyChart, movementText, riskFields, scoreTag } from './presenter.js';

const READ = { config: { access: 'read-internal' as const } };
const MANAGE = { config: { access: 'manage-risks' as const } };
const CONFIGURE = { config: { access: 'configure-risks' as const } };

type RiskParams = { Params: { riskId: string } };
type ActionParams = { Params: { riskId: string; riskActionId: string } };

const VersionBody = form({ version });
/** Risks a page of the register lists. */
const REGISTER_PAGE = 100;

/** GOV.UK pagination for a list of `count` items, `REGISTER_PAGE` a page. */
function pagination(count: number, current: number, href: (page: number) => string) {
  const pages = Math.ceil(count / REGISTER_PAGE);
  if (pages <= 1) return null;
  return {
    previous: current > 1 ? { href: href(current - 1) } : undefined,
    next: current < pages ? { href: href(current + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({
      number: i + 1,
      href: href(i + 1),
      current: i + 1 === current,
    })),
  };
}
const UploadBody = form({ file });
/** The most problems a refused file lists. */
const MAX_LISTED_PROBLEMS = 100;
const ActionBody = form({ description: text, dueDate: text, planAction: text, version });

export const canManageRisks = (req: FastifyRequest) => allows('manage-risks', req.session?.user.role ?? null);

/** An id chosen in a filter: blank for none; anything else that is not an id is refused. */
function queryId(raw: RawQuery, name: string, what: string): number | null {
  const v = single(raw, name);
  if (!v) return null;
  const id = readId(v);
  if (id === undefined) throw invalidInput(`“${v.slice(0, 40)}” is not a ${what}: choose one from the list.`);
  return id;
}

/** A risk's form values as the form shows them. */
function valuesOf(r: Awaited<ReturnType<typeof riskPage>>): Values {
  const row = r.row;
  return {
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    cause: row.cause ?? '',
    event: row.event ?? '',
    effect: row.effect ?? '',
    category: row.category,
    owner: row.owner_user_id ? String(row.owner_user_id) : '',
    directorate: row.directorate_id ? String(row.directorate_id) : '',
    reviewDate: row.review_date ? dateText(row.review_date) : '',
    inherentLikelihood: String(row.inherent_likelihood),
    inherentImpact: String(row.inherent_impact),
    residualLikelihood: String(row.residual_likelihood),
    residualImpact: String(row.residual_impact),
    targetLikelihood: String(row.target_likelihood),
    targetImpact: String(row.target_impact),
    controls: r.controls.map((c) => c.description).join('\n'),
    links: r.risk.links.map((l) => (l.priority_id ? `priority-${l.priority_id}` : `outcome-${l.outcome_id}`)),
  };
}

const asInput = (v: Values): RiskInput => {
  const one = (k: string) => {
    const x = v[k];
    return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
  };
  const links = v.links;
  return {
    reference: one('reference'),
    kind: one('kind'),
    title: one('title'),
    cause: one('cause'),
    event: one('event'),
    effect: one('effect'),
    category: one('category'),
    owner: one('owner'),
    directorate: one('directorate'),
    reviewDate: one('reviewDate'),
    inherentLikelihood: one('inherentLikelihood'),
    inherentImpact: one('inherentImpact'),
    residualLikelihood: one('residualLikelihood'),
    residualImpact: one('residualImpact'),
    targetLikelihood: one('targetLikelihood'),
    targetImpact: one('targetImpact'),
    controls: one('controls'),
    links: Array.isArray(links) ? links : links ? [links] : [],
  };
};

export function riskRoutes(app: FastifyInstance, deps: WebDeps, cache: PageCache): void {
  const { store, clock } = deps;
  const me = (req: FastifyRequest) => req.session!.user;
  const today = () => ukToday(clock);
  const crumbs = [{ text: 'Risk register', href: paths.risks() }];
  /**
   * The register and the heat map are cached by data version (web/page-cache.ts), per what differs
   * between readers: a data owner's own risks, and the links the performance team and administrators see.
   */
  const cacheKey = (req: FastifyRequest) => {
    const u = me(req);
    return `risks|${u.role}|${u.role === 'owner' ? u.id : ''}|${today()}|${req.url}`;
  };
  const cached = (req: FastifyRequest, reply: FastifyReply, template: string, build: () => Promise<object>) =>
    cache.send(reply, cacheKey(req), async () => ({
      template,
      context: { section: 'risks', planId: (await livePlans(store))[0]?.id, ...(await build()) },
    }));

  /** A page of the risk section, with the service navigation's strategy plan. */
  const page = async (reply: FastifyReply, template: string, context: object, status = 200) =>
    reply
      .code(status)
      .render(template, { section: 'risks', planId: (await livePlans(store))[0]?.id, ...context });

  // ---- the register ----
  app.get<{ Querystring: RawQuery }>(paths.risks(), READ, (req, reply) =>
    cached(req, reply, 'risk/register.njk', async () => {
      const q = req.query;
      const filters: RegisterFilters = {
        directorate: queryId(q, 'directorate', 'directorate'),
        priority: queryId(q, 'priority', 'priority'),
        category: single(q, 'category') ?? null,
        level: single(q, 'level') ?? null,
        kind: single(q, 'kind') ?? null,
        overAppetite: single(q, 'appetite') === 'over',
        overdue: single(q, 'overdue') === 'yes',
      };
      const { matrix, risks, all } = await riskRegister(store, me(req), today(), filters);
      const pages = Math.max(1, Math.ceil(risks.length / REGISTER_PAGE));
      const pageNo = Math.min(pages, Math.max(1, Number(single(q, 'page') ?? '1') || 1));
      const linkFilters = {
        directorate: single(q, 'directorate'),
        priority: single(q, 'priority'),
        category: single(q, 'category'),
        level: single(q, 'level'),
        kind: single(q, 'kind'),
        appetite: filters.overAppetite ? ('over' as const) : undefined,
        overdue: filters.overdue ? ('yes' as const) : undefined,
      };
      const choices = await riskFormChoices(store);
      const opt = (value: string, label: string, chosen: unknown) => ({
        value,
        text: label,
        selected: String(chosen ?? '') === value,
      });
      return {
        pageTitle: 'Risk register',
        ownOnly: me(req).role === 'owner',
        canManage: canManageRisks(req),
        canConfigure: allows('configure-risks', me(req).role),
        total: all.length,
        filters: {
          directorate: [
            opt('', 'All directorates', ''),
            ...choices.directorates.map((d) => opt(String(d.id), d.name, filters.directorate)),
          ],
          priority: [
            opt('', 'All priorities', ''),
            ...choices.priorities.map((p) => opt(String(p.id), `${p.code} ${p.title}`, filters.priority)),
          ],
          category: [
            opt('', 'All categories', ''),
            ...[...new Set(all.map((r) => r.category))].sort().map((c) => opt(c, c, filters.category)),
          ],
          level: [opt('', 'All levels', ''), ...matrix.bands.map((b) => opt(b.name, b.name, filters.level))],
          kind: [
            opt('', 'Corporate and directorate', ''),
            ...RISK_KINDS.map((k) => opt(k, RISK_KIND_LABEL[k], filters.kind)),
          ],
          appetite: filters.overAppetite,
          overdue: filters.overdue,
        },
        matched: risks.length,
        pagination: pagination(risks.length, pageNo, (n) =>
          paths.risks({ ...linkFilters, page: n > 1 ? n : undefined }),
        ),
        shownFrom: risks.length ? (pageNo - 1) * REGISTER_PAGE + 1 : 0,
        shownTo: Math.min(risks.length, pageNo * REGISTER_PAGE),
        rows: risks.slice((pageNo - 1) * REGISTER_PAGE, pageNo * REGISTER_PAGE).map((r) => ({
          href: paths.risk(r.id),
          reference: r.reference,
          title: r.title,
          kind: RISK_KIND_LABEL[r.kind as RiskKind] ?? r.kind,
          category: r.category,
          directorate: r.directorateName ?? '—',
          owner: r.ownerName ?? '—',
          residual: scoreTag(matrix, r.residual),
          target: scoreTag(matrix, r.target),
          overAppetite: r.overAppetite,
          movement: movementText(r.movement),
          reviewDate: dateText(r.reviewDate),
          overdue: r.overdue,
        })),
        heatMap: paths.riskHeatMap({
          directorate: filters.directorate ? String(filters.directorate) : undefined,
        }),
      };
    }),
  );

  // ---- adding and changing a risk ----
  async function riskForm(
    reply: FastifyReply,
    existing: { id: number; version: number; reference: string } | null,
    values: Values,
    problems: Problem[] = [],
    status = 200,
    conflict?: string,
  ) {
    const choices = await riskFormChoices(store);
    const fields = riskFields(choices);
    let view = formView(
      {
        caption: 'Risk register',
        heading: existing ? `Change risk ${existing.reference}` : 'Add a risk',
        intro: `Score each of likelihood and impact from 1 to ${choices.matrix.size}: the score is likelihood × impact.`,
        action: existing ? paths.editRisk(existing.id) : paths.newRisk(),
        submit: existing ? 'Save changes' : 'Add the risk',
        cancelUrl: existing ? paths.risk(existing.id) : paths.risks(),
        fields,
        hidden: existing ? [{ name: 'version', value: String(existing.version) }] : [],
      },
      values,
      problems,
    );
    if (conflict) view = refusedWhole(view, conflict);
    return page(reply, 'form.njk', { ...view, breadcrumbs: crumbs }, status);
  }

  const fieldsOf = async () => riskFields(await riskFormChoices(store));

  app.get(paths.newRisk(), MANAGE, async (_req, reply) => riskForm(reply, null, { kind: 'corporate' }));

  app.post(paths.newRisk(), MANAGE, async (req, reply) => {
    const values = readBody(formBody(await fieldsOf()), req.body) as Values;
    try {
      const id = await createRisk(store, userActor(me(req)), asInput(values), clock);
      return reply.redirect(paths.risk(id), 303);
    } catch (e) {
      return riskForm(reply, null, values, problemsOf(e), problemStatus(e));
    }
  });

  const riskIdOf = (text: string) => requireId(text, 'There is no such risk.');

  app.get<RiskParams>(routePatterns.editRisk, MANAGE, async (req, reply) => {
    const r = await riskPage(store, me(req), riskIdOf(req.params.riskId), today());
    return riskForm(reply, { id: r.row.id, version: r.row.version, reference: r.row.reference }, valuesOf(r));
  });

  app.post<RiskParams>(routePatterns.editRisk, MANAGE, async (req, reply) => {
    const riskId = riskIdOf(req.params.riskId);
    const fields = await fieldsOf();
    const values = readBody(formBody(fields), req.body) as Values;
    const { version: expected } = readBody(VersionBody, req.body);
    try {
      await changeRisk(store, userActor(me(req)), riskId, asInput(values), expected, clock);
      return reply.redirect(paths.risk(riskId), 303);
    } catch (e) {
      const now = await riskPage(store, me(req), riskId, today());
      const existing = { id: riskId, version: now.row.version, reference: now.row.reference };
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return riskForm(reply, existing, values, savedNow(fields, valuesOf(now), values), 409, e.message);
      return riskForm(reply, { ...existing, version: expected }, values, problemsOf(e), problemStatus(e));
    }
  });

  // ---- a risk's page ----
  async function riskView(
    req: FastifyRequest,
    reply: FastifyReply,
    riskId: number,
    extra: { problems?: Problem[]; values?: Record<string, string>; status?: number } = {},
  ) {
    const r = await riskPage(store, me(req), riskId, today());
    const m = r.matrix;
    const s = r.risk;
    const actions = await planActionsToChoose(store);
    const scoreRow = (label: string, l: number, i: number) => ({
      label,
      likelihood: `${l} – ${m.likelihood[l - 1] ?? ''}`,
      impact: `${i} – ${m.impact[i - 1] ?? ''}`,
      tag: scoreTag(m, l * i),
    });
    const history = r.history;
    return page(
      reply,
      'risk/risk.njk',
      {
        pageTitle: `${extra.problems?.length ? 'Error: ' : ''}Risk ${s.reference}: ${s.title}`,
        breadcrumbs: crumbs,
        risk: s,
        row: r.row,
        kind: RISK_KIND_LABEL[s.kind as RiskKind] ?? s.kind,
        reviewDate: dateText(s.reviewDate),
        movement: movementText(s.movement),
        scores: [
          scoreRow('Inherent (before controls)', r.row.inherent_likelihood, r.row.inherent_impact),
          scoreRow('Residual (now)', r.row.residual_likelihood, r.row.residual_impact),
          scoreRow('Target (appetite)', r.row.target_likelihood, r.row.target_impact),
        ],
        links: s.links.map((l) =>
          l.priority_id
            ? {
                text: `Priority ${l.priority_code}: ${l.priority_title}`,
                href: l.priority_plan_id ? paths.priority(l.priority_plan_id, l.priority_code ?? '') : null,
              }
            : {
                text: `Outcome ${l.outcome_code}: ${l.outcome_title}`,
                href: l.outcome_plan_id ? paths.outcome(l.outcome_plan_id, l.outcome_code ?? '') : null,
              },
        ),
        controls: r.controls.map((c) => c.description),
        actions: r.actions.map((a) => ({
          id: a.id,
          description: a.description,
          due: dateText(a.due_date),
          planAction: a.plan_action_id
            ? {
                text: `${a.plan_title}: ${a.action_code} ${a.action_title}`,
                href: a.plan_id
                  ? paths.planAction(a.plan_id, a.action_code ?? String(a.plan_action_id))
                  : null,
                status: `${statusDisplay(isActionStatus(a.action_status) ? a.action_status : null, a.action_status_text)}${a.action_percent !== null ? ` (${a.action_percent}% complete)` : ''}`,
              }
            : null,
          remove: paths.removeRiskAction(riskId, a.id),
        })),
        chart: history.length
          ? historyChart(
              `risk-${riskId}-history`,
              `Residual score of risk ${s.reference} by quarter`,
              s.target,
              history,
            )
          : '',
        history: history.map((h) => [
          { text: h.periodLabel },
          { text: String(h.likelihood) },
          { text: String(h.impact) },
          { text: `${levelOf(m, h.score).name} (${h.score})` },
          { text: movementText(h.direction) },
        ]),
        reviews: r.reviews.map((v) => [
          { text: periodFromCode(v.period_code, 'quarter').label },
          { text: `${v.likelihood * v.impact} (${v.likelihood} × ${v.impact})` },
          {
            text: CONTROLS_EFFECTIVE_LABEL[v.controls_effective as ControlsEffective] ?? v.controls_effective,
          },
          { text: v.commentary },
          {
            text: `${v.state.charAt(0).toUpperCase()}${v.state.slice(1)}${v.review_comment ? `: ${v.review_comment}` : ''}`,
          },
          { text: v.recorded_by },
        ]),
        canManage: canManageRisks(req),
        version: r.row.version,
        edit: paths.editRisk(riskId),
        addAction: paths.riskActions(riskId),
        planActions: [
          { value: '', text: 'None' },
          ...actions.map((a) => ({
            value: String(a.id),
            text: `${a.plan_title}: ${a.code} ${a.title}`,
            selected: extra.values?.planAction === String(a.id),
          })),
        ],
        values: extra.values ?? {},
        heatMap: paths.riskHeatMap(),
        ...errorView(extra.problems ?? []),
      },
      extra.status ?? 200,
    );
  }

  app.get<RiskParams>(routePatterns.risk, READ, async (req, reply) =>
    riskView(req, reply, riskIdOf(req.params.riskId)),
  );

  app.post<RiskParams>(routePatterns.riskActions, MANAGE, async (req, reply) => {
    const riskId = riskIdOf(req.params.riskId);
    const { version: expected, ...values } = readBody(ActionBody, req.body);
    try {
      await addRiskAction(store, userActor(me(req)), riskId, values, expected, clock);
      return reply.redirect(`${paths.risk(riskId)}#further-actions`, 303);
    } catch (e) {
      return riskView(req, reply, riskId, { problems: problemsOf(e), values, status: problemStatus(e) });
    }
  });

  app.post<ActionParams>(routePatterns.removeRiskAction, MANAGE, async (req, reply) => {
    const riskId = riskIdOf(req.params.riskId);
    const actionId = requireId(req.params.riskActionId, 'This risk has no such further action.');
    const { version: expected } = readBody(VersionBody, req.body);
    try {
      await removeRiskAction(store, userActor(me(req)), riskId, actionId, expected, clock);
      return reply.redirect(`${paths.risk(riskId)}#further-actions`, 303);
    } catch (e) {
      return riskView(req, reply, riskId, { problems: problemsOf(e), status: problemStatus(e) });
    }
  });

  // ---- the heat map ----
  app.get<{ Querystring: RawQuery }>(paths.riskHeatMap(), READ, (req, reply) =>
    cached(req, reply, 'risk/heat-map.njk', async () => {
      const q = req.query;
      const periodText = single(q, 'period');
      let periodCode: string | null = null;
      if (periodText) {
        try {
          periodCode = periodFromCode(periodText, 'quarter').code;
        } catch {
          throw invalidInput(`“${periodText.slice(0, 40)}” is not a quarter: choose one from the list.`);
        }
        if (!/-Q[1-4]$/.test(periodCode)) throw invalidInput('Choose a quarter from the list.');
      }
      const directorate = queryId(q, 'directorate', 'directorate');
      const priority = queryId(q, 'priority', 'priority');
      const h = await heatMap(store, me(req), today(), { periodCode, directorate, priority });
      const choices = await riskFormChoices(store);
      const periods = await riskPeriods(store, today());
      if (!periods.some((p) => p.code === h.periodCode))
        periods.unshift({ code: h.periodCode, label: h.periodLabel });
      const opt = (value: string, label: string, chosen: unknown) => ({
        value,
        text: label,
        selected: String(chosen ?? '') === value,
      });
      const directorateName = directorate
        ? choices.directorates.find((d) => d.id === directorate)?.name
        : undefined;
      const priorityCode = priority ? choices.priorities.find((p) => p.id === priority)?.code : undefined;
      const scope = [directorateName, priorityCode ? `Priority ${priorityCode}` : undefined].filter(Boolean);
      return {
        pageTitle: `Risk heat map, ${h.periodLabel}`,
        breadcrumbs: crumbs,
        heading: `Risk heat map, ${h.periodLabel}`,
        scope: scope.length ? scope.join(', ') : 'Council-wide',
        map: heatMapView(h),
        filters: {
          period: periods.map((p) => opt(p.code, p.label, h.periodCode)),
          directorate: [
            opt('', 'All directorates', ''),
            ...choices.directorates.map((d) => opt(String(d.id), d.name, directorate)),
          ],
          priority: [
            opt('', 'All priorities', ''),
            ...choices.priorities.map((p) => opt(String(p.id), `${p.code} ${p.title}`, priority)),
          ],
        },
        unmoved: h.risks.filter((r) => r.movement === 'same').length,
        risks: h.risks
          .filter((r) => r.movement !== 'same')
          .map((r) => [
            { html: `<a class="govuk-link" href="${paths.risk(r.id)}">${escapeText(r.reference)}</a>` },
            { text: r.title },
            { text: `${r.likelihood} × ${r.impact}` },
            { text: `${r.level} (${r.score})` },
            { text: r.previousScore === null ? '—' : String(r.previousScore) },
            { text: movementText(r.movement) },
            { text: r.overAppetite ? 'Over appetite' : 'Within appetite' },
          ]),
      };
    }),
  );

  // ---- the register as a spreadsheet ----
  app.get(paths.riskExport(), READ, async (_req, reply) =>
    sendDownload(reply, {
      bytes: await exportRiskRegister(store),
      contentType: FORMAT_INFO.xlsx.contentType,
      name: 'risk-register.xlsx',
    }),
  );

  function importPage(reply: FastifyReply, problems: Problem[] = [], status = 200, done?: string) {
    // Located problems (sheet, row, column) are listed as such, each linked to the file field.
    const { errorList } = errorSummary(problems, { fallbackHref: '#file', limit: MAX_LISTED_PROBLEMS });
    return page(
      reply,
      'risk/import.njk',
      {
        pageTitle: `${problems.length ? 'Error: ' : ''}Import the risk register`,
        breadcrumbs: crumbs,
        errors: errorList,
        fileError: problems.length
          ? `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found. Nothing has been changed: correct the file and upload it again.`
          : null,
        done: done ?? null,
        maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      },
      status,
    );
  }

  app.get(paths.riskImport(), MANAGE, async (_req, reply) => importPage(reply));

  app.post(paths.riskImport(), MANAGE, async (req, reply) => {
    const body = readBody(UploadBody, req.body);
    if (!body.file)
      return importPage(reply, [{ field: 'file', message: 'Choose the spreadsheet to import' }], 400);
    try {
      const r = await importRiskFile(
        store,
        userActor(me(req)),
        await body.file.toBuffer(),
        body.file.filename,
        clock,
      );
      return importPage(
        reply,
        [],
        200,
        `${r.added} ${r.added === 1 ? 'risk' : 'risks'} added and ${r.changed} changed.`,
      );
    } catch (e) {
      if (!(e instanceof CairnError) || e.code !== 'IMPORT_REJECTED') throw e;
      return importPage(reply, e.details.length ? e.details : [{ message: e.message }], 422);
    }
  });

  // ---- the matrix settings ----
  function matrixFields(): Field[] {
    const fields: Field[] = [
      {
        name: 'size',
        label: 'Size of the matrix',
        type: 'radios',
        options: [
          { value: '5', text: '5 × 5 (scores 1 to 25)' },
          { value: '4', text: '4 × 4 (scores 1 to 16)' },
          { value: '3', text: '3 × 3 (scores 1 to 9)' },
        ],
      },
    ];
    for (const [kind, what] of [
      ['likelihood', 'Likelihood'],
      ['impact', 'Impact'],
    ] as const)
      for (let i = 1; i <= 5; i++)
        fields.push({
          name: `${kind}-${i}`,
          label: `${what} ${i}`,
          type: 'text',
          width: 'govuk-input--width-20',
          ...(i === 1
            ? {
                section: `${what} levels`,
                hint: i === 1 ? 'Levels above the matrix’s size are not used' : undefined,
              }
            : {}),
        });
    for (let i = 1; i <= MAX_BANDS; i++)
      fields.push(
        {
          name: `band-${i}-name`,
          label: `Band ${i} name${i > 1 ? ' (optional)' : ''}`,
          type: 'text',
          width: 'govuk-input--width-10',
          ...(i === 1
            ? {
                section: 'Bands, from the least to the most severe',
                hint: 'Every score must fall in a band. Leave a band blank to use fewer.',
              }
            : {}),
        },
        {
          name: `band-${i}-min`,
          label: `Band ${i} lowest score`,
          type: 'text',
          width: 'govuk-input--width-3',
        },
        {
          name: `band-${i}-max`,
          label: `Band ${i} highest score`,
          type: 'text',
          width: 'govuk-input--width-3',
        },
      );
    return fields;
  }

  async function matrixPage(
    reply: FastifyReply,
    values: Values,
    problems: Problem[] = [],
    status = 200,
    conflict?: string,
  ) {
    const { version: v } = await riskMatrix(store.db);
    let view = formView(
      {
        caption: 'Risk register',
        heading: 'Risk matrix',
        intro:
          'How risks are scored: likelihood × impact on a grid of this size, and the named bands scores fall in. Changing it changes every risk’s level.',
        action: paths.riskMatrix(),
        submit: 'Save the matrix',
        cancelUrl: paths.risks(),
        fields: matrixFields(),
        hidden: [{ name: 'version', value: String(v) }],
      },
      values,
      problems,
    );
    if (conflict) view = refusedWhole(view, conflict);
    return page(reply, 'form.njk', { ...view, breadcrumbs: crumbs }, status);
  }

  app.get(paths.riskMatrix(), CONFIGURE, async (_req, reply) => {
    const { matrix } = await riskMatrix(store.db);
    return matrixPage(reply, matrixFormValues(matrix));
  });

  app.post(paths.riskMatrix(), CONFIGURE, async (req, reply) => {
    const fields = matrixFields();
    const values = readBody(formBody(fields), req.body) as Record<string, string>;
    const { version: expected } = readBody(VersionBody, req.body);
    try {
      await changeRiskMatrix(store, userActor(me(req)), values, expected, clock);
      return reply.redirect(paths.risks(), 303);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CONFLICT') {
        const { matrix } = await riskMatrix(store.db);
        return matrixPage(reply, values, savedNow(fields, matrixFormValues(matrix), values), 409, e.message);
      }
      return matrixPage(reply, values, problemsOf(e), problemStatus(e));
    }
  });
}
