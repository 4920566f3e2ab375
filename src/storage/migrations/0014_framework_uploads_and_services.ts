/**
 * Frozen migration (issue 12): the framework spreadsheet uploaded in the browser, and the organisation
 * managed in the app.
 *
 * - `framework_upload`: a checked upload waiting for its uploader to confirm it — for a plan, or (no
 *   plan) for a new one; the file's name, size and SHA-256, the checked document as JSON (what the
 *   confirm step saves, exactly as previewed), its warnings, and a fingerprint of the plan's framework
 *   when it was checked (`base_sha256`), so a confirm after someone else changed the plan is refused.
 *   Old ones are removed when a new one is made, and on confirming. Pages do not show these rows, so
 *   they do not move the data version.
 * - `service`: a directorate's services (code unique within the directorate, an order).
 * - `directorate` and `person` carry a `version` (a change names the version its form was read at); a
 *   person gets a job title and a service. Services bump the data version, as directorates and people
 *   already do (migration 0002).
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (t: ReturnType<Db['schema']['createTable']>) =>
    pg
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await id(db.schema.createTable('framework_upload'))
    .addColumn('plan_id', 'integer', (c) => c.references('plan.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    /** The checked FrameworkDocument, as JSON. */
    .addColumn('document', 'text', (c) => c.notNull())
    /** Problems worth a look (not errors), as JSON. */
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    /** SHA-256 of the plan's framework as it was checked against; null for a new plan. */
    .addColumn('base_sha256', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('framework_upload_user_idx')
    .on('framework_upload')
    .columns(['user_id', 'created_at'])
    .execute();

  await id(db.schema.createTable('service'))
    .addColumn('directorate_id', 'integer', (c) =>
      c.notNull().references('directorate.id').onDelete('cascade'),
    )
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('service_directorate_code', ['directorate_id', 'code'])
    .execute();

  for (const table of ['directorate', 'person'])
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  await db.schema.alterTable('person').addColumn('job_title', 'text').execute();
  await db.schema
    .alterTable('person')
    .addColumn('service_id', 'integer', (c) => c.references('service.id').onDelete('set null'))
    .execute();

  if (pg)
    await sql
      .raw(
        'CREATE CONSTRAINT TRIGGER service_data_version AFTER INSERT OR UPDATE OR DELETE ON service ' +
          'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cairn_bump_data_version()',
      )
      .execute(db);
  else
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      await sql
        .raw(
          `CREATE TRIGGER service_data_version_${op.toLowerCase()} AFTER ${op} ON service ` +
            `BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
        )
        .execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('person').dropColumn('service_id').execute();
  await db.schema.alterTable('person').dropColumn('job_title').execute();
  for (const table of ['person', 'directorate'])
    await db.schema.alterTable(table).dropColumn('version').execute();
  await db.schema.dropTable('service').execute();
  await db.schema.dropTable('framework_upload').execute();
}
