/**
 * Accounts for single sign-on, and the sign-on routes when the provider is missing or unreachable.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { buildCli } from '../../src/main/cli.js';
import { findUserByEmail } from '../../src/storage/account-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import type { SsoSettings } from '../../src/web/features/sso/oidc.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';

const brand = testBrand('Anytown Borough Council');

/** A provider at an address where nothing listens. */
const unreachable: SsoSettings = {
  issuer: new URL('http://127.0.0.1:9/unreachable'),
  clientId: 'cairn',
  clientSecret: 'secret',
  redirectUrl: new URL('http://127.0.0.1:3000/sign-in/sso/callback'),
  name: 'Microsoft',
};

describeEachDatabase('single sign-on accounts and settings', (store) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('makes an account with no password from the command line (--sso-only)', async () => {
    vi.stubEnv('DATABASE_URL', store().location);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const args = ['node', 'cairn', 'user', 'add', '--email', 'Pat@Council.example', '--name', 'Pat'];
    await buildCli().parseAsync([...args, '--role', 'viewer', '--sso-only']);
    const pat = await findUserByEmail(store().db, 'pat@council.example');
    expect(pat?.password_hash).toBeNull();
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain('They have no password');
    const both = await buildCli()
      .parseAsync([...args, '--role', 'viewer', '--sso-only', '--password-stdin'])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(String(both)).toContain('Choose --sso-only or --password-stdin, not both.');
    await buildCli().parseAsync(['node', 'cairn', 'user', 'unlink-sso', 'pat@council.example']);
    expect(String(log.mock.calls.at(-1)?.[0])).toBe('pat@council.example was not linked to single sign-on.');
  });

  it('lets an administrator add an account for single sign-on only, when it is set up', async () => {
    const admin = await sessionFor(store(), fixedClock, 'admin');
    const add = async (sso: SsoSettings | null, email: string) => {
      const app = buildApp({ store: store(), clock: fixedClock, brand, sso });
      const form = await app.inject({ url: paths.newUser(), cookies: admin.cookies });
      const res = await app.inject({
        method: 'POST',
        url: paths.newUser(),
        cookies: admin.cookies,
        payload: { _csrf: csrfOf(form.body), name: 'Sam', email, role: 'viewer', ssoOnly: 'yes' },
      });
      return { form: form.body, res };
    };
    const withSso = await add(unreachable, 'sam@council.example');
    expect(withSso.form).toContain('Sign in with Microsoft only (no Cairn password)');
    expect(withSso.res.statusCode).toBe(200);
    expect(withSso.res.body).toContain('They have no Cairn password: they sign in with Microsoft');
    expect(withSso.res.body).not.toContain('must choose a password of their own');
    expect((await findUserByEmail(store().db, 'sam@council.example'))?.password_hash).toBeNull();

    // Without single sign-on there is no such choice: everyone gets a password.
    const without = await add(null, 'kim@council.example');
    expect(without.form).not.toContain('no Cairn password');
    expect(without.res.body).toContain('Their password is');
    expect(without.res.body).toContain(
      'When they first sign in with it, they must choose a password of their own',
    );
    expect((await findUserByEmail(store().db, 'kim@council.example'))?.password_hash).toMatch(/^scrypt\$/);

    const list = await buildApp({ store: store(), clock: fixedClock, brand }).inject({
      url: paths.users(),
      cookies: admin.cookies,
    });
    expect(list.body).toContain('Single sign-on (not yet linked)');
  });

  it('shows no single sign-on when it is not set up', async () => {
    const app = buildApp({ store: store(), clock: fixedClock, brand });
    const page = await app.inject({ url: paths.signIn() });
    expect(page.body).not.toContain('Sign in with');
    expect(page.body).not.toContain(paths.signInSso());
    for (const url of [paths.signInSso(), paths.ssoCallback()]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('Single sign-on is not set up');
    }
  });

  it('says so when the provider cannot be reached, and sends someone signed in straight on', async () => {
    const app = buildApp({ store: store(), clock: fixedClock, brand, sso: unreachable });
    const page = await app.inject({ url: paths.signIn({ return: '/account' }) });
    expect(page.body).toContain('Sign in with Microsoft');
    expect(page.body).toContain('href="/sign-in/sso?return=%2Faccount"');
    const res = await app.inject({ url: paths.signInSso() });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('Cairn cannot reach Microsoft at the moment');
    expect(res.cookies.find((c) => c.name === 'cairn_sso')).toBeUndefined();

    const viewer = await sessionFor(store(), fixedClock, 'viewer');
    const signedIn = await app.inject({
      url: paths.signInSso({ return: '/account' }),
      cookies: viewer.cookies,
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account');
  });
});
