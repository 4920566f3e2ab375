/**
 * Revenue budget monitoring (issue 14): a directorate's or service's budget for the year and its
 * forecast outturn, as the finance system reports them each quarter; the variance (forecast − budget:
 * positive is an overspend, the adverse direction, for spending and for income budgets alike), as an
 * amount and as a percentage of the budget; and a Red / Amber / Green rating by the council's variance
 * tolerance. Savings programme lines: the saving targeted, the saving forecast to be delivered, and a
 * rating by the shortfall.
 *
 * Money is held in pence, as integers, and compared exactly (BigInt where a product could pass 2^53).
 * Percentages of the tolerance are held in basis points (100 = 1%).
 *
 * The rules (docs/domain.md "Budget monitoring"):
 * - Red: an overspend of more than `redOverspendBp` of the budget (default 1%).
 * - Amber: an overspend of more than `amberOverspendBp` (default 0: any overspend) up to Red's; or,
 *   when `materialUnderspendBp` is set (default 5%), an underspend of more than it — money not spent
 *   as planned is worth a look too.
 * - Green: on budget, an overspend within `amberOverspendBp`, or an underspend within the material level.
 * - A zero budget has no percentage: any overspend is Red, any underspend Green.
 * Among overspends, a bigger one never rates better (tested as a property).
 *
 * Savings: Green when the forecast delivers the whole target (or more); Red when the shortfall is more
 * than `savingsRedShortfallBp` of the target (default 25%), or the target is zero and something is
 * short; Amber for any smaller shortfall.
 *
 * Pure: no I/O.
 */
import type { Rag } from './vocabulary.js';

export interface FinanceTolerance {
  /** An overspend of more than this share of the budget is Red (basis points: 100 = 1%). */
  redOverspendBp: number;
  /** An overspend of more than this share (up to Red's) is Amber; 0 means any overspend. */
  amberOverspendBp: number;
  /** An underspend of more than this share is Amber (a material underspend); null: never. */
  materialUnderspendBp: number | null;
  /** A savings line short by more than this share of its target is Red; any shortfall is Amber. */
  savingsRedShortfallBp: number;
}

export const DEFAULT_FINANCE_TOLERANCE: FinanceTolerance = {
  redOverspendBp: 100,
  amberOverspendBp: 0,
  materialUnderspendBp: 500,
  savingsRedShortfallBp: 2500,
};

/** The largest percentage a tolerance may be: 100% (10,000 basis points). */
export const MAX_TOLERANCE_BP = 10_000;

export interface BudgetFigures {
  /** The budget for the year, in pence. */
  budget: number;
  /** The forecast outturn for the year, in pence. */
  forecast: number;
}

export type VarianceDirection = 'over' | 'under' | 'on';

export interface Variance {
  /** forecast − budget, in pence: positive is an overspend. */
  amount: number;
  /** The variance as a percentage of the budget (of its size, for a negative income budget); null for a zero budget. */
  percent: number | null;
  direction: VarianceDirection;
  rating: Rag;
  /** Why it has the rating, for the page and the report: "Overspend of 2.3%, more than the 1% tolerance". */
  reason: string;
}

const big = (n: number) => BigInt(Math.round(n));

/** True when |amount| is more than bp basis points of |base| (exact). */
function moreThanShare(amount: number, base: number, bp: number): boolean {
  return big(Math.abs(amount)) * 10_000n > big(Math.abs(base)) * big(bp);
}

