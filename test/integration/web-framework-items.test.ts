import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { FRAMEWORK_EDIT_ROUTES } from '../../src/web/features/framework/edit-routes.js';
import { paths, query } from '../../src/web/paths.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock } from '../support/fixtures.js';
import { draftNextYear } from '../support/framework.js';
import { csrfOf, sessionFor, testBrand } from '../support/web.js';

const brand = testBrand();
const clock = clockAt('2018-02-10T09:00:00Z');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const idOf = async (s: Store, table: 'priority' | 'outcome' | 'indicator', planId: number, key: string) =>
  (
    await s.db
      .selectFrom(table as 'indicator')
      .select('id')
      .where('plan_id', '=', planId)
      .where(table === 'indicator' ? 'number' : ('code' as 'number'), '=', key)
      .executeTakeFirstOrThrow()
  ).id;

/** Text from HTML, its entities read back. */
const unescape = (html: string) =>
  html.replace(
    /&(gt|lt|quot|#39|amp);/g,
    (_, e: string) => ({ gt: '>', lt: '<', quot: '"', '#39': "'", amp: '&' })[e]!,
  );

/** The error summary's items, as text. */
const summaryOf = (html: string) =>
  [
    ...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(
      /<a href="([^"]+)">([\s\S]*?)<\/a>/g,
    ),
  ].map((m) => [m[1], unescape(m[2]!).trim()]);

let drafts = 0;

