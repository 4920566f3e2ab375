/**
 * The target dates actions are given, kept exactly as printed and understood as a date they fall due
 * (the last day of the period named), or as ongoing. Shapes from the seeds and council practice:
 *   31/12/2024 · 2024-12-31 · 31 December 2024        a day
 *   December 2024 · Dec 2024 · Nov 02 · Sept 03      a month (two-digit years are 2000s below 70)
 *   December\n2025                                    a month broken over two lines
 *   Q3 2024-25 · Q3 2024/25                          a quarter of the UK financial year
 *   2024-25                                          a financial year
 *   March 2025 (IPS)                                 a date with a note: the note is kept in the text
 *   July / Nov 03 / Jan / May 04                     several dates: due at the last
 *   ongoing · On going · On-going                    no date: never overdue
 *   March 2003 onwards                               ongoing from a date: never overdue
 *   (blank) · - · TBC · TBA · To be confirmed        no target date yet (never overdue; counted)
 *   42004                                            an Excel serial date, as a cell formatted as a
 *                                                    number shows one: read as 31 December 2014
 * Anything else is kept as printed and marked not understood; the spreadsheet import refuses it
 * (targetDateProblem says what is wrong), so an action never silently escapes the overdue count.
 */
import { excelSerialToIso, formatDate, MONTH_NAMES } from '../dates.js';

export type TargetKind =
  'day' | 'month' | 'quarter' | 'year' | 'several' | 'ongoing' | 'onwards' | 'none' | 'unknown';

