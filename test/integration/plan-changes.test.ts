import { expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { addAction } from '../../src/app/plans/actions.js';
import {
  addFinding,
  addRecommendation,
  changeFinding,
  changePlan,
  changeRecommendation,
  changeTheme,
  createPlan,
} from '../../src/app/plans/edit.js';
import { removeFinding, removeRecommendation } from '../../src/app/plans/remove.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

const officer: Actor = { id: 'user:99', name: 'Test officer' };

/** The error a call throws (a test fails if it does not throw one). */
async function refusal(p: Promise<unknown>): Promise<CairnError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CairnError);
  return e as CairnError;
}

async function auditOf(s: Store, action: string) {
  return s.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();
}

describeEachDatabase(
  'changing and removing the parts of a plan',
  (store) => {
    let planId = 0;
    const version = async (table: 'recommendation' | 'finding' | 'plan_theme', col: string, key: string) =>
      (
        await store()
          .db.selectFrom(table)
          .select('version')
          .where('improvement_plan_id', '=', planId)
          .where(col as 'id', '=', key as never)
          .executeTakeFirstOrThrow()
      ).version;
    const citations = async (kind: string) =>
      (
        await store()
          .db.selectFrom('action_citation')
          .innerJoin('plan_action', 'plan_action.id', 'action_citation.action_id')
          .select(['plan_action.code', 'action_citation.ref'])
          .where('plan_action.improvement_plan_id', '=', planId)
          .where('action_citation.kind', '=', kind)
          .orderBy('plan_action.code')
          .orderBy('action_citation.ref')
          .execute()
      ).map((c) => `${c.code}→${c.ref}`);

    it('sets up a plan to change', async () => {
      const s = store();
      planId = await createPlan(
        s,
        systemActor,
        { title: 'Audit plan', kind: 'improvement', basis: 'audit', strategy: '1' },
        fixedClock,
      );
      const adds: [typeof addAction, Record<string, string>][] = [
        [addRecommendation, { code: 'R1', title: 'Controls', theme: 'Governance' }],
        [addRecommendation, { code: 'R2', title: 'Training' }],
        [addRecommendation, { code: 'R3', title: 'Spare' }],
        [addFinding, { number: '1', text: 'Access not reviewed', recommendation: 'R1' }],
        [addFinding, { number: '2', text: 'No log' }],
        [addFinding, { number: '3', text: 'Nothing cites this' }],
        [
          addAction,
          {
            code: 'A1',
            recommendation: 'R1',
            title: 'Review access',
            findings: '1, 2',
            recommendations: 'r2',
          },
        ],
        [addAction, { code: 'A2', title: 'Link to the strategy', supports: 'O2', findings: '2' }],
      ];
      for (const [add, input] of adds) await add(s, systemActor, planId, input, fixedClock);
    });

    it('changes a recommendation, moving the citations of its old code, and audits before and after', async () => {
      const s = store();
      const v = await version('recommendation', 'code', 'R2');
      expect(v).toBe(1);
      const code = await changeRecommendation(
        s,
        officer,
        planId,
        { key: 'R2', version: v },
        {
          code: 'R2a',
          title: 'Training for staff',
          body: 'All staff.',
          bullets: '• Induction\n• Refresher',
          theme: 'People',
        },
        fixedClock,
      );
      expect(code).toBe('R2a');
      const row = await s.db
        .selectFrom('recommendation')
        .innerJoin('plan_theme', 'plan_theme.id', 'recommendation.theme_id')
        .select([
          'recommendation.title',
          'recommendation.body',
          'recommendation.bullets',
          'recommendation.version',
          'plan_theme.title as theme',
        ])
        .where('recommendation.improvement_plan_id', '=', planId)
        .where('recommendation.code', '=', 'R2a')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        title: 'Training for staff',
        body: 'All staff.',
        bullets: JSON.stringify(['Induction', 'Refresher']),
        version: 2,
        theme: 'People',
      });
      // A1 cited "r2" (matched as the coverage check matches); it now cites the new code.
      expect(await citations('recommendation')).toEqual(['A1→R2a']);
      const [record] = await auditOf(s, 'recommendation.change');
      expect(record!.actor_name).toBe('Test officer');
      expect(JSON.parse(record!.before!)).toMatchObject({ code: 'R2', title: 'Training', version: 1 });
      expect(JSON.parse(record!.after!)).toMatchObject({
        code: 'R2a',
        title: 'Training for staff',
        version: 2,
        citationsMoved: ['A1'],
      });
    });

    it('refuses a stale change, saving and auditing nothing', async () => {
      const s = store();
      const before = await auditOf(s, 'recommendation.change');
      const stale = await refusal(
        changeRecommendation(
          s,
          officer,
          planId,
          { key: 'R2a', version: 1 },
          { code: 'R2a', title: 'Older view' },
          fixedClock,
        ),
      );
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toContain('Someone else changed recommendation R2a while you were editing it');
      expect(await version('recommendation', 'code', 'R2a')).toBe(2);
      expect(await auditOf(s, 'recommendation.change')).toHaveLength(before.length);
      const staleFinding = await refusal(
        changeFinding(s, officer, planId, { key: '3', version: 7 }, { number: '3', text: 'x' }, fixedClock),
      );
      expect(staleFinding.code).toBe('CONFLICT');
    });

    it('checks a change as it checks an addition: a code, number or title the plan has is refused', async () => {
      const s = store();
      const dup = await refusal(
        changeRecommendation(
          s,
          officer,
          planId,
          { key: 'R2a', version: 2 },
          { code: 'R1', title: '' },
          fixedClock,
        ),
      );
      expect(dup.code).toBe('INVALID_INPUT');
      expect(dup.details.map((d) => d.message)).toEqual([
        'Enter the recommendation’s title.',
        'There is already a recommendation R1 in this plan.',
      ]);
      const dupF = await refusal(
        changeFinding(
          s,
          officer,
          planId,
          { key: '3', version: 1 },
          { number: '1', text: 'T', recommendation: 'R9' },
          fixedClock,
        ),
      );
      expect(dupF.details.map((d) => d.message)).toEqual([
        'There is already a finding 1 in this plan.',
        'There is no recommendation R9 in this plan.',
      ]);
      await addRecommendation(s, officer, planId, { code: 'R4', title: 'x', theme: 'Other' }, fixedClock);
      const theme = await s.db
        .selectFrom('plan_theme')
        .select(['code', 'version'])
        .where('improvement_plan_id', '=', planId)
        .where('title', '=', 'Governance')
        .executeTakeFirstOrThrow();
      const dupT = await refusal(
        changeTheme(
          s,
          officer,
          planId,
          { key: theme.code, version: theme.version },
          { code: 'Other', title: 'People' },
          fixedClock,
        ),
      );
      expect(dupT.details.map((d) => d.message)).toEqual([
        'There is already a theme Other in this plan.',
        'There is already a theme called “People” in this plan.',
      ]);
      const otherPlan = await createPlan(s, officer, { title: 'Another plan', kind: 'action' }, fixedClock);
      const dupP = await refusal(
        changePlan(s, officer, otherPlan, { title: 'Audit plan', kind: 'action' }, 1, fixedClock),
      );
      expect(dupP.details.map((d) => d.message)).toEqual([
        'There is already a plan called “Audit plan”: choose another title.',
      ]);
      // Its own code, number and title are not duplicates.
      expect(
        await changeRecommendation(
          s,
          officer,
          planId,
          { key: 'R2a', version: 2 },
          { code: 'R2a', title: 'Training' },
          fixedClock,
        ),
      ).toBe('R2a');
      await changePlan(
        s,
        officer,
        otherPlan,
        { title: 'Another plan', kind: 'business', basis: 'audit' },
        1,
        fixedClock,
      );
      const other = await s.db
        .selectFrom('improvement_plan')
        .selectAll()
        .where('id', '=', otherPlan)
        .executeTakeFirstOrThrow();
      expect(other).toMatchObject({ kind: 'business', basis: null, version: 2 });
    });

    it('changes a theme, a finding (moving citations of its number) and the plan’s details', async () => {
      const s = store();
      const theme = await s.db
        .selectFrom('plan_theme')
        .select(['id', 'code', 'version'])
        .where('improvement_plan_id', '=', planId)
        .where('title', '=', 'Governance')
        .executeTakeFirstOrThrow();
      expect(
        await changeTheme(
          s,
          officer,
          planId,
          { key: theme.code, version: theme.version },
          { code: 'G', title: 'Good governance' },
          fixedClock,
        ),
      ).toBe('G');
      const r1 = await s.db
        .selectFrom('recommendation')
        .select('theme_id')
        .where('improvement_plan_id', '=', planId)
        .where('code', '=', 'R1')
        .executeTakeFirstOrThrow();
      expect(r1.theme_id).toBe(theme.id);

      expect(
        await changeFinding(
          s,
          officer,
          planId,
          { key: '2', version: 1 },
          { number: '2b', text: 'No audit log', theme: 'Control', recommendation: 'R1' },
          fixedClock,
        ),
      ).toBe('2b');
      expect(await citations('finding')).toEqual(['A1→1', 'A1→2b', 'A2→2b']);
      const [fRecord] = await auditOf(s, 'finding.change');
      expect(JSON.parse(fRecord!.after!)).toMatchObject({
        number: '2b',
        text: 'No audit log',
        citationsMoved: ['A1', 'A2'],
      });

      const plan = await s.db
        .selectFrom('improvement_plan')
        .selectAll()
        .where('id', '=', planId)
        .executeTakeFirstOrThrow();
      // A2 supports outcome O2 of the strategy: the strategy cannot change under it.
      const linked = await refusal(
        changePlan(
          s,
          officer,
          planId,
          { title: 'Audit plan', kind: 'improvement', basis: 'audit', strategy: '' },
          plan.version,
          fixedClock,
        ),
      );
      expect(linked.details.map((d) => d.message)).toEqual([
        '1 action supports the current strategy’s priorities, outcomes or indicators (A2): change what it supports first, then the strategy.',
      ]);
      await changePlan(
        s,
        officer,
        planId,
        {
          title: 'Internal audit plan',
          kind: 'improvement',
          basis: 'inspection',
          source: 'Audit 2024',
          owner: 'Head of IT',
          strategy: '1',
        },
        plan.version,
        fixedClock,
      );
      const [pRecord] = (await auditOf(s, 'plan.change')).filter((r) => r.entity_id === String(planId));
      expect(JSON.parse(pRecord!.before!)).toMatchObject({ title: 'Audit plan', basis: 'audit', version: 1 });
      expect(JSON.parse(pRecord!.after!)).toMatchObject({
        title: 'Internal audit plan',
        basis: 'inspection',
        source: 'Audit 2024',
        version: 2,
      });
      const stalePlan = await refusal(
        changePlan(
          s,
          officer,
          planId,
          { title: 'Audit plan', kind: 'improvement' },
          plan.version,
          fixedClock,
        ),
      );
      expect(stalePlan.message).toContain('Someone else changed the plan’s details');
    });

    it('refuses to remove what something depends on, naming it, and removes it otherwise, audited', async () => {
      const s = store();
      const cited = await refusal(removeFinding(s, officer, planId, { key: '1', version: 1 }, fixedClock));
      expect(cited.code).toBe('CONFLICT');
      expect(cited.message).toBe(
        'Finding 1 cannot be removed while anything depends on it: action A1 cites it. Change those first, then remove it.',
      );
      const r1 = await refusal(
        removeRecommendation(s, officer, planId, { key: 'R1', version: 1 }, fixedClock),
      );
      expect(r1.details.map((d) => d.message)).toEqual([
        'action A1 is under it',
        'findings 1, 2b are listed under it',
      ]);
      const r2 = await refusal(
        removeRecommendation(s, officer, planId, { key: 'R2a', version: 3 }, fixedClock),
      );
      expect(r2.details.map((d) => d.message)).toEqual(['action A1 cites it']);
      const stale = await refusal(removeFinding(s, officer, planId, { key: '3', version: 0 }, fixedClock));
      expect(stale.message).toContain('Someone else changed finding 3 after you opened this page');

      await removeFinding(s, officer, planId, { key: '3', version: 1 }, fixedClock);
      await removeRecommendation(s, officer, planId, { key: 'R3', version: 1 }, fixedClock);
      const left = await s.db
        .selectFrom('finding')
        .select('number')
        .where('improvement_plan_id', '=', planId)
        .orderBy('position')
        .execute();
      expect(left.map((f) => f.number)).toEqual(['1', '2b']);
      const [removed] = await auditOf(s, 'finding.remove');
      expect(removed!.actor_name).toBe('Test officer');
      expect(JSON.parse(removed!.before!)).toMatchObject({ number: '3', text: 'Nothing cites this' });
      expect(removed!.after).toBeNull();
      expect(await auditOf(s, 'recommendation.remove')).toHaveLength(1);
      const gone = await refusal(removeFinding(s, officer, planId, { key: '3', version: 1 }, fixedClock));
      expect(gone.code).toBe('NOT_FOUND');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
