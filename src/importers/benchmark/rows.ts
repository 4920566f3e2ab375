/**
 * A benchmarking file read as a stream of rows of text cells, whatever its size: CSV through
 * csv.ts's streaming splitter (UTF-8, UTF-16 with its byte-order mark, or Windows-1252 as Excel writes
 * it), XLSX through exceljs's streaming workbook reader (the first sheet with anything in it). Memory
 * stays at a few chunks and one row; the bytes read so far are counted, for a progress bar.
 *
 * Size caps, checked before any parser sees the file: the file itself (`maxBytes`), and for a workbook
 * the sizes its zip declares when unpacked.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import yauzl from 'yauzl';
import type ExcelJS from 'exceljs';
import { cellText, SpreadsheetError } from '../spreadsheet.js';
import { restoreNeutralised } from '../spreadsheet-write.js';
import { CsvError, CsvSplitter } from './csv.js';

/** The largest benchmarking file the command line reads (the browser's upload cap is lower). */
export const MAX_BENCHMARK_FILE_BYTES = 4 * 1024 * 1024 * 1024;
/** A workbook may not declare more than this unpacked (its sheets and shared strings). */
export const MAX_BENCHMARK_XLSX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024;

export interface FileInput {
  fileName: string;
  /** A file on disk (the command line), or the bytes of an upload. */
  path?: string;
  bytes?: Buffer;
}

export interface FileRow {
  row: number;
  cells: string[];
}

export interface RowSource {
  /** The sheet's name (a CSV's is "CSV"). */
  sheet: string;
  /** The rows one by one; or `batches`, the same rows a chunk at a time (read one or the other). */
  rows: AsyncIterable<FileRow>;
  batches: AsyncIterable<FileRow[]>;
  totalBytes: number;
  bytesRead(): number;
  /** Stops reading (the rows' iterator ends). */
  close(): void;
}

export function fileFormat(fileName: string): 'csv' | 'xlsx' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  throw new SpreadsheetError(
    `"${fileName}" is not a file Cairn can read: save it as CSV (.csv) or as an Excel workbook (.xlsx).`,
  );
}

function sizeOf(input: FileInput): number {
  if (input.bytes) return input.bytes.length;
  if (!input.path) throw new SpreadsheetError('No file was given.');
  return statSync(input.path).size;
}

/** An upload's bytes are streamed in pieces as a file's would be, so that its progress can be told. */
const CHUNK = 1 << 16;

function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

function rawStream(input: FileInput): Readable {
  return input.bytes
    ? Readable.from(pieces(input.bytes))
    : createReadStream(input.path!, { highWaterMark: 1 << 20 });
}

/** Windows-1252's characters for the bytes 0x80–0x9F. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes a CSV's bytes to text as they stream: the encoding is decided from the first chunk. */
function decoder(): Transform {
  let decode: ((chunk: Buffer, last: boolean) => string) | null = null;
  const choose = (head: Buffer) => {
    if (head[0] === 0xff && head[1] === 0xfe) {
      const d = new TextDecoder('utf-16le');
      return (c: Buffer, last: boolean) => d.decode(c, { stream: !last });
    }
    if (head[0] === 0xfe && head[1] === 0xff) {
      const d = new TextDecoder('utf-16be');
      return (c: Buffer, last: boolean) => d.decode(c, { stream: !last });
    }
    try {
      // A multi-byte character cut at the chunk's end is not an error: decode in stream mode.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      const d = new TextDecoder('utf-8');
      return (c: Buffer, last: boolean) => d.decode(c, { stream: !last });
    } catch {
      return (c: Buffer) =>
        c.toString('latin1').replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH.charAt(ch.charCodeAt(0) - 0x80));
    }
  };
  return new Transform({
    // Text out, chunk by chunk (not re-encoded to bytes).
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      decode ??= choose(chunk);
      done(null, decode(chunk, false));
    },
    flush(done) {
      done(null, decode ? decode(Buffer.alloc(0), true) : '');
    },
  });
}

function counted(source: Readable, onBytes: (n: number) => void): Transform {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  source.on('error', (e) => counter.destroy(e));
  return source.pipe(counter);
}

