/**
 * Dates as councils write them in spreadsheets: ISO (2017-09-30), UK day/month/year (30/09/2017),
 * words (30 September 2017, Sept 2017 → the last day of the month) and Excel serial numbers (43008).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export class DateParseError extends Error {}

function iso(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new DateParseError(`${d}/${m}/${y} is not a real date`);
  }
  return date.toISOString().slice(0, 10);
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function monthNumber(word: string): number | null {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

/** Excel's day 1 is 1 January 1900, and it counts a 29 February 1900 that never was. */
export function excelSerialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/** Reads a date; returns ISO 'YYYY-MM-DD'. Throws DateParseError quoting the text and the forms accepted. */
export function parseDate(text: string): string {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) return iso(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t))) return iso(+m[3]!, +m[2]!, +m[1]!);
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t))) {
    const month = monthNumber(m[2]!);
    if (month) return iso(+m[3]!, month, +m[1]!);
  }
  if ((m = /^([A-Za-z]+)\.?\s+(\d{4})$/.exec(t))) {
    const month = monthNumber(m[1]!);
    if (month) return iso(+m[2]!, month, lastDay(+m[2]!, month));
  }
  if ((m = /^(\d{5})(?:\.\d+)?$/.exec(t))) {
    const serial = Number(t);
    if (serial > 20000 && serial < 80000) return excelSerialToIso(serial);
  }
  throw new DateParseError(
    `"${text}" is not a date Cairn can read. Write it as 30/09/2017, 2017-09-30, 30 September 2017 or September 2017.`,
  );
}

/** The months' names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** 2017-09-30 → "30 September 2017". */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${MONTH_NAMES[(m ?? 1) - 1]} ${y}`;
}
