/**
 * Frozen migration: a version on a plan's details, its themes, recommendations and findings, as
 * `plan_action` has had since 0006. They can now be changed in the app (app/plans/edit.ts): every
 * change names the version the form was read at and is refused if someone else saved meanwhile, and
 * a removal names the version its confirmation page showed. Rows already stored start at 1.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const TABLES = ['improvement_plan', 'plan_theme', 'recommendation', 'finding'];

export async function up(db: Db): Promise<void> {
  for (const table of TABLES)
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [...TABLES].reverse())
    await db.schema.alterTable(table).dropColumn('version').execute();
}
