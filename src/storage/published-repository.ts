/**
 * Published reports of both kinds, stored the same way: a version row holding the frozen data, and
 * its rendered files (format, content type, name, size, SHA-256, bytes). Neither is ever changed:
 * triggers refuse UPDATE and DELETE (migrations 0005 and 0007). The quarterly report's live in
 * report_version and report_file, a plan progress report's in plan_report_version and
 * plan_report_file; the two file tables have the same columns. What differs stays with each kind:
 * what a version is numbered within, and how a page lists the versions (report-repository.ts,
 * plan-report-repository.ts).
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { latestPlanReportVersion } from './plan-report-repository.js';
import { latestVersionNumber } from './report-repository.js';
import type { Database, ReportFileTable, ReportVersionTable } from './schema.js';

export const PUBLISHED_TABLES = {
  quarterly: { versions: 'report_version', files: 'report_file' },
  plan: { versions: 'plan_report_version', files: 'plan_report_file' },
} as const;

export type PublishedKind = keyof typeof PUBLISHED_TABLES;
type VersionTableName = (typeof PUBLISHED_TABLES)[PublishedKind]['versions'];
type FileTableName = (typeof PUBLISHED_TABLES)[PublishedKind]['files'];
type VersionTable<K extends PublishedKind> = Database[(typeof PUBLISHED_TABLES)[K]['versions']];

/** The columns every version row has, whatever it publishes. */
type CommonColumn = 'version' | 'title' | 'data' | 'published_by' | 'published_by_name' | 'published_at';
export type PublishedCommon = Pick<Insertable<ReportVersionTable>, CommonColumn>;
/** The columns saying what a version publishes (a draft's period and scope; a plan and review). */
export type PublishedSubject<K extends PublishedKind> = Omit<
  Insertable<VersionTable<K>>,
  'id' | CommonColumn
>;
export type NewPublishedVersion<K extends PublishedKind> = PublishedSubject<K> & PublishedCommon;
export type PublishedVersionRecord<K extends PublishedKind> = Selectable<VersionTable<K>>;

export type FrozenFileRecord = Selectable<ReportFileTable>;
export type NewFrozenFile = Omit<Insertable<ReportFileTable>, 'id' | 'version_id'>;

/** Stores a version and its files (call inside the transaction that audits it); returns its id. */
export async function insertPublishedVersion<K extends PublishedKind>(
  db: Kysely<Database>,
  kind: K,
  v: NewPublishedVersion<K>,
  files: readonly NewFrozenFile[],
): Promise<number> {
  const tables = PUBLISHED_TABLES[kind];
  const versions: VersionTableName = tables.versions;
  const fileTable: FileTableName = tables.files;
  // Kysely cannot follow a table chosen by a type parameter; `v` is checked against that table above.
  const row = await db
    .insertInto(versions)
    .values(v as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const f of files)
    await db
      .insertInto(fileTable)
      .values({ ...f, version_id: id })
      .execute();
  return id;
}

/**
 * The latest version number of what a version publishes (0 before the first): a quarterly report's
 * period and scope, a plan progress report's plan and subject.
 */
export async function latestPublishedVersion<K extends PublishedKind>(
  db: Kysely<Database>,
  kind: K,
  subject: PublishedSubject<K>,
): Promise<number> {
  if (kind === 'quarterly') {
    const s = subject as PublishedSubject<'quarterly'>;
    return latestVersionNumber(db, s.period_code, s.scope);
  }
  const s = subject as PublishedSubject<'plan'>;
  return latestPlanReportVersion(db, s.improvement_plan_id, s.subject);
}

/**
 * Publishes a version in one transaction: reads its subject's latest version number again and, only
 * if `v.version` is still the next one, stores the version and its files and calls `audit` with the
 * transaction and the new id (so the audit record commits with them). Returns the id, or null when
 * someone else published the same subject meanwhile (nothing stored).
 */
export async function publishVersion<K extends PublishedKind>(
  db: Kysely<Database>,
  kind: K,
  v: NewPublishedVersion<K>,
  files: readonly NewFrozenFile[],
  audit: (trx: Kysely<Database>, id: number) => Promise<unknown>,
): Promise<number | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      if ((await latestPublishedVersion(trx, kind, v)) !== v.version - 1) return null;
      const id = await insertPublishedVersion(trx, kind, v, files);
      await audit(trx, id);
      return id;
    });
  } catch (e) {
    // Two publishing at the same moment (two web processes on PostgreSQL): both read the same latest
    // number before either committed, and the number's unique constraint refuses the second insert
    // once the first commits. That is the same answer as a stale read: someone else published.
    if (isVersionNumberTaken(e)) return null;
    throw e;
  }
}

/** PostgreSQL's unique violation (23505) on a version's number (migrations 0005 and 0007). */
function isVersionNumberTaken(e: unknown): boolean {
  const err = e as { code?: unknown; constraint?: unknown };
  return (
    err?.code === '23505' &&
    (err.constraint === 'report_version_number' || err.constraint === 'plan_report_version_number')
  );
}

export async function findPublishedVersion<K extends PublishedKind>(
  db: Kysely<Database>,
  kind: K,
  id: number,
): Promise<PublishedVersionRecord<K> | undefined> {
  const versions: VersionTableName = PUBLISHED_TABLES[kind].versions;
  const row = await db.selectFrom(versions).selectAll().where('id', '=', id).executeTakeFirst();
  // Read from K's own table, so it has K's columns.
  return row as PublishedVersionRecord<K> | undefined;
}

/** The files of some versions, without their bytes, in the order they were stored. */
export async function listFrozenFiles(db: Kysely<Database>, kind: PublishedKind, versionIds: number[]) {
  if (!versionIds.length) return [];
  const fileTable: FileTableName = PUBLISHED_TABLES[kind].files;
  return db
    .selectFrom(fileTable)
    .select(['version_id', 'format', 'content_type', 'file_name', 'size', 'sha256'])
    .where('version_id', 'in', versionIds)
    .orderBy('id')
    .execute();
}

export async function findFrozenFile(
  db: Kysely<Database>,
  kind: PublishedKind,
  versionId: number,
  format: string,
): Promise<FrozenFileRecord | undefined> {
  const fileTable: FileTableName = PUBLISHED_TABLES[kind].files;
  const f = await db
    .selectFrom(fileTable)
    .selectAll()
    .where('version_id', '=', versionId)
    .where('format', '=', format)
    .executeTakeFirst();
  // SQLite gives a Buffer, PostgreSQL a Buffer too (bytea); be sure of it.
  return f ? { ...f, bytes: Buffer.from(f.bytes) } : undefined;
}
