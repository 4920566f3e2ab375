/**
 * Issue 21 in Chromium, with axe on every page: during an open round a councillor lands on the last
 * locked quarter and sees no draft figure; the data owner sees her own draft, marked; the approver's
 * badge carries its word; the performance team locks only after a confirmation page that says what is
 * outstanding, sees it carried as not reported, and reopens with a reason; publishing a report asks
 * first and lists the empty sections.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import { systemActor } from '../../src/app/audit.js';
import { saveFigure } from '../../src/app/collection/figures.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { TEST_PASSWORD } from '../support/web.js';

const TIMEOUT = 120_000;
const Q2 = { period: '2017-18-Q2' };

describe('governance in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let roundId = 0;
  let seven = 0;

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const s = server.store;
    const olive = await createAccount(
      s,
      systemActor,
      {
        email: 'olive@scs.example',
        name: 'Olive Owens',
        role: 'owner',
        directorate: 'SCS',
        password: TEST_PASSWORD,
      },
      fixedClock,
    );
    await createAccount(
      s,
      systemActor,
      {
        email: 'aditi@scs.example',
        name: 'Aditi Rao',
        role: 'approver',
        directorate: 'SCS',
        password: TEST_PASSWORD,
      },
      fixedClock,
    );
    seven = (
      await s.db.selectFrom('indicator').select('id').where('number', '=', '7').executeTakeFirstOrThrow()
    ).id;
    await assignIndicators(s, systemActor, olive.id, [seven], fixedClock);
    roundId = (
      await openRound(
        s,
        systemActor,
        { planId: server.planId, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        fixedClock,
      )
    ).id;
    const saved = await saveFigure(
      s,
      { id: olive.id, name: 'Olive Owens', role: 'owner', directorateId: olive.directorate_id ?? null },
      roundId,
      seven,
      { actual: '9,100', outlook: 'improving', commentary: 'Agency cover from November.', version: 0 },
      'submit',
      fixedClock,
    );
    expect(saved.ok).toBe(true);
  });

  afterAll(async () => {
    await closePdfBrowser();
  }, TIMEOUT);

  async function expectNoAxeViolations(page: Page, where: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe on ${where} (${page.url()}):\n${violations.join('\n')}`).toEqual([]);
  }

  async function as(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.base + paths.signIn());
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== paths.signIn());
    return page;
  }

  it(
    'keeps drafts from a councillor, marks them for their owner, shows the badge word, and locks and reopens with care',
    async () => {
      // A councillor during the open round: the last complete quarter, and no draft anywhere.
      const councillor = await as(server.email);
      await councillor.goto(server.base + paths.home());
      expect(await councillor.getByRole('heading', { level: 1 }).innerText()).toContain('Q1 2017-18');
      await expectNoAxeViolations(councillor, 'the home page for a councillor');
      await councillor.goto(server.base + paths.dashboard(server.planId, { ...Q2, directorate: 'SCS' }));
      const dashboard = await councillor.locator('main').innerText();
      expect(dashboard).not.toContain('9,100');
      expect(dashboard).not.toContain('Draft');
      await expectNoAxeViolations(councillor, "a councillor's Q2 dashboard");
      await councillor.goto(server.base + paths.indicator(server.planId, '7', Q2));
      expect(await councillor.locator('main').innerText()).not.toContain('Agency cover from November.');
      await expectNoAxeViolations(councillor, "a councillor's indicator page");

      // The data owner sees her draft, marked as one.
      const olive = await as('olive@scs.example');
      await olive.goto(server.base + paths.dashboard(server.planId, { ...Q2, directorate: 'SCS' }));
      expect(await olive.locator('main').innerText()).toMatch(/Draft\s*9,100 \(Submitted\)/);
      await expectNoAxeViolations(olive, "the data owner's Q2 dashboard with her draft");
      await olive.goto(server.base + paths.indicator(server.planId, '7', Q2));
      expect(await olive.locator('#draft').innerText()).toContain('Not yet approved: Submitted');
      await expectNoAxeViolations(olive, "the data owner's indicator page with her draft");

      // The approver's badge says Green in words.
      const aditi = await as('aditi@scs.example');
      await aditi.goto(server.base + paths.approval(roundId, seven));
      expect((await aditi.locator('.govuk-inset-text .cairn-rag').innerText()).trim()).toMatch(/Green$/);
      await expectNoAxeViolations(aditi, 'the approval page');

      // The performance team: lock asks first and says what is outstanding.
      const patContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await patContext.addCookies([await server.sessionCookie('performance')]);
      const pat = await patContext.newPage();
      await pat.goto(server.base + paths.round(roundId));
      await pat.getByRole('button', { name: /then lock Q2 2017-18/ }).click();
      await pat.waitForURL((u) => u.pathname === paths.lockRound(roundId));
      const outstanding = await pat.locator('#outstanding-counts').innerText();
      expect(outstanding).toContain('Not started: 49');
      expect(outstanding).toContain('Submitted: 1');
      await expectNoAxeViolations(pat, 'the lock confirmation');
      await pat.getByRole('button', { name: 'Lock Q2 2017-18 with 50 not reported' }).click();
      await pat.waitForURL((u) => u.pathname === paths.round(roundId));
      expect(await pat.locator('.govuk-notification-banner').innerText()).toContain('Q2 2017-18 is locked');
      expect(await pat.locator('main').innerText()).toContain('Not reported: 50');
      await expectNoAxeViolations(pat, 'the locked round');

      // Now the councillor lands on Q2, where 7 is not reported.
      await councillor.goto(server.base + paths.indicator(server.planId, '7'));
      expect(await councillor.locator('main').innerText()).toContain(
        'The period was locked before this figure was approved.',
      );
      await expectNoAxeViolations(councillor, 'a not-reported indicator');

      // Reopening needs a reason.
      await pat.getByRole('button', { name: 'Reopen Q2 2017-18' }).click();
      await pat.waitForURL((u) => u.pathname === paths.reopenRound(roundId));
      await expectNoAxeViolations(pat, 'the reopen form');
      await pat.getByRole('button', { name: 'Reopen Q2 2017-18' }).click();
      await pat.getByText('There is a problem').waitFor();
      await expectNoAxeViolations(pat, 'the reopen form with an error');
      await pat
        .getByLabel('Why is the period being reopened?')
        .fill('Indicator 7 was locked before approval.');
      await pat.getByRole('button', { name: 'Reopen Q2 2017-18' }).click();
      await pat.waitForURL((u) => u.pathname === paths.round(roundId));
      expect(await pat.locator('main').innerText()).toContain('Submitted: 1');
      await expectNoAxeViolations(pat, 'the reopened round');

      // Publishing a report asks first and lists the sections with nothing written.
      await pat.goto(server.base + paths.newReport());
      await pat.getByLabel('Date of the meeting').fill('17 October 2017');
      await pat.getByRole('button', { name: 'Create the report' }).click();
      await pat.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname));
      await pat.getByRole('button', { name: 'Check, then publish as version 1' }).click();
      await pat.waitForURL((u) => /^\/reports\/\d+\/publish$/.test(u.pathname));
      expect(await pat.locator('#empty-sections').innerText()).toMatch(/Recommended action: /);
      await expectNoAxeViolations(pat, 'the publish confirmation');
      await pat
        .getByRole('link', { name: /^Recommended action: / })
        .first()
        .click();
      await pat.getByLabel('Recommended action').waitFor();
      expect(await pat.getByLabel('Recommended action').inputValue()).toBe('');
      expect(await pat.locator('#action-hint').innerText()).toContain(
        'No recommended action has been written yet.',
      );
      await expectNoAxeViolations(pat, 'the exception report form');
    },
    TIMEOUT,
  );

  it(
    'fits a 390 px phone: no sideways scrolling of the page on the dashboard, indicator, Your updates and update form',
    async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      await context.addCookies([await server.sessionCookie('performance')]);
      const page = await context.newPage();
      const wide: string[] = [];
      for (const url of [
        paths.dashboard(server.planId, { directorate: 'SCS' }),
        paths.indicator(server.planId, '7'),
        paths.yourUpdates(roundId),
        paths.update(roundId, seven),
      ]) {
        await page.goto(server.base + url);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${url}: ${width}px`);
      }
      expect(wide).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'lets a person change their own password on a page that passes axe, and says it is done',
    async () => {
      const page = await as(server.email);
      await page.goto(server.base + paths.changePassword());
      await expectNoAxeViolations(page, 'the change-password page');
      await page.getByLabel('Current password').fill(TEST_PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill('1qaz2wsx3edc');
      await page.getByLabel('Type the new password again').fill('1qaz2wsx3edc');
      await page.getByRole('button', { name: /Change/ }).click();
      // A common password is refused with a message, on a page that still passes axe.
      expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/common|guess/i);
      await expectNoAxeViolations(page, 'the change-password page with a refused password');
      await page.getByLabel('Current password').fill(TEST_PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill('Quarterly returns by the Cherwell 2017');
      await page.getByLabel('Type the new password again').fill('Quarterly returns by the Cherwell 2017');
      await page.getByRole('button', { name: /Change/ }).click();
      await page.waitForURL((u) => u.pathname === paths.account());
      expect(await page.locator('main').innerText()).toMatch(/password/i);
      await expectNoAxeViolations(page, 'the account page after a change of password');
    },
    TIMEOUT,
  );
});
