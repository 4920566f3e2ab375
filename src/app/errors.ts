/**
 * Coded errors. Each has a code, a message written for the person who caused it, an HTTP status for
 * the web and an exit code for the CLI; one handler in each adapter turns them into responses.
 */
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

export interface ProblemDetail {
  /** A form's field (see domain/problem.ts, the one Problem shape). */
  field?: string;
  sheet?: string;
  row?: number | null;
  column?: string | null;
  message: string;
}

export class CairnError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'CairnError';
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
