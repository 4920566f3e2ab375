/**
 * Frozen migration (issue 14, finance): revenue budget monitoring and the savings programme.
 *
 * - `finance_settings`: the council's variance tolerance, in basis points (100 = 1%): the overspend
 *   that is Red, the overspend that is Amber, a material underspend (null: none is flagged), the savings
 *   shortfall that is Red; versioned. No row means the defaults in docs/domain.md.
 * - `budget_line`: a directorate's budget and forecast outturn for a quarter, in pence (bigint), for
 *   one of its services or (no service) directorate-wide; with its commentary, where it came from
 *   ('upload' | 'entry'), whether it is signed off ('approved' | 'submitted' | 'returned'), who entered
 *   and who approved it (audit actor ids, e.g. 'user:7'), and a version. Only approved lines count.
 * - `savings_line`: a saving in a directorate's programme for a quarter: reference, title, target and
 *   forecast delivered (pence), commentary.
 * - `finance_load`: the last file loaded for a quarter and kind ('budget' | 'savings'): its name, how
 *   many lines, who loaded it and when, and a version a stale mapping step is refused by.
 * - `finance_upload`: a file read in the browser and waiting for its columns to be chosen: its headers
 *   and rows as JSON (size-capped on upload), removed when loaded or replaced. No page is computed
 *   from it, so it does not move the data version; the other tables do, by trigger as 0002.
 * Never edit a migration that has shipped; add a new one.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';
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

const WATCHED = ['finance_settings', 'budget_line', 'savings_line', 'finance_load'];

export async function up(db: Db): Promise<void> {
  await withId(db, 'finance_settings')
    .addColumn('council_id', 'integer', (c) =>
      c.notNull().unique().references('council.id').onDelete('cascade'),
    )
    .addColumn('red_overspend_bp', 'integer', (c) => c.notNull())
    .addColumn('amber_overspend_bp', 'integer', (c) => c.notNull())
    .addColumn('material_underspend_bp', 'integer')
    .addColumn('savings_red_shortfall_bp', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, 'budget_line')
    /** A quarter's code, e.g. '2017-18-Q2'. */
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('directorate_id', 'integer', (c) =>
      c.notNull().references('directorate.id').onDelete('cascade'),
    )
    .addColumn('service_id', 'integer', (c) => c.references('service.id').onDelete('cascade'))
    .addColumn('budget', 'bigint', (c) => c.notNull())
    .addColumn('forecast', 'bigint', (c) => c.notNull())
    .addColumn('commentary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('budget_line_period_idx')
    .on('budget_line')
    .columns(['period', 'directorate_id'])
    .execute();

  await withId(db, 'savings_line')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('directorate_id', 'integer', (c) =>
      c.notNull().references('directorate.id').onDelete('cascade'),
    )
    .addColumn('reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('target', 'bigint', (c) => c.notNull())
    .addColumn('forecast', 'bigint', (c) => c.notNull())
    .addColumn('commentary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('savings_line_period_idx')
    .on('savings_line')
    .columns(['period', 'directorate_id'])
    .execute();

  await withId(db, 'finance_load')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('finance_load_period_kind', ['period', 'kind'])
    .execute();

  await withId(db, 'finance_upload')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text', (c) => c.notNull())
    /** JSON: the header row's cells, and the row number it is on. */
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('header_row', 'integer', (c) => c.notNull())
    /** JSON: [{ row, cells }] below the header. */
    .addColumn('rows', 'text', (c) => c.notNull())
    /** The finance_load version for the period and kind when the file was read (0: none yet). */
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await watchDataVersion(db, WATCHED);
}

export async function down(db: Db): Promise<void> {
  for (const t of ['finance_upload', 'finance_load', 'savings_line', 'budget_line', 'finance_settings'])
    await db.schema.dropTable(t).execute();
}
