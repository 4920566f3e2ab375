/**
 * Headline counts and sentences for a period and a scope (the council, a priority or a directorate),
 * as a quarterly report opens with them (seed 003, paragraphs 3–5).
 */
import type { OutcomeRating } from './outcome-rating.js';
import { listNumbers } from './outcome-rating.js';
import type { Outlook, Rag } from './vocabulary.js';

export interface SummaryIndicator {
  number: string;
  rating: Rag | null;
  outlook: Outlook | null;
}

export interface SummaryOutcome {
  code: string;
  title: string;
  rating: OutcomeRating;
  indicators: SummaryIndicator[];
}

export interface RagCounts {
  red: number;
  amber: number;
  green: number;
  notRated: number;
  total: number;
}

export interface PeriodSummary {
  periodLabel: string;
  scopeLabel: string;
  outcomes: RagCounts & {
    derived: number;
    judged: number;
    redOutcomes: { code: string; title: string; indicators: string[] }[];
  };
  indicators: RagCounts & { redNumbers: string[] };
  outlook: {
    improving: number;
    stable: number;
    deteriorating: number;
    none: number;
    deterioratingNumbers: string[];
  };
  sentences: string[];
}

function count(ratings: (Rag | null)[]): RagCounts {
  const c: RagCounts = { red: 0, amber: 0, green: 0, notRated: 0, total: ratings.length };
  for (const r of ratings) {
    if (r === null) c.notRated += 1;
    else c[r] += 1;
  }
  return c;
}

export function summarise(
  periodLabel: string,
  scopeLabel: string,
  outcomes: SummaryOutcome[],
): PeriodSummary {
  const indicators = outcomes.flatMap((o) => o.indicators);
  const oc = count(outcomes.map((o) => o.rating.rating));
  const ic = count(indicators.map((i) => i.rating));
  const redNumbers = indicators
    .filter((i) => i.rating === 'red')
    .map((i) => i.number)
    .sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  const redOutcomes = outcomes
    .filter((o) => o.rating.rating === 'red')
    .map((o) => ({
      code: o.code,
      title: o.title,
      indicators: o.indicators.filter((i) => i.rating === 'red').map((i) => i.number),
    }));
  const outlook = {
    improving: 0,
    stable: 0,
    deteriorating: 0,
    none: 0,
    deterioratingNumbers: [] as string[],
  };
  for (const i of indicators) {
    if (i.outlook === null) outlook.none += 1;
    else outlook[i.outlook] += 1;
    if (i.outlook === 'deteriorating') outlook.deterioratingNumbers.push(i.number);
  }

  const sentences: string[] = [];
  const greenOrAmber = oc.green + oc.amber;
  sentences.push(
    `Of the ${oc.total} ${plural(oc.total, 'outcome')} being reported on this year, ${greenOrAmber} ${were(greenOrAmber)} rated Green or Amber at the end of ${periodLabel}.` +
      (oc.red > 0
        ? ` The ${oc.red} ${plural(oc.red, 'outcome')} rated Red ${oc.red === 1 ? 'is' : 'are'} set out in the exception report.`
        : '') +
      (oc.notRated > 0
        ? ` ${oc.notRated} ${plural(oc.notRated, 'outcome')} ${were(oc.notRated)} not rated.`
        : ''),
  );
  const redOutcomeIndicators = new Set(redOutcomes.flatMap((o) => o.indicators));
  const allRedLed = redNumbers.length > 0 && redNumbers.every((n) => redOutcomeIndicators.has(n));
  sentences.push(
    `Of the ${ic.total} success ${plural(ic.total, 'indicator')} being reported on, ${ic.red} ${ic.red === 1 ? 'was' : 'were'} rated as Red for ${periodLabel}` +
      (ic.red > 0 ? ` (${plural(ic.red, 'indicator')} ${listNumbers(redNumbers)})` : '') +
      '.' +
      (allRedLed && oc.red > 0
        ? ic.red === 1
          ? ` This has directly led to the Red-rated outcome noted above.`
          : ` In ${ic.red === 2 ? 'both cases' : 'each case'} these have directly led to the ${oc.red} Red-rated ${plural(oc.red, 'outcome')} noted above.`
        : ''),
  );
  const stableOrImproving = outlook.stable + outlook.improving;
  sentences.push(
    `The outlook for ${stableOrImproving} of the ${ic.total} success ${plural(ic.total, 'indicator')} was "stable" or "positive/improving".`,
  );
  return {
    periodLabel,
    scopeLabel,
    outcomes: {
      ...oc,
      derived: outcomes.filter((o) => o.rating.basis === 'derived').length,
      judged: outcomes.filter((o) => o.rating.basis === 'judgement').length,
      redOutcomes,
    },
    indicators: { ...ic, redNumbers },
    outlook,
    sentences,
  };
}

function were(n: number): string {
  return n === 1 ? 'was' : 'were';
}
function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
