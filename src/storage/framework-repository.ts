/**
 * Reads and writes the strategy framework. All writes happen in one transaction: a framework is
 * saved whole or not at all.
 */
import type { Kysely, Transaction } from 'kysely';
import type { FrameworkDocument, IndicatorRow, RetiredRow } from '../domain/framework.js';
import type { Database } from './schema.js';
import { byIndicatorNumber } from '../domain/indicator-order.js';

type Db = Kysely<Database> | Transaction<Database>;

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

/**
 * Saves a framework: creates the plan, or updates the plan of the same title and years in place,
 * matching priorities and outcomes by code and indicators by number so recorded figures are kept.
 * Items missing from the document are removed, unless figures have been recorded against them.
 */
export async function saveFramework(
  db: Kysely<Database>,
  doc: FrameworkDocument,
  years: PlanYears,
  now: string,
  /** Runs inside the save's transaction (e.g. to record the change in the audit trail). */
  onSaved?: (trx: Kysely<Database>, saved: SavedFramework) => Promise<void>,
): Promise<SavedFramework> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('plan')
      .select('id')
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
      await trx.updateTable('plan').set(planFields).where('id', '=', planId).execute();
    } else {
      const row = await trx
        .insertInto('plan')
        .values({ ...planFields, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      planId = row.id;
    }

    const directorateIds = new Map<string, number>();
    for (const d of doc.directorates) {
      const found = await trx
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', d.code)
        .executeTakeFirst();
      if (found) {
        await trx.updateTable('directorate').set({ name: d.name }).where('id', '=', found.id).execute();
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

    // Remove what the document no longer has — but never figures that have been recorded.
    const removed = await removeMissing(trx, planId, { priorityIds, outcomeIds, indicatorIds });

    for (const ind of doc.indicators) {
      const indicatorId = must(indicatorIds.get(ind.number), `indicator ${ind.number}`);
      await trx
        .deleteFrom('indicator_target')
        .where('indicator_id', '=', indicatorId)
        .where('period_code', '=', years.firstYear)
        .execute();
      await trx
        .insertInto('indicator_target')
        .values({ indicator_id: indicatorId, period_code: years.firstYear, target_text: ind.target })
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

    const saved: SavedFramework = {
      planId,
      createdPlan: !existing,
      counts: {
        priorities: doc.priorities.length,
        outcomes: doc.outcomes.length,
        indicators: doc.indicators.length,
        removed,
      },
    };
    if (onSaved) await onSaved(trx, saved);
    return saved;
  });
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
  trx: Transaction<Database>,
  table: KeyedTable,
  planId: number,
  keyColumn: 'code' | 'number',
  rows: { key: string; values: Record<string, unknown> }[],
): Promise<Map<string, number>> {
  // The three tables share (id, plan_id, code|number); Kysely cannot type a table chosen at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = trx as unknown as Kysely<any>;
  const existing: { id: number; key: string }[] = await t
    .selectFrom(table)
    .select(['id', `${keyColumn} as key`])
    .where('plan_id', '=', planId)
    .execute();
  const byKey = new Map(existing.map((r) => [r.key, r.id]));
  const ids = new Map<string, number>();
  for (const row of rows) {
    const id = byKey.get(row.key);
    if (id !== undefined) {
      await t.updateTable(table).set(row.values).where('id', '=', id).execute();
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
  trx: Transaction<Database>,
  planId: number,
  kept: {
    priorityIds: Map<string, number>;
    outcomeIds: Map<string, number>;
    indicatorIds: Map<string, number>;
  },
): Promise<number> {
  const keptIndicators = [...kept.indicatorIds.values()];
  const goneIndicators = await trx
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('plan_id', '=', planId)
    .$if(keptIndicators.length > 0, (q) => q.where('id', 'not in', keptIndicators))
    .execute();
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
  const keptOutcomes = [...kept.outcomeIds.values()];
  const goneOutcomes = await trx
    .deleteFrom('outcome')
    .where('plan_id', '=', planId)
    .$if(keptOutcomes.length > 0, (q) => q.where('id', 'not in', keptOutcomes))
    .returning('id')
    .execute();
  const keptPriorities = [...kept.priorityIds.values()];
  const gonePriorities = await trx
    .deleteFrom('priority')
    .where('plan_id', '=', planId)
    .$if(keptPriorities.length > 0, (q) => q.where('id', 'not in', keptPriorities))
    .returning('id')
    .execute();
  return removed + goneOutcomes.length + gonePriorities.length;
}

async function saveSecondFramework(
  trx: Transaction<Database>,
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

/** Reads a saved framework back into the interchange shape (for export). */
export async function loadFrameworkDocument(db: Db, planId: number): Promise<FrameworkDocument> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const priorities = await db
    .selectFrom('priority')
    .selectAll()
    .where('plan_id', '=', planId)
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
