/**
 * Frozen migration (issue 16): each indicator's statistical process control options, as JSON text
 * (`spc_options`): the minimum number of points, the run lengths of a shift and a trend, the side rule
 * of "two of three close to a limit", rebase dates, fixing the limits after n points, and screening
 * moving-range outliers. Null (every row already stored) means the defaults in docs/domain.md; only
 * what differs from them is stored. The indicator table's data-version triggers already cover it.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('indicator').addColumn('spc_options', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('indicator').dropColumn('spc_options').execute();
}
