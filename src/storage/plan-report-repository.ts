/**
 * Published versions of improvement plans' progress reports: the frozen data and the rendered files,
 * never changed (triggers refuse it; see migration 0007).
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, PlanReportVersionTable, ReportFileTable } from './schema.js';

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

export async function findPlanReportVersion(
  db: Kysely<Database>,
  id: number,
): Promise<Selectable<PlanReportVersionTable> | undefined> {
  return db.selectFrom('plan_report_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPlanReportVersion(
  db: Kysely<Database>,
  v: Omit<Insertable<PlanReportVersionTable>, 'id'>,
  files: Omit<Insertable<ReportFileTable>, 'id' | 'version_id'>[],
): Promise<number> {
  const row = await db.insertInto('plan_report_version').values(v).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const f of files)
    await db
      .insertInto('plan_report_file')
      .values({ ...f, version_id: id })
      .execute();
  return id;
}

export async function listPlanReportFiles(db: Kysely<Database>, versionIds: number[]) {
  if (!versionIds.length) return [];
  return db
    .selectFrom('plan_report_file')
    .select(['version_id', 'format', 'content_type', 'file_name', 'size', 'sha256'])
    .where('version_id', 'in', versionIds)
    .orderBy('id')
    .execute();
}

export async function findPlanReportFile(db: Kysely<Database>, versionId: number, format: string) {
  const f = await db
    .selectFrom('plan_report_file')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('format', '=', format)
    .executeTakeFirst();
  return f ? { ...f, bytes: Buffer.from(f.bytes) } : undefined;
}
