/**
 * The single view of the council's business management (seed 003 ¶10, issue 14): for a quarter and
 * each directorate, its performance (how many of its indicators and outcomes are Red, Amber and Green,
 * from the same summaries the reports use), its finance position (variance and rating by the council's
 * tolerance, and its savings) and — when a risk register supplies one — its risks, side by side; and for
 * each priority its performance.
 *
 * Risk is one separate input: a `RiskSummaryProvider` passed in by whoever builds the web app. Without
 * one there is no risk column (never a column of zeros standing in for a register that is not there).
 */
import { financialYearOf, type Period } from '../domain/periods.js';
import { summarise, type RagCounts } from '../domain/summary.js';
import type { Store } from '../storage/database.js';
import { CairnError } from './errors.js';
import { financePosition, type DirectoratePosition, type FinancePosition } from './finance.js';
import { buildScorecard, toSummaryOutcomes, type Scorecard } from './scorecard.js';

/** What the risk register says about a directorate for a quarter. */
export interface RiskSummary {
  directorateId: number;
  /** Risks whose residual score is in the highest band. */
  high: number;
  /** Risks whose residual score is above their target (appetite). */
  overAppetite: number;
  /** Risks whose score rose since last quarter. */
  rising: number;
}

/** Supplies the risk column: the register's summary per directorate for a quarter. */
export type RiskSummaryProvider = (store: Store, period: Period) => Promise<RiskSummary[]>;

export interface PerformanceCounts {
  indicators: RagCounts;
  outcomes: RagCounts;
}

export interface BusinessDirectorateRow {
  directorate: { id: number; code: string; name: string };
  /** Null when the directorate leads no outcome in the quarter's plan. */
  performance: PerformanceCounts | null;
  /** Null when no budget or savings lines were loaded for it this quarter. */
  finance: DirectoratePosition | null;
  /** Null when no risk register is connected; zero counts when it has none for the directorate. */
  risk: RiskSummary | null;
}

export interface BusinessPriorityRow {
  code: string;
  title: string;
  performance: PerformanceCounts;
}

export interface BusinessManagementView {
  period: Period;
  /** The plan the performance comes from, or null when no approved framework covers the quarter. */
  plan: { id: number; title: string } | null;
  /** Why there is no performance, when there is none. */
  noPerformance: string | null;
  councilPerformance: PerformanceCounts | null;
  finance: FinancePosition;
  directorates: BusinessDirectorateRow[];
  priorities: BusinessPriorityRow[];
  /** True when a risk register supplied the risk column. */
  hasRisk: boolean;
}

const countsOf = (period: Period, label: string, outcomes: Scorecard['priorities'][number]['outcomes']) => {
  const s = summarise(period.label, label, toSummaryOutcomes(outcomes));
  return { indicators: s.indicators, outcomes: s.outcomes };
};

export async function businessManagement(
  store: Store,
  period: Period,
  risks?: RiskSummaryProvider,
): Promise<BusinessManagementView> {
  let scorecard: Scorecard | null = null;
  let noPerformance: string | null = null;
  try {
    scorecard = await buildScorecard(store, period);
  } catch (e) {
    if (!(e instanceof CairnError) || e.code !== 'NOT_FOUND') throw e;
    noPerformance = e.message;
  }
  const finance = await financePosition(store, period);
  const riskRows = risks ? await risks(store, period) : null;
  const riskOf = (id: number): RiskSummary | null =>
    riskRows
      ? (riskRows.find((r) => r.directorateId === id) ?? {
          directorateId: id,
          high: 0,
          overAppetite: 0,
          rising: 0,
        })
      : null;

  const outcomes = scorecard?.priorities.flatMap((p) => p.outcomes) ?? [];
  const byId = new Map<number, BusinessDirectorateRow['directorate']>();
  for (const o of outcomes) byId.set(o.directorate.id, o.directorate);
  for (const d of finance.directorates)
    if (!byId.has(d.directorate.id)) byId.set(d.directorate.id, d.directorate);
  for (const r of riskRows ?? [])
    if (!byId.has(r.directorateId)) byId.set(r.directorateId, { id: r.directorateId, code: '', name: '' });
  const directorates = [...byId.values()]
    .filter((d) => d.name)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => {
      const own = outcomes.filter((o) => o.directorate.id === d.id);
      return {
        directorate: d,
        performance: own.length ? countsOf(period, d.name, own) : null,
        finance: finance.directorates.find((f) => f.directorate.id === d.id) ?? null,
        risk: riskOf(d.id),
      };
    });
  return {
    period,
    plan: scorecard ? { id: scorecard.plan.id, title: scorecard.plan.title } : null,
    noPerformance:
      noPerformance ?? (scorecard ? null : `No framework covers ${financialYearOf(period).label}.`),
    councilPerformance: scorecard
      ? { indicators: scorecard.summary.indicators, outcomes: scorecard.summary.outcomes }
      : null,
    finance,
    directorates,
    priorities: (scorecard?.priorities ?? []).map((p) => ({
      code: p.code,
      title: p.title,
      performance: countsOf(period, p.title, p.outcomes),
    })),
    hasRisk: riskRows !== null,
  };
}
