/**
 * One check for an indicator's fields, wherever they are typed: a row of the framework spreadsheet
 * (importers/framework/read-framework.ts, which locates a problem by sheet, row and column) and the
 * indicator form in the app (app/framework-items.ts, which puts it beside the field). Both say the same
 * thing in the same words, because both call this.
 *
 * Each problem (the one Problem shape) names the field by its key (`target`, `unit`, …); the caller
 * maps the key onto a column or a form field. Blank unit and polarity are worked out from the target, as the spreadsheet's Read me
 * says; a blank frequency is quarterly.
 *
 * Pure: no I/O.
 */
import { parseDate } from './dates.js';
import { parseProfile, parseTolerance, tryParseTarget, type Target } from './targets.js';
import type { Problem } from './problem.js';
import type { Frequency, Polarity, Unit } from './vocabulary.js';

/** The fields checked here, by the key both callers map onto a column or a form field. */
export type IndicatorFieldKey =
  | 'target'
  | 'cumulative'
  | 'profile'
  | 'tolerance'
  | 'inArrears'
  | 'dueDate'
  | 'partLabels'
  | 'unit'
  | 'polarity'
  | 'frequency';

/** The fields as typed (a cell's text, a form field's value); part labels already split. */
export interface IndicatorFieldText {
  target: string;
  cumulative: string;
  profile: string;
  tolerance: string;
  inArrears: string;
  dueDate: string;
  partLabels: string[];
  unit: string;
  polarity: string;
  frequency: string;
}

/** The fields as read: what is stored. Text fields are kept as typed (trimmed), never reformatted. */
export interface IndicatorFieldValues {
  /** The target exactly as typed. */
  target: string;
  /** The target read by the grammar, or null when it is blank or cannot be read. */
  parsedTarget: Target | null;
  cumulative: boolean;
  profile: string | null;
  tolerance: string | null;
  inArrears: number;
  dueDate: string | null;
  partLabels: string[];
  unit: Unit;
  polarity: Polarity;
  frequency: Frequency;
}

/** A problem with one of the fields: `field` is its key, which the caller maps onto a column or a form field. */
export type IndicatorFieldCheck = Problem & { field: IndicatorFieldKey };

export const POLARITY_WORDS: Record<string, Polarity> = {
  higher: 'higher',
  'higher is better': 'higher',
  up: 'higher',
  lower: 'lower',
  'lower is better': 'lower',
  down: 'lower',
  range: 'range',
  'within range': 'range',
  'within range is best': 'range',
  'within the range is best': 'range',
};
export const FREQUENCY_WORDS: Record<string, Frequency> = {
  monthly: 'monthly',
  quarterly: 'quarterly',
  annual: 'annual',
  annually: 'annual',
  yearly: 'annual',
  'academic year': 'academic-year',
  'academic-year': 'academic-year',
};
export const UNIT_WORDS: Record<string, Unit> = {
  number: 'number',
  count: 'number',
  percent: 'percent',
  percentage: 'percent',
  '%': 'percent',
  currency: 'currency',
  '£': 'currency',
  milestone: 'milestone',
};
const YES = new Set(['y', 'yes', 'true', '1']);
const NO = new Set(['n', 'no', 'false', '0', '']);

/** The most quarters in arrears an indicator may be reported. */
export const MAX_IN_ARREARS = 4;

export const EMPTY_TARGET =
  'Target is empty. Write the target as printed, or - if the indicator has no target.';

/**
 * A word from a list (case and spacing ignored): the value it stands for, or the message that lists
 * the accepted words. Blank gives `fallback`.
 */
export function readWord<T>(
  text: string,
  words: Record<string, T>,
  fallback: T,
): { value: T; error: string | null } {
  if (text === '') return { value: fallback, error: null };
  const found = words[text.toLowerCase().replace(/\s+/g, ' ')];
  if (found === undefined) {
    const accepted = [...new Set(Object.keys(words))].join(', ');
    return { value: fallback, error: `"${text}" is not one of: ${accepted}.` };
  }
  return { value: found, error: null };
}

/** The unit a target implies, for a blank unit. */
export function unitFor(target: Target): Unit {
  switch (target.kind) {
    case 'milestone':
      return 'milestone';
    case 'value':
    case 'range':
      return target.unit;
    case 'compound':
      return target.parts[0]?.unit ?? 'number';
    default:
      return 'number';
  }
}

