/**
 * Benchmark metrics and other councils' figures (migration 0017). Figures are written in bulk — on
 * PostgreSQL one statement per batch of arrays (`unnest`), on SQLite a multi-row insert of a fixed
 * size, its text built once and its parameters bound straight from a flat array (the connection keeps
 * the prepared statement) — and replace any figure already stored for the same
 * metric, period and council. They are read by metric and period, which is the table's key order.
 *
 * `benchmark_value` has no data-version trigger (one per row would cost as much as the import):
 * `bumpDataVersion` is called once by the import, at the end of its transaction.
 */
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Db, Trx } from './transaction.js';
import type { BenchmarkMetricRecord } from './schema.js';

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export interface ValueRow {
  metricId: number;
  periodCode: string;
  councilId: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/**
 * Rows per SQLite statement (6 parameters each, under SQLite's 32,766): a batch is written in
 * statements of these sizes, largest first, so only five statement texts are ever prepared.
 */
const SQLITE_CHUNKS = [5000, 1000, 100, 10, 1];

const UPSERT_HEAD =
  'INSERT INTO benchmark_value (metric_id, period_code, council_id, value, numerator, denominator) VALUES ';
const UPSERT_TAIL =
  ' ON CONFLICT (metric_id, period_code, council_id) DO UPDATE SET ' +
  'value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator';

const sqliteUpserts = new Map<number, string>();
function sqliteUpsert(n: number, upsert: boolean): string {
  const key = upsert ? n : -n;
  let text = sqliteUpserts.get(key);
  if (!text) {
    text =
      UPSERT_HEAD + new Array<string>(n).fill('(?, ?, ?, ?, ?, ?)').join(', ') + (upsert ? UPSERT_TAIL : '');
    sqliteUpserts.set(key, text);
  }
  return text;
}

/**
 * The table's key order. SQLite stores benchmark_value in it (WITHOUT ROWID): rows written in it land
 * beside the last, appended to the b-tree's pages rather than spread over them.
 */
const byKey = (a: ValueRow, b: ValueRow) =>
  a.metricId - b.metricId ||
  (a.periodCode < b.periodCode ? -1 : a.periodCode > b.periodCode ? 1 : 0) ||
  a.councilId - b.councilId;

/**
 * Writes figures, replacing any stored for the same metric, period and council. `noneStored`: the
 * caller knows no figure can be stored yet for these rows (their metrics were created in this
 * transaction, and the rows are distinct), so a plain insert does — PostgreSQL's upsert costs it
 * about twice the work of an insert.
 */
export async function upsertValues(
  trx: Db,
  rows: readonly ValueRow[],
  opts: { noneStored?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const upsert = !opts.noneStored;
  if (isPg(trx)) {
    const n = rows.length;
    const metric = new Array<number>(n);
    const period = new Array<string>(n);
    const council = new Array<number>(n);
    const value = new Array<number>(n);
    const numerator = new Array<number | null>(n);
    const denominator = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      metric[i] = r.metricId;
      period[i] = r.periodCode;
      council[i] = r.councilId;
      value[i] = r.value;
      numerator[i] = r.numerator;
      denominator[i] = r.denominator;
    }
    await sql`
      INSERT INTO benchmark_value (metric_id, period_code, council_id, value, numerator, denominator)
      SELECT * FROM unnest(
        ${metric}::int[], ${period}::text[], ${council}::int[], ${value}::float8[],
        ${numerator}::float8[], ${denominator}::float8[])
      ${upsert ? sql.raw(UPSERT_TAIL) : sql``}`.execute(trx);
    return;
  }
  const sorted = [...rows].sort(byKey);
  for (let start = 0; start < sorted.length;) {
    const size = SQLITE_CHUNKS.find((n) => n <= sorted.length - start)!;
    const end = start + size;
    const params = new Array<unknown>((end - start) * 6);
    for (let i = start, p = 0; i < end; i++) {
      const r = sorted[i]!;
      params[p++] = r.metricId;
      params[p++] = r.periodCode;
      params[p++] = r.councilId;
      params[p++] = r.value;
      params[p++] = r.numerator;
      params[p++] = r.denominator;
    }
    await trx.executeQuery(CompiledQuery.raw(sqliteUpsert(size, upsert), params));
    start = end;
  }
}

export async function upsertAverages(
  trx: Trx,
  rows: readonly { metricId: number; periodCode: string; label: string; value: number }[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 300) {
    const chunk = rows.slice(start, start + 300).map((r) => ({
      metric_id: r.metricId,
      period_code: r.periodCode,
      label: r.label,
      value: r.value,
    }));
    await trx
      .insertInto('benchmark_average')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['metric_id', 'period_code', 'label'])
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
      )
      .execute();
  }
}

