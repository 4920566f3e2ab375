/**
 * Changing plans, for the performance team and administrators ('manage-plans'): create a plan; add a
 * recommendation, a finding, an action or a progress review; record an action's update. Each form is
 * checked by its use case; problems go back on the form with the GOV.UK error summary.
 */
import type { FastifyInstance } from 'fastify';
import { CairnError, notFound } from '../../../app/errors.js';
import { addFinding, addRecommendation, addReview, createPlan } from '../../../app/plans/edit.js';
import { addAction, editAction } from '../../../app/plans/actions.js';
import { assignAction, recordActionUpdate } from '../../../app/plans/updates.js';
import { accountIdByEmail, findAction, listPlans, loadPlanData } from '../../../app/plans/reading.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { readId } from '../../params.js';
import { form, optionalId, readBody, text } from '../../body.js';
import { paths, routePatterns } from '../../paths.js';
import { actionContext, navPlanId } from './plan-context.js';
import { fieldsForm, formPages, MANAGE, problemsOf, problemStatus, VersionForm } from './form-pages.js';
import {
  actionFields,
  findingFields,
  planFields,
  recommendationFields,
  reviewFields,
  type Values,
} from './forms.js';
import { formView, type Field } from '../../forms.js';

type PlanParams = { Params: { planId: string }; Querystring: Values };
type ItemParams = { Params: { planId: string; item: string } };

const OwnerBody = form({ owner: text });
const ActionUpdateBody = form({ status: text, text, review: text, version: optionalId });

