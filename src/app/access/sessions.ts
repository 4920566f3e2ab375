/**
 * Signing in and sessions. Sessions live in the database (so several Cairn processes share them);
 * the cookie holds a random token and the database only its SHA-256. A new session (and token) is
 * made at every sign-in. Ten failed attempts on one account within five minutes make it wait; the
 * message is the same whether the account exists or not, and an unknown account costs the same time.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Store } from '../../storage/database.js';
import {
  clearSignInFailures,
  deleteSession,
  deleteUserSessions,
  findSession,
  findUserByEmail,
  insertSession,
  reserveSignInAttempt,
  touchSession,
} from '../../storage/account-repository.js';
import type { UserRecord } from '../../storage/schema.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { isRole, type Role } from './roles.js';

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after signing in, whatever happens. */
  maxHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 60, maxHours: 12 };
export const SIGN_IN_LIMIT = { failures: 10, windowMinutes: 5 };
export const WRONG_DETAILS = 'Enter a correct email address and password.';

export interface SignedInUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  directorateId: number | null;
  /** A password an administrator set: the person must choose their own before anything else. */
  mustChangePassword: boolean;
}

export interface ActiveSession {
  user: SignedInUser;
  csrfToken: string;
  tokenHash: string;
}

export type SignInResult =
  { ok: true; token: string; user: SignedInUser } | { ok: false; message: string; locked: boolean };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

function toSignedIn(u: UserRecord): SignedInUser | null {
  if (!isRole(u.role)) return null;
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    directorateId: u.directorate_id,
    mustChangePassword: u.password_must_change === 1,
  };
}

export async function signIn(
  store: Store,
  clock: Clock,
  emailText: string,
  password: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SignInResult> {
  const email = normaliseEmail(emailText);
  const now = clock.now();
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000).toISOString();
  // The attempt is counted (reserved) before the password is checked, atomically with the count, so
  // parallel guesses cannot all pass the check: at most SIGN_IN_LIMIT.failures are ever checked.
  const reservation = await reserveSignInAttempt(
    store.db,
    email,
    now.toISOString(),
    since,
    SIGN_IN_LIMIT.failures,
  );
  if (!reservation.reserved) {
    const freeAt = new Date(
      new Date(reservation.oldest ?? since).getTime() + SIGN_IN_LIMIT.windowMinutes * 60_000,
    );
    const minutes = Math.max(1, Math.ceil((freeAt.getTime() - now.getTime()) / 60_000));
    return {
      ok: false,
      locked: true,
      message: `There have been too many attempts to sign in to this account. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.`,
    };
  }
  const user = email ? await findUserByEmail(store.db, email) : undefined;
  const usable = user && user.active === 1 && user.password_hash ? user : undefined;
  const matches = await verifyPassword(password, usable?.password_hash ?? (await dummyHash()));
  const signedIn = usable && matches ? toSignedIn(usable) : null;
  // A wrong password leaves its reservation standing as the failure.
  if (!signedIn) return { ok: false, locked: false, message: WRONG_DETAILS };
  await clearSignInFailures(store.db, email);
  return { ok: true, token: await startSession(store, clock, signedIn.id, policy), user: signedIn };
}

/** Starts a new session for a user (after a password or single sign-on) and returns the cookie's token. */
export async function startSession(
  store: Store,
  clock: Clock,
  userId: number,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<string> {
  const token = randomToken();
  const now = clock.now();
  await insertSession(store.db, {
    tokenHash: hashToken(token),
    userId,
    csrfToken: randomToken(),
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.maxHours * 3_600_000).toISOString(),
  });
  return token;
}

/** The session a cookie's token belongs to, if it is current; an expired or idle one is removed. */
export async function resolveSession(
  store: Store,
  clock: Clock,
  token: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<ActiveSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const row = await findSession(store.db, tokenHash);
  if (!row) return null;
  const now = clock.now();
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000).toISOString();
  const user = row.user.active === 1 ? toSignedIn(row.user) : null;
  if (!user || row.expires_at <= now.toISOString() || row.last_seen_at < idleSince) {
    await deleteSession(store.db, tokenHash);
    return null;
  }
  // Record activity at most once a minute: one write per minute per person, not per request.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000)
    await touchSession(store.db, tokenHash, now.toISOString());
  return { user, csrfToken: row.csrf_token, tokenHash };
}

export async function signOut(store: Store, token: string): Promise<void> {
  await deleteSession(store.db, hashToken(token));
}

/** Ends every session of the user, on every device. Returns how many were ended. */
export async function signOutEverywhere(store: Store, userId: number): Promise<number> {
  return deleteUserSessions(store.db, userId);
}
