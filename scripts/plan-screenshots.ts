/**
 * Screenshots of the plan pages, on the demo, for docs/screenshots/plan-*.png.
 *
 *   npx tsx scripts/plan-screenshots.ts [OUT_DIR]     (default docs/screenshots)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Clock } from '../src/app/clock.js';
import { DEMO_COUNCIL, loadDemo, loadDemoPlans } from '../src/app/demo.js';
import { startSession } from '../src/app/access/sessions.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore } from '../src/storage/database.js';
import { buildApp } from '../src/web/build-app.js';
import { paths } from '../src/web/paths.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/render/chromium.js';

const out = process.argv[2] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cairn-plan-shots-'));
const store = openStore(join(dir, 'cairn.db'));
// A fixed "today", so the pictures do not change from day to day.
const clock: Clock = { now: () => new Date('2025-01-15T09:00:00Z') };
try {
  await migrate(store.db);
  await loadDemo(store, clock);
  const [peer, inspection, business] = await loadDemoPlans(store, clock);
  const review = await store.db
    .selectFrom('progress_review')
    .select('id')
    .where('improvement_plan_id', '=', peer!)
    .orderBy('review_date', 'desc')
    .executeTakeFirstOrThrow();
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
  const cookie = { name: 'cairn_session', value: await startSession(store, clock, user.id), url: base };
  const shots: [string, string][] = [
    ['plan-list', paths.improvementPlans()],
    ['plan-overview-peer-challenge', paths.improvementPlan(peer!)],
    ['plan-overview-inspection', paths.improvementPlan(inspection!)],
    ['plan-recommendation', paths.planRecommendation(peer!, '10')],
    ['plan-action', paths.planAction(peer!, '10.2')],
    ['plan-finding', paths.planFinding(inspection!, '45')],
    ['plan-report-peer-challenge', paths.planReport(peer!, { review: review.id })],
    ['plan-coverage-inspection', paths.planCoverage(inspection!)],
    ['plan-business-plan', paths.improvementPlan(business!)],
    ['plan-new-action', paths.newPlanAction(peer!)],
    ['plan-review-updates', paths.planReviewUpdates(peer!, review.id, { recommendation: '4' })],
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  for (const [name, url] of shots) {
    await page.goto(base + url);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`wrote ${join(out, `${name}.png`)}  (${url})`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.goto(base + paths.planReport(peer!, { review: review.id }));
  await page.screenshot({ path: join(out, 'plan-report-print.png'), fullPage: true });
  await browser.close();
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
