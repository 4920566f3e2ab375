/**
 * What is on the public site and in the open data (issue 15, migration 0022): the `public` flags on
 * framework plans, indicators, improvement plans and quarterly reports, the council's open data
 * licence, and the published (frozen) report versions the public may read. Setting a flag names the
 * value the form was read at (`UPDATE … WHERE public = ?`), so a change someone else made meanwhile
 * is never silently undone.
 */
import type { Kysely } from 'kysely';
import type { Database, PlanRecord } from './schema.js';

type Db = Kysely<Database>;

export type PublicTarget = 'plan' | 'indicator' | 'improvement_plan' | 'report_draft';

/** Approved framework plans marked public, latest first. A draft or submitted plan is never public. */
export function listPublicPlans(db: Db): Promise<PlanRecord[]> {
  return db
    .selectFrom('plan')
    .selectAll()
    .where('public', '=', 1)
    .where('status', '=', 'approved')
    .orderBy('first_year', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The ids of a plan's indicators marked public (retired ones included: their figures were approved). */
export async function publicIndicatorIds(db: Db, planId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('indicator')
    .select('id')
    .where('plan_id', '=', planId)
    .where('public', '=', 1)
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** Sets a flag only if it is still `was`; false when it is not (someone changed it meanwhile) or the row is gone. */
export async function setPublicFlag(
  db: Db,
  target: PublicTarget,
  id: number,
  value: boolean,
  was: boolean,
): Promise<boolean> {
  const r = await db
    .updateTable(target)
    .set({ public: value ? 1 : 0 })
    .where('id', '=', id)
    .where('public', '=', was ? 1 : 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every framework plan with its flag, for the performance team's page (any status). */
export function listPlanFlags(db: Db) {
  return db
    .selectFrom('plan')
    .select(['id', 'title', 'years', 'status', 'public'])
    .orderBy('first_year', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** A plan's indicators with their outcome and flag, in the framework's order. */
export function listIndicatorFlags(db: Db, planId: number) {
  return db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('priority', 'priority.id', 'outcome.priority_id')
    .select([
      'indicator.id',
      'indicator.number',
      'indicator.title',
      'indicator.public',
      'indicator.retired_on',
      'outcome.code as outcomeCode',
      'outcome.title as outcomeTitle',
    ])
    .where('indicator.plan_id', '=', planId)
    .orderBy('priority.position')
    .orderBy('outcome.position')
    .orderBy('indicator.position')
    .execute();
}

export function listImprovementPlanFlags(db: Db) {
  return db
    .selectFrom('improvement_plan')
    .select(['id', 'title', 'kind', 'public'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Quarterly report drafts that have at least one published version, with their flag. */
export async function listReportFlags(db: Db) {
  const rows = await db
    .selectFrom('report_draft')
    .innerJoin('report_version', 'report_version.draft_id', 'report_draft.id')
    .select([
      'report_draft.id',
      'report_draft.period_code',
      'report_draft.scope',
      'report_draft.public',
      (eb) => eb.fn.max('report_version.title').as('title'),
      (eb) => eb.fn.max('report_version.version').as('latest'),
    ])
    .groupBy(['report_draft.id', 'report_draft.period_code', 'report_draft.scope', 'report_draft.public'])
    .orderBy('report_draft.period_code', 'desc')
    .orderBy('report_draft.scope')
    .execute();
  return rows.map((r) => ({ ...r, latest: Number(r.latest), title: String(r.title) }));
}

export function findPublicImprovementPlans(db: Db) {
  return db
    .selectFrom('improvement_plan')
    .selectAll()
    .where('public', '=', 1)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

const VERSION_COLUMNS = ['id', 'version', 'title', 'published_at'] as const;

/** The published versions of the quarterly reports marked public, latest period first, newest version first. */
export function listPublicQuarterlyVersions(db: Db) {
  return db
    .selectFrom('report_version')
    .innerJoin('report_draft', 'report_draft.id', 'report_version.draft_id')
    .select([
      ...VERSION_COLUMNS.map((c) => `report_version.${c}` as const),
      'report_version.period_code',
      'report_version.scope',
      'report_version.draft_id',
    ])
    .where('report_draft.public', '=', 1)
    .orderBy('report_version.period_code', 'desc')
    .orderBy('report_version.scope')
    .orderBy('report_version.version', 'desc')
    .execute();
}

/** The published progress reports of the improvement plans marked public, newest first. */
export function listPublicPlanReportVersions(db: Db) {
  return db
    .selectFrom('plan_report_version')
    .innerJoin('improvement_plan', 'improvement_plan.id', 'plan_report_version.improvement_plan_id')
    .select([
      ...VERSION_COLUMNS.map((c) => `plan_report_version.${c}` as const),
      'plan_report_version.subject',
      'plan_report_version.improvement_plan_id',
    ])
    .where('improvement_plan.public', '=', 1)
    .orderBy('plan_report_version.published_at', 'desc')
    .orderBy('plan_report_version.id', 'desc')
    .execute();
}

export async function findLicence(db: Db): Promise<{ name: string | null; url: string | null }> {
  const row = await db
    .selectFrom('council')
    .select(['open_data_licence', 'open_data_licence_url'])
    .executeTakeFirst();
  return { name: row?.open_data_licence ?? null, url: row?.open_data_licence_url ?? null };
}

/** Sets the licence only if it is still what the form was read at; false when it is not. */
export async function setLicence(
  db: Db,
  value: { name: string | null; url: string | null },
  was: { name: string | null; url: string | null },
): Promise<boolean> {
  let q = db.updateTable('council').set({ open_data_licence: value.name, open_data_licence_url: value.url });
  q =
    was.name === null
      ? q.where('open_data_licence', 'is', null)
      : q.where('open_data_licence', '=', was.name);
  q =
    was.url === null
      ? q.where('open_data_licence_url', 'is', null)
      : q.where('open_data_licence_url', '=', was.url);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) >= 1;
}

/** The public indicators of some plans, with the outcome each measures, in the framework's order. */
export function listPublicIndicatorRecords(db: Db, planIds: number[]) {
  if (!planIds.length) return Promise.resolve([]);
  return db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('priority', 'priority.id', 'outcome.priority_id')
    .selectAll('indicator')
    .select('outcome.code as outcomeCode')
    .where('indicator.plan_id', 'in', planIds)
    .where('indicator.public', '=', 1)
    .orderBy('indicator.plan_id', 'desc')
    .orderBy('priority.position')
    .orderBy('outcome.position')
    .orderBy('indicator.position')
    .execute();
}
