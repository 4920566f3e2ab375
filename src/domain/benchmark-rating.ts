/**
 * Benchmark targets rated from other councils' figures: "Top quartile", "Top half", "Top 3 in our
 * family group", "Better than the median of our CIPFA neighbours", "Above average", "Remain in the top
 * quartile nationally". The figures are the linked metric's, for the comparison the target names (or
 * the link's), in the latest benchmark period that began by the end of the period rated
 * (benchmark-result.ts). The rules (docs/domain.md, "Benchmark targets"):
 *
 * - Top quartile (and "Remain in the top quartile"): quartile 1 Green, quartile 2 Amber, 3 or 4 Red.
 * - Top half: quartile 1 or 2 Green, quartile 3 Amber, 4 Red.
 * - Top N: rank N or better Green (ties share the better rank, so a tie for Nth is in), rank N+1 to 2N
 *   Amber, else Red.
 * - Better than the median / Above average: strictly better than the median (mean) Green; not better
 *   but less than one MAD from it Amber (equal, when the MAD is 0); else Red. National average: at or
 *   better than the mean Green, then the same. Below average: numerically below the mean, whatever the
 *   polarity, likewise. Bottom quartile: numerically at or below the lowest quarter's edge Green, at or
 *   below the median Amber, else Red.
 * - A best-in-the-middle metric has no better side of the median or mean: those targets are not rated.
 * - Quartile targets need four councils with figures; fewer is not rated, and so is a period with no
 *   figure for us (from the file or, failing that, the indicator's own).
 * - Neither the Amber tolerance nor direction of travel applies: the bands above are the tolerance.
 *
 * Pure: no I/O.
 */
import type { ReferenceCouncil } from './benchmark-areas.js';
import { groupOfKind, type ComparatorGroup, type Comparison } from './benchmark-comparisons.js';
import type { Period } from './periods.js';
import { figureFormatter, ordinal, type BenchmarkResult } from './benchmark-result.js';
import { lastRankOfQuartile, QUARTILE_LABEL, type Quartile } from './benchmark-stats.js';
import type { RatingResult } from './rating.js';
import type { BenchmarkAmong, BenchmarkTarget } from './targets.js';
import { RAG_LABEL, type Rag } from './vocabulary.js';

/** Why there is no benchmark, in a phrase that follows "Not rated: … ". */
export interface NoBenchmarkEvidence {
  reason: string;
}
export type BenchmarkEvidence = BenchmarkResult | NoBenchmarkEvidence;

export function hasBenchmark(e: BenchmarkEvidence): e is BenchmarkResult {
  return 'stats' in e;
}

const POSITION_NAME: Record<BenchmarkTarget['position'], string> = {
  'top-quartile': 'top quartile',
  'top-half': 'top half',
  'above-average': 'above average',
  'national-average': 'national average',
  'below-average': 'below average',
  'bottom-quartile': 'bottom quartile',
  'above-median': 'better than the median',
  'top-n': 'top places',
};

/** "top quartile", "top 3", "better than the median": the target in the words of its reason. */
export function benchmarkTargetName(t: BenchmarkTarget): string {
  return t.position === 'top-n' ? `top ${t.top ?? 1}` : POSITION_NAME[t.position];
}

/**
 * The comparison a target asks for: every council in our nation ("nationally"), the group of the kind
 * it names ("our CIPFA neighbours", "our family group": see groupOfKind), else the indicator's link.
 */
export function comparisonForTarget(
  t: BenchmarkTarget,
  linked: Comparison,
  us: ReferenceCouncil,
  groups: ReadonlyMap<number, ComparatorGroup>,
  period: Period,
): { ok: true; comparison: Comparison } | { ok: false; reason: string } {
  const among: BenchmarkAmong | undefined = t.among;
  if (!among) return { ok: true, comparison: linked };
  if (among === 'nation') return { ok: true, comparison: { kind: 'nation' } };
  return groupOfKind(among, us, linked, groups, period);
}

const rated = (rating: Rag, sentence: string): RatingResult => ({
  kind: 'rated',
  rating,
  explanation: `${RAG_LABEL[rating]}: ${sentence}`,
  periodTarget: null,
});
const notRated = (explanation: string): RatingResult => ({
  kind: 'not-rated',
  reason: 'benchmark-unavailable',
  explanation,
});

const lowerFirst = (s: string): string =>
  /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;

