/**
 * Benchmarking's web pages on both databases (issue 13): which council this is, comparator groups
 * imported from a file (with located problems), figures uploaded through the column-mapping step (the
 * mapping saved for the source and offered again for its next file; a file with a problem saves
 * nothing and says where), an indicator linked (a stale form refused with 409), its benchmark panel,
 * the plan's benchmarking page with its filters and downloads, and who may do what.
 */
import { expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cliActor } from '../../src/app/audit.js';
import { startImport } from '../../src/app/benchmark-uploads.js';
import { loadDemo } from '../../src/app/demo.js';
import { MAX_UPLOAD_BYTES } from '../../src/web/deps.js';
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

    it('builds a group in the app from every county in the South East, and removes it with the version it was read at', async () => {
      const { a, cookies, csrf } = await admin();
      const form = await a.inject({ url: paths.newBenchmarkGroup(), cookies });
      expect(form.body).toContain('<option value="CTY">County</option>');
      const empty = await a.inject({
        method: 'POST',
        url: paths.newBenchmarkGroup(),
        cookies,
        payload: { _csrf: csrf, name: '' },
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Enter a name for the group');
      const made = await a.inject({
        method: 'POST',
        url: paths.newBenchmarkGroup(),
        cookies,
        payload: {
          _csrf: csrf,
          name: 'South East counties',
          typeCode: 'CTY',
          region: 'South East',
          list: 'Warwickshir',
        },
      });
      expect(made.statusCode).toBe(400);
      expect(made.body).toContain('Line 1: &quot;Warwickshir&quot; is not the name');
      const ok = await a.inject({
        method: 'POST',
        url: paths.newBenchmarkGroup(),
        cookies,
        payload: {
          _csrf: csrf,
          name: 'South East counties',
          typeCode: 'CTY',
          region: 'South East',
          list: 'Warwickshire',
        },
      });
      expect(ok.statusCode).toBe(303);
      const page = await a.inject({ url: ok.headers.location!, cookies });
      expect(page.body).toContain('Oxfordshire (E10000025)');
      expect(page.body).toContain('Warwickshire (E10000031)');
      const version = Number(/name="version" value="(\d+)"/.exec(page.body)![1]);
      const remove = (v: number) =>
        a.inject({
          method: 'POST',
          url: `${ok.headers.location!}/remove`,
          cookies,
          payload: { _csrf: csrf, version: String(v) },
        });
      expect((await remove(version + 1)).statusCode).toBe(409);
      const removed = await remove(version);
      expect(removed.statusCode).toBe(303);
      expect((await a.inject({ url: ok.headers.location!, cookies })).statusCode).toBe(404);
    });

    it('takes an Excel workbook as well as a CSV file, and refuses any other file', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Data');
      sheet.addRow(['Persistent absence, all councils']);
      sheet.addRow([]);
      sheet.addRow(['Area code', 'Area name', 'Indicator ID', 'Indicator title', 'Academic year', 'Figure']);
      for (const [code, name, v] of COUNTIES)
        sheet.addRow([code, name, 'PA-XL', 'Absence from a workbook', '2016/17', Number(v)]);
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      const { a, cookies, res } = await upload('pa.xlsx', bytes, 'Workbook source');
      expect(res.statusCode).toBe(303);
      const page = await a.inject({ url: res.headers.location!, cookies });
      expect(page.body).toContain('headings on row 3');
      const other = await upload('pa.pdf', Buffer.from('%PDF-1.4'));
      expect(other.res.statusCode).toBe(400);
      expect(other.res.body).toContain('The file must be a CSV file or an Excel workbook (.xlsx)');
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

    it('maps an LGBF file with a column for each year, its year columns found from the headings', async () => {
      const lines = [
        ['Local Authority', 'Indicator', 'Title', '2015-16', '2016-17'],
        ...COUNTIES.map(([, name, v]) => [
          name,
          'CHN1',
          'Cost per primary school pupil',
          v,
          String(Number(v) + 1),
        ]),
      ];
      const { a, cookies, csrf, res } = await upload('lgbf.csv', csv(lines), 'LGBF');
      const page = await a.inject({ url: res.headers.location!, cookies });
      expect(page.body).toContain('An LGBF (Local Government Benchmarking Framework) file');
      expect(page.body).toMatch(/name="periodColumns" type="checkbox" value="2015-16" checked/);
      const done = await a.inject({
        method: 'POST',
        url: res.headers.location!,
        cookies,
        payload: {
          _csrf: csrf,
          'column-area': 'Local Authority',
          'column-metricCode': 'Indicator',
          'column-metricTitle': 'Title',
          periodColumns: ['2015-16', '2016-17'],
          polarity: 'lower',
          unit: 'currency',
        },
      });
      const result = await a.inject({ url: done.headers.location!, cookies });
      expect(result.body).toMatch(/Figures imported<\/dt><dd class="govuk-summary-list__value">16</);
      expect(result.body).toContain('2015-16, 2016-17');
    });

    it('shows a large import’s progress while it runs, updating itself without JavaScript, then its summary', async () => {
      const { a, cookies, csrf } = await admin();
      // 8 councils × 2,500 metrics × 2 years: 40,000 rows, long enough to be seen running.
      const lines = [['Area code', 'Indicator ID', 'Indicator title', 'Academic year', 'Figure']];
      for (let m = 0; m < 2500; m++)
        for (const year of ['2014/15', '2015/16'])
          for (const [code, , v] of COUNTIES) lines.push([code, `BIG-${m}`, `Big metric ${m}`, year, v]);
      const { res } = await upload('big.csv', csv(lines), 'Big source');
      const importId = Number(/imports\/(\d+)\/mapping/.exec(res.headers.location!)![1]);
      const { done } = await startImport(
        store(),
        cliActor(),
        importId,
        {
          columns: {
            area: 'Area code',
            metricCode: 'Indicator ID',
            metricTitle: 'Indicator title',
            period: 'Academic year',
            value: 'Figure',
          },
          polarity: 'higher',
        },
        fixedClock,
        MAX_UPLOAD_BYTES,
      );
      const running = await a.inject({ url: paths.benchmarkImport(importId), cookies });
      expect(running.body).toContain('Importing the figures');
      expect(running.headers.refresh).toBe('3');
      expect(running.body).toContain('Stop updating this page');
      const stopped = await a.inject({ url: `${paths.benchmarkImport(importId)}?refresh=off`, cookies });
      expect(stopped.headers.refresh).toBeUndefined();
      // A second start of the same upload is refused while it runs.
      const again = await a.inject({
        method: 'POST',
        url: paths.benchmarkImportMapping(importId),
        cookies,
        payload: { _csrf: csrf, ...MAPPING },
      });
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe(paths.benchmarkImport(importId));
      await done;
      const finished = await a.inject({ url: paths.benchmarkImport(importId), cookies });
      expect(finished.headers.refresh).toBeUndefined();
      expect(finished.body).toMatch(/Figures imported<\/dt><dd class="govuk-summary-list__value">40,000</);
    }, 120_000);

    it('corrects a metric’s polarity and unit, refusing a stale form with 409', async () => {
      const { a, cookies, csrf } = await admin();
      const list = await a.inject({ url: paths.benchmarkMetrics({ q: 'absence' }), cookies });
      expect(list.statusCode).toBe(200);
      const url = /href="(\/benchmarking\/metrics\/\d+)"/.exec(list.body)?.[1];
      expect(url).toBeDefined();
      const page = await a.inject({ url: url!, cookies });
      expect(page.body).toContain('2016-17');
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      const post = (polarity: string) =>
        a.inject({
          method: 'POST',
          url: url!,
          cookies,
          payload: {
            _csrf: csrf,
            title: 'Persistent absence in secondary schools (%)',
            polarity,
            unit: 'percent',
            version,
          },
        });
      expect((await post('sideways')).statusCode).toBe(400);
      expect((await post('lower')).statusCode).toBe(303);
      const stale = await post('higher');
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else changed');
    });

    it('lets viewers read the plan’s benchmarking page but not manage benchmarking', async () => {
      await readPlanId();
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      expect((await a.inject({ url: paths.benchmarkHome(), cookies })).statusCode).toBe(403);
      expect((await a.inject({ url: paths.benchmarkMetrics(), cookies })).statusCode).toBe(403);
      expect((await a.inject({ url: paths.indicatorBenchmark(planId, '9'), cookies })).statusCode).toBe(403);
      expect((await a.inject({ url: paths.benchmarking(planId), cookies })).statusCode).toBe(200);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
