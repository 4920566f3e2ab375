/**
 * Outcome ratings. An outcome's rating is derived from its indicators by a stated policy, unless an
 * approver (a director) has set one as a judgement — then the judgement stands, with its reason.
 */
import { RAG_LABEL, RAG_SEVERITY, RAGS, type Rag } from './vocabulary.js';

export type OutcomePolicy = 'worst' | 'predominant';

export const OUTCOME_POLICY_LABEL: Record<OutcomePolicy, string> = {
  worst: 'the worst rating among its indicators',
  predominant: 'the rating most of its indicators have (the worse one on a tie)',
};

export interface RatedIndicatorRef {
  number: string;
  rating: Rag | null;
}

export type OutcomeRating =
  | { basis: 'derived'; rating: Rag; explanation: string }
  | { basis: 'judgement'; rating: Rag; explanation: string; setBy: string }
  | { basis: 'none'; rating: null; explanation: string };

/** Derives an outcome's rating from its indicators. */
export function deriveOutcomeRating(indicators: RatedIndicatorRef[], policy: OutcomePolicy): OutcomeRating {
  const rated = indicators.filter((i): i is { number: string; rating: Rag } => i.rating !== null);
  if (rated.length === 0) {
    return {
      basis: 'none',
      rating: null,
      explanation:
        indicators.length === 0
          ? 'Not rated: the outcome has no indicators.'
          : `Not rated: none of its ${indicators.length} indicator(s) is rated yet.`,
    };
  }
  const rating = policy === 'worst' ? worst(rated) : predominant(rated);
  const which = rated.filter((i) => i.rating === rating).map((i) => i.number);
  const noun = which.length === 1 ? 'indicator' : 'indicators';
  const explanation =
    policy === 'worst'
      ? `${RAG_LABEL[rating]}: the worst of ${rated.length} rated indicator(s) — ${noun} ${listNumbers(which)} ${which.length === 1 ? 'is' : 'are'} ${RAG_LABEL[rating]}.`
      : `${RAG_LABEL[rating]}: ${which.length} of ${rated.length} rated indicators are ${RAG_LABEL[rating]} (${noun} ${listNumbers(which)}).`;
  return { basis: 'derived', rating, explanation };
}

/** The outcome's rating for a period: a judgement if one was set, else derived. */
export function outcomeRating(
  indicators: RatedIndicatorRef[],
  policy: OutcomePolicy,
  judgement: { rating: Rag; reason: string; setBy: string } | null,
): OutcomeRating {
  if (judgement) {
    return {
      basis: 'judgement',
      rating: judgement.rating,
      setBy: judgement.setBy,
      explanation: `${RAG_LABEL[judgement.rating]}: judgement by ${judgement.setBy} — ${judgement.reason}`,
    };
  }
  return deriveOutcomeRating(indicators, policy);
}

function worst(rated: { rating: Rag }[]): Rag {
  return rated.reduce<Rag>((w, i) => (RAG_SEVERITY[i.rating] < RAG_SEVERITY[w] ? i.rating : w), 'green');
}

function predominant(rated: { rating: Rag }[]): Rag {
  const counts = new Map<Rag, number>();
  for (const i of rated) counts.set(i.rating, (counts.get(i.rating) ?? 0) + 1);
  let best: Rag = 'green';
  let bestCount = -1;
  // RAGS is ordered worst first, so a tie keeps the worse rating.
  for (const r of RAGS) {
    const n = counts.get(r) ?? 0;
    if (n > bestCount) {
      best = r;
      bestCount = n;
    }
  }
  return best;
}

/** "7", "7 and 46", "5, 6 and 7". */
export function listNumbers(numbers: string[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}
