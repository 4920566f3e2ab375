/**
 * The framework's year in storage (issue 12): copying a plan into next year's draft (priorities,
 * outcomes and indicators linked to the ones they continue, the year's targets the app chooses, the
 * second framework and its links), a plan's status changes and an item's mark, each written only at
 * the version its form was read at, what the framework pages read, and which indicator an indicator
 * continues across the plan boundary.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, FrameworkAmendmentRecord, IndicatorRecord, PlanRecord, PlanTable } from './schema.js';

type Db = Kysely<Database>;

/**
 * The indicator the one at `alias` continues from in the previous plan, as a scalar SQL expression:
 * its explicit link (`previous_indicator_id`, which survives renumbering), or — when it has none, is
 * not marked introduced, and its plan was started from another — the previous plan's indicator with
 * the same number, unless another indicator of this plan is linked to that one (it was renumbered).
 */
export function continuesFrom(alias: string): RawBuilder<number | null> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<number | null>`coalesce(${col('previous_indicator_id')}, (
    select prev.id from indicator prev
    inner join plan own on own.previous_plan_id = prev.plan_id
    where own.id = ${col('plan_id')} and prev.number = ${col('number')}
      and coalesce(${col('change')}, '') <> 'introduced'
      and not exists (
        select 1 from indicator other
        where other.plan_id = ${col('plan_id')} and other.previous_indicator_id = prev.id
      )
    limit 1))`;
}

/** Every plan (any status) covering a financial year, newest first. */
export async function plansCoveringYear(db: Db, financialYear: string): Promise<PlanRecord[]> {
  return db
    .selectFrom('plan')
    .selectAll()
    .where('first_year', '<=', financialYear)
    .where('last_year', '>=', financialYear)
    .orderBy('id', 'desc')
    .execute();
}

/** The plans started from this one. */
export async function plansStartedFrom(db: Db, planId: number): Promise<PlanRecord[]> {
  return db.selectFrom('plan').selectAll().where('previous_plan_id', '=', planId).orderBy('id').execute();
}

export interface NextPlan {
  title: string;
  years: string;
  firstYear: string;
  lastYear: string;
  createdAt: string;
}

export interface CopyRules {
  /**
   * The target to give the copy for its first year, from the source's targets and its milestone due
   * date (null: none).
   */
  target: (targets: { periodCode: string; text: string }[], dueDate: string | null) => string | null;
  /** Whether a milestone's due date still applies in the new year. */
  keepDueDate: (dueDate: string) => boolean;
}

export interface CopiedPlan {
  planId: number;
  priorities: number;
  outcomes: number;
  indicators: number;
  /** Indicators given the year's target. */
  targets: number;
  /** Indicators whose target was not copied (a dated milestone, or none set): numbers. */
  withoutTarget: string[];
  /** Outcomes and indicators retired from the source, left behind. */
  leftRetired: number;
  secondFramework: { priorities: number; links: number } | null;
}

/**
 * Copies a plan into a new draft in the caller's transaction: its priorities, its outcomes and
 * indicators still in use (each marked carried over and linked to the one it continues), the first
 * year's targets as `rules` choose, and its second framework with the outcomes' links.
 */
