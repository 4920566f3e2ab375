import { expect, it } from 'vitest';
import { allows, ROLES, type Role } from '../../src/app/access/roles.js';
import { SIGN_IN_LIMIT, WRONG_DETAILS } from '../../src/app/access/sessions.js';
import { loadDemo } from '../../src/app/demo.js';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { actionReminderOutbox } from '../../src/storage/action-reminder-repository.js';
import { reminderOutbox } from '../../src/storage/reminder-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, movableClock } from '../support/fixtures.js';
import { sessionFor, TEST_PASSWORD, testBrand, csrfOf } from '../support/web.js';
import { hashPassword } from '../../src/app/access/passwords.js';
import { createRisk } from '../../src/app/risks/register.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { setPublicFlags } from '../../src/app/public-publishing.js';
import { frozenReport, reportDraft } from '../support/public.js';
import { importBenchmarkData } from '../../src/app/benchmark-import.js';
import { createGroup } from '../../src/app/benchmark-groups.js';
import { receiveDataUpload } from '../../src/app/benchmark-uploads.js';
import type { Store } from '../../src/app/store.js';
import type { Clock } from '../../src/app/clock.js';

async function benchmarkingFixtures(store: Store, clock: Clock) {
  const group = await createGroup(
    store,
    systemActor,
    { name: 'Access counties', list: 'E10000025\nE10000031' },
    clock,
  );
  const file = Buffer.from(
    'Area code,Metric code,Metric title,Period,Value\nE10000025,ACC,Access metric,2016/17,1\n',
  );
  await importBenchmarkData(
    store,
    systemActor,
    { fileName: 'access.csv', bytes: file },
    { source: 'Access', overrides: { polarity: 'higher', unit: 'number' } },
    clock,
  );
  const metric = await store.db.selectFrom('benchmark_metric').select('id').executeTakeFirstOrThrow();
  const importId = await receiveDataUpload(
    store,
    systemActor,
    { fileName: 'access.csv', bytes: file },
    'Access',
    clock,
    1024 * 1024,
  );
  return { groupId: group.groups[0]!.id, metricId: metric.id, importId };
}
import { issueToken } from '../../src/app/api/tokens.js';

const brand = testBrand();

