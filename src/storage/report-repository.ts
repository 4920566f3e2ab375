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
  /** 'introduced' | 'updated' | 'carried-over' | 'deleted' (retired from the plan: 'deleted'). */
  change: string;
  /** As stored: the reason (for an updated item written in Cairn, what changed and the reason). */
  reason: string | null;
}

export interface FrameworkChanges {
  items: FrameworkChangeRecord[];
  /** The years of the plan this one was started from, if any. */
  previousYears: string | null;
  /** Minor amendments since approval, oldest first. */
  amendments: { at: string; ref: string; summary: string; reason: string; by: string }[];
}

/**
 * What the framework records about its own changes: outcomes and indicators with a recorded change
 * since last year (introduced, updated, carried over; one retired from the plan counts as deleted,
 * with its reason), the previous plan's years, and the minor amendments since approval.
 */
export async function loadFrameworkChanges(db: Kysely<Database>, planId: number): Promise<FrameworkChanges> {
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select([
      'outcome.code',
      'outcome.title',
      'outcome.change',
      'outcome.change_reason',
      'outcome.retired_on',
      'outcome.retired_reason',
      'directorate.name',
    ])
    .where('outcome.plan_id', '=', planId)
    .where((eb) => eb.or([eb('outcome.change', 'is not', null), eb('outcome.retired_on', 'is not', null)]))
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
      'indicator.retired_on',
      'indicator.retired_reason',
      'directorate.name',
    ])
    .where('indicator.plan_id', '=', planId)
    .where((eb) =>
      eb.or([eb('indicator.change', 'is not', null), eb('indicator.retired_on', 'is not', null)]),
    )
    .orderBy('indicator.position')
    .execute();
  const previous = await db
    .selectFrom('plan')
    .innerJoin('plan as prev', 'prev.id', 'plan.previous_plan_id')
    .select('prev.years')
    .where('plan.id', '=', planId)
    .executeTakeFirst();
  const amendments = await db
    .selectFrom('framework_amendment')
    .select(['at', 'ref', 'summary', 'reason', 'by_name'])
    .where('plan_id', '=', planId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const item = (
    kind: 'outcome' | 'indicator',
    ref: string,
    r: {
      title: string;
      name: string;
      change: string | null;
      change_reason: string | null;
      retired_on: string | null;
      retired_reason: string | null;
    },
  ): FrameworkChangeRecord =>
    r.retired_on
      ? { kind, ref, title: r.title, directorate: r.name, change: 'deleted', reason: r.retired_reason }
      : { kind, ref, title: r.title, directorate: r.name, change: r.change!, reason: r.change_reason };
  return {
    items: [
      ...outcomes.map((o) => item('outcome', o.code, o)),
      ...indicators.map((i) => item('indicator', i.number, i)),
    ],
    previousYears: previous?.years ?? null,
    amendments: amendments.map((a) => ({
      at: a.at,
      ref: a.ref,
      summary: a.summary,
      reason: a.reason,
      by: a.by_name,
    })),
  };
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
