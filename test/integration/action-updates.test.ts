import { expect, it } from 'vitest';
import { userActor } from '../../src/app/audit.js';
import { loadDemoPlans } from '../../src/app/demo.js';
import type { CairnError } from '../../src/app/errors.js';
import {
  ActionConflictError,
  actionsForUser,
  assignAction,
  recordActionUpdate,
} from '../../src/app/plans/updates.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { actionUpdates } from '../../src/storage/plans-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

describeEachDatabase('recording an action update (the use case "Your updates" plugs in)', (store) => {
  it('assigns an action to an account, records updates with their history, and refuses a stale version with what was saved', async () => {
    const [peerId] = await loadDemoPlans(store(), fixedClock);
    const owner = await insertUser(
      store().db,
      {
        email: 'lead@council.example',
        name: 'Pat Lead',
        role: 'owner',
        passwordHash: null,
        directorateId: null,
      },
      fixedClock.now().toISOString(),
    );
    const action = await store()
      .db.selectFrom('plan_action')
      .selectAll()
      .where('improvement_plan_id', '=', peerId!)
      .where('code', '=', '4.3')
      .executeTakeFirstOrThrow();
    const admin = { id: 'user:0', name: 'Admin' };
    await assignAction(store(), admin, action.id, owner.id, fixedClock);
    const mine = await actionsForUser(store(), owner.id);
    expect(mine.map((a) => [a.code, a.planTitle])).toEqual([
      ['4.3', 'LGA Corporate Peer Challenge action plan'],
    ]);

    const me = userActor(owner);
    const first = await recordActionUpdate(
      store(),
      me,
      {
        actionId: action.id,
        status: 'Ongoing',
        text: 'Dashboards commissioned.',
        expectedVersion: mine[0]!.version,
      },
      fixedClock,
    );
    expect(first.version).toBe(mine[0]!.version + 1);
    // Someone else, still looking at the old version, is refused, and told what was saved.
    const stale = await recordActionUpdate(
      store(),
      admin,
      { actionId: action.id, status: 'complete', text: 'Done!', expectedVersion: mine[0]!.version },
      fixedClock,
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ActionConflictError);
    expect((stale as ActionConflictError).saved).toMatchObject({
      version: first.version,
      statusText: 'Ongoing',
      text: 'Dashboards commissioned.',
      recordedBy: 'Pat Lead',
    });
    const done = await recordActionUpdate(
      store(),
      me,
      { actionId: action.id, status: 'complete', text: 'Live in Power BI.', expectedVersion: first.version },
      fixedClock,
    );
    const after = await store()
      .db.selectFrom('plan_action')
      .selectAll()
      .where('id', '=', action.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      status: 'complete',
      status_text: 'Complete',
      version: done.version,
      completed_on: '2017-10-17',
    });
    const history = await actionUpdates(store().db, action.id);
    expect(history.map((u) => u.text)).toEqual([
      'New reporting dashboards are being commissioned to enable effective monitoring of KPIs.',
      'Dashboards commissioned.',
      'Live in Power BI.',
    ]);
    const audit = await store()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('entity', '=', 'plan_action')
      .where('entity_id', '=', String(action.id))
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['action.assign', 'action.update', 'action.update']);
    expect(JSON.parse(audit[1]!.after!)).toMatchObject({
      statusText: 'Ongoing',
      text: 'Dashboards commissioned.',
    });
  });

  it('says what to fix, and writes nothing, for a missing status or text or a review of another plan', async () => {
    const action = await store()
      .db.selectFrom('plan_action')
      .select(['id', 'version'])
      .executeTakeFirstOrThrow();
    const bad = (await recordActionUpdate(
      store(),
      { id: 'x', name: 'X' },
      { actionId: action.id, status: 'purple', text: ' ', expectedVersion: action.version },
      fixedClock,
    ).catch((e: unknown) => e)) as CairnError;
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.details.map((d) => d.field)).toEqual(['status', 'text']);
    const wrong = (await recordActionUpdate(
      store(),
      { id: 'x', name: 'X' },
      {
        actionId: action.id,
        reviewId: 999999,
        status: 'on-track',
        text: 'x',
        expectedVersion: action.version,
      },
      fixedClock,
    ).catch((e: unknown) => e)) as CairnError;
    expect(wrong.details[0]!.field).toBe('review');
    const missing = (await recordActionUpdate(
      store(),
      { id: 'x', name: 'X' },
      { actionId: 999999, status: 'on-track', text: 'x', expectedVersion: 1 },
      fixedClock,
    ).catch((e: unknown) => e)) as CairnError;
    expect(missing.code).toBe('NOT_FOUND');
    const audit = await store().db.selectFrom('audit_event').select('id').where('actor', '=', 'x').execute();
    expect(audit).toEqual([]);
  });
});
