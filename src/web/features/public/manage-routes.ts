/**
 * Choosing what is on the public site (issue 15; manage-reports: the performance team and
 * administrators): one page listing the framework plans, improvement plans, published quarterly
 * reports and the open data licence, and a page per framework plan with a checkbox for the plan and
 * one for each indicator, grouped by outcome. Every form sends back what it showed (`shown`) and what
 * was ticked when it was read (`was`), so only the person's own changes are made, and a change someone
 * else made to the same item since is refused (409). All audited (app/public-publishing.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { notFound } from '../../../app/errors.js';
import { findPlan } from '../../../app/performance.js';
import { openDataLicence } from '../../../app/public.js';
import {
  improvementPlanFlags,
  indicatorFlags,
  planFlags,
  reportFlags,
  setOpenDataLicence,
  setPublicFlags,
  storedLicence,
  type FlagChange,
  type PublicTarget,
} from '../../../app/public-publishing.js';
import type { Problem } from '../../../domain/problem.js';
import { checked, form, list, readBody, text } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { readId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { ID_PATTERN } from '../../../domain/ids.js';

const MANAGE = { config: { access: 'manage-reports' as const } };

/** A list of checkboxes: which were shown, which were ticked when the page was read, which are ticked now. */
const FlagsBody = form({ public: list, was: list, shown: list });
const PlanBody = form({
  public: list,
  was: list,
  shown: list,
  plan: checked,
  planWas: checked,
  everything: checked,
});
const LicenceBody = form({ licence: text, licenceUrl: text, licenceWas: text, licenceUrlWas: text });

const ids = (values: string[]) => new Set(values.filter((v) => ID_PATTERN.test(v)).map(Number));

/** The changes a list of checkboxes asks for, for the items it showed. */
function flagChanges(
  target: PublicTarget,
  body: { public: string[]; was: string[]; shown: string[] },
  all = false,
): FlagChange[] {
  const ticked = ids(body.public);
  const was = ids(body.was);
  return [...ids(body.shown)].map((id) => ({ target, id, value: all || ticked.has(id), was: was.has(id) }));
}

const KIND: Record<string, string> = {
  improvement: 'Improvement plan',
  business: 'Business plan',
  action: 'Action plan',
};
const STATUS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for approval',
  approved: 'Approved',
};

