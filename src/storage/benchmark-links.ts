/**
 * An indicator's link to a national metric and the comparison it is made against (migration 0017).
 */
import type { Db, Trx } from './transaction.js';

export interface LinkRow {
  indicator_id: number;
  metric_id: number;
  comparison: string;
  version: number;
  linked_at: string;
  linked_by: string;
}

export async function findLink(db: Db, indicatorId: number): Promise<LinkRow | undefined> {
  return db
    .selectFrom('indicator_benchmark')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
}

/** The plan's links, with each indicator's number. */
export async function linksOfPlan(db: Db, planId: number): Promise<(LinkRow & { number: string })[]> {
  return db
    .selectFrom('indicator_benchmark')
    .innerJoin('indicator', 'indicator.id', 'indicator_benchmark.indicator_id')
    .selectAll('indicator_benchmark')
    .select('indicator.number')
    .where('indicator.plan_id', '=', planId)
    .execute();
}

export async function insertLink(
  trx: Trx,
  l: { indicatorId: number; metricId: number; comparison: string; at: string; by: string },
): Promise<void> {
  await trx
    .insertInto('indicator_benchmark')
    .values({
      indicator_id: l.indicatorId,
      metric_id: l.metricId,
      comparison: l.comparison,
      linked_at: l.at,
      linked_by: l.by,
    })
    .execute();
}

/** Changes a link if its version is the one the form was read at. */
export async function updateLinkIfVersion(
  trx: Trx,
  l: { indicatorId: number; metricId: number; comparison: string; at: string; by: string },
  version: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('indicator_benchmark')
    .set((eb) => ({
      metric_id: l.metricId,
      comparison: l.comparison,
      linked_at: l.at,
      linked_by: l.by,
      version: eb('version', '+', 1),
    }))
    .where('indicator_id', '=', l.indicatorId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteLinkIfVersion(trx: Trx, indicatorId: number, version: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('indicator_benchmark')
    .where('indicator_id', '=', indicatorId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The periods a metric has figures for (the table's key order makes this a range scan). */
export async function periodsOfMetric(db: Db, metricId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('benchmark_value')
    .select('period_code')
    .distinct()
    .where('metric_id', '=', metricId)
    .execute();
  return rows.map((r) => r.period_code);
}

/** The periods of several metrics at once: metric id → period codes. */
export async function periodsOfMetrics(db: Db, metricIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(metricIds.map((id) => [id, []]));
  if (metricIds.length === 0) return out;
  const rows = await db
    .selectFrom('benchmark_value')
    .select(['metric_id', 'period_code'])
    .distinct()
    .where('metric_id', 'in', [...metricIds])
    .execute();
  for (const r of rows) out.get(r.metric_id)?.push(r.period_code);
  return out;
}

export async function indicatorInPlan(
  db: Db,
  planId: number,
  indicatorId: number,
): Promise<{ id: number; number: string } | undefined> {
  return db
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('id', '=', indicatorId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
}
