/** Shared by the plan use cases: form fields and located problems. */
import type { ProblemDetail } from '../errors.js';
import { CairnError } from '../errors.js';

/** A located problem in a plan document or form: where (sheet and row when from a spreadsheet). */
export interface PlanProblem extends ProblemDetail {
  column: string | null;
}

export type Fields = Record<string, string | undefined>;
export const text = (v: string | undefined) => (v ?? '').trim();
export const orNull = (v: string | undefined) => text(v) || null;

export function rejected(what: string, problems: PlanProblem[]): CairnError {
  return new CairnError('INVALID_INPUT', `${what} was not saved.`, problems);
}
export const field = (column: string, message: string): PlanProblem => ({ column, message });
/** “finding 12” → “Finding 12”: the first letter only, the rest as it is. */
export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
