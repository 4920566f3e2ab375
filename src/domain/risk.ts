/**
 * The risk register's rules (issue 14): a likelihood × impact matrix the council configures, a risk's
 * three scores (inherent: before controls; residual: now; target: the council's appetite), its level
 * by the matrix's bands, whether it is over appetite, its movement since last quarter and whether its
 * review is overdue. Pure: no I/O, no clock (today is passed in).
 *
 * A score is likelihood × impact, each 1..size. The default matrix is 5 × 5 (scores 1–25) with three
 * bands — Low 1–4, Medium 5–12, High 15–25 (13 and 14 cannot be made on a 5 × 5 grid); 4 × 4 and
 * 3 × 3 matrices have defaults of their own. Bands are ordered from the least to the most severe and
 * together cover every score the grid can make, each exactly once, so a higher score never has a
 * lower level.
 */
import type { Problem } from './problem.js';

export const MATRIX_SIZES = [3, 4, 5] as const;
export type MatrixSize = (typeof MATRIX_SIZES)[number];

export interface RiskBand {
  /** e.g. "High". */
  name: string;
  min: number;
  max: number;
}

export interface RiskMatrix {
  size: MatrixSize;
  /** From 1 (least likely) to size; what each likelihood is called, e.g. "Rare". */
  likelihood: string[];
  /** From 1 (least harm) to size; e.g. "Insignificant". */
  impact: string[];
  /** From the least to the most severe. */
  bands: RiskBand[];
}

export const RISK_KINDS = ['corporate', 'directorate'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];
export const RISK_KIND_LABEL: Record<RiskKind, string> = {
  corporate: 'Corporate',
  directorate: 'Directorate',
};

/** The categories a council's register usually uses; a risk may name another. */
export const RISK_CATEGORIES = [
  'Strategic',
  'Financial',
  'Operational',
  'Reputational',
  'Legal and regulatory',
  'People',
  'Health and safety',
  'Information and technology',
  'Partnership',
] as const;

export const CONTROLS_EFFECTIVE = ['yes', 'partly', 'no'] as const;
export type ControlsEffective = (typeof CONTROLS_EFFECTIVE)[number];
export const CONTROLS_EFFECTIVE_LABEL: Record<ControlsEffective, string> = {
  yes: 'Effective',
  partly: 'Partly effective',
  no: 'Not effective',
};

export type Movement = 'up' | 'down' | 'same' | 'new';
/** In words, so an arrow is never the only sign of a movement. */
export const MOVEMENT_LABEL: Record<Movement, string> = {
  up: 'Score rose',
  down: 'Score fell',
  same: 'No change',
  new: 'New this quarter',
};
export const MOVEMENT_ARROW: Record<Movement, string> = { up: '↑', down: '↓', same: '→', new: '•' };

const LABELS: Record<MatrixSize, { likelihood: string[]; impact: string[]; bands: RiskBand[] }> = {
  5: {
    likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
    impact: ['Insignificant', 'Minor', 'Moderate', 'Major', 'Severe'],
    bands: [
      { name: 'Low', min: 1, max: 4 },
      { name: 'Medium', min: 5, max: 12 },
      { name: 'High', min: 15, max: 25 },
    ],
  },
  4: {
    likelihood: ['Unlikely', 'Possible', 'Likely', 'Very likely'],
    impact: ['Minor', 'Moderate', 'Major', 'Severe'],
    bands: [
      { name: 'Low', min: 1, max: 3 },
      { name: 'Medium', min: 4, max: 8 },
      { name: 'High', min: 9, max: 16 },
    ],
  },
  3: {
    likelihood: ['Unlikely', 'Possible', 'Likely'],
    impact: ['Minor', 'Moderate', 'Major'],
    bands: [
      { name: 'Low', min: 1, max: 2 },
      { name: 'Medium', min: 3, max: 4 },
      { name: 'High', min: 6, max: 9 },
    ],
  },
};

/** The default matrix of a size (5 × 5 unless said). */
export function defaultMatrix(size: MatrixSize = 5): RiskMatrix {
  const l = LABELS[size];
  return {
    size,
    likelihood: [...l.likelihood],
    impact: [...l.impact],
    bands: l.bands.map((b) => ({ ...b })),
  };
}

export const DEFAULT_MATRIX: RiskMatrix = defaultMatrix(5);

export const isMatrixSize = (n: unknown): n is MatrixSize =>
  typeof n === 'number' && (MATRIX_SIZES as readonly number[]).includes(n);

/** Every score a grid of this size can make, ascending (5 × 5: 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, …). */
export function possibleScores(size: number): number[] {
  const set = new Set<number>();
  for (let l = 1; l <= size; l++) for (let i = 1; i <= size; i++) set.add(l * i);
  return [...set].sort((a, b) => a - b);
}

