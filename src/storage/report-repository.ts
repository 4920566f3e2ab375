/**
 * Reports: what the framework records about its own changes, report drafts (settings and edited
 * texts) and their published versions: listed per draft, numbered per period and scope. Storing and
 * reading a version and its files is published-repository.ts, shared with plans' progress reports.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ReportDraftTable, ReportVersionTable } from './schema.js';

export interface FrameworkChangeRecord {
  kind: 'outcome' | 'indicator';
  ref: string;
  title: string;
  directorate: string;
  change: string;
  reason: string | null;
}

/** Outcomes and indicators with a recorded change since last year (introduced, updated, …). */
export async function loadFrameworkChanges(
  db: Kysely<Database>,
  planId: number,
): Promise<FrameworkChangeRecord[]> {
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select(['outcome.code', 'outcome.title', 'outcome.change', 'outcome.change_reason', 'directorate.name'])
    .where('outcome.plan_id', '=', planId)
    .where('outcome.change', 'is not', null)
    .orderBy('outcome.position')
    .execute();
  const indicators = await db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select([
      'indicator.number',
      'indicator.title',
      'indicator.change',
      'indicator.change_reason',
      'directorate.name',
    ])
    .where('indicator.plan_id', '=', planId)
    .where('indicator.change', 'is not', null)
    .orderBy('indicator.position')
    .execute();
  return [
    ...outcomes.map((o) => ({
      kind: 'outcome' as const,
      ref: o.code,
      title: o.title,
      directorate: o.name,
      change: o.change!,
      reason: o.change_reason,
    })),
    ...indicators.map((i) => ({
      kind: 'indicator' as const,
      ref: i.number,
      title: i.title,
      directorate: i.name,
      change: i.change!,
      reason: i.change_reason,
    })),
  ];
}

export type ReportDraftRecord = Selectable<ReportDraftTable>;
export type ReportVersionRecord = Omit<Selectable<ReportVersionTable>, 'data'>;

export async function findDraft(
  db: Kysely<Database>,
  where: { id: number } | { periodCode: string; scope: string },
): Promise<ReportDraftRecord | undefined> {
  let q = db.selectFrom('report_draft').selectAll();
  q =
    'id' in where
      ? q.where('id', '=', where.id)
      : q.where('period_code', '=', where.periodCode).where('scope', '=', where.scope);
  return q.executeTakeFirst();
}

export async function listDrafts(db: Kysely<Database>) {
  const drafts = await db
    .selectFrom('report_draft')
    .selectAll()
    .orderBy('period_code', 'desc')
    .orderBy('scope')
    .execute();
  const versions = await db
    .selectFrom('report_version')
    .select([
      'draft_id',
      (eb) => eb.fn.max('version').as('latest'),
      (eb) => eb.fn.max('published_at').as('at'),
    ])
    .groupBy('draft_id')
    .execute();
  const latest = new Map(versions.map((v) => [v.draft_id, { version: Number(v.latest), at: String(v.at) }]));
  return drafts.map((d) => ({ ...d, published: latest.get(d.id) ?? null }));
}

export async function insertDraft(
  db: Kysely<Database>,
  d: {
    planId: number;
    periodCode: string;
    scope: string;
    settings: string;
    texts: string;
    by: string;
    at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('report_draft')
    .values({
      plan_id: d.planId,
      period_code: d.periodCode,
      scope: d.scope,
      settings: d.settings,
      texts: d.texts,
      created_by: d.by,
      created_at: d.at,
      updated_by: d.by,
      updated_at: d.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateDraft(
  db: Kysely<Database>,
  id: number,
  d: { settings?: string; texts?: string; by: string; at: string },
): Promise<void> {
  await db
    .updateTable('report_draft')
    .set({
      ...(d.settings !== undefined ? { settings: d.settings } : {}),
      ...(d.texts !== undefined ? { texts: d.texts } : {}),
      updated_by: d.by,
      updated_at: d.at,
    })
    .where('id', '=', id)
    .execute();
}

const VERSION_COLUMNS = [
  'id',
  'draft_id',
  'period_code',
  'scope',
  'version',
  'title',
  'published_by',
  'published_by_name',
  'published_at',
] as const;

export async function listVersions(db: Kysely<Database>, draftId: number): Promise<ReportVersionRecord[]> {
  return db
    .selectFrom('report_version')
    .select([...VERSION_COLUMNS])
    .where('draft_id', '=', draftId)
    .orderBy('version', 'desc')
    .execute();
}

export async function latestVersionNumber(
  db: Kysely<Database>,
  periodCode: string,
  scope: string,
): Promise<number> {
  const row = await db
    .selectFrom('report_version')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('period_code', '=', periodCode)
    .where('scope', '=', scope)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The priorities' titles and the directorates' names, keyed by the report scope that names them
 * ("priority:P1", "directorate:ASC").
 */
export async function listScopeNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('priority').select(['code', 'title']).execute();
  const dirs = await db.selectFrom('directorate').select(['code', 'name']).execute();
  return new Map([
    ...rows.map((r) => [`priority:${r.code}`, r.title] as const),
    ...dirs.map((d) => [`directorate:${d.code}`, d.name] as const),
  ]);
}
