import { expect, it } from 'vitest';
import { loadDemoPlans, DEMO_PLANS } from '../../src/app/demo.js';
import { loadPlanProgress } from '../../src/app/plans/progress.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';

const today = clockAt('2026-01-15T12:00:00Z');

describeEachDatabase('the demo plans against seeds 001, 004 and 000', (store) => {
  let ids: number[] = [];
  it('loads the three plans once', async () => {
    ids = await loadDemoPlans(store(), fixedClock);
    expect(await loadDemoPlans(store(), fixedClock)).toEqual(ids);
    const n = await store()
      .db.selectFrom('improvement_plan')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('seed 001: ten recommendations, 55 actions, 39 Complete, 15 Ongoing, one with no status printed', async () => {
    const { data, progress } = await loadPlanProgress(store(), ids[0]!, today, { withUpdates: true });
    expect(data.recommendations.map((r) => r.code)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(data.actions).toHaveLength(55);
    expect(data.actions.filter((a) => a.statusText === 'Complete')).toHaveLength(39);
    expect(data.actions.filter((a) => a.statusText === 'Ongoing')).toHaveLength(15);
    expect(progress.counts).toMatchObject({ complete: 39, 'on-track': 15, 'not-recorded': 1, total: 55 });
    // Actions per recommendation, as printed.
    expect(data.recommendations.map((r) => progress.byRecommendation.get(r.id)!.total)).toEqual([
      16, 6, 3, 5, 3, 2, 8, 2, 3, 7,
    ]);
    expect(data.recommendations.map((r) => r.bullets.length)).toEqual([1, 2, 4, 2, 1, 3, 3, 1, 3, 4]);
    // Every action has its October 2024 update.
    const october = data.reviews.find((r) => r.title === 'October 2024 & final update')!;
    for (const a of data.actions) expect(data.updates.get(a.id)?.[0]?.reviewId).toBe(october.id);
    // As at today every Ongoing action's target has passed.
    expect(progress.counts.overdue).toBe(15);
  });

  it('seed 001 as at the October 2024 review: only the September 2024 target had passed', async () => {
    const { data } = await loadPlanProgress(store(), ids[0]!, today);
    const october = data.reviews.find((r) => r.title === 'October 2024 & final update')!;
    const { progress } = await loadPlanProgress(store(), ids[0]!, today, { reviewId: october.id });
    expect(progress.overdue.map((a) => [a.code, a.targetText])).toEqual([['10.2', 'September 2024']]);
    expect(progress.counts).toMatchObject({ complete: 39, 'on-track': 15, 'not-recorded': 1 });
    // As at the April review nothing was yet recorded: the paper prints only the October update.
    const april = data.reviews.find((r) => r.title === '9 April 2024 progress review')!;
    const then = await loadPlanProgress(store(), ids[0]!, today, { reviewId: april.id });
    expect(then.progress.counts).toMatchObject({ 'not-recorded': 55, overdue: 0 });
  });

  it('seed 004: 13 recommendations, 50 weaknesses, 87 items; coverage finds what the seed leaves out', async () => {
    const { data, progress } = await loadPlanProgress(store(), ids[1]!, today);
    expect(data.recommendations.map((r) => r.code)).toEqual([
      '1a',
      '1c',
      '1d',
      '2d',
      '1b',
      '1e',
      '2c',
      '3a',
      '3b',
      '3c',
      '3d',
      '2a',
      '2b',
    ]);
    expect(data.themes).toHaveLength(3);
    expect(data.findings).toHaveLength(50);
    expect(data.actions).toHaveLength(87);
    expect(data.findings.find((f) => f.number === '24')?.theme).toBe('prioritisation');
    expect(progress.coverage.unaddressed).toEqual(['24', '36', '39', '40', '41', '46']);
    expect(progress.coverage.dangling).toEqual([
      { action: '2b.1', kind: 'finding', ref: '51' },
      { action: '2b.4', kind: 'finding', ref: '51' },
    ]);
    expect(progress.coverage.addressedBy.get('45')).toEqual(['3c.1', '3c.3']);
    const ongoing = data.actions.find((a) => a.targetText === 'On going');
    expect(ongoing?.targetDue).toBeNull();
  });

  it('seed 000: the 18 equalities-impact activities of the Business Plan 2021-22', async () => {
    const { data } = await loadPlanProgress(store(), ids[2]!, today);
    expect(data.plan.kind).toBe('business');
    expect(data.actions).toHaveLength(18);
    expect(data.actions.every((a) => a.tags.includes('equalities impact'))).toBe(true);
    expect(DEMO_PLANS[2]!.actions.every((a) => !a.supports?.length)).toBe(true);
  });

  it('records the import in the audit trail', async () => {
    const rows = await store()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'plan.import')
      .execute();
    expect(rows).toHaveLength(3);
  });
});
