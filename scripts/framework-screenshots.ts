/**
 * Screenshots of the framework's year (issue 12), on the demo, for the user guide's "Setting up the
 * year": docs/screenshots/framework-*.png.
 *
 *   npx tsx scripts/framework-screenshots.ts [OUT_DIR]     (default docs/screenshots)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Clock } from '../src/app/clock.js';
import { DEMO_COUNCIL, loadDemo } from '../src/app/demo.js';
import { startSession } from '../src/app/access/sessions.js';
import { userActor } from '../src/app/audit.js';
import { startNextYear } from '../src/app/framework-year.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore } from '../src/storage/database.js';
import { buildApp } from '../src/web/build-app.js';
import { paths } from '../src/web/paths.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/render/chromium.js';

const out = process.argv[2] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cairn-framework-shots-'));
const store = openStore(join(dir, 'cairn.db'));
// A fixed "today", so the pictures do not change from day to day.
const clock: Clock = { now: () => new Date('2018-02-15T09:00:00Z') };
try {
  await migrate(store.db);
  const { planId: live } = await loadDemo(store, clock);
  const app = buildApp({
    store,
    clock,
    brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const user = await insertUser(
    store.db,
    {
      email: 'officer@demo.cairn.example',
      name: 'Performance Officer',
      role: 'performance',
      passwordHash: null,
      directorateId: null,
    },
    clock.now().toISOString(),
  );
  const version = (
    await store.db.selectFrom('plan').select('version').where('id', '=', live).executeTakeFirstOrThrow()
  ).version;
  const { planId: draft } = await startNextYear(
    store,
    userActor(user),
    live,
    { title: 'Corporate Plan 2018-19', version },
    clock,
  );
  const seven = await store.db
    .selectFrom('indicator')
    .select('id')
    .where('plan_id', '=', draft)
    .where('number', '=', '7')
    .executeTakeFirstOrThrow();
  const cookie = { name: 'cairn_session', value: await startSession(store, clock, user.id), url: base };
  const shots: [string, string][] = [
    ['framework-list', paths.frameworks()],
    ['framework-start-next-year', paths.startNextYear(live)],
    ['framework-draft', paths.planFramework(draft)],
    ['framework-indicator-change', paths.frameworkIndicatorChange(draft, seven.id)],
    ['framework-indicator-edit', paths.editFrameworkIndicator(draft, seven.id)],
    ['framework-indicator-targets', paths.frameworkIndicatorTargets(draft, seven.id)],
    ['framework-targets-grid', paths.frameworkTargets(draft, { directorate: 'SCS' })],
    ['framework-upload', paths.frameworkUpload(draft)],
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  for (const [name, url] of shots) {
    const res = await page.goto(base + url);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: name !== 'framework-draft' });
    console.log(`wrote ${join(out, `${name}.png`)}  (${url}, ${res?.status()})`);
  }
  await browser.close();
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
