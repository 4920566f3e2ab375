import { expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.js';
import { systemActor } from '../../src/app/audit.js';
import { hashPassword } from '../../src/app/access/passwords.js';
import { startSession } from '../../src/app/access/sessions.js';
import { assignAction } from '../../src/app/plans/updates.js';
import { loadDemo } from '../../src/app/demo.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { latestUpdates } from '../../src/storage/plan-reading.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, TEST_PASSWORD } from '../support/web.js';
import type { Store } from '../../src/storage/database.js';

const brand = { councilName: 'Oxford City Council', colour: '#1d5c4d', logoUrl: null };
const clock: Clock = { now: () => new Date('2024-10-02T09:00:00Z') };
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

async function approverOf(s: Store, name: string, directorateId: number) {
  const user = await insertUser(
    s.db,
    {
      email: `${name}@test.example`,
      name,
      role: 'approver',
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
      const approver = await approverOf(s, 'Ada Approver', mine);
      const outsider = await approverOf(s, 'Other Approver', theirs);
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
      const self = await approverOf(s, 'Sam Self', dir.id);
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
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
