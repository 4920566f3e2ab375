/**
 * Direction of travel across the plan boundary (issue 12), on each database. Oxfordshire rates Red
 * only a figure beyond tolerance that is also worse than the same period last year; a Q1 2018-19
 * figure is compared with Q1 2017-18's, which belongs to last year's plan — found through the link
 * the 2018-19 plan's indicator keeps to the one it continues, even when it was renumbered. The figure
 * form, the scorecard and re-rating all read it, and the indicator page shows both years.
 */
import { expect, it } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor, userActor } from '../../src/app/audit.js';
import type { Clock } from '../../src/app/clock.js';
import { saveFigure } from '../../src/app/collection/figures.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { approveFramework, startNextYear, submitFramework } from '../../src/app/framework-year.js';
import { rerateIndicator } from '../../src/app/rerate.js';
import { buildScorecard } from '../../src/app/scorecard.js';
import { parsePeriod } from '../../src/domain/periods.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const clock: Clock = { now: () => new Date('2018-07-10T09:00:00Z') };

async function person(
  store: Store,
  email: string,
  role: SignedInUser['role'],
  directorate: string | null = null,
): Promise<SignedInUser> {
  const u = await createAccount(
    store,
    systemActor,
    { email, name: email.split('@')[0]!, role, password: 'correct horse battery staple', directorate },
    clock,
  );
  return { id: u.id, name: u.name, email: u.email, role, directorateId: u.directorate_id } as SignedInUser;
}

