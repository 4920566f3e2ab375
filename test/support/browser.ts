/**
 * For browser tests: Cairn on a temporary SQLite database with the demo loaded, listening on a free
 * port, and checks that need a real browser (axe, focus styles).
 *
 * With CAIRN_E2E_COMPILED=1 the server is the compiled one (dist/, `npm run build`), as production
 * runs it: CI drives the journeys against that (.ci/run).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/render/chromium.js';
import { DEMO_COUNCIL, loadDemo } from '../../src/app/demo.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { fixedClock } from './fixtures.js';
import { sessionFor, TEST_PASSWORD } from './web.js';
import type { Role } from '../../src/app/access/roles.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/render/chromium.js';

export interface DemoServer {
  /** e.g. http://127.0.0.1:40123 */
  base: string;
  planId: number;
  /** A viewer who can sign in with the form. */
  email: string;
  password: string;
  /** A session cookie for the viewer, for tests that start signed in. */
  sessionCookie(role?: Role): Promise<{ name: string; value: string; url: string }>;
  /** The server's database, for journeys that set up people and rounds. */
  store: Store;
  close(): Promise<void>;
}

/** The server's modules: from src/ (through Vitest), or compiled in dist/ with CAIRN_E2E_COMPILED=1. */
async function serverModules(): Promise<{
  buildApp: typeof buildApp;
  loadDemo: typeof loadDemo;
  migrate: typeof migrate;
  openStore: typeof openStore;
}> {
  if (process.env.CAIRN_E2E_COMPILED !== '1') return { buildApp, loadDemo, migrate, openStore };
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  if (!existsSync(join(dist, '.built')))
    throw new Error('CAIRN_E2E_COMPILED=1 runs the compiled server: run `npm run build` first.');
  const load = (file: string) => import(pathToFileURL(join(dist, file)).href);
  const [web, demo, database] = await Promise.all([
    load('src/web/build-app.js') as Promise<{ buildApp: typeof buildApp }>,
    load('src/app/demo.js') as Promise<{ loadDemo: typeof loadDemo }>,
    load('src/storage/database.js') as Promise<{ migrate: typeof migrate; openStore: typeof openStore }>,
  ]);
  return {
    buildApp: web.buildApp,
    loadDemo: demo.loadDemo,
    migrate: database.migrate,
    openStore: database.openStore,
  };
}

/**
 * Starts Cairn on a fresh SQLite file holding the demo, as scripts/screenshots.ts does, with the web
 * server's group commit as `npm start` runs it.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const { buildApp, loadDemo, migrate, openStore } = await serverModules();
  const dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
  const store = openStore(join(dir, 'cairn.db'), { durability: 'group' });
  const cleanUp = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrate(store.db);
    const { planId } = await loadDemo(store, fixedClock);
    const app = buildApp({
      store,
      clock: fixedClock,
      brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await sessionFor(store, fixedClock, 'viewer'); // makes the viewer who signs in with the form
    return {
      base,
      planId,
      email: 'viewer@test.example',
      password: TEST_PASSWORD,
      sessionCookie: async (role: Role = 'viewer') => ({
        name: 'cairn_session',
        value: (await sessionFor(store, fixedClock, role)).cookies.cairn_session,
        url: base,
      }),
      store,
      close: async () => {
        try {
          await app.close();
        } finally {
          await cleanUp();
        }
      },
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}

/**
 * For a browser test's describe block: the demo server and Debian's Chromium, started before its tests
 * and both stopped after. `ready` receives them (to keep, and to set up people and rounds) before any
 * test runs.
 */
export function demoInChromium(
  timeout: number,
  ready: (server: DemoServer, browser: Browser) => Promise<void> | void,
): void {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startDemoServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await ready(server, browser);
  }, timeout);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, timeout);
}

/** The axe-core tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is and returns its violations as readable lines (rule, help, and each
 * failing node's target and summary); an empty list means none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} – ${v.helpUrl}\n` +
      v.nodes
        .map((n) => `    ${n.target.join(' >>> ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
        .join('\n'),
  );
}

/** GOV.UK's focus colour, $govuk-focus-colour (#ffdd00), as computed styles report it. */
export const FOCUS_YELLOW = 'rgb(255, 221, 0)';

export interface FocusedElement {
  tag: string;
  id: string;
  text: string;
  /** Whether the element is inside <main>. */
  inMain: boolean;
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
  backgroundColor: string;
  color: string;
  box: { x: number; y: number; width: number; height: number };
  viewport: { width: number; height: number };
}

/** document.activeElement and the styles that would show it has focus. */
export async function focused(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const el = (document.activeElement ?? document.body) as HTMLElement;
    // A GOV.UK checkbox or radio is an invisible 44px input; its focus ring is drawn by its label's
    // ::before box, so that is where the focus style has to be read.
    const label = el.matches('.govuk-checkboxes__input, .govuk-radios__input')
      ? el.ownerDocument.querySelector(`label[for="${el.id}"]`)
      : null;
    const s = label ? getComputedStyle(label, '::before') : getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim(),
      inMain: el.closest('main') !== null,
      outlineStyle: s.outlineStyle,
      outlineWidth: s.outlineWidth,
      outlineColor: s.outlineColor,
      boxShadow: s.boxShadow,
      backgroundColor: s.backgroundColor,
      color: s.color,
      box: { x: r.x, y: r.y, width: r.width, height: r.height },
      viewport: { width: window.innerWidth, height: window.innerHeight },
    };
  });
}

/**
 * Whether the focused element shows GOV.UK's focus style: the focus yellow as its background, or as
 * a visible outline, or in its box-shadow. (A transparent outline, kept for forced-colours mode, does
 * not count on its own.)
 */
export function showsFocus(f: FocusedElement): boolean {
  const outline =
    f.outlineStyle !== 'none' && parseFloat(f.outlineWidth) > 0 && f.outlineColor === FOCUS_YELLOW;
  return outline || f.backgroundColor === FOCUS_YELLOW || f.boxShadow.includes(FOCUS_YELLOW);
}

/** Whether the focused element's box has some size and lies within the viewport. */
export function inViewport(f: FocusedElement): boolean {
  const { box, viewport } = f;
  return (
    box.width > 0 &&
    box.height > 0 &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width &&
    box.y + box.height <= viewport.height
  );
}

/**
 * The steps of one browser journey: sequential `it`s sharing the journey's state, each named for what
 * it checks. Once a step fails the later ones are skipped — they could only fail because the journey
 * stopped — so the report names the step that broke.
 */
export function journeySteps(timeout: number): (name: string, fn: () => Promise<void>) => void {
  let broken: string | null = null;
  return (name, fn) =>
    it(
      name,
      async (ctx) => {
        if (broken) ctx.skip(`the earlier step “${broken}” failed`);
        try {
          await fn();
        } catch (e) {
          broken = name;
          throw e;
        }
      },
      timeout,
    );
}

/**
 * axe's violations on a page as the browser has it. axe runs inside the page, so without JavaScript
 * (where its analyze() never settles) the page as the script-less browser built it is served again to
 * a page in a fresh context, with JavaScript, where axe can run.
 */
export async function axeViolationsAsServed(browser: Browser, page: Page, js: boolean): Promise<string[]> {
  if (js) return axeViolations(page);
  const url = page.url();
  const html = await page.content();
  const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const q = await c.newPage();
    await q.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await q.goto(url);
    return await axeViolations(q);
  } finally {
    await c.close();
  }
}