export async function copyPlan(
  trx: Db,
  source: PlanRecord,
  next: NextPlan,
  rules: CopyRules,
): Promise<CopiedPlan> {
  const plan = await trx
    .insertInto('plan')
    .values({
      title: next.title,
      years: next.years,
      first_year: next.firstYear,
      last_year: next.lastYear,
      status: 'draft',
      approved_by: null,
      approved_on: null,
      created_at: next.createdAt,
      previous_plan_id: source.id,
      // Public as its source was (issue 15): shown only once approved.
      public: source.public,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const planId = plan.id;

  const priorityIds = new Map<number, number>();
  const priorities = await trx
    .selectFrom('priority')
    .selectAll()
    .where('plan_id', '=', source.id)
    .orderBy('position')
    .execute();
  for (const p of priorities) {
    const row = await trx
      .insertInto('priority')
      .values({ plan_id: planId, code: p.code, title: p.title, position: p.position })
      .returning('id')
      .executeTakeFirstOrThrow();
    priorityIds.set(p.id, row.id);
  }

  const outcomes = await trx
    .selectFrom('outcome')
    .selectAll()
    .where('plan_id', '=', source.id)
    .orderBy('position')
    .execute();
  const outcomeIds = new Map<number, number>();
  let leftRetired = 0;
  for (const o of outcomes) {
    if (o.retired_on !== null) {
      leftRetired++;
      continue;
    }
    const row = await trx
      .insertInto('outcome')
      .values({
        plan_id: planId,
        priority_id: priorityIds.get(o.priority_id)!,
        code: o.code,
        title: o.title,
        directorate_id: o.directorate_id,
        position: o.position,
        change: 'carried-over',
        change_reason: null,
        previous_outcome_id: o.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    outcomeIds.set(o.id, row.id);
  }

  const indicators = await trx
    .selectFrom('indicator')
    .selectAll()
    .where('plan_id', '=', source.id)
    .orderBy('position')
    .execute();
  const targets = await trx
    .selectFrom('indicator_target')
    .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
    .select([
      'indicator_target.indicator_id',
      'indicator_target.period_code as periodCode',
      'indicator_target.target_text as text',
    ])
    .where('indicator.plan_id', '=', source.id)
    .orderBy('indicator_target.period_code')
    .execute();
  let copiedTargets = 0;
  const withoutTarget: string[] = [];
  let copiedIndicators = 0;
  for (const i of indicators) {
    const outcomeId = outcomeIds.get(i.outcome_id);
    if (i.retired_on !== null || outcomeId === undefined) {
      leftRetired++;
      continue;
    }
    const row = await trx
      .insertInto('indicator')
      .values({
        ...indicatorColumns(i),
        plan_id: planId,
        outcome_id: outcomeId,
        due_date: i.due_date && rules.keepDueDate(i.due_date) ? i.due_date : null,
        change: 'carried-over',
        change_reason: null,
        previous_indicator_id: i.id,
        public: i.public,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    copiedIndicators++;
    // The same people go on reporting a carried-over indicator (its data owners' assignments).
    await trx
      .insertInto('indicator_assignment')
      .columns(['indicator_id', 'user_id'])
      .expression((eb) =>
        eb
          .selectFrom('indicator_assignment')
          .select([eb.val(row.id).as('indicator_id'), 'user_id'])
          .where('indicator_id', '=', i.id),
      )
      .execute();
    const target = rules.target(
      targets.filter((t) => t.indicator_id === i.id),
      i.due_date,
    );
    if (target === null) withoutTarget.push(i.number);
    else {
      await trx
        .insertInto('indicator_target')
        .values({ indicator_id: row.id, period_code: next.firstYear, target_text: target })
        .execute();
      copiedTargets++;
    }
  }

  const secondFramework = await copySecondFramework(trx, source.id, planId, outcomeIds);
  return {
    planId,
    priorities: priorities.length,
    outcomes: outcomeIds.size,
    indicators: copiedIndicators,
    targets: copiedTargets,
    withoutTarget,
    leftRetired,
    secondFramework,
  };
}

/** An indicator's own columns, as a copy takes them (not its id, plan, outcome, links or marks). */
function indicatorColumns(i: IndicatorRecord) {
  return {
    number: i.number,
    title: i.title,
    definition: i.definition,
    unit: i.unit,
    polarity: i.polarity,
    frequency: i.frequency,
    cumulative: i.cumulative,
    profile: i.profile,
    in_arrears: i.in_arrears,
    tolerance: i.tolerance,
    baseline: i.baseline,
    trajectory: i.trajectory,
    part_labels: i.part_labels,
    data_source: i.data_source,
    owner: i.owner,
    position: i.position,
    // The performance team's SPC settings follow the indicator, as its series does.
    spc_options: i.spc_options,
  };
}

async function copySecondFramework(
  trx: Db,
  fromPlanId: number,
  toPlanId: number,
  outcomeIds: Map<number, number>,
): Promise<CopiedPlan['secondFramework']> {
  const sf = await trx
    .selectFrom('second_framework')
    .selectAll()
    .where('plan_id', '=', fromPlanId)
    .executeTakeFirst();
  if (!sf) return null;
  const fw = await trx
    .insertInto('second_framework')
    .values({ plan_id: toPlanId, name: sf.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const priorities = await trx
    .selectFrom('second_priority')
    .selectAll()
    .where('framework_id', '=', sf.id)
    .orderBy('position')
    .execute();
  const ids = new Map<number, number>();
  for (const p of priorities) {
    const row = await trx
      .insertInto('second_priority')
      .values({ framework_id: fw.id, number: p.number, title: p.title, position: p.position })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(p.id, row.id);
  }
  const links = await trx
    .selectFrom('outcome_second_priority')
    .innerJoin('second_priority', 'second_priority.id', 'outcome_second_priority.second_priority_id')
    .select(['outcome_second_priority.outcome_id', 'outcome_second_priority.second_priority_id'])
    .where('second_priority.framework_id', '=', sf.id)
    .execute();
  const copied = links
    .filter((l) => outcomeIds.has(l.outcome_id))
    .map((l) => ({
      outcome_id: outcomeIds.get(l.outcome_id)!,
      second_priority_id: ids.get(l.second_priority_id)!,
    }));
  if (copied.length) await trx.insertInto('outcome_second_priority').values(copied).execute();
  return { priorities: priorities.length, links: copied.length };
}

type PlanUpdate = Partial<
  Pick<
    PlanTable,
    | 'status'
    | 'submitted_by'
    | 'submitted_at'
    | 'approved_by'
    | 'approved_on'
    | 'approval_minute'
    | 'approval_recorded_by'
    | 'approval_recorded_at'
  >
>;

/**
 * Moves a plan from one status to the next, only if it is still in `from` at the version its page
 * was read at; bumps the version. False when it had moved on (someone else acted first).
 */
export async function updatePlanIfVersion(
  trx: Db,
  planId: number,
  version: number,
  from: string,
  fields: PlanUpdate,
): Promise<boolean> {
  const r = await trx
    .updateTable('plan')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', planId)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface MarkedItem {
  id: number;
  planId: number;
  /** Outcome code or indicator number. */
  ref: string;
  title: string;
  change: string | null;
  changeReason: string | null;
  version: number;
  retiredOn: string | null;
  /** What it continues in the previous plan: its code or number and title, if any. */
  previous: { ref: string; title: string; planYears: string } | null;
}

/** One outcome or indicator of a plan, with what it continues; undefined when the plan has none. */
export async function findMarkedItem(
  db: Db,
  kind: 'outcome' | 'indicator',
  planId: number,
  id: number,
): Promise<MarkedItem | undefined> {
  if (kind === 'outcome') {
    const o = await db
      .selectFrom('outcome')
      .leftJoin('outcome as prev', 'prev.id', 'outcome.previous_outcome_id')
      .leftJoin('plan as prev_plan', 'prev_plan.id', 'prev.plan_id')
      .select([
        'outcome.id',
        'outcome.plan_id',
        'outcome.code',
        'outcome.title',
        'outcome.change',
        'outcome.change_reason',
        'outcome.version',
        'outcome.retired_on',
        'prev.code as prev_ref',
        'prev.title as prev_title',
        'prev_plan.years as prev_years',
      ])
      .where('outcome.id', '=', id)
      .where('outcome.plan_id', '=', planId)
      .executeTakeFirst();
    if (!o) return undefined;
    return {
      id: o.id,
      planId: o.plan_id,
      ref: o.code,
      title: o.title,
      change: o.change,
      changeReason: o.change_reason,
      version: o.version,
      retiredOn: o.retired_on,
      previous: o.prev_ref ? { ref: o.prev_ref, title: o.prev_title!, planYears: o.prev_years! } : null,
    };
  }
  const i = await db
    .selectFrom('indicator')
    .select([
      'indicator.id',
      'indicator.plan_id',
      'indicator.number',
      'indicator.title',
      'indicator.change',
      'indicator.change_reason',
      'indicator.version',
      'indicator.retired_on',
      continuesFrom('indicator').as('continues_id'),
    ])
    .where('indicator.id', '=', id)
    .where('indicator.plan_id', '=', planId)
    .executeTakeFirst();
  if (!i) return undefined;
  const prev =
    i.continues_id === null
      ? undefined
      : await db
          .selectFrom('indicator')
          .innerJoin('plan', 'plan.id', 'indicator.plan_id')
          .select(['indicator.number', 'indicator.title', 'plan.years'])
          .where('indicator.id', '=', Number(i.continues_id))
          .executeTakeFirst();
  return {
    id: i.id,
    planId: i.plan_id,
    ref: i.number,
    title: i.title,
    change: i.change,
    changeReason: i.change_reason,
    version: i.version,
    retiredOn: i.retired_on,
    previous: prev ? { ref: prev.number, title: prev.title, planYears: prev.years } : null,
  };
}

/**
 * Marks what happened to an outcome or indicator since last year, only at the version its form was
 * read at; bumps the version. False when it had moved on.
 */
export async function markItemIfVersion(
  trx: Db,
  kind: 'outcome' | 'indicator',
  id: number,
  version: number,
  mark: { change: string; reason: string | null },
): Promise<boolean> {
  const values = { change: mark.change, change_reason: mark.reason, version: version + 1 };
  const r =
    kind === 'outcome'
      ? await trx
          .updateTable('outcome')
          .set(values)
          .where('id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst()
      : await trx
          .updateTable('indicator')
          .set(values)
          .where('id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface FrameworkRows {
  plan: PlanRecord;
  previousPlan: PlanRecord | null;
  /** Plans started from this one. */
  nextPlans: PlanRecord[];
  priorities: { id: number; code: string; title: string; position: number; version: number }[];
  outcomes: {
    id: number;
    priorityId: number;
    code: string;
    title: string;
    directorate: string;
    change: string | null;
    changeReason: string | null;
    version: number;
    retiredOn: string | null;
    retiredReason: string | null;
    previous: { code: string; title: string } | null;
  }[];
  indicators: {
    id: number;
    outcomeId: number;
    number: string;
    title: string;
    change: string | null;
    changeReason: string | null;
    version: number;
    retiredOn: string | null;
    retiredReason: string | null;
    /** The year's target as printed (the plan's first year), if one is set. */
    target: string | null;
    previous: { number: string; title: string } | null;
  }[];
  /** Measures removed from the plan (deleted from a draft, or retired before Cairn), with reasons. */
  retired: { kind: string; title: string; indicator: string | null; directorate: string; reason: string }[];
  amendments: FrameworkAmendmentRecord[];
}

/** Everything a plan's framework page shows, in a handful of queries. */
export async function loadFrameworkRows(db: Db, planId: number): Promise<FrameworkRows | undefined> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!plan) return undefined;
  const previousPlan =
    plan.previous_plan_id === null
      ? null
      : ((await db
          .selectFrom('plan')
          .selectAll()
          .where('id', '=', plan.previous_plan_id)
          .executeTakeFirst()) ?? null);
  const nextPlans = await plansStartedFrom(db, planId);
  const priorities = await db
    .selectFrom('priority')
    .select(['id', 'code', 'title', 'position', 'version'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .leftJoin('outcome as prev', 'prev.id', 'outcome.previous_outcome_id')
    .select([
      'outcome.id',
      'outcome.priority_id',
      'outcome.code',
      'outcome.title',
      'directorate.name as directorate',
      'outcome.change',
      'outcome.change_reason',
      'outcome.version',
      'outcome.retired_on',
      'outcome.retired_reason',
      'prev.code as prev_code',
      'prev.title as prev_title',
    ])
    .where('outcome.plan_id', '=', planId)
    .orderBy('outcome.position')
    .orderBy('outcome.id')
    .execute();
  const indicators = await db
    .selectFrom('indicator')
    .leftJoin('indicator_target', (j) =>
      j
        .onRef('indicator_target.indicator_id', '=', 'indicator.id')
        .on('indicator_target.period_code', '=', plan.first_year),
    )
    .select([
      'indicator.id',
      'indicator.outcome_id',
      'indicator.number',
      'indicator.title',
      'indicator.change',
      'indicator.change_reason',
      'indicator.version',
      'indicator.retired_on',
      'indicator.retired_reason',
      'indicator_target.target_text',
      continuesFrom('indicator').as('continues_id'),
    ])
    .where('indicator.plan_id', '=', planId)
    .orderBy('indicator.position')
    .orderBy('indicator.id')
    .execute();
  const continued = indicators.map((i) => i.continues_id).filter((id): id is number => id !== null);
  const previous = continued.length
    ? await db
        .selectFrom('indicator')
        .select(['id', 'number', 'title'])
        .where('id', 'in', continued.map(Number))
        .execute()
    : [];
  const previousById = new Map(previous.map((p) => [p.id, p]));
  const retired = await db
    .selectFrom('retired_measure')
    .select(['kind', 'title', 'indicator', 'directorate', 'reason'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  const amendments = await db
    .selectFrom('framework_amendment')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    plan,
    previousPlan,
    nextPlans,
    priorities,
    outcomes: outcomes.map((o) => ({
      id: o.id,
      priorityId: o.priority_id,
      code: o.code,
      title: o.title,
      directorate: o.directorate,
      change: o.change,
      changeReason: o.change_reason,
      version: o.version,
      retiredOn: o.retired_on,
      retiredReason: o.retired_reason,
      previous: o.prev_code ? { code: o.prev_code, title: o.prev_title! } : null,
    })),
    indicators: indicators.map((i) => {
      const p = i.continues_id === null ? undefined : previousById.get(Number(i.continues_id));
      return {
        id: i.id,
        outcomeId: i.outcome_id,
        number: i.number,
        title: i.title,
        change: i.change,
        changeReason: i.change_reason,
        version: i.version,
        retiredOn: i.retired_on,
        retiredReason: i.retired_reason,
        target: i.target_text ?? null,
        previous: p ? { number: p.number, title: p.title } : null,
      };
    }),
    retired,
    amendments,
  };
}

/** An indicator with its plan, for following it across years. */
export interface LinkedIndicator {
  id: number;
  number: string;
  outcomeId: number;
  plan: PlanRecord;
}

/**
 * The indicators this one continues, newest first (last year's, the year before, …), each with its
 * plan — by the explicit link or, failing that, by number (see `continuesFrom`); at most 20 years,
 * and a loop stops the walk.
 */
export async function earlierIndicators(db: Db, indicatorId: number): Promise<LinkedIndicator[]> {
  const out: LinkedIndicator[] = [];
  const seen = new Set([indicatorId]);
  let current: number | null = indicatorId;
  while (current !== null && out.length < 20) {
    const row: { continues_id: number | null } | undefined = await db
      .selectFrom('indicator')
      .select(continuesFrom('indicator').as('continues_id'))
      .where('indicator.id', '=', current)
      .executeTakeFirst();
    const next: number | null = row?.continues_id == null ? null : Number(row.continues_id);
    if (next === null || seen.has(next)) break;
    seen.add(next);
    const found = await db
      .selectFrom('indicator')
      .innerJoin('plan', 'plan.id', 'indicator.plan_id')
      .selectAll('plan')
      .select(['indicator.id as indicator_id', 'indicator.number', 'indicator.outcome_id'])
      .where('indicator.id', '=', next)
      .executeTakeFirst();
    if (!found) break;
    const { indicator_id, number, outcome_id, ...plan } = found;
    out.push({ id: indicator_id, number, outcomeId: outcome_id, plan: plan as PlanRecord });
    current = next;
  }
  return out;
}