describeEachDatabase(
  'direction of travel across the plan boundary',
  (store) => {
    it('rates a Q1 2018-19 figure against Q1 2017-18’s under “Red only if worse”, through the link, renumbered or not', async () => {
      const s = store();
      const db = s.db;
      await db.updateTable('council').set({ direction_of_travel: 'red-only-if-worse' }).execute();
      const live = await db.selectFrom('plan').selectAll().executeTakeFirstOrThrow();
      const inPlan = (planId: number, number: string) =>
        db
          .selectFrom('indicator')
          .selectAll()
          .where('plan_id', '=', planId)
          .where('number', '=', number)
          .executeTakeFirstOrThrow();
      // Last year's figures: indicator 1 (target 67%, higher is better) was 50% in Q1 2017-18;
      // indicator 2 (target >28%) was 20%.
      for (const [number, actual] of [
        ['1', 50],
        ['2', 20],
      ] as const)
        await db
          .updateTable('indicator_value')
          .set({ actual })
          .where('indicator_id', '=', (await inPlan(live.id, number)).id)
          .where('period_code', '=', '2017-18-Q1')
          .execute();

      const pat = await person(s, 'pat@perf.example', 'performance');
      const ann = await person(s, 'ann@cabinet.example', 'approver', 'SCS');
      const { planId } = await startNextYear(
        s,
        userActor(pat),
        live.id,
        { title: 'Corporate Plan 2018-19', version: live.version },
        clock,
      );
      // Indicator 2 is renumbered in the new plan: its link to last year's indicator 2 is kept.
      await db
        .updateTable('indicator')
        .set({ number: '2r' })
        .where('plan_id', '=', planId)
        .where('number', '=', '2')
        .execute();
      const v = async () =>
        (await db.selectFrom('plan').select('version').where('id', '=', planId).executeTakeFirstOrThrow())
          .version;
      await submitFramework(s, userActor(pat), planId, await v(), clock);
      await approveFramework(
        s,
        userActor(ann),
        planId,
        { body: 'Cabinet', day: '20', month: '3', year: '2018', minute: '', version: await v() },
        clock,
      );
      const round = await openRound(
        s,
        systemActor,
        { planId, period: 'Q1 2018-19', dueDate: '20/07/2018' },
        clock,
      );
      const one = await inPlan(planId, '1');
      const save = (actual: string, version: number) =>
        saveFigure(s, pat, round.id, one.id, { actual, version }, 'save', clock);

      // 55% is beyond the 10% tolerance of 67%, but better than last year's 50%: Amber.
      const better = await save('55%', 0);
      expect(better.ok).toBe(true);
      expect(better.ok && better.preview.rating).toBe('amber');
      expect(better.ok && better.preview.explanation).toBe(
        'Amber: 55% is 12 percentage points (17.9%) below the target of 67%, beyond the 10% tolerance, but better than 50% in the same period last year.',
      );
      // 45% is worse than last year's: Red.
      const worse = await save('45%', 1);
      expect(worse.ok && worse.preview.rating).toBe('red');
      expect(worse.ok && worse.preview.explanation).toContain(
        'and worse than 50% in the same period last year',
      );
      const stored = await db
        .selectFrom('indicator_value')
        .select(['computed_rating', 'computed_explanation'])
        .where('indicator_id', '=', one.id)
        .where('period_code', '=', '2018-19-Q1')
        .executeTakeFirstOrThrow();
      expect(stored.computed_rating).toBe('red');

      // Last year's figure is corrected to 40%: re-rating reads it across the boundary too.
      await db
        .updateTable('indicator_value')
        .set({ actual: 40 })
        .where('indicator_id', '=', (await inPlan(live.id, '1')).id)
        .where('period_code', '=', '2017-18-Q1')
        .execute();
      const rerated = await db
        .transaction()
        .execute((trx) => rerateIndicator(trx, one.id, systemActor, clock));
      expect(rerated.rerated.map((r) => [r.period, r.before.rating, r.after.rating])).toEqual([
        ['2018-19-Q1', 'red', 'amber'],
      ]);

      // The renumbered indicator: a figure loaded without a stored rating is rated on the scorecard,
      // against last year's 20%. 24% is beyond tolerance of >28% but better: Amber.
      const two = await inPlan(planId, '2r');
      await db
        .insertInto('indicator_value')
        .values({
          indicator_id: two.id,
          period_code: '2018-19-Q1',
          actual: 24,
          updated_at: clock.now().toISOString(),
        })
        .execute();
      const card = await buildScorecard(s, parsePeriod('Q1 2018-19'));
      expect(card.plan.id).toBe(planId);
      const rated = card.priorities
        .flatMap((p) => p.outcomes)
        .flatMap((o) => o.indicators)
        .find((i) => i.number === '2r')!;
      expect(rated.rating).toBe('amber');
      expect(rated.explanation).toContain('but better than 20% in the same period last year');

      // Without the council's policy the same figure is Red: the comparison is the policy's, not a default.
      await db.updateTable('council').set({ direction_of_travel: 'none' }).execute();
      const plain = (await buildScorecard(s, parsePeriod('Q1 2018-19'))).priorities
        .flatMap((p) => p.outcomes)
        .flatMap((o) => o.indicators)
        .find((i) => i.number === '2r')!;
      expect(plain.rating).toBe('red');
      await db.updateTable('council').set({ direction_of_travel: 'red-only-if-worse' }).execute();

      // The indicator page shows both years, each row with its plan year, in the table under the chart.
      const app = buildApp({ store: s, clock, brand: testBrand() });
      const { cookies } = await sessionFor(s, clock, 'viewer');
      const page = await app.inject({
        url: paths.indicator(planId, '2r', { period: '2018-19-Q1' }),
        cookies,
      });
      expect(page.statusCode).toBe(200);
      const html = page.body.replace(/\s+/g, ' ');
      expect(html).toContain('Each quarter, latest first: 2017-18 to 2018-19, across plans');
      expect(html).toContain('<th scope="col" class="govuk-table__header">Plan year</th>');
      expect(html).toContain(
        `href="${paths.indicator(live.id, '2', { period: '2017-18-Q1' })}">Q1 2017-18</a>`,
      );
      expect(html).toContain('2017-18</span><span class="govuk-body-s cairn-block">as indicator 2</span>');
      expect(html).toMatch(
        /Q1 2018-19<\/a><\/th> <td class="govuk-table__cell"><span class="cairn-nowrap">2018-19<\/span><\/td>/,
      );
      expect(html).toContain('<svg');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
