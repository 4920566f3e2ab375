/**
 * Budget monitoring as the pages print it: amounts in pounds with thousands separators, variances in
 * words ("£46,000 overspend", "2.3% over"), ratings as tags with their shape and word (never colour
 * alone) and the reason for each.
 */
import type {
  DirectoratePosition,
  FinancePosition,
  ServicePosition,
  SavingsLinePosition,
} from '../../../app/finance.js';
import {
  formatPercent,
  formatPounds,
  formatVariance,
  formatVariancePercent,
  type BudgetFigures,
  type SavingsFigures,
  type SavingsPosition,
  type Variance,
  toleranceSentences,
} from '../../../domain/finance.js';

export { toleranceSentences };
import { ragView, type RagView } from '../../view-model.js';

export interface VarianceRow {
  budget: string;
  forecast: string;
  variance: string;
  percent: string;
  rating: RagView;
}

export function varianceRow(f: BudgetFigures & { variance: Variance }): VarianceRow {
  return {
    budget: formatPounds(f.budget),
    forecast: formatPounds(f.forecast),
    variance: formatVariance(f.variance),
    percent: formatVariancePercent(f.variance),
    rating: ragView(f.variance.rating, f.variance.reason),
  };
}

export interface SavingsRow {
  target: string;
  forecast: string;
  shortfall: string;
  delivered: string;
  rating: RagView;
}

export function savingsRow(s: SavingsFigures & { position: SavingsPosition }): SavingsRow {
  return {
    target: formatPounds(s.target),
    forecast: formatPounds(s.forecast),
    shortfall: s.position.shortfall > 0 ? formatPounds(s.position.shortfall) : 'None',
    delivered: s.position.deliveredPercent === null ? '–' : formatPercent(s.position.deliveredPercent),
    rating: ragView(s.position.rating, s.position.reason),
  };
}

export const directorateRow = (d: DirectoratePosition) => ({
  id: d.directorate.id,
  code: d.directorate.code,
  name: d.directorate.name,
  hasBudget: d.services.length > 0,
  ...varianceRow(d),
  commentary: d.commentary,
  savings: d.savings ? savingsRow(d.savings) : null,
  awaitingApproval: d.awaitingApproval,
});

export const serviceRow = (s: ServicePosition) => ({
  name: s.name,
  ...varianceRow(s),
  commentary: s.commentary,
  status: s.status,
});

export const savingsLineRow = (s: SavingsLinePosition) => ({
  reference: s.reference,
  title: s.title,
  directorate: s.directorate,
  ...savingsRow(s),
  commentary: s.commentary,
});

export function positionView(p: FinancePosition) {
  return {
    directorates: p.directorates.map(directorateRow),
    total: p.total ? varianceRow(p.total) : null,
    savings: p.savings.map(savingsLineRow),
    savingsTotal: p.savingsTotal ? savingsRow(p.savingsTotal) : null,
    key: toleranceSentences(p.tolerance),
  };
}
