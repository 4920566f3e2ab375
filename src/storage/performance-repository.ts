/**
 * Reads the framework with its figures for a period, and writes figures and ratings.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { periodFromCode } from '../domain/periods.js';
import type { RetiredRow } from '../domain/framework.js';
import { loadRetired } from './framework-repository.js';
import { continuesFrom } from './framework-year.js';
import type { Database, IndicatorRecord, IndicatorValueRecord, PlanRecord } from './schema.js';

export interface PeriodData {
  plan: PlanRecord;
  council: {
    name: string;
    toleranceKind: string;
    toleranceValue: number;
    directionOfTravel: string;
    outcomePolicy: string;
  };
  priorities: { id: number; code: string; title: string }[];
  directorates: { id: number; code: string; name: string }[];
  outcomes: {
    id: number;
    code: string;
    title: string;
    priorityId: number;
    directorateId: number;
    change: string | null;
  }[];
  indicators: (IndicatorRecord & { targets: { periodCode: string; text: string }[] })[];
  /** Values keyed by indicator id, then period code. */
  values: Map<number, Map<string, IndicatorValueRecord>>;
  /**
   * The figures of the indicators these continue in the previous plan, for the same period codes,
   * keyed by this plan's indicator id, then period code: "the same period last year" across the plan
   * boundary.
   */
  previousValues: Map<number, Map<string, IndicatorValueRecord>>;
  /** Outcome judgements keyed by outcome id, then period code. */
  judgements: Map<number, Map<string, { rating: string; reason: string; setBy: string; setAt: string }>>;
  secondFramework: {
    name: string;
    priorities: { id: number; number: string; title: string }[];
    links: { outcomeId: number; priorityId: number }[];
  } | null;
  retired: RetiredRow[];
}

/** Every plan, whatever its status (the framework pages): latest first. */
export async function listPlans(db: Kysely<Database>): Promise<PlanRecord[]> {
  return db.selectFrom('plan').selectAll().orderBy('first_year', 'desc').orderBy('id').execute();
}

/**
 * The live plans — the approved ones, latest first: the only plans pages, dashboards, reports and
 * collection use for their periods. A draft or a plan submitted for approval is shown on the
 * framework pages only, until it is approved.
 */
export async function listLivePlans(db: Kysely<Database>): Promise<PlanRecord[]> {
  return db
    .selectFrom('plan')
    .selectAll()
    .where('status', '=', 'approved')
    .orderBy('first_year', 'desc')
    .orderBy('id')
    .execute();
}

