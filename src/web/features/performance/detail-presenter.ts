/**
 * The outcome page and the indicator page: one outcome (or indicator) over every period of the plan
 * up to the one asked for, with the current period's detail.
 */
import type { IndicatorYear, Scorecard, ScorecardOutcome } from '../../../app/scorecard.js';
import { numericTarget } from '../../../domain/numeric-target.js';
import {
  formatFigure,
  formatProfile,
  parseProfile,
  parseTarget,
  targetValueSummary,
  type NumberFormat,
  type ValueUnit,
} from '../../../domain/targets.js';
import { POLARITY_LABEL, type Polarity } from '../../../domain/vocabulary.js';
import type { IndicatorRecord } from '../../../app/records.js';
import { trendChart, type TrendPoint } from '../../../render/charts/trend-chart.js';
import { paths } from '../../paths.js';
import { BASIS_LABEL, KEY, outlookView, ragView } from '../../view-model.js';
import { correctionNote, frame, INTERNAL_LINKS, type PageFrame, type PlanLinks } from './page-frame.js';

/** The rule lives in the domain now; this page's tests still find it here. */
export { numericTarget };

function outcomeOf(s: Scorecard): ScorecardOutcome {
  const o = s.priorities.flatMap((p) => p.outcomes)[0];
  if (!o) throw new Error('An outcome history scorecard holds exactly one outcome');
  return o;
}

function breadcrumbs(s: Scorecard, o: ScorecardOutcome, links: PlanLinks) {
  const q = { period: s.period.code };
  const priority = s.priorities.find((p) => p.code === o.priorityCode);
  return [
    { text: 'Home', href: links.home(q) },
    { text: s.plan.title, href: links.plan(s.plan.id, q) },
    ...(priority && links.priority
      ? [{ text: priority.title, href: links.priority(s.plan.id, priority.code, q) }]
      : []),
  ];
}

/** `history` holds the outcome in each period, oldest first; the last is the period asked for. */
export function outcomePage(f: PageFrame, history: Scorecard[], links: PlanLinks = INTERNAL_LINKS) {
  const current = history[history.length - 1]!;
  const o = outcomeOf(current);
  const q = { period: current.period.code };
  const second = current.secondFramework;
  return {
    ...frame(f, 'plan', current),
    pageTitle: `Outcome: ${o.title}`,
    breadcrumbs: breadcrumbs(current, o, links),
    title: o.title,
    code: o.code,
    priority: current.priorities.find((p) => p.code === o.priorityCode)?.title ?? '',
    directorate: o.directorate.name,
    directorateUrl: paths.dashboard(current.plan.id, { ...q, directorate: o.directorate.code }),
    change: o.change ? (CHANGE_LABEL[o.change] ?? o.change) : null,
    rating: ragView(o.rating.rating, o.rating.explanation),
    basis: BASIS_LABEL[o.rating.basis],
    explanation: o.rating.explanation,
    indicators: o.indicators.map((i) => ({
      number: i.number,
      title: i.title,
      url: links.indicator(current.plan.id, i.number, q),
      target: i.target,
      cumulative: i.cumulative ? 'Y' : 'N',
      rating: ragView(i.rating, i.explanation),
      explanation: i.explanation,
      outlook: outlookView(i.outlook),
    })),
    history: [...history].reverse().map((s) => {
      const ho = outcomeOf(s);
      return {
        period: s.period.label,
        url: links.outcome(s.plan.id, ho.code, { period: s.period.code }),
        rating: ragView(ho.rating.rating, ho.rating.explanation),
        basis: ho.rating.basis === 'judgement' ? 'Judged' : ho.rating.basis === 'derived' ? 'Derived' : '–',
        explanation: ho.rating.explanation,
      };
    }),
    secondFramework: second
      ? {
          name: second.name,
          url: paths.secondFramework(current.plan.id, q),
          priorities: second.priorities
            .filter((p) => o.secondFramework.includes(p.number))
            .map((p) => ({ number: p.number, title: p.title })),
        }
      : null,
    ratingHeader: `${current.period.label} rating`,
    key: KEY,
  };
}