/** Refuses a workbook whose zip declares more than the cap unpacked, or that is not a zip at all. */
async function checkWorkbook(input: FileInput): Promise<void> {
  const notXlsx = () =>
    new SpreadsheetError(
      'The file is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook".',
    );
  let zip: yauzl.ZipFile;
  try {
    zip = input.bytes
      ? await yauzl.fromBufferPromise(input.bytes, { lazyEntries: true })
      : await new Promise<yauzl.ZipFile>((resolve, reject) =>
          yauzl.open(input.path!, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
        );
  } catch {
    throw notXlsx();
  }
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', () => reject(notXlsx()));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        if (total > MAX_BENCHMARK_XLSX_INFLATED_BYTES)
          return reject(
            new SpreadsheetError(
              `The workbook unpacks to more than ${MAX_BENCHMARK_XLSX_INFLATED_BYTES / 1024 ** 3} GB. Save it as CSV instead.`,
            ),
          );
        zip.readEntry();
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Opens a file's rows. Throws SpreadsheetError for a file too large or not of its kind. */
export async function openRows(input: FileInput, maxBytes = MAX_BENCHMARK_FILE_BYTES): Promise<RowSource> {
  const format = fileFormat(input.fileName);
  const totalBytes = sizeOf(input);
  if (totalBytes > maxBytes)
    throw new SpreadsheetError(
      `${input.fileName} is ${(totalBytes / 1024 / 1024).toFixed(1)} MB; the largest Cairn accepts here is ${(maxBytes / 1024 / 1024).toFixed(0)} MB.`,
    );
  if (totalBytes === 0) throw new SpreadsheetError(`${input.fileName} is empty.`);
  let read = 0;
  const raw = rawStream(input);
  if (format === 'csv') {
    const bytes = counted(raw, (n) => (read += n));
    const text = bytes.pipe(decoder());
    bytes.on('error', (e) => text.destroy(e));
    async function* batches(): AsyncGenerator<FileRow[]> {
      const splitter = new CsvSplitter();
      const records: string[][] = [];
      let row = 0;
      const rowsOf = (): FileRow[] => {
        const batch: FileRow[] = new Array<FileRow>(records.length);
        for (let r = 0; r < records.length; r++) {
          const record = records[r]!;
          for (let i = 0; i < record.length; i++) {
            const c = record[i]!;
            // Cairn's own downloads neutralise formulas with a leading apostrophe; take it off.
            if (c.charCodeAt(0) === 39) record[i] = restoreNeutralised(c);
          }
          batch[r] = { row: ++row, cells: record };
        }
        records.length = 0;
        return batch;
      };
      try {
        for await (const chunk of text as AsyncIterable<string>) {
          splitter.push(chunk, false, records);
          if (records.length) yield rowsOf();
        }
        splitter.push('', true, records);
        if (records.length) yield rowsOf();
      } catch (e) {
        if (e instanceof CsvError)
          throw new SpreadsheetError(
            `The CSV file could not be read at row ${row + records.length + 1}: ${e.message}`,
          );
        throw e;
      }
    }
    const b = batches();
    return {
      sheet: 'CSV',
      rows: flatten(b),
      batches: b,
      totalBytes,
      bytesRead: () => read,
      close: () => {
        raw.destroy();
        text.destroy();
      },
    };
  }
  await checkWorkbook(input);
  const { default: exceljs } = await import('exceljs');
  const stream = counted(raw, (n) => (read += n));
  const reader = new exceljs.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sheetName = 'Sheet1';
  async function* rows() {
    let done = false;
    try {
      for await (const ws of reader) {
        if (done) continue;
        let any = false;
        for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
          if (!any) {
            sheetName = (ws as unknown as { name?: string }).name?.trim() || sheetName;
            any = true;
          }
          const cells: string[] = [];
          for (let c = 1; c <= row.cellCount; c++) cells.push(restoreNeutralised(cellText(row.getCell(c))));
          yield { row: row.number, cells };
        }
        if (any) done = true;
      }
    } catch (e) {
      if (e instanceof SpreadsheetError) throw e;
      throw new SpreadsheetError(
        `The workbook could not be read: ${e instanceof Error ? e.message : String(e)}. Save it from Excel as "Excel Workbook", or as CSV.`,
      );
    }
  }
  const r = rows();
  return {
    get sheet() {
      return sheetName;
    },
    rows: r,
    batches: chunked(r, 1000),
    totalBytes,
    bytesRead: () => read,
    close: () => raw.destroy(),
  };
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

async function* chunked<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
