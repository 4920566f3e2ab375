/** Shared by the plan use cases: form fields and located problems. */
import type { Problem } from '../../domain/problem.js';
import { CairnError } from '../errors.js';

export type Fields = Record<string, string | undefined>;
export const text = (v: string | undefined) => (v ?? '').trim();
export const orNull = (v: string | undefined) => text(v) || null;

export function rejected(what: string, problems: Problem[]): CairnError {
  return new CairnError('INVALID_INPUT', `${what} was not saved.`, problems);
}
/** A problem on a form's field. */
export const field = (name: string, message: string): Problem => ({ field: name, message });
/** “finding 12” → “Finding 12”: the first letter only, the rest as it is. */
export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
