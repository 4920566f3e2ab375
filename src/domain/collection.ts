/**
 * The collection round's rules, pure: the state of each figure in a round and what may move it; how a
 * figure typed by a person or read from a spreadsheet cell becomes a number; and when a figure looks
 * wrong enough to need a confirmation and a note.
 */
import type { Outlook, Unit } from './vocabulary.js';

/** The states a figure moves through while its round is open. */
export const SUBMISSION_STATES = ['not-started', 'in-progress', 'submitted', 'returned', 'approved'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** A figure's state, including "not reported": what an unfinished figure became when its round was locked. */
export const FIGURE_STATES = [...SUBMISSION_STATES, 'not-reported'] as const;
export type FigureState = (typeof FIGURE_STATES)[number];

export const STATE_LABEL: Record<FigureState, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  returned: 'Returned',
  approved: 'Approved',
  'not-reported': 'Not reported',
};

/**
 * What is still outstanding when a round is locked. At lock, every one of these becomes "not
 * reported" for the period (the state it had is kept, so reopening the round restores it); an
 * approved figure is the only one readers see.
 */
export const UNFINISHED_STATES = ['not-started', 'in-progress', 'submitted', 'returned'] as const;
export type UnfinishedState = (typeof UNFINISHED_STATES)[number];

export const isUnfinished = (s: FigureState): s is UnfinishedState =>
  (UNFINISHED_STATES as readonly string[]).includes(s);

/**
 * Whether readers (councillors, the published report, headlines and outcome ratings) may see a stored
 * figure: only once it is approved. A row loaded before collection has no state and counts as approved.
 * A draft (in progress, submitted, returned) shows only to its owner, its approver and the performance
 * team, marked as a draft; a figure not reported at lock shows to nobody as a figure.
 */
export function isPublishedState(stored: string | null | undefined): boolean {
  return stored === null || stored === undefined || stored === 'approved';
}

/** Whether a stored figure is a draft its owner, approver and the performance team may see. */
export function isDraftState(stored: string | null | undefined): boolean {
  return stored === 'in-progress' || stored === 'submitted' || stored === 'returned';
}

/** A stored figure's state: no row is "not started"; a row loaded before collection is approved. */
export function stateOf(stored: string | null | undefined, exists: boolean): FigureState {
  if (!exists) return 'not-started';
  if (stored && (FIGURE_STATES as readonly string[]).includes(stored)) return stored as FigureState;
  return 'approved';
}

export type CollectionStep = 'save' | 'submit' | 'approve' | 'return' | 'correct';

export type Transition = { ok: true; to: SubmissionState } | { ok: false; message: string };

/**
 * What a step does to a figure's state. `locked`: the period is locked, so only a correction (with a
 * reason, by the performance team) may change a figure.
 */
export function transition(from: FigureState, step: CollectionStep, locked: boolean): Transition {
  if (step === 'correct') return { ok: true, to: 'approved' };
  if (locked)
    return {
      ok: false,
      message:
        'This period is locked. Only the performance team can correct a figure now, and they must give a reason.',
    };
  switch (step) {
    case 'save':
    case 'submit':
      if (from === 'approved')
        return {
          ok: false,
          message: 'This update has been approved. Ask your approver to return it if it needs to change.',
        };
      return { ok: true, to: step === 'save' ? 'in-progress' : 'submitted' };
    case 'approve':
      return from === 'submitted'
        ? { ok: true, to: 'approved' }
        : {
            ok: false,
            message: `Only a submitted update can be approved; this one is ${STATE_LABEL[from].toLowerCase()}.`,
          };
    case 'return':
      return from === 'submitted' || from === 'approved'
        ? { ok: true, to: 'returned' }
        : {
            ok: false,
            message: `Only a submitted or approved update can be returned; this one is ${STATE_LABEL[from].toLowerCase()}.`,
          };
  }
}

export type FigureReading =
  { ok: true; value: number | null; note?: string } | { ok: false; message: string };

const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^-?(\d+(\.\d+)?|\.\d+)$/;

/**
 * Reads a figure as people write it: `73,390`, `67%`, `£1,200`, `0.67` (a percentage written as a
 * fraction, when the unit is a percentage and the target is not itself below 1), `1 200`. A blank is
 * no figure (`null`). Anything else is refused with a message that quotes it.
 *
 * `cell` is a number read from a spreadsheet cell; `percentFormatted` says the cell was formatted as a
 * percentage, so 0.67 is 67%.
 */
