/**
 * Reads and writes the strategy framework. Saving writes in the caller's transaction, so a framework
 * is saved whole or not at all, with its audit record (and, for an approved plan, its amendment).
 */
import type { Kysely, Transaction } from 'kysely';
import type { FrameworkDocument, IndicatorRow, RetiredRow } from '../domain/framework.js';
import type { Database, IndicatorRecord, IndicatorValueRecord } from './schema.js';
import { byIndicatorNumber } from '../domain/indicator-order.js';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

export interface SavedFramework {
  planId: number;
  createdPlan: boolean;
  counts: { priorities: number; outcomes: number; indicators: number; removed: number };
}

/** Raised when saving would destroy recorded figures (e.g. an indicator with values left out of the file). */
export class FrameworkConflictError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'FrameworkConflictError';
  }
}

export interface PlanYears {
  firstYear: string;
  lastYear: string;
}

export interface SaveFrameworkOptions {
  /**
   * Save into this plan, keeping its title, years, status and approval as they are (an upload in the
   * app: those are changed on the plan's own pages). Without it: the plan of the document's title and
   * years, its details taken from the document, or a new plan.
   */
  planId?: number;
  /**
   * What becomes of outcomes and indicators the document no longer has. By default they are removed
   * (refused with FrameworkConflictError when figures are recorded against an indicator); `retire`
   * keeps them, with their figures, marked retired on that date for that reason (an approved plan).
   * Items already retired are left as they are either way.
   */
  retire?: { on: string; reason: string };
}

/**
 * Saves a framework in the caller's transaction: creates the plan, or updates one in place, matching
 * priorities and outcomes by code and indicators by number so recorded figures are kept. A row is
 * written (and its version moved on) only when something in it changes. Items missing from the
 * document are removed or retired (see SaveFrameworkOptions).
 */
