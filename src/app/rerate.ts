/**
 * Re-rating: a figure's computed rating and its explanation are stored with it, so when what they
 * were computed from changes (the indicator's polarity, target, tolerance, unit, profile or
 * cumulative flag, or the council's tolerance) every figure of the indicator is rated again, in the
 * change's transaction, and the figures whose rating or explanation changed are audited: one record
 * per indicator (`indicator.rerate`), listing each re-rated figure's period with its rating and
 * explanation before and after. Reported and manual ratings are left alone: only the computed one
 * is stale.
 */
import { periodFromCode } from '../domain/periods.js';
import type { Store } from './store.js';
import type { IndicatorValueRecord } from './records.js';
import { loadIndicatorRatingData, setComputedRating } from '../storage/framework-repository.js';
import { continuedFigures } from '../storage/figures.js';
import { recordChange, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { lastYearFigure, ratedIndicator, rateStored, targetFor } from './scorecard.js';

/** The database or a transaction on it (a change's transaction, to re-rate in it). */
type Trx = Store['db'];

export interface RerateResult {
  indicatorId: number;
  /** The periods whose stored rating or explanation changed. */
  rerated: { period: string; before: RatingText; after: RatingText }[];
}

interface RatingText {
  rating: string | null;
  explanation: string | null;
}

/**
 * Rates every figure of one indicator again from what is stored now, writes the ones that changed,
 * and audits them in `trx` (call it inside the transaction that made the change).
 */
export async function rerateIndicator(
  trx: Trx,
  indicatorId: number,
  actor: Actor,
  clock: Clock,
  reason: string | null = null,
): Promise<RerateResult> {
  const data = await loadIndicatorRatingData(trx, indicatorId);
  const result: RerateResult = { indicatorId, rerated: [] };
  if (!data || data.values.length === 0) return result;
  const tolerance = {
    kind: data.council.toleranceKind === 'absolute' ? ('absolute' as const) : ('relative' as const),
    value: data.council.toleranceValue,
  };
  const dot = data.council.directionOfTravel === 'red-only-if-worse' ? 'red-only-if-worse' : 'none';
  // "The same period last year": the indicator's own figures, or across the plan boundary the ones of
  // the indicator it continues (read only when the council rates by direction of travel).
  const own = new Map(data.values.map((v) => [v.period_code, v]));
  const previous: ReadonlyMap<string, IndicatorValueRecord> =
    dot === 'none' ? new Map() : await continuedFigures(trx, indicatorId);
  for (const value of data.values) {
    // A figure never rated (e.g. loaded with a reported rating only) has nothing stored to go stale.
    if (value.computed_explanation === null) continue;
    const period = periodFromCode(value.period_code);
    const target = targetFor(data.targets, period);
    const indicator = ratedIndicator(data.indicator, data.targets, period);
    const lastYear = dot === 'none' ? null : lastYearFigure(own, previous, period);
    const rated = rateStored(indicator, target, value, period, tolerance, dot, lastYear);
    const after = {
      rating: rated.kind === 'rated' ? rated.rating : null,
      reason: rated.kind === 'rated' ? null : rated.reason,
      explanation: rated.explanation,
    };
    if (
      after.rating === value.computed_rating &&
      after.reason === value.computed_reason &&
      after.explanation === value.computed_explanation
    )
      continue;
    await setComputedRating(trx, value.id, after);
    result.rerated.push({
      period: value.period_code,
      before: { rating: value.computed_rating, explanation: value.computed_explanation },
      after: { rating: after.rating, explanation: after.explanation },
    });
  }
  if (result.rerated.length > 0)
    await recordChange(
      trx,
      actor,
      {
        action: 'indicator.rerate',
        entity: 'indicator',
        entityId: indicatorId,
        before: Object.fromEntries(result.rerated.map((r) => [r.period, r.before])),
        after: Object.fromEntries(result.rerated.map((r) => [r.period, r.after])),
        reason: reason ?? 'The rating rules changed: polarity, target or tolerance.',
      },
      clock,
    );
  return result;
}

/** Re-rates every listed indicator (e.g. all those a framework import touched). */
export async function rerateIndicators(
  trx: Trx,
  indicatorIds: number[],
  actor: Actor,
  clock: Clock,
  reason?: string | null,
): Promise<RerateResult[]> {
  const out: RerateResult[] = [];
  for (const id of indicatorIds) {
    const r = await rerateIndicator(trx, id, actor, clock, reason);
    if (r.rerated.length) out.push(r);
  }
  return out;
}
