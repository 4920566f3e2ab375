/**
 * Improvement-plan action reminders, end to end against a real SMTP server: an owner whose action has
 * no update since the last progress review is reminded once before the next one; an approver with
 * action updates waiting gets one email a day, which never counts their own.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor, userActor } from '../../src/app/audit.js';
import { updateYourAction } from '../../src/app/collection/actions.js';
import { reminderPass } from '../../src/app/collection/reminders.js';
import { loadDemo } from '../../src/app/demo.js';
import { assignAction, recordActionUpdate } from '../../src/app/plans/updates.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import { reminderLinks } from '../../src/main/worker.js';
import { reviewActionUpdate } from '../../src/app/collection/action-approvals.js';
import { openAssignedActions } from '../../src/storage/action-reminder-repository.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const clock = movableClock('2030-03-10T09:00:00Z');
const BASE = 'https://cairn.council.example';
const links = reminderLinks(BASE);

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

async function person(store: Store, name: string, role: SignedInUser['role'], directorate: string | null) {
  const u = await createAccount(
    store,
    systemActor,
    { email: `${name}@council.example`, name, role, password: 'correct horse battery staple', directorate },
    clock,
  );
  return { id: u.id, name: u.name, email: u.email, role, directorateId: u.directorate_id };
}

async function pass(store: Store) {
  const mailer = smtpMailer(smtp.url, 'Performance Team <performance@council.example>');
  try {
    return await reminderPass(store, mailer, clock, links);
  } finally {
    mailer.close();
  }
}

const to = (from: number, email: string) => smtp.messages.slice(from).filter((m) => m.to.includes(email));

describeEachDatabase(
  'improvement plan action reminders',
  (store) => {
    it('reminds an owner once before the next progress review, and an approver once a day', async () => {
      const s = store();
      clock.set('2030-03-10T09:00:00Z');
      const start = smtp.messages.length;
      const dir = await s.db.selectFrom('directorate').select('code').orderBy('id').executeTakeFirstOrThrow();
      const owner = await person(s, 'olive', 'owner', dir.code);
      const approver = await person(s, 'april', 'approver', dir.code);
      const [a, b] = await s.db
        .selectFrom('plan_action')
        .select(['id', 'improvement_plan_id', 'code', 'version'])
        .where((eb) => eb('status', 'is', null).or('status', 'not in', ['complete', 'stopped']))
        .orderBy('id')
        .limit(2)
        .execute();
      await assignAction(s, systemActor, a!.id, owner.id, clock);
      // The demo's updates are dated when it was loaded (1 January); the last review was after that.
      await s.db
        .insertInto('progress_review')
        .values({
          improvement_plan_id: a!.improvement_plan_id,
          title: 'Winter review',
          review_date: '2030-02-01',
          created_at: clock.now().toISOString(),
        })
        .execute();
      const review = await s.db
        .insertInto('progress_review')
        .values({
          improvement_plan_id: a!.improvement_plan_id,
          title: 'Spring review',
          review_date: '2030-03-15',
          created_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      // 5 days before the review, no update since the last one: one reminder, then no more.
      await pass(s);
      const mine = to(start, owner.email);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.subject).toBe('Update your actions before Spring review on 15 March 2030');
      expect(mine[0]!.text).toContain(`${BASE}/collection`);
      clock.set('2030-03-11T09:00:00Z');
      await pass(s);
      expect(to(start, owner.email)).toHaveLength(1);
      const keys = await s.db.selectFrom('action_reminder').select(['key', 'sent_at']).execute();
      expect(keys).toContainEqual({
        key: `action-due:${a!.improvement_plan_id}:${review.id}:${owner.id}`,
        sent_at: expect.any(String),
      });

      // A submitted update waiting: the approver of the owner's directorate is told once that day.
      if (b) await assignAction(s, systemActor, b.id, owner.id, clock);
      const version = (
        await s.db
          .selectFrom('plan_action')
          .select('version')
          .where('id', '=', a!.id)
          .executeTakeFirstOrThrow()
      ).version;
      await recordActionUpdate(
        s,
        userActor(owner),
        {
          actionId: a!.id,
          status: 'on-track',
          text: 'Going well.',
          expectedVersion: version,
          submittedBy: owner.id,
        },
        clock,
      );
      await pass(s);
      await pass(s);
      const told = to(start, approver.email);
      expect(told).toHaveLength(1);
      expect(told[0]!.subject).toBe('1 action update waiting for your approval');
      expect(told[0]!.text).toContain(`${BASE}/collection/action-approvals`);
      clock.set('2030-03-12T09:00:00Z');
      await pass(s);
      expect(to(start, approver.email)).toHaveLength(2);
    });

    it('stops reminding an approver of an update replaced by a later one', async () => {
      const s = store();
      clock.set('2030-03-20T09:00:00Z');
      const start = smtp.messages.length;
      // A directorate of its own, so the first test's waiting update is not in this approver's list.
      const dir = await s.db
        .selectFrom('directorate')
        .select('code')
        .orderBy('id')
        .limit(1)
        .offset(1)
        .executeTakeFirstOrThrow();
      const owner = await person(s, 'oscar', 'owner', dir.code);
      const approver = await person(s, 'abel', 'approver', dir.code);
      const perf = await person(s, 'pam', 'performance', null);
      const [c, d] = await s.db
        .selectFrom('plan_action')
        .select('id')
        .where((eb) => eb('status', 'is', null).or('status', 'not in', ['complete', 'stopped']))
        .orderBy('id')
        .limit(2)
        .offset(2)
        .execute();
      await assignAction(s, systemActor, c!.id, owner.id, clock);
      await assignAction(s, systemActor, d!.id, owner.id, clock);
      const update = async (who: typeof owner, actionId: number, text: string) => {
        const { version } = await s.db
          .selectFrom('plan_action')
          .select('version')
          .where('id', '=', actionId)
          .executeTakeFirstOrThrow();
        return (
          await recordActionUpdate(
            s,
            userActor(who),
            {
              actionId,
              status: 'on-track',
              text,
              expectedVersion: version,
              submittedBy: who.role === 'owner' ? who.id : null,
            },
            clock,
          )
        ).updateId;
      };

      await update(owner, c!.id, 'Going well.');
      await pass(s);
      expect(to(start, approver.email)).toHaveLength(1);
      // The next day the performance team records a later update: nothing is waiting any more.
      clock.set('2030-03-21T09:00:00Z');
      await update(perf, c!.id, 'Checked with the owner: on track.');
      await pass(s);
      expect(to(start, approver.email)).toHaveLength(1);

      // An update replaced by the owner's own later one, which is returned, is no update for reminders.
      await update(owner, d!.id, 'Started.');
      const later = await update(owner, d!.id, 'Started on 3 March.');
      expect(
        await reviewActionUpdate(s, approver, later, { approve: false, comment: 'Say what is next.' }, clock),
      ).toEqual({ ok: true });
      const open = (await openAssignedActions(s.db)).find((a) => a.id === d!.id);
      expect(open!.lastUpdateOn).not.toBe('2030-03-21');
    });
  },
  async (s) => {
    clock.set('2030-01-01T09:00:00Z');
    await loadDemo(s, clock);
  },
);

describeEachDatabase(
  'action approval reminders and one’s own updates',
  (store) => {
    it('an approver is not reminded to approve their own update, nor is it counted', async () => {
      const s = store();
      clock.set('2030-03-10T09:00:00Z');
      const [x, y] = await s.db.selectFrom('directorate').select('code').orderBy('id').limit(2).execute();
      // April and Abe approve for directorate X; Cora is directorate Y's only approver.
      const april = await person(s, 'april', 'approver', x!.code);
      const abe = await person(s, 'abe', 'approver', x!.code);
      const olive = await person(s, 'olive', 'owner', x!.code);
      const cora = await person(s, 'cora', 'approver', y!.code);
      const open = await s.db
        .selectFrom('plan_action')
        .select(['id', 'code', 'title'])
        .where((eb) => eb('status', 'is', null).or('status', 'not in', ['complete', 'stopped']))
        .orderBy('id')
        .limit(3)
        .execute();
      expect(open).toHaveLength(3);
      const owners = [olive, april, cora];
      for (const [i, who] of owners.entries()) {
        const action = open[i]!;
        await assignAction(s, systemActor, action.id, who.id, clock);
        const { version } = await s.db
          .selectFrom('plan_action')
          .select('version')
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow();
        const form = { status: 'on-track', text: 'Going well.', review: '', version };
        expect(await updateYourAction(s, who, action.id, form, clock)).toEqual({ ok: true });
      }
      const line = (a: { code: string | null; title: string }) =>
        `  - ${a.code ? `${a.code} ` : ''}${a.title} (`;

      const start = smtp.messages.length;
      await pass(s);
      const approvals = (email: string) =>
        to(start, email).filter((m) => m.subject.includes('waiting for your approval'));
      // April: Olive's update only, not her own.
      const aprilGot = approvals(april.email);
      expect(aprilGot.map((m) => m.subject)).toEqual(['1 action update waiting for your approval']);
      expect(aprilGot[0]!.text).toContain(line(open[0]!));
      expect(aprilGot[0]!.text).not.toContain(line(open[1]!));
      // Abe may decide both.
      const abeGot = approvals(abe.email);
      expect(abeGot.map((m) => m.subject)).toEqual(['2 action updates waiting for your approval']);
      expect(abeGot[0]!.text).toContain(line(open[0]!));
      expect(abeGot[0]!.text).toContain(line(open[1]!));
      // Cora: only her own waits, so nothing — and no row in the outbox for it.
      expect(approvals(cora.email)).toEqual([]);
      const keys = await s.db.selectFrom('action_reminder').select('key').execute();
      expect(keys.map((k) => k.key)).not.toContain(`action-approval:${cora.id}:2030-03-10`);
      expect(keys.map((k) => k.key)).toContain(`action-approval:${april.id}:2030-03-10`);
    });
  },
  async (s) => {
    clock.set('2030-01-01T09:00:00Z');
    await loadDemo(s, clock);
  },
);