export interface TargetDate {
  /** As printed (white space collapsed). */
  text: string;
  kind: TargetKind;
  /** ISO date it falls due: the last day of the period named; null for ongoing, none, unknown. */
  due: string | null;
  /** For 'onwards': when it starts. */
  from?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDayOfMonth(y: number, m: number): string {
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(d)}`;
}

function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.indexOf(w.slice(0, 3));
  if (i < 0) return null;
  // 'sept', 'june', 'march', 'december': any prefix of the full name that starts with the 3 letters.
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ][i]!;
  return full.startsWith(w) || (i === 8 && w === 'sept') ? i + 1 : null;
}

function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** One date-like phrase → the last day it names, or null. */
function dueOf(t: string): { kind: 'day' | 'month' | 'quarter' | 'year'; due: string } | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    const due = validDay(+m[1]!, +m[2]!, +m[3]!);
    return due ? { kind: 'day', due } : null;
  }
  if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(t))) {
    const due = validDay(fullYear(m[3]!), +m[2]!, +m[1]!);
    return due ? { kind: 'day', due } : null;
  }
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(t))) {
    const month = monthOf(m[2]!);
    const due = month ? validDay(+m[3]!, month, +m[1]!) : null;
    return due ? { kind: 'day', due } : null;
  }
  if ((m = /^(?:end\s+(?:of\s+)?)?([A-Za-z]+\.?)\s*'?(\d{2}|\d{4})$/i.exec(t))) {
    const month = monthOf(m[1]!);
    return month ? { kind: 'month', due: lastDayOfMonth(fullYear(m[2]!), month) } : null;
  }
  if ((m = /^(?:Q|Quarter\s*)([1-4])\s+(\d{4})[-/](\d{2})$/i.exec(t))) {
    const q = +m[1]!;
    const start = +m[2]!;
    if ((start + 1) % 100 !== +m[3]!) return null;
    // Q1 April–June … Q4 January–March of the next calendar year.
    const endMonth = [6, 9, 12, 3][q - 1]!;
    return { kind: 'quarter', due: lastDayOfMonth(q === 4 ? start + 1 : start, endMonth) };
  }
  if ((m = /^(\d{4})[-/](\d{2})$/.exec(t))) {
    const start = +m[1]!;
    if ((start + 1) % 100 !== +m[2]!) return null;
    return { kind: 'year', due: `${start + 1}-03-31` };
  }
  return null;
}

const ONGOING = /^(on[\s-]?going|continuous|continuing|as required|throughout)$/i;
/** "TBC" and its kin: accepted, and read as no date yet (counted, never overdue). */
const TO_BE_CONFIRMED = /^(tbc|tba|tbd|to be (confirmed|agreed|decided|determined))\.?$/i;

/**
 * A target-date cell as a spreadsheet gives it: an Excel serial number (a date cell formatted as a
 * number, e.g. 42004) becomes the day it is, written out ("31 December 2014"); anything else is kept.
 */
export function targetDateCell(text: string): string {
  const t = text.trim();
  if (/^\d{5}(\.0+)?$/.test(t)) {
    const serial = Number(t);
    if (serial > 20000 && serial < 80000) return formatDate(excelSerialToIso(serial));
  }
  return t;
}

/** Reads a target date as printed. Never throws: what is not understood is kind 'unknown'. */
export function parseTargetDate(printed: string | null | undefined): TargetDate {
  const text = (printed ?? '').replace(/\s+/g, ' ').trim();
  if (!text || text === '-' || text === '–' || TO_BE_CONFIRMED.test(text))
    return { text, kind: 'none', due: null };
  if (ONGOING.test(text)) return { text, kind: 'ongoing', due: null };
  // A note in brackets after a date, e.g. "March 2025 (IPS)".
  const bare = text.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const onwards = /^(.*?)\s+(?:onwards|and ongoing|on-going|ongoing)$/i.exec(bare);
  if (onwards) {
    const from = dueOf(onwards[1]!.trim());
    if (from) return { text, kind: 'onwards', due: null, from: from.due };
  }
  const one = dueOf(bare);
  if (one) return { text, kind: one.kind, due: one.due };
  // Several dates, e.g. "July / Nov 03 / Jan / May 04": a month without a year takes the next year given.
  const parts = bare.split(/\s*(?:\/|,|&|\band\b)\s*/).filter(Boolean);
  if (parts.length > 1) {
    let last: string | null = null;
    for (const p of parts) {
      const d = dueOf(p);
      if (d) last = d.due;
      else if (!monthOf(p)) return { text, kind: 'unknown', due: null };
    }
    if (last) return { text, kind: 'several', due: last };
  }
  return { text, kind: 'unknown', due: null };
}

/**
 * What is wrong with a target date Cairn cannot read, in a sentence that says what to write; null
 * when it can be read. 10/31/2014 (month first), 31/13/2014 and 2014-11-31 are refused, not guessed.
 */
export function targetDateProblem(t: TargetDate): string | null {
  if (t.kind !== 'unknown') return null;
  const forms =
    'Write a day as 31/10/2014 (day first), a month as December 2024, a quarter as Q3 2024-25, ' +
    '"ongoing", or TBC (or leave it blank) for no date yet.';
  const bare = t.text.replace(/\s*\([^)]*\)\s*$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(bare))) {
    const [day, month] = [+m[1]!, +m[2]!];
    if (month > 12 && day <= 12)
      return `“${t.text}” reads as month ${month}, which there is not: dates are day first, so write ${m[2]}/${m[1]}/${m[3]}. ${forms}`;
    if (month > 12 || month < 1) return `“${t.text}” has no month ${month}. ${forms}`;
    return `“${t.text}” is not a real date: ${MONTH_NAMES[month - 1]} has no day ${day}. ${forms}`;
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(bare))) {
    const [month, day] = [+m[2]!, +m[3]!];
    if (month > 12 || month < 1) return `“${t.text}” has no month ${month}. ${forms}`;
    return `“${t.text}” is not a real date: ${MONTH_NAMES[month - 1]} has no day ${day}. ${forms}`;
  }
  return `“${t.text}” is not a target date Cairn can read. ${forms}`;
}

/** "31 December 2024": an ISO date as the reports print it (the one date format of domain/dates.ts). */
export const formatDay = formatDate;

/** One sentence saying how the target was read, e.g. "Due by 31 December 2024 (a month)". */
export function describeTarget(t: TargetDate): string {
  switch (t.kind) {
    case 'none':
      return 'No target date';
    case 'ongoing':
      return 'Ongoing: no date, never overdue';
    case 'onwards':
      return `Ongoing from ${formatDay(t.from!)}: never overdue`;
    case 'unknown':
      return `“${t.text}” is not a date Cairn understands, so it cannot be overdue`;
    default:
      return `Due by ${formatDay(t.due!)}`;
  }
}
