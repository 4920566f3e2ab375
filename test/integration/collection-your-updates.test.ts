/**
 * "Your updates" says when the round is due from the round's due date alone (it no longer works out
 * the progress of the whole round for it: every save redirects here).
 */
import { expect, it } from 'vitest';
import { startSession } from '../../src/app/access/sessions.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { prepareRound } from '../../bench/collection-setup.js';
import { syntheticFramework } from '../../bench/synthetic.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';

const clock = movableClock('2022-04-06T09:00:00Z');

describeEachDatabase('Your updates: when the round is due', (store) => {
  it('counts the days to the due date, and says when it has passed', async () => {
    clock.set('2022-04-06T09:00:00Z');
    const s = store();
    const doc = syntheticFramework({
      priorities: 1,
      outcomes: 2,
      indicators: 4,
      directorates: 1,
      years: '2017-18 to 2021-22',
    });
    const { planId } = await saveFrameworkDocument(s, doc, clock);
    const bench = await prepareRound(s, clock, planId, 2); // due a fortnight after 6 April 2022
    const owner = bench.owners[0]!;
    const app = buildApp({
      store: s,
      clock,
      brand: { councilName: 'Test Council', colour: '#1d70b8', logoUrl: null },
    });
    const page = async () => {
      // A session started now: days pass between these visits.
      const token = await startSession(s, clock, owner.id);
      const res = await app.inject({
        url: paths.yourUpdates(bench.roundId),
        cookies: { cairn_session: token },
      });
      expect(res.statusCode).toBe(200);
      return res.body.replace(/\s+/g, ' ');
    };
    expect(await page()).toContain('Due 20 April 2022 (in 14 days).');
    clock.set('2022-04-20T09:00:00Z');
    expect(await page()).toContain('Due today, 20 April 2022.');
    clock.set('2022-04-23T09:00:00Z');
    expect(await page()).toContain('Overdue: was due 20 April 2022 (3 days ago).');
  });
});
