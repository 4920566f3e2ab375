/**
 * Benchmarking's web pages on both databases (issue 13): which council this is, comparator groups
 * imported from a file (with located problems), figures uploaded through the column-mapping step (the
 * mapping saved for the source and offered again for its next file; a file with a problem saves
 * nothing and says where), an indicator linked (a stale form refused with 409), its benchmark panel,
 * the plan's benchmarking page with its filters and downloads, and who may do what.
 */
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { csrfOf, multipart, sessionFor, testBrand } from '../support/web.js';

const csv = (lines: string[][]) => Buffer.from(lines.map((l) => l.join(',')).join('\r\n'));

const COUNTIES: [string, string, string][] = [
  ['E10000025', 'Oxfordshire', '11.2'],
  ['E10000031', 'Warwickshire', '12.5'],
  ['E10000013', 'Gloucestershire', '13.1'],
  ['E10000034', 'Worcestershire', '12.0'],
  ['E10000003', 'Cambridgeshire', '14.2'],
  ['E10000015', 'Hertfordshire', '10.9'],
  ['E10000032', 'West Sussex', '13.8'],
  ['E10000029', 'Suffolk', '15.0'],
];

/** An LG Inform-like download: its own headings, which the mapping step maps. */
const dataFile = (rows = COUNTIES) =>
  csv([
    ['Area code', 'Area name', 'Indicator ID', 'Indicator title', 'Academic year', 'Figure'],
    ...rows.map(([code, name, v]) => [
      code,
      name,
      'PA-SEC',
      'Persistent absence in secondary schools (%)',
      '2016/17',
      v,
    ]),
  ]);

const MAPPING = {
  'column-area': 'Area code',
  'column-metricCode': 'Indicator ID',
  'column-metricTitle': 'Indicator title',
  'column-period': 'Academic year',
  'column-value': 'Figure',
  polarity: 'lower',
  unit: 'percent',
};

