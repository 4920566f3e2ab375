/**
 * The rows of the report's optional "Benchmarking" section, from the scorecard: it holds every linked
 * indicator's standing and its benchmark target's rating already (app/benchmark-ratings.ts), so the
 * section costs no query.
 */
import type { ScorecardOutcome } from '../../app/scorecard.js';
import { tryParseTarget } from '../../domain/targets.js';
import type { BenchmarkingRow } from './model.js';

export function benchmarkingRows(outcomes: readonly ScorecardOutcome[]): BenchmarkingRow[] {
  const rows: BenchmarkingRow[] = [];
  for (const o of outcomes)
    for (const i of o.indicators) {
      const b = i.benchmark;
      if (!b) continue;
      const target = tryParseTarget(i.target);
      const benchmarkTarget = target.ok && target.target.kind === 'benchmark';
      const against = [`${b.metric} (${b.source})`, b.comparison, b.period].filter(Boolean).join(', ');
      rows.push({
        number: i.number,
        title: i.title,
        directorate: o.directorate.name,
        against,
        value: b.value ?? '–',
        median: b.median ?? '–',
        quartile: b.quartileLabel ?? 'No quartile',
        rank: b.rank !== null ? `${b.rank} of ${b.n}` : '–',
        rating: benchmarkTarget
          ? i.explanation
          : b.reason
            ? `No standing: ${b.reason}.`
            : 'Not a benchmark target: rated against its own target.',
      });
    }
  return rows;
}