/** Rates a benchmark target from the benchmark it asks for, or says why it cannot. */
export function rateBenchmarkTarget(t: BenchmarkTarget, evidence: BenchmarkEvidence): RatingResult {
  const name = benchmarkTargetName(t);
  if (!hasBenchmark(evidence)) return notRated(`Not rated: ${name} target — ${evidence.reason}.`);
  const r = evidence;
  const { stats, metric } = r;
  const us = r.us;
  if (!us)
    return notRated(
      `Not rated: ${name} target — ${metric.title} has no figure for us in ${r.period.label}, and the indicator has none for the period.`,
    );
  const fmt = figureFormatter(
    r.rows.map((row) => row.value),
    metric.unit,
  );
  const V = fmt(us.value);
  const n = stats.n;
  const who = r.comparison.validFrom !== null ? `in ${r.comparison.label}` : r.comparison.label;
  const rank = `rank ${us.rank} of ${n} ${who} in ${r.period.label}`;
  const what = `${lowerFirst(metric.title)} ${V}`;
  const notes: string[] = [];
  if (r.older && r.asked)
    notes.push(`${r.period.label} is the latest year with figures; ${r.asked.label} has none yet`);
  if (r.ourFigure === 'indicator')
    notes.push("our figure is the indicator's own, as the file has none for us");
  const tail = notes.length ? ` (${notes.join('; ')})` : '';
  const sentence = (where: string, against: string): string =>
    `${rank}, ${where}; ${what} ${against}${tail}.`;
  const middle = metric.polarity === 'middle';

  const quartileName = (q: Quartile) => QUARTILE_LABEL[q].toLowerCase();
  switch (t.position) {
    case 'top-quartile':
    case 'top-half': {
      if (!stats.boundaries || us.quartile === null)
        return notRated(
          `Not rated: ${name} target — only ${n} ${n === 1 ? 'council' : 'councils'} had a figure for ${metric.title} in ${r.period.label}; quartiles need at least 4.`,
        );
      const q = us.quartile;
      const half = t.position === 'top-half';
      const last = lastRankOfQuartile(half ? 2 : 1, n);
      const band = `ranks 1 to ${last}`;
      const boundary = half ? stats.median! : stats.boundaries.top;
      const against = middle
        ? `against the median of ${fmt(stats.median!)}, where the ${half ? 'top half is within' : 'top quartile is within'} ${fmt(boundary)} of it`
        : half
          ? `against the median of ${fmt(boundary)}`
          : `against a top-quartile boundary of ${fmt(boundary)}`;
      const rating: Rag = half
        ? q <= 2
          ? 'green'
          : q === 3
            ? 'amber'
            : 'red'
        : q === 1
          ? 'green'
          : q === 2
            ? 'amber'
            : 'red';
      const stay = t.remain ? (rating === 'green' ? 'still ' : '') : '';
      const where =
        rating === 'green'
          ? `${stay}in the ${name} (${band})`
          : `in the ${quartileName(q)}, ${t.remain ? 'no longer' : 'not'} in the ${name} (${band})`;
      return rated(rating, sentence(where, against));
    }
    case 'top-n': {
      const top = t.top ?? 1;
      const nth = r.rows[Math.min(top, r.rows.length) - 1];
      const against = nth ? `against ${ordinal(Math.min(top, n))} place's ${fmt(nth.value)}` : '';
      const rating: Rag = us.rank <= top ? 'green' : us.rank <= 2 * top ? 'amber' : 'red';
      const where =
        rating === 'green'
          ? `in the top ${top}`
          : rating === 'amber'
            ? `short of the top ${top} by ${us.rank - top} ${us.rank - top === 1 ? 'place' : 'places'}`
            : `outside the top ${2 * top}`;
      return rated(rating, sentence(where, against));
    }
    case 'above-median':
    case 'above-average':
    case 'national-average': {
      if (middle)
        return notRated(
          `Not rated: ${name} target — ${metric.title} is best in the middle, so no side of the ${t.position === 'above-median' ? 'median' : 'average'} is better.`,
        );
      const byMedian = t.position === 'above-median';
      const centre = byMedian ? stats.median : stats.mean;
      if (centre === null) return notRated(`Not rated: ${name} target — no council had a figure.`);
      const label = byMedian ? 'median' : 'average';
      const sign = metric.polarity === 'higher' ? 1 : -1;
      const better = sign * (us.value - centre);
      const atOk = t.position === 'national-average';
      const near = stats.mad ? Math.abs(us.value - centre) < stats.mad : us.value === centre;
      const rating: Rag = better > 0 || (atOk && better === 0) ? 'green' : near ? 'amber' : 'red';
      const where =
        better > 0
          ? `better than the ${label}`
          : better === 0
            ? `at the ${label}`
            : near
              ? `worse than the ${label} by less than one median absolute deviation (${fmt(stats.mad ?? 0)})`
              : `worse than the ${label}`;
      return rated(rating, sentence(where, `against the ${label} of ${fmt(centre)}`));
    }
    case 'below-average': {
      const mean = stats.mean!;
      const near = stats.mad ? Math.abs(us.value - mean) < stats.mad : us.value === mean;
      const rating: Rag = us.value < mean ? 'green' : near ? 'amber' : 'red';
      const where =
        us.value < mean ? 'below the average' : us.value === mean ? 'at the average' : 'above the average';
      return rated(rating, sentence(where, `against the average of ${fmt(mean)}`));
    }
    case 'bottom-quartile': {
      if (n < 4)
        return notRated(
          `Not rated: ${name} target — only ${n} ${n === 1 ? 'council' : 'councils'} had a figure for ${metric.title} in ${r.period.label}; quartiles need at least 4.`,
        );
      const ascending = r.rows.map((row) => row.value).sort((a, b) => a - b);
      const edge = ascending[lastRankOfQuartile(1, n) - 1]!;
      const rating: Rag = us.value <= edge ? 'green' : us.value <= stats.median! ? 'amber' : 'red';
      const where =
        rating === 'green'
          ? 'in the lowest quarter of figures'
          : rating === 'amber'
            ? 'at or below the median but not in the lowest quarter of figures'
            : 'above the median';
      return rated(rating, sentence(where, `against a lowest-quarter edge of ${fmt(edge)}`));
    }
  }
}
