/**
 * The indicator page's "Signal or noise" panel, the dashboards' Variation and Assurance column and the
 * outlook hint on the data owner's form: statistical process control and the year-end forecast, shaped
 * for the templates. Every icon comes with its words.
 */
import { indicatorSpc, planSpc, type IndicatorSpc } from '../../../app/spc.js';
import type { Store } from '../../../app/store.js';
import type { Forecast } from '../../../domain/forecast.js';
import { periodFromCode, type Period } from '../../../domain/periods.js';
import { ruleLabel, VARIATION_LABEL, type PointType, type SpcOptions } from '../../../domain/spc.js';
import { formatFigure } from '../../../domain/targets.js';
import { spcBadge, spcChart, type SpcMarker } from '../../../render/charts/spc-chart.js';
import { paths } from '../../paths.js';
import { ragView, type RagView } from '../../view-model.js';

const MARKER: Record<PointType, SpcMarker> = {
  'common-cause': 'common',
  improvement: 'improvement',
  concern: 'concern',
  'neutral-high': 'neutral',
  'neutral-low': 'neutral',
};

const BASIS_NOTE: Record<IndicatorSpc['basis'], string | null> = {
  figures: null,
  'period-amounts':
    'This indicator is reported as a year-to-date total, so each point is the period’s own amount (the year to date less the period before).',
  'year-to-date-rates': 'This indicator is a year-to-date rate: each point is the rate for the year so far.',
};

function label(code: string): string {
  try {
    return periodFromCode(code).label;
  } catch {
    return code;
  }
}

function unitOf(u: string): 'number' | 'percent' | 'currency' {
  return u === 'percent' || u === 'currency' ? u : 'number';
}

function decimals(values: number[]): number {
  let d = 0;
  for (const v of values) {
    const s = String(Number(v.toPrecision(10)));
    const i = s.indexOf('.');
    if (i >= 0) d = Math.max(d, s.length - i - 1);
  }
  return Math.min(2, d);
}

export function optionsSummary(o: SpcOptions): string[] {
  const lines = [
    `At least ${o.minimumPoints} points.`,
    `A shift is ${o.shiftLength} points on one side of the mean; a trend is ${o.trendLength} points each rising or each falling.`,
    o.twoOfThreeSameSide
      ? 'Two of three points close to a limit count when all three are on the same side of the mean.'
      : 'Two of three points close to a limit count wherever the third point is.',
    o.screenOutliers
      ? 'Unusually large moving ranges (3.267 × their mean or more) are left out of the limits.'
      : 'Every moving range counts towards the limits.',
  ];
  if (o.fixAfter !== null)
    lines.push(`The limits are fixed after the first ${o.fixAfter} points of each period.`);
  if (o.rebaseAt.length) lines.push(`The limits are recalculated from ${o.rebaseAt.join(', ')}.`);
  return lines;
}

export interface ForecastView {
  sentences: { text: string; rating: RagView }[];
  note: string | null;
}

export function forecastView(f: Forecast): ForecastView {
  if (f.kind === 'none') return { sentences: [], note: f.reason };
  const sentences = [f.byProfile, f.byTrend]
    .filter((p) => p !== null)
    .map((p) => ({ text: p.sentence, rating: ragView(p.rating) }));
  return { sentences, note: f.trendNote };
}

export function variationBadge(a: IndicatorSpc['analysis']): string | null {
  return a.kind === 'analysed' ? spcBadge('variation', a.variation, a.variationLabel) : null;
}

export function assuranceBadge(a: IndicatorSpc['analysis']): string | null {
  return a.kind === 'analysed' && a.assurance && a.assuranceLabel
    ? spcBadge('assurance', a.assurance, a.assuranceLabel)
    : null;
}

