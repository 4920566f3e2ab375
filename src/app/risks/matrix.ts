/**
 * The council's risk matrix (issue 14): read (the default 5 × 5 until an administrator saves one)
 * and changed by an administrator — versioned (a stale form is refused, 409) and audited. A smaller
 * matrix is refused while a risk or review uses a likelihood or impact it does not have.
 */
import {
  checkMatrix,
  defaultMatrix,
  isMatrixSize,
  readMatrix,
  writeMatrix,
  type RiskMatrix,
} from '../../domain/risk.js';
import type { Problem } from '../../domain/problem.js';
import { findRiskMatrix, highestRating, saveRiskMatrix } from '../../storage/risk-repository.js';
import { transaction } from '../../storage/transaction.js';
import { recordChange, type Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import type { Store } from '../store.js';

type Db = Store['db'];

/** The matrix and the version its form carries (0: the default, never saved). */
export async function riskMatrix(db: Db): Promise<{ matrix: RiskMatrix; version: number }> {
  const row = await findRiskMatrix(db);
  return row
    ? { matrix: readMatrix(row.matrix), version: row.version }
    : { matrix: defaultMatrix(), version: 0 };
}

/** The settings form's fields: size, a label per likelihood and impact, and up to five bands. */
export type MatrixForm = Record<string, string | undefined>;

export const MAX_BANDS = 5;

/** What the settings form shows for a matrix. */
export function matrixFormValues(m: RiskMatrix): MatrixForm {
  const v: MatrixForm = { size: String(m.size) };
  for (let i = 1; i <= 5; i++) {
    v[`likelihood-${i}`] = m.likelihood[i - 1] ?? '';
    v[`impact-${i}`] = m.impact[i - 1] ?? '';
  }
  for (let i = 1; i <= MAX_BANDS; i++) {
    const b = m.bands[i - 1];
    v[`band-${i}-name`] = b?.name ?? '';
    v[`band-${i}-min`] = b ? String(b.min) : '';
    v[`band-${i}-max`] = b ? String(b.max) : '';
  }
  return v;
}

const whole = (s: string | undefined) => (/^\s*\d{1,3}\s*$/.test(s ?? '') ? Number(s) : NaN);

/** Reads the settings form as a matrix: labels beyond the size are ignored, bands left blank dropped. */
export function matrixFromForm(form: MatrixForm): { matrix: RiskMatrix | null; problems: Problem[] } {
  const size = Number(form.size);
  if (!isMatrixSize(size))
    return { matrix: null, problems: [{ field: 'size', message: 'Choose a 3 × 3, 4 × 4 or 5 × 5 matrix' }] };
  const labels = (kind: string) =>
    Array.from({ length: size }, (_, i) => (form[`${kind}-${i + 1}`] ?? '').trim());
  const bands = [];
  for (let i = 1; i <= MAX_BANDS; i++) {
    const name = (form[`band-${i}-name`] ?? '').trim();
    const min = form[`band-${i}-min`] ?? '';
    const max = form[`band-${i}-max`] ?? '';
    if (!name && !min.trim() && !max.trim()) continue;
    bands.push({ name, min: whole(min), max: whole(max) });
  }
  const matrix: RiskMatrix = { size, likelihood: labels('likelihood'), impact: labels('impact'), bands };
  return { matrix, problems: checkMatrix(matrix) };
}

/** Saves the matrix an administrator set, at the version the form was read at. */
export async function changeRiskMatrix(
  store: Store,
  actor: Actor,
  form: MatrixForm,
  expectedVersion: number,
  clock: Clock,
): Promise<void> {
  const { matrix, problems } = matrixFromForm(form);
  return transaction(store.db, async (trx) => {
    const before = await riskMatrix(trx);
    if (before.version !== expectedVersion)
      throw new CairnError(
        'CONFLICT',
        'Someone else changed the risk matrix while you were editing it. Your changes have not been saved: check what is saved now, then save yours again if they still apply.',
      );
    if (matrix && !problems.length) {
      const highest = await highestRating(trx);
      if (highest > matrix.size)
        problems.push({
          field: 'size',
          message: `A risk or review is scored ${highest} for likelihood or impact, which a ${matrix.size} × ${matrix.size} matrix does not have: rescore it first`,
        });
    }
    if (!matrix || problems.length)
      throw new CairnError('INVALID_INPUT', 'The risk matrix was not saved.', problems);
    if (!(await saveRiskMatrix(trx, writeMatrix(matrix), expectedVersion)))
      throw new CairnError('CONFLICT', 'Someone else changed the risk matrix while you were editing it.');
    await recordChange(
      trx,
      actor,
      {
        action: 'risk-matrix.change',
        entity: 'risk_matrix',
        entityId: 1,
        before: before.matrix,
        after: { ...matrix, version: expectedVersion + 1 },
      },
      clock,
    );
  });
}
