/**
 * Reminders, end to end against a real SMTP server started here: the right people get the right
 * emails, once — across passes, a restarted worker, two workers at once, a failing mail server, and
 * the `cairn worker --once` process itself.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeAccount, createAccount } from '../../src/app/access/accounts.js';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor } from '../../src/app/audit.js';
import { saveFigure } from '../../src/app/collection/figures.js';
import { queueReminders, reminderPass, sendQueued, ukToday } from '../../src/app/collection/reminders.js';
import { assignIndicators, lockRound, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { formatDate } from '../../src/domain/dates.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import { reminderLinks } from '../../src/main/worker.js';
import type { Store } from '../../src/storage/database.js';
import { systemClock } from '../../src/app/clock.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from '../support/smtp.js';

const clock = movableClock('2017-10-17T09:00:00Z');
const BASE = 'https://cairn.council.example';
const FROM = 'Performance Team <performance@council.example>';
const links = reminderLinks(BASE);

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

async function person(
  store: Store,
  name: string,
  role: SignedInUser['role'],
  directorate: string | null = null,
) {
  const email = `${name}@council.example`;
  const u = await createAccount(
    store,
    systemActor,
    { email, name, role, password: 'correct horse battery staple', directorate },
    clock,
  );
  return { id: u.id, name: u.name, email: u.email, role, directorateId: u.directorate_id } as SignedInUser;
}

async function indicator(store: Store, number: string) {
  return store.db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select(['indicator.id', 'indicator.title', 'directorate.code'])
    .where('indicator.number', '=', number)
    .executeTakeFirstOrThrow();
}

/** Runs a pass with a worker of its own (a fresh SMTP connection), as a restarted worker would. */
async function pass(store: Store) {
  const mailer = smtpMailer(smtp.url, FROM);
  try {
    return await reminderPass(store, mailer, clock, links);
  } finally {
    mailer.close();
  }
}

/** Messages received since `from`, as "recipient: subject", sorted. */
const received = (from: number) =>
  smtp.messages
    .slice(from)
    .map((m) => `${m.to.join(',')}: ${m.subject}`)
    .sort();
const to = (from: number, name: string): ReceivedEmail[] =>
  smtp.messages.slice(from).filter((m) => m.to.includes(`${name}@council.example`));

const submit = (
  s: Store,
  user: SignedInUser,
  roundId: number,
  indicatorId: number,
  actual: string,
  version = 0,
) =>
  saveFigure(
    s,
    user,
    roundId,
    indicatorId,
    {
      actual,
      outlook: 'stable',
      commentary: 'On track.',
      version,
      confirmUnusual: true,
      unusualNote: 'Checked.',
    },
    'submit',
    clock,
  );

