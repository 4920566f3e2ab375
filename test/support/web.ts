/**
 * Signed-in requests for web tests: a person with a role and a session, as the sign-in form makes them.
 */
import { hashPassword } from '../../src/app/access/passwords.js';
import type { Role } from '../../src/app/access/roles.js';
import { startSession } from '../../src/app/access/sessions.js';
import type { Clock } from '../../src/app/clock.js';
import type { Store } from '../../src/storage/database.js';
import { findUserByEmail, insertUser } from '../../src/storage/account-repository.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Makes (once) a person with the role, and returns a fresh session cookie for them. */
export async function sessionFor(
  store: Store,
  clock: Clock,
  role: Role,
  directorateId: number | null = null,
): Promise<{ userId: number; cookies: { cairn_session: string } }> {
  const email = `${role}@test.example`;
  const user =
    (await findUserByEmail(store.db, email)) ??
    (await insertUser(
      store.db,
      { email, name: `Test ${role}`, role, passwordHash: await hashPassword(TEST_PASSWORD), directorateId },
      clock.now().toISOString(),
    ));
  const token = await startSession(store, clock, user.id);
  return { userId: user.id, cookies: { cairn_session: token } };
}