export function readFigure(
  input: string | number | null | undefined,
  opts: { unit: Unit | string; percentFormatted?: boolean; targetValue?: number | null } = { unit: 'number' },
): FigureReading {
  const percent = opts.unit === 'percent';
  if (input === null || input === undefined) return { ok: true, value: null };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `'${String(input)}' is not a number` };
    if (percent && opts.percentFormatted) return { ok: true, value: round(input * 100) };
    return fractionOfPercent(input, opts);
  }
  const raw = input.trim();
  if (raw === '') return { ok: true, value: null };
  let text = raw.replace(/[\u00a0\u202f ]/g, '');
  let hadPercent = false;
  if (text.endsWith('%')) {
    hadPercent = true;
    text = text.slice(0, -1);
  }
  if (text.startsWith('£')) text = text.slice(1);
  else if (text.startsWith('-£')) text = `-${text.slice(2)}`;
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  if (!PLAIN.test(text)) return { ok: false, message: `'${raw}' is not a number` };
  const n = Number(text);
  if (hadPercent) {
    if (!percent)
      return {
        ok: false,
        message: `'${raw}' is a percentage, but this indicator is not measured in per cent`,
      };
    return { ok: true, value: n };
  }
  return fractionOfPercent(n, opts);
}

function fractionOfPercent(
  n: number,
  opts: { unit: Unit | string; targetValue?: number | null },
): FigureReading {
  if (opts.unit !== 'percent' || n === 0 || Math.abs(n) >= 1) return { ok: true, value: n };
  if (opts.targetValue !== undefined && opts.targetValue !== null && Math.abs(opts.targetValue) < 1)
    return { ok: true, value: n };
  const value = round(n * 100);
  return { ok: true, value, note: `${n} was read as ${value}%` };
}

const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** How far a figure may move from last period, or from its target, before it needs confirming. */
export const UNUSUAL = { timesTarget: 10, changeFromLast: 0.5, percentPoints: 10 } as const;

/**
 * Sentences saying why a figure looks wrong, or none. A figure that looks wrong may still be right:
 * the person entering it confirms it and says why.
 */
export function unusualFigure(input: {
  actual: number | null;
  unit: Unit | string;
  /** The target for the period, in the same units, when it is a number. */
  target: number | null;
  /** Last period's figure. */
  previous: number | null;
  format: (n: number) => string;
}): string[] {
  const { actual, target, previous, format } = input;
  if (actual === null) return [];
  const out: string[] = [];
  if (input.unit === 'percent' && (actual > 100 || actual < 0))
    out.push(`${format(actual)} is outside 0% to 100%.`);
  if (target !== null && target !== 0 && Math.sign(actual) === Math.sign(target)) {
    const ratio = Math.abs(actual / target);
    if (ratio >= UNUSUAL.timesTarget)
      out.push(`${format(actual)} is ${timesWord(ratio)} the target of ${format(target)}.`);
    else if (actual !== 0 && ratio <= 1 / UNUSUAL.timesTarget)
      out.push(`${format(actual)} is less than a tenth of the target of ${format(target)}.`);
  }
  if (previous !== null && previous !== 0) {
    const change = (actual - previous) / Math.abs(previous);
    const points = Math.abs(actual - previous);
    const big =
      input.unit === 'percent' ? points >= UNUSUAL.percentPoints : Math.abs(change) > UNUSUAL.changeFromLast;
    if (big) {
      const pct = Math.round(Math.abs(change) * 100);
      out.push(
        `${format(actual)} is ${pct}% ${change > 0 ? 'higher' : 'lower'} than last period's ${format(previous)}.`,
      );
    }
  }
  return out;
}

function timesWord(ratio: number): string {
  if (ratio >= 1000) return 'more than 1,000 times';
  if (ratio >= 100) return 'more than 100 times';
  return 'more than 10 times';
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

const OUTLOOK_WORDS: [RegExp, Outlook][] = [
  [/^(↑|improv|up\b|better|positive|increas|rising)/, 'improving'],
  [/^(↔|stable|same|steady|no change|unchanged|static)/, 'stable'],
  [/^(↓|deteriorat|down\b|worse|negative|declin|falling)/, 'deteriorating'],
];

/** An outlook as people write it: "Improving", "↑", "up", "positive/improving", "no change", "worse". */
export function readOutlook(text: string): Outlook | null {
  const t = text.trim().toLowerCase();
  for (const [re, outlook] of OUTLOOK_WORDS) if (re.test(t)) return outlook;
  return null;
}
