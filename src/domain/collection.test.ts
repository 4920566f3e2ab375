import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readFigure,
  readOutlook,
  stateOf,
  SUBMISSION_STATES,
  transition,
  unusualFigure,
} from './collection.js';

const fmt = (n: number) => String(n);

describe('reading a figure as people write it', () => {
  it.each([
    ['73,390', 'number', 73390],
    ['1 200', 'number', 1200],
    ['£1,200.50', 'currency', 1200.5],
    ['67%', 'percent', 67],
    ['67', 'percent', 67],
    ['0.67', 'percent', 67],
    ['-5', 'number', -5],
    ['.5', 'number', 0.5],
    ['', 'number', null],
    ['   ', 'percent', null],
  ])('%s (%s) is %s', (text, unit, value) => {
    expect(readFigure(text, { unit })).toMatchObject({ ok: true, value });
  });

  it('says how it read a percentage written as a fraction', () => {
    expect(readFigure('0.67', { unit: 'percent' })).toEqual({
      ok: true,
      value: 67,
      note: '0.67 was read as 67%',
    });
    // A target below 1% means small percentages are meant as written.
    expect(readFigure('0.5', { unit: 'percent', targetValue: 0.8 })).toEqual({ ok: true, value: 0.5 });
  });

  it('reads spreadsheet numbers, using the cell format for percentages', () => {
    expect(readFigure(0.67, { unit: 'percent', percentFormatted: true })).toEqual({ ok: true, value: 67 });
    expect(readFigure(73390, { unit: 'number' })).toEqual({ ok: true, value: 73390 });
    expect(readFigure(Number.NaN, { unit: 'number' }).ok).toBe(false);
  });

  it.each([
    ['12 approx', "'12 approx' is not a number"],
    ['1,2,3', "'1,2,3' is not a number"],
    ['12,34', "'12,34' is not a number"],
    ['n/a', "'n/a' is not a number"],
  ])('refuses %s, quoting it', (text, message) => {
    expect(readFigure(text, { unit: 'number' })).toEqual({ ok: false, message });
  });

  it('refuses a percentage for an indicator not measured in per cent', () => {
    expect(readFigure('67%', { unit: 'number' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('not measured in per cent'),
    });
  });

  it('reads back any number it printed, with or without separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        const grouped = n.toLocaleString('en-GB');
        expect(readFigure(grouped, { unit: 'number' })).toEqual({ ok: true, value: n });
        expect(readFigure(String(n), { unit: 'number' })).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double()),
        fc.constantFrom('number', 'percent', 'currency'),
        (v, unit) => {
          const r = readFigure(v, { unit });
          if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('a figure that looks wrong', () => {
  it('flags orders of magnitude from the target', () => {
    expect(
      unusualFigure({ actual: 73390, unit: 'number', target: 420, previous: null, format: fmt }),
    ).toEqual(['73390 is more than 100 times the target of 420.']);
    expect(unusualFigure({ actual: 4, unit: 'number', target: 420, previous: null, format: fmt })).toEqual([
      '4 is less than a tenth of the target of 420.',
    ]);
  });

  it('flags a big move from last period, and a percentage outside 0 to 100', () => {
    expect(unusualFigure({ actual: 300, unit: 'number', target: null, previous: 100, format: fmt })).toEqual([
      "300 is 200% higher than last period's 100.",
    ]);
    expect(unusualFigure({ actual: 120, unit: 'percent', target: 90, previous: 88, format: fmt })[0]).toBe(
      '120 is outside 0% to 100%.',
    );
  });

  it('leaves ordinary figures alone', () => {
    expect(
      unusualFigure({ actual: 8000, unit: 'number', target: 8920, previous: 7900, format: fmt }),
    ).toEqual([]);
    expect(
      unusualFigure({ actual: null, unit: 'number', target: 8920, previous: 7900, format: fmt }),
    ).toEqual([]);
  });

  it('never flags a figure equal to both its target and last period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), (n) => {
        expect(unusualFigure({ actual: n, unit: 'number', target: n, previous: n, format: fmt })).toEqual([]);
      }),
    );
  });
});

describe('the states of a figure in a round', () => {
  it('treats figures loaded before collection as approved', () => {
    expect(stateOf(null, true)).toBe('approved');
    expect(stateOf(undefined, false)).toBe('not-started');
    expect(stateOf('returned', true)).toBe('returned');
  });

  it('moves as the round says', () => {
    expect(transition('not-started', 'save', false)).toEqual({ ok: true, to: 'in-progress' });
    expect(transition('returned', 'submit', false)).toEqual({ ok: true, to: 'submitted' });
    expect(transition('submitted', 'approve', false)).toEqual({ ok: true, to: 'approved' });
    expect(transition('submitted', 'return', false)).toEqual({ ok: true, to: 'returned' });
    expect(transition('in-progress', 'approve', false).ok).toBe(false);
    expect(transition('approved', 'save', false).ok).toBe(false);
  });

  it('refuses every step but a correction once the period is locked', () => {
    for (const state of SUBMISSION_STATES)
      for (const step of ['save', 'submit', 'approve', 'return'] as const) {
        const t = transition(state, step, true);
        expect(t.ok).toBe(false);
        if (!t.ok) expect(t.message).toMatch(/locked/);
      }
    expect(transition('approved', 'correct', true)).toEqual({ ok: true, to: 'approved' });
  });
});

describe('an outlook as people write it', () => {
  it.each([
    ['Improving', 'improving'],
    ['↑', 'improving'],
    ['up', 'improving'],
    ['positive/improving', 'improving'],
    ['Stable', 'stable'],
    ['no change', 'stable'],
    ['↔', 'stable'],
    ['Down', 'deteriorating'],
    ['worse', 'deteriorating'],
    ['negative/deteriorating', 'deteriorating'],
    ['sideways', null],
    ['upbeat', null],
  ])('%s is %s', (text, outlook) => {
    expect(readOutlook(text)).toBe(outlook);
  });
});
