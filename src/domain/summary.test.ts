import { describe, expect, it } from 'vitest';
import { deriveOutcomeRating } from './outcome-rating.js';
import { summarise, type SummaryIndicator } from './summary.js';

function outcome(code: string, indicators: SummaryIndicator[]) {
  return { code, title: `Outcome ${code}`, rating: deriveOutcomeRating(indicators, 'worst'), indicators };
}

describe('period summary', () => {
  it('counts outcomes and indicators by rating and outlook, and writes the headline sentences', () => {
    const s = summarise('Q2 2017-18', 'Council', [
      outcome('O1', [
        { number: '1', rating: 'green', outlook: 'stable' },
        { number: '2', rating: 'red', outlook: 'improving' },
      ]),
      outcome('O2', [{ number: '3', rating: 'amber', outlook: 'deteriorating' }]),
      outcome('O3', [{ number: '4', rating: null, outlook: null }]),
    ]);
    expect(s.outcomes).toMatchObject({ red: 1, amber: 1, green: 0, notRated: 1, total: 3, derived: 2 });
    expect(s.outcomes.redOutcomes).toEqual([{ code: 'O1', title: 'Outcome O1', indicators: ['2'] }]);
    expect(s.indicators).toMatchObject({
      red: 1,
      amber: 1,
      green: 1,
      notRated: 1,
      total: 4,
      redNumbers: ['2'],
    });
    expect(s.outlook).toMatchObject({
      improving: 1,
      stable: 1,
      deteriorating: 1,
      none: 1,
      deterioratingNumbers: ['3'],
    });
    expect(s.sentences).toEqual([
      'Of the 3 outcomes being reported on this year, 1 was rated Green or Amber at the end of Q2 2017-18. The 1 outcome rated Red is set out in the exception report. 1 outcome was not rated.',
      'Of the 4 success indicators being reported on, 1 was rated as Red for Q2 2017-18 (indicator 2). This has directly led to the Red-rated outcome noted above.',
      'The outlook for 2 of the 4 success indicators was "stable" or "positive/improving".',
    ]);
  });

  it('reads well with nothing Red', () => {
    const s = summarise('Q1 2017-18', 'Council', [
      outcome('O1', [{ number: '1', rating: 'green', outlook: 'stable' }]),
    ]);
    expect(s.sentences[0]).toBe(
      'Of the 1 outcome being reported on this year, 1 was rated Green or Amber at the end of Q1 2017-18.',
    );
    expect(s.sentences[1]).toBe(
      'Of the 1 success indicator being reported on, 0 were rated as Red for Q1 2017-18.',
    );
  });
});