/** The polarity a target implies, for a blank polarity: its < or >, a range, else higher. */
export function polarityFor(target: Target): Polarity {
  if (target.kind === 'value' && (target.comparator === '<' || target.comparator === '<=')) return 'lower';
  if (target.kind === 'range') return 'range';
  return 'higher';
}

/**
 * One target as typed, for a period or the year: read by the grammar, and — for a target in parts such
 * as "60/20" — as many parts as the indicator has part labels. Null when it is fine.
 */
export function checkTargetText(
  text: string,
  partLabels: readonly string[] = [],
): { target: Target | null; error: string | null; key: 'target' | 'partLabels' } {
  const t = text.trim();
  if (t === '') return { target: null, error: EMPTY_TARGET, key: 'target' };
  const parsed = tryParseTarget(t);
  if (!parsed.ok) return { target: null, error: parsed.error, key: 'target' };
  return { target: parsed.target, error: partsMismatch(t, parsed.target, partLabels), key: 'partLabels' };
}

function partsMismatch(text: string, target: Target, partLabels: readonly string[]): string | null {
  if (target.kind === 'compound' && partLabels.length > 0 && partLabels.length !== target.parts.length)
    return `The target "${text}" has ${target.parts.length} parts but ${partLabels.length} part labels are given.`;
  return null;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Checks an indicator's fields. Every problem is listed (in the order the spreadsheet has always given
 * them), and the values come back with a sensible fallback for each field in trouble.
 */
export function checkIndicatorFields(input: IndicatorFieldText): {
  values: IndicatorFieldValues;
  problems: IndicatorFieldCheck[];
} {
  const problems: IndicatorFieldCheck[] = [];
  const add = (field: IndicatorFieldKey, message: string) => problems.push({ field, message });

  const targetText = input.target.trim();
  if (targetText === '') add('target', EMPTY_TARGET);
  const parsed = targetText === '' ? null : tryParseTarget(targetText);
  if (parsed && !parsed.ok) add('target', parsed.error);
  const target = parsed?.ok ? parsed.target : null;

  const cumulativeText = input.cumulative.trim().toLowerCase();
  let cumulative = false;
  if (YES.has(cumulativeText)) cumulative = true;
  else if (!NO.has(cumulativeText)) add('cumulative', `"${input.cumulative.trim()}" should be Y or N.`);

  const profileText = input.profile.trim();
  try {
    parseProfile(profileText || null);
  } catch (e) {
    add('profile', message(e));
  }
  const toleranceText = input.tolerance.trim();
  if (toleranceText) {
    try {
      parseTolerance(toleranceText);
    } catch (e) {
      add('tolerance', message(e));
    }
  }
  const arrearsText = input.inArrears.trim() || '0';
  const inArrears = Number(arrearsText);
  if (!Number.isInteger(inArrears) || inArrears < 0 || inArrears > MAX_IN_ARREARS)
    add('inArrears', `"${arrearsText}" should be the number of quarters late: 0, 1, 2, 3 or 4.`);

  let dueDate: string | null = null;
  const dueText = input.dueDate.trim();
  if (dueText) {
    try {
      dueDate = parseDate(dueText);
    } catch (e) {
      add('dueDate', message(e));
    }
  }
  const partLabels = input.partLabels.map((s) => s.trim()).filter(Boolean);
  const mismatch = target ? partsMismatch(targetText, target, partLabels) : null;
  if (mismatch) add('partLabels', mismatch);

  const word = <T>(key: IndicatorFieldKey, text: string, words: Record<string, T>, fallback: T): T => {
    const read = readWord(text.trim(), words, fallback);
    if (read.error) add(key, read.error);
    return read.value;
  };
  const unit = input.unit.trim()
    ? word('unit', input.unit, UNIT_WORDS, 'number' as Unit)
    : target
      ? unitFor(target)
      : 'number';
  const polarity = input.polarity.trim()
    ? word('polarity', input.polarity, POLARITY_WORDS, 'higher' as Polarity)
    : target
      ? polarityFor(target)
      : 'higher';
  const frequency = word('frequency', input.frequency, FREQUENCY_WORDS, 'quarterly' as Frequency);

  return {
    values: {
      target: targetText,
      parsedTarget: target,
      cumulative,
      profile: profileText || null,
      tolerance: toleranceText || null,
      inArrears: Number.isInteger(inArrears) ? inArrears : 0,
      dueDate,
      partLabels,
      unit,
      polarity,
      frequency,
    },
    problems,
  };
}