export function publicSiteRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  async function overview(
    req: FastifyRequest,
    reply: FastifyReply,
    problems: Problem[] = [],
    typed?: { name: string; url: string },
  ) {
    const [plans, improvement, reports, stored, licence] = await Promise.all([
      planFlags(store),
      improvementPlanFlags(store),
      reportFlags(store),
      storedLicence(store),
      openDataLicence(store),
    ]);
    const saved = (req.query as Record<string, unknown>)?.saved;
    const { errorList, fieldErrors } = errorSummary(problems);
    return reply.code(problems.length ? 400 : 200).render('public/manage.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Publish on the public site`,
      section: 'reports',
      saved: typeof saved === 'string' && /^\d+$/.test(saved) ? Number(saved) : null,
      errors: errorList,
      fieldErrors,
      plans: plans.map((p) => ({
        title: p.title,
        years: p.years,
        status: STATUS[p.status] ?? p.status,
        approved: p.status === 'approved',
        public: p.public === 1,
        url: paths.publicSitePlan(p.id),
        publicUrl: paths.publicPlan(p.id),
      })),
      improvement: improvement.map((p) => ({
        id: p.id,
        title: p.title,
        kind: KIND[p.kind] ?? p.kind,
        public: p.public === 1,
      })),
      reports: reports.map((r) => ({
        id: r.id,
        title: r.title,
        latest: r.latest,
        public: r.public === 1,
      })),
      licence: {
        stored: { name: stored.name ?? '', url: stored.url ?? '' },
        typed: typed ?? { name: stored.name ?? '', url: stored.url ?? '' },
        current: licence,
      },
    });
  }

  app.get(paths.publicSiteManage(), MANAGE, (req, reply) => overview(req, reply));

  app.post(paths.publicSiteImprovementPlans(), MANAGE, async (req, reply) => {
    const n = await setPublicFlags(
      store,
      userActor(req.session!.user),
      flagChanges('improvement_plan', readBody(FlagsBody, req.body)),
      clock,
    );
    return reply.redirect(`${paths.publicSiteManage()}?saved=${n}`, 303);
  });

  app.post(paths.publicSiteReports(), MANAGE, async (req, reply) => {
    const n = await setPublicFlags(
      store,
      userActor(req.session!.user),
      flagChanges('report_draft', readBody(FlagsBody, req.body)),
      clock,
    );
    return reply.redirect(`${paths.publicSiteManage()}?saved=${n}`, 303);
  });

  app.post(paths.publicSiteLicence(), MANAGE, async (req, reply) => {
    const b = readBody(LicenceBody, req.body);
    const typed = { name: b.licence, url: b.licenceUrl };
    const problems = await setOpenDataLicence(
      store,
      userActor(req.session!.user),
      typed,
      { name: b.licenceWas, url: b.licenceUrlWas },
      clock,
    );
    if (problems.length) return overview(req, reply, problems, typed);
    return reply.redirect(`${paths.publicSiteManage()}?saved=1`, 303);
  });

  type PlanParams = { Params: { planId: string }; Querystring: Record<string, string | undefined> };

  async function planOf(text: string) {
    const id = readId(text);
    const plan = id === undefined ? undefined : await findPlan(store, id);
    if (!plan)
      throw notFound(`There is no plan ${text}. Choose one on the “Publish on the public site” page.`);
    return plan;
  }

  app.get<PlanParams>(routePatterns.publicSitePlan, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const indicators = await indicatorFlags(store, plan.id);
    const outcomes: { code: string; title: string; indicators: typeof indicators }[] = [];
    for (const i of indicators) {
      let o = outcomes[outcomes.length - 1];
      if (!o || o.code !== i.outcomeCode)
        outcomes.push((o = { code: i.outcomeCode, title: i.outcomeTitle, indicators: [] }));
      o.indicators.push(i);
    }
    return reply.render('public/manage-plan.njk', {
      pageTitle: `Publish ${plan.title} on the public site`,
      section: 'reports',
      saved: req.query.saved === 'yes',
      plan: {
        id: plan.id,
        title: plan.title,
        years: plan.years,
        approved: plan.status === 'approved',
        status: STATUS[plan.status] ?? plan.status,
        public: plan.public === 1,
        publicUrl: paths.publicPlan(plan.id),
      },
      publicCount: indicators.filter((i) => i.public === 1).length,
      total: indicators.length,
      outcomes: outcomes.map((o) => ({
        code: o.code,
        title: o.title,
        indicators: o.indicators.map((i) => ({
          id: i.id,
          number: i.number,
          title: i.title,
          public: i.public === 1,
          retired: i.retired_on !== null,
        })),
      })),
      action: paths.publicSitePlan(plan.id),
      backUrl: paths.publicSiteManage(),
    });
  });

  app.post<PlanParams>(routePatterns.publicSitePlan, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const b = readBody(PlanBody, req.body);
    const own = new Set((await indicatorFlags(store, plan.id)).map((i) => Number(i.id)));
    const changes: FlagChange[] = [
      { target: 'plan', id: plan.id, value: b.everything || b.plan, was: b.planWas },
      // Only this plan's indicators, whatever else a form might send.
      ...flagChanges('indicator', b, b.everything).filter((c) => own.has(c.id)),
    ];
    await setPublicFlags(store, userActor(req.session!.user), changes, clock);
    return reply.redirect(`${paths.publicSitePlan(plan.id)}?saved=yes`, 303);
  });
}
