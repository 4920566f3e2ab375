/**
 * The audit history of one indicator, for auditors and anyone reading internal pages.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../app/errors.js';
import { indicatorHistory } from '../../../storage/audit-repository.js';
import { findIndicator, findPlanById } from '../../../storage/performance-repository.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { historyRows } from './presenter.js';

export function historyRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get<{ Params: { planId: string; item: string } }>(
    routePatterns.indicatorHistory,
    { config: { access: 'read-internal' } },
    async (req, reply) => {
      const plan = /^\d{1,9}$/.test(req.params.planId)
        ? await findPlanById(deps.store.db, Number(req.params.planId))
        : undefined;
      const ind = plan
        ? await findIndicator(deps.store.db, plan.id, req.params.item.slice(0, 40))
        : undefined;
      if (!plan || !ind)
        throw notFound(`There is no indicator ${req.params.item.slice(0, 40)} in this plan.`);
      const records = await indicatorHistory(deps.store.db, ind.id, { limit: 1000 });
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
