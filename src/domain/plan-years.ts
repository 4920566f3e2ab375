/**
 * The years a plan covers: "2017-18", or "2017-18 to 2019-20" (also "2020-24", a four-year strategy
 * written the way councils head their corporate plans).
 */
import { parsePeriod, PeriodParseError } from './periods.js';

export interface PlanYears {
  firstYear: string;
  lastYear: string;
}

export function parsePlanYears(text: string): PlanYears {
  const t = text.trim();
  const span = /^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$/.exec(t);
  if (span) {
    const start = Number(span[1]);
    const endText = span[2]!;
    const end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
    if (end > start + 1 && end - start <= 10) return { firstYear: fy(start), lastYear: fy(end - 1) };
  }
  const parts = t.split(/\s+(?:to|–|-)\s+/i);
  try {
    const periods = parts.map((p) => parsePeriod(p));
    const first = periods[0];
    const last = periods[periods.length - 1];
    if (
      parts.length <= 2 &&
      first &&
      last &&
      periods.every((p) => p.kind === 'financial-year') &&
      first.code <= last.code
    ) {
      return { firstYear: first.code, lastYear: last.code };
    }
  } catch (e) {
    if (!(e instanceof PeriodParseError)) throw e;
  }
  throw new PeriodParseError(
    text,
    'it is not a span of financial years',
    "one year (2017-18), a range (2017-18 to 2019-20) or a strategy's span (2020-24)",
  );
}

function fy(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