describeEachDatabase(
  'the framework’s edit pages',
  (store) => {
    const app = () => buildApp({ store: store(), clock, brand });
    async function officer(a: ReturnType<typeof app>, role: 'performance' | 'admin' = 'performance') {
      const { cookies } = await sessionFor(store(), clock, role);
      const _csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
      return {
        get: (url: string) => a.inject({ url, cookies }),
        post: (url: string, payload: Record<string, string | string[]>) =>
          a.inject({ method: 'POST', url, cookies, payload: { _csrf, ...payload } }),
      };
    }
    const demoPlan = async () =>
      (
        await store()
          .db.selectFrom('plan')
          .select('id')
          .where('status', '=', 'approved')
          .executeTakeFirstOrThrow()
      ).id;
    const newDraft = async () =>
      draftNextYear(store(), await demoPlan(), { title: `Corporate Plan 2018-19 (${++drafts})` });

    it('registers each page at the address paths.ts builds, for the performance team and administrators only', async () => {
      const a = app();
      await a.ready();
      const fill = (p: string) =>
        p
          .replace(':planId', '4')
          .replace(':priorityId', '5')
          .replace(':outcomeId', '6')
          .replace(':indicatorId', '7');
      const R = FRAMEWORK_EDIT_ROUTES;
      expect(fill(R.newPriority)).toBe(paths.newFrameworkPriority(4));
      expect(fill(R.editPriority)).toBe(paths.editFrameworkPriority(4, 5));
      expect(fill(R.retirePriority)).toBe(paths.retireFrameworkPriority(4, 5));
      expect(fill(R.movePriority)).toBe(paths.moveFrameworkPriority(4, 5));
      expect(fill(R.newOutcome)).toBe(paths.newFrameworkOutcome(4));
      expect(fill(R.editOutcome)).toBe(paths.editFrameworkOutcome(4, 6));
      expect(fill(R.retireOutcome)).toBe(paths.retireFrameworkOutcome(4, 6));
      expect(fill(R.moveOutcome)).toBe(paths.moveFrameworkOutcome(4, 6));
      expect(fill(R.newIndicator)).toBe(paths.newFrameworkIndicator(4));
      expect(fill(R.editIndicator)).toBe(paths.editFrameworkIndicator(4, 7));
      expect(fill(R.retireIndicator)).toBe(paths.retireFrameworkIndicator(4, 7));
      expect(fill(R.moveIndicator)).toBe(paths.moveFrameworkIndicator(4, 7));
      expect(fill(R.indicatorTargets)).toBe(paths.frameworkIndicatorTargets(4, 7));
      expect(fill(R.targets)).toBe(paths.frameworkTargets(4));
      for (const pattern of Object.values(R))
        for (const method of ['GET', 'POST'])
          expect(
            a.routeAccess.find((r) => r.url === pattern && r.method === method)?.access,
            `${method} ${pattern}`,
          ).toBe('manage-framework');

      // The data owner, the approver and the viewer see no framework page, and post to none.
      const planId = await demoPlan();
      const s = store();
      const urls = [
        paths.newFrameworkPriority(planId),
        paths.editFrameworkIndicator(planId, await idOf(s, 'indicator', planId, '7')),
        paths.retireFrameworkOutcome(planId, await idOf(s, 'outcome', planId, 'O13')),
        paths.frameworkIndicatorTargets(planId, await idOf(s, 'indicator', planId, '7')),
        paths.frameworkTargets(planId, { directorate: 'SCS' }),
      ];
      for (const role of ['owner', 'approver', 'viewer'] as const) {
        const { cookies } = await sessionFor(s, clock, role);
        const _csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
        for (const url of urls) {
          expect((await a.inject({ url, cookies })).statusCode, `GET ${url} as ${role}`).toBe(403);
          const post = await a.inject({
            method: 'POST',
            url,
            cookies,
            payload: { _csrf, version: '1', code: 'P9', title: 'X' },
          });
          expect(post.statusCode, `POST ${url} as ${role}`).toBe(403);
        }
      }
      // A post without the session's CSRF token is refused, for the performance team too.
      const { cookies } = await sessionFor(s, clock, 'performance');
      const forged = await a.inject({
        method: 'POST',
        url: urls[0]!,
        cookies,
        payload: { code: 'P9', title: 'Forged' },
      });
      expect(forged.statusCode).toBe(403);
      expect(await s.db.selectFrom('priority').select('id').where('code', '=', 'P9').execute()).toEqual([]);
      // Something that does not exist is not found.
      const o = await officer(a);
      for (const url of [
        paths.editFrameworkPriority(planId, 999999),
        paths.editFrameworkIndicator(planId, 999999),
        paths.retireFrameworkOutcome(planId, 999999),
        paths.frameworkIndicatorTargets(planId, 999999),
        paths.newFrameworkPriority(999999),
        paths.frameworkTargets(planId, { directorate: 'NOPE' }),
      ])
        expect((await o.get(url)).statusCode, url).toBe(404);
    });

    it('adds an indicator from its form: problems on the GOV.UK error summary by field, then back to the framework with what was done', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const o4 = await idOf(store(), 'outcome', planId, 'O4');
      const form = await o.get(paths.newFrameworkIndicator(planId, { outcome: o4 }));
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<h1 class="govuk-heading-xl">Add an indicator</h1>');
      expect(form.body).toMatch(new RegExp(`<option value="${o4}" selected>O4:`));
      expect(form.body).toContain('Why it was introduced');
      expect(form.body).toContain(`href="${paths.planFramework(planId)}">Back to the framework</a>`);
      const bad = await o.post(paths.newFrameworkIndicator(planId, { outcome: o4 }), {
        outcome: String(o4),
        number: '7',
        title: 'New investors',
        target: '60/20',
        partLabels: 'only one label',
        cumulative: 'yes',
        frequency: 'quarterly',
        inArrears: '0',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('<title>Error: Add an indicator');
      expect(summaryOf(bad.body)).toEqual([
        ['#number', 'Indicator 7 is already in this plan: choose another number.'],
        ['#partLabels', 'The target "60/20" has 2 parts but 1 part labels are given.'],
        ['#changeReason', 'Enter why it was introduced.'],
      ]);
      expect(bad.body).toContain('id="partLabels-error"');
      expect(bad.body).toContain('>only one label</textarea>');
      const saved = await o.post(paths.newFrameworkIndicator(planId, { outcome: o4 }), {
        outcome: String(o4),
        number: '90a',
        title: 'New investors',
        target: '60/20',
        partLabels: 'new investors\nof which high value',
        cumulative: 'yes',
        frequency: 'quarterly',
        inArrears: '0',
        changeReason: 'A new inward investment measure.',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(
        `${paths.planFramework(planId)}${query({ done: 'Indicator 90a added.' })}`,
      );
      const row = await store()
        .db.selectFrom('indicator')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('number', '=', '90a')
        .executeTakeFirstOrThrow();
      expect([row.change, row.part_labels]).toEqual([
        'introduced',
        '["new investors","of which high value"]',
      ]);
    });

    it('changes an outcome on a form filled in with what is saved; a stale form is refused (409) saying what is saved now', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const id = await idOf(store(), 'outcome', planId, 'O7');
      const url = paths.editFrameworkOutcome(planId, id);
      const form = await o.get(url);
      expect(form.body).toContain('>Highways are adequately maintained</textarea>');
      expect(form.body).toContain('What changed and why');
      const version = versionOf(form.body);
      expect(version).toBe('1');
      const current = await store()
        .db.selectFrom('outcome')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const fields = {
        version,
        priority: String(current.priority_id),
        code: 'O7',
        directorate: String(current.directorate_id),
      };
      const first = await o.post(url, {
        ...fields,
        title: 'Highways are well maintained',
        changeReason: 'Reworded.',
      });
      expect(first.statusCode).toBe(303);
      const second = await o.post(url, {
        ...fields,
        title: 'Roads are kept in repair',
        changeReason: 'Mine.',
      });
      expect(second.statusCode).toBe(409);
      expect(second.body).toContain('Someone else changed outcome O7 while you were editing it');
      expect(second.body).toContain('Outcome: saved now as “Highways are well maintained”.');
      expect(second.body).toContain('>Roads are kept in repair</textarea>');
      expect(versionOf(second.body)).toBe('2');
      // With the version it was shown at, it saves.
      expect(
        (
          await o.post(url, {
            ...fields,
            version: '2',
            title: 'Roads are kept in repair',
            changeReason: 'Mine.',
          })
        ).statusCode,
      ).toBe(303);
    });

    it('asks for the amendment’s reason on an approved framework, beside the reason field', async () => {
      const a = app();
      const o = await officer(a, 'admin');
      const planId = await demoPlan();
      const id = await idOf(store(), 'priority', planId, 'P3');
      const url = paths.editFrameworkPriority(planId, id);
      const form = await o.get(url);
      expect(form.body).toContain('Reason for the amendment');
      const version = versionOf(form.body);
      const refused = await o.post(url, {
        version,
        code: 'P3',
        title: 'Efficient and effective public services',
      });
      expect(refused.statusCode).toBe(400);
      expect(summaryOf(refused.body)).toEqual([
        [
          '#reason',
          'This framework has been approved, so a change is a minor amendment: enter the reason for it.',
        ],
      ]);
      const saved = await o.post(url, {
        version,
        code: 'P3',
        title: 'Efficient and effective public services',
        reason: 'As the Cabinet agreed it.',
      });
      expect(saved.statusCode).toBe(303);
      const amendment = await store()
        .db.selectFrom('framework_amendment')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect([amendment.ref, amendment.reason]).toEqual(['Priority P3', 'As the Cabinet agreed it.']);
    });

    it('retires after a confirmation page that says what will happen, and asks why', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const id = await idOf(store(), 'outcome', planId, 'O13');
      const url = paths.retireFrameworkOutcome(planId, id);
      const page = await o.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1 class="govuk-heading-xl">Retire outcome O13</h1>');
      expect(page.body).toContain('listed in the report’s retired measures');
      expect(page.body).toContain('Its 3 indicators go with it:');
      expect(page.body).toContain('Indicator 11: Reduce the number of looked after children');
      const version = versionOf(page.body);
      const noReason = await o.post(url, { version, reason: '' });
      expect(noReason.statusCode).toBe(400);
      expect(summaryOf(noReason.body)).toEqual([
        ['#reason', 'Enter why outcome O13 is being retired: the report lists it with this reason.'],
      ]);
      expect(noReason.body).toContain('id="reason-error"');
      const done = await o.post(url, { version, reason: 'Merged into O11.' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(
        `${paths.planFramework(planId)}${query({ done: 'Outcome O13 removed.' })}`,
      );
      expect((await o.get(url)).statusCode).toBe(404);
      // A priority with outcomes says so, with no button.
      const p1 = await o.get(
        paths.retireFrameworkPriority(planId, await idOf(store(), 'priority', planId, 'P1')),
      );
      expect(p1.body).toMatch(/Priority P1 still has \d+ outcomes/);
      expect(p1.body).not.toContain('govuk-button--warning');
    });

    it('moves an item from a small form, and says when it cannot', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const id = await idOf(store(), 'priority', planId, 'P1');
      const url = paths.moveFrameworkPriority(planId, id);
      const form = await o.get(`${url}?direction=down`);
      expect(form.body).toMatch(/value="down" checked/);
      const up = await o.post(url, { version: versionOf(form.body), direction: 'up' });
      expect(up.statusCode).toBe(400);
      expect(summaryOf(up.body)).toEqual([['#direction', 'Priority P1 is already first in the plan.']]);
      const down = await o.post(url, { version: versionOf(form.body), direction: 'down' });
      expect(down.statusCode).toBe(303);
      expect(down.headers.location).toBe(
        `${paths.planFramework(planId)}${query({ done: 'Priority P1 moved down.' })}`,
      );
      expect((await o.post(url, { version: '1', direction: 'down' })).statusCode).toBe(409);
    });

    it('sets one indicator’s targets and trajectory on its page, each printed back as typed', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const id = await idOf(store(), 'indicator', planId, '11');
      const url = paths.frameworkIndicatorTargets(planId, id);
      const page = await o.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Targets for indicator 11');
      for (const code of ['2018-19', '2018-19-Q1', '2018-19-Q4', '2019-20', '2020-21'])
        expect(page.body).toContain(`id="t-${id}-${code}"`);
      const version = versionOf(page.body);
      const bad = await o.post(url, {
        version,
        [`t-${id}-2018-19`]: '629',
        [`t-${id}-2018-19-Q2`]: 'roughly 600',
      });
      expect(bad.statusCode).toBe(400);
      expect(summaryOf(bad.body)[0]).toEqual([
        `#t-${id}-2018-19-Q2`,
        expect.stringMatching(/^Q2 2018-19: Cannot read "roughly 600" as a target/),
      ]);
      expect(bad.body).toContain('value="roughly 600"');
      const saved = await o.post(url, {
        version,
        [`t-${id}-2018-19`]: '629',
        [`t-${id}-2018-19-Q1`]: '≤ 650',
        [`t-${id}-2019-20`]: '582',
        baseline: '667 at March 2017',
        trajectory: '582 by March 2019',
      });
      expect(saved.statusCode).toBe(303);
      const again = await o.get(url);
      expect(again.body).toContain(`value="≤ 650"`);
      expect(again.body).toMatch(
        /<th scope="row" class="govuk-table__header">Q1 2018-19<\/th>\s*<td class="govuk-table__cell">≤ 650<\/td>\s*<td class="govuk-table__cell">at most 650<\/td>/,
      );
      expect(again.body).toContain('value="667 at March 2017"');
      expect((await o.post(url, { version, [`t-${id}-2018-19`]: '1' })).statusCode).toBe(409);
    });

    it('saves a directorate’s grid in one go: each problem located by indicator and period, nothing saved until all can be read', async () => {
      const a = app();
      const o = await officer(a);
      const planId = await newDraft();
      const url = paths.frameworkTargets(planId, { directorate: 'SCS' });
      const page = await o.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Targets: Social and Community Services');
      const fields = Object.fromEntries(
        [...page.body.matchAll(/<input[^>]*name="((?:t|v)-[^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
          m[1]!,
          unescape(m[2]!),
        ]),
      );
      const hidden = Object.fromEntries(
        [...page.body.matchAll(/name="(v-\d+)" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      const one = await idOf(store(), 'indicator', planId, '1');
      const two = await idOf(store(), 'indicator', planId, '2');
      const bad = await o.post(url, {
        ...fields,
        ...hidden,
        [`t-${one}-2018-19-Q1`]: '65%',
        [`t-${two}-2018-19-Q2`]: 'more',
      });
      expect(bad.statusCode).toBe(400);
      expect(summaryOf(bad.body)).toEqual([
        [
          `#t-${two}-2018-19-Q2`,
          expect.stringMatching(/^Indicator 2, Q2 2018-19: Cannot read "more" as a target/),
        ],
      ]);
      expect(bad.body).toContain('value="65%"');
      expect(
        await store()
          .db.selectFrom('indicator_target')
          .select('id')
          .where('indicator_id', '=', one)
          .where('period_code', '=', '2018-19-Q1')
          .execute(),
      ).toEqual([]);
      const saved = await o.post(url, {
        ...fields,
        ...hidden,
        [`t-${one}-2018-19-Q1`]: '65%',
        [`t-${two}-2018-19-Q2`]: '30',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(
        `${paths.planFramework(planId)}${query({ done: 'Targets of Social and Community Services saved (2 indicators).' })}`,
      );
      const stale = await o.post(url, { ...fields, ...hidden, [`t-${one}-2018-19-Q1`]: '66%' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('None of the targets have been saved');
      expect(stale.body).toContain('Indicator 1 was changed by someone else');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
