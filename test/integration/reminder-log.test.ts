/**
 * The reminder emails as the performance team sees them, on both databases: what the worker sent,
 * what waits and what it gave up on — listed a page at a time with filters, one reminder with its text,
 * and "Send again" (audited; refused for one already sent) — through the use cases and the pages, and
 * who may see them.
 */
import { expect, it } from 'vitest';
import { changeAccount, createAccount } from '../../src/app/access/accounts.js';
import type { Role } from '../../src/app/access/roles.js';
import { systemActor, userActor } from '../../src/app/audit.js';
import { sendOutbox } from '../../src/app/collection/outbox.js';
import {
  listReminders,
  reminderDetail,
  REMINDER_PAGE_SIZE,
  sendReminderAgain,
} from '../../src/app/collection/reminder-log.js';
import { queueReminders, sendQueued } from '../../src/app/collection/reminders.js';
import { assignIndicators, lockRound, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import type { Mailer, OutgoingEmail } from '../../src/app/mailer.js';
import { MAX_ATTEMPTS } from '../../src/domain/reminder-outbox.js';
import { reminderLinks } from '../../src/main/worker.js';
import { actionReminderOutbox } from '../../src/storage/action-reminder-repository.js';
import type { Store } from '../../src/storage/database.js';
import { reminderOutbox } from '../../src/storage/reminder-repository.js';
import type { OutboxTable } from '../../src/storage/outbox.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';

const clock = movableClock('2017-10-17T09:00:00Z');
const links = reminderLinks('https://cairn.council.example');
const brand = testBrand();
const REFUSED =
  "Can't send mail - all recipients were rejected: 550 5.1.1 <olive@council.example>: Recipient address rejected";

/** A mailer that keeps what it sends and refuses the addresses `refuse` names. */
function fakeMailer(refuse: (to: string) => boolean = () => false): Mailer & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email) {
      if (refuse(email.to)) throw new Error(REFUSED);
      sent.push(email);
    },
    close() {},
  };
}

async function person(store: Store, name: string, email: string, role: Role, directorate: string | null) {
  return createAccount(
    store,
    systemActor,
    { email, name, role, directorate, password: 'correct horse battery staple' },
    clock,
  );
}

/** A reminder the worker gave up on: as sendOutbox leaves it after MAX_ATTEMPTS failures. */
async function givenUp(store: Store, table: OutboxTable, id: number) {
  await store.db
    .updateTable(table)
    .set({ attempts: MAX_ATTEMPTS, last_error: 'connect ECONNREFUSED 127.0.0.1:25' })
    .where('id', '=', id)
    .execute();
}

const auditOf = (store: Store, entity: string, id: number) =>
  store.db
    .selectFrom('audit_event')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', String(id))
    .execute();

