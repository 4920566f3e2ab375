/**
 * Reads an uploaded spreadsheet (XLSX or CSV) into plain sheets of text cells, with the sizes capped
 * before any parser sees the bytes. Everything councils do to spreadsheets is expected: merged
 * cells, numbers typed as text and text typed as numbers, percentages formatted as 0.67, dates as
 * Excel serial numbers, blank rows, formulas.
 */
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { newWorkbook } from './workbook.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { restoreNeutralised } from './spreadsheet-write.js';
import { locate, type Problem } from '../domain/problem.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** An XLSX is a zip; its parts may not inflate to more than this in total (zip-bomb guard). */
export const MAX_XLSX_INFLATED_BYTES = 64 * 1024 * 1024;

export interface SheetRow {
  /** 1-based row number as the user sees it in Excel. */
  row: number;
  /** Cell text by header (as written in the header row, trimmed). */
  cells: Record<string, string>;
}

export interface Sheet {
  name: string;
  headers: string[];
  rows: SheetRow[];
  /** Every non-blank row as read, header included, for finding a header row below title rows. */
  lines?: { row: number; cells: string[] }[];
  /** The header row's number as Excel shows it. */
  headerRow?: number;
}

export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

export type SpreadsheetFormat = 'xlsx' | 'csv';

export function formatOf(fileName: string): SpreadsheetFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  throw new SpreadsheetError(
    `"${fileName}" is not a spreadsheet Cairn can read: save it as an Excel workbook (.xlsx) or as CSV (.csv).`,
  );
}

/** Reads a workbook or CSV. A CSV becomes one sheet named `csvSheetName`. */
export async function readSpreadsheet(
  bytes: Buffer,
  format: SpreadsheetFormat,
  csvSheetName: string,
): Promise<Sheet[]> {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new SpreadsheetError(
      `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the largest Cairn accepts is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
    );
  }
  return format === 'csv' ? [readCsv(bytes, csvSheetName)] : readXlsx(bytes);
}

function readCsv(bytes: Buffer, name: string): Sheet {
  let records: string[][];
  try {
    records = parseCsv(decodeCsv(bytes), {
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    throw new SpreadsheetError(
      `The CSV file could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return toSheet(
    name,
    records.map((cells, i) => ({ row: i + 1, cells: cells.map(restoreNeutralised) })),
  );
}

const notXlsx = () =>
  new SpreadsheetError(
    'The file is not a valid Excel workbook (.xlsx). Open it in Excel and save it again as .xlsx.',
  );
const tooBig = (limit: number) =>
  new SpreadsheetError(
    `The workbook unpacks to more than ${limit / 1024 / 1024} MB, which is more than a framework or return needs. ` +
      'Remove unused sheets, images or formatting and try again.',
  );

/**
 * A first, cheap look: sums the uncompressed sizes the zip's central directory declares. A zip can
 * lie about them, so this only refuses early what admits to being too big; checkZipInflation counts.
 */
export function checkZipInflatedSize(bytes: Buffer, limit = MAX_XLSX_INFLATED_BYTES): void {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx();
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw notXlsx();
    const compressed = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) {
      throw new SpreadsheetError('The workbook is too large for Cairn to read (over 4 GB when unpacked).');
    }
    total += size;
    if (total > limit) throw tooBig(limit);
    offset +=
      46 +
      bytes.readUInt16LE(offset + 28) +
      bytes.readUInt16LE(offset + 30) +
      bytes.readUInt16LE(offset + 32);
  }
}

/**
 * Inflates every part of the zip and counts the bytes that actually come out, keeping none of them,
 * and stops as soon as the total passes `limit`: the sizes a zip declares are not believed. Memory
 * stays at a few inflate buffers whatever the archive claims or holds.
 */
export async function checkZipInflation(bytes: Buffer, limit = MAX_XLSX_INFLATED_BYTES): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: false });
  } catch {
    throw notXlsx();
  }
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', () => reject(notXlsx()));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(notXlsx());
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limit) {
              stream.destroy();
              reject(tooBig(limit));
            }
          });
          stream.on('error', () => reject(notXlsx()));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/**
 * How many workbooks are parsed at once in this process: exceljs holds a whole workbook (up to the
 * 64 MB cap, inflated, and several times that as objects), so uploads wait their turn.
 */
export const MAX_CONCURRENT_PARSES = 2;
let parsing = 0;
const waiting: (() => void)[] = [];

async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (parsing >= MAX_CONCURRENT_PARSES) await new Promise<void>((resolve) => waiting.push(resolve));
  else parsing++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else parsing--;
  }
}

