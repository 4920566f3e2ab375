/**
 * The query budget for the data owner saving one figure through the update form: the whole request as
 * the server handles it through `app.inject()` — the session lookup, the permission check, the figure's
 * context, the write and its audit record — counted by a Kysely plugin on the store the app is built
 * with (BEGIN and COMMIT are not queries Kysely compiles, so they are not counted).
 */
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { QueryCounter } from '../../src/storage/query-counter.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, csrfOf, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand();
const clock = clockAt('2017-10-02T09:00:00Z');

/** At most this many queries for one form POST, session lookup included. */
const BUDGET = { failedSave: 12, successfulSave: 10 };

describeEachDatabase(
  'saving a figure: the query budget',
  (store) => {
    it(`takes at most ${BUDGET.failedSave} queries to refuse a figure and ${BUDGET.successfulSave} to save one`, async () => {
      const s = store();
      const counter = new QueryCounter();
      const app = buildApp({ store: { ...s, db: s.db.withPlugin(counter) }, clock, brand });
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const scs = await s.db
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', 'SCS')
        .executeTakeFirstOrThrow();
      const seven = await s.db
        .selectFrom('indicator')
        .select('id')
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      const owner = await sessionFor(s, clock, 'owner', scs.id);
      await assignIndicators(s, systemActor, owner.userId, [seven.id], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      const form = await app.inject({ url: paths.update(round.id, seven.id), cookies: owner.cookies });
      expect(form.statusCode).toBe(200);
      const post = (body: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: paths.update(round.id, seven.id),
          cookies: owner.cookies,
          payload: { _csrf: csrfOf(form.body), ...body },
        });

      counter.reset();
      const refused = await post({ version: '0', actual: '12 approx', action: 'submit' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Actual: &#39;12 approx&#39; is not a number');
      const failed = [...counter.queries];

      counter.reset();
      const saved = await post({ version: '0', actual: '7,000', outlook: 'improving', action: 'save' });
      expect(saved.statusCode).toBe(303);
      const successful = [...counter.queries];

      // The figure was written, once, with its audit record.
      const value = await s.db
        .selectFrom('indicator_value')
        .select(['actual', 'version'])
        .where('indicator_id', '=', seven.id)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(value).toEqual({ actual: 7000, version: 1 });
      expect(successful.filter((q) => q === 'insert').length).toBeGreaterThanOrEqual(2);

      console.info(`failed save: ${failed.length} queries (${failed.join(', ')})`);
      console.info(`successful save: ${successful.length} queries (${successful.join(', ')})`);
      expect(failed.length).toBeLessThanOrEqual(BUDGET.failedSave);
      expect(successful.length).toBeLessThanOrEqual(BUDGET.successfulSave);
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
