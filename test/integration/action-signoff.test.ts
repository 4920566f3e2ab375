import { expect, it } from 'vitest';
import { systemActor, userActor } from '../../src/app/audit.js';
import { hashPassword } from '../../src/app/access/passwords.js';
import type { Role } from '../../src/app/access/roles.js';
import { startSession } from '../../src/app/access/sessions.js';
import { actionUpdatesWaiting, reviewActionUpdate } from '../../src/app/collection/action-approvals.js';
import { assignAction, recordActionUpdate } from '../../src/app/plans/updates.js';
import { loadDemo } from '../../src/app/demo.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { latestUpdates } from '../../src/storage/plan-reading.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, TEST_PASSWORD, testBrand, csrfOf } from '../support/web.js';
import type { Store } from '../../src/storage/database.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand('Oxford City Council');
const clock = clockAt('2024-10-02T09:00:00Z');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

async function personOf(s: Store, name: string, directorateId: number, role: Role = 'approver') {
  const user = await insertUser(
    s.db,
    {
      email: `${name.replace(/ /g, '.')}@test.example`,
      name,
      role,
      passwordHash: await hashPassword(TEST_PASSWORD),
      directorateId,
    },
    clock.now().toISOString(),
  );
  return { userId: user.id, cookies: { cairn_session: await startSession(s, clock, user.id) } };
}

