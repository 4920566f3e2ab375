/**
 * Coded errors. Each has a code, a message written for the person who caused it, an HTTP status for
 * the web and an exit code for the CLI; one handler in each adapter turns them into responses.
 */
import type { Problem } from '../domain/problem.js';
export const ERRORS = {
  NOT_FOUND: { status: 404, exit: 4 },
  INVALID_INPUT: { status: 400, exit: 2 },
  IMPORT_REJECTED: { status: 422, exit: 3 },
  CONFLICT: { status: 409, exit: 5 },
  /** Stored data failed an integrity check (e.g. a broken audit chain). */
  INTEGRITY: { status: 500, exit: 6 },
  CONFIG: { status: 500, exit: 78 },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/**
 * What `CairnError` accepts: a `Problem`, or one written where "no row" or "no column" is null (as the
 * framework reader's problems are); the error keeps only the `Problem`.
 */
type ProblemWithNulls = Omit<Problem, 'row' | 'column'> & { row?: number | null; column?: string | null };

/** A problem as `Problem`: a null row or column (nowhere in particular) left out. */
export function asProblem(p: ProblemWithNulls): Problem {
  const { row, column, ...rest } = p;
  const out: Problem = { ...rest };
  if (row != null) out.row = row;
  if (column != null) out.column = column;
  return out;
}

export class CairnError extends Error {
  /** Every problem found, each where it is (a field, or a sheet, row and column). */
  readonly details: Problem[];
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: readonly ProblemWithNulls[] = [],
  ) {
    super(message);
    this.name = 'CairnError';
    this.details = details.map(asProblem);
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  get exitCode(): number {
    return ERRORS[this.code].exit;
  }
}

export const notFound = (message: string) => new CairnError('NOT_FOUND', message);
export const invalidInput = (message: string) => new CairnError('INVALID_INPUT', message);
