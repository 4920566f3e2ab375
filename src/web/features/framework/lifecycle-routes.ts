/**
 * The framework's year: a plan's framework page, starting next year's plan from this one, marking what
 * changed, submitting for approval, recording the approval, and the amendments since.
 *
 * Who: reading the framework pages is `read-framework` (the performance team, administrators and
 * approvers — an approver reads a submitted plan before recording its approval); starting, marking and
 * submitting is `manage-framework`; recording the approval or returning to draft is
 * `approve-framework`. Data owners and viewers see no framework page. Nothing here is cached: these
 * pages differ by role and are read by few.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allows } from '../../../app/access/roles.js';
import { userActor } from '../../../app/audit.js';
import { CairnError } from '../../../app/errors.js';
import {
  approveFramework,
  listFrameworks,
  markChange,
  markedItem,
  nextYearProposal,
  readFramework,
  returnToDraft,
  startNextYear,
  submitFramework,
} from '../../../app/framework-year.js';
import { livePlans } from '../../../app/performance.js';
import type { Problem } from '../../../domain/problem.js';
import { form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { id, readParams } from '../../params.js';
import { paths } from '../../paths.js';
import {
  amendmentsPage,
  approvePage,
  changePage,
  frameworkPage,
  frameworksPage,
  nextYearPage,
  type Abilities,
  type ApprovalValues,
} from './lifecycle-presenter.js';

const READ = { config: { access: 'read-framework' as const } };
const MANAGE = { config: { access: 'manage-framework' as const } };
const APPROVE = { config: { access: 'approve-framework' as const } };

/**
 * The route patterns, made from the builders in paths.ts (one place for every URL): each builder is
 * called with placeholder ids, which are then named.
 */
const PLAN = 918273645;
const ITEM = 546372819;
const pattern = (built: string, item = '') =>
  built.replace(String(PLAN), ':planId').replace(String(ITEM), item ? `:${item}` : '');
const PATTERN = {
  framework: pattern(paths.planFramework(PLAN)),
  nextYear: pattern(paths.startNextYear(PLAN)),
  outcomeChange: pattern(paths.frameworkOutcomeChange(PLAN, ITEM), 'outcomeId'),
  indicatorChange: pattern(paths.frameworkIndicatorChange(PLAN, ITEM), 'indicatorId'),
  submit: pattern(paths.submitFramework(PLAN)),
  approve: pattern(paths.approveFramework(PLAN)),
  return: pattern(paths.returnFramework(PLAN)),
  amendments: pattern(paths.frameworkAmendments(PLAN)),
} as const;

const PlanParams = z.object({ planId: id });
const OutcomeParams = z.object({ planId: id, outcomeId: id });
const IndicatorParams = z.object({ planId: id, indicatorId: id });

const NextYearBody = form({ title: text, version });
const ChangeBody = form({ change: text, whatChanged: text, reason: text, version });
const SubmitBody = form({ version });
const ApproveBody = form({
  body: text,
  'approvedOn-day': text,
  'approvedOn-month': text,
  'approvedOn-year': text,
  minute: text,
  version,
});
const ReturnBody = form({ returnReason: text, version });

/** A use case's refusal as problems for the form; anything else is thrown on. */
function refusal(e: unknown): { problems: Problem[]; conflict: string | null } {
  if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
  if (e.code === 'CONFLICT') return { problems: [], conflict: e.message };
  return { problems: e.details.length ? e.details : [{ message: e.message }], conflict: null };
}

