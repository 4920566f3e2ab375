/**
 * Managing accounts: create, change role or directorate, deactivate, set a password. Every change is
 * checked, and recorded in the audit trail in the same transaction (never the password or its hash).
 */
import { inTransaction, type Db } from '../../storage/transaction.js';
import type { Store } from '../../storage/database.js';
import { findDirectorateByCode } from '../../storage/directorates.js';
import {
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  insertUser,
  updateUser,
} from '../../storage/account-repository.js';
import type { UserRecord } from '../../storage/schema.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, invalidInput, notFound } from '../errors.js';
import type { Problem } from '../../domain/problem.js';
import { hashPassword, passwordProblems } from './passwords.js';
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
  if (input.password)
    for (const m of passwordProblems(input.password)) problems.push({ column: 'password', message: m });
  return { problems, email, role };
}

export async function createAccount(
  store: Store,
  actor: Actor,
  input: AccountInput,
  clock: Clock,
): Promise<UserRecord> {
  const { problems, email, role } = check(input);
  if (problems.length || !role)
    throw new CairnError('INVALID_INPUT', 'The account was not created.', problems);
  if (await findUserByEmail(store.db, email))
    throw new CairnError('CONFLICT', `There is already an account for ${email}.`);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(store, async (trx) => {
    const user = await insertUser(
      trx,
      {
        email,
        name: input.name.trim(),
        role,
        passwordHash,
        directorateId: await directorateId(trx, input.directorate),
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
  return inTransaction(store, async (trx) => {
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
  const problems = passwordProblems(password);
  if (problems.length)
    throw new CairnError(
      'INVALID_INPUT',
      'The password was not changed.',
      problems.map((message) => ({ message })),
    );
  const hash = await hashPassword(password);
  await inTransaction(store, async (trx) => {
    if (!(await findUserById(trx, userId))) throw notFound(`There is no account ${userId}.`);
    await updateUser(trx, userId, { password_hash: hash });
    await deleteUserSessions(trx, userId);
    await recordChange(
      trx,
      actor,
      { action: 'user.password', entity: 'user_account', entityId: userId, after: { passwordChanged: true } },
      clock,
    );
  });
}
