import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FINANCE_TOLERANCE,
  checkTolerance,
  formatPounds,
  formatVariance,
  formatVariancePercent,
  readAmount,
  savingsOf,
  varianceOf,
} from './finance.js';
import { checkFinanceRows, detectFinanceMapping } from './finance-rows.js';
import { RAG_SEVERITY } from './vocabulary.js';

const gbp = (pounds: number) => Math.round(pounds * 100);

describe('variance and its rating', () => {
  it('rates by the default tolerance: over 1% Red, any smaller overspend Amber, on budget Green', () => {
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(1_010_001) }).rating).toBe('red');
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(1_010_000) }).rating).toBe('amber');
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(1_000_001) }).rating).toBe('amber');
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(1_000_000) })).toMatchObject({
      rating: 'green',
      direction: 'on',
      amount: 0,
      percent: 0,
    });
  });

  it('flags a material underspend (more than 5%) Amber, a smaller one Green', () => {
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(940_000) })).toMatchObject({
      rating: 'amber',
      direction: 'under',
      reason: 'Material underspend of 6.0%, more than 5%',
    });
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(950_000) }).rating).toBe('green');
    const off = { ...DEFAULT_FINANCE_TOLERANCE, materialUnderspendBp: null };
    expect(varianceOf({ budget: gbp(1_000_000), forecast: gbp(100_000) }, off).rating).toBe('green');
  });

  it('reads a negative (income) budget by its size: less income than budgeted is an overspend', () => {
    const v = varianceOf({ budget: gbp(-500_000), forecast: gbp(-480_000) });
    expect(v).toMatchObject({ direction: 'over', rating: 'red', amount: gbp(20_000) });
    expect(v.percent).toBeCloseTo(4);
  });

  it('has no percentage for a zero budget: any overspend is Red', () => {
    expect(varianceOf({ budget: 0, forecast: 1 })).toMatchObject({ rating: 'red', percent: null });
    expect(varianceOf({ budget: 0, forecast: -1 })).toMatchObject({ rating: 'green', percent: null });
  });

  it('is exact for the largest budgets (no rounding at the 1% line)', () => {
    const budget = 90_000_000_000_000; // £900bn
    expect(varianceOf({ budget, forecast: budget + budget / 100 }).rating).toBe('amber');
    expect(varianceOf({ budget, forecast: budget + budget / 100 + 1 }).rating).toBe('red');
  });

  it('never gives a bigger overspend a better rating (property)', () => {
    const tolerance = fc
      .record({ red: fc.integer({ min: 1, max: 10_000 }), amber: fc.integer({ min: 0, max: 9_999 }) })
      .filter((t) => t.amber < t.red)
      .map((t) => ({ ...DEFAULT_FINANCE_TOLERANCE, redOverspendBp: t.red, amberOverspendBp: t.amber }));
    fc.assert(
      fc.property(
        tolerance,
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e11 }),
        fc.integer({ min: 0, max: 1e11 }),
        (t, budget, a, b) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          const smaller = varianceOf({ budget, forecast: budget + small }, t);
          const larger = varianceOf({ budget, forecast: budget + large }, t);
          return RAG_SEVERITY[larger.rating] <= RAG_SEVERITY[smaller.rating];
        },
      ),
    );
  });

  it('never rates an overspend better than an underspend of the same size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 1e11 }), (budget, by) => {
        const over = varianceOf({ budget, forecast: budget + by });
        const under = varianceOf({ budget, forecast: budget - by });
        return RAG_SEVERITY[over.rating] <= RAG_SEVERITY[under.rating];
      }),
    );
  });
});

describe('savings', () => {
  it('is Green delivered in full, Amber a shortfall within 25%, Red beyond', () => {
    expect(savingsOf({ target: gbp(100_000), forecast: gbp(100_000) }).rating).toBe('green');
    expect(savingsOf({ target: gbp(100_000), forecast: gbp(120_000) }).rating).toBe('green');
    expect(savingsOf({ target: gbp(100_000), forecast: gbp(75_000) }).rating).toBe('amber');
    expect(savingsOf({ target: gbp(100_000), forecast: gbp(74_999) })).toMatchObject({
      rating: 'red',
      shortfall: gbp(25_001),
    });
  });

  it('never gives a bigger shortfall a better rating (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e11 }),
        fc.integer({ min: -1e11, max: 1e11 }),
        fc.nat(1e11),
        (target, f, by) => {
          const a = savingsOf({ target, forecast: f });
          const b = savingsOf({ target, forecast: f - by });
          return RAG_SEVERITY[b.rating] <= RAG_SEVERITY[a.rating];
        },
      ),
    );
  });
});

describe('amounts', () => {
  it.each([
    ['1234', 123_400],
    ['1,234.56', 123_456],
    ['£1,234', 123_400],
    ['-£1,234', -123_400],
    ['£-1,234', -123_400],
    ['−1,234.5', -123_450],
    ['(1,234)', -123_400],
    [' 12 ', 1_200],
    ['.5', 50],
    ['0', 0],
  ])('reads %s as %i pence', (text, pence) => {
    expect(readAmount(text)).toEqual({ kind: 'amount', pence });
  });

  it.each(['£1,2x', '1,23', '12.345', 'twelve', '1.2.3', '--5', '(-5)', '£', '1e5'])('refuses %s', (text) => {
    expect(readAmount(text)).toEqual({ kind: 'bad' });
  });

  it('reads blank as blank', () => expect(readAmount('  ')).toEqual({ kind: 'blank' }));

  it('prints pounds with thousands separators and the variance in words', () => {
    expect(formatPounds(123_456_789)).toBe('£1,234,568');
    expect(formatPounds(-123_400)).toBe('−£1,234');
    expect(formatPounds(-40)).toBe('£0');
    const v = varianceOf({ budget: gbp(2_000_000), forecast: gbp(2_046_000) });
    expect(formatVariance(v)).toBe('£46,000 overspend');
    expect(formatVariancePercent(v)).toBe('2.3% over');
    expect(formatVariance(varianceOf({ budget: 100, forecast: 100 }))).toBe('On budget');
  });

  it('round-trips every amount printed to the penny (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (pence) => {
        const pounds = (Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 });
        return (readAmount(`${pence < 0 ? '-' : ''}£${pounds}`) as { pence: number }).pence === pence;
      }),
    );
  });
});