describeEachDatabase(
  'sign-off of improvement plan action updates',
  (store) => {
    it('waits for an approver of the owner’s directorate, who approves or returns it, audited', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const dirs = await s.db.selectFrom('directorate').select('id').orderBy('id').limit(2).execute();
      const [mine, theirs] = [dirs[0]!.id, dirs[1]!.id];
      const owner = await sessionFor(s, clock, 'owner', mine);
      const approver = await personOf(s, 'Ada Approver', mine);
      const outsider = await personOf(s, 'Other Approver', theirs);
      const [first, second] = await s.db
        .selectFrom('plan_action')
        .select(['id', 'status', 'improvement_plan_id'])
        .orderBy('id')
        .limit(2)
        .execute();
      await assignAction(s, systemActor, first!.id, owner.userId, clock);
      await assignAction(s, systemActor, second!.id, owner.userId, clock);

      const submit = async (actionId: number, status: string, text: string) => {
        const form = await app.inject({ url: paths.yourAction(actionId), cookies: owner.cookies });
        const res = await app.inject({
          method: 'POST',
          url: paths.yourAction(actionId),
          cookies: owner.cookies,
          payload: { _csrf: csrfOf(form.body), version: versionOf(form.body), status, text, review: '' },
        });
        expect(res.statusCode).toBe(303);
      };
      await submit(first!.id, 'complete', 'All training delivered.');
      await submit(second!.id, 'at-risk', 'Supplier pulled out.');

      // Waiting: the plan still shows the approved status, the owner sees "waiting for approval".
      const pending = await s.db
        .selectFrom('plan_action')
        .select('status')
        .where('id', '=', first!.id)
        .executeTakeFirstOrThrow();
      expect(pending.status).toBe(first!.status);
      expect(
        [...(await latestUpdates(s.db, first!.improvement_plan_id)).values()].map((u) => u.text),
      ).not.toContain('All training delivered.');
      const index = await app.inject({ url: paths.collection(), cookies: owner.cookies });
      expect(index.body).toContain('Waiting for approval');

      // The approver of the owner's directorate sees both; the other directorate's sees neither.
      const list = await app.inject({ url: paths.actionApprovals(), cookies: approver.cookies });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Action updates waiting for approval');
      const updates = await s.db
        .selectFrom('action_update')
        .select(['id', 'action_id'])
        .where('state', '=', 'submitted')
        .orderBy('id')
        .execute();
      expect(updates).toHaveLength(2);
      const [u1, u2] = [updates[0]!.id, updates[1]!.id];
      expect(list.body).toContain(paths.actionApproval(u1));
      expect(list.body).toContain(paths.actionApproval(u2));
      const away = await app.inject({ url: paths.actionApprovals(), cookies: outsider.cookies });
      expect(away.body).not.toContain(paths.actionApproval(u1));
      expect(
        (await app.inject({ url: paths.actionApproval(u1), cookies: outsider.cookies })).statusCode,
      ).toBe(404);
      const ownerTry = await app.inject({ url: paths.actionApproval(u1), cookies: owner.cookies });
      expect(ownerTry.statusCode).toBe(403);

      const decide = async (who: { cookies: Record<string, string> }, id: number, payload: object) => {
        const page = await app.inject({ url: paths.actionApproval(id), cookies: who.cookies });
        expect(page.statusCode).toBe(200);
        return app.inject({
          method: 'POST',
          url: paths.actionApproval(id),
          cookies: who.cookies,
          payload: { _csrf: csrfOf(page.body), ...payload },
        });
      };
      const noComment = await decide(approver, u2, { decision: 'return', comment: '' });
      expect(noComment.statusCode).toBe(400);
      expect(noComment.body).toContain('There is a problem');
      expect(noComment.body).toContain('Say what needs to change before it is submitted again');
      expect((await decide(approver, u1, { decision: 'approve' })).statusCode).toBe(303);
      expect(
        (await decide(approver, u2, { decision: 'return', comment: 'Name the new supplier.' })).statusCode,
      ).toBe(303);

      const after = await s.db
        .selectFrom('plan_action')
        .select(['id', 'status', 'completed_on'])
        .where('id', 'in', [first!.id, second!.id])
        .orderBy('id')
        .execute();
      expect(after[0]).toMatchObject({ status: 'complete', completed_on: '2024-10-02' });
      expect(after[1]!.status).toBe(second!.status);
      expect(
        [...(await latestUpdates(s.db, first!.improvement_plan_id)).values()].map((u) => u.text),
      ).toContain('All training delivered.');
      const returnedForm = await app.inject({ url: paths.yourAction(second!.id), cookies: owner.cookies });
      expect(returnedForm.body).toContain('Name the new supplier.');
      expect((await app.inject({ url: paths.collection(), cookies: owner.cookies })).body).toContain(
        'Returned',
      );

      const audit = await s.db
        .selectFrom('audit_event')
        .select(['action', 'entity_id', 'actor_name', 'reason'])
        .where('entity', '=', 'action_update')
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { action: 'action-update.approve', entity_id: String(u1), actor_name: 'Ada Approver', reason: null },
        {
          action: 'action-update.return',
          entity_id: String(u2),
          actor_name: 'Ada Approver',
          reason: 'Name the new supplier.',
        },
      ]);
      // Decided once: a second decision is refused.
      expect((await decide(approver, u1, { decision: 'approve' })).body).toContain(
        'There is nothing to decide',
      );
    });

    it('refuses self-approval and approves the performance team’s own updates at once', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const dir = await s.db.selectFrom('directorate').select('id').orderBy('id').executeTakeFirstOrThrow();
      // An approver who is also the action's owner submits; they may not approve it.
      const self = await personOf(s, 'Sam Self', dir.id);
      const perf = await sessionFor(s, clock, 'performance');
      const [a, b] = await s.db.selectFrom('plan_action').select('id').orderBy('id').limit(2).execute();
      await assignAction(s, systemActor, a!.id, self.userId, clock);
      const post = async (who: { cookies: Record<string, string> }, actionId: number) => {
        const form = await app.inject({ url: paths.yourAction(actionId), cookies: who.cookies });
        return app.inject({
          method: 'POST',
          url: paths.yourAction(actionId),
          cookies: who.cookies,
          payload: {
            _csrf: csrfOf(form.body),
            version: versionOf(form.body),
            status: 'on-track',
            text: 'On track.',
            review: '',
          },
        });
      };
      expect((await post(self, a!.id)).statusCode).toBe(303);
      const u = await s.db
        .selectFrom('action_update')
        .select(['id', 'state'])
        .where('action_id', '=', a!.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(u.state).toBe('submitted');
      expect((await app.inject({ url: paths.actionApprovals(), cookies: self.cookies })).body).not.toContain(
        paths.actionApproval(u.id),
      );
      const page = await app.inject({ url: paths.actionApproval(u.id), cookies: self.cookies });
      expect(page.body).toContain('someone else must approve or return it');
      const tried = await app.inject({
        method: 'POST',
        url: paths.actionApproval(u.id),
        cookies: self.cookies,
        payload: { _csrf: csrfOf(page.body), decision: 'approve' },
      });
      expect(tried.statusCode).toBe(400);
      expect(tried.body).toContain('someone else must approve or return it');

      expect((await post(perf, b!.id)).statusCode).toBe(303);
      const direct = await s.db
        .selectFrom('action_update')
        .select('state')
        .where('action_id', '=', b!.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(direct.state).toBe('approved');
      const row = await s.db
        .selectFrom('plan_action')
        .select('status')
        .where('id', '=', b!.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('on-track');
    });

    it('closes an update still waiting when a later one replaces it: nobody can decide it, audited', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const dir = await s.db.selectFrom('directorate').select('id').orderBy('id').executeTakeFirstOrThrow();
      // People and an action of this test's own: the suite's database is shared by its tests.
      const owner = await personOf(s, 'Olive Owner', dir.id, 'owner');
      const approver = await personOf(s, 'Abe Approver', dir.id);
      const perf = await sessionFor(s, clock, 'performance');
      const action = await s.db
        .selectFrom('plan_action')
        .select('id')
        .orderBy('id')
        .limit(1)
        .offset(2)
        .executeTakeFirstOrThrow();
      await assignAction(s, systemActor, action.id, owner.userId, clock);
      const post = async (who: { cookies: Record<string, string> }, status: string, text: string) => {
        const form = await app.inject({ url: paths.yourAction(action.id), cookies: who.cookies });
        const res = await app.inject({
          method: 'POST',
          url: paths.yourAction(action.id),
          cookies: who.cookies,
          payload: { _csrf: csrfOf(form.body), version: versionOf(form.body), status, text, review: '' },
        });
        expect(res.statusCode).toBe(303);
      };
      const { before } = await s.db
        .selectFrom('action_update')
        .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('before'))
        .executeTakeFirstOrThrow();
      const updates = () =>
        s.db
          .selectFrom('action_update')
          .select(['id', 'state', 'reviewed_by', 'reviewed_at'])
          .where('action_id', '=', action.id)
          .where('id', '>', before)
          .orderBy('id')
          .execute();

      await post(owner, 'at-risk', 'Supplier pulled out.');
      const [waiting] = await updates();
      expect(waiting!.state).toBe('submitted');
      expect((await app.inject({ url: paths.actionApprovals(), cookies: approver.cookies })).body).toContain(
        paths.actionApproval(waiting!.id),
      );

      // The performance team records an update of the same action: the owner's is replaced.
      await post(perf, 'on-track', 'New supplier found and signed.');
      const [first, second] = await updates();
      expect(first).toEqual({
        id: waiting!.id,
        state: 'superseded',
        reviewed_by: perf.userId,
        reviewed_at: clock.now().toISOString(),
      });
      expect(second!.state).toBe('approved');
      const approverUser = {
        id: approver.userId,
        name: 'Abe Approver',
        role: 'approver' as const,
        directorateId: dir.id,
      };
      const perfUser = {
        id: perf.userId,
        name: 'Test performance',
        role: 'performance' as const,
        directorateId: null,
      };
      for (const who of [approverUser, perfUser])
        expect((await actionUpdatesWaiting(s, who)).map((w) => w.updateId)).not.toContain(first!.id);
      for (const who of [approver, perf])
        expect((await app.inject({ url: paths.actionApprovals(), cookies: who.cookies })).body).not.toContain(
          paths.actionApproval(first!.id),
        );

      // Nobody can decide it: the page says why, and a decision is refused, not an error.
      const page = await app.inject({ url: paths.actionApproval(first!.id), cookies: approver.cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('this update was replaced by a later update of the action');
      expect(page.body).not.toContain('Save decision');
      const tried = await app.inject({
        method: 'POST',
        url: paths.actionApproval(first!.id),
        cookies: approver.cookies,
        payload: { _csrf: csrfOf(page.body), decision: 'approve' },
      });
      expect(tried.statusCode).toBe(400);
      expect(tried.body).toContain('There is a problem');
      expect(tried.body).toContain('This update was replaced by a later update of the action');
      expect(
        await reviewActionUpdate(s, perfUser, first!.id, { approve: false, comment: 'No.' }, clock),
      ).toEqual({
        ok: false,
        problems: [
          {
            field: 'decision',
            message:
              'This update was replaced by a later update of the action before anyone decided it: there is nothing to decide',
          },
        ],
      });
      const row = await s.db
        .selectFrom('plan_action')
        .select('status')
        .where('id', '=', action.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('on-track');

      // The audit record of the later update names the one it replaced; nobody decided it.
      const audit = await s.db
        .selectFrom('audit_event')
        .select(['action', 'actor_name', 'after'])
        .where('entity_id', 'in', [String(action.id), String(first!.id)])
        .where('action', 'in', ['action.update', 'action-update.approve', 'action-update.return'])
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.action, a.actor_name])).toEqual([
        ['action.update', 'Olive Owner'],
        ['action.update', 'Test performance'],
      ]);
      expect(JSON.parse(audit[0]!.after!)).not.toHaveProperty('superseded');
      expect(JSON.parse(audit[1]!.after!)).toMatchObject({ state: 'approved', superseded: [first!.id] });

      // The owner sees it as replaced, not waiting.
      const mine = await app.inject({ url: paths.yourAction(action.id), cookies: owner.cookies });
      expect(mine.body).toContain('Supplier pulled out.');
      expect(mine.body).toContain('(replaced by a later update)');
      expect(mine.body.toLowerCase()).not.toContain('waiting for approval');
      const list = await app.inject({ url: paths.collection(), cookies: owner.cookies });
      expect(list.body).not.toContain('Waiting for approval');
      expect(list.body).toContain('On track');
    });

    it('replaces the owner’s own waiting update when they save again, but keeps a returned one as decided', async () => {
      const s = store();
      const dir = await s.db.selectFrom('directorate').select('id').orderBy('id').executeTakeFirstOrThrow();
      const owner = await personOf(s, 'Owen Owner', dir.id, 'owner');
      const approver = await personOf(s, 'Ana Approver', dir.id);
      const approverUser = {
        id: approver.userId,
        name: 'Ana Approver',
        role: 'approver' as const,
        directorateId: dir.id,
      };
      const ownerActor = userActor({ id: owner.userId, name: 'Owen Owner' });
      const action = await s.db
        .selectFrom('plan_action')
        .select('id')
        .orderBy('id')
        .limit(1)
        .offset(3)
        .executeTakeFirstOrThrow();
      await assignAction(s, systemActor, action.id, owner.userId, clock);
      const record = async (actor: typeof ownerActor, text: string, submittedBy: number | null) => {
        const { version } = await s.db
          .selectFrom('plan_action')
          .select('version')
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow();
        return (
          await recordActionUpdate(
            s,
            actor,
            { actionId: action.id, status: 'on-track', text, expectedVersion: version, submittedBy },
            clock,
          )
        ).updateId;
      };
      const state = async (id: number) =>
        s.db
          .selectFrom('action_update')
          .select(['state', 'reviewed_by', 'review_comment'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();

      const a = await record(ownerActor, 'First go.', owner.userId);
      const b = await record(ownerActor, 'Second go, with the dates.', owner.userId);
      expect(await state(a)).toEqual({
        state: 'superseded',
        reviewed_by: owner.userId,
        review_comment: null,
      });
      expect(
        (await actionUpdatesWaiting(s, approverUser))
          .filter((w) => w.actionId === action.id)
          .map((w) => w.updateId),
      ).toEqual([b]);

      // Returned: a decision already made, which a later update leaves as it is.
      expect(
        await reviewActionUpdate(s, approverUser, b, { approve: false, comment: 'Say which dates.' }, clock),
      ).toEqual({ ok: true });
      const c = await record(ownerActor, 'Third go: 4 and 11 November.', owner.userId);
      expect(await state(b)).toEqual({
        state: 'returned',
        reviewed_by: approver.userId,
        review_comment: 'Say which dates.',
      });
      expect((await state(c)).state).toBe('submitted');

      // Replaced by someone not signed in to Cairn (an import, the command line): no account to name.
      const d = await record(systemActor, 'Loaded from the spreadsheet.', null);
      expect(await state(c)).toEqual({ state: 'superseded', reviewed_by: null, review_comment: null });
      expect((await state(d)).state).toBe('approved');
      expect((await actionUpdatesWaiting(s, approverUser)).filter((w) => w.actionId === action.id)).toEqual(
        [],
      );
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
