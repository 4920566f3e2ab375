/**
 * Published versions of improvement plans' progress reports: listed per plan (every review and
 * today together, newest first), numbered per plan and subject. Storing and reading a version and
 * its files, never changed (triggers refuse it; see migration 0007), is published-repository.ts,
 * shared with the quarterly report.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PlanReportVersionTable } from './schema.js';

export type PlanReportVersionRecord = Omit<Selectable<PlanReportVersionTable>, 'data'>;

const COLUMNS = [
  'id',
  'improvement_plan_id',
  'review_id',
  'subject',
  'version',
  'title',
  'published_by',
  'published_by_name',
  'published_at',
] as const;

/** A plan's published versions, newest first. */
export async function listPlanReportVersions(
  db: Kysely<Database>,
  planId: number,
): Promise<PlanReportVersionRecord[]> {
  return db
    .selectFrom('plan_report_version')
    .select([...COLUMNS])
    .where('improvement_plan_id', '=', planId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function latestPlanReportVersion(
  db: Kysely<Database>,
  planId: number,
  subject: string,
): Promise<number> {
  const row = await db
    .selectFrom('plan_report_version')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('improvement_plan_id', '=', planId)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The council's name, which a published report carries; undefined before one is set up. */
export async function findCouncilName(db: Kysely<Database>): Promise<string | undefined> {
  return (await db.selectFrom('council').select('name').executeTakeFirst())?.name;
}
