import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths, routePatterns } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';

const brand = testBrand();
const clock = clockAt('2025-01-15T09:00:00Z');

describeEachDatabase(
  'improvement plan pages',
  (store) => {
    const app = () => buildApp({ store: store(), clock, brand });
    const peer = async () =>
      (
        await store()
          .db.selectFrom('improvement_plan')
          .select('id')
          .where('basis', '=', 'peer-challenge')
          .executeTakeFirstOrThrow()
      ).id;

    it('shows the list, a plan overview with counts, overdue and filters, and every kind of page', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), clock, 'viewer');
      const list = await a.inject({ url: paths.improvementPlans(), cookies });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('LGA Corporate Peer Challenge action plan');
      expect(list.body).toMatch(/govuk-service-navigation__link" href="\/improvement-plans"/);
      expect(list.body).not.toContain('Create a plan');
      const id = await peer();
      const overview = await a.inject({ url: paths.improvementPlan(id), cookies });
      expect(overview.statusCode).toBe(200);
      expect(overview.body).toContain('55 actions: 39 complete, 15 on track, 1 not recorded');
      // As at 15 January 2025, the December 2024 and September 2024 targets have passed.
      expect(overview.body).toMatch(/<strong>7 overdue<\/strong>/);
      const overdue = await a.inject({ url: paths.improvementPlan(id, { overdue: 'yes' }), cookies });
      expect(overdue.body).toContain('7 actions</caption>');
      const october = await store()
        .db.selectFrom('progress_review')
        .select('id')
        .where('improvement_plan_id', '=', id)
        .orderBy('review_date', 'desc')
        .executeTakeFirstOrThrow();
      const asAtReview = await a.inject({
        url: paths.improvementPlan(id, { overdue: 'yes', review: october.id }),
        cookies,
      });
      expect(asAtReview.body).toContain('1 action</caption>');
      expect(asAtReview.body).toContain('Psevelop and publish');
      const bad = await a.inject({ url: paths.improvementPlan(id, { status: 'purple' }), cookies });
      expect(bad.statusCode).toBe(400);
      // The page says what is wrong with the filter, linked to it.
      expect(bad.body).toContain('govuk-error-summary');
      expect(bad.body).toMatch(/href="#status">“purple” is not a status: choose one from the list\.</);
      const rec = await a.inject({ url: paths.planRecommendation(id, '10'), cookies });
      expect(rec.statusCode).toBe(200);
      expect(rec.body).toContain('Recommendation 10: The Oxford Model');
      expect(rec.body).toContain('An updated definition of the Oxford Model');
      const action = await a.inject({ url: paths.planAction(id, '10.2'), cookies });
      expect(action.statusCode).toBe(200);
      expect(action.body).toContain('Due by 30 September 2024');
      expect(action.body).toContain('October 2024 &amp; final update');
      expect(action.body).not.toContain('Record an update');
      const report = await a.inject({ url: paths.planReport(id, { review: october.id }), cookies });
      expect(report.statusCode).toBe(200);
      expect(report.body).toContain('Recommendation 7: Hybrid working / IT infrastructure');
      const insp = (
        await store()
          .db.selectFrom('improvement_plan')
          .select('id')
          .where('basis', '=', 'inspection')
          .executeTakeFirstOrThrow()
      ).id;
      const coverage = await a.inject({ url: paths.planCoverage(insp), cookies });
      expect(coverage.statusCode).toBe(200);
      expect(coverage.body).toContain('Findings no action addresses');
      const finding = await a.inject({ url: paths.planFinding(insp, '46'), cookies });
      expect(finding.body).toContain('No action cites this finding.');
      expect((await a.inject({ url: paths.planFinding(insp, '51'), cookies })).statusCode).toBe(404);
      expect((await a.inject({ url: paths.planCoverage(id), cookies })).statusCode).toBe(404);
      expect((await a.inject({ url: '/improvement-plans/abc', cookies })).statusCode).toBe(404);
      expect((await a.inject({ url: paths.improvementPlan(id, { review: 'x' }), cookies })).statusCode).toBe(
        400,
      );
      const word = await a.inject({
        url: paths.planReportDownload(id, 'docx', { review: october.id }),
        cookies,
      });
      expect(word.statusCode).toBe(200);
      expect(word.headers['content-type']).toContain('wordprocessingml');
      expect(word.headers['content-disposition']).toContain('.docx');
      expect((await a.inject({ url: paths.planReportDownload(id, 'exe'), cookies })).statusCode).toBe(404);
      const xlsx = await a.inject({ url: paths.planExport(id), cookies });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    });

    it('lets the performance team create a plan, add to it, record a review and updates; a stale update is refused', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), clock, 'performance');
      const form = await a.inject({ url: paths.newImprovementPlan(), cookies });
      expect(form.statusCode).toBe(200);
      const _csrf = csrfOf(form.body);
      const post = (url: string, payload: Record<string, string>) =>
        a.inject({ method: 'POST', url, cookies, payload: { _csrf, ...payload } });
      const empty = await post(paths.newImprovementPlan(), {});
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Enter the plan’s title');
      expect(empty.body).toContain('Choose the kind of plan');
      const made = await post(paths.newImprovementPlan(), {
        title: 'Audit action plan',
        kind: 'improvement',
        basis: 'audit',
        source: 'Internal audit 2024',
        strategy: '1',
      });
      expect(made.statusCode).toBe(303);
      const id = Number(/\/improvement-plans\/(\d+)/.exec(made.headers.location as string)![1]);
      expect(
        (
          await post(paths.newPlanRecommendation(id), {
            code: 'R1',
            title: 'Tighten controls',
            bullets: '• Review access\n• Log changes',
            theme: 'Governance',
          })
        ).statusCode,
      ).toBe(303);
      expect(
        (
          await post(paths.newPlanFinding(id), {
            number: '1',
            text: 'Access not reviewed',
            theme: 'Control',
            recommendation: 'R1',
          })
        ).statusCode,
      ).toBe(303);
      const badAction = await post(paths.newPlanAction(id), {
        title: 'X',
        target: 'whenever',
        supports: 'NOPE',
      });
      expect(badAction.statusCode).toBe(400);
      expect(badAction.body).toContain('Cairn cannot read “whenever” as a target date');
      expect(badAction.body).toContain('The strategy has no priority, outcome or indicator “NOPE”');
      const act = await post(paths.newPlanAction(id), {
        recommendation: 'R1',
        title: 'Quarterly access review',
        target: 'December 2024',
        status: 'on-track',
        findings: '1, 9',
        leadOfficers: 'Head of IT',
        supports: 'O2',
      });
      expect(act.statusCode).toBe(303);
      const code = decodeURIComponent(/actions\/([^/?#]+)/.exec(act.headers.location as string)![1]!);
      expect(
        (await post(paths.newPlanReview(id), { title: 'January 2025 review', date: '10/1/2025' })).statusCode,
      ).toBe(303);
      const overview = await a.inject({ url: paths.improvementPlan(id), cookies });
      expect(overview.body).toContain('<strong>1 overdue</strong>');
      expect(overview.body).toContain(`action ${code}</a> cites finding 9`);
      // The supported outcome's page lists the action.
      const outcome = await a.inject({ url: paths.outcome(1, 'O2'), cookies });
      expect(outcome.body).toContain('Quarterly access review');
      const page = await a.inject({ url: paths.planAction(id, code), cookies });
      expect(page.body).toContain('Record an update');
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      const review = /<option value="(\d+)"[^>]*>January 2025 review/.exec(page.body)![1]!;
      const ok = await post(paths.planActionUpdates(id, code), {
        version,
        review,
        status: 'complete',
        text: 'Done in January.',
      });
      expect(ok.statusCode).toBe(303);
      const stale = await post(paths.planActionUpdates(id, code), {
        version,
        review,
        status: 'at-risk',
        text: 'My older view.',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else updated this action');
      expect(stale.body).toContain('Done in January.');
      const editForm = await a.inject({ url: paths.editPlanAction(id, code), cookies });
      expect(editForm.body).toContain('value="December 2024"');
      expect(editForm.body).toContain('value="1, 9"');
      const formVersion = /name="version" value="(\d+)"/.exec(editForm.body)![1]!;
      const badEdit = await post(paths.editPlanAction(id, code), {
        version: formVersion,
        title: '',
        target: 'soonish',
      });
      expect(badEdit.statusCode).toBe(400);
      expect(badEdit.body).toContain('Enter what the action is.');
      expect(badEdit.body).toContain(`name="version" value="${formVersion}"`);
      const edited = await post(paths.editPlanAction(id, code), {
        version: formVersion,
        recommendation: 'R1',
        title: 'Quarterly access review',
        target: 'March 2025',
        findings: '1',
        leadOfficers: 'Head of IT',
        supports: 'O2',
      });
      expect(edited.statusCode).toBe(303);
      // The same form sent again (a second tab, a double click) is stale: refused, nothing overwritten.
      const staleEdit = await post(paths.editPlanAction(id, code), {
        version: formVersion,
        recommendation: 'R1',
        title: 'An older title',
        target: 'March 2025',
      });
      expect(staleEdit.statusCode).toBe(409);
      expect(staleEdit.body).toContain(`Someone else changed action ${code} while you were editing it`);
      expect(staleEdit.body).toContain(`name="version" value="${Number(formVersion) + 1}"`);
      expect((await a.inject({ url: paths.planAction(id, code), cookies })).body).toContain(
        'Quarterly access review',
      );
      await sessionFor(store(), clock, 'owner');
      const nobody = await post(paths.planActionOwner(id, code), { owner: 'nobody@x.example' });
      expect(nobody.statusCode).toBe(400);
      expect(nobody.body).toContain('There is no Cairn account for nobody@x.example');
      expect((await post(paths.planActionOwner(id, code), { owner: 'Owner@test.example' })).statusCode).toBe(
        303,
      );
      const after = await a.inject({ url: paths.planAction(id, code), cookies });
      expect(after.body).toContain('Test owner');
      expect(after.body).toContain('Done in January.');
      expect(after.body).not.toContain('My older view.');
      const audit = await store()
        .db.selectFrom('audit_event')
        .select('action')
        .where('actor_name', '=', 'Test performance')
        .orderBy('id')
        .execute();
      expect(audit.map((r) => r.action)).toEqual([
        'plan.create',
        'recommendation.create',
        'finding.create',
        'action.create',
        'review.create',
        'action.update',
        'action.change',
        'action.assign',
      ]);
    });

    it('answers every plan route, filled as the access test fills it, without a server error', async () => {
      const a = app();
      await a.ready();
      const { cookies } = await sessionFor(store(), clock, 'admin');
      const csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
      const routes = a.routeAccess.filter((r) => r.url.startsWith('/improvement-plans'));
      expect(routes.length).toBeGreaterThanOrEqual(30);
      // The forms that correct a plan in the app are swept too, GET and POST.
      for (const pattern of [
        routePatterns.editImprovementPlan,
        routePatterns.editPlanTheme,
        routePatterns.editPlanRecommendation,
        routePatterns.removePlanRecommendation,
        routePatterns.editPlanFinding,
        routePatterns.removePlanFinding,
      ])
        expect(routes.filter((r) => r.url === pattern).map((r) => r.method)).toEqual(['GET', 'POST']);
      for (const r of routes)
        for (const [planId, item] of [
          ['1', '7'],
          ['999', 'zzz'],
          ['x', '%E2%80%8F'],
        ]) {
          const url = r.url.replace(':planId', planId!).replace(':item', item!);
          const res = await a.inject({
            method: r.method as 'GET' | 'POST',
            url,
            cookies,
            payload: r.method === 'POST' ? { _csrf: csrf } : undefined,
          });
          expect(res.statusCode, `${r.method} ${url}`).toBeLessThan(500);
        }
    });

    it('takes a review’s updates on one form: saves the rows filled in, and sends back any that could not be saved', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), clock, 'performance');
      const id = await peer();
      const review = await store()
        .db.selectFrom('progress_review')
        .select('id')
        .where('improvement_plan_id', '=', id)
        .where('title', '=', '9 April 2024 progress review')
        .executeTakeFirstOrThrow();
      const url = paths.planReviewUpdates(id, review.id, { recommendation: '8' });
      const form = await a.inject({ url, cookies });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Updates at 9 April 2024 progress review');
      const ids = [...form.body.matchAll(/name="text-(\d+)"/g)].map((m) => m[1]!);
      expect(ids).toHaveLength(2);
      const version = (n: string) =>
        /name="version-\d+" value="(\d+)"/.exec(form.body.slice(form.body.indexOf(`version-${n}`) - 40))![1]!;
      const res = await a.inject({
        method: 'POST',
        url,
        cookies,
        payload: {
          _csrf: csrfOf(form.body),
          [`status-${ids[0]}`]: 'on-track',
          [`text-${ids[0]}`]: 'Briefings restarting in May.',
          [`version-${ids[0]}`]: version(ids[0]!),
          [`status-${ids[1]}`]: 'complete',
          [`text-${ids[1]}`]: 'In place.',
          [`version-${ids[1]}`]: '999',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Some updates were not saved');
      expect(res.body).toContain('8.2: Someone else updated this action');
      expect(res.body).toContain('In place.');
      const history = await store()
        .db.selectFrom('action_update')
        .select('text')
        .where('review_id', '=', review.id)
        .execute();
      expect(history.map((h) => h.text)).toEqual(['Briefings restarting in May.']);
      expect((await a.inject({ url: paths.planReviewUpdates(id, 999999), cookies })).statusCode).toBe(404);
    });

    it('refuses changes from readers', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), clock, 'owner');
      expect((await a.inject({ url: paths.planAction(1, '1.1'), cookies })).body).not.toContain(
        'Assign to a Cairn account',
      );
      expect((await a.inject({ url: paths.newImprovementPlan(), cookies })).statusCode).toBe(403);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
