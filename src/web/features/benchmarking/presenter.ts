/**
 * Benchmarks shaped for the templates (issue 13): the indicator page's "How we compare with other
 * councils" panel — our figure, the group's mean, median and quartile boundaries, our rank and
 * quartile, the distance from the median in words, who is best, the gap to the top quartile, over
 * time, and the chart of us among the group with the same data as a table — and the rows of a plan's
 * benchmarking page and its downloads. Every quartile is said in words, never by colour alone.
 */
import type { IndicatorBenchmark } from '../../../app/benchmark-links.js';
import { isBenchmark, type BenchmarkResult } from '../../../app/benchmark-standing.js';
import {
  coverageSentence,
  figureFormatter,
  ordinal,
  POLARITY_PHRASE,
} from '../../../domain/benchmark-result.js';
import { QUARTILE_LABEL, type Quartile } from '../../../domain/benchmark-stats.js';
import { benchmarkChart } from '../../../render/charts/benchmark-chart.js';
import { paths } from '../../paths.js';

export const quartileText = (q: Quartile | null): string =>
  q === null
    ? 'No quartile (fewer than 4 councils had a figure)'
    : `${QUARTILE_LABEL[q]} (${ordinal(q)} of 4)`;

/** The formatter for one benchmark's figures: as many decimals as the figures have. */
const formatterOf = (r: BenchmarkResult) =>
  figureFormatter(
    r.rows.map((x) => x.value),
    r.metric.unit,
  );

