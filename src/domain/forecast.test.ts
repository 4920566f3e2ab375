import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastYearEnd, type ForecastInput } from './forecast.js';
import type { RatingPolicy } from './rating.js';
import { parseProfile, parseTarget } from './targets.js';

const COUNCIL: RatingPolicy = { tolerance: { kind: 'relative', value: 10 }, directionOfTravel: 'none' };

function input(extra: Partial<ForecastInput>): ForecastInput {
  return {
    target: parseTarget('1562'),
    polarity: 'higher',
    cumulative: true,
    profile: { kind: 'even' },
    period: { index: 2, of: 4 },
    yearToDate: [300, 655],
    ...extra,
  };
}
const forecast = (extra: Partial<ForecastInput>) => {
  const f = forecastYearEnd(input(extra), COUNCIL);
  if (f.kind !== 'forecast') throw new Error(f.reason);
  return f;
};

describe('year-end forecast by the profile', () => {
  it('projects the year to date by the share the profile expects by now, and rates it', () => {
    const f = forecast({});
    expect(f.yearEndTarget).toBe(1562);
    expect(f.byProfile).toEqual({
      method: 'profile',
      value: 1310,
      rating: 'red',
      sentence: 'At this rate the year ends at 1,310 against a target of 1,562: Red.',
    });
    expect(f.byTrend).toBeNull();
    expect(f.trendNote).toBe('A trend needs 3 periods of the year; there are 2.');
  });

  it('uses the fractions of a profile', () => {
    // 10% by Q1, 30% by Q2: 500 by Q2 is on course for 1,667 — Green against 1,562.
    const f = forecast({ profile: parseProfile('0.1, 0.3, 0.6, 1'), yearToDate: [150, 500] });
    expect(f.byProfile?.value).toBe(1667);
    expect(f.byProfile?.rating).toBe('green');
  });

  it('reads a per-period target as each period’s share', () => {
    const f = forecast({
      target: parseTarget('100'),
      profile: { kind: 'per-period' },
      yearToDate: [95, 190],
    });
    expect(f.yearEndTarget).toBe(400);
    expect(f.byProfile?.sentence).toBe('At this rate the year ends at 380 against a target of 400: Amber.');
  });

  it('says why there is no forecast', () => {
    const none = (extra: Partial<ForecastInput>) => {
      const f = forecastYearEnd(input(extra), COUNCIL);
      return f.kind === 'none' ? f.reason : 'forecast';
    };
    expect(none({ cumulative: false })).toMatch(/Only cumulative/);
    expect(none({ target: parseTarget('67%') })).toMatch(/rate/);
    expect(none({ target: parseTarget('Completion') })).toMatch(/single number/);
    expect(none({ yearToDate: [300, null] })).toMatch(/no year-to-date figure/);
    expect(none({ period: { index: 1, of: 1 }, yearToDate: [300] })).toMatch(/annual/);
  });
});

describe('year-end forecast by the trend', () => {
  it('carries a line through each period’s own amount to the year end', () => {
    // Monthly amounts 100, 110, 120: the line goes on 130 … 210, so the year ends at 1,860.
    const f = forecast({
      period: { index: 3, of: 12 },
      yearToDate: [100, 210, 330],
      target: parseTarget('1500'),
    });
    expect(f.byTrend?.value).toBe(
      330 + [130, 140, 150, 160, 170, 180, 190, 200, 210].reduce((a, b) => a + b),
    );
    expect(f.byTrend?.sentence).toBe(
      'On the trend so far the year ends at 1,860 against a target of 1,500: Green.',
    );
    expect(f.byProfile?.value).toBe(1320);
    expect(f.byProfile?.rating).toBe('red');
  });

  it('never projects a negative amount for a count that has never fallen', () => {
    const f = forecast({ period: { index: 3, of: 4 }, yearToDate: [300, 400, 420] });
    expect(f.byTrend?.value).toBe(420);
  });

  it('rates lower-is-better forecasts the other way', () => {
    const f = forecast({ polarity: 'lower', target: parseTarget('1000'), yearToDate: [300, 655] });
    expect(f.byProfile?.sentence).toBe('At this rate the year ends at 1,310 against a target of 1,000: Red.');
  });
});

describe('properties', () => {
  it('an indicator exactly on its profile is forecast to end exactly on target, Green', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 12 }), (annual, index) => {
        const of = 12;
        const ytd = Array.from({ length: index }, (_, i) => (annual * (i + 1)) / of);
        const f = forecastYearEnd(
          input({ target: parseTarget(String(annual)), period: { index, of }, yearToDate: ytd }),
          COUNCIL,
        );
        return f.kind === 'forecast' && f.byProfile?.value === annual && f.byProfile.rating === 'green';
      }),
    );
  });
});
