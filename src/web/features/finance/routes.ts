/**
 * Budget monitoring on the web (issue 14): a quarter's position council-wide with each directorate
 * (budget, forecast outturn, variance in pounds and per cent, rating as a tag, commentary), a
 * directorate's services and savings, the savings programme; for the performance team, uploading the
 * finance system's export — choose the quarter and the file, then its columns (guessed from the
 * headers), and every problem is listed by row and column with nothing saved — and the council's
 * variance tolerance (a stale form refused with 409). The use cases are app/finance.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../../../app/access/roles.js';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import {
  financePeriods,
  financePosition,
  financeQuarter,
  financeTolerance,
  financeUploadView,
  loadFinanceUpload,
  MAX_FINANCE_FILE_BYTES,
  readFinanceFile,
  saveFinanceTolerance,
  toleranceInput,
  type FinanceMapping,
  type ToleranceInput,
} from '../../../app/finance.js';
import {
  FINANCE_FIELD_LABEL,
  FINANCE_FIELDS,
  FINANCE_KIND_LABEL,
  FINANCE_KINDS,
  isRequired,
  type FinanceKind,
} from '../../../domain/finance-rows.js';
import type { Period } from '../../../domain/periods.js';
import type { Problem } from '../../../domain/problem.js';
import { file, form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { requireId } from '../../params.js';
import { paths, query, routePatterns } from '../../paths.js';
import { periodOptions } from '../../view-model.js';
import { spreadsheetProblem } from '../collection-spreadsheet/upload.js';
import { positionView, serviceRow, toleranceSentences } from './presenter.js';

const READ = { config: { access: 'read-internal' as const } };
const MANAGE = { config: { access: 'manage-finance' as const } };
/** The error summary lists this many problems, then says how many more there are. */
const MAX_LISTED_PROBLEMS = 100;

type PeriodQ = { Querystring: { period?: string; done?: string } };
type DirectorateParams = PeriodQ & { Params: { directorateId?: string } };
type UploadParams = { Params: { uploadId?: string } };

const UploadBody = form({ kind: text, period: text, file });
const ToleranceBody = form({
  redOverspend: text,
  amberOverspend: text,
  materialUnderspend: text,
  savingsRedShortfall: text,
  version,
});
const MappingBody = form(
  Object.fromEntries(FINANCE_FIELDS.budget.concat(FINANCE_FIELDS.savings).map((f) => [`column-${f}`, text])),
);