/** The panel's view of one indicator's analysis. */
export function spcPanelView(spc: IndicatorSpc, planId: number, canChangeOptions: boolean) {
  const a = spc.analysis;
  const base = {
    heading: 'Signal or noise',
    optionsUrl: canChangeOptions ? paths.indicatorSpcOptions(planId, spc.indicatorId) : null,
    options: optionsSummary(spc.options),
    basisNote: BASIS_NOTE[spc.basis],
    forecast: forecastView(spc.forecast),
    forecastApplies: spc.forecast.kind === 'forecast',
  };
  if (a.kind === 'too-few')
    return {
      ...base,
      analysed: false as const,
      tooFew: `There ${a.points === 1 ? 'is 1 point' : `are ${a.points} points`} up to ${spc.dataPeriod.label}; statistical process control needs at least ${a.needed}.`,
    };
  const unit = unitOf(spc.unit);
  const d = decimals(a.points.map((p) => p.value));
  const fmt = (v: number | null) =>
    v === null ? '–' : formatFigure(v, unit, { decimals: d, grouped: true });
  const fmtLimit = (v: number) => formatFigure(v, unit, { decimals: Math.min(3, d + 1), grouped: true });
  const chart = spcChart({
    id: `spc-${spc.indicatorId}`,
    title: `Indicator ${spc.number}: statistical process control chart`,
    unit,
    points: a.points.map((p) => ({
      label: label(p.key),
      value: p.value,
      mean: p.mean,
      lower: p.lower,
      upper: p.upper,
      group: p.group,
      target: p.target,
      marker: MARKER[p.type],
    })),
    variation: a.variationLabel,
    assurance: a.assuranceLabel,
  });
  const flagged = a.points.filter((p) => p.rule !== null);
  return {
    ...base,
    analysed: true as const,
    chart,
    variation: variationBadge(a),
    assurance: assuranceBadge(a),
    assuranceNote:
      a.assurance === null
        ? a.direction === 'neutral'
          ? 'No assurance: for a “within range” indicator neither direction is better.'
          : 'No assurance: the latest point has no single target to hold the limits against.'
        : null,
    summary:
      flagged.length === 0
        ? `All ${a.points.length} points are within common cause variation.`
        : `${flagged.length} of ${a.points.length} points show special cause variation.`,
    groups: a.groups.map((g) => ({
      from: label(g.from),
      to: label(g.to),
      points: g.points,
      mean: fmtLimit(g.mean),
      lower: fmtLimit(g.lower),
      upper: fmtLimit(g.upper),
    })),
    rows: [...a.points].reverse().map((p) => ({
      period: label(p.key),
      value: fmt(p.value),
      target: fmt(p.target),
      mean: fmtLimit(p.mean),
      lower: fmtLimit(p.lower),
      upper: fmtLimit(p.upper),
      type: VARIATION_LABEL[p.type],
      flagged: p.rule !== null,
      rule: p.rule === null ? '–' : ruleLabel(p.rule, spc.options),
    })),
  };
}

/** The indicator page's hook: the panel for an indicator in the period asked for. */
export async function spcPanel(
  store: Store,
  indicator: { id: number; plan_id: number },
  period: Period,
  canChangeOptions: boolean,
) {
  const spc = await indicatorSpc(store, indicator, period);
  return spc ? spcPanelView(spc, indicator.plan_id, canChangeOptions) : null;
}

/**
 * The dashboard's optional Variation and assurance column, switched on by `spc=yes` (a checkbox in
 * the filters; the page cache keys by it): badges by indicator number, or null when it is off.
 */
export async function spcDashboard(
  store: Store,
  f: { plan: { id: number }; period: Period },
  show: boolean,
): Promise<{
  spcOption: { checked: boolean };
  spcColumn: Record<
    string,
    { variation: string | null; assurance: string | null; note: string | null }
  > | null;
}> {
  if (!show) return { spcOption: { checked: false }, spcColumn: null };
  const all = await planSpc(store, f.plan.id, f.period);
  const column: Record<string, { variation: string | null; assurance: string | null; note: string | null }> =
    {};
  for (const spc of all.values()) {
    const a = spc.analysis;
    column[spc.number] = {
      variation: variationBadge(a),
      assurance: assuranceBadge(a),
      note: a.kind === 'too-few' ? `Too few points (${a.points} of ${a.needed})` : null,
    };
  }
  return { spcOption: { checked: true }, spcColumn: column };
}
