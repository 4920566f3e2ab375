/**
 * Issue 15 on the web, on each database: the performance team chooses what is public on the
 * "Publish on the public site" pages (CSRF, audited, a stale form refused with 409 and nothing saved),
 * sets the open data licence (checked, audited), and the public site follows at once — the same page
 * for everyone, cached by data version; the open data carries the licence.
 */
import { expect, it } from 'vitest';
import { auditTrail, systemActor } from '../../src/app/audit.js';
import { startNextYear } from '../../src/app/framework-year.js';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { csrfOf, sessionFor, testBrand } from '../support/web.js';
import { frozenReport, reportDraft, unzip } from '../support/public.js';

/** The hidden and ticked fields of a checkbox form, as a browser would send them. */
function formFields(html: string, action: string): { name: string; value: string }[] {
  const start = html.indexOf(`action="${action}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: { name: string; value: string }[] = [];
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (!name) continue;
    if (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs)) continue;
    out.push({ name, value });
  }
  return out;
}

const encode = (fields: { name: string; value: string }[]) =>
  fields.map((f) => `${encodeURIComponent(f.name)}=${encodeURIComponent(f.value)}`).join('&');

describeEachDatabase(
  'publishing on the public site',
  (store) => {
    const app = () => buildApp({ store: store(), clock: fixedClock, brand: testBrand() });

    it('publishes a plan and chosen indicators, audited, and refuses a stale form with 409', async () => {
      const s = store();
      const a = app();
      const plan = await s.db.selectFrom('plan').selectAll().executeTakeFirstOrThrow();
      const ids = new Map(
        (
          await s.db.selectFrom('indicator').select(['id', 'number']).where('plan_id', '=', plan.id).execute()
        ).map((i) => [i.number, i.id]),
      );
      const perf = await sessionFor(s, fixedClock, 'performance');
      const other = await sessionFor(s, fixedClock, 'admin');
      const url = paths.publicSitePlan(plan.id);

      // Nothing is public yet: the public plan is a 404.
      expect((await a.inject({ url: paths.publicPlan(plan.id) })).statusCode).toBe(404);

      const page = await a.inject({ url, cookies: perf.cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Publish this plan');
      expect(page.body).toContain('0 of 50 indicators are public');
      const stale = await a.inject({ url, cookies: other.cookies }); // read now, sent later

      const fields = formFields(page.body, url).filter((f) => f.name !== 'public');
      const ticked = [
        ...fields,
        { name: 'plan', value: 'yes' },
        { name: 'public', value: String(ids.get('1')) },
        { name: 'public', value: String(ids.get('2')) },
      ];
      const noToken = await a.inject({
        method: 'POST',
        url,
        cookies: perf.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encode(ticked.filter((f) => f.name !== '_csrf')),
      });
      expect(noToken.statusCode).toBe(403);
      const saved = await a.inject({
        method: 'POST',
        url,
        cookies: perf.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encode(ticked),
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${url}?saved=yes`);
      const after = await a.inject({ url: saved.headers.location!, cookies: perf.cookies });
      expect(after.body).toContain('2 of 50 indicators are public');
      expect(after.body).toContain('Saved. The public site shows your choices now.');
      const audit = (await auditTrail(s)).filter((e) => e.action === 'public.publish');
      expect(audit.map((e) => [e.entity, Number(e.entity_id)]).reverse()).toEqual([
        ['plan', plan.id],
        ['indicator', ids.get('1')],
        ['indicator', ids.get('2')],
      ]);

      // The public site follows at once (the page cache is keyed by data version).
      const publicPlan = await a.inject({ url: paths.publicPlan(plan.id) });
      expect(publicPlan.statusCode).toBe(200);
      expect(publicPlan.body).toContain(paths.publicIndicator(plan.id, '1', { period: '2017-18-Q1' }));
      expect(publicPlan.body).not.toContain(paths.publicIndicator(plan.id, '3', { period: '2017-18-Q1' }));
      // The same page for a signed-in person: no account area.
      const signedIn = await a.inject({ url: paths.publicPlan(plan.id), cookies: perf.cookies });
      expect(signedIn.body).toBe(publicPlan.body);

      // The form read before the change: it still shows 1 as not public. Ticking 3 on it is refused,
      // because 1 and 2 changed since — nothing of it is saved.
      const staleFields = formFields(stale.body, url).filter((f) => f.name !== 'public');
      const refused = await a.inject({
        method: 'POST',
        url,
        cookies: other.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encode([
          ...staleFields,
          { name: 'plan', value: 'yes' },
          { name: 'public', value: String(ids.get('3')) },
        ]),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Someone else has changed what is public since you opened this page');
      const three = await s.db
        .selectFrom('indicator')
        .select('public')
        .where('id', '=', ids.get('3')!)
        .executeTakeFirstOrThrow();
      expect(three.public).toBe(0);
      const one = await s.db
        .selectFrom('indicator')
        .select('public')
        .where('id', '=', ids.get('1')!)
        .executeTakeFirstOrThrow();
      expect(one.public).toBe(1);

      // Next year's plan starts public as this one is, its carried-over indicators as they are.
      const next = await startNextYear(
        s,
        systemActor,
        plan.id,
        { title: 'Corporate Plan 2018-19', version: plan.version },
        fixedClock,
      );
      const copied = await s.db
        .selectFrom('indicator')
        .select(['number', 'public'])
        .where('plan_id', '=', next.planId)
        .where('number', 'in', ['1', '2', '3'])
        .orderBy('number')
        .execute();
      expect(copied).toEqual([
        { number: '1', public: 1 },
        { number: '2', public: 1 },
        { number: '3', public: 0 },
      ]);
      const nextPlan = await s.db
        .selectFrom('plan')
        .select(['public', 'status'])
        .where('id', '=', next.planId)
        .executeTakeFirstOrThrow();
      expect(nextPlan).toEqual({ public: 1, status: 'draft' });
      expect((await a.inject({ url: paths.publicPlan(next.planId) })).statusCode).toBe(404);

      // "Publish the plan and every indicator".
      const fresh = await a.inject({ url, cookies: perf.cookies });
      const everything = await a.inject({
        method: 'POST',
        url,
        cookies: perf.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encode([...formFields(fresh.body, url), { name: 'everything', value: 'yes' }]),
      });
      expect(everything.statusCode).toBe(303);
      expect((await a.inject({ url, cookies: perf.cookies })).body).toContain(
        '50 of 50 indicators are public',
      );
    });

    it('publishes improvement plans and quarterly reports, and sets the open data licence', async () => {
      const s = store();
      const a = app();
      const plan = await s.db.selectFrom('plan').selectAll().executeTakeFirstOrThrow();
      const perf = await sessionFor(s, fixedClock, 'performance');
      const draft = await reportDraft(s, plan.id, '2017-18-Q1', 'council');
      const v1 = await frozenReport(
        s,
        'quarterly',
        { draft_id: draft, period_code: '2017-18-Q1', scope: 'council' },
        'Q1 report',
      );
      const v2 = await frozenReport(
        s,
        'quarterly',
        { draft_id: draft, period_code: '2017-18-Q1', scope: 'council' },
        'Q1 report corrected',
      );
      const ip = await s.db
        .selectFrom('improvement_plan')
        .select(['id', 'title'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const manage = paths.publicSiteManage();
      const page = await a.inject({ url: manage, cookies: perf.cookies });
      expect(page.statusCode).toBe(200);
      const post = (action: string, fields: { name: string; value: string }[]) =>
        a.inject({
          method: 'POST',
          url: action,
          cookies: perf.cookies,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: encode(fields),
        });

      expect((await a.inject({ url: paths.publicReport('quarterly', v2) })).statusCode).toBe(404);
      const reports = formFields(page.body, paths.publicSiteReports());
      expect(
        (await post(paths.publicSiteReports(), [...reports, { name: 'public', value: String(draft) }]))
          .headers.location,
      ).toBe(`${manage}?saved=1`);
      const list = await a.inject({ url: paths.publicReports() });
      expect(list.body).toContain('Q1 report corrected');
      expect(list.body).toContain('Replaced by a later version');
      expect((await a.inject({ url: paths.publicReportFile('quarterly', v1, 'html') })).body).toBe(
        '<p>Q1 report</p>',
      );

      const plans = formFields(page.body, paths.publicSiteImprovementPlans());
      await post(paths.publicSiteImprovementPlans(), [...plans, { name: 'public', value: String(ip.id) }]);
      expect((await a.inject({ url: paths.publicImprovementPlan(ip.id) })).statusCode).toBe(200);
      expect((await a.inject({ url: paths.publicImprovementPlans() })).body).toContain(ip.title);

      // The licence: checked, then saved and carried by every download.
      const csrf = csrfOf(page.body);
      const bad = await post(paths.publicSiteLicence(), [
        { name: '_csrf', value: csrf },
        { name: 'licence', value: 'Creative Commons Attribution 4.0' },
        { name: 'licenceUrl', value: 'creativecommons.org/licenses/by/4.0' },
        { name: 'licenceWas', value: '' },
        { name: 'licenceUrlWas', value: '' },
      ]);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('There is a problem');
      expect(bad.body).toContain('href="#licenceUrl"');
      const good = await post(paths.publicSiteLicence(), [
        { name: '_csrf', value: csrf },
        { name: 'licence', value: 'Creative Commons Attribution 4.0' },
        { name: 'licenceUrl', value: 'https://creativecommons.org/licenses/by/4.0/' },
        { name: 'licenceWas', value: '' },
        { name: 'licenceUrlWas', value: '' },
      ]);
      expect(good.statusCode).toBe(303);
      const again = await post(paths.publicSiteLicence(), [
        { name: '_csrf', value: csrf },
        { name: 'licence', value: 'Something else' },
        { name: 'licenceUrl', value: '' },
        { name: 'licenceWas', value: '' },
        { name: 'licenceUrlWas', value: '' },
      ]);
      expect(again.statusCode).toBe(409);
      expect((await auditTrail(s)).filter((e) => e.action === 'public.licence')).toHaveLength(1);
      const json = JSON.parse((await a.inject({ url: paths.openDataFile('reports', 'json') })).body);
      expect(json.licence).toEqual({
        name: 'Creative Commons Attribution 4.0',
        url: 'https://creativecommons.org/licenses/by/4.0/',
      });
      expect(json.attribution).toBe(
        '© Oxfordshire County Council. Published under the Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).',
      );
      expect(json.rows.map((r: { version: number }) => r.version)).toEqual([2, 1]);
      const csv = await a.inject({ url: paths.openDataFile('reports', 'csv') });
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
      const zip = await unzip((await a.inject({ url: paths.openDataZip() })).rawPayload);
      expect([...zip.keys()]).toContain('datapackage.json');
      expect([...zip.keys()]).toContain(`reports/quarterly-${v2}/Q1 report corrected.html`);
      expect([...zip.keys()]).not.toContain(`reports/quarterly-${v1}/Q1 report.html`);
      expect(JSON.parse(zip.get('datapackage.json')!.toString()).licenses[0].name).toBe(
        'Creative Commons Attribution 4.0',
      );
      expect(zip.get('README.txt')!.toString()).toContain(
        'Published under the Creative Commons Attribution 4.0',
      );
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
