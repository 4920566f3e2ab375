/**
 * Storage for the collection round: rounds, assignments, the figures' states and versions, and
 * evidence (the reminders outbox is storage/outbox.ts). Functions take a Kysely handle, so use cases
 * pass their transaction.
 */
import type { Kysely } from 'kysely';
import type { CollectionRoundRecord, Database, IndicatorValueRecord } from './schema.js';

type Db = Kysely<Database>;

export async function findRound(db: Db, roundId: number): Promise<CollectionRoundRecord | undefined> {
  return db.selectFrom('collection_round').selectAll().where('id', '=', roundId).executeTakeFirst();
}

/** A round with its plan's title, in one query. */
export async function findRoundWithPlan(
  db: Db,
  roundId: number,
): Promise<(CollectionRoundRecord & { plan_title: string | null }) | undefined> {
  return db
    .selectFrom('collection_round')
    .leftJoin('plan', 'plan.id', 'collection_round.plan_id')
    .selectAll('collection_round')
    .select('plan.title as plan_title')
    .where('collection_round.id', '=', roundId)
    .executeTakeFirst();
}

export async function findRoundFor(
  db: Db,
  planId: number,
  periodCode: string,
): Promise<CollectionRoundRecord | undefined> {
  return db
    .selectFrom('collection_round')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('period_code', '=', periodCode)
    .executeTakeFirst();
}

/** Every round (or only those not yet locked), newest period first, with its plan's title. */
export async function listRounds(
  db: Db,
  filter: { openOnly?: boolean } = {},
): Promise<(CollectionRoundRecord & { plan_title: string })[]> {
  return db
    .selectFrom('collection_round')
    .innerJoin('plan', 'plan.id', 'collection_round.plan_id')
    .selectAll('collection_round')
    .select('plan.title as plan_title')
    .$if(filter.openOnly === true, (q) => q.where('collection_round.locked_at', 'is', null))
    .orderBy('collection_round.period_code', 'desc')
    .orderBy('collection_round.id', 'desc')
    .execute();
}

