/**
 * Writing spreadsheets safely. A cell that starts with =, +, -, @ or a control character can be run as
 * a formula when a CSV is opened in Excel ("CSV injection"); such text is written with a leading
 * apostrophe, which Excel shows as plain text and which Cairn's reader strips again.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+@\t\r]|^-(?!\d[\d,]*(\.\d+)?%?$)(?!$)/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseFormula on read. */
export function restoreNeutralised(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function toCsv(headers: string[], rows: string[][]): string {
  return stringify([headers, ...rows.map((r) => r.map(neutraliseFormula))], {
    bom: true,
    record_delimiter: '\r\n',
  });
}
