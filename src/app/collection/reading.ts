/**
 * What the collection pages read that is not a use case of its own: the rounds, a person's
 * assignments, a plan's indicators with their directorates, the directorates, and the improvement
 * plans the action reminders are about.
 */
import type { Store } from '../../storage/database.js';
import {
  assignedIndicatorIds,
  listRounds,
  roundIndicators,
  type RoundIndicator,
} from '../../storage/collection-repository.js';
import { listDirectorates } from '../../storage/directorates.js';
import { findImprovementPlan, listImprovementPlans } from '../../storage/plans-repository.js';
import type { CollectionRoundRecord } from '../../storage/schema.js';

type Reader = Pick<Store, 'db'>;

/** Every round (or only those not yet locked), newest period first, with its plan's title. */
export function rounds(
  store: Reader,
  filter: { openOnly?: boolean } = {},
): Promise<(CollectionRoundRecord & { plan_title: string })[]> {
  return listRounds(store.db, filter);
}

/** The ids of the indicators assigned to a person, in any plan. */
export function indicatorsAssignedTo(store: Reader, userId: number): Promise<number[]> {
  return assignedIndicatorIds(store.db, userId);
}

/** A plan's indicators in order, each with its outcome and directorate. */
export function planIndicatorPlaces(store: Reader, planId: number): Promise<RoundIndicator[]> {
  return roundIndicators(store.db, planId);
}

/** Every directorate, by name. */
export function directorates(store: Reader): Promise<{ id: number; code: string; name: string }[]> {
  return listDirectorates(store.db);
}

/** The improvement plans, for choosing which one's action reminders to list. */
export function improvementPlans(store: Reader) {
  return listImprovementPlans(store.db);
}

export function improvementPlan(store: Reader, planId: number) {
  return findImprovementPlan(store.db, planId);
}
