/**
 * Reading plans for the adapters (web pages, the CLI): the list, one plan, a plan as pages and
 * reports need it, its actions' updates, the recommendations a form lists, the actions supporting a
 * strategy priority or outcome, and a plan's published progress reports. The record types the pages
 * name are re-exported from here, so no adapter imports storage.
 */
import { findUserByEmail } from '../../storage/account-repository.js';
import { findActionByCode } from '../../storage/plan-actions-repository.js';
import {
  findRecommendationCode,
  findThemeTitle,
  listRecommendationCodes,
} from '../../storage/plan-parts-repository.js';
import {
  findCouncilName,
  listPlanReportVersions as listVersions,
} from '../../storage/plan-report-repository.js';
import {
  actionsSupporting as supporting,
  actionUpdates as updatesOf,
  findImprovementPlan as findPlan,
  findStrategyPartId,
  latestUpdates as latestOf,
  listImprovementPlans as listAll,
  loadPlanData as load,
} from '../../storage/plans-repository.js';
import { listPlans as listStrategies } from '../../storage/performance-repository.js';
import type { Store } from '../store.js';

export type { ActionUpdate, PlanAction, PlanData } from '../../storage/plan-records.js';
export type { PlanReportVersionRecord } from '../../storage/plan-report-repository.js';
export type { ImprovementPlanRecord, PlanRecord } from '../../storage/schema.js';

/** The strategy plans, latest first: what a plan's actions may support, and the navigation's plan. */
export const listPlans = (store: Store) => listStrategies(store.db);

/** Every improvement, business and action plan, with how many actions each has. */
export const listImprovementPlans = (store: Store) => listAll(store.db);

export const findImprovementPlan = (store: Store, id: number) => findPlan(store.db, id);

/** A plan as pages and reports need it; `withUpdates` also reads every approved update. */
export const loadPlanData = (store: Store, planId: number, withUpdates = false) =>
  load(store.db, planId, withUpdates);

/** One action's approved updates, oldest first (with `all`, also those not approved). */
export const actionUpdates = (store: Store, actionId: number, all = false) =>
  updatesOf(store.db, actionId, all);

/** The latest approved update of each action, at a review or of all. */
export const latestUpdates = (store: Store, planId: number, reviewId?: number) =>
  latestOf(store.db, planId, reviewId);

/** The plan's action with this code, if it has one. */
export const findAction = (store: Store, planId: number, code: string) =>
  findActionByCode(store.db, planId, code);

/** A plan's recommendations' codes and titles, in the plan's order, for a form's list. */
export const planRecommendations = (store: Store, planId: number) =>
  listRecommendationCodes(store.db, planId);

export const themeTitle = (store: Store, themeId: number) => findThemeTitle(store.db, themeId);
export const recommendationCode = (store: Store, recommendationId: number) =>
  findRecommendationCode(store.db, recommendationId);

/** The id of the Cairn account with this email address, if there is one. */
export async function accountIdByEmail(store: Store, email: string): Promise<number | undefined> {
  return (await findUserByEmail(store.db, email))?.id;
}

/** The plans' actions supporting a strategy plan's priority or outcome (by code), with their plan. */
export async function actionsSupporting(
  store: Store,
  kind: 'priority' | 'outcome',
  strategyPlanId: number,
  code: string,
) {
  const id = await findStrategyPartId(store.db, kind, strategyPlanId, code);
  return id === undefined ? [] : supporting(store.db, kind, id);
}

/** A plan's published progress reports, newest first. */
export const listPlanReportVersions = (store: Store, planId: number) => listVersions(store.db, planId);

/** The council's name, as a published report names it; undefined before one is set up. */
export const councilName = (store: Store) => findCouncilName(store.db);