describeEachDatabase(
  'reminders by email',
  (store) => {
    const people: Record<string, SignedInUser> = {};
    const ids: Record<string, number> = {};
    let q2 = 0;

    it('sends due-soon, approval and digest emails to the right people, once — even after a restart', async () => {
      const s = store();
      clock.set('2017-10-17T09:00:00Z');
      for (const n of ['1', '7', '8', '9', '10']) ids[n] = (await indicator(s, n)).id;
      const one = await indicator(s, '1');
      const nine = await indicator(s, '9');
      people.olive = await person(s, 'olive', 'owner', 'SCS');
      people.oscar = await person(s, 'oscar', 'owner', 'CEF');
      people.dora = await person(s, 'dora', 'owner', one.code);
      people.derek = await person(s, 'derek', 'owner', 'CEF');
      people.ann = await person(s, 'ann', 'approver', one.code);
      people.carl = await person(s, 'carl', 'approver', nine.code);
      people.pat = await person(s, 'pat', 'performance');
      await assignIndicators(s, systemActor, people.olive.id, [ids['7']!, ids['8']!], clock);
      await assignIndicators(s, systemActor, people.oscar.id, [ids['9']!], clock);
      await assignIndicators(s, systemActor, people.dora.id, [ids['1']!], clock);
      await assignIndicators(s, systemActor, people.derek.id, [ids['10']!], clock);
      await changeAccount(s, systemActor, people.derek.id, { active: false }, clock, 'Left the council');

      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017', remindDaysBefore: 5 },
        clock,
      );
      q2 = round.id;
      // Dora has done hers: submitted, so it waits for Ann.
      expect(await submit(s, people.dora, q2, ids['1']!, '70%')).toMatchObject({ ok: true });

      const start = smtp.messages.length;
      const first = await pass(s);
      expect(first).toMatchObject({ queued: 4, sent: 4, failed: 0, gaveUp: 0 });
      expect(received(start)).toEqual(
        [
          'olive@council.example: Reminder: your Q2 2017-18 updates are due by 20 October 2017 (2 indicators)',
          'oscar@council.example: Reminder: your Q2 2017-18 updates are due by 20 October 2017 (1 indicator)',
          'ann@council.example: 1 update waiting for your approval: Q2 2017-18',
          'pat@council.example: Q2 2017-18 collection: 0 of 50 approved',
        ].sort(),
      );
      const olive = to(start, 'olive')[0]!;
      expect(olive.from).toBe('performance@council.example');
      expect(olive.text).toContain('Dear olive,');
      expect(olive.text).toContain('are due by 20 October 2017, in 3 days.');
      expect(olive.text).toContain(
        '  - 7: Increase the number of hours from the hospital discharge and reablement service to 8920 hours per month (not started)',
      );
      expect(olive.text).toMatch(/ {2}- 8: Involve more people in co-producing service redesign/);
      expect(olive.text).toContain(`${BASE}/collection/rounds/${q2}/updates`);
      const ann = to(start, 'ann')[0]!;
      expect(ann.text).toContain('  - 1: Maintain the high level of user satisfaction (submitted)');
      expect(ann.text).toContain(`${BASE}/collection/rounds/${q2}/approvals`);
      const pat = to(start, 'pat')[0]!;
      expect(pat.text).toContain('  Submitted: 1');
      expect(pat.text).toContain('Still to submit:');
      expect(pat.text).toContain('  - olive: 2 indicators (7, 8)');
      expect(pat.text).toContain('  - oscar: 1 indicator (9)');
      expect(pat.text).toContain('  - ann (');
      expect(pat.text).toContain(`${BASE}/collection/rounds/${q2}`);
      // Nothing to Dora (done), Carl (nothing waiting) or Derek (deactivated).
      expect(to(start, 'dora')).toEqual([]);
      expect(to(start, 'carl')).toEqual([]);
      expect(to(start, 'derek')).toEqual([]);

      // The same day again, and again with a new worker: nothing new.
      expect(await pass(s)).toMatchObject({ queued: 0, sent: 0 });
      expect(await pass(s)).toMatchObject({ queued: 0, sent: 0 });
      expect(smtp.messages.length).toBe(start + 4);
      const rows = await s.db.selectFrom('reminder').selectAll().where('round_id', '=', q2).execute();
      expect(rows).toHaveLength(4);
      for (const r of rows) expect(r).toMatchObject({ attempts: 1, last_error: null });
      expect(rows.every((r) => r.sent_at !== null)).toBe(true);
      expect(rows.map((r) => r.key).sort()).toEqual(
        [
          `due-soon:${q2}:${people.olive.id}`,
          `due-soon:${q2}:${people.oscar.id}`,
          `approval:${q2}:${people.ann.id}:2017-10-17`,
          `digest:${q2}:${people.pat.id}:2017-10-17`,
        ].sort(),
      );
    });

    it('after the due date, overdue emails go only to those still outstanding, then weekly', async () => {
      const s = store();
      clock.set('2017-10-19T09:00:00Z');
      expect(await submit(s, people.oscar!, q2, ids['9']!, '9%')).toMatchObject({ ok: true });

      clock.set('2017-10-21T09:00:00Z');
      const start = smtp.messages.length;
      await pass(s);
      const overdue = smtp.messages.slice(start).filter((m) => m.subject.startsWith('Overdue'));
      expect(overdue.map((m) => [m.to, m.subject])).toEqual([
        [
          ['olive@council.example'],
          'Overdue: your Q2 2017-18 updates were due on 20 October 2017 (2 indicators)',
        ],
      ]);
      expect(overdue[0]!.text).toContain('were due on 20 October 2017, 1 day ago.');
      // Oscar's submission now waits for Carl; Ann's still waits; Pat's digest names Olive as late.
      expect(to(start, 'carl').map((m) => m.subject)).toEqual([
        '1 update waiting for your approval: Q2 2017-18',
      ]);
      expect(to(start, 'ann')).toHaveLength(1);
      expect(to(start, 'oscar')).toEqual([]);
      expect(to(start, 'pat')[0]!.subject).toMatch(/, 1 person late$/);
      expect(to(start, 'pat')[0]!.text).toContain(
        'Late (updates not yet submitted):\n  - olive: 2 indicators',
      );

      // Three days on: a digest and approvals for the new day, but no second overdue email yet.
      clock.set('2017-10-24T09:00:00Z');
      const mid = smtp.messages.length;
      await pass(s);
      expect(to(mid, 'olive')).toEqual([]);
      expect(to(mid, 'pat')).toHaveLength(1);

      // A week after the first: the next one.
      clock.set('2017-10-28T09:00:00Z');
      const week = smtp.messages.length;
      await pass(s);
      expect(to(week, 'olive').map((m) => m.text.match(/were due on .*ago\./)?.[0])).toEqual([
        'were due on 20 October 2017, 8 days ago.',
      ]);
    });

    it('a locked round sends nothing, not even what was queued before it was locked', async () => {
      const s = store();
      clock.set('2017-11-04T09:00:00Z');
      await queueReminders(s, ukToday(clock), clock, links);
      await lockRound(s, systemActor, q2, clock);
      const start = smtp.messages.length;
      clock.set('2017-11-12T09:00:00Z');
      expect(await pass(s)).toMatchObject({ queued: 0, sent: 0 });
      expect(smtp.messages.length).toBe(start);
    });

    it('an email the mail server refuses is tried again on the next pass, and then sent once', async () => {
      const s = store();
      clock.set('2018-01-16T09:00:00Z');
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '19/01/2018', remindDaysBefore: 5 },
        clock,
      );
      const start = smtp.messages.length;
      smtp.failNext(1);
      const refusedBefore = smtp.refused();
      const first = await pass(s);
      expect(smtp.refused()).toBe(refusedBefore + 1);
      expect(first.failed).toBe(1);
      expect(first.sent).toBe(first.queued - 1);
      const failed = await s.db
        .selectFrom('reminder')
        .selectAll()
        .where('round_id', '=', round.id)
        .where('sent_at', 'is', null)
        .execute();
      expect(failed).toHaveLength(1);
      expect(failed[0]!.attempts).toBe(1);
      expect(failed[0]!.last_error).toMatch(/Mailbox busy/);

      clock.set('2018-01-16T09:15:00Z');
      expect(await pass(s)).toMatchObject({ queued: 0, sent: 1, failed: 0 });
      expect(await pass(s)).toMatchObject({ queued: 0, sent: 0 });
      const retried = await s.db
        .selectFrom('reminder')
        .selectAll()
        .where('id', '=', failed[0]!.id)
        .executeTakeFirstOrThrow();
      expect(retried).toMatchObject({ attempts: 2, last_error: null });
      expect(retried.sent_at).not.toBeNull();
      const got = smtp.messages.slice(start);
      expect(got).toHaveLength(first.queued);
      expect(got.filter((m) => m.subject === retried.subject && m.to[0] === retried.recipient)).toHaveLength(
        1,
      );

      // A server that keeps refusing: given up after the attempts allowed, the reason kept.
      clock.set('2018-01-17T09:00:00Z');
      await queueReminders(s, ukToday(clock), clock, links);
      smtp.failNext(1000);
      const stubborn = smtpMailer(smtp.url, FROM);
      try {
        const a = await sendQueued(s, stubborn, clock, { maxAttempts: 2 });
        const b = await sendQueued(s, stubborn, clock, { maxAttempts: 2 });
        expect(a.failed).toBeGreaterThan(0);
        expect(b.gaveUp).toBe(a.failed);
        expect(await sendQueued(s, stubborn, clock, { maxAttempts: 2 })).toEqual({
          sent: 0,
          failed: 0,
          gaveUp: 0,
        });
      } finally {
        stubborn.close();
        smtp.failNext(0);
      }
      await lockRound(s, systemActor, round.id, clock);
    });

    it('two workers at once make and send each email once', async () => {
      const s = store();
      clock.set('2018-04-17T09:00:00Z');
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q4 2017-18', dueDate: '20/04/2018', remindDaysBefore: 5 },
        clock,
      );
      const start = smtp.messages.length;
      const [a, b] = await Promise.all([
        queueReminders(s, ukToday(clock), clock, links),
        queueReminders(s, ukToday(clock), clock, links),
      ]);
      const made = await s.db.selectFrom('reminder').select('key').where('round_id', '=', round.id).execute();
      expect(made.length).toBeGreaterThanOrEqual(3);
      expect(a.length + b.length).toBe(made.length);
      const m1 = smtpMailer(smtp.url, FROM);
      const m2 = smtpMailer(smtp.url, FROM);
      try {
        const [r1, r2] = await Promise.all([sendQueued(s, m1, clock), sendQueued(s, m2, clock)]);
        expect(r1.sent + r2.sent).toBe(made.length);
      } finally {
        m1.close();
        m2.close();
      }
      const got = received(start);
      expect(got).toHaveLength(made.length);
      expect(new Set(got).size).toBe(got.length);

      // A worker that claimed a reminder and stopped before sending it: others leave it alone while
      // its claim is fresh, and send it once the claim is older than the lease.
      await s.db
        .insertInto('reminder')
        .values({
          key: 'test:claimed-by-a-stopped-worker',
          kind: 'digest',
          round_id: round.id,
          user_id: people.pat!.id,
          recipient: 'pat@council.example',
          subject: 'Claimed by a worker that stopped',
          body: 'Sent once the claim had lapsed.',
          created_at: '2018-04-17T09:00:00.000Z',
          attempts: 1,
          last_error: 'sending since 2018-04-17T09:00:00.000Z',
        })
        .execute();
      const m3 = smtpMailer(smtp.url, FROM);
      try {
        clock.set('2018-04-17T09:05:00Z');
        expect(await sendQueued(s, m3, clock)).toMatchObject({ sent: 0 });
        clock.set('2018-04-17T09:11:00Z');
        expect(await sendQueued(s, m3, clock)).toMatchObject({ sent: 1 });
        expect(await sendQueued(s, m3, clock)).toMatchObject({ sent: 0 });
      } finally {
        m3.close();
      }
      expect(
        smtp.messages.slice(start).filter((m) => m.subject === 'Claimed by a worker that stopped'),
      ).toHaveLength(1);
      await lockRound(s, systemActor, round.id, clock);
    });

    it('`cairn worker --once` runs as a process of its own and sends; run again, it sends nothing new', async () => {
      const s = store();
      // The process runs on the real clock: a round due three days from today.
      const realToday = ukToday(systemClock);
      const due = new Date(Date.parse(realToday) + 3 * 86_400_000).toISOString().slice(0, 10);
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      clock.set(new Date());
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q1 2017-18', dueDate: due, remindDaysBefore: 5 },
        clock,
      );
      const env = {
        ...process.env,
        DATABASE_URL: s.location,
        SMTP_URL: smtp.url,
        MAIL_FROM: FROM,
        CAIRN_BASE_URL: BASE,
        LOG_LEVEL: 'info',
      };
      const run = () =>
        new Promise<{ code: number | null; out: string }>((resolve, reject) => {
          const child = spawn('npx', ['tsx', 'src/main/cli.ts', 'worker', '--once'], { env });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += String(d)));
          child.stderr.on('data', (d: Buffer) => (out += String(d)));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, out }));
        });
      const start = smtp.messages.length;
      const first = await run();
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain('Pass done');
      const digest = to(start, 'pat');
      expect(digest.map((m) => m.subject)).toEqual([expect.stringMatching(/^Q1 2017-18 collection: /)]);
      expect(digest[0]!.text).toContain(`due by ${formatDate(due)}, in 3 days.`);
      expect(digest[0]!.text).toContain(`${BASE}/collection/rounds/${round.id}`);
      const sent = smtp.messages.length - start;
      const rows = await s.db.selectFrom('reminder').selectAll().where('round_id', '=', round.id).execute();
      expect(rows).toHaveLength(sent);
      expect(rows.every((r) => r.sent_at !== null)).toBe(true);

      const second = await run();
      expect(second.code, second.out).toBe(0);
      expect(smtp.messages.length - start).toBe(sent);

      // Without --once it keeps going until told to stop, then stops cleanly.
      const looping = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'worker'], { env });
      let out = '';
      const passDone = new Promise<void>((resolve) => {
        looping.stdout.on('data', (d: Buffer) => {
          out += String(d);
          if (out.includes('Pass done')) resolve();
        });
      });
      looping.stderr.on('data', (d: Buffer) => (out += String(d)));
      const exited = new Promise<number | null>((resolve) => looping.on('close', resolve));
      await passDone;
      looping.kill('SIGTERM');
      expect(await exited, out).toBe(0);
      expect(out).toContain('SIGTERM received');
      expect(out).toContain('Reminder worker stopped');
      expect(smtp.messages.length - start).toBe(sent);
    }, 90_000);
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);

