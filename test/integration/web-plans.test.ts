import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { oxfordshireFramework } from '../../src/demo/oxfordshire-2017-18.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

describeEachDatabase(
  'pages with two plans, and figures in arrears',
  (store) => {
    const get = async (url: string) => {
      const app = buildApp({
        store: store(),
        clock: fixedClock,
        brand: testBrand(),
      });
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const res = await app.inject({ url, cookies });
      return { status: res.statusCode, html: res.body };
    };
    const planIds = async () =>
      (await store().db.selectFrom('plan').select(['id', 'title']).orderBy('id').execute()).map((p) => p.id);

    it('shows the plan in the address, not whichever plan covers the period', async () => {
      const [approved, draft] = await planIds();
      const q = { period: '2017-18-Q1' };
      const d = await get(paths.plan(draft!, q));
      expect(d.status).toBe(200);
      expect(d.html).toContain('Draft Corporate Plan 2017-18');
      expect(d.html).not.toContain(`href="/plans/${approved}/`);
      expect(d.html).not.toContain('cairn-rag--red'); // the draft has no figures yet
      const a = await get(paths.dashboard(approved!, q));
      expect(a.html).toContain('cairn-rag--red');
      expect(a.html).not.toContain(`href="/plans/${draft}/`);
    });

    it('shows the quarter a figure in arrears is reported in, not the earlier quarter it measures', async () => {
      const [approved] = await planIds();
      // Keep only indicator 27's figure, reported a quarter in arrears: stored against Q4 2016-17.
      await store().db.deleteFrom('indicator_value').where('period_code', '=', '2017-18-Q1').execute();
      const left = await store().db.selectFrom('indicator_value').select('period_code').execute();
      expect(left.map((r) => r.period_code)).toEqual(['2016-17-Q4']);
      const home = await get(paths.home());
      expect(home.status).toBe(200);
      expect(home.html).toContain('Performance in Q1 2017-18');
      const plan = await get(paths.plan(approved!));
      expect(plan.status).toBe(200);
      expect(plan.html).toContain('<option value="2017-18-Q1" selected>');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
    await saveFrameworkDocument(
      s,
      {
        ...oxfordshireFramework,
        plan: { ...oxfordshireFramework.plan, title: 'Draft Corporate Plan 2017-18', status: 'draft' },
      },
      fixedClock,
    );
  },
);
