/**
 * Loads the demo: Oxfordshire County Council's Corporate Plan 2017-18 framework and the Q1 2017-18
 * ratings and outlooks as published to Cabinet (seed 003). See docs/demo-notes.md.
 */
import { oxfordshireFramework, oxfordshireQ1 } from '../demo/oxfordshire-2017-18.js';
import { dataPeriodFor, parsePeriod } from '../domain/periods.js';
import type { Store } from '../storage/database.js';
import { setCouncil, setOutcomeJudgement, upsertValue } from '../storage/performance-repository.js';
import { isoNow, type Clock } from './clock.js';
import { saveFrameworkDocument } from './framework.js';

export const DEMO_COUNCIL = { name: 'Oxfordshire County Council', shortName: 'Oxfordshire' };

/** True when the database already holds a plan. */
/** The demo administrator's email address (its password is made at start-up and shown once). */
export const DEMO_ADMIN_EMAIL = 'admin@demo.cairn.example';

export async function hasAnyAccount(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('user_account').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function hasAnyPlan(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('plan').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function loadDemo(store: Store, clock: Clock): Promise<{ planId: number }> {
  const now = isoNow(clock);
  const saved = await saveFrameworkDocument(store, oxfordshireFramework, clock);
  const period = parsePeriod(oxfordshireQ1.period);
  await store.db.transaction().execute(async (trx) => {
    const db = trx as unknown as Store['db'];
    await setCouncil(db, DEMO_COUNCIL);
    const indicators = await trx
      .selectFrom('indicator')
      .select(['id', 'number', 'in_arrears'])
      .where('plan_id', '=', saved.planId)
      .execute();
    const byNumber = new Map(indicators.map((i) => [i.number, i]));
    for (const r of oxfordshireQ1.indicators) {
      const ind = byNumber.get(r.number);
      if (!ind) throw new Error(`Demo data: indicator ${r.number} is not in the framework`);
      await upsertValue(
        db,
        {
          indicatorId: ind.id,
          // A figure reported in arrears belongs to the earlier period it measures.
          periodCode: dataPeriodFor(period, ind.in_arrears).code,
          outlook: r.outlook,
          manual: {
            rating: r.rating,
            source: 'reported',
            reason: r.note,
            setBy: oxfordshireQ1.setBy,
            setAt: now,
          },
        },
        now,
      );
    }
    const outcomes = await trx
      .selectFrom('outcome')
      .select(['id', 'code', 'title'])
      .where('plan_id', '=', saved.planId)
      .execute();
    for (const j of oxfordshireQ1.judgedOutcomes) {
      const o = outcomes.find((x) => x.code === j.outcome || x.title === j.outcome);
      if (!o) throw new Error(`Demo data: judged outcome ${j.outcome} is not in the framework`);
      await setOutcomeJudgement(db, {
        outcomeId: o.id,
        periodCode: period.code,
        rating: j.rating,
        reason: j.reason,
        setBy: oxfordshireQ1.setBy,
        setAt: now,
      });
    }
  });
  return { planId: saved.planId };
}
