/**
 * A data owner in Chromium: from "Your updates", downloads their return, uploads it with a mistake (the error summary
 * lists it by row and column), then uploads it corrected (the confirmation). axe finds no
 * violations at WCAG 2.2 AA on any of the pages.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound, type RoundView } from '../../src/app/collection/rounds.js';
import { DEMO_COUNCIL, loadDemo } from '../../src/app/demo.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { indicatorIdOf, ReturnBook } from '../support/returns.js';
import { sessionFor } from '../support/web.js';

const TIMEOUT = 60_000;

describe('uploading a return in Chromium', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let round: RoundView;
  let cookie: { name: string; value: string; url: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-return-'));
    store = openStore(join(dir, 'cairn.db'));
    await migrate(store.db);
    const { planId } = await loadDemo(store, fixedClock);
    const owner = await sessionFor(store, fixedClock, 'owner');
    await assignIndicators(store, systemActor, owner.userId, [await indicatorIdOf(store, '1')], fixedClock);
    round = await openRound(
      store,
      systemActor,
      { planId, period: 'Q2 2017-18', dueDate: '20/10/2017' },
      fixedClock,
    );
    const deps = {
      store,
      clock: fixedClock,
      brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
    };
    app = buildApp(deps);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    cookie = { name: 'cairn_session', value: owner.cookies.cairn_session, url: base };
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    'downloads, shows every problem, then saves — with no axe violations',
    async () => {
      const context = await browser.newContext({ acceptDownloads: true });
      await context.addCookies([cookie]);
      const page = await context.newPage();
      // From "Your updates", the spreadsheet way in.
      await page.goto(base + paths.yourUpdates(round.id));
      await Promise.all([
        page.waitForURL((u) => u.pathname === paths.uploadReturn(round.id)),
        page.getByRole('link', { name: 'upload it' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Upload your return for Q2 2017-18',
      );
      expect(await axeViolations(page)).toEqual([]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download your return (Excel workbook)' }).click(),
      ]);
      const saved = join(dir, download.suggestedFilename());
      await download.saveAs(saved);
      const book = await ReturnBook.open(readFileSync(saved));
      book.set('1', { actual: '67 approx', outlook: 'Stable' });
      const bad = join(dir, 'bad.xlsx');
      writeFileSync(bad, await book.bytes());

      await page.setInputFiles('#file', bad);
      await page.getByLabel('Submit for approval').check();
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Upload return' }).click(),
      ]);
      const summary = page.locator('.govuk-error-summary');
      await expect.poll(() => summary.count()).toBe(1);
      expect(await summary.innerText()).toContain(
        `Row ${book.rowOf('1')}, Actual: '67 approx' is not a number`,
      );
      expect(await page.title()).toMatch(/^Error: /);
      expect(await axeViolations(page)).toEqual([]);

      book.set('1', { actual: '67%' });
      const good = join(dir, 'good.xlsx');
      writeFileSync(good, await book.bytes());
      await page.setInputFiles('#file', good);
      await page.getByLabel('Submit for approval').check();
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Upload return' }).click(),
      ]);
      await expect.poll(() => page.locator('.govuk-panel__title').count()).toBe(1);
      expect(await page.locator('main').innerText()).toContain('1 figure submitted for approval');
      expect(await axeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL((u) => u.pathname === paths.yourUpdates(round.id)),
        page.getByRole('link', { name: 'Go to your updates for Q2 2017-18' }).click(),
      ]);
      expect(await page.locator('main').innerText()).toContain('You have submitted 1 of 1 updates');
      await context.close();
    },
    TIMEOUT,
  );
});