export async function insertRound(
  db: Db,
  r: { planId: number; periodCode: string; dueDate: string; remindDaysBefore: number; openedBy: string },
  now: string,
): Promise<CollectionRoundRecord> {
  return db
    .insertInto('collection_round')
    .values({
      plan_id: r.planId,
      period_code: r.periodCode,
      due_date: r.dueDate,
      remind_days_before: r.remindDaysBefore,
      opened_at: now,
      opened_by: r.openedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function lockRoundRow(db: Db, roundId: number, by: string, now: string): Promise<void> {
  await db
    .updateTable('collection_round')
    .set({ locked_at: now, locked_by: by })
    .where('id', '=', roundId)
    .where('locked_at', 'is', null)
    .execute();
}

/** Reopens a locked round (the performance team, with a reason): figures may be entered again. */
export async function reopenRoundRow(
  db: Db,
  roundId: number,
  by: string,
  reason: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('collection_round')
    .set({ locked_at: null, locked_by: null, reopened_at: now, reopened_by: by, reopen_reason: reason })
    .where('id', '=', roundId)
    .where('locked_at', 'is not', null)
    .execute();
}

/** The reporting periods (codes) of a plan's rounds still open for collection (every plan's if none given). */
export async function openRoundPeriods(db: Db, planId?: number): Promise<string[]> {
  const rows = await db
    .selectFrom('collection_round')
    .select('period_code')
    .where('locked_at', 'is', null)
    .$if(planId !== undefined, (q) => q.where('plan_id', '=', planId!))
    .execute();
  return rows.map((r) => r.period_code);
}

const UNFINISHED_STORED = ['in-progress', 'submitted', 'returned'];

/**
 * At lock: each unfinished figure (in progress, submitted, returned) of the given indicators and
 * periods becomes 'not-reported', keeping the state it had so a reopening can restore it. Returns how
 * many figures changed. Each version increases, so a form read before the lock cannot save over it.
 */
export async function markNotReported(
  db: Db,
  figures: { indicatorId: number; periodCode: string }[],
  now: string,
): Promise<number> {
  let changed = 0;
  for (const [periodCode, ids] of byPeriod(figures)) {
    const r = await db
      .updateTable('indicator_value')
      .set((eb) => ({
        state_before_lock: eb.ref('state'),
        state: 'not-reported',
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('period_code', '=', periodCode)
      .where('indicator_id', 'in', ids)
      .where('state', 'in', UNFINISHED_STORED)
      .executeTakeFirst();
    changed += Number(r.numUpdatedRows);
  }
  return changed;
}

/** At reopening: every figure the lock carried as 'not-reported' gets back the state it had. */
export async function restoreNotReported(
  db: Db,
  figures: { indicatorId: number; periodCode: string }[],
  now: string,
): Promise<number> {
  let changed = 0;
  for (const [periodCode, ids] of byPeriod(figures)) {
    const r = await db
      .updateTable('indicator_value')
      .set((eb) => ({
        state: eb.ref('state_before_lock'),
        state_before_lock: null,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('period_code', '=', periodCode)
      .where('indicator_id', 'in', ids)
      .where('state', '=', 'not-reported')
      .where('state_before_lock', 'is not', null)
      .executeTakeFirst();
    changed += Number(r.numUpdatedRows);
  }
  return changed;
}

function byPeriod(figures: { indicatorId: number; periodCode: string }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of figures) {
    const list = out.get(f.periodCode) ?? [];
    list.push(f.indicatorId);
    out.set(f.periodCode, list);
  }
  return out;
}

/** The plan's indicators with their outcome's directorate: what a round collects. */
export interface RoundIndicator {
  id: number;
  number: string;
  title: string;
  unit: string;
  polarity: string;
  in_arrears: number;
  outcome_id: number;
  outcome_code: string;
  outcome_title: string;
  directorate_id: number;
  directorate_code: string;
  directorate_name: string;
  position: number;
}

export async function roundIndicators(
  db: Db,
  planId: number,
  /** `shownOn`: a period's first day; indicators retired (or under an outcome retired) before it are left out. */
  filter: { ids?: number[]; directorateId?: number; shownOn?: string } = {},
): Promise<RoundIndicator[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  return db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select([
      'indicator.id',
      'indicator.number',
      'indicator.title',
      'indicator.unit',
      'indicator.polarity',
      'indicator.in_arrears',
      'indicator.outcome_id',
      'outcome.code as outcome_code',
      'outcome.title as outcome_title',
      'outcome.directorate_id',
      'directorate.code as directorate_code',
      'directorate.name as directorate_name',
      'indicator.position',
    ])
    .where('indicator.plan_id', '=', planId)
    .$if(filter.ids !== undefined, (q) => q.where('indicator.id', 'in', filter.ids!))
    .$if(filter.directorateId !== undefined, (q) =>
      q.where('outcome.directorate_id', '=', filter.directorateId!),
    )
    .$if(filter.shownOn !== undefined, (q) =>
      q
        .where((eb) =>
          eb.or([eb('indicator.retired_on', 'is', null), eb('indicator.retired_on', '>=', filter.shownOn!)]),
        )
        .where((eb) =>
          eb.or([eb('outcome.retired_on', 'is', null), eb('outcome.retired_on', '>=', filter.shownOn!)]),
        ),
    )
    .orderBy('indicator.position')
    .execute();
}

/** The indicators with these ids (those that exist), in the plan's order. */
export async function indicatorNumbers(db: Db, ids: number[]): Promise<{ id: number; number: string }[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('id', 'in', ids)
    .orderBy('position')
    .execute();
}

/** Indicator ids assigned to a person (in any plan). */
export async function assignedIndicatorIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('indicator_assignment')
    .select('indicator_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.indicator_id);
}

export async function isAssigned(db: Db, userId: number, indicatorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('indicator_assignment')
    .select('indicator_id')
    .where('user_id', '=', userId)
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Who is assigned each indicator of a plan. */
export async function assigneesByIndicator(
  db: Db,
  planId: number,
): Promise<Map<number, { id: number; name: string; email: string }[]>> {
  const rows = await db
    .selectFrom('indicator_assignment')
    .innerJoin('indicator', 'indicator.id', 'indicator_assignment.indicator_id')
    .innerJoin('user_account', 'user_account.id', 'indicator_assignment.user_id')
    .select([
      'indicator_assignment.indicator_id',
      'user_account.id',
      'user_account.name',
      'user_account.email',
    ])
    .where('indicator.plan_id', '=', planId)
    .where('user_account.active', '=', 1)
    .orderBy('user_account.name')
    .execute();
  const out = new Map<number, { id: number; name: string; email: string }[]>();
  for (const r of rows) {
    const list = out.get(r.indicator_id) ?? [];
    list.push({ id: r.id, name: r.name, email: r.email });
    out.set(r.indicator_id, list);
  }
  return out;
}

export async function setAssignments(db: Db, userId: number, indicatorIds: number[]): Promise<void> {
  await db.deleteFrom('indicator_assignment').where('user_id', '=', userId).execute();
  if (indicatorIds.length)
    await db
      .insertInto('indicator_assignment')
      .values(indicatorIds.map((id) => ({ indicator_id: id, user_id: userId })))
      .execute();
}

/** An indicator's stored figures for several periods, in one query, by period code. */
export async function findValues(
  db: Db,
  indicatorId: number,
  periodCodes: string[],
): Promise<Map<string, IndicatorValueRecord>> {
  const rows = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('period_code', 'in', periodCodes)
    .execute();
  return new Map(rows.map((r) => [r.period_code, r]));
}

export async function findValue(
  db: Db,
  indicatorId: number,
  periodCode: string,
): Promise<IndicatorValueRecord | undefined> {
  return db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('period_code', '=', periodCode)
    .executeTakeFirst();
}

/** Every stored figure of the given indicators for the given periods, keyed `indicatorId|periodCode`. */
export async function valuesFor(
  db: Db,
  indicatorIds: number[],
  periodCodes: string[],
): Promise<Map<string, IndicatorValueRecord>> {
  const out = new Map<string, IndicatorValueRecord>();
  if (!indicatorIds.length || !periodCodes.length) return out;
  const rows = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .where('period_code', 'in', periodCodes)
    .execute();
  for (const r of rows) out.set(`${r.indicator_id}|${r.period_code}`, r);
  return out;
}

export type FigureFields = Partial<
  Pick<
    IndicatorValueRecord,
    | 'actual'
    | 'numerator'
    | 'denominator'
    | 'milestone_status'
    | 'commentary'
    | 'outlook'
    | 'computed_rating'
    | 'computed_reason'
    | 'computed_explanation'
    | 'manual_rating'
    | 'manual_source'
    | 'manual_reason'
    | 'manual_set_by'
    | 'manual_set_at'
    | 'state'
    | 'submitted_by'
    | 'submitted_at'
    | 'reviewed_by'
    | 'reviewed_at'
    | 'review_comment'
    | 'unusual_note'
    | 'corrected_at'
    | 'correction_reason'
  >
>;

/**
 * Writes a figure only if nobody has saved it since `expectedVersion` was read (0: it did not exist).
 * Returns the new version, or null when someone else got there first.
 */
export async function writeFigureIfVersion(
  db: Db,
  key: { indicatorId: number; periodCode: string },
  expectedVersion: number,
  fields: FigureFields,
  now: string,
): Promise<number | null> {
  if (expectedVersion === 0) {
    const inserted = await db
      .insertInto('indicator_value')
      .values({
        indicator_id: key.indicatorId,
        period_code: key.periodCode,
        ...fields,
        updated_at: now,
        version: 1,
      })
      .onConflict((oc) => oc.columns(['indicator_id', 'period_code']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted ? 1 : null;
  }
  const result = await db
    .updateTable('indicator_value')
    .set((eb) => ({ ...fields, updated_at: now, version: eb('version', '+', 1) }))
    .where('indicator_id', '=', key.indicatorId)
    .where('period_code', '=', key.periodCode)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : null;
}

export interface EvidenceSummary {
  id: number;
  kind: string;
  name: string;
  content_type: string | null;
  size: number | null;
  url: string | null;
  added_at: string;
  added_by_name: string | null;
}

export async function listEvidence(
  db: Db,
  indicatorId: number,
  periodCode: string,
): Promise<EvidenceSummary[]> {
  return db
    .selectFrom('value_evidence')
    .leftJoin('user_account', 'user_account.id', 'value_evidence.added_by')
    .select([
      'value_evidence.id',
      'value_evidence.kind',
      'value_evidence.name',
      'value_evidence.content_type',
      'value_evidence.size',
      'value_evidence.url',
      'value_evidence.added_at',
      'user_account.name as added_by_name',
    ])
    .where('value_evidence.indicator_id', '=', indicatorId)
    .where('value_evidence.period_code', '=', periodCode)
    .orderBy('value_evidence.id')
    .execute();
}

/** Adds a file or link as evidence for one figure; returns its id. */
export async function insertEvidence(
  db: Db,
  e: {
    indicatorId: number;
    periodCode: string;
    kind: string;
    name: string;
    content_type: string | null;
    size: number | null;
    sha256: string | null;
    content: Buffer | null;
    url: string | null;
  },
  addedBy: number,
  now: string,
): Promise<{ id: number }> {
  const { indicatorId, periodCode, ...row } = e;
  return db
    .insertInto('value_evidence')
    .values({ indicator_id: indicatorId, period_code: periodCode, ...row, added_by: addedBy, added_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** One evidence file of a figure (not a link), with its content. */
export async function findEvidenceFile(
  db: Db,
  indicatorId: number,
  periodCode: string,
  evidenceId: number,
): Promise<{ name: string; content_type: string | null; content: Uint8Array | Buffer | null } | undefined> {
  return db
    .selectFrom('value_evidence')
    .select(['name', 'content_type', 'content'])
    .where('id', '=', evidenceId)
    .where('indicator_id', '=', indicatorId)
    .where('period_code', '=', periodCode)
    .where('kind', '=', 'file')
    .executeTakeFirst();
}
