import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMatrix,
  defaultMatrix,
  levelOf,
  MATRIX_SIZES,
  movement,
  overAppetite,
  possibleScores,
  readMatrix,
  reviewOverdue,
  riskScore,
  scoreText,
  writeMatrix,
  type RiskMatrix,
} from './risk.js';

describe('the risk matrix', () => {
  it('has sensible defaults for 5 × 5, 4 × 4 and 3 × 3, each covering every score once', () => {
    for (const size of MATRIX_SIZES) {
      const m = defaultMatrix(size);
      expect(checkMatrix(m)).toEqual([]);
      expect(m.likelihood).toHaveLength(size);
      expect(m.bands.at(-1)!.max).toBe(size * size);
    }
    const five = defaultMatrix();
    expect(five.bands.map((b) => `${b.name} ${b.min}–${b.max}`)).toEqual([
      'Low 1–4',
      'Medium 5–12',
      'High 15–25',
    ]);
  });

  it('knows which scores a grid can make', () => {
    expect(possibleScores(5)).not.toContain(13);
    expect(possibleScores(5)).not.toContain(14);
    expect(possibleScores(3)).toEqual([1, 2, 3, 4, 6, 9]);
  });

  it('bands scores, 13 and 14 (not reachable on 5 × 5) with the band below', () => {
    const m = defaultMatrix();
    expect(levelOf(m, 1).name).toBe('Low');
    expect(levelOf(m, 4).name).toBe('Low');
    expect(levelOf(m, 5).name).toBe('Medium');
    expect(levelOf(m, 12).name).toBe('Medium');
    expect(levelOf(m, 15).name).toBe('High');
    expect(levelOf(m, 25).name).toBe('High');
    expect(scoreText(m, riskScore(4, 5))).toBe('High (20)');
    expect(scoreText(m, null)).toBe('Not scored');
  });

  it('refuses bands out of order, overlapping, duplicated or leaving a score out, saying where', () => {
    const m = defaultMatrix();
    const bad: RiskMatrix = {
      ...m,
      bands: [
        { name: 'Low', min: 1, max: 5 },
        { name: 'low', min: 5, max: 10 },
        { name: 'High', min: 16, max: 25 },
      ],
    };
    const messages = checkMatrix(bad).map((p) => `${p.field}: ${p.message}`);
    expect(messages).toContain('band-2-min: Band 2 must start above band 1’s highest score (5)');
    expect(messages).toContain('band-2-name: Two bands are called “low”');
    const gap: RiskMatrix = {
      ...m,
      bands: [
        { name: 'Low', min: 1, max: 10 },
        { name: 'High', min: 16, max: 25 },
      ],
    };
    expect(checkMatrix(gap)).toEqual([
      { field: 'bands', message: 'Every score must fall in a band: 12, 15 fall in none' },
    ]);
    expect(checkMatrix({ ...m, likelihood: ['', ...m.likelihood.slice(1)] })[0]).toEqual({
      field: 'likelihood-1',
      message: 'Name likelihood 1',
    });
  });

  it('reads what it writes, and falls back to the default for what it cannot read', () => {
    const m = defaultMatrix(4);
    expect(readMatrix(writeMatrix(m))).toEqual(m);
    expect(readMatrix('not json')).toEqual(defaultMatrix());
    expect(readMatrix(null)).toEqual(defaultMatrix());
  });
});

describe('a risk’s scores', () => {
  it('is over appetite only when the residual score is above the target', () => {
    expect(overAppetite(16, 8)).toBe(true);
    expect(overAppetite(8, 8)).toBe(false);
    expect(overAppetite(4, 8)).toBe(false);
    expect(overAppetite(null, 8)).toBe(false);
    expect(overAppetite(16, null)).toBe(false);
  });

  it('moves up, down, stays the same, or is new', () => {
    expect(movement(16, 12)).toBe('up');
    expect(movement(9, 12)).toBe('down');
    expect(movement(12, 12)).toBe('same');
    expect(movement(12, null)).toBe('new');
  });

  it('is overdue for review only after its review date', () => {
    expect(reviewOverdue('2017-09-30', '2017-10-01')).toBe(true);
    expect(reviewOverdue('2017-10-01', '2017-10-01')).toBe(false);
    expect(reviewOverdue(null, '2017-10-01')).toBe(false);
  });

  it('never gives a higher residual score a lower level, for any valid matrix', () => {
    // Any valid banding of any size: cut the possible scores into consecutive runs.
    const matrices = fc.constantFrom(...MATRIX_SIZES).chain((size) => {
      const scores = possibleScores(size);
      return fc
        .uniqueArray(fc.integer({ min: 1, max: scores.length - 1 }), { maxLength: 4 })
        .map((cuts): RiskMatrix => {
          const at = [0, ...cuts.sort((a, b) => a - b), scores.length];
          const bands = at.slice(1).map((end, i) => ({
            name: `Band ${i + 1}`,
            min: scores[at[i]!]!,
            max: scores[end - 1]!,
          }));
          return { ...defaultMatrix(size), bands };
        });
    });
    fc.assert(
      fc.property(matrices, fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), (m, a, b) => {
        expect(checkMatrix(m)).toEqual([]);
        const top = m.size * m.size;
        const [lo, hi] = [Math.min(a, b, top), Math.min(Math.max(a, b), top)];
        expect(levelOf(m, hi).index).toBeGreaterThanOrEqual(levelOf(m, lo).index);
      }),
    );
  });
});
