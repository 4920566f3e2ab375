import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Period, PeriodKind } from './periods.js';
import {
  PERIOD_KINDS,
  PeriodParseError,
  comparePeriods,
  contains,
  dataPeriodFor,
  financialYearOf,
  formatPeriod,
  nextPeriod,
  parsePeriod,
  periodContaining,
  periodFromCode,
  periodsOfYear,
  positionInYear,
  previousPeriod,
  sameLastYear,
  shiftPeriod,
  tryParsePeriod,
  yearToDate,
} from './periods.js';

const codes = (ps: Period[]): string[] => ps.map((p) => p.code);
const p = (text: string): Period => parsePeriod(text);

/** The message of the PeriodParseError that `f` throws. */
function parseErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PeriodParseError);
    return (e as Error).message;
  }
  throw new Error('expected a PeriodParseError');
}

describe('parsePeriod', () => {
  const FY: Period = {
    kind: 'financial-year',
    code: '2017-18',
    start: '2017-04-01',
    end: '2018-03-31',
    label: '2017-18',
  };
  const Q1: Period = {
    kind: 'quarter',
    code: '2017-18-Q1',
    start: '2017-04-01',
    end: '2017-06-30',
    label: 'Q1 2017-18',
  };
  const APRIL: Period = {
    kind: 'month',
    code: 'M2017-04',
    start: '2017-04-01',
    end: '2017-04-30',
    label: 'April 2017',
  };
  const MARCH: Period = {
    kind: 'month',
    code: 'M2018-03',
    start: '2018-03-01',
    end: '2018-03-31',
    label: 'March 2018',
  };
  const SEPT: Period = {
    kind: 'month',
    code: 'M2017-09',
    start: '2017-09-01',
    end: '2017-09-30',
    label: 'September 2017',
  };
  const AY: Period = {
    kind: 'academic-year',
    code: 'AY2017-18',
    start: '2017-09-01',
    end: '2018-08-31',
    label: 'Academic year 2017-18',
  };
  const CY: Period = {
    kind: 'calendar-year',
    code: 'CY2017',
    start: '2017-01-01',
    end: '2017-12-31',
    label: '2017',
  };

  it.each<[string, Period]>([
    ['2017-18', FY],
    ['2017/18', FY],
    ['2017/2018', FY],
    ['2017-2018', FY],
    ['FY 2017-18', FY],
    ['FY2017/18', FY],
    ['Q1 2017-18', Q1],
    ['Q1 2017/18', Q1],
    ['2017/18 Q1', Q1],
    ['2017-18 Q1', Q1],
    ['Quarter 1 2017-18', Q1],
    ['2017-18-Q1', Q1],
    ['April 2017', APRIL],
    ['Apr 2017', APRIL],
    ['2017-04', APRIL],
    ['Mar 2018', MARCH],
    ['March-2018', MARCH],
    ['Sept 2017', SEPT],
    ['Sep 2017', SEPT],
    ['AY 2017-18', AY],
    ['Academic year 2017/18', AY],
    ['2017-18 academic year', AY],
    ['AY2017-18', AY],
    ['2017', CY],
    ['CY 2017', CY],
    ['CY2017', CY],
    // case, extra spaces, en dashes
    ['fy  2017–18', FY],
    ['  q1   2017 – 18 ', Q1],
    ['APRIL 2017', APRIL],
    ['march – 2018', MARCH],
    ['academic YEAR 2017–2018', AY],
    ['cy 2017', CY],
  ])('reads %j', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  it('gets every quarter right, including Q4 in the next calendar year', () => {
    expect(p('Q2 2017-18')).toMatchObject({ start: '2017-07-01', end: '2017-09-30' });
    expect(p('Q3 2017-18')).toMatchObject({ start: '2017-10-01', end: '2017-12-31' });
    expect(p('Q4 2017-18')).toMatchObject({ code: '2017-18-Q4', start: '2018-01-01', end: '2018-03-31' });
  });

  it('handles the turn of the century and leap years', () => {
    expect(p('1999-00')).toMatchObject({ code: '1999-00', start: '1999-04-01', end: '2000-03-31' });
    expect(p('1999/2000').code).toBe('1999-00');
    expect(p('Feb 2020').end).toBe('2020-02-29');
    expect(p('Feb 2000').end).toBe('2000-02-29');
    expect(p('Feb 1900').end).toBe('1900-02-28');
    expect(p('Feb 2019').end).toBe('2019-02-28');
  });

  it('reads text that is both an FY and an ISO month as the FY, unless told the kind', () => {
    expect(p('2011-12').kind).toBe('financial-year');
    expect(parsePeriod('2011-12', 'month').label).toBe('December 2011');
    expect(periodFromCode('2011-12').kind).toBe('financial-year');
    expect(periodFromCode('M2011-12').label).toBe('December 2011');
    expect(p('2011/12').kind).toBe('financial-year');
    expect(p('2200-01').label).toBe('January 2200'); // FY 2200-01 is out of range
  });

  it('checks the kind when one is given', () => {
    expect(parsePeriod('Q1 2017-18', 'quarter').code).toBe('2017-18-Q1');
    expect(parseErrorOf(() => parsePeriod('Q1 2017-18', 'month'))).toContain('it is a quarter, not a month');
    expect(tryParsePeriod('Q1 2017-18', 'month')).toBeNull();
  });

  it('rejects a financial year whose years are not consecutive, saying so', () => {
    for (const text of ['2017-19', '2017/2019', 'FY 2017-16', 'Q1 2017-19', 'AY 2017-19', '2017-13']) {
      const message = parseErrorOf(() => parsePeriod(text));
      expect(message).toContain(JSON.stringify(text));
      expect(message).toContain('consecutive');
    }
  });

  it('rejects years before 1900 or after 2200', () => {
    for (const text of ['1899-00', '1899', 'Dec 1899', 'Q1 1899-00', '2201', 'Jan 2201', 'FY 2200-01']) {
      expect(parseErrorOf(() => parsePeriod(text))).toContain('outside the years 1900–2200');
    }
    expect(p('1900').code).toBe('CY1900');
    expect(p('2200').code).toBe('CY2200');
    expect(p('2199-00').end).toBe('2200-03-31');
  });

  it('quotes the input and lists the accepted forms', () => {
    const message = parseErrorOf(() => parsePeriod('next Tuesday'));
    expect(message).toContain('"next Tuesday"');
    expect(message).toContain('"Q1 2017-18"');
    expect(message).toContain('"April 2017"');
    expect(message).toContain('"AY 2017-18"');
    expect(parseErrorOf(() => parsePeriod('Foo 2017'))).toContain('"foo" is not a month');
    for (const text of ['', 'Q5 2017-18', '17/18', '2017-18-Q', 'April', '201']) {
      expect(parseErrorOf(() => parsePeriod(text))).toContain(JSON.stringify(text));
    }
  });

  it('tryParsePeriod returns null instead of throwing', () => {
    expect(tryParsePeriod('rubbish')).toBeNull();
    expect(tryParsePeriod('2017-19')).toBeNull();
    expect(tryParsePeriod('Q2 2017/18')?.code).toBe('2017-18-Q2');
  });
});

describe('periodFromCode', () => {
  it('reads the canonical codes', () => {
    expect(periodFromCode('2017-18').label).toBe('2017-18');
    expect(periodFromCode('2017-18-Q3').label).toBe('Q3 2017-18');
    expect(periodFromCode('M2017-04').label).toBe('April 2017');
    expect(() => periodFromCode('2017-04')).toThrow(/not a canonical period code/);
    expect(periodFromCode('AY2017-18').label).toBe('Academic year 2017-18');
    expect(periodFromCode('CY2017').label).toBe('2017');
  });

  it('rejects anything else, quoting it and listing the codes', () => {
    for (const code of ['2017/18', 'Q1 2017-18', 'ay2017-18', 'April 2017', '2017', ' 2017-18', '2017–18']) {
      const message = parseErrorOf(() => periodFromCode(code));
      expect(message).toContain(JSON.stringify(code));
      expect(message).toContain('"2017-18-Q1"');
    }
    expect(parseErrorOf(() => periodFromCode('2017-19'))).toContain('consecutive');
  });
});

/** A random period of any kind starting in the given years. */
const periodIn = (min: number, max: number): fc.Arbitrary<Period> =>
  fc
    .record({
      kind: fc.constantFrom(...PERIOD_KINDS),
      year: fc.integer({ min, max }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ kind, year, month, day }) =>
      periodContaining(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, kind),
    );
/** Far enough from 1900 and 2200 that the year either side exists. */
const arbPeriod = periodIn(1902, 2197);

describe('properties', () => {
  it('round-trips through the label and the code', () => {
    fc.assert(
      fc.property(arbPeriod, (x) => {
        expect(formatPeriod(x)).toBe(x.label);
        expect(parsePeriod(x.label)).toEqual(x);
        expect(parsePeriod(x.code, x.kind)).toEqual(x);
        expect(periodFromCode(x.code, x.kind)).toEqual(x);
        expect(periodFromCode(x.code)).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  it('tryParsePeriod never throws, whatever the text', () => {
    const pieces = fc.constantFrom(
      'Q',
      '1',
      '4',
      '2017',
      '18',
      '-',
      '–',
      '/',
      ' ',
      'FY',
      'AY',
      'CY',
      'Sept',
      'academic year',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces).map((xs) => xs.join('')),
        ),
        (text) => {
          const found = tryParsePeriod(text);
          if (found) expect(parsePeriod(found.label)).toEqual(found);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lays periods end to end: next starts the day after, and previous undoes next', () => {
    fc.assert(
      fc.property(arbPeriod, (x) => {
        const next = nextPeriod(x);
        expect(next.kind).toBe(x.kind);
        expect(periodContaining(x.end, x.kind)).toEqual(x);
        expect(periodContaining(x.start, x.kind)).toEqual(x);
        expect(next.start > x.end).toBe(true);
        const dayAfterEnd = new Date(Date.parse(`${x.end}T00:00:00Z`) + 86_400_000)
          .toISOString()
          .slice(0, 10);
        expect(next.start).toBe(dayAfterEnd);
        expect(previousPeriod(next)).toEqual(x);
        expect(comparePeriods(x, next)).toBeLessThan(0);
        expect(x.code < next.code).toBe(true); // codes sort within a kind
      }),
    );
  });

  it('shifts add up, and a year back is the same period last year', () => {
    fc.assert(
      fc.property(
        periodIn(1950, 2150),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        (x, a, b) => {
          expect(shiftPeriod(shiftPeriod(x, a), b)).toEqual(shiftPeriod(x, a + b));
          expect(shiftPeriod(x, 0)).toEqual(x);
          const last = sameLastYear(x);
          expect(last.label.replace(/\d+/g, '')).toBe(x.label.replace(/\d+/g, ''));
          expect(Number(last.start.slice(0, 4))).toBe(Number(x.start.slice(0, 4)) - 1);
          expect(last.start.slice(4)).toBe(x.start.slice(4));
        },
      ),
    );
  });

  it('a quarter or month sits in its financial year, at the position yearToDate counts to', () => {
    fc.assert(
      fc.property(arbPeriod, (x) => {
        const fy = financialYearOf(x);
        expect(fy.kind).toBe('financial-year');
        if (x.kind === 'quarter' || x.kind === 'month') {
          expect(contains(fy, x)).toBe(true);
          const ytd = yearToDate(x);
          expect(ytd[ytd.length - 1]).toEqual(x);
          expect(ytd[0]?.start).toBe(fy.start);
          expect(positionInYear(x)).toEqual({ index: ytd.length, of: x.kind === 'quarter' ? 4 : 12 });
        }
      }),
    );
  });
});

describe('periodContaining', () => {
  it('splits financial years and quarters between 31 March and 1 April', () => {
    expect(periodContaining('2018-03-31', 'financial-year').code).toBe('2017-18');
    expect(periodContaining('2018-04-01', 'financial-year').code).toBe('2018-19');
    expect(periodContaining('2018-03-31', 'quarter').code).toBe('2017-18-Q4');
    expect(periodContaining('2018-04-01', 'quarter').code).toBe('2018-19-Q1');
    expect(periodContaining('2017-06-30', 'quarter').code).toBe('2017-18-Q1');
    expect(periodContaining('2017-07-01', 'quarter').code).toBe('2017-18-Q2');
    expect(periodContaining('2017-12-31', 'quarter').code).toBe('2017-18-Q3');
    expect(periodContaining('2018-01-01', 'quarter').code).toBe('2017-18-Q4');
  });

  it('splits academic years between 31 August and 1 September', () => {
    expect(periodContaining('2018-08-31', 'academic-year').code).toBe('AY2017-18');
    expect(periodContaining('2018-09-01', 'academic-year').code).toBe('AY2018-19');
  });

  it('finds months and calendar years', () => {
    expect(periodContaining('2016-02-29', 'month').code).toBe('M2016-02');
    expect(periodContaining('2017-12-31', 'calendar-year').code).toBe('CY2017');
    expect(periodContaining('2018-01-01', 'calendar-year').code).toBe('CY2018');
  });

  it('rejects dates that are not dates', () => {
    for (const date of ['2017-02-29', '2017-13-01', '2017-04-31', '2017-4-1', '01/04/2017', '']) {
      expect(() => periodContaining(date, 'month')).toThrow(RangeError);
    }
    expect(() => periodContaining('2300-01-01', 'month')).toThrow(RangeError);
  });
});

describe('years and their parts', () => {
  it('lists the quarters and months of a financial year', () => {
    expect(codes(periodsOfYear(p('2017-18'), 'quarter'))).toEqual([
      '2017-18-Q1',
      '2017-18-Q2',
      '2017-18-Q3',
      '2017-18-Q4',
    ]);
    const months = periodsOfYear(p('2017-18'), 'month');
    expect(months).toHaveLength(12);
    expect(months[0]?.label).toBe('April 2017');
    expect(months[11]?.label).toBe('March 2018');
    expect(codes(periodsOfYear(p('2017-18'), 'financial-year'))).toEqual(['2017-18']);
  });

  it('lists the months of academic and calendar years, and of a quarter', () => {
    const ay = periodsOfYear(p('AY 2017-18'), 'month');
    expect([ay.length, ay[0]?.label, ay[11]?.label]).toEqual([12, 'September 2017', 'August 2018']);
    const cy = periodsOfYear(p('2017'), 'month');
    expect([cy.length, cy[0]?.label, cy[11]?.label]).toEqual([12, 'January 2017', 'December 2017']);
    expect(codes(periodsOfYear(p('2017'), 'quarter'))).toEqual([
      '2016-17-Q4',
      '2017-18-Q1',
      '2017-18-Q2',
      '2017-18-Q3',
    ]);
    expect(codes(periodsOfYear(p('Q3 2017-18'), 'month'))).toEqual(['M2017-10', 'M2017-11', 'M2017-12']);
  });

  it('refuses periods that do not tile the year', () => {
    expect(() => periodsOfYear(p('AY 2017-18'), 'quarter')).toThrow(RangeError);
    expect(() => periodsOfYear(p('2017-18'), 'calendar-year')).toThrow(RangeError);
    expect(() => periodsOfYear(p('April 2017'), 'quarter')).toThrow(RangeError);
  });

  it('finds the financial year of any period', () => {
    expect(financialYearOf(p('Q4 2017-18')).code).toBe('2017-18');
    expect(financialYearOf(p('March 2018')).code).toBe('2017-18');
    expect(financialYearOf(p('April 2018')).code).toBe('2018-19');
    expect(financialYearOf(p('2017-18')).code).toBe('2017-18');
    expect(financialYearOf(p('AY 2017-18')).code).toBe('2017-18');
    expect(financialYearOf(p('2017')).code).toBe('2016-17');
  });
});

describe('year to date, position, same period last year', () => {
  it('counts from the start of the financial year', () => {
    expect(codes(yearToDate(p('Q3 2017-18')))).toEqual(['2017-18-Q1', '2017-18-Q2', '2017-18-Q3']);
    expect(codes(yearToDate(p('Q1 2017-18')))).toEqual(['2017-18-Q1']);
    const toJanuary = yearToDate(p('January 2018'));
    expect(toJanuary).toHaveLength(10);
    expect(toJanuary[0]?.label).toBe('April 2017');
    expect(codes(yearToDate(p('2017-18')))).toEqual(['2017-18']);
    expect(codes(yearToDate(p('AY 2017-18')))).toEqual(['AY2017-18']);
  });

  it('can count from the start of an academic or calendar year instead', () => {
    expect(codes(yearToDate(p('October 2017'), 'academic-year'))).toEqual(['M2017-09', 'M2017-10']);
    expect(codes(yearToDate(p('Feb 2018'), 'calendar-year'))).toEqual(['M2018-01', 'M2018-02']);
    expect(positionInYear(p('October 2017'), 'academic-year')).toEqual({ index: 2, of: 12 });
    expect(positionInYear(p('Q4 2017-18'), 'calendar-year')).toEqual({ index: 1, of: 4 });
  });

  it('gives the position in the financial year', () => {
    expect(positionInYear(p('Q2 2017-18'))).toEqual({ index: 2, of: 4 });
    expect(positionInYear(p('Q4 2017-18'))).toEqual({ index: 4, of: 4 });
    expect(positionInYear(p('July 2017'))).toEqual({ index: 4, of: 12 });
    expect(positionInYear(p('April 2017'))).toEqual({ index: 1, of: 12 });
    expect(positionInYear(p('March 2018'))).toEqual({ index: 12, of: 12 });
    expect(positionInYear(p('2017-18'))).toEqual({ index: 1, of: 1 });
    expect(positionInYear(p('AY 2017-18'))).toEqual({ index: 1, of: 1 });
  });

  it('finds the same period last year', () => {
    expect(sameLastYear(p('Q1 2017-18')).label).toBe('Q1 2016-17');
    expect(sameLastYear(p('April 2017')).label).toBe('April 2016');
    expect(sameLastYear(p('2017-18')).label).toBe('2016-17');
    expect(sameLastYear(p('AY 2017-18')).label).toBe('Academic year 2016-17');
    expect(sameLastYear(p('2017')).label).toBe('2016');
    expect(sameLastYear(p('2000-01')).label).toBe('1999-00');
  });
});

describe('shifting', () => {
  it('crosses year boundaries', () => {
    expect(nextPeriod(p('Q4 2017-18')).label).toBe('Q1 2018-19');
    expect(previousPeriod(p('Q1 2017-18')).label).toBe('Q4 2016-17');
    expect(nextPeriod(p('March 2018')).label).toBe('April 2018');
    expect(nextPeriod(p('December 2017')).label).toBe('January 2018');
    expect(nextPeriod(p('1999-00')).label).toBe('2000-01');
    expect(shiftPeriod(p('Q2 2017-18'), -6).label).toBe('Q4 2015-16');
    expect(shiftPeriod(p('April 2017'), 25).label).toBe('May 2019');
  });

  it('refuses fractions and the edges of the supported range', () => {
    expect(() => shiftPeriod(p('2017-18'), 0.5)).toThrow(RangeError);
    expect(() => nextPeriod(p('2199-00'))).toThrow(RangeError);
    expect(() => previousPeriod(p('January 1900'))).toThrow(RangeError);
    expect(() => shiftPeriod(p('2017'), 1e17)).toThrow(RangeError);
  });
});

describe('dataPeriodFor', () => {
  it('goes back a quarter per quarter in arrears', () => {
    expect(dataPeriodFor(p('Q1 2017-18'), 1).label).toBe('Q4 2016-17');
    expect(dataPeriodFor(p('Q1 2017-18'), 0).label).toBe('Q1 2017-18');
    expect(dataPeriodFor(p('Q3 2017-18'), 2).label).toBe('Q1 2017-18');
  });

  it('goes back three months per quarter for monthly periods', () => {
    expect(dataPeriodFor(p('April 2017'), 1).label).toBe('January 2017');
    expect(dataPeriodFor(p('June 2017'), 2).label).toBe('December 2016');
  });

  it('gives the latest whole year that had ended for year-long periods', () => {
    expect(dataPeriodFor(p('2017-18'), 0).label).toBe('2017-18');
    expect(dataPeriodFor(p('2017-18'), 1).label).toBe('2016-17');
    expect(dataPeriodFor(p('2017-18'), 4).label).toBe('2016-17');
    expect(dataPeriodFor(p('2017-18'), 5).label).toBe('2015-16');
    expect(dataPeriodFor(p('AY 2017-18'), 2).label).toBe('Academic year 2016-17');
  });

  it('refuses negative or fractional arrears', () => {
    expect(() => dataPeriodFor(p('Q1 2017-18'), -1)).toThrow(RangeError);
    expect(() => dataPeriodFor(p('Q1 2017-18'), 1.5)).toThrow(RangeError);
  });
});

describe('comparePeriods and contains', () => {
  it('orders by start date, then end date', () => {
    const mixed = [
      '2017-18',
      'Q2 2017-18',
      'April 2017',
      'Q1 2017-18',
      '2017',
      'AY 2016-17',
      'March 2017',
    ].map(p);
    expect(mixed.sort(comparePeriods).map((x) => x.label)).toEqual([
      'Academic year 2016-17',
      '2017',
      'March 2017',
      'April 2017',
      'Q1 2017-18',
      '2017-18',
      'Q2 2017-18',
    ]);
    expect(comparePeriods(p('Q1 2017-18'), p('2017-18-Q1'))).toBe(0);
  });

  it('tells whether one period lies within another', () => {
    expect(contains(p('2017-18'), p('Q4 2017-18'))).toBe(true);
    expect(contains(p('2017-18'), p('2017-18'))).toBe(true);
    expect(contains(p('2017-18'), p('April 2018'))).toBe(false);
    expect(contains(p('Q1 2017-18'), p('2017-18'))).toBe(false);
    expect(contains(p('2017'), p('Q3 2017-18'))).toBe(true);
    expect(contains(p('2017'), p('Q4 2017-18'))).toBe(false);
  });
});

it('lists every kind of period', () => {
  const kinds: PeriodKind[] = ['financial-year', 'quarter', 'month', 'academic-year', 'calendar-year'];
  expect([...PERIOD_KINDS]).toEqual(kinds);
});
