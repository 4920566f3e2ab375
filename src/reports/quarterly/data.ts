/**
 * The report's data as one flat table (the CSV, and the spreadsheet's Data sheet), and the optional
 * small chart per indicator of the last eight quarters against target, each with its table.
 */
import type { ScorecardIndicator } from '../../app/scorecard.js';
import { numericTarget } from '../../domain/numeric-target.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../domain/vocabulary.js';
import { trendChart, type TrendPoint } from '../../render/charts/trend-chart.js';
import { cell, heading, paragraph, type Block, type Cell, type TableBlock } from '../../render/document.js';
import type { ReportSource } from './model.js';

const num = (n: number | null | undefined): Cell =>
  n === null || n === undefined ? cell('') : cell(String(n), { value: n });

export function dataTable(s: ReportSource): TableBlock {
  const priorityTitle = new Map(s.scorecard.priorities.map((p) => [p.code, p.title]));
  const head = [
    'Period',
    'Priority',
    'Outcome code',
    'Outcome',
    'Outcome rating',
    'Directorate',
    'Indicator',
    'Success indicator',
    'Target',
    'Cumulative',
    'Figure for',
    'Actual',
    'Rating',
    'Rating explanation',
    'Outlook',
    'Commentary',
  ].map((t) => cell(t));
  const rows = s.outcomes.flatMap((o) =>
    o.indicators.map((i) => [
      cell(s.scorecard.period.label),
      cell(priorityTitle.get(o.priorityCode) ?? ''),
      cell(o.code),
      cell(o.title),
      cell(o.rating.rating ? RAG_LABEL[o.rating.rating] : 'Not rated'),
      cell(o.directorate.name),
      cell(i.number),
      cell(i.title),
      cell(i.target),
      cell(i.cumulative ? 'Y' : 'N'),
      cell(i.dataPeriod.label),
      num(i.value?.actual),
      cell(i.rating ? RAG_LABEL[i.rating] : 'Not rated'),
      cell(i.explanation),
      cell(i.outlook ? OUTLOOK_LABEL[i.outlook] : ''),
      cell(i.value?.commentary ?? ''),
    ]),
  );
  return {
    kind: 'table',
    caption: `Data: every success indicator, ${s.scorecard.period.label}`,
    head: [head],
    rows,
    sheet: 'Data',
  };
}

function point(i: ScorecardIndicator): TrendPoint {
  const n = numericTarget(i, null);
  return {
    label: i.dataPeriod.label,
    value: i.value?.actual ?? null,
    target: n.target,
    targetLow: n.low,
    targetHigh: n.high,
    rating: i.rating,
  };
}

/** One figure per indicator in scope with any figure in the last eight quarters. */
export function trendFigures(s: ReportSource): Block[] {
  const earlier = s.history.slice(-7).map((sc) => {
    const byNumber = new Map<string, ScorecardIndicator>();
    for (const p of sc.priorities)
      for (const o of p.outcomes) for (const i of o.indicators) byNumber.set(i.number, i);
    return byNumber;
  });
  const blocks: Block[] = [];
  for (const o of s.outcomes) {
    for (const i of o.indicators) {
      const series = [...earlier.map((m) => m.get(i.number)).filter((x): x is ScorecardIndicator => !!x), i];
      const points = series.map(point);
      // A chart needs something to draw: a figure, or a numeric target (with the ratings beside it), as
      // a quarter whose ratings were published without figures (the demo's Q1) has.
      if (!points.some((p) => p.value !== null || p.target !== null || p.targetLow !== null)) continue;
      const unit =
        i.unit === 'percent' || i.unit === 'currency' || i.unit === 'milestone' ? i.unit : 'number';
      const title = `Indicator ${i.number}: values against target, ${points[0]?.label ?? ''} to ${i.dataPeriod.label}`;
      const svg = trendChart({ id: `report-indicator-${i.number}`, title, unit, points });
      if (!svg) continue;
      blocks.push({
        kind: 'figure',
        svg,
        alt: title,
        table: {
          kind: 'table',
          caption: `Indicator ${i.number}: the figures in the chart`,
          head: [['Quarter', 'Actual', 'Target', 'Rating'].map((t) => cell(t))],
          rows: series.map((x, k) => [
            cell(points[k]!.label, { rowHeader: true }),
            num(x.value?.actual),
            cell(x.target),
            cell(x.rating ? RAG_LABEL[x.rating] : 'Not rated', { rag: x.rating }),
          ]),
          sheet: 'Trends',
        },
      });
    }
  }
  const title = heading(2, 'Trends over the last eight quarters', 'trends');
  if (blocks.length === 0)
    return [
      title,
      paragraph(
        'Charts were asked for, but no indicator in this report has a figure or a numeric target to draw yet.',
      ),
      { kind: 'page-break' },
    ];
  return [title, ...blocks, { kind: 'page-break' }];
}
