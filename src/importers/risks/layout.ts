/**
 * The risk register spreadsheet (issue 14): one row a risk on the "Risks" sheet. Read by
 * read-risks.ts, written by write-risks.ts; documented in docs/user-guide.md. The last columns of a
 * download (score, level, appetite) are Cairn's working, printed for reading and ignored on import.
 */
export const RISK_SHEET = 'Risks';

/** The columns a risk is read from, each with the form field (app/risks/register.ts RiskInput) it fills. */
export const RISK_COLUMNS = [
  ['Reference', 'reference'],
  ['Corporate or directorate', 'kind'],
  ['Title', 'title'],
  ['Cause', 'cause'],
  ['Event', 'event'],
  ['Effect', 'effect'],
  ['Category', 'category'],
  ['Owner', 'owner'],
  ['Directorate', 'directorate'],
  ['Review date', 'reviewDate'],
  ['Inherent likelihood', 'inherentLikelihood'],
  ['Inherent impact', 'inherentImpact'],
  ['Residual likelihood', 'residualLikelihood'],
  ['Residual impact', 'residualImpact'],
  ['Target likelihood', 'targetLikelihood'],
  ['Target impact', 'targetImpact'],
  ['Controls', 'controls'],
  ['Threatens', 'links'],
] as const;

export type RiskColumn = (typeof RISK_COLUMNS)[number][0];
export type RiskField = (typeof RISK_COLUMNS)[number][1];

/** Printed on a download after the columns read back. */
export const RISK_WORKING_COLUMNS = ['Residual score', 'Level', 'Over appetite'] as const;

/** The column a form field is read from, for locating a problem. */
export const COLUMN_OF: Record<string, RiskColumn> = Object.fromEntries(RISK_COLUMNS.map(([c, f]) => [f, c]));
