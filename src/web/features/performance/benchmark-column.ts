/**
 * The dashboards' optional benchmark column (`benchmark=yes`, like the SPC column): for each linked
 * indicator, our quartile and rank against its linked comparison, in words — and, for a benchmark
 * target, the sentence its rating gives. Read from the scorecard, which holds every linked indicator's
 * standing already: the column costs no query.
 */
import type { Scorecard } from '../../../app/scorecard.js';
import { tryParseTarget } from '../../../domain/targets.js';

export interface BenchmarkCell {
  /** "Top quartile", "Second quartile", … or "No quartile". */
  quartile: string;
  /** "Rank 3 of 16, CIPFA nearest neighbours of Oxfordshire, 2016-17"; or why there is no standing. */
  detail: string;
  /** The rating's sentence, for a benchmark target. */
  rating: string | null;
}

/** Whether any indicator of the scorecard is linked to a benchmark metric. */
export function hasBenchmarks(s: Scorecard): boolean {
  return s.priorities.some((p) => p.outcomes.some((o) => o.indicators.some((i) => i.benchmark)));
}

export function benchmarkDashboard(
  s: Scorecard,
  show: boolean,
): { benchmarkOption: { checked: boolean } | null; benchmarkColumn: Record<string, BenchmarkCell> | null } {
  const offered = hasBenchmarks(s);
  if (!offered) return { benchmarkOption: null, benchmarkColumn: null };
  if (!show) return { benchmarkOption: { checked: false }, benchmarkColumn: null };
  const column: Record<string, BenchmarkCell> = {};
  for (const p of s.priorities)
    for (const o of p.outcomes)
      for (const i of o.indicators) {
        const b = i.benchmark;
        if (!b) {
          column[i.number] = {
            quartile: 'Not linked',
            detail: 'No benchmark metric is linked.',
            rating: null,
          };
          continue;
        }
        const target = tryParseTarget(i.target);
        const rated = target.ok && target.target.kind === 'benchmark' && !i.manual;
        const detail =
          b.rank !== null
            ? `Rank ${b.rank} of ${b.n}, ${b.comparison}, ${b.period}${b.older ? ' (the latest year with figures)' : ''}.`
            : `${b.reason ? b.reason.charAt(0).toUpperCase() + b.reason.slice(1) : 'No standing'}.`;
        column[i.number] = {
          quartile: b.quartileLabel ?? 'No quartile',
          detail,
          rating: rated ? i.explanation : null,
        };
      }
  return { benchmarkOption: { checked: true }, benchmarkColumn: column };
}
