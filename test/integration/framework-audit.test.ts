import { expect, it } from 'vitest';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { verifyAuditTrail } from '../../src/app/audit.js';
import { oxfordshireFramework } from '../../src/demo/oxfordshire-2017-18.js';
import { indicatorHistory } from '../../src/storage/audit-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

describeEachDatabase('the framework in the audit trail', (store) => {
  it('records a framework save and every indicator whose wording or target changed, in its transaction', async () => {
    const s = store();
    await saveFrameworkDocument(s, oxfordshireFramework, fixedClock, { id: 'user:1', name: 'Pat' });
    const changed = {
      ...oxfordshireFramework,
      indicators: oxfordshireFramework.indicators.map((i) =>
        i.number === '7' ? { ...i, target: '9000' } : i,
      ),
    };
    await saveFrameworkDocument(s, changed, fixedClock, { id: 'user:1', name: 'Pat' });
    const plan = await s.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('entity', '=', 'plan')
      .orderBy('id')
      .execute();
    expect(plan.map((p) => p.action)).toEqual(['framework.create', 'framework.update']);
    expect(JSON.parse(plan[1]!.after!)).toMatchObject({ added: [], changed: ['7'], removed: [] });
    const seven = await s.db
      .selectFrom('indicator')
      .select('id')
      .where('number', '=', '7')
      .executeTakeFirstOrThrow();
    const history = await indicatorHistory(s.db, seven.id);
    expect(history.map((h) => h.action)).toEqual(['indicator.update', 'indicator.create']);
    expect(JSON.parse(history[0]!.before!)).toEqual({ target: '8920' });
    expect(JSON.parse(history[0]!.after!)).toEqual({ target: '9000' });
    expect(history[0]!.actor_name).toBe('Pat');
    expect((await verifyAuditTrail(s)).ok).toBe(true);
  });
});
