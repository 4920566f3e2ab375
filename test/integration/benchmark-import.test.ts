/**
 * Benchmarking's imports on both databases: the reference data of UK councils, which council this
 * is, comparator groups (CIPFA neighbours, LGBF family groups, lists), and other councils' figures in
 * the layouts councils get them (tidy, LG Inform, LGBF's column per year, Open SDG), all or nothing.
 */
import { expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cliActor } from '../../src/app/audit.js';
import { importBenchmarkData, previewBenchmarkFile } from '../../src/app/benchmark-import.js';
import { comparatorGroups, createGroup, importGroupsFile } from '../../src/app/benchmark-groups.js';
import { ourCouncil, refreshReference, setOurCouncil } from '../../src/app/benchmark-reference.js';
import { CairnError } from '../../src/app/errors.js';
import { setCouncil } from '../../src/storage/performance-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

const actor = cliActor();
const csv = (lines: string[][]) =>
  Buffer.from(
    lines
      .map((l) => l.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
      .join('\r\n'),
  );

async function rejection(p: Promise<unknown>): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CairnError) return e;
    throw e;
  }
  throw new Error('expected the import to be refused');
}

const COUNTIES = [
  ['E10000025', 'Oxfordshire'],
  ['E10000031', 'Warwickshire'],
  ['E10000013', 'Gloucestershire'],
  ['E10000034', 'Worcestershire'],
  ['E10000003', 'Cambridgeshire'],
  ['E10000015', 'Hertfordshire'],
  ['E10000032', 'West Sussex'],
  ['E10000029', 'Suffolk'],
];