describeEachDatabase(
  'approval reminders and one’s own submissions',
  (store) => {
    it('an approver is not reminded to approve their own submission, nor is it counted', async () => {
      const s = store();
      clock.set('2017-10-17T09:00:00Z');
      // Quarterly percentages, so that "70%" is a figure each of them takes.
      const all = await s.db
        .selectFrom('indicator')
        .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
        .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
        .select(['indicator.id', 'indicator.number', 'directorate.code'])
        .where('indicator.unit', '=', 'percent')
        .where('indicator.frequency', '=', 'quarterly')
        .where('indicator.in_arrears', '=', 0)
        .orderBy('indicator.id')
        .execute();
      const codes = [...new Set(all.map((i) => i.code))];
      const x = all.filter((i) => i.code === codes[0]);
      const y = all.filter((i) => i.code === codes[1]);
      expect(x.length).toBeGreaterThanOrEqual(2);
      expect(y.length).toBeGreaterThanOrEqual(1);
      // Ann and Amy approve for directorate X; Carl is directorate Y's only approver.
      const ann = await person(s, 'ann', 'approver', codes[0]!);
      await person(s, 'amy', 'approver', codes[0]!);
      const dora = await person(s, 'dora', 'owner', codes[0]!);
      const carl = await person(s, 'carl', 'approver', codes[1]!);
      await person(s, 'pat', 'performance');
      await assignIndicators(s, systemActor, ann.id, [x[0]!.id], clock);
      await assignIndicators(s, systemActor, dora.id, [x[1]!.id], clock);
      await assignIndicators(s, systemActor, carl.id, [y[0]!.id], clock);
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017', remindDaysBefore: 5 },
        clock,
      );
      for (const [who, i] of [
        [ann, x[0]!],
        [dora, x[1]!],
        [carl, y[0]!],
      ] as const)
        expect(await submit(s, who, round.id, i.id, '70%')).toMatchObject({ ok: true });

      const start = smtp.messages.length;
      await pass(s);
      const approvals = (name: string) =>
        to(start, name).filter((m) => m.subject.includes('waiting for your approval'));
      // Ann: Dora's update only, not her own.
      const annGot = approvals('ann');
      expect(annGot.map((m) => m.subject)).toEqual(['1 update waiting for your approval: Q2 2017-18']);
      expect(annGot[0]!.text).toContain(`  - ${x[1]!.number}: `);
      expect(annGot[0]!.text).not.toContain(`  - ${x[0]!.number}: `);
      // Amy may decide both.
      const amyGot = approvals('amy');
      expect(amyGot.map((m) => m.subject)).toEqual(['2 updates waiting for your approval: Q2 2017-18']);
      expect(amyGot[0]!.text).toContain(`  - ${x[0]!.number}: `);
      expect(amyGot[0]!.text).toContain(`  - ${x[1]!.number}: `);
      // Carl: only his own waits, so nothing — and no row in the outbox for it.
      expect(approvals('carl')).toEqual([]);
      const keys = await s.db.selectFrom('reminder').select('key').where('round_id', '=', round.id).execute();
      expect(keys.map((k) => k.key)).not.toContain(`approval:${round.id}:${carl.id}:2017-10-17`);
      // The performance team's digest counts the same way.
      const digest = to(start, 'pat')[0]!.text;
      expect(digest).toContain('  Submitted: 3');
      expect(digest).toMatch(/^ {2}- ann \(.*\): 1 update$/m);
      expect(digest).toMatch(/^ {2}- amy \(.*\): 2 updates$/m);
      expect(digest).not.toContain('  - carl (');
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