/** A tolerance in basis points as a percentage people write: 100 → "1%", 250 → "2.5%". */
export function formatBp(bp: number): string {
  return `${(bp / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/** The variance of a budget line, and its rating by the tolerance. */
export function varianceOf(f: BudgetFigures, t: FinanceTolerance = DEFAULT_FINANCE_TOLERANCE): Variance {
  const amount = f.forecast - f.budget;
  const percent = f.budget === 0 ? null : (amount / Math.abs(f.budget)) * 100;
  const direction: VarianceDirection = amount > 0 ? 'over' : amount < 0 ? 'under' : 'on';
  const pct = percent === null ? '' : ` of ${formatPercent(Math.abs(percent))}`;
  if (direction === 'on') return { amount, percent, direction, rating: 'green', reason: 'On budget' };
  if (direction === 'over') {
    if (f.budget === 0)
      return { amount, percent, direction, rating: 'red', reason: 'Overspend against a zero budget' };
    if (moreThanShare(amount, f.budget, t.redOverspendBp))
      return {
        amount,
        percent,
        direction,
        rating: 'red',
        reason: `Overspend${pct}, more than the ${formatBp(t.redOverspendBp)} tolerance`,
      };
    if (moreThanShare(amount, f.budget, t.amberOverspendBp))
      return {
        amount,
        percent,
        direction,
        rating: 'amber',
        reason: `Overspend${pct}, within the ${formatBp(t.redOverspendBp)} tolerance`,
      };
    return {
      amount,
      percent,
      direction,
      rating: 'green',
      reason: `Overspend${pct}, no more than ${formatBp(t.amberOverspendBp)}`,
    };
  }
  if (
    f.budget !== 0 &&
    t.materialUnderspendBp !== null &&
    moreThanShare(amount, f.budget, t.materialUnderspendBp)
  )
    return {
      amount,
      percent,
      direction,
      rating: 'amber',
      reason: `Material underspend${pct}, more than ${formatBp(t.materialUnderspendBp)}`,
    };
  return { amount, percent, direction, rating: 'green', reason: `Underspend${pct}` };
}

export interface SavingsFigures {
  /** The saving targeted for the year, in pence. */
  target: number;
  /** The saving forecast to be delivered, in pence. */
  forecast: number;
}

export interface SavingsPosition {
  /** target − forecast, in pence: positive is a shortfall. */
  shortfall: number;
  /** The forecast as a percentage of the target; null for a zero target. */
  deliveredPercent: number | null;
  rating: Rag;
  reason: string;
}

export function savingsOf(
  s: SavingsFigures,
  t: FinanceTolerance = DEFAULT_FINANCE_TOLERANCE,
): SavingsPosition {
  const shortfall = s.target - s.forecast;
  const deliveredPercent = s.target === 0 ? null : (s.forecast / s.target) * 100;
  if (shortfall <= 0)
    return { shortfall, deliveredPercent, rating: 'green', reason: 'Forecast to be delivered in full' };
  if (s.target === 0 || moreThanShare(shortfall, s.target, t.savingsRedShortfallBp))
    return {
      shortfall,
      deliveredPercent,
      rating: 'red',
      reason: `Shortfall of more than ${formatBp(t.savingsRedShortfallBp)} of the target`,
    };
  return {
    shortfall,
    deliveredPercent,
    rating: 'amber',
    reason: `Shortfall within ${formatBp(t.savingsRedShortfallBp)} of the target`,
  };
}

/** Lines added together (a directorate from its services, the council from its directorates). */
export function totalOf<T extends BudgetFigures>(lines: readonly T[]): BudgetFigures {
  return lines.reduce((s, l) => ({ budget: s.budget + l.budget, forecast: s.forecast + l.forecast }), {
    budget: 0,
    forecast: 0,
  });
}

export function savingsTotalOf<T extends SavingsFigures>(lines: readonly T[]): SavingsFigures {
  return lines.reduce((s, l) => ({ target: s.target + l.target, forecast: s.forecast + l.forecast }), {
    target: 0,
    forecast: 0,
  });
}

/** The tolerance checked: each a percentage from 0 to 100, Amber's overspend below Red's. */
export function checkTolerance(t: FinanceTolerance): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const range = (field: string, bp: number | null, what: string) => {
    if (bp === null) return;
    if (!Number.isInteger(bp) || bp < 0 || bp > MAX_TOLERANCE_BP)
      problems.push({ field, message: `${what} must be a percentage from 0 to 100` });
  };
  range('redOverspend', t.redOverspendBp, 'The overspend that is Red');
  range('amberOverspend', t.amberOverspendBp, 'The overspend that is Amber');
  range('materialUnderspend', t.materialUnderspendBp, 'A material underspend');
  range('savingsRedShortfall', t.savingsRedShortfallBp, 'The savings shortfall that is Red');
  if (!problems.length && t.amberOverspendBp >= t.redOverspendBp)
    problems.push({
      field: 'amberOverspend',
      message: `The overspend that is Amber must be less than the overspend that is Red (${formatBp(t.redOverspendBp)})`,
    });
  return problems;
}

/** The tolerance in a sentence, for the key under each table. */
export function toleranceSentences(t: FinanceTolerance): {
  red: string;
  amber: string;
  green: string;
  savings: string;
} {
  return {
    red: `an overspend of more than ${formatBp(t.redOverspendBp)} of the budget`,
    amber:
      (t.amberOverspendBp === 0
        ? `any smaller overspend`
        : `an overspend of more than ${formatBp(t.amberOverspendBp)}, up to ${formatBp(t.redOverspendBp)}`) +
      (t.materialUnderspendBp === null
        ? ''
        : `, or an underspend of more than ${formatBp(t.materialUnderspendBp)} (a material underspend)`),
    green:
      t.materialUnderspendBp === null
        ? 'on budget or underspent'
        : `on budget, or underspent by ${formatBp(t.materialUnderspendBp)} or less`,
    savings: `Savings are Green when forecast to be delivered in full, Red when short by more than ${formatBp(t.savingsRedShortfallBp)} of the target, Amber for any smaller shortfall.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Money as people write it and read it

export type AmountCell = { kind: 'amount'; pence: number } | { kind: 'blank' } | { kind: 'bad' };

/** The largest amount read: £1 trillion, far beyond any council's budget, well within exact integers. */
const MAX_PENCE = 100_000_000_000_000;
const AMOUNT = /^(?<sign>[-−–])?\s*£?\s*(?<whole>\d{1,3}(?:,\d{3})+|\d+)?(?<frac>\.\d{1,2})?$/;

/**
 * An amount as finance exports write it: 1234, 1234.5, "1,234.56", "£1,234", "-£1,234", "−1,234",
 * "£-1,234", "(1,234)" (accounting negative), " 1,234 " — in pounds, read to pence exactly. Blank is
 * blank; anything else (letters, three decimals, misplaced commas) is not an amount.
 */
export function readAmount(text: string): AmountCell {
  let t = text.trim().replace(/\u00a0/g, ' ');
  if (!t) return { kind: 'blank' };
  let negative = false;
  const bracket = /^\((.*)\)$/.exec(t);
  if (bracket) {
    negative = true;
    t = bracket[1]!.trim();
  }
  t = t.replace(/^£\s*([-−–])/, '$1£');
  const m = AMOUNT.exec(t);
  if (!m || (m.groups!.whole === undefined && m.groups!.frac === undefined)) return { kind: 'bad' };
  if (m.groups!.sign) {
    if (negative) return { kind: 'bad' };
    negative = true;
  }
  const whole = Number((m.groups!.whole ?? '0').replace(/,/g, ''));
  const frac = m.groups!.frac ? Number(m.groups!.frac.slice(1).padEnd(2, '0')) : 0;
  const pence = whole * 100 + frac;
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE) return { kind: 'bad' };
  return { kind: 'amount', pence: negative && pence !== 0 ? -pence : pence };
}

const GROUPED = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Pence as pounds, to the nearest pound, with thousands separators: "£1,234,568", "−£1,234". */
export function formatPounds(pence: number): string {
  const pounds = Math.round(Math.abs(pence) / 100);
  return `${pence < 0 && pounds !== 0 ? '−' : ''}£${GROUPED.format(pounds)}`;
}

/** A percentage to one decimal place: "2.3%". */
export function formatPercent(percent: number): string {
  return `${percent.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** A variance in words, never by sign alone: "£12,345 overspend", "£3,000 underspend", "On budget". */
export function formatVariance(v: Pick<Variance, 'amount' | 'direction'>): string {
  if (v.direction === 'on') return 'On budget';
  return `${formatPounds(Math.abs(v.amount))} ${v.direction === 'over' ? 'overspend' : 'underspend'}`;
}

/** The variance's percentage in words: "2.3% over", "0.4% under", "0.0%", or "–" for a zero budget. */
export function formatVariancePercent(v: Pick<Variance, 'percent' | 'direction'>): string {
  if (v.percent === null) return '–';
  if (v.direction === 'on') return formatPercent(0);
  return `${formatPercent(Math.abs(v.percent))} ${v.direction}`;
}