export async function saveFramework(
  trx: Trx,
  doc: FrameworkDocument,
  years: PlanYears,
  now: string,
  options: SaveFrameworkOptions = {},
): Promise<SavedFramework> {
  const existing =
    options.planId !== undefined
      ? await trx.selectFrom('plan').selectAll().where('id', '=', options.planId).executeTakeFirstOrThrow()
      : await trx
          .selectFrom('plan')
          .selectAll()
          .where('title', '=', doc.plan.title)
          .where('years', '=', doc.plan.years)
          .executeTakeFirst();
  const planFields = {
    title: doc.plan.title,
    years: doc.plan.years,
    first_year: years.firstYear,
    last_year: years.lastYear,
    status: doc.plan.status,
    approved_by: doc.plan.approvedBy,
    approved_on: doc.plan.approvedOn,
  };
  let planId: number;
  if (existing) {
    planId = existing.id;
    if (options.planId === undefined && differs(existing, planFields))
      await trx
        .updateTable('plan')
        .set((eb) => ({ ...planFields, version: eb('version', '+', 1) }))
        .where('id', '=', planId)
        .execute();
  } else {
    const row = await trx
      .insertInto('plan')
      .values({ ...planFields, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    planId = row.id;
  }
  const firstYear = existing && options.planId !== undefined ? existing.first_year : years.firstYear;

  const directorateIds = new Map<string, number>();
  for (const d of doc.directorates) {
    const found = await trx
      .selectFrom('directorate')
      .select(['id', 'name'])
      .where('code', '=', d.code)
      .executeTakeFirst();
    if (found) {
      if (found.name !== d.name)
        await trx
          .updateTable('directorate')
          .set((eb) => ({ name: d.name, version: eb('version', '+', 1) }))
          .where('id', '=', found.id)
          .execute();
      directorateIds.set(d.code, found.id);
    } else {
      const row = await trx
        .insertInto('directorate')
        .values({ code: d.code, name: d.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      directorateIds.set(d.code, row.id);
    }
  }

  const priorityIds = await upsertByKey(
    trx,
    'priority',
    planId,
    'code',
    doc.priorities.map((p, i) => ({
      key: p.code,
      values: { code: p.code, title: p.title, position: i + 1 },
    })),
  );

  const outcomeIds = await upsertByKey(
    trx,
    'outcome',
    planId,
    'code',
    doc.outcomes.map((o, i) => ({
      key: o.code,
      values: {
        code: o.code,
        title: o.title,
        priority_id: must(priorityIds.get(o.priority), `priority ${o.priority}`),
        directorate_id: must(directorateIds.get(o.directorate), `directorate ${o.directorate}`),
        position: i + 1,
        change: o.change,
        change_reason: o.changeReason,
        // In the document, so not retired (an upload may bring a retired outcome back).
        retired_on: null,
        retired_reason: null,
      },
    })),
  );

  const indicatorIds = await upsertByKey(
    trx,
    'indicator',
    planId,
    'number',
    // Indicators are kept in the order of their numbers ("1", "2", … "10", "10a"), whatever the file's row order.
    [...doc.indicators]
      .sort((a, b) => byIndicatorNumber(a.number, b.number))
      .map((ind, i) => ({
        key: ind.number,
        values: indicatorColumns(ind, must(outcomeIds.get(ind.outcome), `outcome ${ind.outcome}`), i + 1),
      })),
  );

  // Remove (or retire) what the document no longer has — but never figures that have been recorded.
  const removed = await removeMissing(trx, planId, { priorityIds, outcomeIds, indicatorIds }, options.retire);

  const targets = new Map(
    (
      await trx
        .selectFrom('indicator_target')
        .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
        .select(['indicator_target.indicator_id', 'indicator_target.target_text'])
        .where('indicator.plan_id', '=', planId)
        .where('indicator_target.period_code', '=', firstYear)
        .execute()
    ).map((t) => [t.indicator_id, t.target_text]),
  );
  for (const ind of doc.indicators) {
    const indicatorId = must(indicatorIds.get(ind.number), `indicator ${ind.number}`);
    const saved = targets.get(indicatorId);
    if (saved === ind.target) continue;
    if (saved !== undefined)
      await trx
        .updateTable('indicator_target')
        .set({ target_text: ind.target })
        .where('indicator_id', '=', indicatorId)
        .where('period_code', '=', firstYear)
        .execute();
    else
      await trx
        .insertInto('indicator_target')
        .values({ indicator_id: indicatorId, period_code: firstYear, target_text: ind.target })
        .execute();
  }

  await saveSecondFramework(trx, planId, doc, outcomeIds);

  await trx.deleteFrom('retired_measure').where('plan_id', '=', planId).execute();
  for (const r of doc.retired) {
    await trx
      .insertInto('retired_measure')
      .values({
        plan_id: planId,
        kind: r.kind,
        title: r.title,
        directorate: r.directorate,
        indicator: r.indicator,
        target: r.target,
        last_rating: r.lastRating,
        last_reported: r.lastReported,
        reason: r.reason,
      })
      .execute();
  }

  return {
    planId,
    createdPlan: !existing,
    counts: {
      priorities: doc.priorities.length,
      outcomes: doc.outcomes.length,
      indicators: doc.indicators.length,
      removed,
    },
  };
}

/** Whether writing `values` would change the row (values compared as stored). */
function differs(row: Record<string, unknown>, values: Record<string, unknown>): boolean {
  return Object.entries(values).some(
    ([k, v]) => JSON.stringify(row[k] ?? null) !== JSON.stringify(v ?? null),
  );
}

/** The plan with this title and years, if there is one. */
export async function findPlanByTitle(
  db: Db,
  title: string,
  years: string,
): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('plan')
    .select('id')
    .where('title', '=', title)
    .where('years', '=', years)
    .executeTakeFirst();
}

/** A plan's indicator ids by their numbers. */
export async function indicatorIdsByNumber(db: Db, planId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('plan_id', '=', planId)
    .execute();
  return new Map(rows.map((r) => [r.number, r.id]));
}

/** Natural order for indicator numbers (a domain rule, re-exported for storage's callers). */
export { byIndicatorNumber };

function indicatorColumns(ind: IndicatorRow, outcomeId: number, position: number) {
  return {
    outcome_id: outcomeId,
    number: ind.number,
    title: ind.title,
    definition: ind.definition,
    unit: ind.unit,
    polarity: ind.polarity,
    frequency: ind.frequency,
    cumulative: ind.cumulative ? 1 : 0,
    profile: ind.profile,
    in_arrears: ind.inArrears,
    tolerance: ind.tolerance,
    baseline: ind.baseline,
    trajectory: ind.trajectory,
    due_date: ind.dueDate,
    part_labels: JSON.stringify(ind.partLabels),
    data_source: ind.dataSource,
    owner: ind.owner,
    change: ind.change,
    change_reason: ind.changeReason,
    position,
  };
}

type KeyedTable = 'priority' | 'outcome' | 'indicator';

async function upsertByKey(
  trx: Trx,
  table: KeyedTable,
  planId: number,
  keyColumn: 'code' | 'number',
  rows: { key: string; values: Record<string, unknown> }[],
): Promise<Map<string, number>> {
  // The three tables share (id, plan_id, code|number, version); Kysely cannot type a table chosen at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = trx as unknown as Kysely<any>;
  const existing: Record<string, unknown>[] = await t
    .selectFrom(table)
    .selectAll()
    .where('plan_id', '=', planId)
    .execute();
  const byKey = new Map(existing.map((r) => [String(r[keyColumn]), r]));
  const ids = new Map<string, number>();
  for (const row of rows) {
    const found = byKey.get(row.key);
    if (found !== undefined) {
      const id = found.id as number;
      if (differs(found, row.values))
        await t
          .updateTable(table)
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          .set((eb: any) => ({ ...row.values, version: eb('version', '+', 1) }))
          .where('id', '=', id)
          .execute();
      ids.set(row.key, id);
    } else {
      const inserted = await t
        .insertInto(table)
        .values({ plan_id: planId, ...row.values })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(row.key, inserted.id as number);
    }
  }
  return ids;
}

async function removeMissing(
  trx: Trx,
  planId: number,
  kept: {
    priorityIds: Map<string, number>;
    outcomeIds: Map<string, number>;
    indicatorIds: Map<string, number>;
  },
  retire: SaveFrameworkOptions['retire'],
): Promise<number> {
  const keptIndicators = [...kept.indicatorIds.values()];
  const goneIndicators = await trx
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('plan_id', '=', planId)
    .where('retired_on', 'is', null)
    .$if(keptIndicators.length > 0, (q) => q.where('id', 'not in', keptIndicators))
    .execute();
  const keptOutcomes = [...kept.outcomeIds.values()];
  const keptPriorities = [...kept.priorityIds.values()];
  if (retire) {
    // An approved plan: the items stay, with their figures, marked retired.
    const marked = { retired_on: retire.on, retired_reason: retire.reason };
    let retired = 0;
    if (goneIndicators.length > 0) {
      await trx
        .updateTable('indicator')
        .set((eb) => ({ ...marked, version: eb('version', '+', 1) }))
        .where(
          'id',
          'in',
          goneIndicators.map((g) => g.id),
        )
        .execute();
      retired += goneIndicators.length;
    }
    const goneOutcomes = await trx
      .updateTable('outcome')
      .set((eb) => ({ ...marked, version: eb('version', '+', 1) }))
      .where('plan_id', '=', planId)
      .where('retired_on', 'is', null)
      .$if(keptOutcomes.length > 0, (q) => q.where('id', 'not in', keptOutcomes))
      .returning('id')
      .execute();
    // A priority goes only once nothing is left under it (a retired outcome stays under its priority).
    const gonePriorities = await trx
      .deleteFrom('priority')
      .where('plan_id', '=', planId)
      .$if(keptPriorities.length > 0, (q) => q.where('id', 'not in', keptPriorities))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('outcome').select('outcome.id').whereRef('outcome.priority_id', '=', 'priority.id'),
          ),
        ),
      )
      .returning('id')
      .execute();
    return retired + goneOutcomes.length + gonePriorities.length;
  }
  const problems: string[] = [];
  for (const gone of goneIndicators) {
    const values = await trx
      .selectFrom('indicator_value')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', '=', gone.id)
      .executeTakeFirstOrThrow();
    if (Number(values.n) > 0) {
      problems.push(
        `Indicator ${gone.number} is not in the file but has figures recorded for ${values.n} period(s). ` +
          `Keep it in the file (it can be marked as deleted in the Change column) so its figures are not lost.`,
      );
    }
  }
  if (problems.length > 0) throw new FrameworkConflictError(problems);
  let removed = 0;
  if (goneIndicators.length > 0) {
    await trx
      .deleteFrom('indicator')
      .where(
        'id',
        'in',
        goneIndicators.map((g) => g.id),
      )
      .execute();
    removed += goneIndicators.length;
  }
  // Outcomes already retired stay (with their retired indicators, and so their priority).
  const goneOutcomes = await trx
    .deleteFrom('outcome')
    .where('plan_id', '=', planId)
    .where('retired_on', 'is', null)
    .$if(keptOutcomes.length > 0, (q) => q.where('id', 'not in', keptOutcomes))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('indicator').select('indicator.id').whereRef('indicator.outcome_id', '=', 'outcome.id'),
        ),
      ),
    )
    .returning('id')
    .execute();
  const gonePriorities = await trx
    .deleteFrom('priority')
    .where('plan_id', '=', planId)
    .$if(keptPriorities.length > 0, (q) => q.where('id', 'not in', keptPriorities))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outcome').select('outcome.id').whereRef('outcome.priority_id', '=', 'priority.id'),
        ),
      ),
    )
    .returning('id')
    .execute();
  return removed + goneOutcomes.length + gonePriorities.length;
}

