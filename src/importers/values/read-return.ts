/**
 * An uploaded return (XLSX or CSV) → its rows, and every problem found in the file itself, each
 * with its row and column as the person sees them in Excel. The header row is found by its labels,
 * so title rows, merged title cells, moved or extra columns and blank rows do not matter. Whether a
 * row's indicator, target and version are right for the round is checked by the use case
 * (app/collection/import-values.ts), which knows the round and the person.
 */
import { locate, type Problem } from '../../domain/problem.js';
import { formatOf, readRawSheets, SpreadsheetError, type RawCell, type RawSheet } from '../spreadsheet.js';
import { RETURN_COLUMNS, RETURN_KEYS, RETURN_SHEET, type ReturnColumnKey } from './layout.js';

/** "Row 7, Actual: '12 approx' is not a number" — or just the message, for the whole file. */
export function problemText(p: Problem): string {
  return locate(p);
}

const COLUMN_ORDER = new Map<string, number>(RETURN_KEYS.map((k, i) => [RETURN_COLUMNS[k].header, i]));

/** Problems in the order a person reads the file: by row, then by column as the return lays them out. */
export function sortProblems(problems: Problem[]): Problem[] {
  const at = (p: Problem) => (p.column == null ? -1 : (COLUMN_ORDER.get(p.column) ?? 99));
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || at(a) - at(b));
}

export type FigureCell = string | number | null;

export interface ReturnRow {
  /** Row number as shown in Excel. */
  row: number;
  roundId: number | null;
  indicatorId: number | null;
  version: number | null;
  number: string | null;
  /** The Target cell as shown, or null when the column is missing or the cell is blank. */
  target: string | null;
  actual: FigureCell;
  numerator: FigureCell;
  denominator: FigureCell;
  progress: string | null;
  outlook: string | null;
  commentary: string | null;
  confirmUnusual: boolean;
  unusualNote: string | null;
  /**
   * The columns this row gives, when rows differ (the API's JSON: a field left out keeps what is
   * stored); a spreadsheet's rows all have the file's columns.
   */
  given?: ReadonlySet<ReturnColumnKey>;
}

