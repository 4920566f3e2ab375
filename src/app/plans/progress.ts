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
import type { Store } from '../store.js';
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

/**
 * Each action's status as at a review: from its latest update at that review or an earlier one (an
 * update between reviews counts from the day it was recorded). An action updated only after the review
 * is "not recorded" as at then; one never updated keeps the status it was given. So counts, overdue
 * and the report all say what was known then.
 */
export function asAtReview(data: PlanData, review: PlanData['reviews'][number]): PlanData {
  const reviewDate = new Map(data.reviews.map((r) => [r.id, r.date]));
  const actions = data.actions.map((a) => {
    let best: { date: string; id: number; status: PlanAction['status']; statusText: string | null } | null =
      null;
    for (const u of data.updates.get(a.id) ?? []) {
      const date = u.reviewId !== null ? reviewDate.get(u.reviewId)! : u.recordedAt.slice(0, 10);
      if (date > review.date) continue;
      if (!best || date > best.date || (date === best.date && u.id > best.id))
        best = { date, id: u.id, status: u.status, statusText: u.statusText };
    }
    if (best) return { ...a, status: best.status, statusText: best.statusText };
    // Updated only after the review: what it stood at then is not recorded.
    return (data.updates.get(a.id) ?? []).length ? { ...a, status: null, statusText: null } : a;
  });
  return { ...data, actions };
}

/** Loads a plan and its progress as at a review (its date) or today. */
export async function loadPlanProgress(
  store: Store,
  planId: number,
  clock: Clock,
  options: { reviewId?: number; withUpdates?: boolean } = {},
): Promise<{ data: PlanData; progress: PlanProgress }> {
  const withUpdates = (options.withUpdates ?? false) || options.reviewId !== undefined;
  const loaded = await loadPlanData(store.db, planId, withUpdates);
  if (!loaded) throw notFound(`There is no improvement plan ${planId}.`);
  const review =
    options.reviewId !== undefined ? loaded.reviews.find((r) => r.id === options.reviewId) : undefined;
  if (options.reviewId !== undefined && !review)
    throw notFound(`${loaded.plan.title} has no progress review ${options.reviewId}.`);
  const data = review ? asAtReview(loaded, review) : loaded;
  const asAt = review?.date ?? clock.now().toISOString().slice(0, 10);
  return { data, progress: planProgress(data, asAt, review ?? null) };
}
