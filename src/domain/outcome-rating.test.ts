import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveOutcomeRating, listNumbers, outcomeRating } from './outcome-rating.js';
import { RAG_SEVERITY, RAGS, type Rag } from './vocabulary.js';

describe('outcome ratings', () => {
  it('derives the worst rated indicator by default, naming it', () => {
    const r = deriveOutcomeRating(
      [
        { number: '5', rating: 'amber' },
        { number: '6', rating: 'green' },
        { number: '7', rating: 'red' },
      ],
      'worst',
    );
    expect(r).toEqual({
      basis: 'derived',
      rating: 'red',
      explanation: 'Red: the worst of 3 rated indicator(s) — indicator 7 is Red.',
    });
  });

  it('ignores unrated indicators, and is not rated when none is rated', () => {
    expect(
      deriveOutcomeRating(
        [
          { number: '9', rating: null },
          { number: '10', rating: 'green' },
        ],
        'worst',
      ).rating,
    ).toBe('green');
    const none = deriveOutcomeRating(
      [
        { number: '9', rating: null },
        { number: '10', rating: null },
      ],
      'worst',
    );
    expect(none).toEqual({
      basis: 'none',
      rating: null,
      explanation: 'Not rated: none of its 2 indicator(s) is rated yet.',
    });
  });

  it('takes the predominant rating, the worse one on a tie', () => {
    const ind = (ratings: Rag[]) => ratings.map((rating, i) => ({ number: String(i + 1), rating }));
    expect(deriveOutcomeRating(ind(['green', 'green', 'red']), 'predominant').rating).toBe('green');
    expect(deriveOutcomeRating(ind(['green', 'amber']), 'predominant').rating).toBe('amber');
  });

  it('lets a judgement stand, with who and why', () => {
    const r = outcomeRating([{ number: '9', rating: null }], 'worst', {
      rating: 'amber',
      reason: 'No data yet.',
      setBy: 'CEF',
    });
    expect(r).toMatchObject({
      basis: 'judgement',
      rating: 'amber',
      explanation: 'Amber: judgement by CEF — No data yet.',
    });
  });

  it('worst policy never rates an outcome better than any of its indicators', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RAGS), { minLength: 1, maxLength: 12 }), (ratings) => {
        const r = deriveOutcomeRating(
          ratings.map((rating, i) => ({ number: String(i), rating })),
          'worst',
        );
        expect(r.rating).not.toBeNull();
        for (const x of ratings) expect(RAG_SEVERITY[r.rating!]).toBeLessThanOrEqual(RAG_SEVERITY[x]);
      }),
    );
  });

  it('lists numbers as a sentence would', () => {
    expect(listNumbers(['7'])).toBe('7');
    expect(listNumbers(['7', '46'])).toBe('7 and 46');
    expect(listNumbers(['5', '6', '7'])).toBe('5, 6 and 7');
  });
});