/** The live (approved) plan covering a financial year (code '2017-18'): the latest approved, if two do. */
export async function planCovering(
  db: Kysely<Database>,
  financialYear: string,
): Promise<PlanRecord | undefined> {
  return db
    .selectFrom('plan')
    .selectAll()
    .where('status', '=', 'approved')
    .where('first_year', '<=', financialYear)
    .where('last_year', '>=', financialYear)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/**
 * The quarters with any recorded figure or rating (in one plan, if given), each with how many quarters
 * in arrears its indicator reports: the caller works out the reporting quarter each was shown in.
 */
export async function quartersWithData(
  db: Kysely<Database>,
  planId?: number,
): Promise<{ periodCode: string; inArrears: number }[]> {
  const rows = await db
    .selectFrom('indicator_value')
    .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
    .select(['indicator_value.period_code', 'indicator.in_arrears'])
    .where('indicator_value.period_code', 'like', '____-__-Q_')
    .$if(planId !== undefined, (q) => q.where('indicator.plan_id', '=', planId!))
    .groupBy(['indicator_value.period_code', 'indicator.in_arrears'])
    .execute();
  return rows.map((r) => ({ periodCode: r.period_code, inArrears: Number(r.in_arrears) }));
}

/** The number that every write to the framework or its figures increases (kept by triggers). */
export async function dataVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The live (approved) plan that starts latest (the last made, of two starting the same year). */
export async function latestPlan(db: Kysely<Database>): Promise<PlanRecord | undefined> {
  return db
    .selectFrom('plan')
    .selectAll()
    .where('status', '=', 'approved')
    .orderBy('first_year', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function findPlanById(db: Kysely<Database>, planId: number): Promise<PlanRecord | undefined> {
  return db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
}

/**
 * Reads a plan with its figures for the given periods and its outcome judgements for the given
 * reporting periods. With `outcomeId`, only that outcome and its indicators are read (for the
 * history of one outcome or indicator across many periods).
 */
export async function loadPeriodData(
  db: Kysely<Database>,
  planId: number,
  periodCodes: string[],
  judgementPeriods: string[],
  outcomeId?: number,
): Promise<PeriodData> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const council = await db.selectFrom('council').selectAll().orderBy('id').executeTakeFirstOrThrow();
  // An outcome or indicator retired from an approved plan is shown for periods that start by the day
  // it was retired (from the earliest reporting period asked for), never after.
  const from = judgementPeriods.map((c) => periodFromCode(c).start).sort()[0];
  const shown = (q: 'outcome' | 'indicator') => (eb: ExpressionBuilder<Database, typeof q>) =>
    eb.or([eb(`${q}.retired_on`, 'is', null), eb(`${q}.retired_on`, '>=', from!)]);
  const [priorities, outcomes, indicators, targets, directorates] = await Promise.all([
    db
      .selectFrom('priority')
      .select(['id', 'code', 'title'])
      .where('plan_id', '=', planId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('outcome')
      .select(['id', 'code', 'title', 'priority_id', 'directorate_id', 'change'])
      .where('plan_id', '=', planId)
      .$if(outcomeId !== undefined, (q) => q.where('id', '=', outcomeId!))
      .$if(from !== undefined, (q) => q.where(shown('outcome')))
      .orderBy('position')
      .execute(),
    db
      .selectFrom('indicator')
      .selectAll()
      .select(continuesFrom('indicator').as('continues_id'))
      .where('plan_id', '=', planId)
      .$if(outcomeId !== undefined, (q) => q.where('outcome_id', '=', outcomeId!))
      .$if(from !== undefined, (q) => q.where(shown('indicator')))
      .orderBy('position')
      .execute(),
    db
      .selectFrom('indicator_target')
      .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
      .select([
        'indicator_target.indicator_id',
        'indicator_target.period_code',
        'indicator_target.target_text',
      ])
      .where('indicator.plan_id', '=', planId)
      .$if(outcomeId !== undefined, (q) => q.where('indicator.outcome_id', '=', outcomeId!))
      .orderBy('indicator_target.period_code')
      .execute(),
    db.selectFrom('directorate').select(['id', 'code', 'name']).orderBy('id').execute(),
  ]);
  const values = new Map<number, Map<string, IndicatorValueRecord>>();
  if (periodCodes.length > 0 && indicators.length > 0) {
    const rows = await db
      .selectFrom('indicator_value')
      .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
      .selectAll('indicator_value')
      .where('indicator.plan_id', '=', planId)
      .$if(outcomeId !== undefined, (q) => q.where('indicator.outcome_id', '=', outcomeId!))
      .where('indicator_value.period_code', 'in', periodCodes)
      .execute();
    for (const v of rows) {
      let m = values.get(v.indicator_id);
      if (!m) values.set(v.indicator_id, (m = new Map()));
      m.set(v.period_code, v);
    }
  }
  // Last year's figures across the plan boundary: the indicators these continue, for the same codes.
  const previousValues = new Map<number, Map<string, IndicatorValueRecord>>();
  const continues = new Map<number, number[]>();
  for (const i of indicators)
    if (i.continues_id !== null) {
      const from = Number(i.continues_id);
      continues.set(from, [...(continues.get(from) ?? []), i.id]);
    }
  if (periodCodes.length > 0 && continues.size > 0) {
    const rows = await db
      .selectFrom('indicator_value')
      .selectAll()
      .where('indicator_id', 'in', [...continues.keys()])
      .where('period_code', 'in', periodCodes)
      .execute();
    for (const v of rows)
      for (const id of continues.get(v.indicator_id) ?? []) {
        let m = previousValues.get(id);
        if (!m) previousValues.set(id, (m = new Map()));
        m.set(v.period_code, v);
      }
  }
  const judgementRows =
    judgementPeriods.length === 0
      ? []
      : await db
          .selectFrom('outcome_rating')
          .innerJoin('outcome', 'outcome.id', 'outcome_rating.outcome_id')
          .selectAll('outcome_rating')
          .where('outcome.plan_id', '=', planId)
          .$if(outcomeId !== undefined, (q) => q.where('outcome.id', '=', outcomeId!))
          .where('outcome_rating.period_code', 'in', judgementPeriods)
          .execute();
  const judgements: PeriodData['judgements'] = new Map();
  for (const j of judgementRows) {
    let m = judgements.get(j.outcome_id);
    if (!m) judgements.set(j.outcome_id, (m = new Map()));
    m.set(j.period_code, { rating: j.rating, reason: j.reason, setBy: j.set_by, setAt: j.set_at });
  }
  const sf = await db
    .selectFrom('second_framework')
    .selectAll()
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  let secondFramework: PeriodData['secondFramework'] = null;
  if (sf) {
    const sp = await db
      .selectFrom('second_priority')
      .select(['id', 'number', 'title'])
      .where('framework_id', '=', sf.id)
      .orderBy('position')
      .execute();
    const links = await db
      .selectFrom('outcome_second_priority')
      .innerJoin('second_priority', 'second_priority.id', 'outcome_second_priority.second_priority_id')
      .select([
        'outcome_second_priority.outcome_id as outcomeId',
        'outcome_second_priority.second_priority_id as priorityId',
      ])
      .where('second_priority.framework_id', '=', sf.id)
      .execute();
    secondFramework = { name: sf.name, priorities: sp, links };
  }
  const retired = await loadRetired(db, planId);

  const targetsByIndicator = new Map<number, { periodCode: string; text: string }[]>();
  for (const t of targets) {
    const list = targetsByIndicator.get(t.indicator_id) ?? [];
    list.push({ periodCode: t.period_code, text: t.target_text });
    targetsByIndicator.set(t.indicator_id, list);
  }
  return {
    plan,
    council: {
      name: council.name,
      toleranceKind: council.tolerance_kind,
      toleranceValue: council.tolerance_value,
      directionOfTravel: council.direction_of_travel,
      outcomePolicy: council.outcome_policy,
    },
    priorities,
    directorates,
    outcomes: outcomes.map((o) => ({
      id: o.id,
      code: o.code,
      title: o.title,
      priorityId: o.priority_id,
      directorateId: o.directorate_id,
      change: o.change,
    })),
    indicators: indicators.map(({ continues_id: _, ...i }) => ({
      ...i,
      targets: targetsByIndicator.get(i.id) ?? [],
    })),
    values,
    previousValues,
    judgements,
    secondFramework,
    retired,
  };
}

export interface ValueWrite {
  indicatorId: number;
  periodCode: string;
  actual?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  parts?: (number | null)[] | null;
  milestoneStatus?: string | null;
  commentary?: string | null;
  outlook?: string | null;
  computed?: { rating: string | null; reason: string | null; explanation: string };
  manual?: {
    rating: string | null;
    source: 'reported' | 'manual';
    reason: string | null;
    setBy: string;
    setAt: string;
  };
}

/** Inserts or updates one indicator's figure for one period. Only the fields given are changed. */
export async function upsertValue(db: Kysely<Database>, write: ValueWrite, now: string): Promise<void> {
  const fields: Partial<IndicatorValueRecord> = { updated_at: now };
  if (write.actual !== undefined) fields.actual = write.actual;
  if (write.numerator !== undefined) fields.numerator = write.numerator;
  if (write.denominator !== undefined) fields.denominator = write.denominator;
  if (write.parts !== undefined) fields.parts = write.parts === null ? null : JSON.stringify(write.parts);
  if (write.milestoneStatus !== undefined) fields.milestone_status = write.milestoneStatus;
  if (write.commentary !== undefined) fields.commentary = write.commentary;
  if (write.outlook !== undefined) fields.outlook = write.outlook;
  if (write.computed) {
    fields.computed_rating = write.computed.rating;
    fields.computed_reason = write.computed.reason;
    fields.computed_explanation = write.computed.explanation;
  }
  if (write.manual) {
    fields.manual_rating = write.manual.rating;
    fields.manual_source = write.manual.source;
    fields.manual_reason = write.manual.reason;
    fields.manual_set_by = write.manual.setBy;
    fields.manual_set_at = write.manual.setAt;
  }
  await db
    .insertInto('indicator_value')
    .values({ indicator_id: write.indicatorId, period_code: write.periodCode, ...fields, updated_at: now })
    .onConflict((oc) => oc.columns(['indicator_id', 'period_code']).doUpdateSet(fields))
    .execute();
}

export async function setOutcomeJudgement(
  db: Kysely<Database>,
  j: { outcomeId: number; periodCode: string; rating: string; reason: string; setBy: string; setAt: string },
): Promise<void> {
  const fields = { rating: j.rating, reason: j.reason, set_by: j.setBy, set_at: j.setAt };
  await db
    .insertInto('outcome_rating')
    .values({ outcome_id: j.outcomeId, period_code: j.periodCode, ...fields })
    .onConflict((oc) => oc.columns(['outcome_id', 'period_code']).doUpdateSet(fields))
    .execute();
}

export async function setCouncil(
  db: Kysely<Database>,
  c: { name: string; shortName: string },
): Promise<void> {
  await db.updateTable('council').set({ name: c.name, short_name: c.shortName }).execute();
}

export async function findOutcome(
  db: Kysely<Database>,
  planId: number,
  code: string,
): Promise<{ id: number; code: string } | undefined> {
  return db
    .selectFrom('outcome')
    .select(['id', 'code'])
    .where('plan_id', '=', planId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findIndicator(
  db: Kysely<Database>,
  planId: number,
  number: string,
): Promise<IndicatorRecord | undefined> {
  return db
    .selectFrom('indicator')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('number', '=', number)
    .executeTakeFirst();
}
