/**
 * Storage for the risk register (issue 14, migration 0020): the council's matrix, risks with their
 * links, controls and further actions, and their quarterly reviews with sign-off. The use cases
 * (app/risks/) check what is written; these read and write. Functions take a Kysely handle, so use
 * cases pass their transaction. Quarter codes ('2017-18-Q2') sort as text, so "up to a quarter" is a
 * text comparison.
 */
import type { Kysely } from 'kysely';
import type { Database, RiskTable } from './schema.js';
import type { Insertable, Updateable } from 'kysely';

type Db = Kysely<Database>;

// ---- the matrix ----

export async function findRiskMatrix(db: Db): Promise<{ matrix: string; version: number } | undefined> {
  return db
    .selectFrom('risk_matrix')
    .innerJoin('council', 'council.id', 'risk_matrix.council_id')
    .select(['risk_matrix.matrix', 'risk_matrix.version'])
    .orderBy('council.id')
    .executeTakeFirst();
}

/** Saves the first council's matrix if it is still at `expectedVersion` (0: none saved yet); true if it was. */
export async function saveRiskMatrix(db: Db, matrix: string, expectedVersion: number): Promise<boolean> {
  const council = await db.selectFrom('council').select('id').orderBy('id').executeTakeFirstOrThrow();
  if (expectedVersion === 0) {
    const existing = await db
      .selectFrom('risk_matrix')
      .select('id')
      .where('council_id', '=', council.id)
      .executeTakeFirst();
    if (existing) return false;
    await db.insertInto('risk_matrix').values({ council_id: council.id, matrix, version: 1 }).execute();
    return true;
  }
  const r = await db
    .updateTable('risk_matrix')
    .set({ matrix, version: expectedVersion + 1 })
    .where('council_id', '=', council.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The highest likelihood or impact any risk or review uses: a smaller matrix must still hold it. */
export async function highestRating(db: Db): Promise<number> {
  const r = await db
    .selectFrom('risk')
    .select((eb) => [
      eb.fn.max('inherent_likelihood').as('a'),
      eb.fn.max('inherent_impact').as('b'),
      eb.fn.max('residual_likelihood').as('c'),
      eb.fn.max('residual_impact').as('d'),
      eb.fn.max('target_likelihood').as('e'),
      eb.fn.max('target_impact').as('f'),
    ])
    .executeTakeFirst();
  const v = await db
    .selectFrom('risk_review')
    .select((eb) => [eb.fn.max('likelihood').as('a'), eb.fn.max('impact').as('b')])
    .executeTakeFirst();
  return Math.max(0, ...[...Object.values(r ?? {}), ...Object.values(v ?? {})].map((x) => Number(x ?? 0)));
}

// ---- risks ----

function riskQuery(db: Db) {
  return db
    .selectFrom('risk')
    .leftJoin('user_account as owner', 'owner.id', 'risk.owner_user_id')
    .leftJoin('directorate', 'directorate.id', 'risk.directorate_id')
    .selectAll('risk')
    .select(['owner.name as owner_name', 'directorate.name as directorate_name']);
}

export type RiskRow = Awaited<ReturnType<ReturnType<typeof riskQuery>['execute']>>[number];

/** Every risk (open ones, or also closed), with its owner's and directorate's names, by reference. */
export function listRisks(db: Db, options: { ownerUserId?: number } = {}): Promise<RiskRow[]> {
  let q = riskQuery(db);
  if (options.ownerUserId !== undefined) q = q.where('risk.owner_user_id', '=', options.ownerUserId);
  return q.orderBy('risk.reference').execute();
}

export function findRisk(db: Db, riskId: number): Promise<RiskRow | undefined> {
  return riskQuery(db).where('risk.id', '=', riskId).executeTakeFirst();
}

export async function findRiskIdByReference(db: Db, reference: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('risk')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['reference']), '=', reference.toLowerCase()))
    .executeTakeFirst();
  return r?.id;
}

