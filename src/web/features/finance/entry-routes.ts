/**
 * Budget figures entered in Cairn (issue 14): a directorate's data owner or approver, or the
 * performance team, enters one line's budget, forecast outturn and commentary for a quarter —
 * directorate-wide or a service — and it waits for the directorate's approver, who approves or returns
 * it on the directorate's budget page. Stale forms are refused (409). The use cases are
 * app/finance-entry.ts; which directorate is checked there, so changing an id gains nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { CairnError } from '../../../app/errors.js';
import { decideBudgetLine, enterBudgetLine, entryLines } from '../../../app/finance-entry.js';
import { financeQuarter } from '../../../app/finance.js';
import { formatPounds } from '../../../domain/finance.js';
import type { Problem } from '../../../domain/problem.js';
import { form, optionalId, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { readId, requireId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';

const COLLECT = { config: { access: 'collect' as const } };
const REVIEW = { config: { access: 'review' as const } };

type EntryParams = {
  Params: { directorateId?: string };
  Querystring: { period?: string; service?: string };
};
type LineParams = { Params: { lineId?: string } };

const EntryBody = form({
  period: text,
  service: optionalId,
  budget: text,
  forecast: text,
  commentary: text,
  version,
});
const DecisionBody = form({ decision: text, version });

const STATUS_LABEL: Record<string, string> = {
  approved: 'Approved',
  submitted: 'Waiting for approval',
  returned: 'Returned',
};

/** Pence as the form shows them back, as people type amounts: "210,400,000", "1,250.5". */
const asTyped = (pence: number) =>
  (pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

export function financeEntryRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const collector = (req: FastifyRequest) => req.session!.user;

  async function entryPage(
    req: FastifyRequest<EntryParams>,
    reply: FastifyReply,
    posted?: {
      period: string;
      serviceId: number | null;
      values: { budget: string; forecast: string; commentary: string; version: number };
      problems: Problem[];
      status: number;
    },
  ) {
    const directorateId = requireId(req.params.directorateId, 'There is no such directorate.');
    const period = financeQuarter(posted?.period ?? req.query.period ?? '');
    const serviceId = posted ? posted.serviceId : (readId(req.query.service) ?? null);
    const { directorate, lines } = await entryLines(store, collector(req), period, directorateId);
    const chosen = lines.find((l) => l.serviceId === serviceId) ?? lines[0]!;
    const { errorList, fieldErrors } = errorSummary(posted?.problems ?? [], { fallbackHref: '#budget' });
    const saved = chosen.line;
    const values =
      posted && posted.status !== 409
        ? posted.values
        : {
            budget: saved ? asTyped(saved.budget) : '',
            forecast: saved ? asTyped(saved.forecast) : '',
            commentary: saved?.commentary ?? '',
            version: saved?.version ?? 0,
          };
    return reply.code(posted?.status ?? 200).render('finance/entry.njk', {
      section: 'finance',
      pageTitle: `${errorList.length ? 'Error: ' : ''}Enter budget figures: ${directorate.name}, ${period.label}`,
      breadcrumbs: [
        { text: 'Budget monitoring', href: paths.finance({ period: period.code }) },
        { text: directorate.name, href: paths.financeDirectorate(directorate.id, { period: period.code }) },
      ],
      directorate,
      period,
      errors: errorList,
      field: (name: string) => fieldErrors[name]?.text ?? null,
      lineOptions: lines.map((l) => ({
        value: l.serviceId === null ? '' : String(l.serviceId),
        text: `${l.name}${l.line ? ` (${STATUS_LABEL[l.line.status] ?? l.line.status})` : ''}`,
        selected: l === chosen,
      })),
      chosen: {
        name: chosen.name,
        service: chosen.serviceId === null ? '' : String(chosen.serviceId),
        saved: saved
          ? `${STATUS_LABEL[saved.status] ?? saved.status}: budget ${formatPounds(saved.budget)}, forecast outturn ${formatPounds(saved.forecast)}.`
          : null,
      },
      values,
      chooseUrl: paths.financeEntry(directorate.id),
      action: paths.financeEntry(directorate.id),
    });
  }

  app.get<EntryParams>(routePatterns.financeEntry, COLLECT, async (req, reply) => entryPage(req, reply));

  app.post<EntryParams>(routePatterns.financeEntry, COLLECT, async (req, reply) => {
    const directorateId = requireId(req.params.directorateId, 'There is no such directorate.');
    const body = readBody(EntryBody, req.body);
    const period = financeQuarter(body.period);
    const serviceId = body.service ?? null;
    try {
      await enterBudgetLine(
        store,
        collector(req),
        userActor(req.session!.user),
        period,
        directorateId,
        {
          serviceId,
          budget: body.budget,
          forecast: body.forecast,
          commentary: body.commentary,
          version: body.version,
        },
        clock,
      );
      return reply.redirect(
        paths.financeDirectorate(directorateId, { period: period.code, done: 'entered' }),
        303,
      );
    } catch (e) {
      if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
      return entryPage(req, reply, {
        period: body.period,
        serviceId,
        values: body,
        problems: e.code === 'CONFLICT' || !e.details.length ? [{ message: e.message }] : e.details,
        status: e.code === 'CONFLICT' ? 409 : 400,
      });
    }
  });

  app.post<LineParams>(routePatterns.financeLineDecision, REVIEW, async (req, reply) => {
    const lineId = requireId(req.params.lineId, 'There are no such budget figures.');
    const body = readBody(DecisionBody, req.body);
    const done = await decideBudgetLine(
      store,
      collector(req),
      userActor(req.session!.user),
      lineId,
      body.version,
      body.decision,
      clock,
    );
    return reply.redirect(
      paths.financeDirectorate(done.directorateId, { period: done.period, done: done.status }),
      303,
    );
  });
}
