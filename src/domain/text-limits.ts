/**
 * How long what people type may be. Over a limit, the input is refused with a message that gives the
 * limit and the length (what was typed is kept in the form) — never cut short after "saved".
 * Lengths are counted in characters as people count them (Unicode code points, so an emoji is one).
 */
import type { Problem } from './problem.js';

/** A figure's commentary, and the note that says why an unusual figure is right. */
export const COMMENTARY_MAX = 5000;
/** A reason: for an outcome's rating, a correction, or returning an update. */
export const REASON_MAX = 5000;
/** A progress update on an action, and an approver's comment on one. */
export const ACTION_UPDATE_MAX = 10_000;
/** A web address given as evidence (browsers and servers commonly stop at about 2,000). */
export const EVIDENCE_URL_MAX = 2000;

const count = new Intl.NumberFormat('en-GB');

/** The number of characters in a text, as a person counts them. */
export const characters = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/**
 * A problem when `text` is longer than `max`, e.g. "Commentary must be 5,000 characters or fewer —
 * you entered 6,314"; null when it fits.
 */
export function tooLong<F extends string>(
  field: F,
  label: string,
  text: string | null | undefined,
  max: number,
): (Problem & { field: F }) | null {
  if (!text || text.length <= max) return null; // a UTF-16 length within the limit is within it in characters
  const n = characters(text);
  if (n <= max) return null;
  return {
    field,
    message: `${label} must be ${count.format(max)} characters or fewer — you entered ${count.format(n)}`,
  };
}
