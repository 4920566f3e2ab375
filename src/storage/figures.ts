/**
 * What one figure of a collection round is read from: the indicator with its place in the plan (its
 * outcome and directorate), whether it is assigned to a person, its targets, the council's rating
 * settings; and the outcome ratings an approver sets. Functions take a Kysely handle, so use cases pass
 * their transaction.
 */
import type { Kysely } from 'kysely';
import type { RoundIndicator } from './collection-repository.js';
import { continuesFrom } from './framework-year.js';
import type { Database, IndicatorRecord, IndicatorValueRecord } from './schema.js';

type Db = Kysely<Database>;

export interface FigureIndicator {
  indicator: IndicatorRecord;
  place: RoundIndicator;
  /** Whether the indicator is assigned to `assignedTo` (false when no one was asked about). */
  assigned: boolean;
  /** The indicator it continues in the previous plan (its figures are "last year's"), if any. */
  continuesId: number | null;
}

/**
 * A plan's indicator with its outcome and directorate, in one query; with `assignedTo`, also whether it
 * is assigned to that person. Undefined when the plan has no such indicator.
 */
export async function findFigureIndicator(
  db: Db,
  planId: number,
  indicatorId: number,
  assignedTo: number | null = null,
): Promise<FigureIndicator | undefined> {
  const row = await db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .selectAll('indicator')
    .select([
      'outcome.code as outcome_code',
      'outcome.title as outcome_title',
      'outcome.directorate_id',
      'directorate.code as directorate_code',
      'directorate.name as directorate_name',
      continuesFrom('indicator').as('continues_id'),
    ])
    .select((eb) =>
      (assignedTo === null
        ? eb.lit(0)
        : eb
            .selectFrom('indicator_assignment')
            .select(eb.lit(1).as('one'))
            .whereRef('indicator_assignment.indicator_id', '=', 'indicator.id')
            .where('indicator_assignment.user_id', '=', assignedTo)
            .limit(1)
      ).as('assigned'),
    )
    .where('indicator.id', '=', indicatorId)
    .where('indicator.plan_id', '=', planId)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    outcome_code,
    outcome_title,
    directorate_id,
    directorate_code,
    directorate_name,
    assigned,
    continues_id,
    ...indicator
  } = row;
  return {
    indicator,
    place: {
      id: indicator.id,
      number: indicator.number,
      title: indicator.title,
      unit: indicator.unit,
      polarity: indicator.polarity,
      in_arrears: indicator.in_arrears,
      outcome_id: indicator.outcome_id,
      outcome_code,
      outcome_title,
      directorate_id,
      directorate_code,
      directorate_name,
      position: indicator.position,
    },
    assigned: Number(assigned ?? 0) === 1,
    continuesId: continues_id === null ? null : Number(continues_id),
  };
}

/**
 * A figure's stored values for the periods it is read with, in one query: the indicator's own for
 * `codes`, and — when it continues an indicator of the previous plan — that one's for `previousCodes`
 * (the same period last year, and last period when it fell in the previous plan).
 */
export async function figureValues(
  db: Db,
  indicatorId: number,
  codes: string[],
  continuesId: number | null,
  previousCodes: string[],
): Promise<{ own: Map<string, IndicatorValueRecord>; previous: Map<string, IndicatorValueRecord> }> {
  const rows = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('indicator_id', '=', indicatorId), eb('period_code', 'in', codes)]),
        ...(continuesId !== null && previousCodes.length
          ? [eb.and([eb('indicator_id', '=', continuesId), eb('period_code', 'in', previousCodes)])]
          : []),
      ]),
    )
    .execute();
  const own = new Map<string, IndicatorValueRecord>();
  const previous = new Map<string, IndicatorValueRecord>();
  for (const r of rows) (r.indicator_id === indicatorId ? own : previous).set(r.period_code, r);
  return { own, previous };
}

/** An indicator's targets, one per period code, in period order. */
export async function indicatorTargets(
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

/** An outcome of the plan, with its directorate; undefined when the plan has no such outcome. */
export async function findOutcomeInPlan(
  db: Db,
  planId: number,
  outcomeId: number,
): Promise<{ id: number; code: string; directorate_id: number } | undefined> {
  return db
    .selectFrom('outcome')
    .select(['id', 'code', 'directorate_id'])
    .where('id', '=', outcomeId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
}

/** The rating an approver set for an outcome and period, if any. */
export async function findOutcomeRating(
  db: Db,
  outcomeId: number,
  periodCode: string,
): Promise<{ rating: string; reason: string } | undefined> {
  return db
    .selectFrom('outcome_rating')
    .select(['rating', 'reason'])
    .where('outcome_id', '=', outcomeId)
    .where('period_code', '=', periodCode)
    .executeTakeFirst();
}

/** The stored figures of the indicator this one continues in the previous plan, by period code. */
export async function continuedFigures(
  db: Db,
  indicatorId: number,
): Promise<Map<string, IndicatorValueRecord>> {
  const rows = await db
    .selectFrom('indicator as cur')
    .innerJoin('indicator_value', (j) => j.on('indicator_value.indicator_id', '=', continuesFrom('cur')))
    .selectAll('indicator_value')
    .where('cur.id', '=', indicatorId)
    .execute();
  return new Map(rows.map((r) => [r.period_code, r]));
}
