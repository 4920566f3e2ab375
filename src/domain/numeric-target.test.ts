import { describe, expect, it } from 'vitest';
import { numericTarget } from './numeric-target.js';
import { parsePeriod } from './periods.js';

describe('numericTarget', () => {
  const q2 = parsePeriod('Q2 2017-18');

  it('gives a cumulative target the share of the year the period has reached', () => {
    expect(numericTarget({ target: '160', cumulative: true, dataPeriod: q2 }, null)).toMatchObject({
      target: 80,
      low: null,
      high: null,
    });
    expect(numericTarget({ target: '160', cumulative: false, dataPeriod: q2 }, null).target).toBe(160);
  });

  it('gives a range its bounds and its unit', () => {
    expect(numericTarget({ target: '93-95%', cumulative: false, dataPeriod: q2 }, null)).toMatchObject({
      target: null,
      low: 93,
      high: 95,
      unit: 'percent',
    });
  });

  it('gives no number for a benchmark or for text that is not a target', () => {
    for (const target of ['Top quartile', 'whatever we can'])
      expect(numericTarget({ target, cumulative: false, dataPeriod: q2 }, null)).toEqual({
        target: null,
        low: null,
        high: null,
        unit: null,
        format: null,
      });
  });
});
