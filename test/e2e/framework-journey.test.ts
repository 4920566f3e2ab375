/**
 * Issue 12's journey in Chromium, with axe on every page visited: from the demo, a performance officer
 * starts the 2018-19 plan, retires an outcome with a reason, rewords an indicator, introduces one with
 * a target in parts and a trajectory, sets its quarters' targets, uploads a spreadsheet with two
 * mistakes (both located), uploads it fixed and confirms, and submits; an approver records Cabinet's
 * approval; and the Q1 2018-19 report's framework-changes section lists exactly those changes with
 * their reasons. The first steps again with JavaScript off, on a second demo server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, journeySteps, type DemoServer } from '../support/browser.js';
import { FrameworkBook } from '../support/framework-book.js';

const TIMEOUT = 300_000;
const SHOTS = process.env.CAIRN_SHOTS;

for (const js of [true, false])
  describe(`issue 12’s framework journey, ${js ? 'with' : 'without'} JavaScript`, () => {
    let server: DemoServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let draft = 0;
    let dir: string;
    const step = journeySteps(TIMEOUT);

    demoInChromium(TIMEOUT, (started, launched) => {
      server = started;
      browser = launched;
    });
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-journey-'));
      page = await signedIn('performance');
      context = page.context();
    }, TIMEOUT);
    afterAll(async () => {
      await context?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function signedIn(role: 'performance' | 'approver'): Promise<Page> {
      const c = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        javaScriptEnabled: js,
        acceptDownloads: true,
      });
      await c.addCookies([await server.sessionCookie(role)]);
      return c.newPage();
    }

    /**
     * axe runs inside the page, so without JavaScript (where its analyze() never settles) the page as
     * the script-less browser built it is served again to a page where axe can run.
     */
    async function axe(p: Page, where: string) {
      if (SHOTS)
        await p.screenshot({ path: join(SHOTS, `${js ? 'js' : 'nojs'}-${where}.png`), fullPage: true });
      if (js) {
        const violations = await axeViolations(p);
        expect(violations, `axe on ${where} (${p.url()}):\n${violations.join('\n')}`).toEqual([]);
        return;
      }
      const url = p.url();
      const html = await p.content();
      const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const q = await c.newPage();
        await q.route(
          (u) => u.href === url,
          (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
        );
        await q.goto(url);
        const violations = await axeViolations(q);
        expect(
          violations,
          `axe on ${where}, as rendered without JavaScript:\n${violations.join('\n')}`,
        ).toEqual([]);
      } finally {
        await c.close();
      }
    }
    const h1 = async (p: Page) => (await p.getByRole('heading', { level: 1 }).innerText()).trim();
    async function press(p: Page, name: string | RegExp) {
      await Promise.all([p.waitForURL(() => true), p.getByRole('button', { name }).click()]);
      await p.waitForLoadState('load');
    }
    const idOf = async (table: 'outcome' | 'indicator', key: string) =>
      (
        await server.store.db
          .selectFrom(table as 'indicator')
          .select('id')
          .where('plan_id', '=', draft)
          .where(table === 'indicator' ? 'number' : ('code' as 'number'), '=', key)
          .executeTakeFirstOrThrow()
      ).id;
    const doneOf = (p: Page) => {
      const url = new URL(p.url());
      expect(url.pathname).toBe(paths.planFramework(draft));
      return url.searchParams.get('done');
    };

    step('1. the officer opens Frameworks, the 2017-18 framework, and starts the 2018-19 plan', async () => {
      await page.goto(server.base + paths.home());
      await Promise.all([
        page.waitForURL(() => true),
        page.getByRole('link', { name: 'Frameworks' }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(paths.frameworks());
      await axe(page, 'frameworks');
      await Promise.all([
        page.waitForURL(() => true),
        page.getByRole('link', { name: 'Corporate Plan 2017-18' }).click(),
      ]);
      await axe(page, 'framework-2017-18');
      await press(page, 'Start the 2018-19 plan');
      expect(new URL(page.url()).pathname).toBe(paths.startNextYear(server.planId));
      expect(await page.getByLabel('Title of the 2018-19 plan').inputValue()).toBe('Corporate Plan 2018-19');
      await axe(page, 'start-next-year');
      await press(page, 'Start the 2018-19 plan');
      const m = /^\/plans\/(\d+)\/framework$/.exec(new URL(page.url()).pathname);
      expect(m).not.toBeNull();
      draft = Number(m![1]);
      expect(draft).not.toBe(server.planId);
      expect(await page.locator('main').innerText()).toContain('Draft');
      await axe(page, 'draft-2018-19');
    });

    step('2. retires outcome O13 with its reason', async () => {
      await page.goto(server.base + paths.retireFrameworkOutcome(draft, await idOf('outcome', 'O13')));
      expect(await h1(page)).toBe('Retire outcome O13');
      await axe(page, 'retire-outcome');
      await page.getByLabel('Why it is being retired').fill('Merged into outcome O12 by Cabinet.');
      await press(page, 'Retire outcome O13');
      expect(doneOf(page)).toBe('Outcome O13 removed.');
      await axe(page, 'draft-after-retiring');
    });

    step('3. changes indicator 7’s wording, saying what changed and why', async () => {
      await page.goto(server.base + paths.editFrameworkIndicator(draft, await idOf('indicator', '7')));
      expect(await h1(page)).toBe('Change indicator 7');
      await axe(page, 'change-indicator');
      await page.getByLabel('Success indicator').fill('Hours of home care delivered each month');
      await page
        .getByLabel('What changed and why')
        .fill('Reworded to count hours delivered, as the service reports them.');
      await press(page, 'Save changes');
      expect(doneOf(page)).toBe('Indicator 7 saved.');
      await axe(page, 'draft-after-rewording');
    });

    if (js) {
      step('4. introduces indicator 90 with a target in parts, and its reason', async () => {
        await page.goto(
          server.base + paths.newFrameworkIndicator(draft, { outcome: await idOf('outcome', 'O4') }),
        );
        expect(await h1(page)).toBe('Add an indicator');
        await axe(page, 'add-indicator');
        await page.getByLabel('Number', { exact: true }).fill('90');
        await page
          .getByLabel('Success indicator', { exact: true })
          .fill('Oxfordshire is chosen by new investors');
        await page.getByLabel(/^Target for 2018-19/).fill('60/20');
        await page.getByLabel('Part labels (optional)').fill('new investors\nof which high value');
        await page.getByLabel('Yes', { exact: true }).check();
        await page.getByLabel('Why it was introduced').fill('The new inward investment strategy.');
        await press(page, 'Add the indicator');
        expect(doneOf(page)).toBe('Indicator 90 added.');
      });

      step('5. sets its Q1–Q4 targets, baseline and trajectory, printed back as typed', async () => {
        const id = await idOf('indicator', '90');
        await page.goto(server.base + paths.frameworkIndicatorTargets(draft, id));
        expect(await h1(page)).toBe('Targets for indicator 90');
        await axe(page, 'indicator-targets');
        await page.getByLabel('Q1 2018-19').fill('15/5');
        await page.getByLabel('Q2 2018-19').fill('30/10');
        await page.getByLabel('Q3 2018-19').fill('45/15');
        await page.getByLabel('Q4 2018-19').fill('60/20');
        await page.getByLabel('Target for 2019-20').fill('80/25');
        await page.getByLabel('Baseline (optional)').fill('667 at March 2017');
        await page.getByLabel('Trajectory as the plan words it (optional)').fill('80/25 by March 2020');
        await press(page, 'Save targets');
        expect(doneOf(page)).toBe('Targets for indicator 90 saved.');
        await page.goto(server.base + paths.frameworkIndicatorTargets(draft, id));
        const table = await page.getByRole('table', { name: 'Its targets now' }).innerText();
        expect(table).toMatch(/Q1 2018-19\s+15\/5/);
        expect(table).toMatch(/Q2 2018-19\s+30\/10/);
        expect(table).toMatch(/Q3 2018-19\s+45\/15/);
        expect(table).toMatch(/Q4 2018-19\s+60\/20/);
        expect(table).toMatch(/2019-20\s+80\/25/);
        expect(await page.getByLabel('Baseline (optional)').inputValue()).toBe('667 at March 2017');
        expect(await page.getByLabel('Trajectory as the plan words it (optional)').inputValue()).toBe(
          '80/25 by March 2020',
        );
        await axe(page, 'indicator-targets-saved');
      });

      step(
        '6. uploads a spreadsheet with two mistakes, sees both located, uploads it fixed and confirms',
        async () => {
          await page.goto(server.base + paths.frameworkUpload(draft));
          expect(await h1(page)).toBe('Upload the framework spreadsheet');
          await axe(page, 'upload');
          const bad = await FrameworkBook.of(server.store, draft);
          bad.set('8', { target: 'about 9000' }).set('4', { polarity: 'Sideways' });
          const badFile = join(dir, 'framework-bad.xlsx');
          writeFileSync(badFile, await bad.bytes());
          await page.setInputFiles('input[type=file]', badFile);
          await press(page, 'Check the file');
          const listed = await page.locator('.govuk-error-summary li').allInnerTexts();
          expect(listed).toHaveLength(2);
          expect(listed[0]).toMatch(
            new RegExp(`^Sheet 'Framework', row ${bad.rowOf('4')}, Polarity: "Sideways" is not one of`),
          );
          expect(listed[1]).toMatch(new RegExp(`^Sheet 'Framework', row ${bad.rowOf('8')}, Target:`));
          expect(await page.locator('.govuk-error-message').innerText()).toContain(
            'Nothing has been changed',
          );
          await axe(page, 'upload-problems');

          // Fixed: the draft as it is, with one change typed in Excel (indicator 7's target for the year).
          const good = await FrameworkBook.of(server.store, draft);
          good.set('7', { target: '9500' });
          const fixedFile = join(dir, 'framework.xlsx');
          writeFileSync(fixedFile, await good.bytes());
          await page.setInputFiles('input[type=file]', fixedFile);
          await press(page, 'Check the file');
          expect(new URL(page.url()).pathname.startsWith(`${paths.planFramework(draft)}/uploads/`)).toBe(
            true,
          );
          expect(await h1(page)).toBe('Check what the upload will change');
          expect(await page.locator('caption').first().innerText()).toBe(
            'What will change: 0 added, 1 changed, 0 retired',
          );
          await axe(page, 'upload-preview');
          await press(page, 'Confirm and save the changes');
          expect(doneOf(page)).toBe('uploaded');
        },
      );

      step('7. submits the draft for approval', async () => {
        await press(page, 'Submit for approval');
        expect(new URL(page.url()).pathname).toBe(paths.planFramework(draft));
        expect(await page.locator('main').innerText()).toContain('Submitted for approval');
        await axe(page, 'submitted');
      });

      step('8. an approver records Cabinet’s approval with its date and minute', async () => {
        const ann = await signedIn('approver');
        try {
          await ann.goto(server.base + paths.frameworks());
          await Promise.all([
            ann.waitForURL(() => true),
            ann.getByRole('link', { name: 'Corporate Plan 2018-19' }).click(),
          ]);
          await axe(ann, 'approver-framework');
          await press(ann, 'Record the approval or return to draft');
          expect(new URL(ann.url()).pathname).toBe(paths.approveFramework(draft));
          await axe(ann, 'approve');
          // The demo's clock stands at 17 October 2017: Cabinet approved next year's plan the week before.
          await ann.getByLabel('Day').fill('10');
          await ann.getByLabel('Month').fill('10');
          await ann.getByLabel('Year').fill('2017');
          await ann.getByLabel('Minute reference (optional)').fill('Minute 41/18');
          await Promise.all([
            ann.waitForURL((u) => u.pathname === paths.planFramework(draft)),
            ann.getByRole('button', { name: 'Record the approval', exact: true }).click(),
          ]);
          expect(await ann.locator('main').innerText()).toContain(
            'Approved by Cabinet on 10 October 2017 (Minute 41/18)',
          );
          await axe(ann, 'approved');
        } finally {
          await ann.context().close();
        }
      });

      step('9. the officer opens Reports and the Create a report page', async () => {
        await page.goto(server.base + paths.reports());
        await axe(page, 'reports');
        await page.goto(server.base + paths.newReport());
        expect(await h1(page)).toBe('Create a report');
        await axe(page, 'new-report');
      });
      step(
        '10. creates the Q1 2018-19 report, whose framework-changes section lists exactly those changes',
        async () => {
          await page.goto(server.base + paths.newReport());
          await page.locator('#period').selectOption({ label: 'Q1 2018-19' });
          await Promise.all([
            page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname)),
            page.getByRole('button', { name: 'Create the report', exact: true }).click(),
          ]);
          await axe(page, 'report-q1-2018-19');
          const changes = page.getByRole('table', {
            name: 'Outcomes and success indicators introduced, updated or deleted for 2018-19, with reasons',
          });
          const rows = await changes.locator('tbody tr').allInnerTexts();
          const reasons = [
            'Merged into outcome O12 by Cabinet.',
            'Reworded to count hours delivered, as the service reports them.',
            'The new inward investment strategy.',
          ];
          // Each change made in the journey is there with its reason, and nothing else is.
          for (const reason of reasons) expect(rows.some((r) => r.includes(reason))).toBe(true);
          for (const row of rows) expect(reasons.some((reason) => row.includes(reason))).toBe(true);
          expect(rows.find((r) => r.includes(reasons[1]!))).toContain('7');
          expect(rows.find((r) => r.includes(reasons[2]!))).toContain('90');
          expect(await page.locator('main').innerText()).toContain('Carried over from 2017-18');
        },
      );
    }
  });
