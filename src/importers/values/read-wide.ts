/**
 * A council's own figures sheet: one row per KPI, a column per period ("Q1 2017-18", "2017/18 Q2",
 * "Apr-17"), and optionally the status it published — `cairn import values FILE --layout wide`, or
 * found by its period-like headers. The header row is found below title rows. What a cell means:
 *   blank          no figure: nothing is written
 *   n/a, N/A, -,   not applicable or not reported: nothing is written, counted as not reported
 *   "not reported"
 *   0              zero, a figure like any other
 * The reported status (Status, RAG, Rating…) is the council's published rating of the row's latest
 * figure, kept as a reported rating beside the one Cairn computes.
 */
import { parsePeriod, PeriodParseError, type Period } from '../../domain/periods.js';
import type { Problem } from '../../domain/problem.js';
import {
  formatOf,
  headerKey,
  HEADER_SEARCH_ROWS,
  readRawSheets,
  SpreadsheetError,
  type RawCell,
  type RawSheet,
} from '../spreadsheet.js';

export const WIDE_SHEET = 'Values';

const CODE_HEADINGS = [
  'code',
  'no.',
  'no',
  'number',
  'kpi code',
  'pi code',
  'ref',
  'reference',
  'kpi ref',
  'indicator code',
];
const STATUS_HEADINGS = [
  'status',
  'rag',
  'rag status',
  'rating',
  'reported rating',
  'reported status',
  'performance status',
];
const NOT_APPLICABLE = /^(n\/?a|-|–|not applicable|not reported|nr|not available)$/i;

/** A column heading that names a period, as councils write them; null if it does not. */
export function periodHeading(text: string): Period | null {
  let t = text.trim();
  if (!t) return null;
  // "Apr-17", "Apr 17", "April '17": a month of a two-digit year.
  const m = /^([A-Za-z]{3,9})[-\s']+(\d{2})$/.exec(t);
  if (m) t = `${m[1]} 20${m[2]}`;
  try {
    const p = parsePeriod(t);
    return p.kind === 'quarter' || p.kind === 'month' ? p : null;
  } catch (e) {
    if (e instanceof PeriodParseError) return null;
    throw e;
  }
}

export interface WideCell {
  row: number;
  column: string;
  period: Period;
  /** A number as stored, or the text shown. */
  value: number | string;
  /** The cell was formatted as a percentage (0.5 shown as 50%). */
  percentFormatted: boolean;
}

export interface WideRow {
  row: number;
  code: string;
  cells: WideCell[];
  /** The periods marked n/a (not applicable or not reported). */
  notApplicable: Period[];
  /** Blank period cells. */
  blank: number;
  /** The published status, as written; null when there is no such column or it is blank. */
  reported: string | null;
  statusColumn: string | null;
}

export interface ReadWide {
  sheet: string;
  rows: WideRow[];
  periods: Period[];
  problems: Problem[];
}

function textOf(c: RawCell | undefined): string {
  return (c?.text ?? '').trim();
}

/** Does this sheet look like a wide values sheet: a code column and at least one period heading? */
export function findWideHeader(sheet: RawSheet): { row: number; index: number } | null {
  for (const [index, r] of sheet.rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const texts = r.cells.map(textOf);
    const hasCode = texts.some((t) => CODE_HEADINGS.includes(headerKey(t)));
    const periods = texts.filter((t) => periodHeading(t) !== null).length;
    if (hasCode && periods > 0) return { row: r.row, index };
  }
  return null;
}

export async function readWideValues(bytes: Buffer, fileName: string): Promise<ReadWide> {
  let sheets: RawSheet[];
  try {
    sheets = await readRawSheets(bytes, formatOf(fileName), WIDE_SHEET);
  } catch (e) {
    if (e instanceof SpreadsheetError)
      return { sheet: WIDE_SHEET, rows: [], periods: [], problems: [{ message: e.message }] };
    throw e;
  }
  const found = sheets.map((s) => ({ s, h: findWideHeader(s) })).find((x) => x.h !== null);
  if (!found)
    return {
      sheet: sheets[0]?.name ?? WIDE_SHEET,
      rows: [],
      periods: [],
      problems: [
        {
          sheet: sheets[0]?.name,
          message:
            'No header row with a Code column and a column per period (such as "Q1 2017-18", "2017/18 Q2" or "Apr-17") was found in the first 30 rows.',
        },
      ],
    };
  const { s, h } = found;
  const header = s.rows[h!.index]!.cells.map(textOf);
  const codeAt = header.findIndex((t) => CODE_HEADINGS.includes(headerKey(t)));
  const statusAt = header.findIndex((t) => STATUS_HEADINGS.includes(headerKey(t)));
  const periodAt = header
    .map((t, i) => ({ i, t, p: periodHeading(t) }))
    .filter((x): x is { i: number; t: string; p: Period } => x.p !== null);
  const problems: Problem[] = [];
  const seenPeriod = new Map<string, string>();
  for (const x of periodAt) {
    const other = seenPeriod.get(x.p.code);
    if (other)
      problems.push({
        sheet: s.name,
        row: h!.row,
        column: x.t,
        message: `"${x.t}" and "${other}" are the same period: keep one of the columns.`,
      });
    seenPeriod.set(x.p.code, x.t);
  }
  const rows: WideRow[] = [];
  const seenCode = new Map<string, number>();
  for (const r of s.rows.slice(h!.index + 1)) {
    const code = textOf(r.cells[codeAt]);
    if (!code) continue;
    const first = seenCode.get(code.toLowerCase());
    if (first !== undefined) {
      problems.push({
        sheet: s.name,
        row: r.row,
        column: header[codeAt],
        message: `${code} appears twice: on row ${first} and on row ${r.row}. Keep one row per KPI.`,
      });
      continue;
    }
    seenCode.set(code.toLowerCase(), r.row);
    const row: WideRow = {
      row: r.row,
      code,
      cells: [],
      notApplicable: [],
      blank: 0,
      reported: statusAt >= 0 ? textOf(r.cells[statusAt]) || null : null,
      statusColumn: statusAt >= 0 ? header[statusAt]! : null,
    };
    for (const x of periodAt) {
      const c = r.cells[x.i];
      const text = textOf(c);
      if (c?.value === null || c?.value === undefined || text === '') row.blank += 1;
      else if (typeof c.value === 'string' && NOT_APPLICABLE.test(text)) row.notApplicable.push(x.p);
      else
        row.cells.push({
          row: r.row,
          column: x.t,
          period: x.p,
          value: typeof c.value === 'number' ? c.value : text,
          percentFormatted: typeof c.value === 'number' && c.numFmt.includes('%'),
        });
    }
    rows.push(row);
  }
  return { sheet: s.name, rows, periods: periodAt.map((x) => x.p), problems };
}
