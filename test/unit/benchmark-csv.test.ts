import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvSplitter } from '../../src/importers/benchmark/csv.js';

/** Splits `text` fed in pieces cut at `cuts`. */
function split(text: string, cuts: number[] = []): string[][] {
  const s = new CsvSplitter();
  const out: string[][] = [];
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    s.push(text.slice(at, cut), false, out);
    at = cut;
  }
  s.push(text.slice(at), true, out);
  return out;
}

const csvParse = (text: string, eol: string) =>
  parse(text, { relax_column_count: true, relax_quotes: true, record_delimiter: eol }) as string[][];

describe('the streaming CSV splitter', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes and every line ending', () => {
    expect(split('a,b\nc,d\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(split('a,"x ""y"", z",b\r\n"two\nlines",\r\nlast')).toEqual([
      ['a', 'x "y", z', 'b'],
      ['two\nlines', ''],
      ['last'],
    ]);
    expect(split('a\rb\rc')).toEqual([['a'], ['b'], ['c']]);
    // Relaxed: a quote inside an unquoted field is text; rows may differ in length; blank lines kept.
    expect(split('a,b"c,d\n\ne\n')).toEqual([['a', 'b"c', 'd'], [''], ['e']]);
    expect(split('"a"x,b')).toEqual([['"a"x', 'b']]);
  });

  it('says when a quoted field is never closed', () => {
    expect(() => split('a,"b\nc,d\n')).toThrow(CsvError);
    expect(() => split('a,"b\nc,d\n', [3, 6])).toThrow(/Quote Not Closed/);
  });

  it('reads as csv-parse does (relax_quotes, relax_column_count), wherever the chunks are cut', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .\-']{0,6}$/),
      fc.stringMatching(/^[a-z,"\n\r ]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
        (records, eol, trailing, cuts) => {
          // A record of one empty field is a blank line, which csv-parse reads differently at the end.
          fc.pre(records.every((r) => r.length > 1 || r[0] !== ''));
          const text = records.map((r) => r.join(',')).join(eol) + (trailing ? eol : '');
          const expected = csvParse(text, eol);
          const within = cuts.map((c) => c % (text.length + 1));
          expect(split(text, within)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
