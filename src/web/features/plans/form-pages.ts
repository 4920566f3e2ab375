/**
 * What the plan forms share (manage-routes.ts adds to a plan, change-routes.ts changes and removes
 * its parts): the access they need, the plan from the address, breadcrumbs, a problem from a use case
 * mapped onto the form, and rendering form.njk.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { notFound } from '../../../app/errors.js';
import { findImprovementPlan, planRecommendations } from '../../../app/plans/reading.js';
import type { WebDeps } from '../../deps.js';
import { form, text, version } from '../../body.js';
import type { Field, formView } from '../../forms.js';
import { paths } from '../../paths.js';
import { navPlanId, planIdOf } from './plan-context.js';

export { MANAGE } from './plan-context.js';

export { problemsOf, problemStatus } from '../../forms.js';

/**
 * A plan form described by its fields (web/forms.ts), as a schema: each field is text (plans' forms
 * have no checkboxes), blank where missing;
 * anything else posted is ignored. `readBody(fieldsForm(spec.fields), req.body)` gives its values.
 */
export const fieldsForm = (fields: Field[]) => form(Object.fromEntries(fields.map((f) => [f.name, text])));

/** The version a change form was read at: 0 (never a row's version, so refused as stale) when missing or unreadable. */
export const VersionForm = form({ version });

export function formPages(deps: WebDeps) {
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  async function planOf(idText: string) {
    const plan = await findImprovementPlan(deps.store, planIdOf(idText));
    if (!plan) throw notFound(`There is no improvement plan ${idText}.`);
    return plan;
  }

  const crumbs = (plan: { id: number; title: string }) => [
    { text: 'Improvement plans', href: paths.improvementPlans() },
    { text: plan.title, href: paths.improvementPlan(plan.id) },
  ];

  /** Renders a page of the plans section with the service navigation's strategy plan. */
  async function page(reply: FastifyReply, template: string, context: object, status = 200) {
    const planId = await navPlanId(deps);
    return reply.code(status).render(template, { section: 'improvement-plans', planId, ...context });
  }

  const render = (reply: FastifyReply, view: ReturnType<typeof formView>, extra: object, status = 200) =>
    page(reply, 'form.njk', { ...view, ...extra }, status);

  /** A plan's recommendations, for the forms' lists to choose from. */
  const recs = (planId: number) => planRecommendations(deps.store, planId);

  return { actor, planOf, crumbs, page, render, recs };
}
