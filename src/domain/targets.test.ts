import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TargetParseError,
  formatNumber,
  formatProfile,
  formatTarget,
  formatTolerance,
  parseProfile,
  parseTarget,
  parseTolerance,
  targetValueSummary,
  tryParseTarget,
  type BenchmarkPosition,
  type Comparator,
  type CumulativeProfile,
  type Target,
  type Tolerance,
  type ValueTarget,
  type ValueUnit,
} from './targets.js';

/** Every target printed in seed 003's Annex 2 dashboards, in order. */
const SEED_TARGETS = [
  '67%', '>28%', '80%', '159', '14', '66', '8920', '9', 'Top quartile', '629', '316', '362', '1750', '12,000',
  '4,500', '75%', '70%', '95%', '93-95%', '60-63%', '84%', '42%', '>2315', '>6.8%', '>37.3%', '>50%',
  'Completion', '60/20', '15', '<20%', '50%', '100%', '90%', '28%', '59%', '60%', '3%', '833', '3,542',
  '1,562', '66,666', '250', '-',
]; // prettier-ignore

const plain = { decimals: 0, grouped: false };
const value = (
  v: number,
  unit: ValueUnit = 'number',
  comparator: Comparator | null = null,
  format = plain,
): ValueTarget => ({
  kind: 'value',
  comparator,
  value: v,
  unit,
  format,
});

