/**
 * The one shape of a validation problem, wherever it is found: a form field, or a sheet, row and
 * column of an uploaded file. Every check (forms, imports, filters, the CLI) returns these; the web maps
 * them onto the GOV.UK error summary in one place (web/error-summary.ts), the CLI prints `locate(p)`.
 */
export interface Problem {
  /** The form field's name (and the id of its input), for a problem in a form. */
  field?: string;
  /**
   * For a problem in a file: the sheet's name, the row number as the spreadsheet shows it, the column.
   * A null row is the whole sheet or file; a null column, the whole row (imports' results say so).
   */
  sheet?: string;
  row?: number | null;
  column?: string | null;
  /** Written for the person who must fix it: what is wrong and what to do. */
  message: string;
}

/** "Sheet 'Indicators', row 7, Actual: …" — where a problem is, then what it is. */
export function locate(problem: Problem): string {
  const where = [
    problem.sheet ? `Sheet '${problem.sheet}'` : null,
    problem.row != null ? `row ${problem.row}` : null,
    problem.column ?? null,
  ].filter((part): part is string => Boolean(part));
  if (where.length === 0) return problem.message;
  const text = where.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}: ${problem.message}`;
}
