/**
 * Managing accounts: create, change role or directorate, deactivate, set a password. Every change is
 * checked, and recorded in the audit trail in the same transaction (never the password or its hash).
 */
import { transaction, type Db } from '../../storage/transaction.js';
import type { Store } from '../../storage/database.js';
import { findDirectorateByCode } from '../../storage/directorates.js';
import {
  deleteOtherSessions,
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  insertUser,
  updateUser,
} from '../../storage/account-repository.js';
import type { UserRecord } from '../../storage/schema.js';
import { recordChange, userActor, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, invalidInput, notFound } from '../errors.js';
import type { Problem } from '../../domain/problem.js';
import { hashPassword, newPasswordProblems, verifyPassword } from './passwords.js';
import { isRole, ROLES, type Role } from './roles.js';
import { normaliseEmail } from './sessions.js';

export interface AccountInput {
  email: string;
  name: string;
  role: string;
  /** A directorate code: required for approvers, optional for data owners. */
  directorate?: string | null;
  /** Omit for an account that signs in only with single sign-on. */
  password?: string | null;
  /**
   * The password was chosen for the person, so they must change it at first sign-in: the
   * administrator's page and `cairn user add` say true. Without it (the demo's accounts, whose password
   * is printed at start; tests), the password stands.
   */
  mustChangePassword?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the audit trail keeps of an account: never the password hash. */
function auditView(u: Pick<UserRecord, 'email' | 'name' | 'role' | 'directorate_id' | 'active'>) {
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    directorateId: u.directorate_id,
    active: u.active === 1,
  };
}

async function directorateId(db: Db, code: string | null | undefined): Promise<number | null> {
  if (!code) return null;
  const d = await findDirectorateByCode(db, code.trim());
  if (!d) throw invalidInput(`There is no directorate with the code “${code}”.`);
  return d.id;
}

function check(input: AccountInput): { problems: Problem[]; email: string; role: Role | null } {
  const problems: Problem[] = [];
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email))
    problems.push({ column: 'email', message: 'Enter an email address like name@council.gov.uk.' });
  if (!input.name.trim()) problems.push({ column: 'name', message: 'Enter the person’s name.' });
  const role = isRole(input.role) ? input.role : null;
  if (!role) problems.push({ column: 'role', message: `Choose a role: ${ROLES.join(', ')}.` });
  if (role === 'approver' && !input.directorate)
    problems.push({ column: 'directorate', message: 'An approver approves for a directorate: choose one.' });
  return { problems, email, role };
}

export async function createAccount(
  store: Store,
  actor: Actor,
  input: AccountInput,
  clock: Clock,
): Promise<UserRecord> {
  const { problems, email, role } = check(input);
  if (input.password)
    for (const message of await newPasswordProblems(input.password, { email, name: input.name }))
      problems.push({ column: 'password', message });
  if (problems.length || !role)
    throw new CairnError('INVALID_INPUT', 'The account was not created.', problems);
  if (await findUserByEmail(store.db, email))
    throw new CairnError('CONFLICT', `There is already an account for ${email}.`);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return transaction(store.db, async (trx) => {
    const user = await insertUser(
      trx,
      {
        email,
        name: input.name.trim(),
        role,
        passwordHash,
        directorateId: await directorateId(trx, input.directorate),
        mustChangePassword: Boolean(passwordHash) && input.mustChangePassword === true,
      },
      isoNow(clock),
    );
    await recordChange(
      trx,
      actor,
      { action: 'user.create', entity: 'user_account', entityId: user.id, after: auditView(user) },
      clock,
    );
    return user;
  });
}

export interface AccountChange {
  role?: string;
  directorate?: string | null;
  active?: boolean;
  name?: string;
}