const DONE: Record<string, string> = {
  budget: 'The budget monitoring figures have been loaded.',
  savings: 'The savings programme has been loaded.',
  tolerance: 'The variance tolerance has been saved.',
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function refusal(e: unknown): { problems: Problem[]; status: number } {
  if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
  if (e.code === 'CONFLICT') return { problems: [{ message: e.message }], status: 409 };
  return { problems: e.details.length ? e.details : [{ message: e.message }], status: 400 };
}

export function financeRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);
  const canManage = (req: FastifyRequest) => allows('manage-finance', req.session?.user.role ?? null);
  const crumbs = [{ text: 'Budget monitoring', href: paths.finance() }];

  /** The quarter asked for, else the latest with figures; and every quarter with figures. */
  async function chosenPeriod(
    text: string | undefined,
  ): Promise<{ period: Period | null; periods: Period[] }> {
    const periods = await financePeriods(store);
    if (text) return { period: financeQuarter(text), periods };
    return { period: periods[0] ?? null, periods };
  }
  const pickerOptions = (periods: Period[], period: Period) =>
    periodOptions(periods.some((p) => p.code === period.code) ? periods : [period, ...periods], period);

  app.get<PeriodQ>(paths.finance(), READ, async (req, reply) => {
    const { period, periods } = await chosenPeriod(req.query.period);
    const common = {
      breadcrumbs: [],
      done: DONE[req.query.done ?? ''] ?? null,
      canManage: canManage(req),
      uploadUrl: paths.financeUpload(),
      toleranceUrl: paths.financeTolerance(),
      businessUrl: paths.businessManagement(period ? { period: period.code } : {}),
    };
    if (!period)
      return reply.render('finance/monitoring.njk', {
        section: 'finance',
        ...common,
        pageTitle: 'Budget monitoring',
        period: null,
      });
    const position = await financePosition(store, period);
    const view = positionView(position);
    return reply.render('finance/monitoring.njk', {
      section: 'finance',
      ...common,
      pageTitle: `Budget monitoring, ${period.label}`,
      period,
      periodOptions: pickerOptions(periods, period),
      ...view,
      directorates: view.directorates.map((d) => ({
        ...d,
        url: paths.financeDirectorate(d.id, { period: period.code }),
      })),
      savingsUrl: paths.financeSavings({ period: period.code }),
      loads: position.loads,
    });
  });

  app.get<DirectorateParams>(routePatterns.financeDirectorate, READ, async (req, reply) => {
    const directorateId = requireId(req.params.directorateId, 'There is no such directorate.');
    const { period, periods } = await chosenPeriod(req.query.period);
    if (!period) throw notFound('No budget monitoring figures have been loaded yet.');
    const position = await financePosition(store, period, { directorateId });
    const d = position.directorates[0];
    if (!d) throw notFound(`There are no budget monitoring figures for that directorate in ${period.label}.`);
    const view = positionView(position);
    return reply.render('finance/directorate.njk', {
      section: 'finance',
      pageTitle: `${d.directorate.name}: budget monitoring, ${period.label}`,
      breadcrumbs: [{ text: 'Budget monitoring', href: paths.finance({ period: period.code }) }],
      period,
      periodOptions: pickerOptions(periods, period),
      action: paths.financeDirectorate(directorateId),
      directorate: view.directorates[0]!,
      services: d.services.map(serviceRow),
      savings: view.savings,
      key: view.key,
    });
  });

  app.get<PeriodQ>(paths.financeSavings(), READ, async (req, reply) => {
    const { period, periods } = await chosenPeriod(req.query.period);
    if (!period) throw notFound('No savings programme has been loaded yet.');
    const view = positionView(await financePosition(store, period));
    return reply.render('finance/savings.njk', {
      section: 'finance',
      pageTitle: `Savings programme, ${period.label}`,
      breadcrumbs: [{ text: 'Budget monitoring', href: paths.finance({ period: period.code }) }],
      period,
      periodOptions: pickerOptions(periods, period),
      savings: view.savings.map((s) => ({
        ...s,
        url: paths.financeDirectorate(s.directorate.id, { period: period.code }),
      })),
      savingsTotal: view.savingsTotal,
      key: view.key,
    });
  });

  // ---- uploading the finance system's export ----

  function uploadPage(
    reply: FastifyReply,
    opts: { values?: { kind: string; period: string }; problems?: Problem[]; status?: number } = {},
  ) {
    const { errorList, fieldErrors } = errorSummary(opts.problems ?? [], { fallbackHref: '#file' });
    const values = opts.values ?? { kind: 'budget', period: '' };
    return reply.code(opts.status ?? 200).render('finance/upload.njk', {
      section: 'finance',
      pageTitle: `${errorList.length ? 'Error: ' : ''}Upload budget monitoring`,
      breadcrumbs: crumbs,
      errors: errorList,
      values,
      kinds: FINANCE_KINDS.map((k) => ({
        value: k,
        text: FINANCE_KIND_LABEL[k],
        checked: values.kind === k,
        hint: {
          text:
            k === 'budget'
              ? 'Each directorate’s or service’s budget and forecast outturn, with commentary'
              : 'Each saving’s target and the saving forecast to be delivered',
        },
      })),
      kindError: fieldErrors.kind?.text ?? null,
      periodError: fieldErrors.period?.text ?? null,
      fileError: fieldErrors.file?.text ?? null,
      maxMb: MAX_FINANCE_FILE_BYTES / 1024 / 1024,
      action: paths.financeUpload(),
    });
  }

  app.get(paths.financeUpload(), MANAGE, async (_req, reply) => uploadPage(reply));

  app.post(paths.financeUpload(), MANAGE, async (req, reply) => {
    const body = readBody(UploadBody, req.body);
    const values = { kind: body.kind, period: body.period };
    const problems: Problem[] = [];
    const kind = (FINANCE_KINDS as readonly string[]).includes(body.kind) ? (body.kind as FinanceKind) : null;
    if (!kind) problems.push({ field: 'kind', message: 'Choose what the file holds' });
    try {
      financeQuarter(body.period);
    } catch (e) {
      problems.push(...refusal(e).problems);
    }
    let chosen: { fileName: string; bytes: Buffer } | null = null;
    if (!body.file)
      problems.push({
        field: 'file',
        message: 'Choose the finance system’s export, a CSV or Excel (.xlsx) file',
      });
    else {
      const bytes = await body.file.toBuffer();
      const wrong = spreadsheetProblem(
        body.file.filename,
        bytes,
        'the finance system’s export',
        'the export',
      );
      if (wrong) problems.push({ field: 'file', message: wrong });
      else chosen = { fileName: body.file.filename, bytes };
    }
    if (problems.length || !kind || !chosen) return uploadPage(reply, { values, problems, status: 400 });
    try {
      const id = await readFinanceFile(
        store,
        req.session!.user.id,
        { kind, period: body.period, file: chosen },
        clock,
      );
      return reply.redirect(paths.financeUploadMapping(id), 303);
    } catch (e) {
      const r = refusal(e);
      return uploadPage(reply, { values, problems: r.problems, status: r.status });
    }
  });

  async function mappingPage(
    req: FastifyRequest<UploadParams>,
    reply: FastifyReply,
    opts: { mapping?: FinanceMapping; problems?: Problem[]; status?: number } = {},
  ) {
    const id = requireId(req.params.uploadId, 'There is no such upload.');
    const u = await financeUploadView(store, req.session!.user.id, id);
    const mapping = opts.mapping ?? u.mapping;
    const problems = opts.problems ?? [];
    const { errorList, fieldErrors } = errorSummary(problems, {
      fallbackHref: '#mapping',
      limit: MAX_LISTED_PROBLEMS,
    });
    const rowProblems = problems.filter((p) => !p.field);
    return reply.code(opts.status ?? 200).render('finance/mapping.njk', {
      section: 'finance',
      pageTitle: `${errorList.length ? 'Error: ' : ''}Choose the columns of ${u.fileName}`,
      breadcrumbs: [...crumbs, { text: 'Upload', href: paths.financeUpload() }],
      upload: u,
      kindLabel: FINANCE_KIND_LABEL[u.kind],
      errors: errorList,
      rowProblemCount: rowProblems.length ? plural(rowProblems.length, 'problem') : null,
      rows: plural(u.rowCount, 'row'),
      fields: FINANCE_FIELDS[u.kind].map((f) => ({
        id: `column-${f}`,
        label: FINANCE_FIELD_LABEL[u.kind][f]!,
        required: isRequired(u.kind, f),
        error: fieldErrors[`column-${f}`]?.text ?? null,
        items: [
          { value: '', text: isRequired(u.kind, f) ? 'Choose a column' : 'None', selected: !mapping[f] },
          ...u.headers.map((h) => ({ value: h, text: h, selected: mapping[f] === h })),
        ],
      })),
      replaces: u.replaces
        ? `This replaces ${u.replaces.file_name}, loaded by ${u.replaces.loaded_by} (${plural(u.replaces.line_count, 'line')}).`
        : null,
      action: paths.financeUploadMapping(u.id),
      againUrl: paths.financeUpload(),
    });
  }

  app.get<UploadParams>(routePatterns.financeUploadMapping, MANAGE, async (req, reply) =>
    mappingPage(req, reply),
  );

  app.post<UploadParams>(routePatterns.financeUploadMapping, MANAGE, async (req, reply) => {
    const id = requireId(req.params.uploadId, 'There is no such upload.');
    const body = readBody(MappingBody, req.body) as Record<string, string>;
    const mapping: FinanceMapping = {};
    for (const f of FINANCE_FIELDS.budget.concat(FINANCE_FIELDS.savings))
      mapping[f] = body[`column-${f}`] || null;
    try {
      const done = await loadFinanceUpload(store, actor(req), req.session!.user.id, id, mapping, clock);
      return reply.redirect(paths.finance({ period: done.period.code, done: done.kind }), 303);
    } catch (e) {
      const r = refusal(e);
      return mappingPage(req, reply, { mapping, problems: r.problems, status: r.status });
    }
  });

  // ---- the tolerance ----

  async function tolerancePage(
    req: FastifyRequest<PeriodQ>,
    reply: FastifyReply,
    form?: { values: ToleranceInput & { version: number }; problems: Problem[]; status: number },
  ) {
    const saved = await financeTolerance(store);
    const { errorList, fieldErrors } = errorSummary(form?.problems ?? [], { fallbackHref: '#redOverspend' });
    return reply.code(form?.status ?? 200).render('finance/tolerance.njk', {
      section: 'finance',
      pageTitle: `${errorList.length ? 'Error: ' : ''}Variance tolerance`,
      breadcrumbs: crumbs,
      done: form ? null : (DONE[req.query.done ?? ''] ?? null),
      errors: errorList,
      field: (name: string) => fieldErrors[name]?.text ?? null,
      values: form && form.status !== 409 ? form.values : toleranceInput(saved.tolerance),
      version: form && form.status !== 409 ? form.values.version : saved.version,
      saved: saved.version
        ? `Last changed by ${saved.updatedBy}.`
        : 'Cairn’s defaults apply: nothing has been saved yet.',
      key: toleranceSentences(saved.tolerance),
      action: paths.financeTolerance(),
    });
  }

  app.get<PeriodQ>(paths.financeTolerance(), MANAGE, async (req, reply) => tolerancePage(req, reply));

  app.post<PeriodQ>(paths.financeTolerance(), MANAGE, async (req, reply) => {
    const body = readBody(ToleranceBody, req.body);
    try {
      await saveFinanceTolerance(store, actor(req), body.version, body, clock);
      return reply.redirect(`${paths.financeTolerance()}${query({ done: 'tolerance' })}`, 303);
    } catch (e) {
      const r = refusal(e);
      return tolerancePage(req, reply, { values: body, problems: r.problems, status: r.status });
    }
  });
}
