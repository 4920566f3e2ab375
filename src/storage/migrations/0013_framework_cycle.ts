/**
 * Frozen migration (issue 12): the council's yearly framework cycle in the app.
 *
 * - A plan remembers the plan it was started from (`previous_plan_id`: "Start the 2018-19 plan" copies
 *   2017-18), who submitted it for approval and when, and the approval as recorded: the body
 *   (`approved_by`, e.g. "Cabinet"), the date (`approved_on`), the minute reference, and who recorded
 *   it and when.
 * - Priorities, outcomes and indicators carry a `version` (every change in the app names the version
 *   its form was read at; a stale one is refused), and outcomes and indicators the one they continue
 *   from in the previous plan (`previous_outcome_id`, `previous_indicator_id`): an indicator's history
 *   and "the same period last year" follow that link across the plan boundary.
 * - An item retired from an approved plan keeps its figures: `retired_on` (ISO date) and its reason.
 * - `framework_amendment`: once a plan is approved, every change to it is a minor amendment with a
 *   reason, listed here (and audited); the quarterly report's framework-changes section reads them.
 *   It bumps the data version like the framework's other tables.
 * Rows already stored start at version 1 and link to nothing.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const VERSIONED = ['plan', 'priority', 'outcome', 'indicator'];

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of VERSIONED)
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  for (const column of [
    'submitted_by',
    'submitted_at',
    'approval_minute',
    'approval_recorded_by',
    'approval_recorded_at',
  ])
    await db.schema.alterTable('plan').addColumn(column, 'text').execute();
  await db.schema.alterTable('plan').addColumn('previous_plan_id', 'integer').execute();
  await db.schema.alterTable('outcome').addColumn('previous_outcome_id', 'integer').execute();
  await db.schema.alterTable('indicator').addColumn('previous_indicator_id', 'integer').execute();
  for (const table of ['outcome', 'indicator']) {
    await db.schema.alterTable(table).addColumn('retired_on', 'text').execute();
    await db.schema.alterTable(table).addColumn('retired_reason', 'text').execute();
  }
  await db.schema
    .createIndex('indicator_previous_idx')
    .on('indicator')
    .column('previous_indicator_id')
    .execute();

  await db.schema
    .createTable('framework_amendment')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('by_name', 'text', (c) => c.notNull())
    /** 'plan' | 'priority' | 'outcome' | 'indicator' | 'target' */
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    /** As a reader finds it, e.g. "Indicator 7" or "Outcome 1.2". */
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('framework_amendment_plan_idx')
    .on('framework_amendment')
    .columns(['plan_id', 'at'])
    .execute();
  if (pg)
    await sql
      .raw(
        'CREATE CONSTRAINT TRIGGER framework_amendment_data_version AFTER INSERT OR UPDATE OR DELETE ON ' +
          'framework_amendment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()',
      )
      .execute(db);
  else
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      await sql
        .raw(
          `CREATE TRIGGER framework_amendment_data_version_${op.toLowerCase()} AFTER ${op} ON framework_amendment ` +
            `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
        )
        .execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('framework_amendment').execute();
  await db.schema.dropIndex('indicator_previous_idx').execute();
  for (const table of ['indicator', 'outcome']) {
    await db.schema.alterTable(table).dropColumn('retired_reason').execute();
    await db.schema.alterTable(table).dropColumn('retired_on').execute();
  }
  await db.schema.alterTable('indicator').dropColumn('previous_indicator_id').execute();
  await db.schema.alterTable('outcome').dropColumn('previous_outcome_id').execute();
  await db.schema.alterTable('plan').dropColumn('previous_plan_id').execute();
  for (const column of [
    'approval_recorded_at',
    'approval_recorded_by',
    'approval_minute',
    'submitted_at',
    'submitted_by',
  ])
    await db.schema.alterTable('plan').dropColumn(column).execute();
  for (const table of [...VERSIONED].reverse())
    await db.schema.alterTable(table).dropColumn('version').execute();
}