describeEachDatabase(
  'the reminder emails, for the performance team',
  (store) => {
    let roundId = 0;
    let otherRoundId = 0;
    const people: Record<string, number> = {};

    it('lists what the worker sent, what waits and what it gave up on, with filters and the reason in words', async () => {
      const s = store();
      clock.set('2017-10-17T09:00:00Z');
      const ids = await s.db
        .selectFrom('indicator')
        .select(['id', 'number'])
        .where('number', 'in', ['7', '9'])
        .execute();
      const id = (n: string) => ids.find((i) => i.number === n)!.id;
      people.olive = (await person(s, 'Olive Owens', 'olive@council.example', 'owner', 'SCS')).id;
      people.oscar = (await person(s, 'Oscar Ode', 'oscar@council.example', 'owner', 'CEF')).id;
      people.pat = (await person(s, 'Pat Quinn', 'pat@council.example', 'performance', null)).id;
      await assignIndicators(s, systemActor, people.olive, [id('7')], clock);
      await assignIndicators(s, systemActor, people.oscar, [id('9')], clock);
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      roundId = (
        await openRound(
          s,
          systemActor,
          { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017', remindDaysBefore: 5 },
          clock,
        )
      ).id;
      expect(await queueReminders(s, '2017-10-17', clock, links)).toHaveLength(3);
      // The mail server refuses Olive's address every time: after MAX_ATTEMPTS passes, given up.
      const mailer = fakeMailer((to) => to === 'olive@council.example');
      for (let pass = 1; pass <= MAX_ATTEMPTS + 1; pass++) await sendQueued(s, mailer, clock);
      expect(mailer.sent.map((m) => m.to).sort()).toEqual(['oscar@council.example', 'pat@council.example']);
      // One more, queued and not yet sent.
      await reminderOutbox.add(
        s.db,
        [
          {
            key: `test:waiting:${roundId}`,
            kind: 'overdue',
            roundId,
            userId: people.oscar,
            recipient: 'oscar@council.example',
            subject: 'Overdue: your Q2 2017-18 updates',
            body: 'Dear Oscar,',
          },
        ],
        clock.now().toISOString(),
      );

      const all = await listReminders(s, 'reminder', { about: roundId }, clock);
      expect(all.counts).toEqual({ sent: 2, waiting: 1, failed: 1, held: 0 });
      expect(all).toMatchObject({ matching: 4, page: 1, pages: 1 });
      expect(all.reminders.map((r) => [r.kindLabel, r.name, r.state])).toEqual([
        ['Overdue', 'Oscar Ode', 'waiting'],
        ['Daily summary', 'Pat Quinn', 'sent'],
        ['Due soon', 'Oscar Ode', 'sent'],
        ['Due soon', 'Olive Owens', 'failed'],
      ]);
      const olive = all.reminders[3]!;
      expect(olive).toMatchObject({
        email: 'olive@council.example',
        attempts: MAX_ATTEMPTS,
        sentAt: null,
        error: {
          summary: 'The email server refused the address it was sent to. Check the person’s email address.',
          detail: REFUSED,
        },
      });
      expect(olive.subject).toMatch(/^Reminder: your Q2 2017-18 updates are due by 20 October 2017/);
      expect(all.reminders[1]!.sentAt).toBe('2017-10-17T09:00:00.000Z');

      const only = async (q: Parameters<typeof listReminders>[2]) =>
        (await listReminders(s, 'reminder', { about: roundId, ...q }, clock)).reminders.map((r) => r.name);
      expect(await only({ state: 'failed' })).toEqual(['Olive Owens']);
      expect(await only({ state: 'waiting' })).toEqual(['Oscar Ode']);
      expect(await only({ state: 'sent' })).toEqual(['Pat Quinn', 'Oscar Ode']);
      expect(await only({ recipient: 'OLIVE' })).toEqual(['Olive Owens']);
      expect(await only({ recipient: 'quinn' })).toEqual(['Pat Quinn']);
      expect(await only({ recipient: 'oscar@council', state: 'sent' })).toEqual(['Oscar Ode']);
      // LIKE's own characters are taken as written.
      expect(await only({ recipient: '%' })).toEqual([]);
      expect(await only({ recipient: '_' })).toEqual([]);
      const filtered = await listReminders(s, 'reminder', { about: roundId, recipient: 'olive' }, clock);
      expect(filtered.counts).toEqual({ sent: 0, waiting: 0, failed: 1, held: 0 });

      const detail = await reminderDetail(s, { table: 'reminder', id: olive.id, about: roundId }, clock);
      expect(detail.body).toContain('Dear Olive Owens,');
      expect(detail.sendAgainRefusal).toBeNull();
      await expect(
        reminderDetail(s, { table: 'reminder', id: olive.id, about: roundId + 1000 }, clock),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('shows a page at a time, newest first, however many there are', async () => {
      const s = store();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      otherRoundId = (
        await openRound(
          s,
          systemActor,
          { planId: plan.id, period: 'Q3 2017-18', dueDate: '19/01/2018', remindDaysBefore: 5 },
          clock,
        )
      ).id;
      const many = Array.from({ length: 120 }, (_, n) => ({
        key: `test:bulk:${n}`,
        kind: 'digest',
        roundId: otherRoundId,
        userId: people.pat!,
        recipient: 'pat@council.example',
        subject: `Digest ${n}`,
        body: `Digest number ${n}.`,
      }));
      expect(await reminderOutbox.add(s.db, many, clock.now().toISOString())).toHaveLength(120);
      // Locked at once, so the worker never sends them: they are held.
      await lockRound(s, systemActor, otherRoundId, clock);
      const page = (n?: number) => listReminders(s, 'reminder', { about: otherRoundId, page: n }, clock);
      const first = await page();
      expect(first).toMatchObject({ matching: 120, page: 1, pages: 3 });
      expect(first.counts).toEqual({ sent: 0, waiting: 0, failed: 0, held: 120 });
      expect(first.reminders).toHaveLength(REMINDER_PAGE_SIZE);
      expect(first.reminders[0]!.subject).toBe('Digest 119');
      const third = await page(3);
      expect(third.reminders.map((r) => r.subject)).toEqual(
        Array.from({ length: 20 }, (_, n) => `Digest ${19 - n}`),
      );
      expect((await page(99)).page).toBe(3);
      // The first round's list is its own.
      expect((await listReminders(s, 'reminder', { about: roundId }, clock)).matching).toBe(4);
    });

    it('sends again one given up on — the same reminder, audited — and refuses one sent, waiting or of a locked round', async () => {
      const s = store();
      const pat = userActor({ id: people.pat!, name: 'Pat Quinn' });
      const failed = (await listReminders(s, 'reminder', { about: roundId, state: 'failed' }, clock))
        .reminders[0]!;
      const before = await s.db
        .selectFrom('reminder')
        .selectAll()
        .where('id', '=', failed.id)
        .executeTakeFirstOrThrow();
      const ref = { table: 'reminder' as const, id: failed.id, about: roundId };
      expect(await sendReminderAgain(s, pat, ref, clock)).toEqual({ ok: true });
      const after = await s.db
        .selectFrom('reminder')
        .selectAll()
        .where('id', '=', failed.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ ...before, attempts: 0, last_error: null });
      const audit = await auditOf(s, 'reminder', failed.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'reminder.send-again',
        actor: pat.id,
        actor_name: 'Pat Quinn',
      });
      expect(JSON.parse(audit[0]!.before!)).toEqual({ attempts: MAX_ATTEMPTS, lastError: REFUSED });
      expect((await reminderDetail(s, ref, clock)).history).toEqual([
        { at: clock.now().toISOString(), actorName: 'Pat Quinn', action: 'reminder.send-again' },
      ]);

      // The worker's next pass sends it, once; no second row was made.
      const mailer = fakeMailer();
      clock.set('2017-10-17T10:00:00Z');
      await sendQueued(s, mailer, clock);
      await sendQueued(s, mailer, clock);
      expect(mailer.sent.filter((m) => m.to === 'olive@council.example')).toHaveLength(1);
      expect(
        await s.db.selectFrom('reminder').select('id').where('key', '=', before.key).execute(),
      ).toHaveLength(1);
      expect((await reminderDetail(s, ref, clock)).state).toBe('sent');

      // Sent: refused, and nothing is audited.
      expect(await sendReminderAgain(s, pat, ref, clock)).toEqual({
        ok: false,
        message: 'This reminder has already been sent, so it is not sent again.',
      });
      expect(await auditOf(s, 'reminder', failed.id)).toHaveLength(1);
      // Not given up on yet: the worker will try it anyway.
      const waiting = await s.db
        .insertInto('reminder')
        .values({
          key: 'test:failed-once',
          kind: 'approval',
          round_id: roundId,
          user_id: people.oscar!,
          recipient: 'oscar@council.example',
          subject: 'Waiting',
          body: 'Waiting.',
          created_at: clock.now().toISOString(),
          attempts: 1,
          last_error: 'Message failed: 451 Mailbox busy, try again later',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await sendReminderAgain(s, pat, { table: 'reminder', id: waiting.id }, clock)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/has not been given up on/),
      });
      // In a locked round it is never sent, so it is 'held' and may not be sent again.
      const locked = (await listReminders(s, 'reminder', { about: otherRoundId }, clock)).reminders[0]!;
      await givenUp(s, 'reminder', locked.id);
      const held = await listReminders(s, 'reminder', { about: otherRoundId, state: 'held' }, clock);
      expect(held.matching).toBe(120);
      expect(await sendReminderAgain(s, pat, { table: 'reminder', id: locked.id }, clock)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/round was locked/),
      });
      expect(await auditOf(s, 'reminder', locked.id)).toHaveLength(0);
      // A reminder of another round, asked for under this one: not found.
      await expect(
        sendReminderAgain(s, pat, { table: 'reminder', id: locked.id, about: roundId }, clock),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('shows the pages to the performance team and administrators, with filters, the email’s text and Send again', async () => {
      const s = store();
      clock.set('2017-10-17T11:00:00Z');
      const app = buildApp({ store: s, clock, brand });
      const perf = await sessionFor(s, clock, 'performance');
      const admin = await sessionFor(s, clock, 'admin');
      const [row] = await reminderOutbox.add(
        s.db,
        [
          {
            key: 'test:escaped',
            kind: 'due-soon',
            roundId,
            userId: people.olive!,
            recipient: 'olive@council.example',
            subject: 'Reminder <b>for</b> Olive',
            body: 'Dear Olive Owens,\n\n<script>alert(1)</script> & more\n  - 7: Hours',
          },
        ],
        clock.now().toISOString(),
      );
      expect(row).toBe('test:escaped');
      const { id } = await s.db
        .selectFrom('reminder')
        .select('id')
        .where('key', '=', 'test:escaped')
        .executeTakeFirstOrThrow();
      await givenUp(s, 'reminder', id);

      // Reached from the round's progress page.
      const round = await app.inject({ url: paths.round(roundId), cookies: perf.cookies });
      expect(round.body).toContain(`href="${paths.roundReminders(roundId)}"`);

      const list = await app.inject({ url: paths.roundReminders(roundId), cookies: perf.cookies });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('<h1 class="govuk-heading-xl">Email reminders</h1>');
      expect(list.body).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Reminders');
      expect(list.body).toContain('<th scope="col" class="govuk-table__header">Kind</th>');
      expect(list.body).toContain('<strong class="govuk-tag govuk-tag--red">Failed</strong>');
      expect(list.body).toContain('<strong class="govuk-tag govuk-tag--green">Sent</strong>');
      expect(list.body).toContain('<strong class="govuk-tag govuk-tag--blue">Waiting</strong>');
      expect(list.body).toContain('Daily summary');
      expect(list.body).toContain('Reminder &lt;b&gt;for&lt;/b&gt; Olive');
      expect(list.body).toContain('17 October 2017 at 12:00'); // 11:00 UTC, in British Summer Time
      expect(list.body).toContain('Given up after 5 attempts. Cairn could not reach the email server');
      expect(list.body).toContain('<option value="failed">Failed (1)</option>');

      const failedOnly = await app.inject({
        url: paths.roundReminders(roundId, { state: 'failed' }),
        cookies: perf.cookies,
      });
      expect(failedOnly.body).toContain('<option value="failed" selected>Failed (1)</option>');
      expect(failedOnly.body).toContain('Reminder &lt;b&gt;for&lt;/b&gt; Olive');
      expect(failedOnly.body).not.toContain('Daily summary');
      expect(failedOnly.body).toContain('Showing 1 to 1 of 1 reminder.');
      const nobody = await app.inject({
        url: paths.roundReminders(roundId, { recipient: 'nobody at all' }),
        cookies: perf.cookies,
      });
      expect(nobody.body).toContain('No reminders match.');
      expect(nobody.body).toContain('value="nobody at all"');
      // Unknown filter values are left out, not an error.
      expect(
        (
          await app.inject({
            url: `${paths.roundReminders(roundId)}?state=lost&page=x`,
            cookies: perf.cookies,
          })
        ).statusCode,
      ).toBe(200);

      // One reminder: the email's text, escaped, its line breaks kept.
      const detailUrl = paths.roundReminder(roundId, id);
      const detail = await app.inject({ url: detailUrl, cookies: perf.cookies });
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain(
        '<pre class="cairn-email-text">Dear Olive Owens,\n\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; more\n  - 7: Hours</pre>',
      );
      expect(detail.body).not.toContain('<script>alert(1)');
      expect(detail.body).toContain('What went wrong');
      expect(detail.body).toContain('connect ECONNREFUSED 127.0.0.1:25');
      expect(detail.body).toContain('<button type="submit" class="govuk-button">Send again</button>');

      // Send again: the session's token is needed.
      const post = (cookies: { cairn_session: string }, payload: object) =>
        app.inject({ method: 'POST', url: paths.roundReminderSendAgain(roundId, id), cookies, payload });
      expect((await post(perf.cookies, {})).statusCode).toBe(403);
      const sent = await post(perf.cookies, { _csrf: csrfOf(detail.body) });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(paths.roundReminder(roundId, id, { 'sent-again': 'yes' }));
      const done = await app.inject({ url: sent.headers.location!, cookies: perf.cookies });
      expect(done.body).toContain('The reminder will be sent again on the reminder worker’s next pass.');
      expect(done.body).toContain('Sent again by Test performance, 17 October 2017 at 12:00');
      expect(done.body).not.toContain('>Send again</button>');
      const audit = await auditOf(s, 'reminder', id);
      expect(audit.map((a) => [a.action, a.actor_name])).toEqual([
        ['reminder.send-again', 'Test performance'],
      ]);
      // Again: it is waiting now, so refused with the reason.
      const again = await post(perf.cookies, { _csrf: csrfOf(done.body) });
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('has not been given up on');
      // Once sent, refused as sent.
      await reminderOutbox.markSent(s.db, id, clock.now().toISOString());
      const sentAlready = await post(perf.cookies, { _csrf: csrfOf(done.body) });
      expect(sentAlready.statusCode).toBe(409);
      expect(sentAlready.body).toContain('This reminder has already been sent, so it is not sent again.');
      expect(await auditOf(s, 'reminder', id)).toHaveLength(1);

      // Another round's reminder is not found under this round; nor is a made-up one.
      expect(
        (await app.inject({ url: paths.roundReminder(otherRoundId, id), cookies: perf.cookies })).statusCode,
      ).toBe(404);
      expect(
        (await app.inject({ url: paths.roundReminder(roundId, 999_999), cookies: perf.cookies })).statusCode,
      ).toBe(404);
      // A locked round's many reminders: held, a page at a time.
      const paged = await app.inject({
        url: paths.roundReminders(otherRoundId, { page: 2 }),
        cookies: perf.cookies,
      });
      expect(paged.body).toContain('Showing 51 to 100 of 120 reminders.');
      expect(paged.body).toContain(`href="${paths.roundReminders(otherRoundId, { page: 1 })}"`);
      expect(paged.body).toContain(`href="${paths.roundReminders(otherRoundId, { page: 3 })}"`);
      expect(paged.body).toContain('Page 3 of 3');
      expect(paged.body).toContain('<option value="held">Not sent (120)</option>');
      expect(paged.body).toContain('<strong class="govuk-tag govuk-tag--grey">Not sent</strong>');
      expect(paged.body).toContain('This round is locked');
      expect(paged.body.match(/<tr class="govuk-table__row">/g)).toHaveLength(REMINDER_PAGE_SIZE + 1);
      // Administrators see them too.
      expect(
        (await app.inject({ url: paths.roundReminders(roundId), cookies: admin.cookies })).statusCode,
      ).toBe(200);
    });

    it('lists the reminders about improvement plan actions, all or one plan’s, linked from the collection page', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const perf = await sessionFor(s, clock, 'performance');
      const plans = await s.db.selectFrom('improvement_plan').select(['id', 'title']).orderBy('id').execute();
      const plan = plans[0]!;
      await actionReminderOutbox.add(
        s.db,
        [
          {
            key: 'test:action-due',
            kind: 'action-due',
            planId: plan.id,
            userId: people.olive!,
            recipient: 'olive@council.example',
            subject: 'Update your actions before Spring review',
            body: 'Dear Olive Owens,\nYour actions.',
          },
          {
            key: 'test:action-approval',
            kind: 'action-approval',
            planId: null,
            userId: people.oscar!,
            recipient: 'oscar@council.example',
            subject: '1 action update waiting for your approval',
            body: 'Dear Oscar Ode,',
          },
        ],
        clock.now().toISOString(),
      );
      const index = await app.inject({ url: paths.collection(), cookies: perf.cookies });
      expect(index.body).toContain(`href="${paths.actionReminders()}"`);
      const all = await app.inject({ url: paths.actionReminders(), cookies: perf.cookies });
      expect(all.statusCode).toBe(200);
      expect(all.body).toContain('Action update due');
      expect(all.body).toContain('Action updates waiting');
      expect(all.body).toContain(`<option value="${plan.id}">`);
      const one = await app.inject({ url: paths.actionReminders({ plan: plan.id }), cookies: perf.cookies });
      expect(one.body).toContain('Action update due');
      expect(one.body).not.toContain('Action updates waiting');
      expect(one.body).toContain(`<option value="${plan.id}" selected>`);

      const rows = await listReminders(s, 'action_reminder', {}, clock);
      const approval = rows.reminders.find((r) => r.kind === 'action-approval')!;
      const due = rows.reminders.find((r) => r.kind === 'action-due')!;
      expect(approval.about).toBeNull();
      const approvalPage = await app.inject({
        url: paths.actionReminder(approval.id),
        cookies: perf.cookies,
      });
      expect(approvalPage.body).toContain('Every plan (an approver’s daily email)');
      await givenUp(s, 'action_reminder', due.id);
      const duePage = await app.inject({ url: paths.actionReminder(due.id), cookies: perf.cookies });
      expect(duePage.body).toContain(`href="${paths.improvementPlan(plan.id)}"`);
      expect(duePage.body).toContain('Dear Olive Owens,\nYour actions.');
      const sent = await app.inject({
        method: 'POST',
        url: paths.actionReminderSendAgain(due.id),
        cookies: perf.cookies,
        payload: { _csrf: csrfOf(duePage.body) },
      });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(paths.actionReminder(due.id, { 'sent-again': 'yes' }));
      expect((await auditOf(s, 'action_reminder', due.id)).map((a) => a.action)).toEqual([
        'reminder.send-again',
      ]);
      const mailer = fakeMailer();
      await sendOutbox(s, actionReminderOutbox, mailer, clock);
      expect(mailer.sent.filter((m) => m.to === 'olive@council.example')).toHaveLength(1);
    });

    it('holds a reminder to someone whose account was closed after it was queued: never sent, and says why', async () => {
      const s = store();
      clock.set('2018-04-10T09:00:00Z');
      const cara = await person(s, 'Cara Left', 'cara@council.example', 'owner', 'SCS');
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q4 2017-18', dueDate: '20/04/2018' },
        clock,
      );
      await reminderOutbox.add(
        s.db,
        [
          {
            key: `test:closed:${round.id}`,
            kind: 'due-soon',
            roundId: round.id,
            userId: cara.id,
            recipient: 'cara@council.example',
            subject: 'Due soon: your Q4 2017-18 updates',
            body: 'Dear Cara,',
          },
        ],
        clock.now().toISOString(),
      );
      await changeAccount(s, systemActor, cara.id, { active: false }, clock, 'Left the council');

      const mailer = fakeMailer();
      await sendQueued(s, mailer, clock);
      expect(mailer.sent.filter((m) => m.to === 'cara@council.example')).toEqual([]);
      const page = await listReminders(s, 'reminder', { about: round.id }, clock);
      expect(page.counts).toMatchObject({ held: 1, waiting: 0, sent: 0 });
      const [held] = page.reminders;
      expect(held).toMatchObject({ state: 'held', recipientActive: false });
      const detail = await reminderDetail(s, { table: 'reminder', id: held!.id, about: round.id }, clock);
      expect(detail.sendAgainRefusal).toMatch(/account was closed/);

      // Opened again, the person gets it on the next pass — once.
      await changeAccount(s, systemActor, cara.id, { active: true }, clock, 'Came back');
      await sendQueued(s, mailer, clock);
      await sendQueued(s, mailer, clock);
      expect(mailer.sent.filter((m) => m.to === 'cara@council.example')).toHaveLength(1);
    });

    it('refuses data owners, approvers and viewers, as the access policy says', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const id = (await listReminders(s, 'reminder', { about: roundId }, clock)).reminders[0]!.id;
      const actionId = (await listReminders(s, 'action_reminder', {}, clock)).reminders[0]!.id;
      for (const role of ['owner', 'approver', 'viewer'] as const) {
        const who = await sessionFor(s, clock, role);
        const csrf = csrfOf((await app.inject({ url: paths.account(), cookies: who.cookies })).body);
        for (const url of [
          paths.roundReminders(roundId),
          paths.roundReminder(roundId, id),
          paths.actionReminders(),
          paths.actionReminder(actionId),
        ]) {
          const res = await app.inject({ url, cookies: who.cookies });
          expect(res.statusCode, `${role} ${url}`).toBe(403);
        }
        for (const url of [
          paths.roundReminderSendAgain(roundId, id),
          paths.actionReminderSendAgain(actionId),
        ]) {
          const res = await app.inject({
            method: 'POST',
            url,
            cookies: who.cookies,
            payload: { _csrf: csrf },
          });
          expect(res.statusCode, `${role} POST ${url}`).toBe(403);
        }
        const index = await app.inject({ url: paths.collection(), cookies: who.cookies });
        expect(index.body).not.toContain(paths.actionReminders());
      }
      // Signed out: to the sign-in page.
      const out = await app.inject({ url: paths.roundReminders(roundId) });
      expect(out.statusCode).toBe(303);
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
