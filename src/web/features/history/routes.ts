/**
 * The audit history of one indicator, for auditors and anyone reading internal pages.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../app/errors.js';
import { indicatorAuditTrail } from '../../../app/audit.js';
import { findIndicatorByNumber, findPlan } from '../../../app/performance.js';
import { readId } from '../../params.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { historyRows } from './presenter.js';

export function historyRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get<{ Params: { planId: string; item: string } }>(
    routePatterns.indicatorHistory,
    { config: { access: 'read-internal' } },
    async (req, reply) => {
      const planId = readId(req.params.planId);
      const plan = planId === undefined ? undefined : await findPlan(deps.store, planId);
      const ind = plan
        ? await findIndicatorByNumber(deps.store, plan.id, req.params.item.slice(0, 40))
        : undefined;
      if (!plan || !ind)
        throw notFound(`There is no indicator ${req.params.item.slice(0, 40)} in this plan.`);
      const records = await indicatorAuditTrail(deps.store, ind.id, { limit: 1000 });
      return reply.render('history/history.njk', {
        pageTitle: `History of indicator ${ind.number}`,
        number: ind.number,
        title: ind.title,
        rows: historyRows(records),
        back: paths.indicator(plan.id, ind.number),
      });
    },
  );
}
