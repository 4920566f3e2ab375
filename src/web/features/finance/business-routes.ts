/**
 * The business-management view (seed 003 ¶10, issue 14): one page per quarter with each directorate's
 * performance (its indicators and outcomes by rating), finance (variance and rating, savings) and its
 * risks from the register (app/risks/reading.ts; a test may pass its own as `WebDeps.riskSummaries`),
 * side by side, each linking to its detail; then each priority's performance. The use case is
 * app/business-management.ts.
 */
import type { FastifyInstance } from 'fastify';
import { riskSummariesByDirectorate } from '../../../app/risks/reading.js';
import { businessManagement, type PerformanceCounts } from '../../../app/business-management.js';
import { CairnError } from '../../../app/errors.js';
import { financePeriods, financeQuarter } from '../../../app/finance.js';
import { defaultPeriod, planQuarters, planForPeriod } from '../../../app/scorecard.js';
import { comparePeriods, type Period } from '../../../domain/periods.js';
import type { WebDeps } from '../../deps.js';
import { paths } from '../../paths.js';
import { periodOptions } from '../../view-model.js';
import { savingsRow, toleranceSentences, varianceRow } from './presenter.js';

const READ = { config: { access: 'read-internal' as const } };

type PeriodQ = { Querystring: { period?: string } };

const countsView = (c: PerformanceCounts | null) =>
  c && {
    indicators: c.indicators,
    outcomes: c.outcomes,
  };

export function businessRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store } = deps;

  /** The quarter asked for; else the latest finished reporting quarter; else the latest with finance. */
  async function chosen(text: string | undefined): Promise<Period | null> {
    if (text) return financeQuarter(text);
    try {
      return await defaultPeriod(store);
    } catch (e) {
      if (!(e instanceof CairnError) || e.code !== 'NOT_FOUND') throw e;
      return (await financePeriods(store))[0] ?? null;
    }
  }

  app.get<PeriodQ>(paths.businessManagement(), READ, async (req, reply) => {
    const period = await chosen(req.query.period);
    if (!period)
      return reply.render('finance/business.njk', {
        section: 'business',
        pageTitle: 'Business management',
        period: null,
      });
    const view = await businessManagement(store, period, deps.riskSummaries ?? riskSummariesByDirectorate);
    const quarters = new Map<string, Period>();
    for (const p of await financePeriods(store)) quarters.set(p.code, p);
    if (view.plan) {
      const plan = await planForPeriod(store, period).catch(() => null);
      for (const q of plan ? planQuarters(plan) : []) quarters.set(q.code, q);
    }
    quarters.set(period.code, period);
    const q = { period: period.code };
    return reply.render('finance/business.njk', {
      section: 'business',
      pageTitle: `Business management, ${period.label}`,
      breadcrumbs: [{ text: 'Budget monitoring', href: paths.finance(q) }],
      period,
      periodOptions: periodOptions(
        [...quarters.values()].sort((a, b) => comparePeriods(a, b)),
        period,
      ),
      noPerformance: view.noPerformance,
      hasRisk: view.hasRisk,
      council: {
        performance: countsView(view.councilPerformance),
        finance: view.finance.total ? varianceRow(view.finance.total) : null,
        savings: view.finance.savingsTotal ? savingsRow(view.finance.savingsTotal) : null,
      },
      directorates: view.directorates.map((d) => ({
        name: d.directorate.name,
        performance: countsView(d.performance),
        performanceUrl: view.plan
          ? paths.indicators(view.plan.id, { directorate: d.directorate.code, period: period.code })
          : null,
        finance: d.finance && d.finance.services.length ? varianceRow(d.finance) : null,
        savings: d.finance?.savings ? savingsRow(d.finance.savings) : null,
        financeUrl: d.finance ? paths.financeDirectorate(d.directorate.id, q) : null,
        risk: d.risk,
        riskUrl: paths.risks({ directorate: String(d.directorate.id) }),
      })),
      priorities: view.priorities.map((p) => ({
        ...p,
        url: view.plan ? paths.priority(view.plan.id, p.code, q) : null,
      })),
      key: toleranceSentences(view.finance.tolerance),
      financeUrl: paths.finance(q),
      heatMapUrl: paths.riskHeatMap(q),
    });
  });
}
