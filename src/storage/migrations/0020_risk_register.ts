/**
 * Frozen migration (issue 14): the risk register.
 *
 * - `risk_matrix`: the council's likelihood × impact matrix (size, labels, bands) as JSON text
 *   (domain/risk.ts writeMatrix), one row per council; none means the default 5 × 5.
 * - `risk`: a corporate or directorate risk — reference (e.g. "CR1", unique), title, cause, event,
 *   effect, category, owner (an account, so the owner can review it in the round), directorate,
 *   review date, and its inherent, residual and target likelihood and impact; versioned.
 * - `risk_link`: the priorities and outcomes a risk threatens (one of the two per row).
 * - `risk_control`: the controls in place, in order.
 * - `risk_action`: further actions, each optionally an improvement-plan action (its progress shows).
 * - `risk_review`: a quarterly review — period, the collection round it was made in, likelihood and
 *   impact, the score before it and the direction from it, commentary, whether the controls are effective — with the figures' sign-off:
 *   'submitted' | 'approved' | 'returned' | 'superseded', who submitted and who decided.
 *
 * Every table bumps data_version by trigger as 0002 does, so the cached pages follow.
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

const TABLES = ['risk_matrix', 'risk', 'risk_link', 'risk_control', 'risk_action', 'risk_review'];

export async function up(db: Db): Promise<void> {
  await withId(db, 'risk_matrix')
    .addColumn('council_id', 'integer', (c) =>
      c.notNull().unique().references('council.id').onDelete('cascade'),
    )
    .addColumn('matrix', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, 'risk')
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'corporate' | 'directorate'
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('cause', 'text')
    .addColumn('event', 'text')
    .addColumn('effect', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('directorate_id', 'integer', (c) => c.references('directorate.id').onDelete('set null'))
    .addColumn('review_date', 'text')
    .addColumn('inherent_likelihood', 'integer', (c) => c.notNull())
    .addColumn('inherent_impact', 'integer', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer', (c) => c.notNull())
    .addColumn('residual_impact', 'integer', (c) => c.notNull())
    .addColumn('target_likelihood', 'integer', (c) => c.notNull())
    .addColumn('target_impact', 'integer', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('risk_owner_idx').on('risk').column('owner_user_id').execute();
  await db.schema.createIndex('risk_directorate_idx').on('risk').column('directorate_id').execute();

  await withId(db, 'risk_link')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risk.id').onDelete('cascade'))
    .addColumn('priority_id', 'integer', (c) => c.references('priority.id').onDelete('cascade'))
    .addColumn('outcome_id', 'integer', (c) => c.references('outcome.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('risk_link_risk_idx').on('risk_link').column('risk_id').execute();

  await withId(db, 'risk_control')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risk.id').onDelete('cascade'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_control_risk_idx').on('risk_control').column('risk_id').execute();

  await withId(db, 'risk_action')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risk.id').onDelete('cascade'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('plan_action_id', 'integer', (c) => c.references('plan_action.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_action_risk_idx').on('risk_action').column('risk_id').execute();

  await withId(db, 'risk_review')
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('risk.id').onDelete('cascade'))
    .addColumn('period_code', 'text', (c) => c.notNull())
    .addColumn('round_id', 'integer', (c) => c.references('collection_round.id').onDelete('set null'))
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    // The score before it (the risk's residual score when it was decided) and the movement from it.
    .addColumn('previous_likelihood', 'integer')
    .addColumn('previous_impact', 'integer')
    .addColumn('direction', 'text', (c) => c.notNull()) // 'up' | 'down' | 'same' | 'new'
    .addColumn('commentary', 'text', (c) => c.notNull())
    .addColumn('controls_effective', 'text', (c) => c.notNull()) // 'yes' | 'partly' | 'no'
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('reviewed_by', 'integer', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('reviewed_at', 'text')
    .addColumn('review_comment', 'text')
    .execute();
  await db.schema
    .createIndex('risk_review_risk_period_idx')
    .on('risk_review')
    .columns(['risk_id', 'period_code'])
    .execute();
  await db.schema.createIndex('risk_review_state_idx').on('risk_review').column('state').execute();

  await watchDataVersion(db, TABLES);
}

export async function down(db: Db): Promise<void> {
  for (const t of [...TABLES].reverse()) await db.schema.dropTable(t).execute();
}
