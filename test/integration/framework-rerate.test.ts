import { expect, it } from 'vitest';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { rerateIndicator } from '../../src/app/rerate.js';
import { rateStored } from '../../src/app/scorecard.js';
import { verifyAuditTrail } from '../../src/app/audit.js';
import type { FrameworkDocument } from '../../src/domain/framework.js';
import { periodFromCode } from '../../src/domain/periods.js';
import { oxfordshireFramework } from '../../src/demo/oxfordshire-2017-18.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

const pat = { id: 'user:1', name: 'Pat' };

function withSeven(change: Partial<FrameworkDocument['indicators'][number]>): FrameworkDocument {
  return {
    ...oxfordshireFramework,
    indicators: oxfordshireFramework.indicators.map((i) => (i.number === '7' ? { ...i, ...change } : i)),
  };
}

describeEachDatabase('re-rating figures when the rules change', (store) => {
  it('re-rates a stored figure in the framework import that changes polarity, and audits it', async () => {
    const s = store();
    await saveFrameworkDocument(s, withSeven({ target: '15', polarity: 'higher' }), fixedClock, pat);
    const seven = await s.db
      .selectFrom('indicator')
      .selectAll()
      .where('number', '=', '7')
      .executeTakeFirstOrThrow();
    // The figure as the collection round stores it: 11 against 15, higher is better → Red.
    const rated = rateStored(
      seven,
      '15',
      { actual: 11 } as never,
      periodFromCode('2017-18-Q1'),
      { kind: 'relative', value: 0.05 },
      'none',
    );
    expect(rated.explanation).toMatch(/below the target of 15/);
    await upsertValue(
      s.db,
      {
        indicatorId: seven.id,
        periodCode: '2017-18-Q1',
        actual: 11,
        computed: {
          rating: rated.kind === 'rated' ? rated.rating : null,
          reason: null,
          explanation: rated.explanation,
        },
      },
      '2017-10-17T09:00:00Z',
    );

    await saveFrameworkDocument(s, withSeven({ target: '15', polarity: 'lower' }), fixedClock, pat);

    const value = await s.db
      .selectFrom('indicator_value')
      .selectAll()
      .where('indicator_id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(value.computed_rating).toBe('green');
    expect(value.computed_explanation).not.toMatch(/below the target/);
    expect(value.actual).toBe(11);
    const audit = await s.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'indicator.rerate')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(String(seven.id));
    expect(JSON.parse(audit[0]!.before!)).toEqual({
      '2017-18-Q1': { rating: 'red', explanation: rated.explanation },
    });
    expect(JSON.parse(audit[0]!.after!)['2017-18-Q1'].rating).toBe('green');
    expect((await verifyAuditTrail(s)).ok).toBe(true);

    // A target change re-rates too; an import that changes nothing re-rates (and audits) nothing.
    await saveFrameworkDocument(s, withSeven({ target: '5', polarity: 'lower' }), fixedClock, pat);
    const after = await s.db
      .selectFrom('indicator_value')
      .select(['computed_rating', 'computed_explanation'])
      .where('indicator_id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(after.computed_rating).toBe('red');
    expect(after.computed_explanation).toMatch(/target of 5/);
    await saveFrameworkDocument(s, withSeven({ target: '5', polarity: 'lower' }), fixedClock, pat);
    const count = await s.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'indicator.rerate')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('rerateIndicator can be called on its own in a transaction (for in-browser editing)', async () => {
    const s = store();
    const seven = await s.db
      .selectFrom('indicator')
      .select('id')
      .where('number', '=', '7')
      .executeTakeFirstOrThrow();
    await s.db.updateTable('indicator').set({ tolerance: '200%' }).where('id', '=', seven.id).execute();
    const r = await s.db
      .transaction()
      .execute((trx) => rerateIndicator(trx, seven.id, pat, fixedClock, 'Tolerance set to 200%'));
    expect(r.rerated.map((x) => x.period)).toEqual(['2017-18-Q1']);
    expect(r.rerated[0]!.after.rating).toBe('amber');
  });
});
