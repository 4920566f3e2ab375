/**
 * Single sign-on end to end: a real OpenID provider (oidc-provider) and Cairn both listening on
 * 127.0.0.1, driven over HTTP by a browser-like client that keeps cookies and follows redirects
 * through the provider's login and consent pages back to Cairn's callback.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount, changeAccount } from '../../src/app/access/accounts.js';
import { WRONG_DETAILS } from '../../src/app/access/sessions.js';
import { subjectKey } from '../../src/app/access/single-sign-on.js';
import { systemActor } from '../../src/app/audit.js';
import { systemClock } from '../../src/app/clock.js';
import type { Store } from '../../src/storage/database.js';
import { findUserByEmail } from '../../src/storage/account-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { OidcClient, SSO_COOKIE, type SsoSettings } from '../../src/web/features/sso/oidc.js';
import { paths } from '../../src/web/paths.js';
import { CookieBrowser, formOf, type Page } from '../support/cookie-browser.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.js';
import { sessionFor, testBrand } from '../support/web.js';

const brand = testBrand('Anytown Borough Council');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const PEOPLE = {
  alice: { email: 'Alice@Council.example', email_verified: true },
  gone: { email: 'gone@council.example', email_verified: true },
  unverified: { email: 'unverified@council.example', email_verified: false },
  stranger: { email: 'stranger@elsewhere.example', email_verified: true },
};

async function seed(store: Store): Promise<void> {
  const add = (email: string, password: string | null) =>
    createAccount(
      store,
      systemActor,
      { email, name: email.split('@')[0]!, role: 'viewer', password },
      systemClock,
    );
  await add('alice@council.example', null);
  await add('unverified@council.example', 'a password long enough');
  const gone = await add('gone@council.example', null);
  await changeAccount(store, systemActor, gone.id, { active: false }, systemClock);
}

describeEachDatabase(
  'single sign-on with OpenID Connect',
  (store) => {
    let provider: TestProvider;
    let app: FastifyInstance;
    let cairn: string;
    let settings: SsoSettings;

    beforeAll(async () => {
      const port = await freePort();
      cairn = `http://127.0.0.1:${port}`;
      const redirectUrl = `${cairn}${paths.ssoCallback()}`;
      provider = await startTestProvider(redirectUrl, PEOPLE);
      settings = {
        issuer: new URL(provider.issuer),
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUrl: new URL(redirectUrl),
        name: 'Test Council ID',
      };
      app = buildApp({ store: store(), clock: systemClock, brand, sso: settings });
      await app.listen({ host: '127.0.0.1', port });
    });
    afterAll(async () => {
      await app?.close();
      await provider?.close();
    });

    /**
     * Starts at Cairn's sign-in page, clicks "Sign in with …", logs in at the provider as `login`
     * (and consents), and stops just before Cairn's callback; returns the callback's address.
     */
    async function toCallback(
      browser: CookieBrowser,
      login: string,
      returnTo = paths.account(),
    ): Promise<URL> {
      const signIn = await browser.request(`${cairn}${paths.signIn({ return: returnTo })}`);
      expect(signIn.status).toBe(200);
      const href = /<a href="([^"]+)"[^>]*class="govuk-button govuk-button--start"/.exec(signIn.body)?.[1];
      expect(href).toBe(paths.signInSso({ return: returnTo }).replace(/&/g, '&amp;'));
      let page: Page = await browser.request(new URL(href!.replace(/&amp;/g, '&'), cairn));
      expect(page.status).toBe(303);
      expect(page.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
      expect(browser.cookie(SSO_COOKIE)).toBeDefined();
      const isCallback = (u: URL) => u.href.startsWith(`${cairn}${paths.ssoCallback()}`);
      for (let step = 0; step < 6; step++) {
        page = await browser.follow(page, (next) => !isCallback(next));
        if (page.location && isCallback(new URL(page.location))) return new URL(page.location);
        expect(page.status, page.body.slice(0, 300)).toBe(200);
        const form = formOf(page, page.body.includes('name="login"') ? { login, password: 'anything' } : {});
        page = await browser.request(form.action, { form: form.fields });
      }
      throw new Error('never came back to Cairn');
    }

    it('signs in an existing account, linking it by verified email the first time (audited)', async () => {
      const browser = new CookieBrowser();
      const callback = await toCallback(browser, 'alice');
      const back = await browser.request(callback);
      expect(back.status, back.body.slice(0, 500)).toBe(303);
      expect(back.location).toBe(`${cairn}${paths.account()}`);
      expect(browser.cookie(SSO_COOKIE)).toBeUndefined();
      expect(browser.cookie('cairn_session')).toBeDefined();
      const account = await browser.request(`${cairn}${paths.account()}`);
      expect(account.status).toBe(200);
      expect(account.body).toContain('alice@council.example');

      const alice = await findUserByEmail(store().db, 'alice@council.example');
      expect(alice?.oidc_subject).toBe(subjectKey(provider.issuer, 'alice'));
      const links = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'user.link-sso')
        .execute();
      expect(links).toHaveLength(1);
      expect(links[0]!.actor).toBe(`user:${alice!.id}`);

      // The same callback again, in the same browser: refused, and no new session.
      const session = browser.cookie('cairn_session')!.value;
      const replay = await browser.request(callback);
      expect(replay.status).toBe(400);
      expect(replay.body).toContain('This sign-in has expired or has already been used');
      expect(browser.cookie('cairn_session')?.value).toBe(session);

      // Signing in again finds the account by its subject: a new session, and no second link.
      const again = new CookieBrowser();
      const second = await again.request(await toCallback(again, 'alice', '/account?x=1'));
      expect(second.status).toBe(303);
      expect(second.location).toBe(`${cairn}/account?x=1`);
      expect(again.cookie('cairn_session')!.value).not.toBe(session);
      expect(
        await store()
          .db.selectFrom('audit_event')
          .selectAll()
          .where('action', '=', 'user.link-sso')
          .execute(),
      ).toHaveLength(1);

      // Signing out ends the Cairn session as it does after a password sign-in.
      const mine = await again.request(`${cairn}${paths.account()}`);
      const signOut = formOf(mine);
      expect(signOut.action.pathname).toBe(paths.signOut());
      const out = await again.request(signOut.action, { form: signOut.fields });
      expect(out.status).toBe(303);
      expect(out.location).toBe(`${cairn}${paths.signIn()}`);
      expect((await again.request(`${cairn}${paths.account()}`)).status).toBe(303);
    });

    it('refuses a code used twice even with the original cookie', async () => {
      const browser = new CookieBrowser();
      const callback = await toCallback(browser, 'alice');
      const cookie = { ...browser.cookie(SSO_COOKIE)! };
      expect((await browser.request(callback)).status).toBe(303);
      const thief = new CookieBrowser();
      thief.setCookie(cookie);
      const replay = await thief.request(callback);
      expect(replay.status).toBe(400);
      expect(thief.cookie('cairn_session')).toBeUndefined();
    });

    it('refuses a tampered state, a bad nonce, a forged cookie and an error from the provider', async () => {
      const noSession = (b: CookieBrowser) => expect(b.cookie('cairn_session')).toBeUndefined();

      const b1 = new CookieBrowser();
      const c1 = await toCallback(b1, 'alice');
      c1.searchParams.set('state', 'tampered-state-value');
      const r1 = await b1.request(c1);
      expect(r1.status).toBe(400);
      expect(r1.body).toContain('did not match the sign-in started in this browser');
      noSession(b1);

      // The nonce kept for the callback is changed (and the cookie re-signed): the ID token's nonce no
      // longer matches, and openid-client refuses it.
      const b2 = new CookieBrowser();
      const c2 = await toCallback(b2, 'alice');
      const oidc = new OidcClient(settings);
      const kept = b2.cookie(SSO_COOKIE)!;
      const pending = oidc.unseal(kept.value, new Date())!;
      b2.setCookie({ ...kept, value: oidc.seal({ ...pending, nonce: 'not-the-nonce-that-was-sent' }) });
      const r2 = await b2.request(c2);
      expect(r2.status).toBe(401);
      expect(r2.body).toContain('Cairn could not confirm who you are');
      noSession(b2);

      // A cookie altered without the key is not believed at all.
      const b3 = new CookieBrowser();
      const c3 = await toCallback(b3, 'alice');
      const k3 = b3.cookie(SSO_COOKIE)!;
      b3.setCookie({ ...k3, value: `x${k3.value.slice(1)}` });
      expect((await b3.request(c3)).status).toBe(400);
      noSession(b3);

      // The provider says no (the person cancelled).
      const b4 = new CookieBrowser();
      const c4 = await toCallback(b4, 'alice');
      const denied = new URL(c4.href);
      denied.search = new URLSearchParams({
        error: 'access_denied',
        state: c4.searchParams.get('state')!,
        iss: provider.issuer,
      }).toString();
      const r4 = await b4.request(denied);
      expect(r4.status).toBe(401);
      expect(r4.body).toContain('Test Council ID did not sign you in');
      noSession(b4);

      // The callback with nothing at all.
      const r5 = await new CookieBrowser().request(`${cairn}${paths.ssoCallback()}`);
      expect(r5.status).toBe(400);
    });

    it('tells someone with no Cairn account, a deactivated account or an unconfirmed email what to do', async () => {
      const cases: [string, string][] = [
        [
          'stranger',
          'You do not have a Cairn account. Ask your administrator to add stranger@elsewhere.example.',
        ],
        ['gone', 'Your Cairn account has been deactivated'],
        ['unverified', 'Test Council ID did not confirm that unverified@council.example is your address'],
      ];
      for (const [login, message] of cases) {
        const b = new CookieBrowser();
        const r = await b.request(await toCallback(b, login));
        expect(r.status, login).toBe(403);
        expect(r.body, login).toContain(message);
        expect(b.cookie('cairn_session'), login).toBeUndefined();
      }
      expect((await findUserByEmail(store().db, 'gone@council.example'))?.oidc_subject).toBeNull();
      expect((await findUserByEmail(store().db, 'unverified@council.example'))?.oidc_subject).toBeNull();
    });

    it('refuses a password sign-in to an account that has no password, with the usual message', async () => {
      const b = new CookieBrowser();
      const form = formOf(await b.request(`${cairn}${paths.signIn()}`), {
        email: 'alice@council.example',
        password: 'any password at all',
      });
      const r = await b.request(form.action, { form: form.fields });
      expect(r.status).toBe(400);
      expect(r.body).toContain(WRONG_DETAILS);
    });

    it('lets an administrator remove a wrong link; the next single sign-on links again', async () => {
      const admin = await sessionFor(store(), systemClock, 'admin');
      const alice = (await findUserByEmail(store().db, 'alice@council.example'))!;
      expect(alice.oidc_subject).not.toBeNull();
      const b = new CookieBrowser();
      expect((await b.request(await toCallback(b, 'alice'))).status).toBe(303);

      const edit = await app.inject({ url: paths.user(alice.id), cookies: admin.cookies });
      expect(edit.body).toContain('This account is linked to a Test Council ID account.');
      expect(edit.body).toContain('They have no Cairn password');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(edit.body)![1]!;
      const unlink = await app.inject({
        method: 'POST',
        url: `${paths.user(alice.id)}/unlink-sso`,
        cookies: admin.cookies,
        payload: { _csrf: csrf },
      });
      expect(unlink.statusCode).toBe(303);
      expect((await findUserByEmail(store().db, 'alice@council.example'))?.oidc_subject).toBeNull();
      // Her session ended with the link.
      expect((await b.request(`${cairn}${paths.account()}`)).status).toBe(303);
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'user.unlink-sso')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_name).toBe('Test admin');

      const again = new CookieBrowser();
      expect((await again.request(await toCallback(again, 'alice'))).status).toBe(303);
      expect((await findUserByEmail(store().db, 'alice@council.example'))?.oidc_subject).toBe(
        subjectKey(provider.issuer, 'alice'),
      );
    });
  },
  seed,
);
