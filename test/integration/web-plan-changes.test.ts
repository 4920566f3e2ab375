import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths, routePatterns } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';

const brand = testBrand();
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const clock = clockAt('2025-01-15T09:00:00Z');

/** Every route this change adds, as patterns: each must be declared 'manage-plans'. */
const NEW_ROUTES = [
  routePatterns.editImprovementPlan,
  routePatterns.editPlanTheme,
  routePatterns.editPlanRecommendation,
  routePatterns.removePlanRecommendation,
  routePatterns.editPlanFinding,
  routePatterns.removePlanFinding,
];

/**
 * A change refused because someone else saved first: 409, the message once (in the error summary,
 * not repeated on a field), and on the field what is saved now.
 */
function expectStale(res: { statusCode: number; body: string }, what: string, savedNow: string) {
  expect(res.statusCode).toBe(409);
  expect(res.body).toContain(`Someone else changed ${what} while you were editing it`);
  expect(res.body.split('Someone else changed').length).toBe(2);
  expect(res.body).toContain(savedNow);
}

describeEachDatabase(
  'correcting a plan in the app',
  (store) => {
    const app = () => buildApp({ store: store(), clock, brand });
    const planWith = async (basis: string) =>
      (
        await store()
          .db.selectFrom('improvement_plan')
          .select('id')
          .where('basis', '=', basis)
          .executeTakeFirstOrThrow()
      ).id;
    async function officer(a: ReturnType<typeof app>) {
      const { cookies } = await sessionFor(store(), clock, 'performance');
      const _csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
      return {
        get: (url: string) => a.inject({ url, cookies }),
        post: (url: string, payload: Record<string, string>) =>
          a.inject({ method: 'POST', url, cookies, payload: { _csrf, ...payload } }),
      };
    }

    it('declares every new route for the performance team only: readers get 403 on each, GET and POST', async () => {
      const a = app();
      await a.ready();
      for (const pattern of NEW_ROUTES)
        for (const method of ['GET', 'POST'])
          expect(
            a.routeAccess.find((r) => r.url === pattern && r.method === method)?.access,
            `${method} ${pattern}`,
          ).toBe('manage-plans');
      const id = await planWith('inspection');
      const urls = [
        paths.editImprovementPlan(id),
        paths.editPlanTheme(id, '1'),
        paths.editPlanRecommendation(id, '1a'),
        paths.removePlanRecommendation(id, '1a'),
        paths.editPlanFinding(id, '46'),
        paths.removePlanFinding(id, '46'),
      ];
      for (const role of ['viewer', 'owner'] as const) {
        const { cookies } = await sessionFor(store(), clock, role);
        const _csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
        for (const url of urls) {
          const get = await a.inject({ url, cookies });
          expect(get.statusCode, `GET ${url} as ${role}`).toBe(403);
          const post = await a.inject({ method: 'POST', url, cookies, payload: { _csrf, version: '1' } });
          expect(post.statusCode, `POST ${url} as ${role}`).toBe(403);
        }
        // Nor do they see the links.
        for (const page of [
          paths.improvementPlan(id),
          paths.planRecommendation(id, '1a'),
          paths.planFinding(id, '46'),
        ]) {
          const body = (await a.inject({ url: page, cookies })).body;
          expect(body).not.toMatch(/\/edit"|\/remove"|\/edit#/);
        }
      }
      // Something that does not exist is not found, for the performance team too.
      const o = await officer(a);
      for (const url of [
        paths.editImprovementPlan(999999),
        paths.editPlanTheme(id, 'nope'),
        paths.editPlanRecommendation(id, 'nope'),
        paths.removePlanRecommendation(id, 'nope'),
        paths.editPlanFinding(id, '51'),
        paths.removePlanFinding(id, '51'),
      ]) {
        expect((await o.get(url)).statusCode, url).toBe(404);
        expect((await o.post(url, { version: '1' })).statusCode, url).toBe(404);
      }
    });

    it('changes the plan’s details from the overview’s Change links, on a form filled in with what is saved', async () => {
      const a = app();
      const o = await officer(a);
      const id = await planWith('peer-challenge');
      const overview = await o.get(paths.improvementPlan(id));
      expect(overview.body).toContain(`href="${paths.editImprovementPlan(id)}#source"`);
      expect(overview.body).toContain('Change<span class="govuk-visually-hidden"> source</span>');
      const form = await o.get(paths.editImprovementPlan(id));
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="LGA Corporate Peer Challenge action plan"');
      expect(form.body).toMatch(/value="peer-challenge" checked/);
      const version = versionOf(form.body);
      expect(version).toBe('1');
      const empty = await o.post(paths.editImprovementPlan(id), { version, title: '', kind: 'improvement' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Enter the plan’s title');
      expect(versionOf(empty.body)).toBe('1');
      const dup = await o.post(paths.editImprovementPlan(id), {
        version,
        title: 'Improvement plan after inspection (2002)',
        kind: 'improvement',
      });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('There is already a plan called “Improvement plan after inspection (2002)”');
      const saved = await o.post(paths.editImprovementPlan(id), {
        version,
        title: 'LGA Corporate Peer Challenge action plan 2023',
        kind: 'improvement',
        basis: 'peer-challenge',
        source: 'LGA Corporate Peer Challenge, 2023',
        owner: 'Head of Policy',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(paths.improvementPlan(id));
      const after = await o.get(paths.improvementPlan(id));
      expect(after.body).toContain('LGA Corporate Peer Challenge action plan 2023');
      expect(after.body).toContain('Head of Policy');
      // The same form again, from a page read before that save: refused, showing what is saved now.
      const stale = await o.post(paths.editImprovementPlan(id), {
        version,
        title: 'LGA Corporate Peer Challenge action plan',
        kind: 'improvement',
        basis: 'peer-challenge',
      });
      expectStale(
        stale,
        'the plan’s details',
        'Title: saved now as “LGA Corporate Peer Challenge action plan 2023”.',
      );
      expect(versionOf(stale.body)).toBe('2');
      const audit = await store()
        .db.selectFrom('audit_event')
        .select(['action', 'actor_name', 'before', 'after'])
        .where('action', '=', 'plan.change')
        .where('entity_id', '=', String(id))
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_name).toBe('Test performance');
      expect(JSON.parse(audit[0]!.before!)).toMatchObject({
        title: 'LGA Corporate Peer Challenge action plan',
      });
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ owner: 'Head of Policy', version: 2 });
    });

    it('changes a recommendation, its theme and a finding; a stale change and a duplicate code are refused', async () => {
      const a = app();
      const o = await officer(a);
      const id = await planWith('inspection');
      const overview = await o.get(paths.improvementPlan(id));
      expect(overview.body).toContain('id="themes"');
      expect(overview.body).toContain(`href="${paths.editPlanTheme(id, '1')}"`);
      const themeForm = await o.get(paths.editPlanTheme(id, '1'));
      expect(themeForm.body).toContain('value="Priority 1: Forward planning"');
      const theme = await o.post(paths.editPlanTheme(id, '1'), {
        version: versionOf(themeForm.body),
        code: '1',
        title: 'Priority 1: Planning ahead',
      });
      expect(theme.statusCode).toBe(303);
      expect((await o.get(paths.improvementPlan(id))).body).toContain('Priority 1: Planning ahead');

      const recPage = await o.get(paths.planRecommendation(id, '1a'));
      expect(recPage.body).toContain(`href="${paths.editPlanRecommendation(id, '1a')}"`);
      expect(recPage.body).toContain(`href="${paths.removePlanRecommendation(id, '1a')}"`);
      expect(recPage.body).toContain('Change theme “Priority 1: Planning ahead”');
      const form = await o.get(paths.editPlanRecommendation(id, '1a'));
      expect(form.body).toContain('value="Priority 1: Planning ahead"');
      const version = versionOf(form.body);
      const title = /id="title" name="title" type="text" value="([^"]*)"/.exec(form.body)![1]!;
      const dup = await o.post(paths.editPlanRecommendation(id, '1a'), { version, code: '1b', title });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('There is already a recommendation 1b in this plan.');
      const ok = await o.post(paths.editPlanRecommendation(id, '1a'), {
        version,
        code: '1A',
        title: 'A corrected title',
        theme: 'Priority 1: Planning ahead',
      });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(paths.planRecommendation(id, '1A'));
      const moved = await o.get(paths.planRecommendation(id, '1A'));
      expect(moved.body).toContain('Recommendation 1A: A corrected title');
      expect((await o.get(paths.planRecommendation(id, '1a'))).statusCode).toBe(404);
      const stale = await o.post(paths.editPlanRecommendation(id, '1A'), {
        version,
        code: '1A',
        title: 'My older correction',
        theme: 'Priority 1: Planning ahead',
      });
      expectStale(stale, 'recommendation 1A', 'Title: saved now as “A corrected title”.');
      expect(stale.body).toContain('value="My older correction"');

      const findingPage = await o.get(paths.planFinding(id, '46'));
      expect(findingPage.body).toContain(`href="${paths.editPlanFinding(id, '46')}"`);
      const fForm = await o.get(paths.editPlanFinding(id, '46'));
      const changed = await o.post(paths.editPlanFinding(id, '46'), {
        version: versionOf(fForm.body),
        number: '46',
        text: 'A corrected finding',
        theme: 'Capacity',
        recommendation: '1A',
      });
      expect(changed.statusCode).toBe(303);
      expect((await o.get(paths.planFinding(id, '46'))).body).toContain('A corrected finding');
      const actions = (
        await store()
          .db.selectFrom('audit_event')
          .select('action')
          .where('actor_name', '=', 'Test performance')
          .where('action', 'in', ['theme.change', 'recommendation.change', 'finding.change'])
          .orderBy('id')
          .execute()
      ).map((r) => r.action);
      expect(actions).toEqual(['theme.change', 'recommendation.change', 'finding.change']);
    });

    it('removes a recommendation or finding only after confirming, and refuses while something depends on it', async () => {
      const a = app();
      const o = await officer(a);
      const id = await planWith('inspection');
      const cited = await o.get(paths.removePlanFinding(id, '45'));
      expect(cited.statusCode).toBe(200);
      expect(cited.body).toContain('Finding 45 cannot be removed while anything depends on it:');
      expect(cited.body).toMatch(/<li>Actions? [^<]+ cites? it\.<\/li>/);
      expect(cited.body).not.toContain('Remove finding 45</button>');
      const forced = await o.post(paths.removePlanFinding(id, '45'), { version: '1' });
      expect(forced.statusCode).toBe(409);
      expect(forced.body).toContain('There is a problem');
      const underRec = await o.get(paths.removePlanRecommendation(id, '2a'));
      expect(underRec.body).toMatch(/Actions? [^<]+ (is|are) under it\./);

      const confirm = await o.get(paths.removePlanFinding(id, '46'));
      expect(confirm.body).toContain('Remove finding 46');
      expect(confirm.body).toContain('Removing it cannot be undone.');
      const version = versionOf(confirm.body);
      expect((await o.post(paths.removePlanFinding(id, '46'), { version: '0' })).statusCode).toBe(409);
      const removed = await o.post(paths.removePlanFinding(id, '46'), { version });
      expect(removed.statusCode).toBe(303);
      expect(removed.headers.location).toBe(paths.improvementPlan(id));
      expect((await o.get(paths.planFinding(id, '46'))).statusCode).toBe(404);
      const audit = await store()
        .db.selectFrom('audit_event')
        .select(['before', 'after'])
        .where('action', '=', 'finding.remove')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.before!)).toMatchObject({ number: '46' });
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
