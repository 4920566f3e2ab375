/**
 * Improvement, business and action plans in the database: save a whole PlanDocument in the caller's
 * transaction, read it back (for export), and read a plan as the pages and reports need it.
 */
import type { Insertable, Kysely } from 'kysely';
import type { PlanDocument } from '../domain/plans/document.js';
import { parseTargetDate } from '../domain/plans/target-dates.js';
import { readStatus } from '../domain/plans/status.js';
import type { Database } from './schema.js';

export type { ActionUpdate, PlanAction, PlanData } from './plan-records.js';

type Db = Kysely<Database>;

export async function listImprovementPlans(db: Db) {
  return db
    .selectFrom('improvement_plan')
    .leftJoin('plan_action', 'plan_action.improvement_plan_id', 'improvement_plan.id')
    .select((eb) => [
      'improvement_plan.id',
      'improvement_plan.kind',
      'improvement_plan.basis',
      'improvement_plan.title',
      'improvement_plan.source',
      'improvement_plan.owner',
      'improvement_plan.organisation',
      eb.fn.count<number>('plan_action.id').as('actions'),
    ])
    .groupBy([
      'improvement_plan.id',
      'improvement_plan.kind',
      'improvement_plan.basis',
      'improvement_plan.title',
      'improvement_plan.source',
      'improvement_plan.owner',
      'improvement_plan.organisation',
    ])
    .orderBy('improvement_plan.id')
    .execute();
}

