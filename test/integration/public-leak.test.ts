/**
 * Issue 15's leak probe, on each database: over every indicator not marked public, every draft and
 * unapproved figure, every unpublished (or not public) report, every improvement plan not marked
 * public and every plan not public (a draft plan marked public included), the public site and the
 * open data answer 404 — and a crawl of every public page, every open data file and every file in
 * the bulk zip never holds one of those figures or texts. An approved figure of a public indicator
 * does appear, and after a correction it carries its correction note.
 */
import { expect, it } from 'vitest';
import { systemActor, userActor } from '../../src/app/audit.js';
import { saveFigure, reviewFigure } from '../../src/app/collection/figures.js';
import { lockRound, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { startNextYear } from '../../src/app/framework-year.js';
import { setPublicFlags, type FlagChange } from '../../src/app/public-publishing.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';
import { frozenReport, reportDraft, unzip } from '../support/public.js';

const clock = movableClock('2017-10-02T09:00:00Z');

/** Figures and texts that must never reach the public. */
const SECRETS = {
  draftFigure: '98765',
  hiddenIndicatorFigure: '55555',
  openRoundFigure: '77777',
  draftCommentary: 'DRAFT-COMMENTARY-NOT-FOR-PUBLIC',
  hiddenCommentary: 'HIDDEN-INDICATOR-COMMENTARY',
  unpublishedReport: 'UNPUBLIC-QUARTERLY-REPORT',
  privatePlanReport: 'PRIVATE-PROGRESS-REPORT',
};

async function indicatorId(s: Store, planId: number, number: string) {
  return (
    await s.db
      .selectFrom('indicator')
      .select('id')
      .where('plan_id', '=', planId)
      .where('number', '=', number)
      .executeTakeFirstOrThrow()
  ).id;
}

async function figureVersion(s: Store, id: number, period: string) {
  return (
    await s.db
      .selectFrom('indicator_value')
      .select('version')
      .where('indicator_id', '=', id)
      .where('period_code', '=', period)
      .executeTakeFirstOrThrow()
  ).version;
}

describeEachDatabase(
  'the public site and open data leak nothing',
  (store) => {
    it('answers 404 for everything not public, and no public page or file holds a hidden figure', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand: testBrand() });
      const plan = await s.db.selectFrom('plan').selectAll().executeTakeFirstOrThrow();
      const perfSession = await sessionFor(s, clock, 'performance');
      const adminSession = await sessionFor(s, clock, 'admin');
      const perf = {
        id: perfSession.userId,
        name: 'Test performance',
        role: 'performance' as const,
        directorateId: null,
      };
      const admin = {
        id: adminSession.userId,
        name: 'Test admin',
        role: 'admin' as const,
        directorateId: null,
      };

      const shown = await indicatorId(s, plan.id, '1'); // public, approved figure
      const drafted = await indicatorId(s, plan.id, '3'); // public, figure only submitted
      const hidden = await indicatorId(s, plan.id, '7'); // not public, approved figure
      const all = await s.db
        .selectFrom('indicator')
        .select(['id', 'number', 'title'])
        .where('plan_id', '=', plan.id)
        .execute();
      const hiddenTitle = all.find((i) => i.id === hidden)!.title;

      // Q2: approved, submitted-only and hidden figures; locked; then the approved one corrected.
      const q2 = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      const submit = async (id: number, actual: string, commentary: string) => {
        const r = await saveFigure(
          s,
          perf,
          q2.id,
          id,
          {
            actual,
            outlook: 'improving',
            commentary,
            confirmUnusual: true,
            unusualNote: 'Checked',
            version: 0,
          },
          'submit',
          clock,
        );
        expect(r.ok ? [] : r.problems).toEqual([]);
      };
      await submit(shown, '71', 'Approved commentary');
      await submit(drafted, SECRETS.draftFigure, SECRETS.draftCommentary);
      await submit(hidden, SECRETS.hiddenIndicatorFigure, SECRETS.hiddenCommentary);
      for (const id of [shown, hidden])
        expect(
          (
            await reviewFigure(
              s,
              admin,
              q2.id,
              id,
              { approve: true, version: await figureVersion(s, id, '2017-18-Q2') },
              clock,
            )
          ).ok,
        ).toBe(true);
      clock.set('2017-10-25T09:00:00Z');
      await lockRound(s, systemActor, q2.id, clock);
      const corrected = await saveFigure(
        s,
        perf,
        q2.id,
        shown,
        {
          actual: '72',
          outlook: 'improving',
          commentary: 'Approved commentary',
          correctionReason: 'Survey responses recounted',
          version: await figureVersion(s, shown, '2017-18-Q2'),
        },
        'correct',
        clock,
      );
      expect(corrected.ok).toBe(true);
      // Q3 still being collected: a figure saved there is not public, even for a public indicator.
      const q3 = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        clock,
      );
      const open = await saveFigure(
        s,
        perf,
        q3.id,
        shown,
        {
          actual: SECRETS.openRoundFigure,
          outlook: 'stable',
          confirmUnusual: true,
          unusualNote: 'Checked',
          version: 0,
        },
        'save',
        clock,
      );
      expect(open.ok ? [] : open.problems).toEqual([]);

      // Next year's plan, a draft: marked public, it still is not shown.
      const next = await startNextYear(
        s,
        systemActor,
        plan.id,
        { title: 'Corporate Plan 2018-19', version: plan.version },
        clock,
      );

      // Reports: a quarterly one not marked public, one marked public; a progress report of a plan not public.
      const privateDraft = await reportDraft(s, plan.id, '2017-18-Q2', 'council');
      const publicDraft = await reportDraft(s, plan.id, '2017-18-Q2', 'priority:P1');
      const privateReport = await frozenReport(
        s,
        'quarterly',
        { draft_id: privateDraft, period_code: '2017-18-Q2', scope: 'council' },
        SECRETS.unpublishedReport,
      );
      const publicReport = await frozenReport(
        s,
        'quarterly',
        { draft_id: publicDraft, period_code: '2017-18-Q2', scope: 'priority:P1' },
        'PUBLIC-QUARTERLY-REPORT',
      );
      const ips = await s.db.selectFrom('improvement_plan').select('id').orderBy('id').execute();
      const [publicIp, privateIp] = [ips[0]!.id, ips[1]!.id];
      const privatePlanReport = await frozenReport(
        s,
        'plan',
        { improvement_plan_id: privateIp, review_id: null, subject: 'today' },
        SECRETS.privatePlanReport,
      );

      const flags: FlagChange[] = [
        { target: 'plan', id: plan.id, value: true, was: false },
        { target: 'plan', id: next.planId, value: true, was: false },
        ...all
          .filter((i) => i.id !== hidden)
          .map((i) => ({ target: 'indicator' as const, id: i.id, value: true, was: false })),
        { target: 'report_draft', id: publicDraft, value: true, was: false },
        { target: 'improvement_plan', id: publicIp, value: true, was: false },
      ];
      await setPublicFlags(s, userActor({ id: perf.id, name: perf.name }), flags, clock);

      // What is public shows, with the approved, corrected figure and its note.
      const q = { period: '2017-18-Q2' };
      const page = await app.inject({ url: paths.publicIndicator(plan.id, '1', q) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Actual: 72%');
      expect(page.body).toContain('Corrected on 25 October 2017: Survey responses recounted.');
      expect((await app.inject({ url: paths.publicReport('quarterly', publicReport) })).statusCode).toBe(200);

      // Everything not public is a 404, for the page and for every way of asking for it.
      const notPublic = [
        paths.publicIndicator(plan.id, '7'),
        paths.publicIndicator(plan.id, '7', q),
        paths.publicIndicator(plan.id, '7', { period: '2017-18-Q1' }),
        paths.publicIndicator(plan.id, 'no-such-number'),
        paths.publicPlan(plan.id, { period: '2017-18-Q3' }),
        paths.publicIndicator(plan.id, '1', { period: '2017-18-Q3' }),
        paths.publicPlan(plan.id, { period: 'not a period' }),
        paths.publicPlan(next.planId),
        paths.publicOutcome(next.planId, 'O1'),
        paths.publicIndicator(next.planId, '1'),
        paths.publicPlan(999999),
        paths.publicReport('quarterly', privateReport),
        paths.publicReportFile('quarterly', privateReport, 'html'),
        paths.publicReport('plan', privatePlanReport),
        paths.publicReportFile('plan', privatePlanReport, 'html'),
        paths.publicReportFile('quarterly', publicReport, 'pdf'),
        paths.publicReport('other', publicReport),
        paths.publicImprovementPlan(privateIp),
        paths.openDataFile('no-such-table', 'csv'),
        '/public/open-data/figures.xml',
      ];
      for (const url of notPublic) {
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBe(404);
        expect(r.body, url).not.toContain('Sign in');
      }

      // A crawl of every public page, and every file it links to, holds none of the secrets.
      const secrets = [...Object.values(SECRETS), hiddenTitle];
      const seen = new Set<string>();
      const queue = [paths.publicHome(), paths.openDataZip()];
      for (const url of [...queue]) seen.add(url);
      let pages = 0;
      while (queue.length) {
        const url = queue.shift()!;
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBe(200);
        pages++;
        const bodies =
          r.headers['content-type'] === 'application/zip'
            ? [...(await unzip(r.rawPayload)).values()].map((b) => b.toString('utf8'))
            : [r.rawPayload.toString('utf8')];
        for (const body of bodies)
          for (const secret of secrets) expect(body, `${url} holds ${secret}`).not.toContain(secret);
        if (!String(r.headers['content-type']).startsWith('text/html')) continue;
        for (const [, href] of r.body.matchAll(/href="(\/public[^"#]*)"/g)) {
          const link = href!.replace(/&amp;/g, '&');
          if (!seen.has(link)) {
            seen.add(link);
            queue.push(link);
          }
        }
      }
      // The home page, the plan in each quarter, its outcomes and indicators, reports, open data.
      expect(pages).toBeGreaterThan(100);
      expect(seen).toContain(paths.publicReportFile('quarterly', publicReport, 'html'));
      expect(seen).toContain(paths.openDataFile('figures', 'csv'));
      expect([...seen].some((u) => u.includes(`/indicators/7`))).toBe(false);

      // The plan withdrawn: its pages and its rows in the open data are gone.
      await setPublicFlags(s, systemActor, [{ target: 'plan', id: plan.id, value: false, was: true }], clock);
      expect((await app.inject({ url: paths.publicPlan(plan.id) })).statusCode).toBe(404);
      expect((await app.inject({ url: paths.publicIndicator(plan.id, '1', q) })).statusCode).toBe(404);
      const figures = await app.inject({ url: paths.openDataFile('figures', 'json') });
      expect(JSON.parse(figures.body).rows).toEqual([]);
      const plans = await app.inject({ url: paths.openDataFile('plans', 'csv') });
      expect(plans.body.trim().split('\n')).toHaveLength(1);
    }, 180_000);
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
