import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { addFinding, addRecommendation } from '../../src/app/plans/edit.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

describeEachDatabase(
  'adding to a plan refuses a code or number it already has',
  (store) => {
    it('names the duplicate, and adds a new one', async () => {
      const s = store();
      const plan = await s.db
        .selectFrom('finding')
        .select('improvement_plan_id as id')
        .executeTakeFirstOrThrow();
      const rec = await s.db
        .selectFrom('recommendation')
        .select('code')
        .where('improvement_plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      const finding = await s.db
        .selectFrom('finding')
        .select('number')
        .where('improvement_plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      const dup = await addRecommendation(
        s,
        systemActor,
        plan.id,
        { code: rec.code, title: 'Again' },
        fixedClock,
      ).catch((e: CairnError) => e);
      expect(dup).toBeInstanceOf(CairnError);
      expect((dup as CairnError).details.map((d) => d.message)).toContain(
        `There is already a recommendation ${rec.code} in this plan.`,
      );
      const dupF = await addFinding(
        s,
        systemActor,
        plan.id,
        { number: finding.number, text: 'Again' },
        fixedClock,
      ).catch((e: CairnError) => e);
      expect((dupF as CairnError).details.map((d) => d.message)).toContain(
        `There is already a finding ${finding.number} in this plan.`,
      );
      expect(await addRecommendation(s, systemActor, plan.id, { code: 'Z9', title: 'New' }, fixedClock)).toBe(
        'Z9',
      );
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