/** An uploaded workbook, size-checked before exceljs sees it; a clear error if it is not one. */
async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  checkZipInflatedSize(bytes);
  await checkZipInflation(bytes);
  const workbook = await newWorkbook();
  try {
    // exceljs's types predate Node's generic Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  return workbook;
}

async function readXlsx(bytes: Buffer): Promise<Sheet[]> {
  return oneAtATime(() => readXlsxNow(bytes));
}

/** A formula cell that holds no saved result (a file made by a program, or saved without calculating). */
function isUnsavedFormula(value: ExcelJS.CellValue): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  if (!('formula' in value) && !('sharedFormula' in value)) return false;
  const result = (value as { result?: unknown }).result;
  return result === undefined || result === null;
}

const columnLetter = (n: number): string =>
  n <= 0 ? '' : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

/**
 * Refuses a workbook with formulas that have no saved value, saying where each is: Cairn cannot
 * calculate them, and reading them as blank would lose what the person meant.
 */
function refuseUnsavedFormulas(workbook: ExcelJS.Workbook): void {
  const problems: Problem[] = [];
  for (const ws of workbook.worksheets) {
    let headers: string[] | null = null;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const texts: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        const value = cell.isMerged && cell.master !== cell ? cell.master.value : cell.value;
        if (isUnsavedFormula(value))
          problems.push({
            sheet: ws.name.trim(),
            row: rowNumber,
            column: headers?.[c - 1] || `column ${columnLetter(c)}`,
            message: 'the cell holds a formula with no saved value — type the value instead',
          });
        texts.push(isUnsavedFormula(value) ? '' : cellText(cell));
      }
      if (!headers && texts.some((t) => t !== '')) headers = texts;
    });
  }
  if (!problems.length) return;
  const shown = problems.slice(0, 5).map(locate);
  const more = problems.length > 5 ? ` And ${problems.length - 5} more cells like these.` : '';
  throw new SpreadsheetError(
    `${shown.join('. ')}.${more} Open the file in Excel and save it, or type the values.`,
  );
}

async function readXlsxNow(bytes: Buffer): Promise<Sheet[]> {
  const workbook = await loadWorkbook(bytes);
  refuseUnsavedFormulas(workbook);
  return workbook.worksheets.map((ws) => {
    const rows: { row: number; cells: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(restoreNeutralised(cellText(row.getCell(c))));
      rows.push({ row: rowNumber, cells });
    });
    return toSheet(ws.name.trim(), rows);
  });
}

/**
 * A cell as stored: what it holds (text, a number, a date, a boolean or nothing), its number format,
 * and the text a user sees. Readers that must know a number was formatted as a percentage, or that
 * a date was typed where a number belongs, use these rather than the text.
 */
export interface RawCell {
  value: string | number | boolean | Date | null;
  numFmt: string;
  text: string;
}

export interface RawSheet {
  name: string;
  /** Every row that has a cell with something in it, with its 1-based number as Excel shows it. */
  rows: { row: number; cells: RawCell[] }[];
}

/**
 * Reads a workbook or CSV into raw cells, with the same size cap and zip-bomb guard as
 * readSpreadsheet. Merged cells read as their top-left cell's value. A CSV cell is always text.
 */
export async function readRawSheets(
  bytes: Buffer,
  format: SpreadsheetFormat,
  csvSheetName: string,
): Promise<RawSheet[]> {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new SpreadsheetError(
      `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the largest Cairn accepts is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
    );
  }
  if (format === 'csv') {
    let records: string[][];
    try {
      records = parseCsv(decodeCsv(bytes), {
        relax_column_count: true,
        skip_empty_lines: false,
      }) as string[][];
    } catch (e) {
      throw new SpreadsheetError(
        `The CSV file could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const rows = records.map((cells, i) => ({
      row: i + 1,
      cells: cells.map((c) => {
        const text = restoreNeutralised(c).trim();
        return { value: text === '' ? null : text, numFmt: '', text };
      }),
    }));
    return [{ name: csvSheetName, rows: rows.filter((r) => r.cells.some((c) => c.text !== '')) }];
  }
  return oneAtATime(() => readRawXlsx(bytes));
}

async function readRawXlsx(bytes: Buffer): Promise<RawSheet[]> {
  const workbook = await loadWorkbook(bytes);
  refuseUnsavedFormulas(workbook);
  return workbook.worksheets.map((ws) => {
    const rows: RawSheet['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: RawCell[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(rawCell(row.getCell(c)));
      if (cells.some((c) => c.text !== '')) rows.push({ row: rowNumber, cells });
    });
    return { name: ws.name.trim(), rows };
  });
}

