/**
 * The quarterly report's optional Finance section (issue 14): the revenue budget by directorate —
 * budget, forecast outturn, variance in pounds and per cent, rating (shape and word) and commentary —
 * with the total, the tolerance the ratings are given by, and the savings programme. Amounts are printed
 * in pounds with thousands separators and kept as numbers (pounds) for the spreadsheet. Pure.
 */
import type { FinancePosition } from '../../app/finance.js';
import {
  formatPercent,
  formatPounds,
  formatVariance,
  formatVariancePercent,
  toleranceSentences,
  type BudgetFigures,
  type Variance,
} from '../../domain/finance.js';
import { RAG_LABEL } from '../../domain/vocabulary.js';
import { cell, heading, paragraph, type Block, type Cell } from '../../render/document.js';
import type { ReportSource } from './model.js';

const pounds = (pence: number): Cell => cell(formatPounds(pence), { value: Math.round(pence) / 100 });

function budgetCells(f: BudgetFigures & { variance: Variance }): Cell[] {
  return [
    pounds(f.budget),
    pounds(f.forecast),
    cell(formatVariance(f.variance), { value: Math.round(f.variance.amount) / 100 }),
    cell(
      formatVariancePercent(f.variance),
      f.variance.percent === null ? {} : { value: Math.round(f.variance.percent * 10) / 10 },
    ),
    cell(RAG_LABEL[f.variance.rating], { rag: f.variance.rating, lines: [f.variance.reason] }),
  ];
}

function toleranceText(p: FinancePosition): string {
  const k = toleranceSentences(p.tolerance);
  const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
  return `The variance is the forecast outturn less the budget. Red: ${k.red}. Amber: ${k.amber}. Green: ${k.green}. ${cap(k.savings)}`;
}

export function financeSection(s: ReportSource): Block[] {
  const p = s.finance;
  const period = s.scorecard.period.label;
  const blocks: Block[] = [heading(2, 'Finance', 'finance')];
  if (!p || (p.directorates.length === 0 && p.savings.length === 0)) {
    blocks.push(paragraph(`No budget monitoring figures have been loaded for ${period}.`));
    return blocks;
  }
  if (p.total)
    blocks.push(
      paragraph(
        `The revenue budget of ${formatPounds(p.total.budget)} is forecast to outturn at ${formatPounds(p.total.forecast)}: ` +
          `${p.total.variance.direction === 'on' ? 'on budget' : `${formatVariance(p.total.variance)} (${formatVariancePercent(p.total.variance)})`}, ` +
          `rated ${RAG_LABEL[p.total.variance.rating]}.`,
      ),
    );
  blocks.push(paragraph(toleranceText(p)));
  const withBudget = p.directorates.filter((d) => d.services.length);
  if (withBudget.length)
    blocks.push({
      kind: 'table',
      caption: `Revenue budget monitoring by directorate, ${period}`,
      head: [
        ['Directorate', 'Budget', 'Forecast outturn', 'Variance', 'Variance %', 'Rating', 'Commentary'].map(
          (t) => cell(t),
        ),
      ],
      rows: [
        ...withBudget.map((d) => [
          cell(d.directorate.name, { rowHeader: true }),
          ...budgetCells(d),
          cell(
            d.commentary
              .map((c) =>
                d.commentary.length > 1 || c.about !== 'Directorate-wide' ? `${c.about}: ${c.text}` : c.text,
              )
              .join(' '),
          ),
        ]),
        ...(p.total
          ? [[cell('Total', { rowHeader: true, strong: true }), ...budgetCells(p.total), cell('')]]
          : []),
      ],
      widths: [3, 2, 2, 2.2, 1.4, 2.2, 5],
      sheet: 'Finance',
    });
  if (p.savings.length) {
    blocks.push(heading(3, 'Savings programme', 'finance-savings'));
    const savingsCells = (f: {
      target: number;
      forecast: number;
      position: FinancePosition['savings'][number]['position'];
    }) => [
      pounds(f.target),
      pounds(f.forecast),
      f.position.shortfall > 0 ? pounds(f.position.shortfall) : cell('None', { value: 0 }),
      cell(f.position.deliveredPercent === null ? '–' : formatPercent(f.position.deliveredPercent)),
      cell(RAG_LABEL[f.position.rating], { rag: f.position.rating }),
    ];
    blocks.push({
      kind: 'table',
      caption: `Savings programme, ${period}`,
      head: [
        [
          'Saving',
          'Directorate',
          'Target saving',
          'Forecast delivered',
          'Shortfall',
          'Delivered %',
          'Rating',
        ].map((t) => cell(t)),
      ],
      rows: [
        ...p.savings.map((l) => [
          cell(l.reference ? `${l.reference}: ${l.title}` : l.title, {
            rowHeader: true,
            ...(l.commentary ? { lines: [l.commentary] } : {}),
          }),
          cell(l.directorate.name),
          ...savingsCells(l),
        ]),
        ...(p.savingsTotal
          ? [[cell('Total', { rowHeader: true, strong: true }), cell(''), ...savingsCells(p.savingsTotal)]]
          : []),
      ],
      widths: [4, 3, 2, 2, 2, 1.4, 1.6],
      sheet: 'Savings',
    });
  }
  return blocks;
}
