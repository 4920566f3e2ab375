/**
 * Frozen migration: the strategy framework, targets, values and ratings.
 * Never edit a migration that has shipped; add a new one.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<string, any>;

function withId(db: Db, name: string): Table {
  const table = db.schema.createTable(name);
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Db): Promise<void> {
  await withId(db, 'council')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('tolerance_kind', 'text', (c) => c.notNull().defaultTo('relative'))
    .addColumn('tolerance_value', 'double precision', (c) => c.notNull().defaultTo(10))
    .addColumn('direction_of_travel', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('outcome_policy', 'text', (c) => c.notNull().defaultTo('worst'))
    .execute();

  await withId(db, 'directorate')
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await withId(db, 'person')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('directorate_id', 'integer', (c) => c.references('directorate.id').onDelete('set null'))
    .execute();

  await withId(db, 'plan')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('years', 'text', (c) => c.notNull())
    .addColumn('first_year', 'text', (c) => c.notNull())
    .addColumn('last_year', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('approved_by', 'text')
    .addColumn('approved_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_title_years', ['title', 'years'])
    .execute();

  await withId(db, 'priority')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('priority_plan_code', ['plan_id', 'code'])
    .execute();

  await withId(db, 'outcome')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('priority_id', 'integer', (c) => c.notNull().references('priority.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('directorate_id', 'integer', (c) => c.notNull().references('directorate.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('change', 'text')
    .addColumn('change_reason', 'text')
    .addUniqueConstraint('outcome_plan_code', ['plan_id', 'code'])
    .execute();

  await withId(db, 'indicator')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('outcome_id', 'integer', (c) => c.notNull().references('outcome.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('definition', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('polarity', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('cumulative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('profile', 'text')
    .addColumn('in_arrears', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tolerance', 'text')
    .addColumn('baseline', 'text')
    .addColumn('trajectory', 'text')
    .addColumn('due_date', 'text')
    .addColumn('part_labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('data_source', 'text')
    .addColumn('owner', 'text')
    .addColumn('change', 'text')
    .addColumn('change_reason', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('indicator_plan_number', ['plan_id', 'number'])
    .execute();
  await db.schema.createIndex('indicator_outcome').on('indicator').column('outcome_id').execute();

  await withId(db, 'indicator_target')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('target_text', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_target_period', ['indicator_id', 'period_code'])
    .execute();

  await withId(db, 'indicator_value')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('actual', 'double precision')
    .addColumn('numerator', 'double precision')
    .addColumn('denominator', 'double precision')
    .addColumn('parts', 'text')
    .addColumn('milestone_status', 'text')
    .addColumn('commentary', 'text')
    .addColumn('outlook', 'text')
    .addColumn('computed_rating', 'text')
    .addColumn('computed_reason', 'text')
    .addColumn('computed_explanation', 'text')
    .addColumn('manual_rating', 'text')
    .addColumn('manual_source', 'text')
    .addColumn('manual_reason', 'text')
    .addColumn('manual_set_by', 'text')
    .addColumn('manual_set_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_value_period', ['indicator_id', 'period_code'])
    .execute();
  await db.schema
    .createIndex('indicator_value_period_idx')
    .on('indicator_value')
    .column('period_code')
    .execute();

  await withId(db, 'outcome_rating')
    .addColumn('outcome_id', 'integer', (c) => c.notNull().references('outcome.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('outcome_rating_period', ['outcome_id', 'period_code'])
    .execute();

  await withId(db, 'second_framework')
    .addColumn('plan_id', 'integer', (c) => c.notNull().unique().references('plan.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await withId(db, 'second_priority')
    .addColumn('framework_id', 'integer', (c) =>
      c.notNull().references('second_framework.id').onDelete('cascade'),
    )
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('second_priority_number', ['framework_id', 'number'])
    .execute();

  await db.schema
    .createTable('outcome_second_priority')
    .addColumn('outcome_id', 'integer', (c) => c.notNull().references('outcome.id').onDelete('cascade'))
    .addColumn('second_priority_id', 'integer', (c) =>
      c.notNull().references('second_priority.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('outcome_second_priority_pk', ['outcome_id', 'second_priority_id'])
    .execute();

  await withId(db, 'retired_measure')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('directorate', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text')
    .addColumn('target', 'text')
    .addColumn('last_rating', 'text')
    .addColumn('last_reported', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();

  // A council row always exists; its name is set by configuration or the demo loader.
  await sql`insert into council (name, short_name) values ('Your council', 'Council')`.execute(db);
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'retired_measure',
    'outcome_second_priority',
    'second_priority',
    'second_framework',
    'outcome_rating',
    'indicator_value',
    'indicator_target',
    'indicator',
    'outcome',
    'priority',
    'plan',
    'person',
    'directorate',
    'council',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
