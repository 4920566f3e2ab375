/**
 * The period summary for a scope: the whole council, one priority or one directorate.
 */
import { summarise, type PeriodSummary } from '../domain/summary.js';
import type { Store } from '../storage/database.js';
import { invalidInput } from './errors.js';
import {
  buildScorecard,
  resolvePeriod,
  toSummaryOutcomes,
  type Scorecard,
  type ScorecardOutcome,
} from './scorecard.js';

export interface Scope {
  kind: 'council' | 'priority' | 'directorate';
  /** Priority or directorate code. */
  code?: string;
}

/** "council", "priority:P1", "directorate:SCS", or a bare priority or directorate code. */
export function parseScope(text: string | undefined, scorecard: Scorecard): Scope {
  if (!text || text.toLowerCase() === 'council') return { kind: 'council' };
  const [kind, code] = text.includes(':') ? text.split(':', 2) : [undefined, text];
  const wanted = (code ?? '').trim().toLowerCase();
  const priority = scorecard.priorities.find((p) => p.code.toLowerCase() === wanted);
  const directorate = scorecard.directorates.find((d) => d.code.toLowerCase() === wanted);
  if ((kind === undefined || kind === 'priority') && priority)
    return { kind: 'priority', code: priority.code };
  if ((kind === undefined || kind === 'directorate') && directorate)
    return { kind: 'directorate', code: directorate.code };
  throw invalidInput(
    `"${text}" is not a scope. Use council, a priority (${scorecard.priorities.map((p) => p.code).join(', ')}) ` +
      `or a directorate (${scorecard.directorates.map((d) => d.code).join(', ')}).`,
  );
}

export function scopeOutcomes(
  scorecard: Scorecard,
  scope: Scope,
): { label: string; outcomes: ScorecardOutcome[] } {
  const all = scorecard.priorities.flatMap((p) => p.outcomes);
  if (scope.kind === 'priority') {
    const p = scorecard.priorities.find((x) => x.code === scope.code);
    return { label: p?.title ?? '', outcomes: p?.outcomes ?? [] };
  }
  if (scope.kind === 'directorate') {
    const d = scorecard.directorates.find((x) => x.code === scope.code);
    return { label: d?.name ?? '', outcomes: all.filter((o) => o.directorate.code === scope.code) };
  }
  return { label: scorecard.councilName, outcomes: all };
}

export interface SummaryView {
  scorecard: Scorecard;
  scope: Scope;
  summary: PeriodSummary;
  outcomes: ScorecardOutcome[];
}

export async function periodSummary(
  store: Store,
  periodText: string,
  scopeText?: string,
): Promise<SummaryView> {
  const scorecard = await buildScorecard(store, resolvePeriod(periodText));
  const scope = parseScope(scopeText, scorecard);
  const { label, outcomes } = scopeOutcomes(scorecard, scope);
  const summary =
    scope.kind === 'council'
      ? scorecard.summary
      : summarise(scorecard.period.label, label, toSummaryOutcomes(outcomes));
  return { scorecard, scope, summary, outcomes };
}