describeEachDatabase(
  'benchmarking pages',
  (store) => {
    const app = () => buildApp({ store: store(), clock: fixedClock, brand: testBrand() });
    let planId = 0;
    const readPlanId = async () => {
      planId = (
        await store()
          .db.selectFrom('indicator')
          .select('plan_id')
          .where('number', '=', '9')
          .executeTakeFirstOrThrow()
      ).plan_id;
    };

    async function admin() {
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const csrf = csrfOf((await a.inject({ url: paths.account(), cookies })).body);
      return { a, cookies, csrf };
    }

    async function upload(name: string, bytes: Buffer, source = 'LG Inform') {
      const { a, cookies, csrf } = await admin();
      const res = await a.inject({
        method: 'POST',
        url: paths.benchmarkDataUpload(),
        cookies,
        ...multipart({ _csrf: csrf, source }, { field: 'file', name, type: 'text/csv', bytes }),
      });
      return { a, cookies, csrf, res };
    }

    it('says which council this is, offering the closest councils when a name matches none', async () => {
      const { a, cookies, csrf } = await admin();
      expect((await a.inject({ url: paths.benchmarkHome(), cookies })).statusCode).toBe(200);
      const wrong = await a.inject({
        method: 'POST',
        url: paths.benchmarkCouncil(),
        cookies,
        payload: { _csrf: csrf, council: 'Oxfordshir' },
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('The closest are');
      expect(wrong.body).toContain('value="E10000025"');
      const right = await a.inject({
        method: 'POST',
        url: paths.benchmarkCouncil(),
        cookies,
        payload: { _csrf: csrf, council: 'E10000025' },
      });
      expect(right.statusCode).toBe(303);
      expect((await a.inject({ url: paths.benchmarkCouncil(), cookies })).body).toContain(
        'Oxfordshire (E10000025)',
      );
    });

    it('imports a file of groups, refusing one with a council it cannot find, by row', async () => {
      const { a, cookies, csrf } = await admin();
      const send = (rows: string[][]) =>
        a.inject({
          method: 'POST',
          url: paths.benchmarkGroupsUpload(),
          cookies,
          ...multipart(
            { _csrf: csrf, name: 'Shire counties', validFrom: '1/4/2016' },
            { field: 'file', name: 'groups.csv', type: 'text/csv', bytes: csv(rows) },
          ),
        });
      const bad = await send([['Council'], ['Oxfordshire'], ['Warwickshir']]);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(/row 3, Council/);
      expect(bad.body).toContain('Warwickshire (E10000031)');
      const ok = await send([['Area code'], ...COUNTIES.map(([c]) => [c])]);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('Comparator groups imported');
      const list = await a.inject({ url: paths.benchmarkGroups(), cookies });
      expect(list.body).toContain('Shire counties');
      expect(list.body).toContain('2016-04-01');
    });

    it('uploads figures through the mapping step, then offers the saved mapping for the source’s next file', async () => {
      const { a, cookies, csrf, res } = await upload('pa.csv', dataFile());
      expect(res.statusCode).toBe(303);
      const mappingUrl = res.headers.location!;
      const page = await a.inject({ url: mappingUrl, cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Choose which column holds what');
      // A mapping without the figures' column is refused on the form, beside the field.
      const missing = await a.inject({
        method: 'POST',
        url: mappingUrl,
        cookies,
        payload: { _csrf: csrf, ...MAPPING, 'column-value': '', 'column-period': '' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('href="#column-value"');
      const done = await a.inject({
        method: 'POST',
        url: mappingUrl,
        cookies,
        payload: { _csrf: csrf, ...MAPPING },
      });
      expect(done.statusCode).toBe(303);
      const result = await a.inject({ url: done.headers.location!, cookies });
      expect(result.body).toContain('The figures have been imported');
      expect(result.body).toMatch(/Figures imported<\/dt><dd class="govuk-summary-list__value">8</);

      const again = await upload('pa-2.csv', dataFile());
      const next = await a.inject({ url: again.res.headers.location!, cookies });
      expect(next.body).toContain('These are the columns you chose for the last file from LG Inform');
      expect(next.body).toContain('<option value="Figure" selected>');
    });

    it('refuses a file with a problem, saving nothing, and says which row', async () => {
      const count = async () =>
        Number(
          (
            await store()
              .db.selectFrom('benchmark_value')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const rows: [string, string, string][] = COUNTIES.map(([c, n, v]) => [c, n, String(Number(v) + 1)]);
      rows[3] = ['Nowhereshire', 'Nowhereshire', '12'];
      const { a, cookies, csrf, res } = await upload('bad.csv', dataFile(rows));
      const done = await a.inject({
        method: 'POST',
        url: res.headers.location!,
        cookies,
        payload: { _csrf: csrf, ...MAPPING },
      });
      const result = await a.inject({ url: done.headers.location!, cookies });
      expect(result.body).toContain('Nothing has been saved');
      expect(result.body).toMatch(/row 5, Area code/);
      expect(result.body).toContain('Nowhereshire');
      expect(await count()).toBe(before);
      // Back at the mapping step, to map again or replace the file.
      expect((await a.inject({ url: res.headers.location!, cookies })).statusCode).toBe(200);
    });

    it('links indicator 9 to the metric, refusing a stale form, and shows where we stand', async () => {
      await readPlanId();
      const { a, cookies, csrf } = await admin();
      const linkUrl = paths.indicatorBenchmark(planId, '9');
      const form = await a.inject({ url: `${linkUrl}?q=absence`, cookies });
      expect(form.statusCode).toBe(200);
      const metricId = /name="metric" type="radio" value="(\d+)"/.exec(form.body)?.[1];
      expect(metricId).toBeDefined();
      const group = /<option value="(group:\d+)">Shire counties/.exec(form.body)?.[1];
      expect(group).toBeDefined();
      const post = (version: number) =>
        a.inject({
          method: 'POST',
          url: linkUrl,
          cookies,
          payload: { _csrf: csrf, metric: metricId!, comparison: group!, version: String(version) },
        });
      expect((await post(0)).statusCode).toBe(303);
      const stale = await post(0);
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else');

      const page = await a.inject({ url: paths.indicator(planId, '9'), cookies });
      expect(page.body).toContain('How we compare with other councils');
      // 8 councils, lower is better: Hertfordshire 10.9, Oxfordshire 11.2 → rank 2 of 8, top quartile.
      expect(page.body).toContain('2 of 8');
      expect(page.body).toContain('Top quartile (1st of 4)');
      expect(page.body).toContain('Hertfordshire: 10.9%');

      const bench = await a.inject({ url: paths.benchmarking(planId), cookies });
      expect(bench.statusCode).toBe(200);
      expect(bench.body).toMatch(/2 of 8/);
      const filtered = await a.inject({ url: paths.benchmarking(planId, { quartile: '4' }), cookies });
      expect(filtered.body).toContain('Showing 0 of 1 linked indicator');
      const file = await a.inject({ url: paths.benchmarkingDownload(planId, 'csv'), cookies });
      expect(file.headers['content-type']).toContain('text/csv');
      expect(file.body).toContain('Top quartile');
      const xlsx = await a.inject({ url: paths.benchmarkingDownload(planId, 'xlsx'), cookies });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

      // Unlinked again with the version it is at.
      const unlink = await a.inject({
        method: 'POST',
        url: linkUrl,
        cookies,
        payload: { _csrf: csrf, action: 'unlink', version: '1' },
      });
      expect(unlink.statusCode).toBe(303);
      expect((await a.inject({ url: paths.indicator(planId, '9'), cookies })).body).toContain(
        'not compared with other councils',
      );
    });

    it('lets viewers read the plan’s benchmarking page but not manage benchmarking', async () => {
      await readPlanId();
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      expect((await a.inject({ url: paths.benchmarkHome(), cookies })).statusCode).toBe(403);
      expect((await a.inject({ url: paths.indicatorBenchmark(planId, '9'), cookies })).statusCode).toBe(403);
      expect((await a.inject({ url: paths.benchmarking(planId), cookies })).statusCode).toBe(200);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
