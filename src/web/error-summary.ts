/**
 * Problems → the GOV.UK error summary and the message beside each field: the one mapping every page
 * uses. A problem with a field links to that field; one without links to `fallbackHref` (the file
 * input of an upload, or the form's first field).
 */
import { locate, type Problem } from '../domain/problem.js';

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface ErrorSummary {
  /** For govukErrorSummary's errorList; empty when there are no problems. */
  errorList: ErrorSummaryItem[];
  /** The first message for each field, for that field's errorMessage. */
  fieldErrors: Record<string, { text: string }>;
}

export function errorSummary(
  problems: readonly Problem[],
  options: { fallbackHref?: string; limit?: number } = {},
): ErrorSummary {
  const limit = options.limit ?? Infinity;
  const errorList: ErrorSummaryItem[] = problems.slice(0, limit).map((p) => ({
    text: p.field ? p.message : locate(p),
    href: p.field ? `#${p.field}` : (options.fallbackHref ?? '#main-content'),
  }));
  const more = problems.length - errorList.length;
  if (more > 0)
    errorList.push({
      text: `and ${more} more ${more === 1 ? 'problem' : 'problems'}`,
      href: options.fallbackHref ?? '#main-content',
    });
  const fieldErrors: Record<string, { text: string }> = {};
  for (const p of problems) if (p.field && !fieldErrors[p.field]) fieldErrors[p.field] = { text: p.message };
  return { errorList, fieldErrors };
}