export function findImprovementPlan(db: Db, id: number) {
  return db.selectFrom('improvement_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findImprovementPlanByTitle(db: Db, title: string) {
  return db.selectFrom('improvement_plan').selectAll().where('title', '=', title).executeTakeFirst();
}

/** Removes a plan and, through its foreign keys, everything in it (a plan replaced by an import). */
export async function deleteImprovementPlan(db: Db, id: number): Promise<void> {
  await db.deleteFrom('improvement_plan').where('id', '=', id).execute();
}

/** The latest strategy plan with this title, if any: what a plan document's strategy names. */
export function findStrategyPlanByTitle(db: Db, title: string) {
  return db
    .selectFrom('plan')
    .select('id')
    .where('title', '=', title)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The id of a strategy plan's priority or outcome with this code, if it has one. */
export async function findStrategyPartId(
  db: Db,
  kind: 'priority' | 'outcome',
  strategyPlanId: number,
  code: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom(kind)
    .select('id')
    .where('plan_id', '=', strategyPlanId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.id;
}

/** The strategy's priorities, outcomes and indicators by code, for resolving links. */
export async function strategyIndex(db: Db, strategyPlanId: number) {
  const [priorities, outcomes, indicators] = await Promise.all([
    db.selectFrom('priority').select(['id', 'code', 'title']).where('plan_id', '=', strategyPlanId).execute(),
    db.selectFrom('outcome').select(['id', 'code', 'title']).where('plan_id', '=', strategyPlanId).execute(),
    db
      .selectFrom('indicator')
      .select(['id', 'number as code', 'title'])
      .where('plan_id', '=', strategyPlanId)
      .execute(),
  ]);
  return {
    priority: new Map(priorities.map((p) => [p.code, p])),
    outcome: new Map(outcomes.map((o) => [o.code, o])),
    indicator: new Map(indicators.map((i) => [i.code, i])),
  };
}
export type StrategyIndex = Awaited<ReturnType<typeof strategyIndex>>;

async function insertBatches<T extends keyof Database>(
  db: Db,
  table: T,
  rows: Record<string, unknown>[],
  size = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size) as unknown as Insertable<Database[T]>[];
    await db
      .insertInto(table)
      .values(batch as never)
      .execute();
  }
}

/**
 * Inserts a whole, checked document as a new plan (call inside a transaction). Links to the strategy
 * resolve against `strategy` (the caller has checked they all do).
 */
export async function insertPlanDocument(
  db: Db,
  doc: PlanDocument,
  strategy: { planId: number; index: StrategyIndex } | null,
  now: string,
  recordedBy: string,
): Promise<number> {
  const p = doc.plan;
  const { id: planId } = await db
    .insertInto('improvement_plan')
    .values({
      kind: p.kind,
      basis: p.basis ?? null,
      title: p.title,
      source: p.source ?? null,
      organisation: p.organisation ?? null,
      owner: p.owner ?? null,
      description: p.description ?? null,
      strategy_plan_id: strategy?.planId ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const themeIds = new Map<string, number>();
  for (const [i, t] of doc.themes.entries()) {
    const row = await db
      .insertInto('plan_theme')
      .values({ improvement_plan_id: planId, code: t.code, title: t.title, position: i + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    themeIds.set(t.code, row.id);
  }
  const recIds = new Map<string, number>();
  for (const [i, r] of doc.recommendations.entries()) {
    const row = await db
      .insertInto('recommendation')
      .values({
        improvement_plan_id: planId,
        theme_id: r.theme ? (themeIds.get(r.theme) ?? null) : null,
        code: r.code,
        title: r.title,
        body: r.body ?? null,
        bullets: JSON.stringify(r.bullets ?? []),
        position: i + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    recIds.set(r.code, row.id);
  }
  await insertBatches(
    db,
    'finding',
    doc.findings.map((f, i) => ({
      improvement_plan_id: planId,
      number: f.number,
      text: f.text,
      theme: f.theme ?? null,
      recommendation_id: f.recommendation ? (recIds.get(f.recommendation) ?? null) : null,
      position: i + 1,
    })),
  );
  const reviewIds = new Map<string, number>();
  for (const r of doc.reviews) {
    const row = await db
      .insertInto('progress_review')
      .values({ improvement_plan_id: planId, title: r.title, review_date: r.date, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    reviewIds.set(r.title, row.id);
  }

  const actionIds: number[] = [];
  const BATCH = 200;
  for (let i = 0; i < doc.actions.length; i += BATCH) {
    const batch = doc.actions.slice(i, i + BATCH);
    const rows = await db
      .insertInto('plan_action')
      .values(
        batch.map((a, j) => {
          const status = readStatus(a.status);
          return {
            improvement_plan_id: planId,
            recommendation_id: a.recommendation ? (recIds.get(a.recommendation) ?? null) : null,
            code: a.code,
            section: a.section ?? null,
            title: a.title,
            lead_officers: a.leadOfficers ?? null,
            lead_councillor: a.leadCouncillor ?? null,
            owner_user_id: null,
            target_text: a.target?.trim() ? a.target : null,
            target_due: parseTargetDate(a.target).due,
            status: status ?? null,
            status_text: a.status?.trim() ? a.status.trim() : null,
            completed_on: a.completedOn ?? null,
            position: i + j + 1,
            updated_at: now,
          };
        }),
      )
      .returning('id')
      .execute();
    actionIds.push(...rows.map((r) => r.id));
  }

  const citations: Record<string, unknown>[] = [];
  const tags: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  doc.actions.forEach((a, i) => {
    const actionId = actionIds[i]!;
    for (const ref of new Set(a.findings ?? []))
      citations.push({ action_id: actionId, kind: 'finding', ref });
    for (const ref of new Set(a.recommendations ?? []))
      citations.push({ action_id: actionId, kind: 'recommendation', ref });
    for (const tag of new Set(a.tags ?? [])) tags.push({ action_id: actionId, tag });
    for (const s of a.supports ?? []) {
      const target = strategy?.index[s.kind].get(s.code);
      if (!target) continue;
      links.push({
        action_id: actionId,
        priority_id: s.kind === 'priority' ? target.id : null,
        outcome_id: s.kind === 'outcome' ? target.id : null,
        indicator_id: s.kind === 'indicator' ? target.id : null,
      });
    }
    for (const u of a.updates ?? []) {
      const status = readStatus(u.status);
      updates.push({
        action_id: actionId,
        review_id: u.review ? (reviewIds.get(u.review) ?? null) : null,
        status: status ?? null,
        status_text: u.status?.trim() ? u.status.trim() : null,
        text: u.text,
        recorded_by: recordedBy,
        recorded_at: now,
      });
    }
  });
  await insertBatches(db, 'action_citation', citations);
  await insertBatches(db, 'action_tag', tags);
  await insertBatches(db, 'action_strategy_link', links);
  await insertBatches(db, 'action_update', updates);
  return planId;
}

export {
  actionUpdates,
  actionsAssignedTo,
  actionsSupporting,
  latestUpdates,
  loadPlanData,
  loadPlanDocument,
} from './plan-reading.js';
