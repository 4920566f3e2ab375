/**
 * Issue 21, governance: readers see approved figures only and land on the latest complete or locked
 * quarter; drafts show, marked, to their owner, approver and the performance team; a lock asks first,
 * says what is outstanding, carries it as "not reported", and can be reopened with a reason; the
 * approver's rating badge carries its word.
 */
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { saveFigure } from '../../src/app/collection/figures.js';
import { buildScorecard, defaultPeriod } from '../../src/app/scorecard.js';
import { loadDemo } from '../../src/app/demo.js';
import { parsePeriod } from '../../src/domain/periods.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { sessionFor, csrfOf, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand();
const clock = clockAt('2017-10-02T09:00:00Z');
const Q2 = { period: '2017-18-Q2' };

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function idOf(store: Store, number: string) {
  return (
    await store.db.selectFrom('indicator').select('id').where('number', '=', number).executeTakeFirstOrThrow()
  ).id;
}

describeEachDatabase(
  'governance',
  (store) => {
    it('keeps drafts from readers, headlines and the default period, and shows them marked to those who may see them', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const scs = (
        await s.db.selectFrom('directorate').select('id').where('code', '=', 'SCS').executeTakeFirstOrThrow()
      ).id;
      const owner = await sessionFor(s, clock, 'owner', scs);
      const viewer = await sessionFor(s, clock, 'viewer');
      const perf = await sessionFor(s, clock, 'performance');
      const seven = await idOf(s, '7');
      await assignIndicators(s, systemActor, owner.userId, [seven], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      const ownerUser = { id: owner.userId, name: 'Test owner', role: 'owner' as const, directorateId: scs };
      const saved = await saveFigure(
        s,
        ownerUser,
        round.id,
        seven,
        { actual: '9,100', outlook: 'improving', commentary: 'Draft commentary', version: 0 },
        'submit',
        clock,
      );
      expect(saved.ok).toBe(true);

      // The scorecard counts approved figures only: the submitted 9,100 rates nothing yet.
      const q2 = await buildScorecard(s, parsePeriod('Q2 2017-18'));
      const i7 = q2.priorities
        .flatMap((p) => p.outcomes)
        .flatMap((o) => o.indicators)
        .find((i) => i.id === seven)!;
      expect(i7.value).toBeNull();
      expect(i7.rating).toBeNull();
      expect(i7.draft).toMatchObject({
        actual: 9100,
        state: 'submitted',
        stateLabel: 'Submitted',
        rating: 'green',
      });
      expect(q2.summary.indicators.green).toBe(0);
      expect(q2.summary.sentences.join(' ')).not.toContain('exception report');

      // With Q2 still being collected, everyone lands on Q1, the last complete quarter.
      expect((await defaultPeriod(s)).code).toBe('2017-18-Q1');
      const home = await app.inject({ url: paths.home(), cookies: viewer.cookies });
      expect(home.body).toContain('Performance in Q1 2017-18');

      // A councillor sees no draft; the data owner and the performance team see it, marked.
      const dash = paths.dashboard(plan.id, { ...Q2, directorate: 'SCS' });
      const ownerDash = await app.inject({ url: dash, cookies: owner.cookies });
      expect(ownerDash.body).toMatch(/Draft<\/strong> 9,100 \(Submitted\)/);
      const viewerDash = await app.inject({ url: dash, cookies: viewer.cookies });
      expect(viewerDash.statusCode).toBe(200);
      expect(viewerDash.body).not.toContain('9,100');
      expect(viewerDash.body).not.toContain('>Draft<');
      const perfPage = await app.inject({ url: paths.indicator(plan.id, '7', Q2), cookies: perf.cookies });
      expect(text(perfPage.body)).toContain('Draft Not yet approved: Submitted');
      expect(text(perfPage.body)).toMatch(/Actual: 9,?100/);
      const viewerPage = await app.inject({
        url: paths.indicator(plan.id, '7', Q2),
        cookies: viewer.cookies,
      });
      expect(viewerPage.body).not.toContain('9,100');
      expect(viewerPage.body).not.toContain('Draft commentary');
      // The indicator page names who is assigned to update it.
      expect(text(viewerPage.body)).toContain('Assigned to Test owner');
      // The same address after the owner's visit: the cache never hands a councillor the owner's page.
      const again = await app.inject({ url: dash, cookies: viewer.cookies });
      expect(again.body).not.toContain('9,100');
    });

    it('asks before locking, lists what is outstanding, carries it as not reported, and reopens with a reason', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const round = (await s.db.selectFrom('collection_round').select('id').executeTakeFirstOrThrow()).id;
      const seven = await idOf(s, '7');
      const perf = await sessionFor(s, clock, 'performance');
      const viewer = await sessionFor(s, clock, 'viewer');

      const page = await app.inject({ url: paths.round(round), cookies: perf.cookies });
      expect(page.body).toContain(`href="${paths.lockRound(round)}"`);
      const confirm = await app.inject({ url: paths.lockRound(round), cookies: perf.cookies });
      expect(confirm.statusCode).toBe(200);
      const words = text(confirm.body);
      expect(words).toContain('Lock Q2 2017-18?');
      expect(words).toContain('0 of 50 figures are approved');
      expect(words).toContain('Not started: 49');
      expect(words).toContain('Submitted: 1');
      expect(words).toContain('In progress: 0');
      expect(words).toContain('Returned: 0');
      expect(words).toContain('50 figures are not approved');
      expect(confirm.body).toContain(paths.update(round, seven));
      const csrf = csrfOf(confirm.body);

      // A post without the confirmation page's answer locks nothing.
      const bare = await app.inject({
        method: 'POST',
        url: paths.lockRound(round),
        cookies: perf.cookies,
        payload: { _csrf: csrf },
      });
      expect(bare.statusCode).toBe(303);
      expect(bare.headers.location).toBe(paths.lockRound(round));
      expect(
        (await s.db.selectFrom('collection_round').select('locked_at').executeTakeFirstOrThrow()).locked_at,
      ).toBeNull();

      const lock = await app.inject({
        method: 'POST',
        url: paths.lockRound(round),
        cookies: perf.cookies,
        payload: { _csrf: csrf, confirm: 'yes' },
      });
      expect(lock.statusCode).toBe(303);
      const locked = await app.inject({ url: lock.headers.location as string, cookies: perf.cookies });
      expect(locked.body).toContain('govuk-notification-banner--success');
      expect(text(locked.body)).toContain('Not reported: 50');
      const row = await s.db
        .selectFrom('indicator_value')
        .select(['state', 'state_before_lock'])
        .where('indicator_id', '=', seven)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'not-reported', state_before_lock: 'submitted' });
      const audit = await s.db
        .selectFrom('audit_event')
        .select(['after'])
        .where('action', '=', 'round.lock')
        .executeTakeFirstOrThrow();
      const after = JSON.parse(audit.after!) as { notReported: Record<string, string[]> };
      expect(after.notReported.submitted).toEqual(['7']);
      expect(after.notReported['not-started']).toHaveLength(49);

      // Locked: Q2 is the default now, and shows the figure as not reported, to a councillor too.
      expect((await defaultPeriod(s)).code).toBe('2017-18-Q2');
      const ind = await app.inject({ url: paths.indicator(plan.id, '7', Q2), cookies: viewer.cookies });
      expect(text(ind.body)).toContain('Not reported The period was locked before this figure was approved.');
      expect(ind.body).not.toContain('9,100');

      // Reopening needs a reason, and puts the figure back as it was.
      const form = await app.inject({ url: paths.reopenRound(round), cookies: perf.cookies });
      expect(form.statusCode).toBe(200);
      const noReason = await app.inject({
        method: 'POST',
        url: paths.reopenRound(round),
        cookies: perf.cookies,
        payload: { _csrf: csrf, reason: '  ' },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('Enter why Q2 2017-18 is being reopened');
      expect(noReason.body).toContain('href="#reason"');
      const reopen = await app.inject({
        method: 'POST',
        url: paths.reopenRound(round),
        cookies: perf.cookies,
        payload: { _csrf: csrf, reason: 'Indicator 7 was locked before its approver could see it' },
      });
      expect(reopen.statusCode).toBe(303);
      const back = await s.db
        .selectFrom('indicator_value')
        .select(['state', 'state_before_lock'])
        .where('indicator_id', '=', seven)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(back).toEqual({ state: 'submitted', state_before_lock: null });
      const reopened = await s.db
        .selectFrom('audit_event')
        .select(['reason', 'actor_name'])
        .where('action', '=', 'round.reopen')
        .executeTakeFirstOrThrow();
      expect(reopened.reason).toBe('Indicator 7 was locked before its approver could see it');
      expect((await defaultPeriod(s)).code).toBe('2017-18-Q1');
      // A viewer may not reopen (or lock).
      expect((await app.inject({ url: paths.reopenRound(round), cookies: viewer.cookies })).statusCode).toBe(
        403,
      );
      expect((await app.inject({ url: paths.lockRound(round), cookies: viewer.cookies })).statusCode).toBe(
        403,
      );
    });

    it("shows the approver the rating's word on its badge", async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const round = (await s.db.selectFrom('collection_round').select('id').executeTakeFirstOrThrow()).id;
      const seven = await idOf(s, '7');
      const scs = (
        await s.db.selectFrom('directorate').select('id').where('code', '=', 'SCS').executeTakeFirstOrThrow()
      ).id;
      const approver = await sessionFor(s, clock, 'approver', scs);
      const review = await app.inject({ url: paths.approval(round, seven), cookies: approver.cookies });
      expect(review.statusCode).toBe(200);
      // 9,100 hours against a target of 8,920: Green, and the badge says so in words.
      const badge = /Rated\s*(<strong class="govuk-tag cairn-rag[^"]*">[\s\S]*?<\/strong>)/.exec(
        review.body,
      )?.[1];
      expect(badge).toContain('cairn-rag--green');
      expect(text(badge ?? '').trim()).toBe('● Green');
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