function figure(n: number | null, unit: string, format: NumberFormat | null): string {
  if (n === null) return '–';
  const u: ValueUnit = unit === 'percent' || unit === 'currency' ? unit : 'number';
  const decimals = Number.isInteger(n) ? 0 : Math.min(2, Math.max(1, format?.decimals ?? 1));
  return formatFigure(n, u, { decimals, grouped: format?.grouped ?? Math.abs(n) >= 10000 });
}

const CHANGE_LABEL: Record<string, string> = {
  introduced: 'Introduced this year',
  updated: 'Updated this year',
  'carried-over': 'Carried over from last year',
  deleted: 'Deleted',
};

const YES_NO = (b: boolean) => (b ? 'Yes' : 'No');

/**
 * `history` holds the indicator's outcome in each period, oldest first; the last is the period asked
 * for. `earlier` holds the indicators it continues in earlier plans (oldest year first), each over its
 * plan's quarters: the chart and the table run across the plan boundary, each row saying its plan.
 */
export function indicatorPage(
  f: PageFrame,
  history: Scorecard[],
  record: IndicatorRecord,
  assignees: string[] = [],
  earlier: IndicatorYear[] = [],
  links: PlanLinks = INTERNAL_LINKS,
) {
  const current = history[history.length - 1]!;
  const o = outcomeOf(current);
  const findIn = (s: Scorecard, number: string) => outcomeOf(s).indicators.find((x) => x.number === number);
  const find = (s: Scorecard) => findIn(s, record.number)!;
  const i = find(current);
  const q = { period: current.period.code };
  const years = [
    ...earlier.map((y) => ({ number: y.number, history: y.history })),
    { number: record.number, history },
  ];
  const rows = years.flatMap((y) =>
    y.history.flatMap((s) => {
      const hi = findIn(s, y.number);
      return hi ? [{ s, hi, n: numericTarget(hi, record.profile), number: y.number }] : [];
    }),
  );
  // Each point is the quarter the figure measures (earlier than the reporting quarter when in arrears).
  const points: TrendPoint[] = rows.map(({ hi, n }) => ({
    label: hi.dataPeriod.label,
    value: hi.value?.actual ?? null,
    target: n.target,
    targetLow: n.low,
    targetHigh: n.high,
    rating: hi.rating,
  }));
  const unit =
    record.unit === 'percent' || record.unit === 'currency' || record.unit === 'milestone'
      ? record.unit
      : 'number';
  const target = (() => {
    try {
      return targetValueSummary(parseTarget(i.target), record.polarity as Polarity);
    } catch {
      return i.target;
    }
  })();
  const partLabels = JSON.parse(record.part_labels || '[]') as string[];
  return {
    ...frame(f, 'indicators', current),
    pageTitle: `Indicator ${record.number}: ${record.title}`,
    breadcrumbs: [
      ...breadcrumbs(current, o, links),
      { text: o.title, href: links.outcome(current.plan.id, o.code, q) },
    ],
    number: record.number,
    title: record.title,
    rating: ragView(i.rating, i.explanation),
    explanation: i.explanation,
    currentOutlook: outlookView(i.outlook),
    commentary: i.value?.commentary ?? null,
    actual: figure(i.value?.actual ?? null, record.unit, numericTarget(i, record.profile).format),
    correction: correctionNote(i.value?.correction ?? null),
    draft: i.draft
      ? {
          actual: figure(i.draft.actual, record.unit, numericTarget(i, record.profile).format),
          state: i.draft.stateLabel,
          rating: ragView(i.draft.rating),
          commentary: i.draft.commentary,
        }
      : null,
    notReported: i.notReported,
    historyUrl: paths.indicatorHistory(current.plan.id, record.number),
    arrearsNote:
      i.inArrears > 0
        ? `Reported ${i.inArrears} quarter${i.inArrears > 1 ? 's' : ''} in arrears: the figure shown for ${current.period.label} is for ${i.dataPeriod.label}.`
        : null,
    source: i.ratingSource,
    details: [
      { key: 'Definition', value: record.definition ?? 'Not recorded' },
      { key: 'Outcome', value: o.title, href: links.outcome(current.plan.id, o.code, q) },
      { key: 'Priority', value: current.priorities.find((p) => p.code === o.priorityCode)?.title ?? '' },
      {
        key: 'Directorate',
        value: o.directorate.name,
        href: paths.dashboard(current.plan.id, { ...q, directorate: o.directorate.code }),
      },
      { key: 'Owner', value: record.owner ?? 'Not recorded' },
      {
        key: 'Assigned to',
        value: assignees.length ? assignees.join(', ') : 'Nobody is assigned to update this indicator',
      },
      { key: 'Data source', value: record.data_source ?? 'Not recorded' },
    ],
    understood: [
      { key: 'Target as printed', value: i.target },
      { key: 'Target as understood', value: target },
      { key: 'Which way is better', value: POLARITY_LABEL[record.polarity as Polarity] ?? record.polarity },
      {
        key: 'Cumulative',
        value: record.cumulative
          ? `Yes – builds up through the year (${formatProfile(parseProfile(record.profile))})`
          : 'No',
      },
      { key: 'Tolerance', value: record.tolerance ?? 'The council’s standard tolerance' },
      { key: 'Frequency', value: record.frequency.replace('-', ' ') },
      {
        key: 'Reported in arrears',
        value:
          record.in_arrears > 0
            ? `${record.in_arrears} quarter${record.in_arrears > 1 ? 's' : ''}`
            : YES_NO(false),
      },
      ...(record.baseline ? [{ key: 'Baseline', value: record.baseline }] : []),
      ...(record.trajectory ? [{ key: 'Trajectory', value: record.trajectory }] : []),
      ...(record.due_date ? [{ key: 'Due', value: record.due_date }] : []),
      ...(partLabels.length ? [{ key: 'Parts', value: partLabels.join(', ') }] : []),
    ],
    chart: trendChart({
      id: `indicator-${record.number}`,
      title: `Indicator ${record.number}: values against target, ${rows[0]?.hi.dataPeriod.label ?? ''} to ${i.dataPeriod.label}`,
      unit,
      points,
    }),
    acrossYears: earlier.length > 0,
    historyCaption: earlier.length
      ? `Each quarter, latest first: ${rows[0]?.s.plan.years ?? ''} to ${current.plan.years}, across plans`
      : 'Each quarter, latest first',
    history: [...rows].reverse().map(({ s, hi, n, number }) => ({
      period: s.period.label,
      plan: s.plan.years,
      /** Said when the indicator had another number that year. */
      numberThen: number !== record.number ? `as indicator ${number}` : null,
      dataPeriod: hi.dataPeriod.code !== s.period.code ? hi.dataPeriod.label : null,
      url: links.indicator(s.plan.id, number, { period: s.period.code }),
      target: hi.target,
      periodTarget:
        n.target !== null
          ? figure(n.target, record.unit, n.format)
          : n.low !== null && n.high !== null
            ? `${figure(n.low, record.unit, n.format)} to ${figure(n.high, record.unit, n.format)}`
            : null,
      actual: figure(hi.value?.actual ?? null, record.unit, n.format),
      rating: ragView(hi.rating, hi.explanation),
      explanation: hi.explanation,
      outlook: outlookView(hi.outlook),
      commentary: hi.value?.commentary ?? null,
      correction: correctionNote(hi.value?.correction ?? null),
    })),
    key: KEY,
  };
}

export { correctionNote };
