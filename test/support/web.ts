/**
 * Signed-in requests for web tests: a person with a role and a session, as the sign-in form makes them.
 */
import { hashPassword } from '../../src/app/access/passwords.js';
import type { Role } from '../../src/app/access/roles.js';
import { startSession } from '../../src/app/access/sessions.js';
import type { Clock } from '../../src/app/clock.js';
import type { Brand } from '../../src/web/deps.js';
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

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** The brand a test app shows: a council's name in Cairn's default colour, no logo. */
export function testBrand(councilName = 'Oxfordshire County Council'): Brand {
  return { councilName, colour: '#1d5c4d', logoUrl: null };
}

/**
 * A multipart/form-data request, as a browser sends it: the fields in order (put _csrf first), then
 * the file if any. Spread into `app.inject({ method, url, cookies, ...multipart(…) })`.
 */
export function multipart(
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; bytes: Buffer },
): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = '----cairnTestBoundary7MA4YWxk';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
