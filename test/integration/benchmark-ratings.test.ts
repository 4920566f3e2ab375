/**
 * Benchmark targets rated end to end on both databases (issue 13): a CIPFA neighbours file and a file
 * of figures imported, seed 003's indicators 9 (persistent absence, nationally) and 10 (permanent
 * exclusions, against the CIPFA neighbours) linked, and both rated with their sentences — on the
 * dashboard's quartile column and in the quarterly report's benchmarking section, in every format.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { cliActor } from '../../src/app/audit.js';
import { importBenchmarkData } from '../../src/app/benchmark-import.js';
import { importGroupsFile } from '../../src/app/benchmark-groups.js';
import { linkIndicator, resolveMetric } from '../../src/app/benchmark-links.js';
import { setOurCouncil } from '../../src/app/benchmark-reference.js';
import { loadDemo } from '../../src/app/demo.js';
import { buildScorecard } from '../../src/app/scorecard.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { render } from '../../src/render/renderers.js';
import { buildQuarterlyReport } from '../../src/reports/quarterly/build.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { textsFor } from '../../src/reports/quarterly/service.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const actor = cliActor();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/benchmark/${name}`, import.meta.url));
const Q2 = parsePeriod('Q2 2017-18');

const PA_SENTENCE =
  'Green: rank 5 of 27 councils in England in 2016-17, in the top quartile (ranks 1 to 6); persistent absence 11.2% against a top-quartile boundary of 11.2% (2016-17 is the latest year with figures; Q2 2017-18 has none yet).';
const PEX_SENTENCE =
  'Amber: rank 4 of 15 in CIPFA nearest neighbours of Oxfordshire in 2016-17, in the second quartile, not in the top quartile (ranks 1 to 3); permanent exclusions 41 against a top-quartile boundary of 35 (2016-17 is the latest year with figures; Q2 2017-18 has none yet).';

describeEachDatabase(
  'benchmark targets rated from imported figures',
  (store) => {
    let planId = 0;
    let app: FastifyInstance | undefined;
    const web = async () =>
      (app ??= await buildApp({ store: store(), clock: fixedClock, brand: testBrand() }));

    it('imports the groups and the figures, and links indicators 9 and 10', async () => {
      planId = (await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow()).id;
      await setOurCouncil(store(), actor, 'Oxfordshire', fixedClock);
      const groups = await importGroupsFile(
        store(),
        actor,
        { fileName: 'cipfa-neighbours.csv', bytes: fixture('cipfa-neighbours.csv') },
        { validFrom: '2016-04-01' },
        fixedClock,
      );
      expect(groups.groups).toEqual([
        expect.objectContaining({ name: 'CIPFA nearest neighbours of Oxfordshire', members: 16 }),
      ]);
      const data = await importBenchmarkData(
        store(),
        actor,
        { fileName: 'education-2016-17.csv', bytes: fixture('education-2016-17.csv') },
        { source: 'DfE' },
        fixedClock,
      );
      expect(data).toMatchObject({ figures: 54, metrics: 2, periods: ['2016-17'] });
      const id = async (n: string) =>
        (
          await store()
            .db.selectFrom('indicator')
            .select('id')
            .where('plan_id', '=', planId)
            .where('number', '=', n)
            .executeTakeFirstOrThrow()
        ).id;
      const cipfa = await store().db.selectFrom('comparator_group').select('id').executeTakeFirstOrThrow();
      const pa = await resolveMetric(store(), 'DfE:PA');
      const pex = await resolveMetric(store(), 'PEX');
      expect(pa).toMatchObject({ polarity: 'lower', unit: 'percent' });
      await linkIndicator(
        store(),
        actor,
        { planId, indicatorId: await id('9'), metricId: pa.id, comparison: 'nation', version: 0 },
        fixedClock,
      );
      await linkIndicator(
        store(),
        actor,
        {
          planId,
          indicatorId: await id('10'),
          metricId: pex.id,
          comparison: `group:${cipfa.id}`,
          version: 0,
        },
        fixedClock,
      );
    });

    it('rates both "Top quartile" targets from the figures, saying which year it used', async () => {
      const s = await buildScorecard(store(), Q2);
      const all = s.priorities.flatMap((p) => p.outcomes.flatMap((o) => o.indicators));
      const nine = all.find((i) => i.number === '9')!;
      const ten = all.find((i) => i.number === '10')!;
      expect([nine.target, nine.rating, nine.ratingSource, nine.explanation]).toEqual([
        'Top quartile',
        'green',
        'computed',
        PA_SENTENCE,
      ]);
      expect([ten.rating, ten.explanation]).toEqual(['amber', PEX_SENTENCE]);
      expect(nine.benchmark).toMatchObject({ quartileLabel: 'Top quartile', rank: 5, n: 27, value: '11.2%' });
      expect(ten.benchmark).toMatchObject({
        comparison: 'CIPFA nearest neighbours of Oxfordshire',
        quartile: 2,
        rank: 4,
        n: 15,
        median: '56',
      });
      // An indicator that is not linked has no standing, and keeps its own rating.
      expect(all.find((i) => i.number === '1')!.benchmark).toBeNull();
    });

    it('shows the quartile and rank column on the dashboard when asked, with the rating sentences', async () => {
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const url = paths.dashboard(planId, { period: Q2.code });
      const plain = await (await web()).inject({ url, cookies });
      expect(plain.statusCode).toBe(200);
      expect(plain.body).toContain('Show our quartile and rank among other councils (benchmarking)');
      expect(plain.body).not.toContain('>Quartile and rank</th>');
      const res = await (await web()).inject({ url: `${url}&benchmark=yes`, cookies });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('>Quartile and rank</th>');
      expect(res.body).toMatch(/id="benchmark" name="benchmark" type="checkbox" value="yes" checked/);
      expect(res.body).toContain('<strong class="cairn-block">Top quartile</strong>');
      expect(res.body).toContain('Rank 5 of 27, England, 2016-17 (the latest year with figures).');
      expect(res.body).toContain('<strong class="cairn-block">Second quartile</strong>');
      expect(res.body).toContain('Rank 4 of 15, CIPFA nearest neighbours of Oxfordshire, 2016-17');
      const escape = (t: string) => t.replace(/'/g, '&#39;');
      expect(res.body).toContain(escape(PA_SENTENCE));
      expect(res.body).toContain(escape(PEX_SENTENCE));
    });

    it('adds a benchmarking section to the quarterly report when asked, in HTML, PDF, Word and Excel', async () => {
      const source = await loadReportSource(store(), 'Q2 2017-18', undefined, {
        charts: false,
        benchmarking: true,
        now: fixedClock.now(),
      });
      expect(source.benchmarking?.map((r) => [r.number, r.value, r.median, r.quartile, r.rank])).toEqual([
        ['9', '11.2%', '13.6%', 'Top quartile', '5 of 27'],
        ['10', '41', '56', 'Second quartile', '4 of 15'],
      ]);
      expect(source.benchmarking?.map((r) => r.rating)).toEqual([PA_SENTENCE, PEX_SENTENCE]);
      const doc = buildQuarterlyReport(
        source,
        { ...DEFAULT_SETTINGS, benchmarking: true },
        textsFor(source, null),
      );
      const at = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === 'Benchmarking');
      expect(at).toBeGreaterThan(0);
      const html = (await render(doc, 'html')).toString('utf8');
      expect(html).toContain('Indicators against other councils at Q2 2017-18');
      expect(html).toContain('Persistent absence (DfE), England, 2016-17');
      const docx = await JSZip.loadAsync(await render(doc, 'docx'));
      expect(await docx.file('word/document.xml')!.async('string')).toContain('rank 4 of 15 in CIPFA');
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await render(doc, 'xlsx')) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('Benchmarking');
      expect(sheet).toBeDefined();
      const cells: string[] = [];
      sheet!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      expect(cells).toContain(PEX_SENTENCE);
      const pdf = await render(doc, 'pdf');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const without = buildQuarterlyReport(source, DEFAULT_SETTINGS, textsFor(source, null));
      expect(without.blocks.some((b) => b.kind === 'heading' && b.text === 'Benchmarking')).toBe(false);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
