import type { FastifyInstance } from 'fastify';
import { buildScorecard, defaultPeriod, resolvePeriod } from '../../../app/scorecard.js';
import type { WebDeps } from '../../build-app.js';
import { paths } from '../../paths.js';
import { frameworkPage } from './presenter.js';

export function frameworkRoutes(app: FastifyInstance, deps: WebDeps): void {
  const show = async (periodText: string | undefined) => {
    const period = periodText ? resolvePeriod(periodText) : await defaultPeriod(deps.store);
    return frameworkPage(await buildScorecard(deps.store, period));
  };
  for (const url of [paths.home(), paths.framework()]) {
    app.get<{ Querystring: { period?: string } }>(url, async (req, reply) =>
      reply.render('framework/framework.njk', await show(req.query.period)),
    );
  }
}
