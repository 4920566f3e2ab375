/**
 * The quarterly report's optional Finance section reads the quarter's budget monitoring (app/finance.ts)
 * for the directorates in scope: the whole council; one directorate; or, for a priority, the directorates
 * that lead its outcomes — with the total over just those.
 */
import { financePosition, type FinancePosition } from '../../app/finance.js';
import type { ScorecardOutcome } from '../../app/scorecard.js';
import type { Scope } from '../../app/summary.js';
import { savingsOf, savingsTotalOf, totalOf, varianceOf } from '../../domain/finance.js';
import type { Period } from '../../domain/periods.js';
import type { Store } from '../../storage/database.js';

export async function financeInScope(
  store: Store,
  period: Period,
  scope: Scope,
  outcomes: ScorecardOutcome[],
): Promise<FinancePosition> {
  const all = await financePosition(store, period);
  if (scope.kind === 'council') return all;
  const ids = new Set(outcomes.map((o) => o.directorate.id));
  if (scope.kind === 'directorate' && ids.size === 0) {
    const d = all.directorates.find((x) => x.directorate.code === scope.code);
    if (d) ids.add(d.directorate.id);
  }
  const directorates = all.directorates.filter((d) => ids.has(d.directorate.id));
  const withBudget = directorates.filter((d) => d.services.length);
  const savings = all.savings.filter((s) => ids.has(s.directorate.id));
  const total = withBudget.length ? totalOf(withBudget) : null;
  const savingsTotal = savings.length ? savingsTotalOf(savings) : null;
  return {
    ...all,
    directorates,
    total: total && { ...total, variance: varianceOf(total, all.tolerance) },
    savings,
    savingsTotal: savingsTotal && { ...savingsTotal, position: savingsOf(savingsTotal, all.tolerance) },
  };
}
