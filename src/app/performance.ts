/**
 * What the performance pages read besides the scorecard (app/scorecard.ts): the frameworks' plans, an
 * outcome or indicator found by its code or number, and the data version their caches are keyed by.
 */
import type { Store } from '../storage/database.js';
import {
  dataVersion,
  findIndicator,
  findOutcome,
  findPlanById,
  listLivePlans,
  listPlans,
} from '../storage/performance-repository.js';
import type { IndicatorRecord, PlanRecord } from '../storage/schema.js';

type Reader = Pick<Store, 'db'>;

/** Every framework plan, whatever its status, latest first. */
export function frameworkPlans(store: Reader): Promise<PlanRecord[]> {
  return listPlans(store.db);
}

/**
 * The live plans — approved, latest first: the ones collection rounds are opened for and the service
 * navigation goes to. A draft or a plan awaiting approval is on the framework pages only.
 */
export function livePlans(store: Reader): Promise<PlanRecord[]> {
  return listLivePlans(store.db);
}

export function findPlan(store: Reader, planId: number): Promise<PlanRecord | undefined> {
  return findPlanById(store.db, planId);
}

/** The plan's outcome with this code. */
export function findOutcomeByCode(
  store: Reader,
  planId: number,
  code: string,
): Promise<{ id: number; code: string } | undefined> {
  return findOutcome(store.db, planId, code);
}

/** The plan's indicator with this number. */
export function findIndicatorByNumber(
  store: Reader,
  planId: number,
  number: string,
): Promise<IndicatorRecord | undefined> {
  return findIndicator(store.db, planId, number);
}

/** A number that changes whenever performance data changes (the page cache's key). */
export function currentDataVersion(store: Reader): Promise<number> {
  return dataVersion(store.db);
}