async function saveSecondFramework(
  trx: Trx,
  planId: number,
  doc: FrameworkDocument,
  outcomeIds: Map<string, number>,
): Promise<void> {
  await trx.deleteFrom('second_framework').where('plan_id', '=', planId).execute();
  const sf = doc.secondFramework;
  if (!sf) return;
  const fw = await trx
    .insertInto('second_framework')
    .values({ plan_id: planId, name: sf.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const priorityIds = new Map<string, number>();
  for (const [i, p] of sf.priorities.entries()) {
    const row = await trx
      .insertInto('second_priority')
      .values({ framework_id: fw.id, number: p.number, title: p.title, position: i + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    priorityIds.set(p.number, row.id);
  }
  for (const o of doc.outcomes) {
    for (const number of o.secondFramework) {
      await trx
        .insertInto('outcome_second_priority')
        .values({
          outcome_id: must(outcomeIds.get(o.code), `outcome ${o.code}`),
          second_priority_id: must(priorityIds.get(number), `second-framework priority ${number}`),
        })
        .execute();
    }
  }
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`Internal error: ${what} was not saved (the document was not validated)`);
  return value;
}

/**
 * Reads a saved framework back into the interchange shape (for export, and as what an upload is
 * compared with): the live framework — outcomes and indicators retired from it are left out, and so is
 * a priority with nothing left under it but retired outcomes.
 */
export async function loadFrameworkDocument(db: Db, planId: number): Promise<FrameworkDocument> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const priorities = await db
    .selectFrom('priority')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(({ or, not, exists, selectFrom }) =>
      or([
        not(
          exists(
            selectFrom('outcome').select('outcome.id').whereRef('outcome.priority_id', '=', 'priority.id'),
          ),
        ),
        exists(
          selectFrom('outcome')
            .select('outcome.id')
            .whereRef('outcome.priority_id', '=', 'priority.id')
            .where('outcome.retired_on', 'is', null),
        ),
      ]),
    )
    .orderBy('position')
    .execute();
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .innerJoin('priority', 'priority.id', 'outcome.priority_id')
    .select([
      'outcome.id',
      'outcome.code',
      'outcome.title',
      'outcome.change',
      'outcome.change_reason',
      'directorate.code as directorate',
      'priority.code as priority',
    ])
    .where('outcome.plan_id', '=', planId)
    .where('outcome.retired_on', 'is', null)
    .orderBy('outcome.position')
    .execute();
  const directorateCodes = new Set(outcomes.map((o) => o.directorate));
  const directorates = await db.selectFrom('directorate').selectAll().orderBy('id').execute();
  const indicators = await db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .leftJoin('indicator_target', (j) =>
      j
        .onRef('indicator_target.indicator_id', '=', 'indicator.id')
        .on('indicator_target.period_code', '=', plan.first_year),
    )
    .selectAll('indicator')
    .select(['outcome.code as outcome_code', 'indicator_target.target_text'])
    .where('indicator.plan_id', '=', planId)
    .where('indicator.retired_on', 'is', null)
    .orderBy('indicator.position')
    .execute();
  const sf = await db
    .selectFrom('second_framework')
    .selectAll()
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  const sfPriorities = sf
    ? await db
        .selectFrom('second_priority')
        .selectAll()
        .where('framework_id', '=', sf.id)
        .orderBy('position')
        .execute()
    : [];
  const links = sf
    ? await db
        .selectFrom('outcome_second_priority')
        .innerJoin('second_priority', 'second_priority.id', 'outcome_second_priority.second_priority_id')
        .select(['outcome_second_priority.outcome_id', 'second_priority.number'])
        .where('second_priority.framework_id', '=', sf.id)
        .orderBy('second_priority.position')
        .execute()
    : [];
  const retired = await loadRetired(db, planId);

  return {
    plan: {
      title: plan.title,
      years: plan.years,
      status: plan.status === 'approved' ? 'approved' : 'draft',
      approvedBy: plan.approved_by,
      approvedOn: plan.approved_on,
    },
    directorates: directorates
      .filter((d) => directorateCodes.has(d.code) || retired.some((r) => r.directorate === d.code))
      .map((d) => ({ code: d.code, name: d.name })),
    priorities: priorities.map((p) => ({ code: p.code, title: p.title })),
    outcomes: outcomes.map((o) => ({
      code: o.code,
      priority: o.priority,
      title: o.title,
      directorate: o.directorate,
      change: (o.change as FrameworkDocument['outcomes'][number]['change']) ?? null,
      changeReason: o.change_reason,
      secondFramework: links.filter((l) => l.outcome_id === o.id).map((l) => l.number),
    })),
    indicators: indicators.map((i) => ({
      number: i.number,
      outcome: i.outcome_code,
      title: i.title,
      definition: i.definition,
      unit: i.unit as IndicatorRow['unit'],
      polarity: i.polarity as IndicatorRow['polarity'],
      frequency: i.frequency as IndicatorRow['frequency'],
      target: i.target_text ?? '-',
      cumulative: i.cumulative === 1,
      profile: i.profile,
      inArrears: i.in_arrears,
      tolerance: i.tolerance,
      baseline: i.baseline,
      trajectory: i.trajectory,
      dueDate: i.due_date,
      partLabels: JSON.parse(i.part_labels) as string[],
      dataSource: i.data_source,
      owner: i.owner,
      change: (i.change as IndicatorRow['change']) ?? null,
      changeReason: i.change_reason,
    })),
    secondFramework: sf
      ? { name: sf.name, priorities: sfPriorities.map((p) => ({ number: p.number, title: p.title })) }
      : null,
    retired,
  };
}

/** The plan's retired outcomes and indicators (the "changes to the framework" extract). */
export async function loadRetired(db: Db, planId: number): Promise<RetiredRow[]> {
  const rows = await db
    .selectFrom('retired_measure')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kind: r.kind === 'indicator' ? 'indicator' : 'outcome',
    title: r.title,
    directorate: r.directorate,
    indicator: r.indicator,
    target: r.target,
    lastRating: r.last_rating,
    lastReported: r.last_reported,
    reason: r.reason,
  }));
}

