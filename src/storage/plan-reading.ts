/**
 * Reading plans: a plan as pages and reports need it, one action's updates, the latest update of
 * each action, a plan back as a document (for export), and the actions assigned to a person or
 * supporting a strategy priority or outcome.
 */
import type { Kysely } from 'kysely';
import type { PlanDocument } from '../domain/plans/document.js';
import { isActionStatus, type ActionStatus } from '../domain/plans/status.js';
import type { ActionUpdate, PlanAction, PlanData } from './plan-records.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const asStatus = (s: string | null): ActionStatus | null => (isActionStatus(s) ? s : null);

/** Reads a plan as pages and reports need it; `withUpdates` also reads every update. */
export async function loadPlanData(
  db: Db,
  planId: number,
  withUpdates = false,
): Promise<PlanData | undefined> {
  const plan = await db
    .selectFrom('improvement_plan')
    .leftJoin('plan', 'plan.id', 'improvement_plan.strategy_plan_id')
    .selectAll('improvement_plan')
    .select('plan.title as strategyTitle')
    .where('improvement_plan.id', '=', planId)
    .executeTakeFirst();
  if (!plan) return undefined;
  const [themes, recs, findings, reviews, actions, citations, tags, links] = await Promise.all([
    db
      .selectFrom('plan_theme')
      .select(['id', 'code', 'title'])
      .where('improvement_plan_id', '=', planId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('recommendation')
      .selectAll()
      .where('improvement_plan_id', '=', planId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('finding')
      .selectAll()
      .where('improvement_plan_id', '=', planId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('progress_review')
      .select(['id', 'title', 'review_date'])
      .where('improvement_plan_id', '=', planId)
      .orderBy('review_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('plan_action')
      .leftJoin('user_account', 'user_account.id', 'plan_action.owner_user_id')
      .selectAll('plan_action')
      .select(['user_account.name as owner_name', 'user_account.email as owner_email'])
      .where('plan_action.improvement_plan_id', '=', planId)
      .orderBy('plan_action.position')
      .execute(),
    db
      .selectFrom('action_citation')
      .innerJoin('plan_action', 'plan_action.id', 'action_citation.action_id')
      .select(['action_citation.action_id', 'action_citation.kind', 'action_citation.ref'])
      .where('plan_action.improvement_plan_id', '=', planId)
      .execute(),
    db
      .selectFrom('action_tag')
      .innerJoin('plan_action', 'plan_action.id', 'action_tag.action_id')
      .select(['action_tag.action_id', 'action_tag.tag'])
      .where('plan_action.improvement_plan_id', '=', planId)
      .orderBy('action_tag.tag')
      .execute(),
    db
      .selectFrom('action_strategy_link as l')
      .innerJoin('plan_action', 'plan_action.id', 'l.action_id')
      .leftJoin('priority', 'priority.id', 'l.priority_id')
      .leftJoin('outcome', 'outcome.id', 'l.outcome_id')
      .leftJoin('indicator', 'indicator.id', 'l.indicator_id')
      .select([
        'l.action_id',
        'l.priority_id',
        'l.outcome_id',
        'l.indicator_id',
        'priority.code as priority_code',
        'priority.title as priority_title',
        'outcome.code as outcome_code',
        'outcome.title as outcome_title',
        'indicator.number as indicator_number',
        'indicator.title as indicator_title',
      ])
      .where('plan_action.improvement_plan_id', '=', planId)
      .orderBy('l.id')
      .execute(),
  ]);
  const byAction = new Map(
    actions.map((a) => [
      a.id,
      {
        id: a.id,
        code: a.code,
        recommendationId: a.recommendation_id,
        section: a.section,
        title: a.title,
        leadOfficers: a.lead_officers,
        leadCouncillor: a.lead_councillor,
        ownerUserId: a.owner_user_id,
        ownerName: a.owner_name,
        ownerEmail: a.owner_email,
        targetText: a.target_text,
        targetDue: a.target_due,
        status: asStatus(a.status),
        statusText: a.status_text,
        completedOn: a.completed_on,
        version: a.version,
        updatedAt: a.updated_at,
        findings: [],
        recommendations: [],
        tags: [],
        supports: [],
      } as PlanAction,
    ]),
  );
  for (const c of citations) {
    const a = byAction.get(c.action_id);
    if (a) (c.kind === 'finding' ? a.findings : a.recommendations).push(c.ref);
  }
  for (const t of tags) byAction.get(t.action_id)?.tags.push(t.tag);
  for (const l of links) {
    const a = byAction.get(l.action_id);
    if (!a) continue;
    if (l.priority_id)
      a.supports.push({
        kind: 'priority',
        id: l.priority_id,
        code: l.priority_code!,
        title: l.priority_title!,
      });
    if (l.outcome_id)
      a.supports.push({ kind: 'outcome', id: l.outcome_id, code: l.outcome_code!, title: l.outcome_title! });
    if (l.indicator_id)
      a.supports.push({
        kind: 'indicator',
        id: l.indicator_id,
        code: l.indicator_number!,
        title: l.indicator_title!,
      });
  }
  const updates = new Map<number, ActionUpdate[]>();
  if (withUpdates) {
    const rows = await db
      .selectFrom('action_update')
      .innerJoin('plan_action', 'plan_action.id', 'action_update.action_id')
      .selectAll('action_update')
      .where('plan_action.improvement_plan_id', '=', planId)
      .where('action_update.state', '=', 'approved')
      .orderBy('action_update.id')
      .execute();
    for (const u of rows) {
      const list = updates.get(u.action_id) ?? [];
      list.push(toUpdate(u));
      updates.set(u.action_id, list);
    }
  }
  const sortFindings = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  for (const a of byAction.values()) a.findings.sort(sortFindings);
  return {
    plan,
    themes,
    recommendations: recs.map((r) => ({
      id: r.id,
      code: r.code,
      themeId: r.theme_id,
      title: r.title,
      body: r.body,
      bullets: JSON.parse(r.bullets) as string[],
    })),
    findings: findings.map((f) => ({
      id: f.id,
      number: f.number,
      text: f.text,
      theme: f.theme,
      recommendationId: f.recommendation_id,
    })),
    reviews: reviews.map((r) => ({ id: r.id, title: r.title, date: r.review_date })),
    actions: [...byAction.values()],
    updates,
  };
}

function toUpdate(u: {
  id: number;
  action_id: number;
  review_id: number | null;
  status: string | null;
  status_text: string | null;
  text: string;
  recorded_by: string;
  recorded_at: string;
}): ActionUpdate {
  return {
    id: u.id,
    actionId: u.action_id,
    reviewId: u.review_id,
    status: asStatus(u.status),
    statusText: u.status_text,
    text: u.text,
    recordedBy: u.recorded_by,
    recordedAt: u.recorded_at,
  };
}

/**
 * One action's updates, oldest first: the approved ones (what plans and reports show), or with
 * `all` also those waiting for approval, returned or superseded (what the owner's form shows).
 */
export async function actionUpdates(db: Db, actionId: number, all = false): Promise<ActionUpdate[]> {
  let q = db.selectFrom('action_update').selectAll().where('action_id', '=', actionId);
  if (!all) q = q.where('state', '=', 'approved');
  const rows = await q.orderBy('id').execute();
  return rows.map(toUpdate);
}

/** The latest update of each action at or before a review (or the latest of all), in one query. */
export async function latestUpdates(
  db: Db,
  planId: number,
  reviewId?: number,
): Promise<Map<number, ActionUpdate>> {
  let q = db
    .selectFrom('action_update')
    .innerJoin('plan_action', 'plan_action.id', 'action_update.action_id')
    .selectAll('action_update')
    .where('plan_action.improvement_plan_id', '=', planId)
    .where('action_update.state', '=', 'approved');
  if (reviewId !== undefined) q = q.where('action_update.review_id', '=', reviewId);
  const rows = await q.orderBy('action_update.id').execute();
  const out = new Map<number, ActionUpdate>();
  for (const r of rows) out.set(r.action_id, toUpdate(r));
  return out;
}

/** Reads a plan back into the interchange shape (for export). */
export async function loadPlanDocument(db: Db, planId: number): Promise<PlanDocument | undefined> {
  const d = await loadPlanData(db, planId, true);
  if (!d) return undefined;
  const themeCode = new Map(d.themes.map((t) => [t.id, t.code]));
  const recCode = new Map(d.recommendations.map((r) => [r.id, r.code]));
  const reviewTitle = new Map(d.reviews.map((r) => [r.id, r.title]));
  return {
    plan: {
      kind: d.plan.kind as PlanDocument['plan']['kind'],
      basis: (d.plan.basis as PlanDocument['plan']['basis']) ?? null,
      title: d.plan.title,
      source: d.plan.source,
      organisation: d.plan.organisation,
      owner: d.plan.owner,
      description: d.plan.description,
      strategy: d.plan.strategyTitle,
    },
    themes: d.themes.map((t) => ({ code: t.code, title: t.title })),
    recommendations: d.recommendations.map((r) => ({
      code: r.code,
      theme: r.themeId ? (themeCode.get(r.themeId) ?? null) : null,
      title: r.title,
      body: r.body,
      bullets: r.bullets,
    })),
    findings: d.findings.map((f) => ({
      number: f.number,
      text: f.text,
      theme: f.theme,
      recommendation: f.recommendationId ? (recCode.get(f.recommendationId) ?? null) : null,
    })),
    reviews: d.reviews.map((r) => ({ title: r.title, date: r.date })),
    actions: d.actions.map((a) => ({
      code: a.code,
      recommendation: a.recommendationId ? (recCode.get(a.recommendationId) ?? null) : null,
      section: a.section,
      title: a.title,
      leadOfficers: a.leadOfficers,
      leadCouncillor: a.leadCouncillor,
      target: a.targetText,
      status: a.statusText,
      completedOn: a.completedOn,
      findings: a.findings,
      recommendations: a.recommendations,
      supports: a.supports.map((s) => ({ kind: s.kind, code: s.code })),
      tags: a.tags,
      updates: (d.updates.get(a.id) ?? []).map((u) => ({
        review: u.reviewId ? (reviewTitle.get(u.reviewId) ?? null) : null,
        status: u.statusText,
        text: u.text,
      })),
    })),
  };
}

/** Actions assigned to a Cairn account, across every plan. */
export function actionsAssignedTo(db: Db, userId: number) {
  return db
    .selectFrom('plan_action')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .select([
      'plan_action.id',
      'plan_action.code',
      'plan_action.title',
      'plan_action.status',
      'plan_action.status_text',
      'plan_action.target_text',
      'plan_action.target_due',
      'plan_action.version',
      'improvement_plan.id as planId',
      'improvement_plan.title as planTitle',
    ])
    .where('plan_action.owner_user_id', '=', userId)
    .orderBy('improvement_plan.id')
    .orderBy('plan_action.position')
    .execute();
}

/** The actions that support a strategy priority or outcome, with their plan. */
export function actionsSupporting(db: Db, kind: 'priority' | 'outcome', id: number) {
  return db
    .selectFrom('action_strategy_link as l')
    .innerJoin('plan_action', 'plan_action.id', 'l.action_id')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_action.improvement_plan_id')
    .select([
      'plan_action.code',
      'plan_action.title',
      'plan_action.status',
      'plan_action.status_text',
      'plan_action.target_text',
      'plan_action.target_due',
      'plan_action.completed_on',
      'improvement_plan.id as planId',
      'improvement_plan.title as planTitle',
    ])
    .where(kind === 'priority' ? 'l.priority_id' : 'l.outcome_id', '=', id)
    .orderBy('improvement_plan.id')
    .orderBy('plan_action.position')
    .execute();
}
