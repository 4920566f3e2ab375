/**
 * Issue 19: over-long text is refused with the limit and the length, and kept in the form — never
 * acknowledged and then stored cut short.
 */
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { assignAction } from '../../src/app/plans/updates.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, csrfOf, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand();
const clock = clockAt('2017-10-02T09:00:00Z');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
/** Words, as a person might type them: exactly `n` characters, ending with a full stop. */
const typed = (n: number) =>
  `${'The service recovered after recruitment. '.repeat(Math.ceil(n / 41)).slice(0, n - 1)}.`;
const html = (text: string) => text.replace(/&/g, '&amp;');

describeEachDatabase(
  'text limits',
  (store) => {
    it('refuses a 6,314-character commentary, says the limit and the length, and keeps it in the form', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const seven = await s.db
        .selectFrom('indicator')
        .select('id')
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      const owner = await sessionFor(s, clock, 'owner');
      await assignIndicators(s, systemActor, owner.userId, [seven.id], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      const form = await app.inject({ url: paths.update(round.id, seven.id), cookies: owner.cookies });
      const commentary = typed(6314);
      const res = await app.inject({
        method: 'POST',
        url: paths.update(round.id, seven.id),
        cookies: owner.cookies,
        payload: {
          _csrf: csrfOf(form.body),
          version: versionOf(form.body),
          actual: '5900',
          outlook: 'improving',
          commentary,
          action: 'save',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Commentary must be 5,000 characters or fewer — you entered 6,314');
      expect(res.body).toContain(html(commentary));
      const stored = await s.db
        .selectFrom('indicator_value')
        .select('commentary')
        .where('indicator_id', '=', seven.id)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirst();
      expect(stored).toBeUndefined();

      // The evidence link: refused over 2,000 characters, and shown again as typed.
      const url = `https://intranet.example/${'a'.repeat(2100)}`;
      const evidence = await app.inject({
        method: 'POST',
        url: paths.evidence(round.id, seven.id),
        cookies: owner.cookies,
        payload: { _csrf: csrfOf(form.body), evidenceUrl: url },
      });
      expect(evidence.statusCode).toBe(400);
      expect(evidence.body).toContain(
        'The web address must be 2,000 characters or fewer — you entered 2,125',
      );
      expect(evidence.body).toContain(`value="${url}"`);
      expect(await s.db.selectFrom('value_evidence').select('id').execute()).toEqual([]);

      // An outcome's reason.
      const perf = await sessionFor(s, clock, 'performance');
      const outcome = await s.db
        .selectFrom('outcome')
        .select('id')
        .where('plan_id', '=', plan.id)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const page = await app.inject({
        url: paths.outcomeRating(round.id, outcome.id),
        cookies: perf.cookies,
      });
      expect(page.statusCode).toBe(200);
      const reason = typed(5001);
      const judged = await app.inject({
        method: 'POST',
        url: paths.outcomeRating(round.id, outcome.id),
        cookies: perf.cookies,
        payload: { _csrf: csrfOf(page.body), rating: 'amber', reason },
      });
      expect(judged.statusCode).toBe(400);
      expect(judged.body).toContain('The reason must be 5,000 characters or fewer — you entered 5,001');
      expect(judged.body).toContain(html(reason));
      const fits = await app.inject({
        method: 'POST',
        url: paths.outcomeRating(round.id, outcome.id),
        cookies: perf.cookies,
        payload: { _csrf: csrfOf(page.body), rating: 'amber', reason: typed(5000) },
      });
      expect(fits.statusCode).toBe(303);
    });

    it('refuses an action update over 10,000 characters instead of saving the first 10,000', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const owner = await sessionFor(s, clock, 'owner');
      const action = await s.db
        .selectFrom('plan_action')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await assignAction(s, systemActor, action.id, owner.userId, clock);
      const form = await app.inject({ url: paths.yourAction(action.id), cookies: owner.cookies });
      const updatesOf = () =>
        s.db.selectFrom('action_update').select('id').where('action_id', '=', action.id).execute();
      const before = await updatesOf();
      const text = typed(12_345);
      const res = await app.inject({
        method: 'POST',
        url: paths.yourAction(action.id),
        cookies: owner.cookies,
        payload: {
          _csrf: csrfOf(form.body),
          version: versionOf(form.body),
          status: 'at-risk',
          text,
          review: '',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('The update must be 10,000 characters or fewer — you entered 12,345');
      expect(res.body).toContain(html(text));
      expect(await updatesOf()).toEqual(before);
    });
  },
  async (s) => {
    await loadDemo(s, clockAt('2017-10-01T09:00:00Z'));
  },
);
