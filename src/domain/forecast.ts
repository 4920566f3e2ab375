/**
 * Year-end forecasts for cumulative (year-to-date) indicators with a count or amount target.
 *
 * Two projections from the year to date:
 * - by the profile: the year to date divided by the share of the annual target the profile expects by now
 *   (even: periods so far ÷ periods in the year; fractions: the fraction for this period), so an
 *   indicator exactly on its profile is forecast to end exactly on target;
 * - by the trend: a least-squares line through each period's own amount (the differences of the year to
 *   date), carried on to the year's last period and added to the year to date. It needs three periods
 *   of the year, so that a line means something.
 * Each is rated by the rating engine as if it were the year-end figure, and said in one sentence:
 * "At this rate the year ends at 1,310 against a target of 1,562: Red."
 * The data owner's outlook is theirs: a forecast is shown beside it, never instead of it.
 *
 * Pure: no I/O, no clock.
 */
import { periodTarget, rateIndicator, type RatingPolicy } from './rating.js';
import { formatFigure, type CumulativeProfile, type Target, type ValueTarget } from './targets.js';
import { RAG_LABEL, type Polarity, type Rag } from './vocabulary.js';

export interface ForecastInput {
  target: Target;
  polarity: Polarity;
  cumulative: boolean;
  profile: CumulativeProfile;
  /** This period's position in its year. */
  period: { index: number; of: number };
  /** The year-to-date figures for periods 1 … index of this year (null where missing). */
  yearToDate: (number | null)[];
}

export interface Projection {
  method: 'profile' | 'trend';
  value: number;
  rating: Rag | null;
  sentence: string;
}

export type Forecast =
  | {
      kind: 'forecast';
      /** The annual target as a number. */
      yearEndTarget: number;
      byProfile: Projection | null;
      byTrend: Projection | null;
      /** Why there is no trend projection, when there is none. */
      trendNote: string | null;
    }
  | { kind: 'none'; reason: string };

/** At least this many periods of the year before a trend is drawn through them. */
export const TREND_PERIODS = 3;

function forecastable(input: ForecastInput): ValueTarget | string {
  if (!input.cumulative) return 'Only cumulative (year-to-date) indicators have a year-end forecast.';
  const t = input.target;
  if (t.kind !== 'value') return 'A year-end forecast needs a single number to aim at.';
  if (t.unit === 'percent')
    return 'A year-to-date percentage is a rate, so it has no year-end total to forecast.';
  const { index, of } = input.period;
  if (!(Number.isInteger(index) && Number.isInteger(of) && index >= 1 && index <= of))
    return 'The period is not a position in its year.';
  if (of === 1) return 'An annual indicator has no year to date to project from.';
  return t;
}

function display(n: number, t: ValueTarget): string {
  return formatFigure(n, t.unit, { decimals: t.format.decimals, grouped: true });
}

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

function project(
  method: Projection['method'],
  value: number,
  t: ValueTarget,
  input: ForecastInput,
  yearEndTarget: number,
  policy: RatingPolicy,
): Projection {
  const v = round(value, t.format.decimals);
  const rated = rateIndicator(
    {
      target: t,
      polarity: input.polarity,
      cumulative: input.cumulative,
      profile: input.profile,
      period: { index: input.period.of, of: input.period.of },
      actual: v,
    },
    policy,
  );
  const rating = rated.kind === 'rated' ? rated.rating : null;
  const lead = method === 'profile' ? 'At this rate' : 'On the trend so far';
  const tail = rating === null ? '' : `: ${RAG_LABEL[rating]}`;
  return {
    method,
    value: v,
    rating,
    sentence: `${lead} the year ends at ${display(v, t)} against a target of ${display(yearEndTarget, t)}${tail}.`,
  };
}

/** Least squares through (x, y): [slope, intercept]. */
function line(xs: number[], ys: number[]): [number, number] {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return [slope, my - slope * mx];
}

export function forecastYearEnd(input: ForecastInput, policy: RatingPolicy): Forecast {
  const t = forecastable(input);
  if (typeof t === 'string') return { kind: 'none', reason: t };
  const { index, of } = input.period;
  const ytd = input.yearToDate[index - 1];
  if (ytd === null || ytd === undefined || !Number.isFinite(ytd))
    return { kind: 'none', reason: 'There is no year-to-date figure for this period yet.' };
  const yearEndTarget = periodTarget(t, true, input.profile, { index: of, of });
  const expectedNow = periodTarget(t, true, input.profile, { index, of });

  const byProfile =
    expectedNow === 0 || yearEndTarget === 0
      ? null
      : project('profile', (ytd * yearEndTarget) / expectedNow, t, input, yearEndTarget, policy);

  let byTrend: Projection | null = null;
  let trendNote: string | null = null;
  const figures = input.yearToDate.slice(0, index);
  if (index < TREND_PERIODS) {
    trendNote = `A trend needs ${TREND_PERIODS} periods of the year; there ${index === 1 ? 'is' : 'are'} ${index}.`;
  } else if (figures.some((f) => f === null || !Number.isFinite(f))) {
    trendNote = 'A trend needs every period of the year so far; one is missing.';
  } else {
    const amounts = figures.map((f, i) => (f as number) - (i === 0 ? 0 : (figures[i - 1] as number)));
    const xs = amounts.map((_, i) => i + 1);
    const [slope, intercept] = line(xs, amounts);
    const neverNegative = amounts.every((a) => a >= 0);
    let rest = 0;
    for (let k = index + 1; k <= of; k++) {
      const a = intercept + slope * k;
      rest += neverNegative ? Math.max(0, a) : a;
    }
    byTrend = project('trend', ytd + rest, t, input, yearEndTarget, policy);
  }
  if (index === of) {
    trendNote = 'The year is complete: the year to date is the year-end figure.';
    byTrend = null;
  }
  return { kind: 'forecast', yearEndTarget, byProfile, byTrend, trendNote };
}
