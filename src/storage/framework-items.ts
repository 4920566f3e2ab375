/**
 * A plan's priorities, outcomes and indicators read and written one at a time (issue 12: changing the
 * framework in the app), and their targets per period. The use cases (app/framework-items.ts) check
 * what is written and call these in `changeFramework`'s transaction.
 *
 * Changes are versioned: a write names the version its form was read at (`UPDATE … WHERE id = ? AND
 * version = ?`, bumping it), and says whether it touched the row — a stale one touches none.
 */
import { sql } from 'kysely';
import type { Db } from './transaction.js';
import type { Database, IndicatorRecord, OutcomeRecord, PlanRecord, PriorityRecord } from './schema.js';

export type ItemTable = 'priority' | 'outcome' | 'indicator';

export async function findPlanRow(db: Db, planId: number): Promise<PlanRecord | undefined> {
  return db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
}

export async function findPriorityRow(
  db: Db,
  planId: number,
  id: number,
): Promise<PriorityRecord | undefined> {
  return db
    .selectFrom('priority')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findOutcomeRow(db: Db, planId: number, id: number): Promise<OutcomeRecord | undefined> {
  return db
    .selectFrom('outcome')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findIndicatorRow(
  db: Db,
  planId: number,
  id: number,
): Promise<IndicatorRecord | undefined> {
  return db
    .selectFrom('indicator')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A plan's priorities in order. */
export async function planPriorityRows(db: Db, planId: number): Promise<PriorityRecord[]> {
  return db.selectFrom('priority').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

/** A plan's outcomes in order, each with its directorate's code and name and its priority's code. */
export async function planOutcomeRows(
  db: Db,
  planId: number,
): Promise<
  (OutcomeRecord & { directorate_code: string; directorate_name: string; priority_code: string })[]
> {
  return db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .innerJoin('priority', 'priority.id', 'outcome.priority_id')
    .selectAll('outcome')
    .select([
      'directorate.code as directorate_code',
      'directorate.name as directorate_name',
      'priority.code as priority_code',
    ])
    .where('outcome.plan_id', '=', planId)
    .orderBy('outcome.position')
    .execute();
}

/** A plan's indicators in order (or one outcome's). */
export async function planIndicatorRows(
  db: Db,
  planId: number,
  outcomeId?: number,
): Promise<IndicatorRecord[]> {
  return db
    .selectFrom('indicator')
    .selectAll()
    .where('plan_id', '=', planId)
    .$if(outcomeId !== undefined, (q) => q.where('outcome_id', '=', outcomeId!))
    .orderBy('position')
    .execute();
}

/** Every directorate, by name. */
export async function directorateRows(db: Db): Promise<{ id: number; code: string; name: string }[]> {
  return db.selectFrom('directorate').select(['id', 'code', 'name']).orderBy('name').execute();
}

/** The plan's second framework (its priorities in order), if it has one. */
export async function secondFrameworkRows(
  db: Db,
  planId: number,
): Promise<{ name: string; priorities: { id: number; number: string; title: string }[] } | null> {
  const sf = await db
    .selectFrom('second_framework')
    .select(['id', 'name'])
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (!sf) return null;
  const priorities = await db
    .selectFrom('second_priority')
    .select(['id', 'number', 'title'])
    .where('framework_id', '=', sf.id)
    .orderBy('position')
    .execute();
  return { name: sf.name, priorities };
}

/** The second framework's priorities an outcome supports (their ids). */
export async function outcomeLinkIds(db: Db, outcomeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('outcome_second_priority')
    .select('second_priority_id')
    .where('outcome_id', '=', outcomeId)
    .execute();
  return rows.map((r) => r.second_priority_id);
}

/** Replaces the second framework's priorities an outcome supports. */
export async function setOutcomeLinks(db: Db, outcomeId: number, priorityIds: number[]): Promise<void> {
  await db.deleteFrom('outcome_second_priority').where('outcome_id', '=', outcomeId).execute();
  if (priorityIds.length)
    await db
      .insertInto('outcome_second_priority')
      .values(priorityIds.map((id) => ({ outcome_id: outcomeId, second_priority_id: id })))
      .execute();
}

/** Whether another row of the plan already has this code (priority, outcome) or number (indicator). */
export async function takenInFramework(
  db: Db,
  planId: number,
  table: ItemTable,
  value: string,
  exceptId: number | null,
): Promise<boolean> {
  const column = table === 'indicator' ? 'number' : 'code';
  const { rows } = await sql<{ id: number }>`select id from ${sql.table(table)}
    where plan_id = ${planId} and ${sql.ref(column)} = ${value}`.execute(db);
  return rows.some((r) => Number(r.id) !== exceptId);
}

/** The position after the plan's last row of this kind. */
export async function nextItemPosition(db: Db, table: ItemTable, planId: number): Promise<number> {
  const { rows } = await sql<{ p: number | null }>`select max(position) as p from ${sql.table(table)}
    where plan_id = ${planId}`.execute(db);
  return Number(rows[0]?.p ?? 0) + 1;
}

export async function insertPriorityRow(
  db: Db,
  values: { plan_id: number; code: string; title: string; position: number },
): Promise<number> {
  const row = await db.insertInto('priority').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export type OutcomeValues = Pick<
  OutcomeRecord,
  'priority_id' | 'code' | 'title' | 'directorate_id' | 'change' | 'change_reason'
>;

export async function insertOutcomeRow(
  db: Db,
  values: OutcomeValues & { plan_id: number; position: number },
): Promise<number> {
  const row = await db.insertInto('outcome').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export type IndicatorValues = Omit<
  IndicatorRecord,
  | 'id'
  | 'plan_id'
  | 'position'
  | 'version'
  | 'previous_indicator_id'
  | 'retired_on'
  | 'retired_reason'
  | 'baseline'
  | 'trajectory'
  /** Set on its own form (the SPC options), not with the indicator's fields. */
  | 'spc_options'
  /** Set on the public site's page (issue 15), not with the indicator's fields. */
  | 'public'
>;

export async function insertIndicatorRow(
  db: Db,
  values: IndicatorValues & { plan_id: number; position: number },
): Promise<number> {
  const row = await db.insertInto('indicator').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

type Updatable<T extends ItemTable> = Partial<Omit<Database[T], 'id' | 'plan_id' | 'version'>>;

/**
 * Writes a row if it is still at `version`, and moves its version on; false when it has moved on
 * (or is gone), so nothing was written.
 */
export async function updateItemAtVersion<T extends ItemTable>(
  db: Db,
  table: T,
  id: number,
  version: number,
  values: Updatable<T>,
): Promise<boolean> {
  // The three tables share (id, version); Kysely cannot type a table chosen at run time.
  const result = await (db as unknown as Db)
    .updateTable(table as 'priority')
    .set({ ...(values as Updatable<'priority'>), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a row if it is still at `version` (its children go with it); false when it has moved on. */
export async function deleteItemAtVersion(
  db: Db,
  table: ItemTable,
  id: number,
  version: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table as 'priority')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Marks an outcome's indicators retired with it (those not retired already), moving their versions on. */
export async function retireOutcomeIndicators(
  db: Db,
  outcomeId: number,
  on: string,
  reason: string,
): Promise<number[]> {
  const rows = await db
    .updateTable('indicator')
    .set({ retired_on: on, retired_reason: reason, version: sql<number>`version + 1` })
    .where('outcome_id', '=', outcomeId)
    .where('retired_on', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** How many figures (and outcome judgements) are recorded against these indicators and outcomes. */
export async function figuresRecorded(
  db: Db,
  indicatorIds: number[],
  outcomeIds: number[] = [],
): Promise<number> {
  let n = 0;
  if (indicatorIds.length) {
    const row = await db
      .selectFrom('indicator_value')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', 'in', indicatorIds)
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  if (outcomeIds.length) {
    const row = await db
      .selectFrom('outcome_rating')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('outcome_id', 'in', outcomeIds)
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

/** How many outcomes a priority has (retired ones too: they keep their figures under it). */
export async function priorityOutcomeCount(db: Db, priorityId: number): Promise<number> {
  const row = await db
    .selectFrom('outcome')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('priority_id', '=', priorityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The row next to this one in the order the pages show (`up`: the one before), among its siblings:
 * a plan's priorities, a priority's outcomes, an outcome's indicators.
 */
export async function neighbourRow(
  db: Db,
  table: ItemTable,
  row: { id: number; plan_id: number; position: number; parentId: number | null },
  direction: 'up' | 'down',
): Promise<{ id: number; position: number; version: number } | undefined> {
  const parent = table === 'outcome' ? 'priority_id' : table === 'indicator' ? 'outcome_id' : null;
  const before = direction === 'up';
  const { rows } = await sql<{ id: number; position: number; version: number }>`
    select id, position, version from ${sql.table(table)}
    where plan_id = ${row.plan_id}
      ${parent ? sql`and ${sql.ref(parent)} = ${row.parentId}` : sql``}
      and id <> ${row.id}
      and (position ${before ? sql`<` : sql`>`} ${row.position}
        or (position = ${row.position} and id ${before ? sql`<` : sql`>`} ${row.id}))
    order by position ${before ? sql`desc` : sql`asc`}, id ${before ? sql`desc` : sql`asc`}
    limit 1`.execute(db);
  const r = rows[0];
  return r ? { id: Number(r.id), position: Number(r.position), version: Number(r.version) } : undefined;
}

/** An indicator's targets, by period code. */
export async function targetRows(
  db: Db,
  indicatorId: number,
): Promise<{ periodCode: string; text: string }[]> {
  return db
    .selectFrom('indicator_target')
    .select(['period_code as periodCode', 'target_text as text'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('period_code')
    .execute();
}

/** The targets of several indicators, by indicator id. */
export async function targetRowsFor(
  db: Db,
  indicatorIds: number[],
): Promise<Map<number, { periodCode: string; text: string }[]>> {
  const out = new Map<number, { periodCode: string; text: string }[]>();
  if (!indicatorIds.length) return out;
  const rows = await db
    .selectFrom('indicator_target')
    .select(['indicator_id', 'period_code', 'target_text'])
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('period_code')
    .execute();
  for (const r of rows) {
    const list = out.get(r.indicator_id) ?? [];
    list.push({ periodCode: r.period_code, text: r.target_text });
    out.set(r.indicator_id, list);
  }
  return out;
}

/**
 * Sets an indicator's targets for the given periods: a text is written as it is, null removes the
 * period's target. Periods not named are left alone.
 */
export async function writeTargets(
  db: Db,
  indicatorId: number,
  targets: ReadonlyMap<string, string | null>,
): Promise<void> {
  const codes = [...targets.keys()];
  if (!codes.length) return;
  await db
    .deleteFrom('indicator_target')
    .where('indicator_id', '=', indicatorId)
    .where('period_code', 'in', codes)
    .execute();
  const rows = [...targets]
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([code, text]) => ({ indicator_id: indicatorId, period_code: code, target_text: text }));
  if (rows.length) await db.insertInto('indicator_target').values(rows).execute();
}

export interface RetiredMeasureValues {
  planId: number;
  kind: 'outcome' | 'indicator';
  title: string;
  /** The directorate's code, as the framework links it. */
  directorate: string;
  indicator: string | null;
  target: string | null;
  lastRating: string | null;
  lastReported: string | null;
  reason: string;
}

/** Adds a measure to the plan's "retired measures" extract. */
export async function insertRetiredMeasure(db: Db, r: RetiredMeasureValues): Promise<number> {
  const row = await db
    .insertInto('retired_measure')
    .values({
      plan_id: r.planId,
      kind: r.kind,
      title: r.title,
      directorate: r.directorate,
      indicator: r.indicator,
      target: r.target,
      last_rating: r.lastRating,
      last_reported: r.lastReported,
      reason: r.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A directorate by id. */
export async function findDirectorateRow(
  db: Db,
  id: number,
): Promise<{ id: number; code: string; name: string } | undefined> {
  return db.selectFrom('directorate').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Where last year's outcome (or an indicator's outcome) is: its plan and the outcome's id. */
export async function previousOutcomePlace(
  db: Db,
  kind: 'outcome' | 'indicator',
  id: number,
): Promise<{ planId: number; outcomeId: number } | undefined> {
  return kind === 'outcome'
    ? db
        .selectFrom('outcome')
        .select(['plan_id as planId', 'id as outcomeId'])
        .where('id', '=', id)
        .executeTakeFirst()
    : db
        .selectFrom('indicator')
        .select(['plan_id as planId', 'outcome_id as outcomeId'])
        .where('id', '=', id)
        .executeTakeFirst();
}

/**
 * The quarters an outcome's (or one indicator's) figures and judgements were reported in: each
 * figure's quarter with its indicator's quarters in arrears (the caller works out the reporting
 * quarter), and each judgement's quarter (already a reporting quarter, 0 in arrears).
 */
export async function reportedQuarters(
  db: Db,
  where: { outcomeId: number } | { indicatorId: number },
): Promise<{ periodCode: string; inArrears: number }[]> {
  const figures = await db
    .selectFrom('indicator_value')
    .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
    .select(['indicator_value.period_code', 'indicator.in_arrears'])
    .where('indicator_value.period_code', 'like', '____-__-Q_')
    .where((eb) =>
      'outcomeId' in where
        ? eb('indicator.outcome_id', '=', where.outcomeId)
        : eb('indicator.id', '=', where.indicatorId),
    )
    .groupBy(['indicator_value.period_code', 'indicator.in_arrears'])
    .execute();
  const judged =
    'outcomeId' in where
      ? await db
          .selectFrom('outcome_rating')
          .select('period_code')
          .where('outcome_id', '=', where.outcomeId)
          .where('period_code', 'like', '____-__-Q_')
          .execute()
      : [];
  return [
    ...figures.map((r) => ({ periodCode: r.period_code, inArrears: Number(r.in_arrears) })),
    ...judged.map((r) => ({ periodCode: r.period_code, inArrears: 0 })),
  ];
}
