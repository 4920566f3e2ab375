/**
 * The performance team's form for one indicator's statistical process control options ('manage-framework'):
 * the minimum number of points, the run lengths, the two-of-three side rule, rebase dates, fixing the
 * limits after n points, and screening moving ranges. It carries the version it was read at; a change
 * someone else saved meanwhile is refused (409) and the form shows what is saved now.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { findPlan } from '../../../app/performance.js';
import { changeSpcOptions, spcOptionsForm, spcOptionsOf, type SpcOptionsInput } from '../../../app/spc.js';
import type { Problem } from '../../../domain/problem.js';
import { DEFAULT_SPC_OPTIONS } from '../../../domain/spc.js';
import { checked, form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { id, readParams } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { z } from 'zod';

const MANAGE = { config: { access: 'manage-framework' as const } };
const Params = z.object({ planId: id, indicatorId: id });
const Body = form({
  minimumPoints: text,
  shiftLength: text,
  trendLength: text,
  twoOfThreeSameSide: checked,
  rebaseAt: text,
  fixAfter: text,
  screenOutliers: checked,
  version,
});

export function spcOptionsRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  async function load(params: unknown) {
    const { planId, indicatorId } = readParams(Params, params, 'There is no such indicator.');
    const plan = await findPlan(store, planId);
    const ind = plan ? await spcOptionsOf(store, planId, indicatorId) : undefined;
    if (!plan || !ind) throw notFound('There is no such indicator in this plan.');
    return { plan, ind };
  }

  function show(
    reply: FastifyReply,
    page: Awaited<ReturnType<typeof load>>,
    values: SpcOptionsInput,
    formVersion: number,
    problems: Problem[] = [],
    status = 200,
    notice: string | null = null,
  ) {
    const { errorList, fieldErrors } = errorSummary(problems);
    return reply.code(status).render('performance/spc-options.njk', {
      pageTitle: `Statistical process control options: indicator ${page.ind.number}`,
      breadcrumbs: [
        { text: 'Home', href: paths.home() },
        { text: page.plan.title, href: paths.plan(page.plan.id) },
        { text: `Indicator ${page.ind.number}`, href: paths.indicator(page.plan.id, page.ind.number) },
      ],
      caption: `Indicator ${page.ind.number}: ${page.ind.title}`,
      action: paths.indicatorSpcOptions(page.plan.id, page.ind.id),
      cancel: `${paths.indicator(page.plan.id, page.ind.number)}#spc`,
      values,
      version: formVersion,
      defaults: DEFAULT_SPC_OPTIONS,
      errors: errorList,
      fieldErrors,
      notice,
    });
  }

  app.get(routePatterns.indicatorSpcOptions, MANAGE, async (req, reply) => {
    const page = await load(req.params);
    return show(reply, page, spcOptionsForm(page.ind.options), page.ind.version);
  });

  app.post(routePatterns.indicatorSpcOptions, MANAGE, async (req, reply) => {
    const page = await load(req.params);
    const { version: formVersion, ...values } = readBody(Body, req.body);
    try {
      await changeSpcOptions(store, userActor(req.session!.user), page.ind.id, formVersion, values, clock);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return show(reply, page, values, formVersion, e.details, 400);
      if (e instanceof CairnError && e.code === 'CONFLICT') {
        const now = await load(req.params);
        return show(reply, now, spcOptionsForm(now.ind.options), now.ind.version, [], 409, e.message);
      }
      throw e;
    }
    return reply.redirect(`${paths.indicator(page.plan.id, page.ind.number)}#spc`, 303);
  });
}