export function frameworkLifecycleRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const planOf = (params: unknown) => readParams(PlanParams, params, 'There is no such plan.').planId;
  const can = (req: FastifyRequest): Abilities => {
    const role = req.session?.user.role ?? null;
    return { manage: allows('manage-framework', role), approve: allows('approve-framework', role) };
  };
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  /** Renders with the service navigation of the live plan; nothing in the navigation is current. */
  async function page(reply: FastifyReply, template: string, context: object, status = 200) {
    const planId = (await livePlans(store))[0]?.id;
    return reply.code(status).render(template, { section: 'frameworks', planId, ...context });
  }

  app.get(paths.frameworks(), READ, async (req, reply) =>
    page(reply, 'framework/frameworks.njk', frameworksPage(await listFrameworks(store), can(req))),
  );

  app.get(PATTERN.framework, READ, async (req, reply) => {
    const v = await readFramework(store, planOf(req.params));
    return page(reply, 'framework/framework.njk', frameworkPage(v, can(req)));
  });

  app.get(PATTERN.amendments, READ, async (req, reply) => {
    const v = await readFramework(store, planOf(req.params));
    return page(reply, 'framework/amendments.njk', amendmentsPage(v));
  });

  // ---- Starting next year ----
  app.get(PATTERN.nextYear, MANAGE, async (req, reply) => {
    const p = await nextYearProposal(store, planOf(req.params));
    return page(reply, 'framework/next-year.njk', nextYearPage(p, { title: p.title }));
  });
  app.post(PATTERN.nextYear, MANAGE, async (req, reply) => {
    const planId = planOf(req.params);
    const body = readBody(NextYearBody, req.body);
    try {
      const started = await startNextYear(store, actor(req), planId, body, clock);
      return reply.redirect(paths.planFramework(started.planId), 303);
    } catch (e) {
      const { problems, conflict } = refusal(e);
      const p = await nextYearProposal(store, planId);
      const shown = conflict ? [{ message: conflict }] : problems;
      return page(
        reply,
        'framework/next-year.njk',
        nextYearPage(p, { title: body.title }, shown),
        conflict ? 409 : 400,
      );
    }
  });

  // ---- Marking what changed since last year ----
  for (const kind of ['outcome', 'indicator'] as const) {
    const pattern = kind === 'outcome' ? PATTERN.outcomeChange : PATTERN.indicatorChange;
    const params = (raw: unknown) => {
      if (kind === 'outcome') {
        const p = readParams(OutcomeParams, raw, 'There is no such outcome.');
        return { planId: p.planId, itemId: p.outcomeId };
      }
      const p = readParams(IndicatorParams, raw, 'There is no such indicator.');
      return { planId: p.planId, itemId: p.indicatorId };
    };
    app.get(pattern, MANAGE, async (req, reply) => {
      const { planId, itemId } = params(req.params);
      const { plan, item, whatChanged, reason } = await markedItem(store, kind, planId, itemId);
      const values = { change: item.change ?? '', whatChanged, reason };
      return page(reply, 'framework/change.njk', changePage(kind, plan, item, values));
    });
    app.post(pattern, MANAGE, async (req, reply) => {
      const { planId, itemId } = params(req.params);
      const body = readBody(ChangeBody, req.body);
      try {
        await markChange(store, actor(req), kind, planId, itemId, body, clock);
        return reply.redirect(`${paths.planFramework(planId)}#${kind}-${itemId}`, 303);
      } catch (e) {
        const { problems, conflict } = refusal(e);
        // Refused as stale: what they wrote stays on the form, which now carries the saved version, and
        // the message says so — saving again is a decision made knowing the other change.
        const { plan, item } = await markedItem(store, kind, planId, itemId);
        const shownItem = conflict ? item : { ...item, version: body.version };
        return page(
          reply,
          'framework/change.njk',
          changePage(kind, plan, shownItem, body, problems, conflict),
          conflict ? 409 : 400,
        );
      }
    });
  }

  // ---- Submitting for approval ----
  app.post(PATTERN.submit, MANAGE, async (req, reply) => {
    const planId = planOf(req.params);
    const body = readBody(SubmitBody, req.body);
    try {
      await submitFramework(store, actor(req), planId, body.version, clock);
      return reply.redirect(paths.planFramework(planId), 303);
    } catch (e) {
      const { problems, conflict } = refusal(e);
      const v = await readFramework(store, planId);
      return page(
        reply,
        'framework/framework.njk',
        frameworkPage(v, can(req), conflict ? [{ message: conflict }] : problems),
        conflict ? 409 : 400,
      );
    }
  });

  // ---- Recording the approval, or returning to draft ----
  const blank: ApprovalValues = {
    body: 'Cabinet',
    day: '',
    month: '',
    year: '',
    minute: '',
    returnReason: '',
  };
  app.get(PATTERN.approve, APPROVE, async (req, reply) => {
    const v = await readFramework(store, planOf(req.params));
    return page(reply, 'framework/approve.njk', approvePage(v, req.session!.user.name, blank));
  });
  app.post(PATTERN.approve, APPROVE, async (req, reply) => {
    const planId = planOf(req.params);
    const b = readBody(ApproveBody, req.body);
    const values: ApprovalValues = {
      ...blank,
      body: b.body,
      day: b['approvedOn-day'],
      month: b['approvedOn-month'],
      year: b['approvedOn-year'],
      minute: b.minute,
    };
    try {
      await approveFramework(store, actor(req), planId, { ...values, version: b.version }, clock);
      return reply.redirect(paths.planFramework(planId), 303);
    } catch (e) {
      const { problems, conflict } = refusal(e);
      const v = await readFramework(store, planId);
      const shown = conflict ? v : { ...v, plan: { ...v.plan, version: b.version } };
      return page(
        reply,
        'framework/approve.njk',
        approvePage(shown, req.session!.user.name, values, problems, conflict),
        conflict ? 409 : 400,
      );
    }
  });
  app.post(PATTERN.return, APPROVE, async (req, reply) => {
    const planId = planOf(req.params);
    const b = readBody(ReturnBody, req.body);
    try {
      await returnToDraft(store, actor(req), planId, { reason: b.returnReason, version: b.version }, clock);
      return reply.redirect(paths.planFramework(planId), 303);
    } catch (e) {
      const { problems, conflict } = refusal(e);
      const v = await readFramework(store, planId);
      const shown = conflict ? v : { ...v, plan: { ...v.plan, version: b.version } };
      return page(
        reply,
        'framework/approve.njk',
        approvePage(
          shown,
          req.session!.user.name,
          { ...blank, returnReason: b.returnReason },
          problems,
          conflict,
        ),
        conflict ? 409 : 400,
      );
    }
  });
}
