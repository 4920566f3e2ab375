/**
 * Frozen migration (issue 13): benchmarking against other councils.
 *
 * - `reference_council`: every UK council, past and current (mySociety's UK local authority names and
 *   codes, CC BY 4.0), keyed by its registry code (`code`, e.g. "OXF") with its GSS code, names, nation,
 *   region, type and population; `reference_council_name` the name spellings that lead to each
 *   (normalised), `reference_council_gss` former GSS codes. The migration makes them empty; the
 *   loader (`cairn reference refresh`, app/benchmark-reference.ts) fills and refreshes them, keeping
 *   each council's id.
 * - `council.reference_code`: which council is using Cairn.
 * - `comparator_group` (a named group: CIPFA nearest neighbours, an LGBF family group, statistical
 *   neighbours or a hand-made list), `comparator_group_version` (the list as it stood from a date:
 *   CIPFA lists change), `comparator_group_member` (its councils, in order).
 * - `benchmark_metric` (source + code, title, polarity higher / lower / middle, unit),
 *   `benchmark_value` (metric, period, council → value, numerator, denominator; 12 million rows is the
 *   expected scale, so it is keyed by integers and, on SQLite, stored WITHOUT ROWID in key order) and
 *   `benchmark_average` (a comparator average a file publishes, e.g. "England mean").
 * - `benchmark_mapping`: how a source's columns map onto Cairn's, saved for its next file.
 * - `indicator_benchmark`: an indicator linked to a metric and the group it is compared with.
 * - `benchmark_import`: an upload in the browser, its mapping and its progress.
 *
 * The small tables bump data_version by trigger as 0002 does. `benchmark_value` does not (a trigger per
 * row would cost as much as the import): its writer bumps the version once per import instead
 * (storage/benchmark-values.ts). Neither do the mapping and import tables, which no page is computed from.
 * Never edit a migration that has shipped; add a new one.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';
import { watchDataVersion } from './data-version.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<string, any>;

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

function withId(db: Db, name: string): Table {
  const table = db.schema.createTable(name);
  return isPg(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const WATCHED = [
  'reference_council',
  'comparator_group',
  'comparator_group_version',
  'comparator_group_member',
  'benchmark_metric',
  'benchmark_average',
  'indicator_benchmark',
];

export async function up(db: Db): Promise<void> {
  const pg = isPg(db);
  const real = pg ? 'double precision' : 'real';

  await withId(db, 'reference_council')
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('gss_code', 'text')
    .addColumn('official_name', 'text', (c) => c.notNull())
    .addColumn('nice_name', 'text', (c) => c.notNull())
    .addColumn('nation', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('type_name', 'text', (c) => c.notNull())
    .addColumn('population', 'integer')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('current', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reference_council_gss_idx')
    .on('reference_council')
    .column('gss_code')
    .execute();

  await db.schema
    .createTable('reference_council_name')
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('council_id', 'integer', (c) =>
      c.notNull().references('reference_council.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('reference_council_name_pk', ['name_key', 'council_id'])
    .execute();
  await db.schema
    .createTable('reference_council_gss')
    .addColumn('gss_code', 'text', (c) => c.primaryKey().notNull())
    .addColumn('council_id', 'integer', (c) =>
      c.notNull().references('reference_council.id').onDelete('cascade'),
    )
    .execute();

  await db.schema.alterTable('council').addColumn('reference_code', 'text').execute();

  await withId(db, 'comparator_group')
    .addColumn('name', 'text', (c) => c.notNull().unique())
    /** 'cipfa' | 'family' | 'statistical' | 'custom' */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The council whose neighbours these are (CIPFA, statistical), if the list is about one. */
    .addColumn('subject_council_id', 'integer', (c) => c.references('reference_council.id'))
    /** An LGBF family group's service area, e.g. "Children's services"; its number, e.g. "3". */
    .addColumn('service', 'text')
    .addColumn('family', 'text')
    .addColumn('source', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withId(db, 'comparator_group_version')
    .addColumn('group_id', 'integer', (c) =>
      c.notNull().references('comparator_group.id').onDelete('cascade'),
    )
    /** ISO date the list applies from. */
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('comparator_group_version_date', ['group_id', 'valid_from'])
    .execute();
  await db.schema
    .createTable('comparator_group_member')
    .addColumn('version_id', 'integer', (c) =>
      c.notNull().references('comparator_group_version.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('council_id', 'integer', (c) => c.notNull().references('reference_council.id'))
    .addPrimaryKeyConstraint('comparator_group_member_pk', ['version_id', 'position'])
    .execute();

  await withId(db, 'benchmark_metric')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** 'higher' | 'lower' | 'middle' (best in the middle) */
    .addColumn('polarity', 'text', (c) => c.notNull())
    /** 'number' | 'percent' | 'currency' | 'rate' */
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('benchmark_metric_code', ['source', 'code'])
    .execute();

  // Read by metric and period (every council's value: a group's statistics) and written in bulk. No
  // foreign keys: the importer checks every metric and council first, and a check per row would double
  // the cost of loading millions of rows.
  const values = db.schema
    .createTable('benchmark_value')
    .addColumn('metric_id', 'integer', (c) => c.notNull())
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('council_id', 'integer', (c) => c.notNull())
    .addColumn('value', real, (c) => c.notNull())
    .addColumn('numerator', real)
    .addColumn('denominator', real)
    .addPrimaryKeyConstraint('benchmark_value_pk', ['metric_id', 'period_code', 'council_id']);
  await (pg ? values : values.modifyEnd(sql`without rowid`)).execute();

  await db.schema
    .createTable('benchmark_average')
    .addColumn('metric_id', 'integer', (c) =>
      c.notNull().references('benchmark_metric.id').onDelete('cascade'),
    )
    .addColumn('period_code', 'text', (c) => c.notNull())
    /** What the file calls it, e.g. "England mean", "Scotland". */
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('value', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('benchmark_average_pk', ['metric_id', 'period_code', 'label'])
    .execute();

  await db.schema
    .createTable('benchmark_mapping')
    .addColumn('source', 'text', (c) => c.primaryKey().notNull())
    /** JSON: which of the file's columns holds each of Cairn's, and the metric defaults. */
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('indicator_benchmark')
    .addColumn('indicator_id', 'integer', (c) =>
      c.primaryKey().references('indicator.id').onDelete('cascade'),
    )
    .addColumn('metric_id', 'integer', (c) =>
      c.notNull().references('benchmark_metric.id').onDelete('cascade'),
    )
    /** 'nation' | 'type' | 'region' | 'group:<id>': who the indicator is compared with. */
    .addColumn('comparison', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('indicator_benchmark_metric_idx')
    .on('indicator_benchmark')
    .column('metric_id')
    .execute();

  await withId(db, 'benchmark_import')
    /** 'data' | 'groups' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** The uploaded file until it is imported (then emptied). */
    .addColumn('content', pg ? 'bytea' : 'blob')
    .addColumn('mapping', 'text')
    /** 'mapping' (waiting for the columns to be chosen) | 'running' | 'done' | 'failed' */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bytes_total', 'integer', (c) => c.notNull())
    .addColumn('bytes_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON: the problems found (failed) or what was imported (done). */
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('finished_at', 'text')
    .execute();

  await watchDataVersion(db, WATCHED);
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'benchmark_import',
    'indicator_benchmark',
    'benchmark_mapping',
    'benchmark_average',
    'benchmark_value',
    'benchmark_metric',
    'comparator_group_member',
    'comparator_group_version',
    'comparator_group',
    'reference_council_gss',
    'reference_council_name',
    'reference_council',
  ])
    await db.schema.dropTable(t).execute();
  await db.schema.alterTable('council').dropColumn('reference_code').execute();
}