/** What re-rating an indicator's figures reads: the indicator, its targets, its figures, the council's rules. */
export interface IndicatorRatingData {
  indicator: IndicatorRecord;
  targets: { periodCode: string; text: string }[];
  values: IndicatorValueRecord[];
  council: { toleranceKind: string; toleranceValue: number; directionOfTravel: string };
}

export async function loadIndicatorRatingData(
  db: Db,
  indicatorId: number,
): Promise<IndicatorRatingData | undefined> {
  const indicator = await db
    .selectFrom('indicator')
    .selectAll()
    .where('id', '=', indicatorId)
    .executeTakeFirst();
  if (!indicator) return undefined;
  const targets = await db
    .selectFrom('indicator_target')
    .select(['period_code', 'target_text'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('period_code')
    .execute();
  const values = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .orderBy('period_code')
    .execute();
  const council = await db.selectFrom('council').selectAll().orderBy('id').executeTakeFirstOrThrow();
  return {
    indicator,
    targets: targets.map((t) => ({ periodCode: t.period_code, text: t.target_text })),
    values,
    council: {
      toleranceKind: council.tolerance_kind,
      toleranceValue: Number(council.tolerance_value),
      directionOfTravel: council.direction_of_travel,
    },
  };
}

/** The indicators of a plan that have figures recorded (the ones a framework change may re-rate). */
export async function indicatorsWithFigures(db: Db, planId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('indicator')
    .innerJoin('indicator_value', 'indicator_value.indicator_id', 'indicator.id')
    .select('indicator.id')
    .distinct()
    .where('indicator.plan_id', '=', planId)
    .orderBy('indicator.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Replaces one figure's computed rating (its value, state and version are left as they are). */
export async function setComputedRating(
  db: Db,
  valueId: number,
  computed: { rating: string | null; reason: string | null; explanation: string },
): Promise<void> {
  await db
    .updateTable('indicator_value')
    .set({
      computed_rating: computed.rating,
      computed_reason: computed.reason,
      computed_explanation: computed.explanation,
    })
    .where('id', '=', valueId)
    .execute();
}
