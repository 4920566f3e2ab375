/**
 * Single sign-on in Debian's Chromium, with JavaScript off: the sign-in page's "Sign in with …"
 * button, the provider's login and consent pages (oidc-provider), and back to Cairn signed in. The
 * sign-in page and the no-account page must pass axe at WCAG 2.2 AA.
 *
 * Browser tests run on SQLite only: the flow is covered on PostgreSQL by
 * test/integration/sso.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import { systemActor } from '../../src/app/audit.js';
import { startSession } from '../../src/app/access/sessions.js';
import { systemClock } from '../../src/app/clock.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.js';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.js';

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 900 };

describe('single sign-on in Chromium', () => {
  let dir: string;
  let store: Store;
  let provider: TestProvider;
  let app: FastifyInstance;
  let browser: Browser;
  let cairn: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-sso-e2e-'));
    store = openStore(join(dir, 'cairn.db'));
    await migrate(store.db);
    await createAccount(
      store,
      systemActor,
      { email: 'alice@council.example', name: 'Alice Adams', role: 'viewer', password: null },
      systemClock,
    );
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    cairn = `http://127.0.0.1:${port}`;
    provider = await startTestProvider(`${cairn}${paths.ssoCallback()}`, {
      alice: { email: 'alice@council.example', email_verified: true },
    });
    app = buildApp({
      store,
      clock: systemClock,
      brand: { councilName: 'Anytown Borough Council', colour: '#1d5c4d', logoUrl: null },
      sso: {
        issuer: new URL(provider.issuer),
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUrl: new URL(`${cairn}${paths.ssoCallback()}`),
        name: 'Microsoft',
      },
    });
    await app.listen({ host: '127.0.0.1', port });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  async function newPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled });
    // The provider's development pages ask for a web font; there is no internet here.
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
    return { context, page: await context.newPage() };
  }

  /** Clicks "Sign in with Microsoft", then logs in and consents at the provider's pages. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${provider.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForLoadState();
    if (page.url().startsWith(`${provider.issuer}/interaction/`)) {
      await page.locator('button[type="submit"]').click();
    }
  }

  it(
    'shows the button on an accessible sign-in page',
    async () => {
      const { context, page } = await newPage(true);
      await page.goto(`${cairn}${paths.signIn()}`);
      const button = page.getByRole('button', { name: 'Sign in with Microsoft' });
      expect(await button.isVisible()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Or sign in with a Cairn password' }).count()).toBe(1);
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'signs in through the provider with JavaScript off, and returns to the page asked for',
    async () => {
      const { context, page } = await newPage(false);
      await page.goto(`${cairn}${paths.signIn({ return: paths.account() })}`);
      await signInAtProvider(page, 'alice');
      await page.waitForURL(`${cairn}${paths.account()}`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your account');
      expect(await page.locator('main').innerText()).toContain('alice@council.example');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'gives administrators accessible forms for single sign-on accounts',
    async () => {
      const admin = await createAccount(
        store,
        systemActor,
        { email: 'admin@council.example', name: 'Ada Admin', role: 'admin', password: null },
        systemClock,
      );
      const alice = await store.db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', 'alice@council.example')
        .executeTakeFirstOrThrow();
      const { context, page } = await newPage(true);
      await context.addCookies([
        { name: 'cairn_session', value: await startSession(store, systemClock, admin.id), url: cairn },
      ]);
      await page.goto(`${cairn}${paths.newUser()}`);
      expect(await page.getByLabel('Sign in with Microsoft only (no Cairn password)').count()).toBe(1);
      let violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.goto(`${cairn}${paths.user(alice.id)}`);
      expect(await page.getByRole('button', { name: 'Remove the single sign-on link' }).count()).toBe(1);
      violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'tells someone without an account what to do, on an accessible page',
    async () => {
      const { context, page } = await newPage(true);
      await page.goto(`${cairn}${paths.signIn()}`);
      await signInAtProvider(page, 'stranger');
      await page.waitForURL((u) => u.pathname === paths.ssoCallback());
      expect(await page.locator('main').innerText()).toContain(
        'You do not have a Cairn account. Ask your administrator to add stranger@elsewhere.example.',
      );
      const violations = await axeViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );
});
