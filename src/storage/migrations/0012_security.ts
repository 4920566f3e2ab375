/**
 * Frozen migration (issue 19). `user_account.password_must_change`: a password set by an administrator
 * is single-use — the person must choose their own at next sign-in before doing anything else.
 *
 * And which hash each audit record was chained with. Records before this migration (and
 * any written without a key) are 'sha256', the plain chain 0003 began; records written with the audit
 * key (CAIRN_AUDIT_KEY or the key file) are 'hmac-sha256', which no one without the key can recompute.
 * Adding a column with a default fires no row trigger, so the append-only triggers stay as they are.
 * Never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('user_account')
    .addColumn('password_must_change', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('audit_event')
    .addColumn('scheme', 'text', (c) => c.notNull().defaultTo('sha256'))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('audit_event').dropColumn('scheme').execute();
  await db.schema.alterTable('user_account').dropColumn('password_must_change').execute();
}