export async function insertRisk(db: Db, values: Insertable<RiskTable>): Promise<number> {
  const r = await db.insertInto('risk').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Writes a risk if it is still at `expectedVersion`, moving it on; true if it was. */
export async function updateRiskAtVersion(
  db: Db,
  riskId: number,
  expectedVersion: number,
  values: Updateable<RiskTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('risk')
    .set({ ...values, version: expectedVersion + 1 })
    .where('id', '=', riskId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- links, controls, further actions ----

/** A risk's links with the priority's or outcome's code, title and plan. */
export function linksOf(db: Db, riskIds?: number[]) {
  if (riskIds && !riskIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('risk_link')
    .leftJoin('priority', 'priority.id', 'risk_link.priority_id')
    .leftJoin('outcome', 'outcome.id', 'risk_link.outcome_id')
    .select([
      'risk_link.risk_id',
      'risk_link.priority_id',
      'risk_link.outcome_id',
      'priority.code as priority_code',
      'priority.title as priority_title',
      'priority.plan_id as priority_plan_id',
      'outcome.code as outcome_code',
      'outcome.title as outcome_title',
      'outcome.plan_id as outcome_plan_id',
      'outcome.priority_id as outcome_priority_id',
    ])
    .orderBy('risk_link.id');
  if (riskIds) q = q.where('risk_link.risk_id', 'in', riskIds);
  return q.execute();
}

export type RiskLinkRow = Awaited<ReturnType<typeof linksOf>>[number];

/** A plan's priorities and outcomes, for the lists a risk's links are chosen from. */
export async function strategyOf(db: Db, planId: number) {
  const priorities = await db
    .selectFrom('priority')
    .select(['id', 'code', 'title'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  const outcomes = await db
    .selectFrom('outcome')
    .select(['id', 'code', 'title', 'priority_id'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  return { priorities, outcomes };
}

/** Which of these ids are priorities and outcomes that exist. */
export async function existingStrategy(db: Db, priorityIds: number[], outcomeIds: number[]) {
  const p = priorityIds.length
    ? await db.selectFrom('priority').select('id').where('id', 'in', priorityIds).execute()
    : [];
  const o = outcomeIds.length
    ? await db.selectFrom('outcome').select('id').where('id', 'in', outcomeIds).execute()
    : [];
  return { priorities: new Set(p.map((r) => r.id)), outcomes: new Set(o.map((r) => r.id)) };
}

export async function directorateExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('directorate').select('id').where('id', '=', id).executeTakeFirst());
}

export async function findOwnerAccount(db: Db, id: number) {
  return db
    .selectFrom('user_account')
    .select(['id', 'name', 'role', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function planActionExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('plan_action').select('id').where('id', '=', id).executeTakeFirst());
}

export async function replaceLinks(
  db: Db,
  riskId: number,
  links: { priorityId: number | null; outcomeId: number | null }[],
): Promise<void> {
  await db.deleteFrom('risk_link').where('risk_id', '=', riskId).execute();
  if (links.length)
    await db
      .insertInto('risk_link')
      .values(links.map((l) => ({ risk_id: riskId, priority_id: l.priorityId, outcome_id: l.outcomeId })))
      .execute();
}

export function controlsOf(db: Db, riskId: number): Promise<{ id: number; description: string }[]> {
  return db
    .selectFrom('risk_control')
    .select(['id', 'description'])
    .where('risk_id', '=', riskId)
    .orderBy('position')
    .execute();
}

export async function replaceControls(db: Db, riskId: number, controls: string[]): Promise<void> {
  await db.deleteFrom('risk_control').where('risk_id', '=', riskId).execute();
  if (controls.length)
    await db
      .insertInto('risk_control')
      .values(controls.map((description, i) => ({ risk_id: riskId, description, position: i + 1 })))
      .execute();
}

/** A risk's further actions, each with the improvement-plan action it is (its plan, status, progress). */
export function riskActionsOf(db: Db, riskId: number) {
  return db
    .selectFrom('risk_action')
    .leftJoin('plan_action', 'plan_action.id', 'risk_action.plan_action_id')
    .leftJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .select([
      'risk_action.id',
      'risk_action.description',
      'risk_action.due_date',
      'risk_action.plan_action_id',
      'plan_action.code as action_code',
      'plan_action.title as action_title',
      'plan_action.status as action_status',
      'plan_action.status_text as action_status_text',
      'plan_action.percent_complete as action_percent',
      'plan_action.improvement_plan_id as plan_id',
      'improvement_plan.title as plan_title',
    ])
    .where('risk_action.risk_id', '=', riskId)
    .orderBy('risk_action.position')
    .execute();
}

export async function insertRiskAction(
  db: Db,
  riskId: number,
  values: { description: string; dueDate: string | null; planActionId: number | null },
): Promise<number> {
  const last = await db
    .selectFrom('risk_action')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('risk_id', '=', riskId)
    .executeTakeFirst();
  const r = await db
    .insertInto('risk_action')
    .values({
      risk_id: riskId,
      description: values.description,
      due_date: values.dueDate,
      plan_action_id: values.planActionId,
      position: Number(last?.p ?? 0) + 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function findRiskAction(db: Db, riskId: number, riskActionId: number) {
  return db
    .selectFrom('risk_action')
    .selectAll()
    .where('risk_id', '=', riskId)
    .where('id', '=', riskActionId)
    .executeTakeFirst();
}

export async function deleteRiskAction(db: Db, riskActionId: number): Promise<void> {
  await db.deleteFrom('risk_action').where('id', '=', riskActionId).execute();
}

/** Improvement-plan actions a further action may be, with their plan, for a list to choose from. */
export function planActionChoices(db: Db) {
  return db
    .selectFrom('plan_action')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .select([
      'plan_action.id',
      'plan_action.code',
      'plan_action.title',
      'improvement_plan.title as plan_title',
    ])
    .orderBy('improvement_plan.title')
    .orderBy('plan_action.position')
    .execute();
}

// ---- reviews ----

export type RiskReviewInsert = Insertable<Database['risk_review']>;

export async function insertRiskReview(db: Db, values: RiskReviewInsert): Promise<number> {
  const r = await db.insertInto('risk_review').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Closes a risk's reviews still waiting (submitted or returned) as 'superseded' by a newer one. */
export async function supersedeRiskReviews(db: Db, riskId: number): Promise<void> {
  await db
    .updateTable('risk_review')
    .set({ state: 'superseded' })
    .where('risk_id', '=', riskId)
    .where('state', 'in', ['submitted', 'returned'])
    .execute();
}

/** Decides a review only while it waits; true if it did. */
export async function decideRiskReview(
  db: Db,
  reviewId: number,
  d: { state: 'approved' | 'returned'; reviewedBy: number; reviewedAt: string; comment: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('risk_review')
    .set({ state: d.state, reviewed_by: d.reviewedBy, reviewed_at: d.reviewedAt, review_comment: d.comment })
    .where('id', '=', reviewId)
    .where('state', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records on an approved review the score before it and the movement from it. */
export async function setReviewMovement(
  db: Db,
  reviewId: number,
  before: { residual_likelihood: number; residual_impact: number },
  direction: string,
): Promise<void> {
  await db
    .updateTable('risk_review')
    .set({
      previous_likelihood: before.residual_likelihood,
      previous_impact: before.residual_impact,
      direction,
    })
    .where('id', '=', reviewId)
    .execute();
}

/** A risk's reviews, newest first. */
export function reviewsOf(db: Db, riskId: number) {
  return db
    .selectFrom('risk_review')
    .selectAll()
    .where('risk_id', '=', riskId)
    .orderBy('id', 'desc')
    .execute();
}

function reviewForDecision(db: Db) {
  return db
    .selectFrom('risk_review')
    .innerJoin('risk', 'risk.id', 'risk_review.risk_id')
    .leftJoin('user_account as owner', 'owner.id', 'risk.owner_user_id')
    .select([
      'risk_review.id as reviewId',
      'risk_review.risk_id as riskId',
      'risk.reference',
      'risk.title',
      'risk.directorate_id as directorateId',
      'risk.version as riskVersion',
      'owner.name as ownerName',
      'risk_review.period_code as periodCode',
      'risk_review.likelihood',
      'risk_review.impact',
      'risk_review.direction',
      'risk_review.commentary',
      'risk_review.controls_effective as controlsEffective',
      'risk_review.recorded_by as recordedBy',
      'risk_review.recorded_at as recordedAt',
      'risk_review.submitted_by as submittedBy',
      'risk_review.state',
    ]);
}

export type RiskReviewForDecisionRow = Awaited<
  ReturnType<ReturnType<typeof reviewForDecision>['execute']>
>[number];

export function submittedRiskReviews(db: Db): Promise<RiskReviewForDecisionRow[]> {
  return reviewForDecision(db)
    .where('risk_review.state', '=', 'submitted')
    .orderBy('risk_review.id')
    .execute();
}

export function findRiskReviewForDecision(db: Db, reviewId: number) {
  return reviewForDecision(db).where('risk_review.id', '=', reviewId).executeTakeFirst();
}

export interface ApprovedScore {
  risk_id: number;
  period_code: string;
  likelihood: number;
  impact: number;
  id: number;
  direction: string;
  previous_likelihood: number | null;
  previous_impact: number | null;
}

/**
 * The approved reviews of the quarters up to and including `upTo` (every quarter when null), for the
 * given risks (every risk when none are given), in the order they were made.
 */
export function approvedReviews(db: Db, upTo: string | null, riskIds?: number[]): Promise<ApprovedScore[]> {
  let q = db
    .selectFrom('risk_review')
    .select([
      'risk_id',
      'period_code',
      'likelihood',
      'impact',
      'id',
      'direction',
      'previous_likelihood',
      'previous_impact',
    ])
    .where('state', '=', 'approved');
  if (upTo) q = q.where('period_code', '<=', upTo);
  if (riskIds) {
    if (!riskIds.length) return Promise.resolve([]);
    q = q.where('risk_id', 'in', riskIds);
  }
  return q.orderBy('id').execute();
}

/** The latest review of each of the risks in a quarter, whatever its state (for "Your updates"). */
export function reviewStatesIn(db: Db, periodCode: string, riskIds: number[]) {
  if (!riskIds.length) return Promise.resolve([]);
  return db
    .selectFrom('risk_review')
    .select([
      'id',
      'risk_id',
      'state',
      'review_comment',
      'likelihood',
      'impact',
      'direction',
      'commentary',
      'controls_effective',
    ])
    .where('period_code', '=', periodCode)
    .where('risk_id', 'in', riskIds)
    .where('state', '!=', 'superseded')
    .orderBy('id')
    .execute();
}

/** Owners of open risks with no review waiting or approved in the quarter (for the round's reminders). */
export function ownersWithRisksToReview(db: Db, periodCode: string) {
  return db
    .selectFrom('risk')
    .innerJoin('user_account', 'user_account.id', 'risk.owner_user_id')
    .select([
      'user_account.id as userId',
      'user_account.email',
      'user_account.name',
      'risk.reference',
      'risk.title',
    ])
    .where('risk.closed_on', 'is', null)
    .where('user_account.active', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('risk_review')
            .select('risk_review.id')
            .whereRef('risk_review.risk_id', '=', 'risk.id')
            .where('risk_review.period_code', '=', periodCode)
            .where('risk_review.state', 'in', ['submitted', 'approved']),
        ),
      ),
    )
    .orderBy('user_account.id')
    .orderBy('risk.reference')
    .execute();
}

/** Accounts that may own a risk (not viewers), by name. */
export function riskOwnerChoices(db: Db) {
  return db
    .selectFrom('user_account')
    .select(['id', 'name', 'email', 'role'])
    .where('active', '=', 1)
    .where('role', '!=', 'viewer')
    .orderBy('name')
    .execute();
}

/** The controls of many risks, in order. */
export function controlsOfRisks(db: Db, riskIds: number[]) {
  if (!riskIds.length) return Promise.resolve([]);
  return db
    .selectFrom('risk_control')
    .select(['risk_id', 'description'])
    .where('risk_id', 'in', riskIds)
    .orderBy('risk_id')
    .orderBy('position')
    .execute();
}

/** Every account by id with its email, for the register's spreadsheet. */
export function accountEmails(db: Db) {
  return db.selectFrom('user_account').select(['id', 'email', 'name', 'role', 'active']).execute();
}

/** The quarters with an approved review, newest first. */
export async function approvedPeriods(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('risk_review')
    .select('period_code')
    .distinct()
    .where('state', '=', 'approved')
    .orderBy('period_code', 'desc')
    .execute();
  return rows.map((r) => r.period_code);
}
