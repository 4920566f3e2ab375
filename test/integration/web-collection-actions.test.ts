import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignAction } from '../../src/app/plans/updates.js';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand('Oxford City Council');
const clock = clockAt('2024-10-02T09:00:00Z');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

describeEachDatabase(
  'improvement plan actions in Your updates',
  (store) => {
    it('lets the person an action is assigned to update it, audited, and nobody else', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const owner = await sessionFor(s, clock, 'owner');
      const other = await sessionFor(s, clock, 'approver');
      const action = await s.db
        .selectFrom('plan_action')
        .select(['id', 'title'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await assignAction(s, systemActor, action.id, owner.userId, clock);

      const index = await app.inject({ url: paths.collection(), cookies: owner.cookies });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('Your improvement plan actions');
      expect(index.body).toContain(paths.yourAction(action.id));

      expect(
        (await app.inject({ url: paths.yourAction(action.id), cookies: other.cookies })).statusCode,
      ).toBe(404);
      const form = await app.inject({ url: paths.yourAction(action.id), cookies: owner.cookies });
      expect(form.statusCode).toBe(200);
      const post = (payload: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: paths.yourAction(action.id),
          cookies: owner.cookies,
          payload: { _csrf: csrfOf(form.body), version: versionOf(form.body), ...payload },
        });
      const empty = await post({ status: 'on-track', text: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Say what has happened since the last update');
      const saved = await post({ status: 'at-risk', text: 'Recruitment delayed to January.', review: '' });
      expect(saved.statusCode).toBe(303);
      const stale = await post({ status: 'complete', text: 'Done.', review: '' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else updated this action');

      // A data owner's update waits for approval (test/integration/action-signoff.test.ts).
      const row = await s.db
        .selectFrom('action_update')
        .select(['status', 'state'])
        .where('action_id', '=', action.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'at-risk', state: 'submitted' });
      const audit = await s.db
        .selectFrom('audit_event')
        .select(['action', 'actor_name'])
        .where('entity', '=', 'plan_action')
        .where('entity_id', '=', String(action.id))
        .where('action', '=', 'action.update')
        .execute();
      expect(audit).toEqual([{ action: 'action.update', actor_name: 'Test owner' }]);
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