describeEachDatabase(
  'sign-in, sessions and the access policy',
  (store) => {
    const clock = movableClock('2017-10-17T09:00:00Z');
    const app = () => buildApp({ store: store(), clock, brand });

    it('checks every route with every role against the one written policy', async () => {
      const a = app();
      await a.ready();
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      // Real ids, so the roles allowed in reach the handlers (which must never fail with a 500).
      const round = await openRound(
        store(),
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        clock,
      );
      const seven = await store()
        .db.selectFrom('indicator')
        .select('id')
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      const outcome = await store()
        .db.selectFrom('outcome')
        .select('id')
        .where('code', '=', 'O20')
        .executeTakeFirstOrThrow();
      const priority = await store()
        .db.selectFrom('priority')
        .select('id')
        .where('code', '=', 'P1')
        .executeTakeFirstOrThrow();
      const owner = await sessionFor(store(), clock, 'owner');
      await assignIndicators(store(), systemActor, owner.userId, [seven.id], clock);
      const action = await store().db.selectFrom('plan_action').select('id').executeTakeFirst();
      // The organisation's pages (issue 12): a directorate with a service and a person in it.
      const directorate = await store().db.selectFrom('directorate').select('id').executeTakeFirstOrThrow();
      const service = await store()
        .db.insertInto('service')
        .values({ directorate_id: directorate.id, code: 'ACC', name: 'Access', position: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const person = await store()
        .db.insertInto('person')
        .values({ name: 'Access Person', directorate_id: directorate.id, service_id: service.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Benchmarking (issue 13): a group, a metric with figures and an upload waiting at its mapping step.
      const bench = await benchmarkingFixtures(store(), clock);
      // A reminder in each outbox (the first row of each, so the same id fills both kinds of route).
      const email = {
        userId: owner.userId,
        recipient: 'owner@test.example',
        subject: 'Reminder',
        body: 'Text',
      };
      await reminderOutbox.add(
        store().db,
        [{ ...email, key: 'access', kind: 'due-soon', roundId: round.id }],
        '2017-10-17',
      );
      await actionReminderOutbox.add(
        store().db,
        [{ ...email, key: 'access', kind: 'action-due', planId: null }],
        '2017-10-17',
      );
      // A risk owned by the data owner, with a submitted review (issue 14).
      const riskId = await createRisk(
        store(),
        systemActor,
        {
          reference: 'ACC1',
          kind: 'directorate',
          title: 'Access risk',
          category: 'Operational',
          owner: String(owner.userId),
          directorate: String(directorate.id),
          inherentLikelihood: '4',
          inherentImpact: '4',
          residualLikelihood: '3',
          residualImpact: '4',
          targetLikelihood: '2',
          targetImpact: '3',
        },
        clock,
      );
      const fill = (url: string) =>
        url
          .replace(':riskActionId', '1')
          .replace(':riskId', String(riskId))
          .replace(':reviewId', '1')
          .replace(':planId', String(plan.id))
          .replace(':item', url.includes('outcomes') ? 'O1' : url.includes('priorities') ? 'P1' : '7')
          .replace(':roundId', String(round.id))
          .replace(':indicatorId', String(seven.id))
          .replace(':outcomeId', String(outcome.id))
          .replace(':priorityId', String(priority.id))
          .replace(':evidenceId', '1')
          .replace(':userId', String(owner.userId))
          .replace(':actionId', String(action?.id ?? 1))
          .replace(':reminderId', '1')
          .replace(':directorateId', String(directorate.id))
          .replace(':serviceId', String(service.id))
          .replace(':personId', String(person.id))
          .replace(':uploadId', '1')
          .replace(':groupId', String(bench.groupId))
          .replace(':metricId', String(bench.metricId))
          .replace(':importId', String(bench.importId))
          .replace(':tokenId', '1')
          .replace(':id', '1');
      expect(a.routeAccess.length).toBeGreaterThanOrEqual(15);
      for (const route of a.routeAccess) {
        // The API and the OData feed take tokens, not sessions: walked with every scope below.
        if (route.access === 'api') continue;
        for (const role of [null, ...ROLES] as (Role | null)[]) {
          const session = role ? await sessionFor(store(), clock, role) : null;
          let csrf = '';
          let cookies: Record<string, string> = session?.cookies ?? {};
          if (route.method === 'POST') {
            if (session) csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
            else {
              const form = await a.inject({ url: paths.signIn() });
              csrf = csrfOf(form.body);
              cookies = { cairn_signin_csrf: csrf };
            }
          }
          const res = await a.inject({
            method: route.method as 'GET' | 'POST',
            url: fill(route.url),
            cookies,
            payload: route.method === 'POST' ? { _csrf: csrf } : undefined,
          });
          const label = `${route.method} ${route.url} as ${role ?? 'nobody'}`;
          if (allows(route.access, role)) {
            expect([401, 403], label).not.toContain(res.statusCode);
            expect(res.statusCode, label).toBeLessThan(500);
            if (res.statusCode === 303) expect(res.headers.location, label).not.toMatch(/^\/sign-in\?return/);
          } else if (!role) {
            if (route.method === 'GET') {
              expect(res.statusCode, label).toBe(303);
              expect(res.headers.location, label).toBe(paths.signIn({ return: fill(route.url) }));
            } else expect(res.statusCode, label).toBe(401);
          } else {
            expect(res.statusCode, label).toBe(403);
            expect(res.body, label).toContain('You do not have access to this page');
          }
        }
      }
    }, 120_000); // a walk of every route × role: about 1,300 requests

    it('checks every API and OData route with no token, each scope of token, and a session instead of a token', async () => {
      const a = app();
      await a.ready();
      const admin = await sessionFor(store(), clock, 'admin');
      const seven = await store()
        .db.selectFrom('indicator')
        .select('id')
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      const tokens: Record<string, string> = {};
      for (const scope of ['public', 'read', 'write'] as const) {
        const r = await issueToken(
          store(),
          { id: admin.userId, name: 'Test admin' },
          { name: scope, scope, expiresInDays: '30', indicatorIds: scope === 'write' ? [seven.id] : [] },
          clock,
        );
        if (!r.ok) throw new Error('token not issued');
        tokens[scope] = r.token;
      }
      const apiRoutes = a.routeAccess.filter((r) => r.access === 'api');
      expect(apiRoutes.length).toBeGreaterThanOrEqual(25);
      for (const route of apiRoutes) {
        const url = route.url.replace(':id', '1');
        const writes = route.method === 'POST';
        const send = (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
          a.inject({
            method: route.method as 'GET' | 'POST',
            url,
            headers,
            cookies,
            payload: writes
              ? { period: '2017-18-Q3', step: 'save', values: [{ indicator: '7' }] }
              : undefined,
          });
        const label = `${route.method} ${route.url}`;
        // Nobody, and a signed-in administrator's session without a token: public data only (nothing
        // is public here, so no rows), and never a write.
        for (const res of [await send({}), await send({}, admin.cookies)]) {
          if (writes) expect(res.statusCode, label).toBe(401);
          else {
            expect([401, 403], label).not.toContain(res.statusCode);
            expect(res.statusCode, label).toBeLessThan(500);
          }
        }
        for (const [scope, token] of Object.entries(tokens)) {
          const res = await send({ authorization: `Bearer ${token}` });
          const may = writes ? scope === 'write' : scope !== 'write';
          if (may) {
            expect([401, 403], `${label} with ${scope}`).not.toContain(res.statusCode);
            expect(res.statusCode, `${label} with ${scope}`).toBeLessThan(500);
          } else expect(res.statusCode, `${label} with ${scope}`).toBe(403);
        }
      }
      // What anyone reads without a token is public: indicators marked public, of public approved plans.
      const publicIds = new Set(
        (
          await store()
            .db.selectFrom('indicator')
            .innerJoin('plan', 'plan.id', 'indicator.plan_id')
            .select('indicator.id')
            .where('indicator.public', '=', 1)
            .where('plan.public', '=', 1)
            .where('plan.status', '=', 'approved')
            .execute()
        ).map((r) => r.id),
      );
      for (const url of [
        '/api/v1/indicators?limit=1000',
        '/api/v1/values?limit=1000',
        '/api/v1/targets?limit=1000',
      ]) {
        const rows = (await a.inject({ url })).json().data as { id: number; indicatorId?: number }[];
        for (const r of rows) expect(publicIds.has(r.indicatorId ?? r.id), url).toBe(true);
      }
    });

    it('signs in with the right password, giving a new session with secure cookie flags each time', async () => {
      await sessionFor(store(), clock, 'viewer');
      const a = app();
      const form = await a.inject({ url: paths.signIn({ return: '/plans/1/matrix' }) });
      expect(form.statusCode).toBe(200);
      const csrfCookie = form.cookies.find((c) => c.name === 'cairn_signin_csrf')!;
      const signIn = (password: string) =>
        a.inject({
          method: 'POST',
          url: paths.signIn(),
          cookies: { cairn_signin_csrf: csrfCookie.value },
          payload: {
            _csrf: csrfOf(form.body),
            email: 'VIEWER@test.example ',
            password,
            return: '/plans/1/matrix',
          },
        });
      const ok = await signIn(TEST_PASSWORD);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe('/plans/1/matrix');
      const session = ok.cookies.find((c) => c.name === 'cairn_session')!;
      expect(session.httpOnly).toBe(true);
      expect(session.sameSite).toBe('Lax');
      const again = (await signIn(TEST_PASSWORD)).cookies.find((c) => c.name === 'cairn_session')!;
      expect(again.value).not.toBe(session.value);
      const page = await a.inject({ url: '/', cookies: { cairn_session: again.value } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Test viewer');
      // A form post without the session's token is refused.
      const forged = await a.inject({
        method: 'POST',
        url: paths.signOut(),
        cookies: { cairn_session: again.value },
        payload: {},
      });
      expect(forged.statusCode).toBe(403);
    });

    it('gives the same message for a wrong password and an unknown account, and makes an account wait after 10 failures', async () => {
      const a = app();
      const form = await a.inject({ url: paths.signIn() });
      const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')!.value;
      const attempt = (email: string, password: string) =>
        a.inject({
          method: 'POST',
          url: paths.signIn(),
          cookies: { cairn_signin_csrf: csrf },
          payload: { _csrf: csrf, email, password },
        });
      const wrong = await attempt('viewer@test.example', 'not the password at all');
      const unknown = await attempt('nobody@test.example', 'not the password at all');
      expect(wrong.statusCode).toBe(400);
      expect(unknown.statusCode).toBe(400);
      for (const r of [wrong, unknown]) expect(r.body).toContain(WRONG_DETAILS);
      for (let n = 2; n <= SIGN_IN_LIMIT.failures; n++)
        await attempt('viewer@test.example', 'still wrong, sorry');
      const locked = await attempt('viewer@test.example', TEST_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.body).toMatch(
        /too many attempts to sign in to this account\. Wait \d+ minutes?, then try again/,
      );
      clock.advance({ minutes: 6 });
      expect((await attempt('viewer@test.example', TEST_PASSWORD)).statusCode).toBe(303);
    });

    it('checks at most 10 of 50 parallel guesses at one account, then refuses the right password', async () => {
      await insertUser(
        store().db,
        {
          email: 'parallel@test.example',
          name: 'Parallel',
          role: 'viewer',
          passwordHash: await hashPassword(TEST_PASSWORD),
          directorateId: null,
        },
        clock.now().toISOString(),
      );
      const a = app();
      const form = await a.inject({ url: paths.signIn() });
      const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')!.value;
      const attempt = (password: string) =>
        a.inject({
          method: 'POST',
          url: paths.signIn(),
          cookies: { cairn_signin_csrf: csrf },
          payload: { _csrf: csrf, email: 'Parallel@test.example', password },
        });
      const guesses = await Promise.all(
        Array.from({ length: 50 }, (_, n) => attempt(`wrong guess number ${n}`)),
      );
      const checked = guesses.filter((r) => r.statusCode === 400);
      const locked = guesses.filter((r) => r.statusCode === 429);
      expect(checked.length).toBeLessThanOrEqual(SIGN_IN_LIMIT.failures);
      expect(checked.length + locked.length).toBe(50);
      const failures = await store()
        .db.selectFrom('sign_in_failure')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('email', '=', 'parallel@test.example')
        .executeTakeFirstOrThrow();
      expect(Number(failures.n)).toBe(checked.length);
      const right = await attempt(TEST_PASSWORD);
      expect(right.statusCode).toBe(429);
      expect(right.cookies.find((c) => c.name === 'cairn_session')).toBeUndefined();
      expect(right.body).toContain('There have been too many attempts to sign in to this account.');
    });

    it('ends sessions: sign out, sign out everywhere, and after an idle hour', async () => {
      const a = app();
      const one = await sessionFor(store(), clock, 'approver');
      const two = await sessionFor(store(), clock, 'approver');
      const account = await a.inject({ url: paths.account(), cookies: one.cookies });
      const out = await a.inject({
        method: 'POST',
        url: paths.signOutEverywhere(),
        cookies: one.cookies,
        payload: { _csrf: csrfOf(account.body) },
      });
      expect(out.statusCode).toBe(303);
      for (const s of [one, two])
        expect((await a.inject({ url: '/', cookies: s.cookies })).statusCode).toBe(303);
      const idle = await sessionFor(store(), clock, 'approver');
      expect((await a.inject({ url: '/', cookies: idle.cookies })).statusCode).toBe(200);
      clock.advance({ minutes: 61 });
      expect((await a.inject({ url: '/', cookies: idle.cookies })).statusCode).toBe(303);
    });

    it('lets an administrator add a user, who can then sign in; the change is in the audit trail', async () => {
      const a = app();
      const admin = await sessionFor(store(), clock, 'admin');
      const form = await a.inject({ url: paths.newUser(), cookies: admin.cookies });
      expect(form.statusCode).toBe(200);
      const post = (payload: Record<string, string>) =>
        a.inject({
          method: 'POST',
          url: paths.newUser(),
          cookies: admin.cookies,
          payload: { _csrf: csrfOf(form.body), ...payload },
        });
      const bad = await post({ name: '', email: 'nope', role: 'approver' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter an email address like name@council.gov.uk.');
      expect(bad.body).toContain('An approver approves for a directorate: choose one.');
      const ok = await post({
        name: 'Sam Owner',
        email: 'sam@council.example',
        role: 'owner',
        directorate: 'SCS',
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      const password = /<strong class="cairn-secret">([^<]+)<\/strong>/.exec(ok.body)?.[1] ?? '';
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(ok.body).toContain(
        'When they first sign in with it, they must choose a password of their own before they can do anything else in Cairn.',
      );
      const signInForm = await a.inject({ url: paths.signIn() });
      const csrf = signInForm.cookies.find((c) => c.name === 'cairn_signin_csrf')!.value;
      const signedIn = await a.inject({
        method: 'POST',
        url: paths.signIn(),
        cookies: { cairn_signin_csrf: csrf },
        payload: { _csrf: csrf, email: 'sam@council.example', password },
      });
      expect(signedIn.statusCode).toBe(303);
      // The password the administrator was shown works once: first, the person chooses their own.
      const session = signedIn.cookies.find((c) => c.name === 'cairn_session')!.value;
      const first = await a.inject({ url: '/', cookies: { cairn_session: session } });
      expect(first.headers.location).toBe(paths.changePassword());
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'user.create')
        .execute();
      const created = audit.find((r) => r.after?.includes('sam@council.example'));
      expect(created?.actor_name).toBe('Test admin');
      expect(created?.after).not.toContain(password);

      // A new password set by the administrator must be changed at the next sign-in, and the page says so.
      const sam = await store()
        .db.selectFrom('user_account')
        .select('id')
        .where('email', '=', 'sam@council.example')
        .executeTakeFirstOrThrow();
      const edit = await a.inject({ url: paths.user(sam.id), cookies: admin.cookies });
      const reset = await a.inject({
        method: 'POST',
        url: `${paths.user(sam.id)}/password`,
        cookies: admin.cookies,
        payload: { _csrf: csrfOf(edit.body) },
      });
      expect(reset.statusCode).toBe(200);
      expect(reset.body).toContain('New password set');
      expect(reset.body).toContain(
        'When they next sign in with it, they must choose a password of their own',
      );
    });

    it('never returns to another site after signing in', async () => {
      const res = await app().inject({ url: paths.signIn({ return: '//evil.example/x' }) });
      expect(res.body).toContain('name="return" value="/"');
    });

    it('refuses a return address with a tab, CR or LF (the probe), and keeps a good one with its query', async () => {
      await sessionFor(store(), clock, 'viewer');
      const a = app();
      for (const bad of ['/%09/evil.example/phish', '/%0d%0aSet-Cookie:%20x=1', '/%5Cevil.example']) {
        const form = await a.inject({ url: `${paths.signIn()}?return=${bad}` });
        expect(form.statusCode, bad).toBe(200);
        expect(form.body, bad).toContain('name="return" value="/"');
      }
      const form = await a.inject({ url: paths.signIn() });
      const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')!.value;
      const post = (returnTo: string) =>
        a.inject({
          method: 'POST',
          url: paths.signIn(),
          cookies: { cairn_signin_csrf: csrf },
          payload: { _csrf: csrf, email: 'viewer@test.example', password: TEST_PASSWORD, return: returnTo },
        });
      for (const bad of ['/\t/evil.example/phish', '/\r\nSet-Cookie: x=1', '/\\evil.example']) {
        const res = await post(bad);
        expect(res.statusCode, bad).toBe(303);
        expect(res.headers.location, bad).toBe('/');
      }
      const good = await post('/plans/1/indicators?period=2017-18-Q1&q=waste');
      expect(good.headers.location).toBe('/plans/1/indicators?period=2017-18-Q1&q=waste');
    });

    it('answers an anonymous visitor on every public site route (issue 15), without the internal navigation', async () => {
      const s = store();
      const a = app();
      await a.ready();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const seven = await s.db
        .selectFrom('indicator')
        .select('id')
        .where('plan_id', '=', plan.id)
        .where('number', '=', '7')
        .executeTakeFirstOrThrow();
      const improvementPlan = await s.db
        .selectFrom('improvement_plan')
        .select('id')
        .executeTakeFirstOrThrow();
      const draft = await reportDraft(s, plan.id, '2017-18-Q1', 'council');
      const quarterly = await frozenReport(
        s,
        'quarterly',
        { draft_id: draft, period_code: '2017-18-Q1', scope: 'council' },
        'Access quarterly',
      );
      const progress = await frozenReport(
        s,
        'plan',
        { improvement_plan_id: improvementPlan.id, review_id: null, subject: 'today' },
        'Access progress',
      );
      await setPublicFlags(
        s,
        systemActor,
        [
          { target: 'plan', id: plan.id, value: true, was: false },
          { target: 'indicator', id: seven.id, value: true, was: false },
          { target: 'improvement_plan', id: improvementPlan.id, value: true, was: false },
          { target: 'report_draft', id: draft, value: true, was: false },
        ],
        fixedClock,
      );
      const fill = (url: string) =>
        url
          .replace(':planId', String(url.includes('improvement-plans') ? improvementPlan.id : plan.id))
          .replace(':item', url.includes('outcomes') ? 'O1' : '7')
          .replace(
            ':kind/:versionId',
            url.endsWith(':format') ? `plan/${progress}` : `quarterly/${quarterly}`,
          )
          .replace(':format', 'html')
          .replace(':file', 'figures.csv');
      const publicSite = a.routeAccess.filter((r) => r.url === '/public' || r.url.startsWith('/public/'));
      expect(publicSite.length).toBeGreaterThanOrEqual(13);
      const viewer = await sessionFor(s, clock, 'viewer');
      for (const route of publicSite) {
        expect(route.access, route.url).toBe('public');
        expect(route.method, route.url).toBe('GET');
        for (const cookies of [{}, viewer.cookies]) {
          const res = await a.inject({ url: fill(route.url), cookies });
          expect(res.statusCode, `${fill(route.url)}`).toBe(200);
          // The same page for everyone: no account area, no sign-in, nothing internal linked.
          if (String(res.headers['content-type']).startsWith('text/html')) {
            expect(res.body, route.url).not.toContain('Sign out');
            expect(res.body, route.url).not.toMatch(
              /href="\/(plans|reports|collection|improvement-plans|sign-in)/,
            );
          }
        }
      }
      await setPublicFlags(
        s,
        systemActor,
        [{ target: 'plan', id: plan.id, value: false, was: true }],
        fixedClock,
      );
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
