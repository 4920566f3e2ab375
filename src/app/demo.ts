/**
 * Loads the demo: Oxfordshire County Council's Corporate Plan 2017-18 framework and the Q1 2017-18
 * ratings and outlooks as published to Cabinet (seed 003), and three plans: the LGA Corporate Peer
 * Challenge action plan (seed 001), the improvement plan after inspection (seed 004) and the Business
 * Plan 2021-22's equalities activities (seed 000). See docs/demo-notes.md.
 */
import { loadDemoFinance } from './demo-finance.js';
import { oxfordshireFramework, oxfordshireQ1 } from '../demo/oxfordshire-2017-18.js';
import { dataPeriodFor, parsePeriod } from '../domain/periods.js';
import type { Store } from '../storage/database.js';
import { setCouncil, setOutcomeJudgement, upsertValue } from '../storage/performance-repository.js';
import { isoNow, type Clock } from './clock.js';
import { saveFrameworkDocument } from './framework.js';
import { businessPlan } from '../demo/business-plan-2021-22.js';
import { inspectionPlan } from '../demo/inspection-2002.js';
import { peerChallengePlan } from '../demo/peer-challenge-2024.js';
import { findImprovementPlanByTitle } from '../storage/plans-repository.js';
import { systemActor } from './audit.js';
import { importPlanDocument } from './plans/import.js';
import { transaction } from '../storage/transaction.js';
import { hasAccounts, hasPlans, planIndicators, planOutcomes } from '../storage/demo.js';

/** The demo's improvement, action and business plans (seeds 001, 004, 000). */
export const DEMO_PLANS = [peerChallengePlan, inspectionPlan, businessPlan];

/** Loads the demo plans that are not there yet (by title); returns their ids in DEMO_PLANS order. */
export async function loadDemoPlans(store: Store, clock: Clock): Promise<number[]> {
  const ids: number[] = [];
  for (const doc of DEMO_PLANS) {
    const existing = await findImprovementPlanByTitle(store.db, doc.plan.title);
    ids.push(
      existing?.id ??
        (await importPlanDocument(store, systemActor, doc, clock, { source: 'The demo' })).planId,
    );
  }
  return ids;
}

export const DEMO_COUNCIL = { name: 'Oxfordshire County Council', shortName: 'Oxfordshire' };

/** True when the database already holds a plan. */
/** The demo administrator's email address (its password is made at start-up and shown once). */
export const DEMO_ADMIN_EMAIL = 'admin@demo.cairn.example';

export async function hasAnyAccount(store: Store): Promise<boolean> {
  return hasAccounts(store.db);
}

export async function hasAnyPlan(store: Store): Promise<boolean> {
  return hasPlans(store.db);
}

export async function loadDemo(store: Store, clock: Clock): Promise<{ planId: number }> {
  const now = isoNow(clock);
  const saved = await saveFrameworkDocument(store, oxfordshireFramework, clock);
  const period = parsePeriod(oxfordshireQ1.period);
  await transaction(store.db, async (trx) => {
    await setCouncil(trx, DEMO_COUNCIL);
    const indicators = await planIndicators(trx, saved.planId);
    const byNumber = new Map(indicators.map((i) => [i.number, i]));
    for (const r of oxfordshireQ1.indicators) {
      const ind = byNumber.get(r.number);
      if (!ind) throw new Error(`Demo data: indicator ${r.number} is not in the framework`);
      await upsertValue(
        trx,
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
    const outcomes = await planOutcomes(trx, saved.planId);
    for (const j of oxfordshireQ1.judgedOutcomes) {
      const o = outcomes.find((x) => x.code === j.outcome || x.title === j.outcome);
      if (!o) throw new Error(`Demo data: judged outcome ${j.outcome} is not in the framework`);
      await setOutcomeJudgement(trx, {
        outcomeId: o.id,
        periodCode: period.code,
        rating: j.rating,
        reason: j.reason,
        setBy: oxfordshireQ1.setBy,
        setAt: now,
      });
    }
    await loadDemoFinance(trx, now);
  });
  await loadDemoPlans(store, clock);
  return { planId: saved.planId };
}