/** Moves the data version once, for a write no trigger sees (figures loaded in bulk). */
export async function bumpDataVersion(trx: Trx): Promise<void> {
  await trx
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

export async function metricsOfSource(db: Db, source: string): Promise<BenchmarkMetricRecord[]> {
  return db.selectFrom('benchmark_metric').selectAll().where('source', '=', source).execute();
}

export async function insertMetric(
  trx: Trx,
  m: { source: string; code: string; title: string; polarity: string; unit: string },
): Promise<number> {
  const row = await trx.insertInto('benchmark_metric').values(m).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findMetric(db: Db, id: number): Promise<BenchmarkMetricRecord | undefined> {
  return db.selectFrom('benchmark_metric').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMetrics(db: Db, ids: readonly number[]): Promise<BenchmarkMetricRecord[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('benchmark_metric')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function findMetricByCode(
  db: Db,
  code: string,
  source?: string,
): Promise<BenchmarkMetricRecord[]> {
  let q = db.selectFrom('benchmark_metric').selectAll().where('code', '=', code);
  if (source) q = q.where('source', '=', source);
  return q.orderBy('id').execute();
}

/** Changes a metric's title, polarity or unit if its version is the one the form was read at. */
export async function updateMetricIfVersion(
  trx: Trx,
  id: number,
  version: number,
  change: { title: string; polarity: string; unit: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('benchmark_metric')
    .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface MetricListRow extends BenchmarkMetricRecord {
  periods: number;
}

/** Metrics matching words in their code or title (or every one), by source and code, a page at a time. */
export async function listMetrics(
  db: Db,
  opts: { q?: string; source?: string; limit: number; offset: number },
): Promise<{ rows: BenchmarkMetricRecord[]; total: number }> {
  let q = db.selectFrom('benchmark_metric');
  if (opts.source) q = q.where('source', '=', opts.source);
  if (opts.q) {
    const like = `%${opts.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['code']), 'like', like), eb(eb.fn('lower', ['title']), 'like', like)]),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('source')
    .orderBy('code')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function metricSources(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('benchmark_metric')
    .select('source')
    .distinct()
    .orderBy('source')
    .execute();
  return rows.map((r) => r.source);
}

/** The periods a metric has figures for, and how many councils each. */
export async function metricPeriods(db: Db, metricId: number): Promise<{ period_code: string; n: number }[]> {
  const rows = await db
    .selectFrom('benchmark_value')
    .select(['period_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('metric_id', '=', metricId)
    .groupBy('period_code')
    .execute();
  return rows.map((r) => ({ period_code: r.period_code, n: Number(r.n) }));
}

/** Every council's figure for metrics in periods: (metric, period) are the table's key. */
export async function valuesOf(
  db: Db,
  metricIds: readonly number[],
  periodCodes?: readonly string[],
): Promise<{ metric_id: number; period_code: string; council_id: number; value: number }[]> {
  if (metricIds.length === 0) return [];
  let q = db
    .selectFrom('benchmark_value')
    .select(['metric_id', 'period_code', 'council_id', 'value'])
    .where('metric_id', 'in', [...metricIds]);
  if (periodCodes) {
    if (periodCodes.length === 0) return [];
    q = q.where('period_code', 'in', [...periodCodes]);
  }
  return q.execute();
}

export async function averagesOf(
  db: Db,
  metricIds: readonly number[],
): Promise<{ metric_id: number; period_code: string; label: string; value: number }[]> {
  if (metricIds.length === 0) return [];
  return db
    .selectFrom('benchmark_average')
    .select(['metric_id', 'period_code', 'label', 'value'])
    .where('metric_id', 'in', [...metricIds])
    .execute();
}

export async function countValues(db: Db): Promise<number> {
  const row = await db
    .selectFrom('benchmark_value')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── Saved column mappings, one per source ──

export async function savedMapping(db: Db, source: string): Promise<string | null> {
  const row = await db
    .selectFrom('benchmark_mapping')
    .select('mapping')
    .where('source', '=', source)
    .executeTakeFirst();
  return row?.mapping ?? null;
}

export async function saveMapping(
  trx: Trx,
  source: string,
  mapping: string,
  at: string,
  by: string,
): Promise<void> {
  await trx
    .insertInto('benchmark_mapping')
    .values({ source, mapping, saved_at: at, saved_by: by })
    .onConflict((oc) => oc.column('source').doUpdateSet({ mapping, saved_at: at, saved_by: by }))
    .execute();
}