/**
 * A CSV's text: UTF-16 (little- or big-endian) when it starts with a byte-order mark; else UTF-8 (with
 * or without a byte-order mark, which is dropped), or else Windows-1252,
 * which Excel on Windows writes for "CSV (Comma delimited)" — so £ and curly quotes survive.
 */
export function decodeCsv(bytes: Buffer): string {
  // UTF-16 with its byte-order mark: Excel's "Unicode text", and some council systems' exports.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Node decodes "windows-1252" as ISO-8859-1; 0x80–0x9F are Windows-1252's own characters.
    return bytes
      .toString('latin1')
      .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
  }
}

/** Windows-1252's characters for the bytes 0x80–0x9F (the five it leaves undefined kept as they are). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function rawCell(cell: ExcelJS.Cell): RawCell {
  const source = cell.isMerged && cell.master !== cell ? cell.master : cell;
  const numFmt = source.numFmt ?? '';
  let value: ExcelJS.CellValue = source.value;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && 'result' in value)
    value = (value.result ?? null) as ExcelJS.CellValue;
  const text = valueText(value, numFmt);
  if (value === null || value === undefined) return { value: null, numFmt, text };
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)
    return { value, numFmt, text };
  const plain = restoreNeutralised(text);
  return { value: plain === '' ? null : plain, numFmt, text: plain };
}

/** The text a user sees in a cell, for the kinds of value Excel stores. */
export function cellText(cell: ExcelJS.Cell): string {
  const value = cell.isMerged && cell.master !== cell ? cell.master.value : cell.value;
  return valueText(value, cell.numFmt);
}

function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  if (typeof value === 'number') return numberText(value, numFmt);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value || 'formula' in value || 'sharedFormula' in value)
      return valueText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** A number as Excel shows it: percentages formatted as % come back as "67%", grouped numbers with commas. */
export function numberText(value: number, numFmt: string | undefined): string {
  const fmt = numFmt ?? '';
  if (fmt.includes('%')) {
    const decimals = /0\.(0+)%/.exec(fmt)?.[1]?.length ?? 0;
    return `${round(value * 100, Math.max(decimals, significantDecimals(value * 100)))}%`;
  }
  if (/#,##0/.test(fmt)) {
    return value.toLocaleString('en-GB', { maximumFractionDigits: 10 });
  }
  return String(round(value, significantDecimals(value)));
}

function significantDecimals(n: number): number {
  // Floating-point noise such as 67.00000000000001 is cut at 10 decimals.
  const s = n.toFixed(10).replace(/0+$/, '');
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function round(n: number, decimals: number): string {
  return n.toFixed(decimals);
}

function toSheet(name: string, rows: { row: number; cells: string[] }[], at = 0): Sheet {
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const headerRow = nonBlank[at];
  if (!headerRow) return { name, headers: [], rows: [], lines: nonBlank };
  const headers = headerRow.cells.map((h) => h.trim());
  return {
    name,
    headers,
    lines: nonBlank,
    headerRow: headerRow.row,
    rows: nonBlank.slice(at + 1).map((r) => {
      const cells: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h) cells[h] = (r.cells[i] ?? '').trim();
      });
      return { row: r.row, cells };
    }),
  };
}

/** A header as compared when looking for it: case, spaces, asterisks and curly quotes do not matter. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How far down a sheet its header row may be (below titles, merged cells, notes). */
export const HEADER_SEARCH_ROWS = 30;

/**
 * The sheet read from its real header row: the first of its top rows with the most cells that are
 * known headers (at least `atLeast` of them), so title rows and merged cells above it do not matter.
 * `known` decides what a header is: a list of labels, or a test of one cell's text. The sheet comes
 * back as it was when its first row is already the best, or when no row qualifies.
 */
export function findHeaderRow(
  sheet: Sheet,
  known: readonly string[] | ((cell: string) => boolean),
  atLeast = 2,
): Sheet {
  const lines = sheet.lines;
  if (!lines || lines.length < 2) return sheet;
  const labels = typeof known === 'function' ? null : new Set(known.map(headerKey));
  const isHeader = (c: string) => (labels ? labels.has(headerKey(c)) : (known as (c: string) => boolean)(c));
  let best = -1;
  let bestCount = atLeast - 1;
  lines.slice(0, HEADER_SEARCH_ROWS).forEach((line, i) => {
    const count = new Set(line.cells.filter((c) => c.trim() && isHeader(c)).map(headerKey)).size;
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  });
  if (best <= 0) return sheet;
  return toSheet(sheet.name, lines, best);
}
