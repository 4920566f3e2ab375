/**
 * The reminder emails in Chromium, as the performance team follows them: a round's reminders from its
 * progress page, filtered to those that failed, one reminder's text, "Send again", and the reminders
 * about improvement plan actions from the collection page. axe checks every page.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../src/app/access/accounts.js';
import { systemActor } from '../../src/app/audit.js';
import { queueReminders, sendQueued } from '../../src/app/collection/reminders.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import type { Mailer } from '../../src/app/mailer.js';
import { MAX_ATTEMPTS } from '../../src/domain/reminder-outbox.js';
import { reminderLinks } from '../../src/main/worker.js';
import { actionReminderOutbox } from '../../src/storage/action-reminder-repository.js';
import { paths } from '../../src/web/paths.js';
import { axeViolations, demoInChromium, type DemoServer } from '../support/browser.js';
import { fixedClock } from '../support/fixtures.js';
import { TEST_PASSWORD } from '../support/web.js';

const TIMEOUT = 120_000;

describe('the reminder emails in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let roundId = 0;
  const checked: string[] = [];

  demoInChromium(TIMEOUT, async (started, launched) => {
    server = started;
    browser = launched;
    const s = server.store;
    const person = (email: string, name: string, role: 'owner' | 'performance', directorate: string | null) =>
      createAccount(s, systemActor, { email, name, role, directorate, password: TEST_PASSWORD }, fixedClock);
    const olive = await person('olive@scs.example', 'Olive Owens', 'owner', 'SCS');
    await person('pat@perf.example', 'Pat Quinn', 'performance', null);
    const ids = await s.db.selectFrom('indicator').select('id').where('number', 'in', ['7', '8']).execute();
    await assignIndicators(
      s,
      systemActor,
      olive.id,
      ids.map((i) => i.id),
      fixedClock,
    );
    roundId = (
      await openRound(
        s,
        systemActor,
        { planId: server.planId, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        fixedClock,
      )
    ).id;
    // The worker's passes, with a mail server that refuses Olive's address every time.
    await queueReminders(s, '2017-10-17', fixedClock, reminderLinks(server.base));
    const mailer: Mailer = {
      async send(email) {
        if (email.to === 'olive@scs.example')
          throw new Error(
            "Can't send mail - all recipients were rejected: 550 5.1.1 <olive@scs.example>: Recipient address rejected",
          );
      },
      close() {},
    };
    for (let pass = 0; pass < MAX_ATTEMPTS; pass++) await sendQueued(s, mailer, fixedClock);
    const plan = await s.db
      .selectFrom('improvement_plan')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await actionReminderOutbox.add(
      s.db,
      [
        {
          key: 'e2e:action-due',
          kind: 'action-due',
          planId: plan.id,
          userId: olive.id,
          recipient: 'olive@scs.example',
          subject: 'Update your actions before the spring review',
          body: 'Dear Olive Owens,\n\nThese actions need an update:\n  - 1.1 Agree the plan',
        },
      ],
      fixedClock.now().toISOString(),
    );
  });

  async function check(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([]);
    checked.push(new URL(page.url()).pathname);
  }

  it(
    'the performance team finds the reminder that failed, reads it, and sends it again',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const pat = await context.newPage();
      await pat.goto(server.base + paths.signIn());
      await pat.getByLabel('Email address').fill('pat@perf.example');
      await pat.getByLabel('Password').fill(TEST_PASSWORD);
      await pat.getByRole('button', { name: 'Sign in' }).click();
      await pat.waitForURL((u) => u.pathname === '/');
      await pat.getByRole('link', { name: 'Collection' }).click();
      await pat.waitForURL((u) => u.pathname === paths.collection());
      await check(pat);

      // The round's reminders, from its progress page.
      await pat.getByRole('link', { name: 'Progress of the round' }).click();
      await pat.getByRole('link', { name: 'Email reminders' }).click();
      await pat.waitForURL((u) => u.pathname === paths.roundReminders(roundId));
      await check(pat);
      await expect.poll(() => pat.locator('#reminders tbody tr').count()).toBe(2);

      // Only the failed ones: a GET form, so the filtered list has its own address.
      await pat.getByLabel('State').selectOption('failed');
      await pat.getByRole('button', { name: 'Apply filters' }).click();
      await pat.waitForURL((u) => u.searchParams.get('state') === 'failed');
      await check(pat);
      const rows = pat.locator('#reminders tbody tr');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('Olive Owens');
      expect(await rows.first().textContent()).toContain('Given up after 5 attempts');

      // Olive's reminder: what went wrong, and the text she would have received.
      await rows.first().getByRole('link').click();
      await check(pat);
      const main = pat.locator('main');
      expect(await main.textContent()).toContain('The email server refused the address it was sent to.');
      expect(await pat.locator('pre.cairn-email-text').textContent()).toMatch(/^Dear Olive Owens,\n/);

      await pat.getByRole('button', { name: 'Send again' }).click();
      await pat.waitForURL((u) => u.searchParams.get('sent-again') === 'yes');
      await expect
        .poll(() => pat.locator('.govuk-notification-banner').textContent())
        .toContain('will be sent again');
      expect(await main.textContent()).toContain('Sent again by Pat Quinn');
      await check(pat);

      // The reminders about improvement plan actions, from the collection page.
      await pat.goto(server.base + paths.collection());
      await pat.getByRole('link', { name: 'Email reminders about improvement plan actions' }).click();
      await pat.waitForURL((u) => u.pathname === paths.actionReminders());
      await check(pat);
      await pat.getByRole('link', { name: 'Update your actions before the spring review' }).click();
      await check(pat);
      expect(await pat.locator('pre.cairn-email-text').textContent()).toContain('  - 1.1 Agree the plan');
      expect(checked.length).toBe(7);
    },
    TIMEOUT,
  );
});
