/**
 * Reads what a quarterly report needs from the database: the period's scorecard, narrowed to the
 * scope, the framework's recorded changes, and (for charts) the plan's earlier quarters.
 */
import {
  buildScorecard,
  planQuarters,
  resolvePeriod,
  toSummaryOutcomes,
  type Scorecard,
} from '../../app/scorecard.js';
import { parseScope, scopeOutcomes } from '../../app/summary.js';
import { invalidInput } from '../../app/errors.js';
import { readChangeReason } from '../../app/framework-year.js';
import {
  comparePeriods,
  financialYearOf,
  periodFromCode,
  shiftPeriod,
  type Period,
} from '../../domain/periods.js';
import { summarise } from '../../domain/summary.js';
import type { Store } from '../../storage/database.js';
import { loadFrameworkChanges } from '../../storage/report-repository.js';
import type { ReportSource } from './model.js';
import { financeInScope } from './finance-source.js';
import { spcConcernRows } from './spc-source.js';
import { benchmarkingRows } from './benchmark-source.js';
import { riskSection } from './risk-source.js';

export function reportPeriod(text: string): Period {
  const period = resolvePeriod(text);
  if (period.kind !== 'quarter')
    throw invalidInput(
      `A quarterly report covers one quarter. Choose a quarter, such as Q1 ${financialYearOf(period).label}.`,
    );
  return period;
}

export async function loadReportSource(
  store: Store,
  periodText: string,
  scopeText: string | undefined,
  opts: {
    charts: boolean;
    spc?: boolean;
    benchmarking?: boolean;
    finance?: boolean;
    risk?: boolean;
    now: Date;
  },
): Promise<ReportSource> {
  const period = reportPeriod(periodText);
  const scorecard = await buildScorecard(store, period);
  const scope = parseScope(scopeText, scorecard);
  const { label, outcomes } = scopeOutcomes(scorecard, scope);
  const summary =
    scope.kind === 'council'
      ? scorecard.summary
      : summarise(period.label, label, toSummaryOutcomes(outcomes));
  const history: Scorecard[] = [];
  if (opts.charts) {
    const earlier = planQuarters(scorecard.plan)
      .filter((q) => comparePeriods(q, period) < 0)
      .slice(-7);
    for (const q of earlier) history.push(await buildScorecard(store, q, scorecard.plan));
  }
  const framework = await loadFrameworkChanges(store.db, scorecard.plan.id);
  return {
    scorecard,
    scope,
    scopeLabel: label,
    outcomes,
    summary,
    changes: framework.items.map((c) => {
      const { whatChanged, reason } = readChangeReason(c.change, c.reason);
      return { ...c, whatChanged: whatChanged || null, reason: reason || null };
    }),
    previousYears:
      framework.previousYears ??
      shiftPeriod(periodFromCode(scorecard.plan.first_year, 'financial-year'), -1).label,
    amendments: framework.amendments,
    history,
    asAt: opts.now.toISOString(),
    ...(opts.spc ? { spcConcern: await spcConcernRows(store, scorecard.plan.id, period, outcomes) } : {}),
    ...(opts.benchmarking ? { benchmarking: benchmarkingRows(outcomes) } : {}),
    ...(opts.finance ? { finance: await financeInScope(store, period, scope, outcomes) } : {}),
    ...(opts.risk ? { risk: await riskSection(store, scorecard.plan.id, period, scope) } : {}),
  };
}
