/**
 * The rules for what a person enters as one figure of a collection round, with no storage: reading the
 * numbers, progress, outlook and commentary as people write them; which steps the figure's state
 * allows; what a submission must have; and confirming a figure that looks wrong. The use case
 * (app/collection/figures.ts checkFigure) reads the figure's context, rates it, and puts these together.
 */
import { COMMENTARY_MAX, REASON_MAX, tooLong } from './text-limits.js';
import {
  readFigure,
  readOutlook,
  transition,
  type CollectionStep,
  type FigureState,
  type Transition,
} from './collection.js';
import type { Problem } from './problem.js';
import { formatFigure, type Target, type ValueUnit } from './targets.js';
import { isOutlook, OUTLOOKS, RAG_LABEL, type Rag, type Unit } from './vocabulary.js';

export const MILESTONE_STATUSES = ['complete', 'on-track', 'at-risk', 'missed'] as const;
export const MILESTONE_LABEL: Record<(typeof MILESTONE_STATUSES)[number], string> = {
  complete: 'Complete',
  'on-track': 'On track',
  'at-risk': 'At risk',
  missed: 'Missed',
};

/** The longest commentary, note or reason anyone may write (text-limits.ts names each). */
export const MAX_TEXT = COMMENTARY_MAX;

/** What a person entered for one figure, as text (the form) or as cells (a spreadsheet). */
export interface FigureEntry {
  actual?: string | number | null;
  numerator?: string | number | null;
  denominator?: string | number | null;
  parts?: (string | number | null)[];
  milestoneStatus?: string | null;
  commentary?: string | null;
  outlook?: string | null;
  /** Spreadsheet cells formatted as percentages (0.67 is 67%). */
  percentFormatted?: boolean;
}

/** The entry read: numbers as numbers, words as the stored keys; null where nothing (usable) was entered. */
export interface EnteredFigure {
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  parts: (number | null)[];
  milestone: string | null;
  outlook: string | null;
  commentary: string | null;
}

const decimalsOf = (n: number) => (String(n).split('.')[1] ?? '').length;

/** How figures of this unit are written: percentages and currency as such, anything else a number. */
export function valueUnitOf(unit: string): ValueUnit {
  return unit === 'percent' || unit === 'currency' ? unit : 'number';
}

/** Writes a figure of this unit as the pages show it (at most two decimals; grouped from 10,000). */
export function figureFormatter(unit: string): (n: number) => string {
  const u = valueUnitOf(unit);
  return (n: number) =>
    formatFigure(n, u, {
      decimals: Number.isInteger(n) ? 0 : Math.min(2, decimalsOf(n)),
      grouped: Math.abs(n) >= 10000,
    });
}

/**
 * Whether the figure's state allows the step, and for a correction (only once the period is locked)
 * that a reason is given.
 */
export function stepProblems(
  state: FigureState,
  step: CollectionStep,
  locked: boolean,
  correctionReason: string | null | undefined,
): { transition: Transition; problems: Problem[] } {
  const problems: Problem[] = [];
  const t = transition(state, step, locked);
  if (!t.ok) problems.push({ field: 'actual', message: t.message });
  if (step === 'correct') {
    if (!locked)
      problems.push({
        field: 'correctionReason',
        message: 'A correction is only needed once the period is locked',
      });
    if (!correctionReason?.trim())
      problems.push({ field: 'correctionReason', message: 'Enter the reason for the correction' });
    const long = tooLong(
      'correctionReason',
      'The reason for the correction',
      correctionReason?.trim(),
      REASON_MAX,
    );
    if (long) problems.push(long);
  }
  return { transition: t, problems };
}

/**
 * Reads an entry: numbers as people write them ("73,390", "67%", "0.67"), an actual worked out from
 * its numerator and denominator (or checked against them), each part of a target in parts, progress,
 * outlook and commentary. Every problem is tied to its field; `notes` say how a number was read.
 */
