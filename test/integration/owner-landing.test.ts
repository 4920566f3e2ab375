/**
 * Issue 21 (polish): a data owner who signs in without asking for a page starts at Your updates for
 * the open round that asks them for figures; with no such round, at the collection page; anyone else,
 * and anyone who asked for a page, where they asked.
 */
import { expect, it } from 'vitest';
import { hashPassword } from '../../src/app/access/passwords.js';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { clockAt } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/databases.js';
import { TEST_PASSWORD, testBrand } from '../support/web.js';

const clock = clockAt('2017-10-02T09:00:00Z');

describeEachDatabase(
  'where a data owner lands after signing in',
  (store) => {
    async function signIn(email: string, returnTo?: string) {
      const app = buildApp({ store: store(), clock, brand: testBrand() });
      const form = await app.inject({ url: paths.signIn() });
      const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')?.value ?? '';
      const res = await app.inject({
        method: 'POST',
        url: paths.signIn(),
        cookies: { cairn_signin_csrf: csrf },
        payload: { _csrf: csrf, email, password: TEST_PASSWORD, ...(returnTo ? { return: returnTo } : {}) },
      });
      expect(res.statusCode).toBe(303);
      return res.headers.location;
    }

    it('sends an owner to the collection page while no open round asks them for anything', async () => {
      expect(await signIn('jo@anytown.example')).toBe(paths.collection());
    });

    it('sends an owner to Your updates for the open round with their indicators; others where they asked', async () => {
      const s = store();
      const jo = await s.db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', 'jo@anytown.example')
        .executeTakeFirstOrThrow();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const seven = await s.db
        .selectFrom('indicator')
        .select('id')
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      await assignIndicators(s, systemActor, jo.id, [seven.id], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      expect(await signIn('jo@anytown.example')).toBe(paths.yourUpdates(round.id));
      expect(await signIn('jo@anytown.example', '/improvement-plans')).toBe('/improvement-plans');
      expect(await signIn('sam@anytown.example')).toBe('/');
    });
  },
  async (s) => {
    await loadDemo(s, clock);
    const scs = await s.db
      .selectFrom('directorate')
      .select('id')
      .where('code', '=', 'SCS')
      .executeTakeFirstOrThrow();
    for (const [email, role] of [
      ['jo@anytown.example', 'owner'],
      ['sam@anytown.example', 'viewer'],
    ] as const)
      await insertUser(
        s.db,
        {
          email,
          name: email,
          role,
          passwordHash: await hashPassword(TEST_PASSWORD),
          directorateId: role === 'owner' ? scs.id : null,
        },
        '2017-10-01T08:00:00Z',
      );
  },
);