/** The message of the TargetParseError that `f` throws. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TargetParseError);
    return (e as Error).message;
  }
  throw new Error('expected a TargetParseError');
}

describe('parseTarget / formatTarget: seed 003', () => {
  it.each(SEED_TARGETS)('prints %s back exactly as written', (s) => {
    expect(formatTarget(parseTarget(s))).toBe(s);
  });

  it('reads each seed shape into its typed value', () => {
    expect(parseTarget('67%')).toEqual(value(67, 'percent'));
    expect(parseTarget('>28%')).toEqual(value(28, 'percent', '>'));
    expect(parseTarget('<20%')).toEqual(value(20, 'percent', '<'));
    expect(parseTarget('>6.8%')).toEqual(value(6.8, 'percent', '>', { decimals: 1, grouped: false }));
    expect(parseTarget('>2315')).toEqual(value(2315, 'number', '>'));
    expect(parseTarget('93-95%')).toEqual({
      kind: 'range',
      low: 93,
      high: 95,
      unit: 'percent',
      format: plain,
    });
    expect(parseTarget('Top quartile')).toEqual({ kind: 'benchmark', position: 'top-quartile' });
    expect(parseTarget('Completion')).toEqual({ kind: 'milestone', due: null });
    expect(parseTarget('60/20')).toEqual({ kind: 'compound', parts: [value(60), value(20)] });
    expect(parseTarget('-')).toEqual({ kind: 'none' });
  });

  it('keeps the number format: 8920 has no separator, 12,000 has one', () => {
    expect(parseTarget('8920')).toEqual(value(8920));
    expect(parseTarget('12,000')).toEqual(value(12000, 'number', null, { decimals: 0, grouped: true }));
    expect(parseTarget('66,666')).toMatchObject({ value: 66666, format: { grouped: true } });
  });
});

describe('parseTarget: other spellings print canonically', () => {
  it.each([
    ['>=90%', '>=90%'],
    ['>= 90 %', '>=90%'],
    ['≥90%', '>=90%'],
    ['=>90%', '>=90%'],
    ['<=5', '<=5'],
    ['≤ 5', '<=5'],
    ['= 100%', '=100%'],
    ['> 28%', '>28%'],
    ['£1,200', '£1,200'],
    ['£ 1,200', '£1,200'],
    ['<£500', '<£500'],
    ['< £500', '<£500'],
    ['-3%', '-3%'],
    ['−£5', '-£5'],
    ['at least 90%', '>=90%'],
    ['no more than 20%', '<=20%'],
    ['over 75%', '>75%'],
    ['93–95%', '93-95%'],
    ['93%-95%', '93-95%'],
    ['93 - 95%', '93-95%'],
    ['93% to 95%', '93-95%'],
    ['£10-20', '£10-£20'],
    ['1,500-2,000', '1,500-2,000'],
    ['Top quartile', 'Top quartile'],
    ['top quartile', 'Top quartile'],
    ['Upper quartile', 'Top quartile'],
    ['Top quartile nationally', 'Top quartile nationally'],
    ['Top half', 'Top half'],
    ['Above average', 'Above average'],
    ['Above national average', 'Above average'],
    ['National average', 'National average'],
    ['Below average', 'Below average'],
    ['Bottom quartile', 'Bottom quartile'],
    ['Complete', 'Completion'],
    ['completion', 'Completion'],
    ['Completion by September 2017', 'Completion by 30 September 2017'],
    ['Completion by 30 September 2017', 'Completion by 30 September 2017'],
    ['Completion by 30/09/2017', 'Completion by 30 September 2017'],
    ['60 / 20', '60/20'],
    ['–', '-'],
    ['N/A', '-'],
    ['n/a', '-'],
    ['None', '-'],
    ['No target', '-'],
    ['  67%  ', '67%'],
  ])('%s → %s', (input, canonical) => {
    expect(formatTarget(parseTarget(input))).toBe(canonical);
  });

  it('reads currency, milestones with dates and benchmark synonyms', () => {
    expect(parseTarget('£1,200')).toEqual(value(1200, 'currency', null, { decimals: 0, grouped: true }));
    expect(parseTarget('<£500')).toEqual(value(500, 'currency', '<'));
    expect(parseTarget('Completion by September 2017')).toEqual({ kind: 'milestone', due: '2017-09-30' });
    expect(parseTarget('Completion by 15 September 2017')).toEqual({ kind: 'milestone', due: '2017-09-15' });
    expect(parseTarget('Upper quartile')).toEqual(parseTarget('Top quartile'));
    expect(parseTarget('Above national average')).toEqual({ kind: 'benchmark', position: 'above-average' });
  });

  it('gives a range one format: the larger decimals, grouped if either bound is', () => {
    expect(parseTarget('93.5-95%')).toEqual({
      kind: 'range',
      low: 93.5,
      high: 95,
      unit: 'percent',
      format: { decimals: 1, grouped: false },
    });
    expect(formatTarget(parseTarget('93.5-95%'))).toBe('93.5-95.0%');
  });
});

describe('parseTarget: errors', () => {
  it('quotes the text and lists the accepted forms with examples', () => {
    const message = errorOf(() => parseTarget('about 12'));
    expect(message).toMatch(/^Cannot read "about 12" as a target\./);
    for (const example of [
      '67%',
      '>28%',
      '93-95%',
      '12,000',
      'Top quartile',
      'Completion',
      '60/20',
      '- for no target',
    ]) {
      expect(message).toContain(example);
    }
  });

  it.each([
    ['95-93%', 'lower number first: 93-95%'],
    ['£10-20%', 'either an amount (£) or a percentage'],
    ['Completion by Smarch 2017', '"Smarch 2017" is not a date'],
    ['30/09/2017', 'part 2 ("09")'],
    ['60/', 'part 2'],
    ['09', 'leading zeros'],
    ['', 'The target is empty'],
  ])('%j says what is wrong: %s', (input, detail) => {
    expect(errorOf(() => parseTarget(input))).toContain(detail);
  });

  it.each(['12,00', '1,2345', '£5%', '>>5', 'lots', '5 apples', 'at least >5'])('rejects %j', (input) => {
    expect(() => parseTarget(input)).toThrow(TargetParseError);
  });

  it('keeps the text it could not read', () => {
    expect.assertions(1);
    try {
      parseTarget('about 12');
    } catch (e) {
      expect((e as TargetParseError).input).toBe('about 12');
    }
  });

  it('tryParseTarget returns the message instead of throwing', () => {
    expect(tryParseTarget('67%')).toEqual({ ok: true, target: value(67, 'percent') });
    const result = tryParseTarget('about 12');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('Cannot read "about 12" as a target');
  });
});

describe('formatNumber', () => {
  it.each([
    [12000, { decimals: 0, grouped: true }, '12,000'],
    [8920, { decimals: 0, grouped: false }, '8920'],
    [6.8, { decimals: 1, grouped: false }, '6.8'],
    [1234567.891, { decimals: 2, grouped: true }, '1,234,567.89'],
    [95, { decimals: 1, grouped: false }, '95.0'],
    [-1500, { decimals: 0, grouped: true }, '-1,500'],
    [-0.001, { decimals: 1, grouped: false }, '0.0'],
    [999, { decimals: 0, grouped: true }, '999'],
  ])('%d with %j → %s', (n, format, expected) => {
    expect(formatNumber(n, format)).toBe(expected);
  });
});

describe('targetValueSummary', () => {
  it.each([
    ['>=67%', undefined, 'at least 67%'],
    ['67%', 'higher', 'at least 67%'],
    ['67%', 'lower', 'at most 67%'],
    ['67%', undefined, '67%'],
    ['>28%', undefined, 'more than 28%'],
    ['<20%', undefined, 'less than 20%'],
    ['93-95%', 'range', 'between 93% and 95%'],
    ['93-95%', 'higher', 'at least 93%'],
    ['Top quartile', undefined, 'in the top quartile'],
    ['Completion', undefined, 'completion'],
    ['Completion by September 2017', undefined, 'completion by 30 September 2017'],
    ['60/20', 'higher', 'at least 60 and at least 20'],
    ['-', undefined, 'no target'],
  ] as const)('%s (%s) → %s', (text, polarity, expected) => {
    expect(targetValueSummary(parseTarget(text), polarity)).toBe(expected);
  });
});

describe('profiles', () => {
  it.each([
    [null, { kind: 'even' }],
    ['', { kind: 'even' }],
    ['Even', { kind: 'even' }],
    ['per period', { kind: 'per-period' }],
    ['per-period', { kind: 'per-period' }],
    ['Per quarter', { kind: 'per-period' }],
    ['0.1, 0.3, 0.6, 1', { kind: 'fractions', fractions: [0.1, 0.3, 0.6, 1] }],
    ['10%, 30%, 60%, 100%', { kind: 'fractions', fractions: [0.1, 0.3, 0.6, 1] }],
    ['0.25; 0.5; 0.75; 1', { kind: 'fractions', fractions: [0.25, 0.5, 0.75, 1] }],
    ['0, 0, 0.5, 1', { kind: 'fractions', fractions: [0, 0, 0.5, 1] }],
  ] as const)('%j → %j', (text, expected) => {
    expect(parseProfile(text)).toEqual(expected);
  });

  it.each([
    ['0.5, 0.3, 1', 'must not go down'],
    ['0.1, 0.3, 0.6', 'last share must be the whole annual target'],
    ['0.5, 1.5', 'more than the whole annual target'],
    ['front-loaded', 'is not a fraction'],
    ['-0.1, 0.5, 1', 'is not a fraction'],
  ])('rejects %j: %s', (text, detail) => {
    const message = errorOf(() => parseProfile(text));
    expect(message).toContain(`"${text}"`);
    expect(message).toContain(detail);
  });

  it('prints profiles so that they read back', () => {
    expect(formatProfile({ kind: 'even' })).toBe('even');
    expect(formatProfile({ kind: 'per-period' })).toBe('per period');
    expect(formatProfile({ kind: 'fractions', fractions: [0.1, 0.3, 0.6, 1] })).toBe('0.1, 0.3, 0.6, 1');
    const arbProfile: fc.Arbitrary<CumulativeProfile> = fc.oneof(
      fc.constant({ kind: 'even' as const }),
      fc.constant({ kind: 'per-period' as const }),
      fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 11 }).map((xs) => ({
        kind: 'fractions' as const,
        fractions: [...xs.sort((a, b) => a - b).map((x) => x / 1000), 1],
      })),
    );
    fc.assert(
      fc.property(arbProfile, (p) => {
        expect(parseProfile(formatProfile(p))).toEqual(p);
      }),
    );
  });
});

describe('tolerances', () => {
  it.each([
    ['10%', { kind: 'relative', value: 10 }],
    ['10 %', { kind: 'relative', value: 10 }],
    ['±5%', { kind: 'relative', value: 5 }],
    ['2', { kind: 'absolute', value: 2 }],
    ['2pp', { kind: 'absolute', value: 2 }],
    ['2.5 percentage points', { kind: 'absolute', value: 2.5 }],
  ] as const)('%j → %j', (text, expected) => {
    expect(parseTolerance(text)).toEqual(expected);
  });

  it('rejects what is not a tolerance, saying what to write', () => {
    const message = errorOf(() => parseTolerance('a bit'));
    expect(message).toContain('"a bit"');
    expect(message).toContain('10%');
    expect(() => parseTolerance('-5%')).toThrow(TargetParseError);
  });

  it('prints tolerances so that they read back', () => {
    expect(formatTolerance({ kind: 'relative', value: 10 })).toBe('10%');
    expect(formatTolerance({ kind: 'absolute', value: 2 })).toBe('2');
    const arb: fc.Arbitrary<Tolerance> = fc.record({
      kind: fc.constantFrom('relative' as const, 'absolute' as const),
      value: fc.integer({ min: 0, max: 100_000 }).map((k) => k / 100),
    });
    fc.assert(
      fc.property(arb, (t) => {
        expect(parseTolerance(formatTolerance(t))).toEqual(t);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip for every target

const arbUnit = fc.constantFrom<ValueUnit>('number', 'percent', 'currency');
const arbDecimals = fc.integer({ min: 0, max: 3 });

/** A value whose digits fit its format; grouped only where separators would show. */
const arbValueTarget: fc.Arbitrary<ValueTarget> = fc
  .record({
    comparator: fc.constantFrom<Comparator | null>(null, '>=', '>', '<=', '<', '='),
    k: fc.integer({ min: -100_000_000, max: 100_000_000 }),
    unit: arbUnit,
    decimals: arbDecimals,
    grouped: fc.boolean(),
  })
  .map(({ comparator, k, unit, decimals, grouped }) => {
    const v = k / 10 ** decimals;
    return {
      kind: 'value',
      comparator,
      value: v,
      unit,
      format: { decimals, grouped: grouped && Math.abs(v) >= 1000 },
    };
  });

