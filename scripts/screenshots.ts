/**
 * Screenshots of every kind of page, on the demo, for docs/screenshots/ and for looking at what we
 * build. Starts Cairn on a temporary SQLite database with the demo loaded.
 *
 *   npx tsx scripts/screenshots.ts [OUT_DIR]     (default docs/screenshots)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { systemClock } from '../src/app/clock.js';
import { DEMO_COUNCIL, loadDemo } from '../src/app/demo.js';
import { migrate, openStore } from '../src/storage/database.js';
import { buildApp } from '../src/web/build-app.js';
import { startSession } from '../src/app/access/sessions.js';
import { insertUser } from '../src/storage/account-repository.js';
import { paths } from '../src/web/paths.js';
import { loadDemoCollection } from '../src/app/demo-collection.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/render/chromium.js';

const out = process.argv[2] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cairn-shots-'));
const store = openStore(join(dir, 'cairn.db'));
try {
  await migrate(store.db);
  const { planId } = await loadDemo(store, systemClock);
  const app = buildApp({
    store,
    clock: systemClock,
    brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const q = { period: '2017-18-Q1' };
  const shots: [string, string][] = [
    ['home', paths.home()],
    ['plan', paths.plan(planId, q)],
    ['matrix', paths.matrix(planId, q)],
    ['dashboard-social-and-community-services', paths.dashboard(planId, { ...q, directorate: 'SCS' })],
    ['outcome', paths.outcome(planId, 'O2', q)],
    ['indicator', paths.indicator(planId, '7', q)],
    ['second-framework', paths.secondFramework(planId, q)],
    ['search', paths.indicators(planId, { ...q, q: 'school' })],
    ['filters', paths.dashboard(planId, { ...q, rating: 'amber' })],
    ['filter-problem', paths.dashboard(planId, { ...q, rating: 'purple' })],
  ];
  const viewer = await insertUser(
    store.db,
    {
      email: 'councillor@demo.cairn.example',
      name: 'Cllr Demo',
      role: 'viewer',
      passwordHash: null,
      directorateId: null,
    },
    new Date().toISOString(),
  );
  const cookie = {
    name: 'cairn_session',
    value: await startSession(store, systemClock, viewer.id),
    url: base,
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const signInPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInPage.goto(base + paths.signIn());
  await signInPage.screenshot({ path: join(out, 'sign-in.png'), fullPage: true });
  // The sign-in page with single sign-on set up (the page needs no provider to draw the button).
  const withSso = buildApp({
    store,
    clock: systemClock,
    brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
    sso: {
      issuer: new URL('https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0'),
      clientId: 'cairn',
      clientSecret: 'not used',
      redirectUrl: new URL('https://cairn.example/sign-in/sso/callback'),
      name: 'Microsoft',
    },
  });
  const ssoBase = await withSso.listen({ host: '127.0.0.1', port: 0 });
  await signInPage.goto(ssoBase + paths.signIn());
  await signInPage.screenshot({ path: join(out, 'sign-in-sso.png'), fullPage: true });
  await withSso.close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  for (const [name, url] of shots) {
    await page.goto(base + url);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`wrote ${join(out, `${name}.png`)}  (${url})`);
  }
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await phone.addCookies([cookie]);
  const mobile = await phone.newPage();
  await mobile.goto(base + paths.dashboard(planId, { ...q, directorate: 'PH' }));
  await mobile.screenshot({ path: join(out, 'dashboard-mobile.png'), fullPage: true });
  // The collection round, as each of its people sees it.
  const { roundId } = await loadDemoCollection(store, planId, 'screenshots only', systemClock);
  const seven = await store.db
    .selectFrom('indicator')
    .select('id')
    .where('number', '=', '7')
    .executeTakeFirstOrThrow();
  const people = await store.db.selectFrom('user_account').select(['id', 'role']).execute();
  const as = async (role: string) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const who = people.find((p) => p.role === role)!;
    await ctx.addCookies([{ ...cookie, value: await startSession(store, systemClock, who.id) }]);
    return ctx.newPage();
  };
  const owner = await as('owner');
  for (const [name, url] of [
    ['collection-your-updates', paths.yourUpdates(roundId)],
    ['collection-update-form', paths.update(roundId, seven.id)],
  ] as const) {
    await owner.goto(base + url);
    await owner.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  }
  await owner.getByLabel('Actual').fill('89,200');
  await owner.getByRole('button', { name: 'Submit for approval' }).click();
  await owner.screenshot({ path: join(out, 'collection-unusual-figure.png'), fullPage: true });
  const perf = await as('performance');
  await perf.goto(base + paths.round(roundId));
  await perf.screenshot({ path: join(out, 'collection-round.png') });
  await page.emulateMedia({ media: 'print' });
  await page.goto(base + paths.dashboard(planId, { ...q, directorate: 'SCS' }));
  await page.screenshot({ path: join(out, 'dashboard-print.png'), fullPage: true });
  await browser.close();
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