const distancePhrase = (r: BenchmarkResult): string => {
  const us = r.us!;
  const fmt = formatterOf(r);
  const median = r.stats.median === null ? '' : ` of ${fmt(r.stats.median)}`;
  if (us.distance === null)
    return `${capital(us.words)} than the median${median}; the councils’ figures are too close together to measure how far.`;
  const size = Math.abs(us.distance);
  const units = `${size.toFixed(1)} median absolute ${size.toFixed(1) === '1.0' ? 'deviation' : 'deviations'} (MAD)`;
  if (us.words === 'broadly similar') return `Broadly similar to the median${median}: ${units} away.`;
  return `${capital(us.words)} than the median${median}, by ${units}.`;
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The gap to the top quartile's boundary, in the indicator's units, in words. */
function gapPhrase(r: BenchmarkResult): string {
  const us = r.us!;
  const fmt = formatterOf(r);
  if (!r.stats.boundaries || us.gapToTopQuartile === null)
    return 'No top quartile: fewer than 4 councils had a figure.';
  const b = r.stats.boundaries.top;
  if (us.quartile === 1) return `In the top quartile (its boundary is ${fmt(b)}).`;
  const gap = fmt(us.gapToTopQuartile);
  if (r.metric.polarity === 'middle')
    return `${gap} nearer the median is needed to reach the top quartile (within ${fmt(b)} of the median).`;
  return `${gap} ${r.metric.polarity === 'higher' ? 'higher' : 'lower'} is needed to reach the top quartile’s boundary of ${fmt(b)}.`;
}

export interface BenchmarkPanel {
  heading: string;
  linkUrl: string | null;
  linked: boolean;
  metric?: string;
  comparison?: string;
  reason?: string;
  analysed?: boolean;
  [key: string]: unknown;
}

/** The indicator page's panel, or null when it is not linked and the viewer may not link it. */
export function benchmarkPanelView(
  ib: IndicatorBenchmark | null,
  planId: number,
  number: string,
  canManage: boolean,
): BenchmarkPanel | null {
  const heading = 'How we compare with other councils';
  const linkUrl = canManage ? paths.indicatorBenchmark(planId, number) : null;
  if (!ib) return canManage ? { heading, linkUrl, linked: false } : null;
  const metric = `${ib.link.metric.title} (${ib.link.metric.source}, ${ib.link.metric.code})`;
  const base = { heading, linkUrl, linked: true, metric };
  if (!isBenchmark(ib.current)) return { ...base, analysed: false, reason: capital(ib.current.reason) + '.' };
  const r = ib.current;
  const fmt = formatterOf(r);
  const us = r.us;
  const b = r.stats.boundaries;
  const middle = r.metric.polarity === 'middle';
  const edge = (v: number) => (middle ? `within ${fmt(v)} of the median` : fmt(v));
  const summary: { key: string; value: string }[] = [];
  summary.push({
    key: 'Our figure',
    value: us
      ? `${fmt(us.value)} in ${r.period.label}${r.ourFigure === 'indicator' ? ' (our own figure: the file has none for us)' : ''}`
      : `None for ${r.period.label}`,
  });
  if (us) {
    summary.push({
      key: 'Our rank',
      value: `${us.rank} of ${us.n} (1 is best; ${POLARITY_PHRASE[r.metric.polarity]})`,
    });
    summary.push({ key: 'Our quartile', value: quartileText(us.quartile) });
    summary.push({ key: 'Against the median', value: distancePhrase(r) });
    summary.push({ key: 'To the top quartile', value: gapPhrase(r) });
  }
  summary.push({ key: 'Councils with a figure', value: coverageSentence(r) });
  if (r.stats.mean !== null) summary.push({ key: 'Mean', value: fmt(r.stats.mean) });
  if (r.stats.median !== null) summary.push({ key: 'Median', value: fmt(r.stats.median) });
  if (b)
    summary.push({
      key: 'Quartile boundaries',
      value: `Top quartile ${edge(b.top)} or better; second ${edge(b.second)}; third ${edge(b.third)}`,
    });
  if (r.best.length)
    summary.push({
      key: r.best.length > 1 ? 'Best (tied)' : 'Best',
      value: `${r.best.map((x) => x.name).join(', ')}: ${fmt(r.best[0]!.value)}`,
    });
  for (const a of r.averages)
    summary.push({ key: a.label, value: `${fmt(a.value)} (published in the file)` });
  const chart = benchmarkChart({
    id: `benchmark-${number}`,
    title: `${r.metric.title}, ${r.period.label}: ${r.comparison.label}`,
    bars: r.rows.map((x) => ({ name: x.name, value: x.value, us: x.us, rank: x.rank })),
    format: fmt,
    quartileEdges: b && !middle ? b : null,
    median: r.stats.median,
    direction: POLARITY_PHRASE[r.metric.polarity],
  });
  return {
    ...base,
    analysed: true,
    comparison: r.comparison.label,
    period: r.period.label,
    older:
      r.older && r.asked ? `The latest figures are for ${r.period.label}, before ${r.asked.label}.` : null,
    summary,
    chart,
    rows: r.rows.map((x) => ({
      rank: x.rank,
      name: x.name,
      code: x.code,
      value: fmt(x.value),
      quartile: x.quartile ? QUARTILE_LABEL[x.quartile] : '–',
      us: x.us,
    })),
    history: [...ib.history].reverse().map((h) => {
      const f = formatterOf(h);
      return {
        period: h.period.label,
        value: h.us ? f(h.us.value) : '–',
        rank: h.us ? `${h.us.rank} of ${h.us.n}` : `– of ${h.stats.n}`,
        quartile: h.us?.quartile ? QUARTILE_LABEL[h.us.quartile] : '–',
        median: h.stats.median === null ? '–' : f(h.stats.median),
        top: h.stats.boundaries
          ? middle
            ? `within ${f(h.stats.boundaries.top)}`
            : f(h.stats.boundaries.top)
          : '–',
        words: h.us ? capital(h.us.words) : '–',
      };
    }),
  };
}

/** One linked indicator on the plan's benchmarking page. */
export interface BenchmarkLine {
  number: string;
  title: string;
  url: string;
  directorate: { code: string; name: string };
  metric: string;
  comparison: string;
  period: string | null;
  value: string | null;
  valueNumber: number | null;
  rank: number | null;
  n: number | null;
  quartile: Quartile | null;
  quartileText: string;
  distance: number | null;
  words: string;
  reason: string | null;
}

export function benchmarkLine(
  base: Omit<
    BenchmarkLine,
    | 'comparison'
    | 'period'
    | 'value'
    | 'valueNumber'
    | 'rank'
    | 'n'
    | 'quartile'
    | 'quartileText'
    | 'distance'
    | 'words'
    | 'reason'
  >,
  result: BenchmarkIndicator,
): BenchmarkLine {
  if (!('stats' in result.current))
    return {
      ...base,
      comparison: result.comparisonLabel,
      period: null,
      value: null,
      valueNumber: null,
      rank: null,
      n: null,
      quartile: null,
      quartileText: 'No data',
      distance: null,
      words: '–',
      reason: capital(result.current.reason) + '.',
    };
  const r = result.current;
  const fmt = formatterOf(r);
  return {
    ...base,
    comparison: r.comparison.short,
    period: r.period.label,
    value: r.us ? fmt(r.us.value) : null,
    valueNumber: r.us?.value ?? null,
    rank: r.us?.rank ?? null,
    n: r.stats.n,
    quartile: r.us?.quartile ?? null,
    quartileText: r.us?.quartile ? QUARTILE_LABEL[r.us.quartile] : r.us ? 'No quartile' : 'No figure for us',
    distance: r.us?.distance ?? null,
    words: r.us ? capital(r.us.words) : '–',
    reason: r.us ? null : `No figure for us in ${r.period.label}.`,
  };
}

export interface BenchmarkIndicator {
  current: BenchmarkResult | { reason: string };
  comparisonLabel: string;
}