/** A likelihood or impact is a whole number from 1 to the matrix's size. */
export const isRating = (m: RiskMatrix, n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= m.size;

export const riskScore = (likelihood: number, impact: number): number => likelihood * impact;

/** What is wrong with a matrix, if anything: labels for each step, bands in order covering each score once. */
export function checkMatrix(m: RiskMatrix): Problem[] {
  const problems: Problem[] = [];
  if (!isMatrixSize(m.size)) return [{ field: 'size', message: 'Choose a 3 × 3, 4 × 4 or 5 × 5 matrix' }];
  m.likelihood.forEach((l, i) => {
    if (!l.trim()) problems.push({ field: `likelihood-${i + 1}`, message: `Name likelihood ${i + 1}` });
  });
  m.impact.forEach((l, i) => {
    if (!l.trim()) problems.push({ field: `impact-${i + 1}`, message: `Name impact ${i + 1}` });
  });
  if (m.likelihood.length !== m.size || m.impact.length !== m.size)
    problems.push({ field: 'size', message: `Name each of the ${m.size} likelihoods and impacts` });
  if (!m.bands.length) problems.push({ field: 'bands', message: 'Give at least one band' });
  const top = m.size * m.size;
  m.bands.forEach((b, i) => {
    const where = `band-${i + 1}`;
    if (!b.name.trim()) problems.push({ field: `${where}-name`, message: `Name band ${i + 1}` });
    if (!Number.isInteger(b.min) || !Number.isInteger(b.max) || b.min < 1 || b.max > top || b.min > b.max)
      problems.push({
        field: `${where}-min`,
        message: `Band ${i + 1}’s scores must be whole numbers from 1 to ${top}, the lowest first`,
      });
    const prev = m.bands[i - 1];
    if (prev && b.min <= prev.max)
      problems.push({
        field: `${where}-min`,
        message: `Band ${i + 1} must start above band ${i}’s highest score (${prev.max})`,
      });
  });
  const names = m.bands.map((b) => b.name.trim().toLowerCase());
  names.forEach((n, i) => {
    if (n && names.indexOf(n) !== i)
      problems.push({ field: `band-${i + 1}-name`, message: `Two bands are called “${m.bands[i]!.name}”` });
  });
  if (!problems.length) {
    const missing = possibleScores(m.size).filter((s) => !m.bands.some((b) => s >= b.min && s <= b.max));
    if (missing.length)
      problems.push({
        field: 'bands',
        message: `Every score must fall in a band: ${missing.join(', ')} ${missing.length === 1 ? 'falls' : 'fall'} in none`,
      });
  }
  return problems;
}

export interface RiskLevel {
  /** 0 for the least severe band. */
  index: number;
  name: string;
}

/** The level of a score by the matrix's bands; a score between bands takes the band below it. */
export function levelOf(m: RiskMatrix, score: number): RiskLevel {
  let index = 0;
  m.bands.forEach((b, i) => {
    if (score >= b.min) index = i;
  });
  return { index, name: m.bands[index]?.name ?? '' };
}

export interface Scored {
  likelihood: number;
  impact: number;
}

export const scoreOf = (s: Scored | null | undefined): number | null =>
  s ? riskScore(s.likelihood, s.impact) : null;

/** Over appetite: the residual (current) score is above the target score. */
export function overAppetite(residual: number | null, target: number | null): boolean {
  return residual !== null && target !== null && residual > target;
}

/** The movement of a score since the previous quarter's; 'new' when there was none. */
export function movement(current: number, previous: number | null | undefined): Movement {
  if (previous === null || previous === undefined) return 'new';
  return current > previous ? 'up' : current < previous ? 'down' : 'same';
}

/** A review date (ISO) that has passed. */
export const reviewOverdue = (reviewDate: string | null, today: string): boolean =>
  reviewDate !== null && reviewDate < today;

/** A matrix as stored (JSON), or the default when none or unreadable. */
export function readMatrix(json: string | null | undefined): RiskMatrix {
  if (!json) return defaultMatrix();
  try {
    const m = JSON.parse(json) as RiskMatrix;
    if (
      !isMatrixSize(m.size) ||
      !Array.isArray(m.likelihood) ||
      !Array.isArray(m.impact) ||
      !Array.isArray(m.bands)
    )
      return defaultMatrix();
    return checkMatrix(m).length ? defaultMatrix() : m;
  } catch {
    return defaultMatrix();
  }
}

export const writeMatrix = (m: RiskMatrix): string =>
  JSON.stringify({ size: m.size, likelihood: m.likelihood, impact: m.impact, bands: m.bands });

/** "High (20)": a score with its level, for tables. */
export const scoreText = (m: RiskMatrix, score: number | null): string =>
  score === null ? 'Not scored' : `${levelOf(m, score).name} (${score})`;