export function readEntry(
  input: FigureEntry,
  figure: { unit: Unit | string; partLabels: string[]; targetValue: number | null },
): { entered: EnteredFigure; problems: Problem[]; notes: string[] } {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const unit = figure.unit;
  const read = (field: string, label: string, v: string | number | null | undefined) => {
    const r = readFigure(v, {
      unit,
      percentFormatted: input.percentFormatted,
      targetValue: figure.targetValue,
    });
    if (!r.ok) {
      problems.push({ field, message: `${label}: ${r.message}` });
      return null;
    }
    if (r.note) notes.push(r.note);
    return r.value;
  };

  let actual = read('actual', 'Actual', input.actual);
  const numerator = read('numerator', 'Numerator', input.numerator);
  const denominator =
    unit === 'percent' || input.denominator !== undefined
      ? read('denominator', 'Denominator', input.denominator)
      : null;
  if ((numerator === null) !== (denominator === null) && (numerator !== null || denominator !== null))
    problems.push({
      field: numerator === null ? 'numerator' : 'denominator',
      message: 'Enter both the numerator and the denominator, or neither',
    });
  if (numerator !== null && denominator !== null) {
    if (denominator === 0) problems.push({ field: 'denominator', message: 'Denominator: must not be 0' });
    else {
      const derived = (numerator / denominator) * (unit === 'percent' ? 100 : 1);
      const rounded = Math.round(derived * 100) / 100;
      if (actual !== null && Math.abs(actual - rounded) > 0.05)
        problems.push({
          field: 'actual',
          message: `Actual: ${actual} does not match the numerator and denominator (${rounded}); leave one blank`,
        });
      actual = rounded;
    }
  }
  const parts = figure.partLabels.map((label, i) => read(`part${i}`, label, input.parts?.[i]));

  let milestone: string | null = null;
  const ms = input.milestoneStatus?.trim() ?? '';
  if (ms) {
    const key = ms.toLowerCase().replace(/\s+/g, '-');
    if ((MILESTONE_STATUSES as readonly string[]).includes(key)) milestone = key;
    else
      problems.push({
        field: 'milestoneStatus',
        message: `Progress: '${ms}' is not one of Complete, On track, At risk, Missed`,
      });
  }
  let outlook: string | null = null;
  const ol = input.outlook?.trim().toLowerCase() ?? '';
  if (ol) {
    const word = readOutlook(ol) ?? ol;
    if (isOutlook(word)) outlook = word;
    else
      problems.push({
        field: 'outlook',
        message: `Outlook: '${input.outlook}' is not one of ${OUTLOOKS.join(', ')}`,
      });
  }
  const commentary = input.commentary?.trim() ? input.commentary.trim() : null;
  const longCommentary = tooLong('commentary', 'Commentary', commentary, COMMENTARY_MAX);
  if (longCommentary) problems.push(longCommentary);

  return {
    entered: { actual, numerator, denominator, parts, milestone, outlook, commentary },
    problems,
    notes,
  };
}

/** The number the target asks for this period, when it is one number (for "far from target"). */
export function targetNumber(target: Target | null, ratingTarget: number | null): number | null {
  if (ratingTarget !== null) return ratingTarget;
  if (target?.kind === 'value') return target.value;
  if (target?.kind === 'range') return (target.low + target.high) / 2;
  return null;
}

/**
 * What a submission (or a correction) must have: the figure or the progress made (unless the target is
 * none), the outlook, and commentary when the figure is rated Red or Amber.
 */
export function submissionProblems(
  step: CollectionStep,
  entered: EnteredFigure,
  targetKind: Target['kind'] | undefined,
  rating: Rag | null,
): Problem[] {
  if (step !== 'submit' && step !== 'correct') return [];
  const problems: Problem[] = [];
  const { actual, milestone, parts, outlook, commentary } = entered;
  const hasFigure = actual !== null || milestone !== null || parts.some((p) => p !== null);
  if (!hasFigure && targetKind !== 'none')
    problems.push({
      field: targetKind === 'milestone' ? 'milestoneStatus' : 'actual',
      message: targetKind === 'milestone' ? 'Choose the progress made' : 'Enter the actual figure',
    });
  if (!outlook) problems.push({ field: 'outlook', message: 'Choose the outlook' });
  if ((rating === 'red' || rating === 'amber') && !commentary)
    problems.push({
      field: 'commentary',
      message: `Commentary: this figure is rated ${RAG_LABEL[rating]}, so say why and what is being done`,
    });
  return problems;
}

/**
 * A figure that looks wrong (`unusual`: the reasons) is saved only once the person confirms it and
 * says why it is right. Returns the note to keep (null when there is none).
 */
export function unusualProblems(
  unusual: string[],
  actual: number | null,
  confirmed: boolean | undefined,
  noteText: string | null | undefined,
): { problems: Problem[]; note: string | null } {
  const note = noteText?.trim() ? noteText.trim() : null;
  const problems: Problem[] = [];
  if (unusual.length && actual !== null) {
    if (!confirmed)
      problems.push({
        field: 'confirmUnusual',
        message: `Check the figure: ${unusual.join(' ')} If it is right, confirm it and say why`,
      });
    else if (!note) problems.push({ field: 'unusualNote', message: 'Say why this unusual figure is right' });
  }
  const longNote = tooLong('unusualNote', 'Why the figure is right', note, COMMENTARY_MAX);
  if (longNote) problems.push(longNote);
  return { problems, note };
}
