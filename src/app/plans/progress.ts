/**
 * A plan's progress as at a date: status counts for the plan and per recommendation, the overdue
 * actions, and coverage (findings no action addresses, citations of things that do not exist) —
 * computed from the stored plan, never typed.
 */
import {
  coverage,
  daysOverdue,
  isOverdue,
  statusCounts,
  type Coverage,
  type StatusCounts,
} from '../../domain/plans/progress.js';
import type { Store } from '../../storage/database.js';
import { loadPlanData, type PlanAction, type PlanData } from '../../storage/plans-repository.js';
import type { Clock } from '../clock.js';
import { notFound } from '../errors.js';

export interface PlanProgress {
  asAt: string;
  /** The review the figures are as at, if one was chosen. */
  review: PlanData['reviews'][number] | null;
  counts: StatusCounts;
  byRecommendation: Map<number, StatusCounts>;
  overdue: (PlanAction & { days: number })[];
  coverage: Coverage;
}

export const facts = (a: PlanAction) => ({
  code: a.code,
  status: a.status,
  due: a.targetDue,
  completedOn: a.completedOn,
});

export function planProgress(
  data: PlanData,
  asAt: string,
  review: PlanData['reviews'][number] | null = null,
): PlanProgress {
  const byRecommendation = new Map<number, StatusCounts>();
  for (const r of data.recommendations)
    byRecommendation.set(
      r.id,
      statusCounts(data.actions.filter((a) => a.recommendationId === r.id).map(facts), asAt),
    );
  const recCode = new Map(data.recommendations.map((r) => [r.id, r.code]));
  return {
    asAt,
    review,
    counts: statusCounts(data.actions.map(facts), asAt),
    byRecommendation,
    overdue: data.actions
      .filter((a) => isOverdue(facts(a), asAt))
      .map((a) => ({ ...a, days: daysOverdue(facts(a), asAt) }))
      .sort((a, b) => b.days - a.days),
    coverage: coverage({
      findings: data.findings,
      recommendations: data.recommendations,
      actions: data.actions,
      actionRecommendation: new Map(
        data.actions.map((a) => [
          a.code,
          a.recommendationId ? (recCode.get(a.recommendationId) ?? null) : null,
        ]),
      ),
    }),
  };
}

/** Loads a plan and its progress as at a review (its date) or today. */
export async function loadPlanProgress(
  store: Store,
  planId: number,
  clock: Clock,
  options: { reviewId?: number; withUpdates?: boolean } = {},
): Promise<{ data: PlanData; progress: PlanProgress }> {
  const data = await loadPlanData(store.db, planId, options.withUpdates ?? false);
  if (!data) throw notFound(`There is no improvement plan ${planId}.`);
  const review =
    options.reviewId !== undefined ? data.reviews.find((r) => r.id === options.reviewId) : undefined;
  if (options.reviewId !== undefined && !review)
    throw notFound(`${data.plan.title} has no progress review ${options.reviewId}.`);
  const asAt = review?.date ?? clock.now().toISOString().slice(0, 10);
  return { data, progress: planProgress(data, asAt, review ?? null) };
}
