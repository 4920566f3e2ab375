/**
 * CSV text split into records as it streams, chunk by chunk: RFC 4180 (fields in double quotes may
 * hold commas, line breaks and doubled quotes), read as forgivingly as csv-parse's `relax_quotes` and
 * `relax_column_count` — a quote inside an unquoted field is text, and rows may have any number of
 * cells. Records end at CRLF, LF or a lone CR. A line with no quote is split in one go (the common
 * case in national data sets, and several times faster than a general parser); one with quotes is
 * read character by character. Only the unfinished last record of a chunk is kept between chunks.
 */

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** The longest record read (a runaway quoted field would otherwise hold the whole file). */
export const MAX_CSV_RECORD_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvSplitter {
  private pending = '';

  /**
   * Adds a chunk of text and appends to `out` every record it completes; `last` says the text has
   * ended (a final record with no line break is complete then). Throws CsvError for a quoted field
   * never closed, or a record longer than MAX_CSV_RECORD_CHARS.
   */
  push(chunk: string, last: boolean, out: string[][]): void {
    const text = this.pending ? this.pending + chunk : chunk;
    this.pending = '';
    const n = text.length;
    let pos = 0;
    // Where the next quote and carriage return are, found once and moved on only when passed.
    let quoteAt = -2;
    let crAt = -2;
    while (pos < n) {
      const lf = text.indexOf('\n', pos);
      const end = lf === -1 ? n : lf;
      if (quoteAt !== -1 && quoteAt < pos) quoteAt = text.indexOf('"', pos);
      if (crAt !== -1 && crAt < pos) crAt = text.indexOf('\r', pos);
      const plain = (quoteAt === -1 || quoteAt >= end) && (crAt === -1 || crAt >= end - 1);
      if (plain && (lf !== -1 || last)) {
        const stop = crAt === end - 1 && end > pos ? end - 1 : end;
        out.push(text.slice(pos, stop).split(','));
        pos = end + 1;
        continue;
      }
      const next = readRecord(text, pos, last, out);
      if (next === -1) break;
      pos = next;
    }
    if (pos < n) {
      if (last) throw new CsvError('Quote Not Closed: the file ends inside a quoted field');
      this.pending = text.slice(pos);
      if (this.pending.length > MAX_CSV_RECORD_CHARS)
        throw new CsvError(
          `a row is longer than ${MAX_CSV_RECORD_CHARS / 1024 / 1024} MB: is a quoted field never closed?`,
        );
    }
  }
}

/**
 * Reads the record starting at `pos` into `out`, returning where the next starts, or -1 if the text
 * ends before the record does (and more is to come).
 */
function readRecord(text: string, pos: number, last: boolean, out: string[][]): number {
  const n = text.length;
  const fields: string[] = [];
  let i = pos;
  for (;;) {
    const fieldStart = i;
    if (i < n && text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      let closed = -1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) {
          if (!last) return -1;
          throw new CsvError('Quote Not Closed: the file ends inside a quoted field');
        }
        if (q + 1 >= n && !last) return -1;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        closed = q + 1;
        break;
      }
      const c = closed < n ? text.charCodeAt(closed) : -1;
      if (c === COMMA) {
        fields.push(value);
        i = closed + 1;
        continue;
      }
      if (c === -1) {
        fields.push(value);
        out.push(fields);
        return n;
      }
      if (c === LF) {
        fields.push(value);
        out.push(fields);
        return closed + 1;
      }
      if (c === CR) {
        if (closed + 1 >= n && !last) return -1;
        fields.push(value);
        out.push(fields);
        return text.charCodeAt(closed + 1) === LF ? closed + 2 : closed + 1;
      }
      // Text after the closing quote: the field is taken as written, quotes and all (relaxed).
      i = fieldStart;
    }
    let k = i;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === COMMA || c === LF || c === CR) break;
      k++;
    }
    if (k >= n && !last) return -1;
    fields.push(text.slice(i, k));
    if (k >= n) {
      out.push(fields);
      return n;
    }
    const c = text.charCodeAt(k);
    if (c === COMMA) {
      i = k + 1;
      continue;
    }
    if (c === CR && k + 1 >= n && !last) return -1;
    out.push(fields);
    return c === CR && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  }
}