export function planManageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const { actor, planOf, crumbs, render, recs } = formPages(deps);

  // ---- a new plan ----
  const newPlanSpec = async () => ({
    caption: 'Improvement plans',
    heading: 'Create a plan',
    action: paths.newImprovementPlan(),
    submit: 'Create plan',
    cancelUrl: paths.improvementPlans(),
    fields: planFields(await listPlans(store)),
  });
  app.get(paths.newImprovementPlan(), MANAGE, async (_req, reply) =>
    render(reply, formView(await newPlanSpec(), {}), {
      breadcrumbs: crumbs({ id: 0, title: '' }).slice(0, 1),
    }),
  );
  app.post(paths.newImprovementPlan(), MANAGE, async (req, reply) => {
    const spec = await newPlanSpec();
    const values = readBody(fieldsForm(spec.fields), req.body);
    try {
      const id = await createPlan(store, actor(req), values, clock);
      return reply.redirect(paths.improvementPlan(id), 303);
    } catch (e) {
      return render(reply, formView(spec, values, problemsOf(e)), {}, 400);
    }
  });

  // ---- adding to a plan: one form each, the same shape ----
  const adders: {
    pattern: string;
    heading: string;
    submit: string;
    fields: (planId: number) => Promise<Field[]>;
    save: typeof addRecommendation;
    done: (planId: number, result: string | number) => string;
  }[] = [
    {
      pattern: routePatterns.newPlanRecommendation,
      heading: 'Add a recommendation',
      submit: 'Add recommendation',
      fields: async () => recommendationFields(),
      save: addRecommendation,
      done: (id, code) => paths.planRecommendation(id, String(code)),
    },
    {
      pattern: routePatterns.newPlanFinding,
      heading: 'Add a finding',
      submit: 'Add finding',
      fields: async (id) => findingFields(await recs(id)),
      save: addFinding,
      done: (id, n) => paths.planFinding(id, String(n)),
    },
    {
      pattern: routePatterns.newPlanAction,
      heading: 'Add an action',
      submit: 'Add action',
      fields: async (id) => actionFields(await recs(id)),
      save: addAction,
      done: (id, code) => paths.planAction(id, String(code)),
    },
    {
      pattern: routePatterns.newPlanReview,
      heading: 'Record a progress review',
      submit: 'Record review',
      fields: async () => reviewFields(),
      save: addReview as unknown as typeof addRecommendation,
      done: (id, reviewId) => paths.planReviewUpdates(id, Number(reviewId)),
    },
  ];
  for (const a of adders) {
    const spec = async (plan: { id: number; title: string }) => ({
      caption: plan.title,
      heading: a.heading,
      action: a.pattern.replace(':planId', String(plan.id)),
      submit: a.submit,
      cancelUrl: paths.improvementPlan(plan.id),
      fields: await a.fields(plan.id),
    });
    app.get<PlanParams>(a.pattern, MANAGE, async (req, reply) => {
      const plan = await planOf(req.params.planId);
      return render(reply, formView(await spec(plan), { ...req.query }), { breadcrumbs: crumbs(plan) });
    });
    app.post<PlanParams>(a.pattern, MANAGE, async (req, reply) => {
      const plan = await planOf(req.params.planId);
      const s = await spec(plan);
      const values = readBody(fieldsForm(s.fields), req.body);
      try {
        const result = await a.save(store, actor(req), plan.id, values, clock);
        return reply.redirect(a.done(plan.id, result), 303);
      } catch (e) {
        return render(reply, formView(s, values, problemsOf(e)), { breadcrumbs: crumbs(plan) }, 400);
      }
    });
  }

  // ---- changing an action (its status changes through updates, so its history is kept) ----
  async function editSpec(plan: { id: number; title: string }, code: string, version: number) {
    const fields = actionFields(await recs(plan.id)).filter(
      (f) => f.name !== 'status' && f.name !== 'completedOn',
    );
    return {
      caption: plan.title,
      heading: `Change action ${code}`,
      intro: 'To change its status, record an update on the action’s page: its history is kept.',
      action: paths.editPlanAction(plan.id, code),
      submit: 'Save changes',
      cancelUrl: paths.planAction(plan.id, code),
      fields,
      // The version the form was read at: a save from a stale form is refused, not applied.
      hidden: [{ name: 'version', value: String(version) }],
    };
  }
  app.get<ItemParams>(routePatterns.editPlanAction, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const data = await loadPlanData(store, plan.id);
    const a = data?.actions.find((x) => x.code === req.params.item);
    if (!data || !a) throw notFound(`${plan.title} has no action ${req.params.item}.`);
    const spec = await editSpec(plan, a.code, a.version);
    const values: Values = {
      recommendation: data.recommendations.find((r) => r.id === a.recommendationId)?.code ?? '',
      title: a.title,
      code: a.code,
      section: a.section ?? '',
      leadOfficers: a.leadOfficers ?? '',
      leadCouncillor: a.leadCouncillor ?? '',
      owner: a.ownerEmail ?? '',
      target: a.targetText ?? '',
      findings: a.findings.join(', '),
      recommendations: a.recommendations.join(', '),
      supports: a.supports.map((x) => x.code).join(', '),
      tags: a.tags.join(', '),
    };
    return render(reply, formView(spec, values), { breadcrumbs: crumbs(plan) });
  });
  app.post<ItemParams>(routePatterns.editPlanAction, MANAGE, async (req, reply) => {
    const plan = await planOf(req.params.planId);
    const posted = readBody(VersionForm, req.body).version;
    const spec = await editSpec(plan, req.params.item, posted);
    const values = readBody(fieldsForm(spec.fields), req.body);
    try {
      const code = await editAction(store, actor(req), plan.id, req.params.item, values, clock, posted);
      return reply.redirect(paths.planAction(plan.id, code), 303);
    } catch (e) {
      const problems = problemsOf(e);
      const status = problemStatus(e);
      // After a conflict the form carries the version saved now: saving again is a choice made knowingly.
      const shown =
        status === 409
          ? {
              ...spec,
              hidden: [{ name: 'version', value: String(await actionVersion(plan.id, req.params.item)) }],
            }
          : spec;
      return render(reply, formView(shown, values, problems), { breadcrumbs: crumbs(plan) }, status);
    }
  });
  const actionVersion = async (planId: number, code: string) => {
    const row = await findAction(store, planId, code);
    if (!row) throw notFound(`This plan has no action ${code}.`);
    return row.version;
  };
  /** The id of the plan's action with this code (the page has just read it). */
  const actionId = async (planId: number, code: string) => {
    const row = await findAction(store, planId, code);
    if (!row) throw new Error(`No action ${code} in plan ${planId}.`);
    return row.id;
  };

  // ---- who an action is assigned to (a Cairn account, by email; blank for none) ----
  app.post<ItemParams>(routePatterns.planActionOwner, MANAGE, async (req, reply) => {
    const ctx = await actionContext(deps, req.params.planId, req.params.item, true);
    const email = readBody(OwnerBody, req.body).owner.trim().toLowerCase();
    const userId = email ? await accountIdByEmail(store, email) : null;
    if (userId === undefined) {
      const { errorList, fieldErrors } = errorSummary([
        { field: 'owner', message: `There is no Cairn account for ${email}: check the email address.` },
      ]);
      return reply.code(400).render('plans/action.njk', {
        ...ctx,
        planId: await navPlanId(deps),
        pageTitle: `Error: ${ctx.pageTitle}`,
        values: { owner: email },
        errors: errorList,
        errorFor: fieldErrors,
      });
    }
    await assignAction(store, actor(req), await actionId(ctx.ip.id, req.params.item), userId, clock);
    return reply.redirect(paths.planAction(ctx.ip.id, req.params.item), 303);
  });

  // ---- an action's update ----
  app.post<ItemParams>(routePatterns.planActionUpdates, MANAGE, async (req, reply) => {
    const ctx = await actionContext(deps, req.params.planId, req.params.item, true);
    const { version: posted, ...values } = readBody(ActionUpdateBody, req.body);
    const version = posted ?? ctx.action.version;
    const id = await actionId(ctx.ip.id, req.params.item);
    try {
      await recordActionUpdate(
        store,
        actor(req),
        {
          actionId: id,
          reviewId: readId(values.review) ?? null,
          status: values.status,
          text: values.text,
          expectedVersion: version,
        },
        clock,
      );
      return reply.redirect(`${paths.planAction(ctx.ip.id, req.params.item)}#history`, 303);
    } catch (e) {
      const { errorList, fieldErrors } = errorSummary(problemsOf(e), { fallbackHref: '#text' });
      const fresh = await actionContext(deps, req.params.planId, req.params.item, true);
      return reply
        .code(e instanceof CairnError && e.code === 'CONFLICT' ? 409 : 400)
        .render('plans/action.njk', {
          ...fresh,
          pageTitle: `Error: ${fresh.pageTitle}`,
          values,
          errors: errorList,
          errorFor: fieldErrors,
        });
    }
  });
}
