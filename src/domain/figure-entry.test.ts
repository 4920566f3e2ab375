import { describe, expect, it } from 'vitest';
import {
  figureFormatter,
  readEntry,
  stepProblems,
  submissionProblems,
  targetNumber,
  unusualProblems,
} from './figure-entry.js';

const number = { unit: 'number', partLabels: [], targetValue: null };

describe('reading a figure as entered', () => {
  it('reads numbers as people write them, and works out an actual from its numerator and denominator', () => {
    expect(readEntry({ actual: '73,390', outlook: 'Improving' }, number)).toMatchObject({
      entered: { actual: 73390, outlook: 'improving', milestone: null, commentary: null },
      problems: [],
    });
    const percent = readEntry({ numerator: '67', denominator: '100' }, { ...number, unit: 'percent' });
    expect(percent.entered.actual).toBe(67);
    expect(percent.problems).toEqual([]);
  });

  it('ties every problem to its field and says what to do', () => {
    const r = readEntry(
      { actual: '12 approx', numerator: '5', milestoneStatus: 'nearly', outlook: 'sideways' },
      number,
    );
    expect(r.problems).toEqual([
      { field: 'actual', message: "Actual: '12 approx' is not a number" },
      { field: 'denominator', message: 'Enter both the numerator and the denominator, or neither' },
      {
        field: 'milestoneStatus',
        message: "Progress: 'nearly' is not one of Complete, On track, At risk, Missed",
      },
      { field: 'outlook', message: "Outlook: 'sideways' is not one of improving, stable, deteriorating" },
    ]);
    expect(
      readEntry({ actual: '70', numerator: '7', denominator: '100' }, { ...number, unit: 'percent' })
        .problems,
    ).toEqual([
      {
        field: 'actual',
        message: 'Actual: 70 does not match the numerator and denominator (7); leave one blank',
      },
    ]);
    expect(readEntry({ numerator: '7', denominator: '0' }, number).problems).toEqual([
      { field: 'denominator', message: 'Denominator: must not be 0' },
    ]);
  });

  it('reads each part of a target in parts', () => {
    const r = readEntry({ parts: ['60', 'x'] }, { ...number, partLabels: ['Reading', 'Maths'] });
    expect(r.entered.parts).toEqual([60, null]);
    expect(r.problems.map((p) => p.field)).toEqual(['part1']);
  });
});

describe('the steps and what a submission needs', () => {
  it('refuses a correction before the lock, or without a reason', () => {
    expect(stepProblems('approved', 'correct', false, ' ').problems.map((p) => p.message)).toEqual([
      'A correction is only needed once the period is locked',
      'Enter the reason for the correction',
    ]);
    expect(stepProblems('approved', 'correct', true, 'Provider resubmitted').problems).toEqual([]);
  });

  it('asks for the figure, the outlook, and commentary for a Red or Amber figure', () => {
    const entered = readEntry({}, number).entered;
    expect(submissionProblems('save', entered, 'value', 'red')).toEqual([]);
    expect(submissionProblems('submit', entered, 'value', 'red').map((p) => p.message)).toEqual([
      'Enter the actual figure',
      'Choose the outlook',
      'Commentary: this figure is rated Red, so say why and what is being done',
    ]);
    expect(submissionProblems('submit', entered, 'milestone', null)[0]).toEqual({
      field: 'milestoneStatus',
      message: 'Choose the progress made',
    });
  });

  it('saves an unusual figure only once it is confirmed with a reason', () => {
    const why = ['7000 is far from the target of 100.'];
    expect(unusualProblems(why, 7000, false, null).problems[0]?.field).toBe('confirmUnusual');
    expect(unusualProblems(why, 7000, true, '  ').problems[0]?.field).toBe('unusualNote');
    expect(unusualProblems(why, 7000, true, ' One-off. ')).toEqual({ problems: [], note: 'One-off.' });
    expect(unusualProblems([], 7000, false, null).problems).toEqual([]);
  });
});

describe('numbers for the unusual-figure checks and the pages', () => {
  it('takes the rating target first, then a value, then the middle of a range', () => {
    expect(targetNumber({ kind: 'value', value: 5 } as never, 7)).toBe(7);
    expect(targetNumber({ kind: 'value', value: 5 } as never, null)).toBe(5);
    expect(targetNumber({ kind: 'range', low: 93, high: 95 } as never, null)).toBe(94);
    expect(targetNumber(null, null)).toBeNull();
  });

  it('writes figures with at most two decimals, grouped from 10,000', () => {
    expect(figureFormatter('number')(12345)).toBe('12,345');
    expect(figureFormatter('number')(9999)).toBe('9999');
    expect(figureFormatter('percent')(67.125)).toMatch(/^67\.1[23]%$/);
  });
});
