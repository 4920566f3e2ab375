/**
 * Accounts, sessions and failed sign-in attempts.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database, UserRecord } from './schema.js';

type Db = Kysely<Database>;

export interface NewUser {
  email: string;
  name: string;
  role: string;
  passwordHash: string | null;
  directorateId: number | null;
  /** The password was set for the person (by an administrator): they must change it at next sign-in. */
  mustChangePassword?: boolean;
}

export async function insertUser(db: Db, u: NewUser, now: string): Promise<UserRecord> {
  return db
    .insertInto('user_account')
    .values({
      email: u.email,
      name: u.name,
      role: u.role,
      password_hash: u.passwordHash,
      directorate_id: u.directorateId,
      password_must_change: u.mustChangePassword ? 1 : 0,
      active: 1,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  return db.selectFrom('user_account').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The account linked to a single sign-on identity (see app/access/single-sign-on.ts for the key). */
export async function findUserByOidcSubject(db: Db, subject: string): Promise<UserRecord | undefined> {
  return db.selectFrom('user_account').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRecord | undefined> {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<(UserRecord & { directorate_name: string | null })[]> {
  return db
    .selectFrom('user_account')
    .leftJoin('directorate', 'directorate.id', 'user_account.directorate_id')
    .selectAll('user_account')
    .select('directorate.name as directorate_name')
    .orderBy('user_account.name')
    .orderBy('user_account.id')
    .execute();
}

export async function updateUser(
  db: Db,
  id: number,
  fields: Partial<
    Pick<
      UserRecord,
      | 'name'
      | 'role'
      | 'directorate_id'
      | 'active'
      | 'password_hash'
      | 'oidc_subject'
      | 'password_must_change'
    >
  >,
): Promise<void> {
  await db.updateTable('user_account').set(fields).where('id', '=', id).execute();
}

export interface SessionRow {
  token_hash: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user: UserRecord;
}

export async function insertSession(
  db: Db,
  s: { tokenHash: string; userId: number; csrfToken: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('user_session')
    .innerJoin('user_account', 'user_account.id', 'user_session.user_id')
    .selectAll('user_account')
    .select([
      'user_session.token_hash',
      'user_session.csrf_token',
      'user_session.created_at as session_created_at',
      'user_session.last_seen_at',
      'user_session.expires_at',
    ])
    .where('user_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, csrf_token, session_created_at, last_seen_at, expires_at, ...user } = row;
  return { token_hash, csrf_token, created_at: session_created_at, last_seen_at, expires_at, user };
}

export async function touchSession(db: Db, tokenHash: string, now: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: now })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Ends every session of the user but one (the one changing the password). Returns how many. */
export async function deleteOtherSessions(db: Db, userId: number, keepTokenHash: string): Promise<number> {
  const r = await db
    .deleteFrom('user_session')
    .where('user_id', '=', userId)
    .where('token_hash', '!=', keepTokenHash)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('user_session').where('expires_at', '<', now).execute();
}

export async function countSignInFailures(
  db: Db,
  email: string,
  since: string,
): Promise<{ count: number; oldest: string | null }> {
  const row = await db
    .selectFrom('sign_in_failure')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email)
    .where('at', '>=', since)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), oldest: (row?.oldest as string | null | undefined) ?? null };
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failure').where('email', '=', email).execute();
}

/** The PostgreSQL advisory-lock class for sign-in attempts (the second key is the email's hashtext). */
const SIGN_IN_LOCK_CLASS = 0x636169; // 'cai'

export type SignInReservation =
  { reserved: true; id: number } | { reserved: false; count: number; oldest: string | null };

/**
 * Counts an account's recent failed attempts and, when there are fewer than `limit`, writes one more
 * before the password is checked: a reservation, in the same transaction as the count, so parallel
 * attempts cannot all see the same count. The reservation stands as the failure if the password is
 * wrong; clear it (clearSignInFailures) when the password is right. The insert comes before the
 * count: on SQLite it takes the database's one write lock, so the next attempt's count waits for this
 * one's commit; on PostgreSQL a transaction-scoped advisory lock on the email does the same.
 */
export async function reserveSignInAttempt(
  db: Db,
  email: string,
  now: string,
  since: string,
  limit: number,
): Promise<SignInReservation> {
  return db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter)
      await sql`select pg_advisory_xact_lock(${sql.lit(SIGN_IN_LOCK_CLASS)}, hashtext(${email}))`.execute(
        trx,
      );
    const { id } = await trx
      .insertInto('sign_in_failure')
      .values({ email, at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { count, oldest } = await countSignInFailures(trx, email, since);
    if (count <= limit) return { reserved: true as const, id: Number(id) };
    await trx.deleteFrom('sign_in_failure').where('id', '=', id).execute();
    return { reserved: false as const, count: count - 1, oldest };
  });
}
