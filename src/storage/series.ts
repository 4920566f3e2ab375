/**
 * Indicators' figures over time, for statistical process control and forecasts: every figure of an
 * indicator and of the indicators it continues in earlier plans (`previous_indicator_id`, followed by a
 * recursive query, at most 50 plans back), and their targets. For one indicator or a whole plan, in
 * three queries whatever the number of indicators: the indicators, their lineages' figures, their
 * lineages' targets. Which figures count (approved, or loaded before collection) is the caller's rule.
 */
import { sql } from 'kysely';
import type { IndicatorRecord } from './schema.js';
import type { Db, Trx } from './transaction.js';

export interface SeriesFigure {
  /** The indicator whose series this is (the one asked for, not the earlier one that holds the figure). */
  rootId: number;
  /** The indicator the figure is stored against: the root or one it continues. */
  indicatorId: number;
  /** 0 for the root, 1 for last year's, … */
  depth: number;
  periodCode: string;
  actual: number | null;
  state: string | null;
}

export interface SeriesTarget {
  rootId: number;
  depth: number;
  periodCode: string;
  text: string;
}

export interface SeriesData {
  indicators: IndicatorRecord[];
  figures: Map<number, SeriesFigure[]>;
  targets: Map<number, SeriesTarget[]>;
}

type Scope = { planId: number } | { indicatorIds: number[] };

function roots(scope: Scope) {
  return 'planId' in scope
    ? sql`select id as root_id, id, 0 as depth from indicator where plan_id = ${scope.planId}`
    : sql`select id as root_id, id, 0 as depth from indicator where id in (${sql.join(
        scope.indicatorIds.length ? scope.indicatorIds : [-1],
      )})`;
}

function lineage(scope: Scope) {
  return sql`with recursive lineage(root_id, id, depth) as (
      ${roots(scope)}
      union all
      select lineage.root_id, indicator.previous_indicator_id, lineage.depth + 1
      from lineage join indicator on indicator.id = lineage.id
      where indicator.previous_indicator_id is not null and lineage.depth < 50
    )`;
}

function group<T extends { rootId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.rootId);
    if (list) list.push(r);
    else out.set(r.rootId, [r]);
  }
  return out;
}

export async function loadSeries(db: Db | Trx, scope: Scope): Promise<SeriesData> {
  let q = db.selectFrom('indicator').selectAll();
  q =
    'planId' in scope
      ? q.where('plan_id', '=', scope.planId)
      : q.where('id', 'in', scope.indicatorIds.length ? scope.indicatorIds : [-1]);
  const indicators = await q.orderBy('position').orderBy('id').execute();

  const figures = await sql<{
    root_id: number;
    indicator_id: number;
    depth: number;
    period_code: string;
    actual: number | null;
    state: string | null;
  }>`${lineage(scope)}
    select lineage.root_id, lineage.id as indicator_id, lineage.depth, v.period_code, v.actual, v.state
    from lineage join indicator_value v on v.indicator_id = lineage.id
    order by lineage.root_id, lineage.depth, v.period_code`.execute(db);

  const targets = await sql<{
    root_id: number;
    depth: number;
    period_code: string;
    target_text: string;
  }>`${lineage(scope)}
    select lineage.root_id, lineage.depth, t.period_code, t.target_text
    from lineage join indicator_target t on t.indicator_id = lineage.id
    order by lineage.root_id, lineage.depth, t.period_code`.execute(db);

  return {
    indicators,
    figures: group(
      figures.rows.map((r) => ({
        rootId: Number(r.root_id),
        indicatorId: Number(r.indicator_id),
        depth: Number(r.depth),
        periodCode: r.period_code,
        actual: r.actual === null ? null : Number(r.actual),
        state: r.state,
      })),
    ),
    targets: group(
      targets.rows.map((r) => ({
        rootId: Number(r.root_id),
        depth: Number(r.depth),
        periodCode: r.period_code,
        text: r.target_text,
      })),
    ),
  };
}

/** Sets an indicator's SPC options if its version is the one given, bumping the version; false if stale. */
export async function writeSpcOptionsIfVersion(
  trx: Trx,
  indicatorId: number,
  version: number,
  options: string | null,
): Promise<boolean> {
  const r = await trx
    .updateTable('indicator')
    .set({ spc_options: options, version: sql<number>`version + 1` })
    .where('id', '=', indicatorId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findIndicatorById(db: Db | Trx, id: number): Promise<IndicatorRecord | undefined> {
  return db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
}