export interface ReadReturn {
  rows: ReturnRow[];
  problems: Problem[];
  /** Columns found in the file. */
  columns: Set<ReturnColumnKey>;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const HEADINGS = new Map<string, ReturnColumnKey>();
for (const k of RETURN_KEYS) {
  const c = RETURN_COLUMNS[k];
  HEADINGS.set(norm(c.header), k);
  for (const a of 'aliases' in c ? c.aliases : []) HEADINGS.set(norm(a), k);
}

/** How far down a sheet the header row may be. */
const HEADER_SEARCH_ROWS = 50;

type Header = { row: number; at: Map<ReturnColumnKey, number>; problems: Problem[] };

function findHeader(sheet: RawSheet): Header | null {
  for (const r of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const at = new Map<ReturnColumnKey, number>();
    const problems: Problem[] = [];
    r.cells.forEach((c, i) => {
      const key = HEADINGS.get(norm(c.text));
      if (!key) return;
      if (at.has(key))
        problems.push({
          row: r.row,
          column: RETURN_COLUMNS[key].header,
          message: `there are two columns headed "${RETURN_COLUMNS[key].header}"; delete one of them`,
        });
      else at.set(key, i);
    });
    const identifies = at.has('number') || at.has('indicatorId');
    const fills = at.has('actual') || at.has('progress') || at.has('outlook') || at.has('commentary');
    if (identifies && fills) return { row: r.row, at, problems };
  }
  return null;
}

function ukDate(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** Reads a return. A file Cairn cannot read at all comes back as one problem naming the file. */
export async function readReturn(bytes: Buffer, fileName: string): Promise<ReadReturn> {
  const empty = (message: string): ReadReturn => ({
    rows: [],
    problems: [{ row: null, column: null, message }],
    columns: new Set(),
  });
  let sheets: RawSheet[];
  try {
    sheets = await readRawSheets(bytes, formatOf(fileName), RETURN_SHEET);
  } catch (e) {
    if (e instanceof SpreadsheetError) return empty(e.message);
    throw e;
  }
  const named = sheets.find((s) => s.name.toLowerCase() === RETURN_SHEET.toLowerCase());
  const ordered = named ? [named, ...sheets.filter((s) => s !== named)] : sheets;
  let sheet: RawSheet | undefined;
  let header: Header | null = null;
  for (const s of ordered) {
    header = findHeader(s);
    if (header) {
      sheet = s;
      break;
    }
  }
  if (!sheet || !header)
    return empty(
      `Cairn could not find the header row in ${fileName}: a row with the headings "No." and "Actual", as in the return you downloaded. ` +
        'Download your return again from Cairn and copy your figures into it.',
    );
  const problems = [...header.problems];
  const rows: ReturnRow[] = [];
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    if (r.row <= header.row) continue;
    const cell = (k: ReturnColumnKey): RawCell | null => {
      const i = header.at.get(k);
      return i === undefined ? null : (r.cells[i] ?? null);
    };
    const blank = [...header.at.keys()].every((k) => !cell(k) || cell(k)!.text === '');
    if (blank) continue;
    const add = (k: ReturnColumnKey, message: string) =>
      problems.push({ row: r.row, column: RETURN_COLUMNS[k].header, message });

    const whole = (k: ReturnColumnKey, what: string): number | null => {
      const c = cell(k);
      if (!c || c.value === null) return null;
      const n = typeof c.value === 'number' ? c.value : Number(c.text.replace(/,/g, ''));
      if (Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER) return n;
      add(
        k,
        `'${c.text}' is not ${what}. This column should not be changed: download your return again and copy your figures into it`,
      );
      return null;
    };
    const figure = (k: ReturnColumnKey): FigureCell => {
      const c = cell(k);
      if (!c || c.value === null) return null;
      if (typeof c.value === 'number') {
        // A number formatted as a percentage is shown, and meant, as one: 0.67 is 67%.
        if (c.numFmt.includes('%')) return c.text;
        return c.value;
      }
      if (c.value instanceof Date) {
        add(
          k,
          `'${ukDate(c.value)}' is a date, not a number. Format the cell as a number and type the figure`,
        );
        return null;
      }
      if (typeof c.value === 'boolean') {
        add(k, `'${c.text}' is not a number`);
        return null;
      }
      return c.text;
    };
    const words = (k: ReturnColumnKey): string | null => {
      const c = cell(k);
      if (!c || c.value === null) return null;
      if (c.value instanceof Date) return ukDate(c.value);
      if (typeof c.value === 'boolean') return c.value ? 'Yes' : 'No';
      return c.text === '' ? null : c.text;
    };
    const confirmText = words('confirmUnusual');
    let confirmUnusual = false;
    if (confirmText !== null) {
      const t = confirmText.trim().toLowerCase();
      if (['yes', 'y', 'true', 'x', '✓', '✔', 'confirmed'].includes(t)) confirmUnusual = true;
      else if (!['no', 'n', 'false', ''].includes(t))
        add('confirmUnusual', `'${confirmText}' should be Yes, or left blank`);
    }

    const row: ReturnRow = {
      row: r.row,
      roundId: whole('roundId', 'a round id'),
      indicatorId: whole('indicatorId', 'an indicator id'),
      version: whole('version', 'a version number'),
      number: words('number'),
      target: words('target'),
      actual: figure('actual'),
      numerator: figure('numerator'),
      denominator: figure('denominator'),
      progress: words('progress'),
      outlook: words('outlook'),
      commentary: words('commentary'),
      confirmUnusual,
      unusualNote: words('unusualNote'),
    };
    if (row.indicatorId === null && row.number === null) {
      const hasFigures =
        row.actual !== null ||
        row.numerator !== null ||
        row.denominator !== null ||
        row.progress !== null ||
        row.outlook !== null ||
        row.commentary !== null;
      if (hasFigures)
        add('number', 'this row has figures but no indicator number. Put the number back, or delete the row');
      continue;
    }
    const key = row.indicatorId !== null ? `id:${row.indicatorId}` : `no:${row.number}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add(
        'number',
        `indicator ${row.number ?? row.indicatorId} is also on row ${first}. Keep one row per indicator and delete the other`,
      );
      continue;
    }
    seen.set(key, r.row);
    rows.push(row);
  }
  return { rows, problems: sortProblems(problems), columns: new Set(header.at.keys()) };
}