async function count(
  store: ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]>,
  table: 'benchmark_value' | 'benchmark_metric',
) {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDatabase(
  'benchmarking imports',
  (store) => {
    it('loads the reference data of UK councils, keeping ids on a refresh', async () => {
      const first = await refreshReference(store(), actor, fixedClock);
      expect(first.councils).toBe(470);
      const again = await refreshReference(store(), actor, fixedClock);
      expect(again).toMatchObject({ added: 0, updated: 470 });
    });

    it('says which council this is by name, refusing a name it cannot find with the closest', async () => {
      const e = await rejection(setOurCouncil(store(), actor, 'Oxfordshir', fixedClock));
      expect(e.details[0]).toMatchObject({ field: 'council' });
      expect(e.message).toContain('Oxfordshire (E10000025)');
      const c = await setOurCouncil(store(), actor, 'Oxfordshire County Council', fixedClock);
      expect(c).toMatchObject({ code: 'OXF', gssCode: 'E10000025', typeName: 'County' });
      expect((await ourCouncil(store()))?.code).toBe('OXF');
    });

    it('imports figures in the tidy layout, with a published average and rows with no figure left out', async () => {
      const rows = [
        ['Area code', 'Area name', 'Metric code', 'Metric title', 'Period', 'Value', 'England mean'],
        ...COUNTIES.map(([code, name], i) => [
          code!,
          name!,
          'PA',
          'Persistent absence (%)',
          '2016/17',
          String(10 + i),
          '13.5',
        ]),
        ['E10000016', 'Kent', 'PA', 'Persistent absence (%)', '2016/17', '..', '13.5'],
        ['E92000001', 'England', 'PA', 'Persistent absence (%)', '2016/17', '13.5', ''],
      ];
      const progress: number[] = [];
      const r = await importBenchmarkData(
        store(),
        actor,
        { fileName: 'pa.csv', bytes: csv(rows) },
        {
          source: 'LG Inform',
          overrides: { polarity: 'lower', unit: 'percent' },
          onProgress: (p) => progress.push(p.rows),
        },
        fixedClock,
      );
      expect(r).toMatchObject({
        figures: 8,
        noFigure: 1,
        metrics: 1,
        newMetrics: ['PA'],
        periods: ['2016-17'],
      });
      expect(r.averages).toBe(2);
      expect(progress.at(-1)).toBe(10);
      const metric = await store().db.selectFrom('benchmark_metric').selectAll().executeTakeFirstOrThrow();
      expect(metric).toMatchObject({ source: 'LG Inform', code: 'PA', polarity: 'lower', unit: 'percent' });
    });

    it('replaces the figures a later file gives again, keeps the rest, and adds new metrics’ figures beside them', async () => {
      const file = (lines: string[][]) => ({
        fileName: 'later.csv',
        bytes: csv([['Area code', 'Metric code', 'Period', 'Value'], ...lines]),
      });
      const opts = {
        source: 'Later source',
        overrides: { polarity: 'lower' as const, unit: 'percent' as const },
      };
      await importBenchmarkData(
        store(),
        actor,
        file([
          ['E10000025', 'LS1', '2016/17', '10'],
          ['E10000031', 'LS1', '2016/17', '11'],
        ]),
        opts,
        fixedClock,
      );
      const r = await importBenchmarkData(
        store(),
        actor,
        file([
          ['E10000025', 'LS1', '2016/17', '9.5'],
          ['E10000013', 'LS1', '2016/17', '12'],
          ['E10000025', 'LS2', '2016/17', '20'],
        ]),
        opts,
        fixedClock,
      );
      expect(r).toMatchObject({ figures: 3, newMetrics: ['LS2'] });
      const values = await store()
        .db.selectFrom('benchmark_value')
        .innerJoin('benchmark_metric', 'benchmark_metric.id', 'benchmark_value.metric_id')
        .innerJoin('reference_council', 'reference_council.id', 'benchmark_value.council_id')
        .where('benchmark_metric.source', '=', 'Later source')
        .select(['benchmark_metric.code as metric', 'reference_council.gss_code as gss', 'value'])
        .orderBy('metric')
        .orderBy('gss')
        .execute();
      expect(values).toEqual([
        { metric: 'LS1', gss: 'E10000013', value: 12 },
        { metric: 'LS1', gss: 'E10000025', value: 9.5 },
        { metric: 'LS1', gss: 'E10000031', value: 11 },
        { metric: 'LS2', gss: 'E10000025', value: 20 },
      ]);
    });
    it('refuses a file with any problem, saving nothing, each problem located with what to do', async () => {
      const before = await count(store(), 'benchmark_value');
      const rows = [
        ['Area code', 'Metric code', 'Metric title', 'Period', 'Value'],
        ['E10000025', 'NEW', 'A new metric', '2016/17', '5'],
        ['Oxfordshir', 'PA', 'Persistent absence (%)', '2016/17', '5'],
        ['E10000031', 'PA', 'Persistent absence (%)', 'Spring 2016', '5'],
        ['E10000013', 'PA', 'Persistent absence (%)', '2016/17', 'five'],
        ['E10000013', 'PA', 'Persistent absence (%)', '2016/17', '6'],
        ['E10000013', 'PA', 'Persistent absence (%)', '2016/17', '7'],
      ];
      const e = await rejection(
        importBenchmarkData(
          store(),
          actor,
          { fileName: 'bad.csv', bytes: csv(rows) },
          { source: 'LG Inform' },
          fixedClock,
        ),
      );
      expect(e.code).toBe('IMPORT_REJECTED');
      expect(e.details).toEqual([
        expect.objectContaining({
          row: 2,
          message: expect.stringContaining('Cairn does not know metric "NEW" yet'),
        }),
        expect.objectContaining({
          row: 3,
          column: 'Area code',
          message: expect.stringContaining('The closest are: Oxfordshire (E10000025)'),
        }),
        expect.objectContaining({
          row: 4,
          column: 'Period',
          message: expect.stringContaining('Cannot read "Spring 2016"'),
        }),
        expect.objectContaining({
          row: 5,
          column: 'Value',
          message: expect.stringContaining('"five" is not a figure'),
        }),
        expect.objectContaining({
          row: 7,
          column: 'Area code',
          message: expect.stringContaining('already has a figure for PA in 2016-17'),
        }),
      ]);
      expect(await count(store(), 'benchmark_value')).toBe(before);
      expect(
        await store().db.selectFrom('benchmark_metric').select('code').where('code', '=', 'NEW').execute(),
      ).toEqual([]);
    });

    it('remembers a source’s mapping, and reads an LGBF file with a column per year and names as LGBF writes them', async () => {
      const file = csv([
        ['Local Authority', 'Indicator', 'Title', '2015-16', '2016-17'],
        ['Aberdeen City', 'CHN1', 'Cost per primary school pupil', '4,812', '4,990'],
        ['Edinburgh, City of', 'CHN1', 'Cost per primary school pupil', '4,700', '4,650'],
        ['Eilean Siar', 'CHN1', 'Cost per primary school pupil', '9,120', '-'],
      ]);
      const preview = await previewBenchmarkFile(store(), { fileName: 'lgbf.csv', bytes: file }, 'LGBF');
      expect(preview.layout).toBe('lgbf');
      expect(preview.mapping).toMatchObject({
        columns: { area: 'Local Authority', metricCode: 'Indicator', metricTitle: 'Title' },
        periodColumns: ['2015-16', '2016-17'],
      });
      const r = await importBenchmarkData(
        store(),
        actor,
        { fileName: 'lgbf.csv', bytes: file },
        { source: 'LGBF', overrides: { polarity: 'lower', unit: 'currency' } },
        fixedClock,
      );
      expect(r).toMatchObject({ figures: 5, noFigure: 1, periods: ['2015-16', '2016-17'] });
      const again = await previewBenchmarkFile(store(), { fileName: 'lgbf.csv', bytes: file }, 'LGBF');
      expect(again.saved).toBe(true);
      expect(again.mapping.polarity).toBe('lower');
    });

    it('reads an Open SDG file (GeoCode, Year, Value) with the metric named for the whole file, and "2017 Q1"', async () => {
      const file = csv([
        ['Year', 'Units', 'GeoCode', 'Value'],
        ['2017 Q1', 'Rate per 1,000', 'E10000025', '3.1'],
        ['2017 Q1', 'Rate per 1,000', 'E10000031', '2.8'],
      ]);
      const r = await importBenchmarkData(
        store(),
        actor,
        { fileName: 'sdg-3-4-2.csv', bytes: file },
        { source: 'ONS', overrides: { metricCode: '3-4-2', metricTitle: 'Suicide rate', polarity: 'lower' } },
        fixedClock,
      );
      // ONS's 2017 Q1 is January–March 2017: Cairn's Q4 2016-17.
      expect(r).toMatchObject({ figures: 2, periods: ['2016-17-Q4'] });
      const m = await store()
        .db.selectFrom('benchmark_metric')
        .selectAll()
        .where('code', '=', '3-4-2')
        .executeTakeFirstOrThrow();
      expect(m.unit).toBe('rate');
    });

    it('streams an XLSX workbook, below a title row', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Permanent exclusions, LG Inform download']);
      ws.addRow(['Area code', 'Area name', 'Period', 'Value']);
      COUNTIES.forEach(([code, name], i) => ws.addRow([code, name, '2016/17', i * 3]));
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await importBenchmarkData(
        store(),
        actor,
        { fileName: 'pex.xlsx', bytes },
        {
          source: 'LG Inform',
          overrides: {
            metricCode: 'PEX',
            metricTitle: 'Permanent exclusions',
            polarity: 'lower',
            unit: 'number',
          },
        },
        fixedClock,
      );
      expect(r).toMatchObject({ figures: 8, rows: 8 });
    });

    it('imports CIPFA nearest neighbours, LGBF family groups and lists, versioned by date', async () => {
      const cipfa = csv([
        ['Council', ...Array.from({ length: 15 }, (_, i) => `Neighbour ${i + 1}`)],
        [
          'Oxfordshire',
          ...COUNTIES.slice(1).map(([, n]) => n!),
          'Essex',
          'Kent',
          'Surrey',
          'Somerset',
          'North Yorkshire',
          'Leicestershire',
          'Northamptonshire',
          'Wiltshire',
        ],
      ]);
      const r = await importGroupsFile(
        store(),
        actor,
        { fileName: 'cipfa.csv', bytes: cipfa },
        { validFrom: '2016-04-01' },
        fixedClock,
      );
      expect(r.groups).toEqual([
        expect.objectContaining({
          name: 'CIPFA nearest neighbours of Oxfordshire',
          members: 16,
          created: true,
        }),
      ]);
      const groups = await comparatorGroups(store());
      const g = [...groups.values()].find((x) => x.kind === 'cipfa')!;
      const directory = await (await import('../../src/app/benchmark-reference.js')).areaDirectory(store());
      // Somerset and North Yorkshire in 2016 are the county councils they were then.
      const codes = g.versions[0]!.members.map((id) => directory.get(id)!.code);
      expect(codes[0]).toBe('OXF');
      expect(codes).toContain('SOM');
      expect(codes).toContain('NYK');
      // A later list is a second version.
      await importGroupsFile(
        store(),
        actor,
        { fileName: 'cipfa.csv', bytes: cipfa },
        { validFrom: '2019-04-01' },
        fixedClock,
      );
      expect((await comparatorGroups(store())).get(g.id)!.versions.map((v) => v.validFrom)).toEqual([
        '2016-04-01',
        '2019-04-01',
      ]);

      const family = csv([
        ['Local Authority', 'Family Group', 'Service Area'],
        ['Aberdeen City', '1', 'Children, Social Work and Housing'],
        ['Edinburgh, City of', '1', 'Children, Social Work and Housing'],
        ['Glasgow City', '2', 'Children, Social Work and Housing'],
        ['Dundee City', '2', 'Children, Social Work and Housing'],
      ]);
      const f = await importGroupsFile(
        store(),
        actor,
        { fileName: 'families.csv', bytes: family },
        {},
        fixedClock,
      );
      expect(f.groups.map((x) => x.name)).toEqual([
        'LGBF family group 1 (Children, Social Work and Housing)',
        'LGBF family group 2 (Children, Social Work and Housing)',
      ]);

      const bad = csv([['Council'], ['Oxfordshire'], ['Wessex']]);
      const e = await rejection(
        importGroupsFile(
          store(),
          actor,
          { fileName: 'list.csv', bytes: bad },
          { name: 'Shire counties' },
          fixedClock,
        ),
      );
      expect(e.details).toEqual([
        expect.objectContaining({
          row: 3,
          column: 'Council',
          message: expect.stringContaining('"Wessex" is not the name'),
        }),
      ]);

      const made = await createGroup(
        store(),
        actor,
        { name: 'South East counties', typeCode: 'CTY', region: 'South East' },
        fixedClock,
      );
      expect(made.groups[0]!.members).toBeGreaterThanOrEqual(4);
    });
  },
  async (s) => {
    await setCouncil(s.db, { name: 'Oxfordshire County Council', shortName: 'Oxfordshire' });
  },
);
