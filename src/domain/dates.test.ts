import { describe, expect, it } from 'vitest';
import { excelSerialToIso, formatDate, parseDate } from './dates.js';
import { parsePlanYears } from './plan-years.js';

describe('dates as councils write them', () => {
  it.each([
    ['2017-09-30', '2017-09-30'],
    ['30/09/2017', '2017-09-30'],
    ['1/4/2017', '2017-04-01'],
    ['30 September 2017', '2017-09-30'],
    ['30th Sept 2017', '2017-09-30'],
    ['Sept 2017', '2017-09-30'],
    ['February 2020', '2020-02-29'],
    ['43008', '2017-09-30'],
  ])('reads %s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it('rejects what is not a date, quoting it', () => {
    expect(() => parseDate('31/02/2017')).toThrow('31/2/2017 is not a real date');
    expect(() => parseDate('soon')).toThrow('"soon" is not a date Cairn can read');
  });

  it('converts Excel serials and prints dates in words', () => {
    expect(excelSerialToIso(42826)).toBe('2017-04-01');
    expect(formatDate('2017-09-30')).toBe('30 September 2017');
  });
});

describe('plan years', () => {
  it.each([
    ['2017-18', '2017-18', '2017-18'],
    ['2017/18', '2017-18', '2017-18'],
    ['2017-18 to 2019-20', '2017-18', '2019-20'],
    ['2020-24', '2020-21', '2023-24'],
  ])('reads %s', (text, firstYear, lastYear) =>
    expect(parsePlanYears(text)).toEqual({ firstYear, lastYear }),
  );

  it('rejects what is not a span of years', () => {
    expect(() => parsePlanYears('next year')).toThrow(/not a span of financial years/);
    expect(() => parsePlanYears('2019-20 to 2017-18')).toThrow(/not a span of financial years/);
  });
});
