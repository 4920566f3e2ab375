/**
 * Frozen migration: improvement plans (after a peer challenge, an inspection or an audit), business
 * plans and action plans — themes, recommendations, numbered findings, actions with their citations,
 * links to the strategy, tags, progress reviews and every action's update history.
 *
 * Not to be confused with `plan`, which is the strategy (corporate plan: priorities → outcomes →
 * indicators). An action's citations of findings and recommendations are kept as printed text, so a
 * citation of a finding that does not exist (seed 004 cites a weakness 51 it never lists) is kept and
 * shown by the coverage check rather than refused.
 * Never edit a migration that has shipped; add a new one.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

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

/** The tables pages are computed from: writes bump data_version, as migration 0002 does for its own. */
const WATCHED = [
  'improvement_plan',
  'plan_theme',
  'recommendation',
  'finding',
  'plan_action',
  'action_citation',
  'action_strategy_link',
  'action_tag',
  'progress_review',
  'action_update',
];

export async function up(db: Db): Promise<void> {
  await withId(db, 'improvement_plan')
    // 'improvement' | 'business' | 'action'
    .addColumn('kind', 'text', (c) => c.notNull())
    // for improvement plans: 'peer-challenge' | 'inspection' | 'audit'
    .addColumn('basis', 'text')
    .addColumn('title', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text')
    .addColumn('organisation', 'text')
    .addColumn('owner', 'text')
    .addColumn('description', 'text')
    // the strategy (corporate plan) its actions support, if any
    .addColumn('strategy_plan_id', 'integer', (c) => c.references('plan.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, 'plan_theme')
    .addColumn('improvement_plan_id', 'integer', (c) =>
      c.notNull().references('improvement_plan.id').onDelete('cascade'),
    )
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('plan_theme_code', ['improvement_plan_id', 'code'])
    .execute();

  await withId(db, 'recommendation')
    .addColumn('improvement_plan_id', 'integer', (c) =>
      c.notNull().references('improvement_plan.id').onDelete('cascade'),
    )
    .addColumn('theme_id', 'integer', (c) => c.references('plan_theme.id').onDelete('set null'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    // JSON array of the bullet points, as printed
    .addColumn('bullets', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('recommendation_code', ['improvement_plan_id', 'code'])
    .execute();

  await withId(db, 'finding')
    .addColumn('improvement_plan_id', 'integer', (c) =>
      c.notNull().references('improvement_plan.id').onDelete('cascade'),
    )
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // e.g. Ambition, Prioritisation, Capacity, Performance management
    .addColumn('theme', 'text')
    // the recommendation it is listed under, if any
    .addColumn('recommendation_id', 'integer', (c) => c.references('recommendation.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('finding_number', ['improvement_plan_id', 'number'])
    .execute();

  await withId(db, 'progress_review')
    .addColumn('improvement_plan_id', 'integer', (c) =>
      c.notNull().references('improvement_plan.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    // ISO date the review was held (or the update is as at)
    .addColumn('review_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('progress_review_title', ['improvement_plan_id', 'title'])
    .execute();

  await withId(db, 'plan_action')
    .addColumn('improvement_plan_id', 'integer', (c) =>
      c.notNull().references('improvement_plan.id').onDelete('cascade'),
    )
    .addColumn('recommendation_id', 'integer', (c) => c.references('recommendation.id').onDelete('set null'))
    // a reference unique in the plan, e.g. '1.3' (used by spreadsheets and addresses)
    .addColumn('code', 'text', (c) => c.notNull())
    // e.g. 'Current position' or 'Further action' (seed 004's columns); null when the plan has none
    .addColumn('section', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead_officers', 'text')
    .addColumn('lead_councillor', 'text')
    .addColumn('owner_user_id', 'integer', (c) => c.references('user_account.id').onDelete('set null'))
    // the target date as printed, and what it means (see domain/plans/target-dates.ts)
    .addColumn('target_text', 'text')
    .addColumn('target_due', 'text')
    // 'not-started' | 'on-track' | 'at-risk' | 'complete' | 'paused' | 'stopped', or null: not recorded
    .addColumn('status', 'text')
    // the status word as printed or typed ("Ongoing"), beside what it means
    .addColumn('status_text', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_action_code', ['improvement_plan_id', 'code'])
    .execute();
  await db.schema.createIndex('plan_action_owner').on('plan_action').column('owner_user_id').execute();
  await db.schema
    .createIndex('plan_action_recommendation')
    .on('plan_action')
    .column('recommendation_id')
    .execute();

  await db.schema
    .createTable('action_citation')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_action.id').onDelete('cascade'))
    // 'finding' | 'recommendation'
    .addColumn('kind', 'text', (c) => c.notNull())
    // the finding number or recommendation code as cited, e.g. '45' or '1a'
    .addColumn('ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_citation_pk', ['action_id', 'kind', 'ref'])
    .execute();

  await withId(db, 'action_strategy_link')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_action.id').onDelete('cascade'))
    .addColumn('priority_id', 'integer', (c) => c.references('priority.id').onDelete('cascade'))
    .addColumn('outcome_id', 'integer', (c) => c.references('outcome.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.references('indicator.id').onDelete('cascade'))
    .execute();
  for (const col of ['action_id', 'priority_id', 'outcome_id', 'indicator_id'])
    await db.schema
      .createIndex(`action_strategy_link_${col}`)
      .on('action_strategy_link')
      .column(col)
      .execute();

  await db.schema
    .createTable('action_tag')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_action.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_tag_pk', ['action_id', 'tag'])
    .execute();

  await withId(db, 'action_update')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_action.id').onDelete('cascade'))
    .addColumn('review_id', 'integer', (c) => c.references('progress_review.id').onDelete('set null'))
    .addColumn('status', 'text')
    .addColumn('status_text', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_update_action').on('action_update').column('action_id').execute();
  await db.schema.createIndex('action_update_review').on('action_update').column('review_id').execute();

  if (isPg(db)) {
    // cairn_bump_data_version() is made by migration 0002.
    for (const t of WATCHED) {
      await sql
        .raw(
          `CREATE CONSTRAINT TRIGGER ${t}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${t} ` +
            `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()`,
        )
        .execute(db);
    }
  } else {
    for (const t of WATCHED) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER ${t}_data_version_${op.toLowerCase()} AFTER ${op} ON ${t} ` +
              `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
          )
          .execute(db);
      }
    }
  }
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'action_update',
    'action_tag',
    'action_strategy_link',
    'action_citation',
    'plan_action',
    'progress_review',
    'finding',
    'recommendation',
    'plan_theme',
    'improvement_plan',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
