/**
 * Issue 19's sign-in findings: a per-address limit on the sign-in form, Secure cookies behind a
 * trusted proxy only, and sign-in events in the log with the account and address, never the password.
 */
import { expect, it } from 'vitest';
import { hashPassword } from '../../src/app/access/passwords.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { buildApp, type WebOptions } from '../../src/web/build-app.js';
import type { WebDeps } from '../../src/web/deps.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { TEST_PASSWORD, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand('Anytown Council');

describeEachDatabase(
  'sign-in: address limit, proxies and the log',
  (store) => {
    const clock = clockAt('2026-05-01T09:00:00Z');
    const app = (deps: Partial<WebDeps> = {}, options: WebOptions = {}) =>
      buildApp({ store: store(), clock, brand, ...deps }, options);

    async function signInAs(
      a: ReturnType<typeof app>,
      email: string,
      password: string,
      headers: Record<string, string> = {},
      remoteAddress = '127.0.0.1',
    ) {
      const form = await a.inject({ url: paths.signIn(), headers, remoteAddress });
      const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')?.value ?? '';
      return a.inject({
        method: 'POST',
        url: paths.signIn(),
        headers,
        remoteAddress,
        cookies: { cairn_signin_csrf: csrf },
        payload: { _csrf: csrf, email, password },
      });
    }

    it('refuses more sign-in attempts from one address than the limit, whichever account, with 429', async () => {
      const a = app({ signInRateLimit: { max: 3, windowMinutes: 1 } });
      const results = [];
      for (let n = 0; n < 4; n++)
        results.push((await signInAs(a, `person${n}@anytown.example`, 'not the password')).statusCode);
      expect(results).toEqual([400, 400, 400, 429]);
      const limited = await signInAs(a, 'sam@anytown.example', TEST_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.body).toContain('There have been too many attempts to sign in from your network');
      // Another address is not held up.
      expect((await signInAs(a, 'sam@anytown.example', TEST_PASSWORD, {}, '10.9.8.7')).statusCode).toBe(303);
    });

    it('marks cookies Secure for X-Forwarded-Proto: https only from a trusted proxy', async () => {
      const https = { 'x-forwarded-proto': 'https' };
      const secure = (res: Awaited<ReturnType<typeof signInAs>>) =>
        res.cookies.find((c) => c.name === 'cairn_session')?.secure === true;
      const untrusted = await signInAs(app(), 'sam@anytown.example', TEST_PASSWORD, https);
      expect(untrusted.statusCode).toBe(303);
      expect(secure(untrusted)).toBe(false);
      const trusted = await signInAs(
        app({ trustProxy: ['127.0.0.1'] }),
        'sam@anytown.example',
        TEST_PASSWORD,
        https,
      );
      expect(trusted.statusCode).toBe(303);
      expect(secure(trusted)).toBe(true);
      const byHops = await signInAs(app({ trustProxy: 1 }), 'sam@anytown.example', TEST_PASSWORD, https);
      expect(secure(byHops)).toBe(true);
      const otherProxy = await signInAs(
        app({ trustProxy: ['10.0.0.1'] }),
        'sam@anytown.example',
        TEST_PASSWORD,
        https,
      );
      expect(secure(otherProxy)).toBe(false);
    });

    it('logs successes, failures and lock-outs with the account and address, never the password', async () => {
      const lines: string[] = [];
      const a = app(
        { trustProxy: ['127.0.0.1'] },
        { logger: { level: 'info', stream: { write: (line) => lines.push(line) } } },
      );
      const forwarded = { 'x-forwarded-for': '203.0.113.9' };
      await signInAs(a, 'sam@anytown.example', 'a wrong password, logged never', forwarded);
      await signInAs(a, 'sam@anytown.example', TEST_PASSWORD, forwarded);
      for (let n = 0; n < 11; n++)
        await signInAs(a, 'lock@anytown.example', 'wrong again and again', forwarded);
      const events = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((e) => e.event === 'sign-in');
      const user = await store()
        .db.selectFrom('user_account')
        .select('id')
        .where('email', '=', 'sam@anytown.example')
        .executeTakeFirstOrThrow();
      expect(events).toContainEqual(
        expect.objectContaining({ outcome: 'failed', email: 'sam@anytown.example', ip: '203.0.113.9' }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({
          outcome: 'signed-in',
          userId: user.id,
          email: 'sam@anytown.example',
          ip: '203.0.113.9',
        }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({ outcome: 'locked', email: 'lock@anytown.example', ip: '203.0.113.9' }),
      );
      const all = lines.join('\n');
      expect(all).not.toContain('a wrong password, logged never');
      expect(all).not.toContain(TEST_PASSWORD);
    });
  },
  async (s) => {
    await insertUser(
      s.db,
      {
        email: 'sam@anytown.example',
        name: 'Sam',
        role: 'viewer',
        passwordHash: await hashPassword(TEST_PASSWORD),
        directorateId: null,
      },
      '2026-05-01T08:00:00Z',
    );
  },
);