describe('tolerance', () => {
  it('refuses Amber at or above Red and percentages outside 0–100', () => {
    expect(checkTolerance(DEFAULT_FINANCE_TOLERANCE)).toEqual([]);
    expect(checkTolerance({ ...DEFAULT_FINANCE_TOLERANCE, amberOverspendBp: 100 })[0]!.field).toBe(
      'amberOverspend',
    );
    expect(checkTolerance({ ...DEFAULT_FINANCE_TOLERANCE, redOverspendBp: 10_001 })[0]!.field).toBe(
      'redOverspend',
    );
  });
});

describe('a finance export', () => {
  const directory = {
    directorates: [
      { id: 1, code: 'ASC', name: 'Adult Social Care' },
      { id: 2, code: 'CEF', name: 'Children, Education and Families' },
    ],
    services: [{ id: 10, directorateId: 1, code: 'LD', name: 'Learning Disabilities' }],
  };
  const headers = ['Directorate', 'Service', 'Latest Budget', 'Forecast Outturn', 'Comments'];

  it('guesses the columns from the headers', () => {
    expect(detectFinanceMapping('budget', headers)).toEqual({
      directorate: 'Directorate',
      service: 'Service',
      budget: 'Latest Budget',
      forecast: 'Forecast Outturn',
      commentary: 'Comments',
    });
  });

  it('reads the lines, by code or name, leaving out totals', () => {
    const result = checkFinanceRows(
      'budget',
      headers,
      [
        { row: 2, cells: ['ASC', 'Learning Disabilities', '1,000', '1,100', 'Demand'] },
        { row: 3, cells: ['children, education and families', '', '£2,000', '1,900', ''] },
        { row: 4, cells: ['Grand total', '', '3,000', '3,000', ''] },
        { row: 5, cells: ['', '', '', '', ''] },
      ],
      detectFinanceMapping('budget', headers),
      directory,
    );
    expect(result).toEqual({
      ok: true,
      kind: 'budget',
      totalsLeftOut: 1,
      lines: [
        { directorateId: 1, serviceId: 10, budget: 100_000, forecast: 110_000, commentary: 'Demand', row: 2 },
        { directorateId: 2, serviceId: null, budget: 200_000, forecast: 190_000, commentary: '', row: 3 },
      ],
    });
  });

  it('says where each problem is, and gives no lines', () => {
    const result = checkFinanceRows(
      'budget',
      headers,
      [
        { row: 2, cells: ['ASC', 'LD', '£1,2x', '1,100', ''] },
        { row: 3, cells: ['HR', '', '1', '1', ''] },
        { row: 4, cells: ['ASC', 'Home care', '1', '', ''] },
        { row: 5, cells: ['CEF', '', '1', '1', ''] },
        { row: 6, cells: ['CEF', '', '1', '1', ''] },
      ],
      detectFinanceMapping('budget', headers),
      directory,
      'CSV',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        sheet: 'CSV',
        row: 2,
        column: 'Latest Budget',
        message: '"£1,2x" is not an amount: write pounds, such as 1,250,000 or -12,500.50',
      },
      {
        sheet: 'CSV',
        row: 3,
        column: 'Directorate',
        message: '"HR" is not a directorate in Cairn: give its code or name as Cairn has it',
      },
      {
        sheet: 'CSV',
        row: 4,
        column: 'Service',
        message: '"Home care" is not a service of Adult Social Care in Cairn: give its code or name',
      },
      {
        sheet: 'CSV',
        row: 4,
        column: 'Forecast Outturn',
        message: 'The forecast outturn is blank: enter an amount in pounds, such as 1,250,000',
      },
      {
        sheet: 'CSV',
        row: 6,
        column: 'Directorate',
        message: 'Children, Education and Families (directorate-wide) is on row 5 already: give each once',
      },
    ]);
  });

  it('refuses a mapping without a required column, or one column for two fields', () => {
    const r = checkFinanceRows(
      'budget',
      headers,
      [],
      { directorate: 'Directorate', budget: 'Latest Budget', forecast: 'Latest Budget' },
      directory,
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          field: 'column-forecast',
          message: '"Latest Budget" is already chosen for the budget: choose a different column',
        },
      ],
    });
  });

  it('reads savings lines', () => {
    const h = ['Ref', 'Directorate', 'Saving', 'Target', 'Forecast delivered'];
    const r = checkFinanceRows(
      'savings',
      h,
      [{ row: 2, cells: ['S1', 'ASC', 'Review care packages', '500,000', '350,000'] }],
      detectFinanceMapping('savings', h),
      directory,
    );
    expect(r).toMatchObject({
      ok: true,
      lines: [{ reference: 'S1', directorateId: 1, target: 50_000_000, forecast: 35_000_000 }],
    });
  });
});