export async function changeAccount(
  store: Store,
  actor: Actor,
  userId: number,
  change: AccountChange,
  clock: Clock,
  reason: string | null = null,
): Promise<UserRecord> {
  return transaction(store.db, async (trx) => {
    const before = await findUserById(trx, userId);
    if (!before) throw notFound(`There is no account ${userId}.`);
    const fields: Partial<UserRecord> = {};
    if (change.role !== undefined) {
      if (!isRole(change.role)) throw invalidInput(`Choose a role: ${ROLES.join(', ')}.`);
      fields.role = change.role;
    }
    if (change.directorate !== undefined)
      fields.directorate_id = await directorateId(trx, change.directorate);
    if (change.active !== undefined) fields.active = change.active ? 1 : 0;
    if (change.name !== undefined && change.name.trim()) fields.name = change.name.trim();
    const after = { ...before, ...fields };
    if (after.role === 'approver' && after.directorate_id === null)
      throw invalidInput('An approver approves for a directorate: choose one.');
    await updateUser(trx, userId, fields);
    // A change of role or a deactivation takes effect at once: end the person's sessions.
    if (fields.role !== undefined || fields.active === 0) await deleteUserSessions(trx, userId);
    await recordChange(
      trx,
      actor,
      {
        action: 'user.update',
        entity: 'user_account',
        entityId: userId,
        before: auditView(before),
        after: auditView(after),
        reason,
      },
      clock,
    );
    return after;
  });
}

export async function setAccountPassword(
  store: Store,
  actor: Actor,
  userId: number,
  password: string,
  clock: Clock,
): Promise<void> {
  const account = await findUserById(store.db, userId);
  if (!account) throw notFound(`There is no account ${userId}.`);
  const problems = await newPasswordProblems(password, account);
  if (problems.length)
    throw new CairnError(
      'INVALID_INPUT',
      'The password was not changed.',
      problems.map((message) => ({ message })),
    );
  const hash = await hashPassword(password);
  await transaction(store.db, async (trx) => {
    if (!(await findUserById(trx, userId))) throw notFound(`There is no account ${userId}.`);
    // Set by someone else: it works once, then the person must choose their own.
    await updateUser(trx, userId, { password_hash: hash, password_must_change: 1 });
    await deleteUserSessions(trx, userId);
    await recordChange(
      trx,
      actor,
      { action: 'user.password', entity: 'user_account', entityId: userId, after: { passwordChanged: true } },
      clock,
    );
  });
}

export interface OwnPasswordChange {
  current: string;
  password: string;
  confirm: string;
}

/**
 * A person changes their own password: the current one must be right, the new one good enough and
 * typed twice alike. Their other sessions end (this one stays); the change is audited (never the
 * password); a password an administrator set no longer needs changing.
 */
export async function changeOwnPassword(
  store: Store,
  userId: number,
  keepSessionHash: string,
  input: OwnPasswordChange,
  clock: Clock,
): Promise<{ ok: true; endedSessions: number } | { ok: false; problems: Problem[] }> {
  const user = await findUserById(store.db, userId);
  if (!user || user.active !== 1) throw notFound('There is no such account.');
  const problems: Problem[] = [];
  if (!input.current) problems.push({ field: 'current', message: 'Enter your current password.' });
  else if (!user.password_hash || !(await verifyPassword(input.current, user.password_hash)))
    problems.push({ field: 'current', message: 'Your current password is not right. Enter it again.' });
  if (!input.password) problems.push({ field: 'password', message: 'Enter a new password.' });
  else {
    for (const message of await newPasswordProblems(input.password, user))
      problems.push({ field: 'password', message });
    if (input.current && input.password === input.current)
      problems.push({
        field: 'password',
        message: 'The new password must be different from the current one.',
      });
  }
  if (input.password && input.confirm !== input.password)
    problems.push({
      field: 'confirm',
      message: 'The two new passwords are not the same. Type the new password again.',
    });
  if (problems.length) return { ok: false, problems };
  const hash = await hashPassword(input.password);
  return store.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { password_hash: hash, password_must_change: 0 });
    const endedSessions = await deleteOtherSessions(trx, userId, keepSessionHash);
    await recordChange(
      trx,
      userActor(user),
      {
        action: 'user.password.change',
        entity: 'user_account',
        entityId: userId,
        after: { passwordChanged: true, byThePerson: true, otherSessionsEnded: endedSessions },
      },
      clock,
    );
    return { ok: true as const, endedSessions };
  });
}