const arbTarget: fc.Arbitrary<Target> = fc.oneof(
  arbValueTarget,
  fc
    .record({
      a: fc.integer({ min: 0, max: 10_000_000 }),
      b: fc.integer({ min: 0, max: 10_000_000 }),
      unit: arbUnit,
      decimals: arbDecimals,
      grouped: fc.boolean(),
    })
    .map(({ a, b, unit, decimals, grouped }): Target => {
      const [low, high] = [Math.min(a, b) / 10 ** decimals, Math.max(a, b) / 10 ** decimals];
      return { kind: 'range', low, high, unit, format: { decimals, grouped: grouped && high >= 1000 } };
    }),
  fc
    .constantFrom<BenchmarkPosition>(
      'top-quartile',
      'top-half',
      'above-average',
      'national-average',
      'below-average',
      'bottom-quartile',
    )
    .map((position): Target => ({ kind: 'benchmark', position })),
  fc
    .option(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }))
    .map((d): Target => ({ kind: 'milestone', due: d ? d.toISOString().slice(0, 10) : null })),
  fc
    .array(arbValueTarget, { minLength: 2, maxLength: 4 })
    .map((parts): Target => ({ kind: 'compound', parts })),
  fc.constant<Target>({ kind: 'none' }),
);

describe('round trip', () => {
  it('parseTarget(formatTarget(t)) deep-equals t for any target', () => {
    fc.assert(
      fc.property(arbTarget, (t) => {
        expect(parseTarget(formatTarget(t))).toEqual(t);
      }),
      { numRuns: 2000 },
    );
  });
});
