/**
 * Signing in with single sign-on (OpenID Connect). The web adapter proves who the person is with the
 * council's identity provider; this decides which Cairn account that is, links it the first time,
 * and starts a session exactly as a password sign-in does. No account is ever made here: an
 * administrator adds people first.
 *
 * An identity is kept in `user_account.oidc_subject` as `<issuer>#<sub>`. An issuer identifier never
 * holds a `#` (OpenID Connect forbids a fragment in it), so the key cannot be read two ways, and the
 * same `sub` from two providers gives two different keys.
 */
import type { Store } from '../../storage/database.js';
import {
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  findUserByOidcSubject,
  updateUser,
} from '../../storage/account-repository.js';
import { recordChange, userActor, type Actor } from '../audit.js';
import { notFound } from '../errors.js';
import type { Clock } from '../clock.js';
import { normaliseEmail, startSession, DEFAULT_SESSION_POLICY, type SessionPolicy } from './sessions.js';
import { transaction } from '../../storage/transaction.js';

/** Who the identity provider says the person is, from the validated ID token. */
export interface ExternalIdentity {
  /** The ID token's `iss`. */
  issuer: string;
  /** The ID token's `sub`: the provider's stable identifier for the person. */
  subject: string;
  email: string | null;
  /** True only when the provider vouches for the address (`email_verified`, or Entra ID's `xms_edov`). */
  emailVerified: boolean;
}

export type SingleSignOnResult =
  | { ok: true; token: string; userId: number; linked: boolean }
  | { ok: false; reason: 'no-account'; email: string | null }
  | { ok: false; reason: 'email-not-verified'; email: string }
  | { ok: false; reason: 'deactivated' }
  | { ok: false; reason: 'linked-to-another' };

export const subjectKey = (issuer: string, subject: string): string => `${issuer}#${subject}`;

export async function signInWithIdentity(
  store: Store,
  clock: Clock,
  identity: ExternalIdentity,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SingleSignOnResult> {
  const key = subjectKey(identity.issuer, identity.subject);
  const known = await findUserByOidcSubject(store.db, key);
  if (known) {
    if (known.active !== 1) return { ok: false, reason: 'deactivated' };
    return {
      ok: true,
      token: await startSession(store, clock, known.id, policy),
      userId: known.id,
      linked: false,
    };
  }

  const email = identity.email ? normaliseEmail(identity.email) : null;
  const byEmail = email ? await findUserByEmail(store.db, email) : undefined;
  if (!email || !byEmail) return { ok: false, reason: 'no-account', email };
  if (!identity.emailVerified) return { ok: false, reason: 'email-not-verified', email };
  if (byEmail.active !== 1) return { ok: false, reason: 'deactivated' };
  if (byEmail.oidc_subject !== null) return { ok: false, reason: 'linked-to-another' };

  // First sign-in: link the identity to the account, in the transaction that records it.
  const linked = await transaction(store.db, async (trx) => {
    const user = await findUserById(trx, byEmail.id);
    if (!user || user.oidc_subject !== null || user.active !== 1) return false;
    await updateUser(trx, user.id, { oidc_subject: key });
    await recordChange(
      trx,
      userActor(user),
      {
        action: 'user.link-sso',
        entity: 'user_account',
        entityId: user.id,
        before: { oidcSubject: null },
        after: { oidcSubject: key, email },
      },
      clock,
    );
    return true;
  });
  if (!linked) return { ok: false, reason: 'linked-to-another' };
  return {
    ok: true,
    token: await startSession(store, clock, byEmail.id, policy),
    userId: byEmail.id,
    linked: true,
  };
}

/**
 * Removes an account's link to a single sign-on identity (for a wrong link, or a person's new work
 * account) and ends their sessions; audited as user.unlink-sso. The next single sign-on with a
 * verified email address links again. Returns false if there was no link.
 */
export async function unlinkSingleSignOn(
  store: Store,
  actor: Actor,
  userId: number,
  clock: Clock,
): Promise<boolean> {
  return transaction(store.db, async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw notFound(`There is no account ${userId}.`);
    if (user.oidc_subject === null) return false;
    await updateUser(trx, userId, { oidc_subject: null });
    await deleteUserSessions(trx, userId);
    await recordChange(
      trx,
      actor,
      {
        action: 'user.unlink-sso',
        entity: 'user_account',
        entityId: userId,
        before: { oidcSubject: user.oidc_subject },
        after: { oidcSubject: null },
      },
      clock,
    );
    return true;
  });
}
