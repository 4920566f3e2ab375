/**
 * Statistical process control and forecasts from stored figures (issue 16), on both databases: the
 * series over an indicator's lineage (approved figures only), the indicator page's panel, the options
 * form (access, version check, audit), and the year-end forecast. The demo has only Q1 2017-18's
 * figures, so each test stores its own series.
 */
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/app/audit.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { buildQuarterlyReport } from '../../src/reports/quarterly/build.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { textsFor } from '../../src/reports/quarterly/service.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { render } from '../../src/render/renderers.js';
import { analysePlan, planSpc } from '../../src/app/spc.js';
import { parsePeriod, shiftPeriod } from '../../src/domain/periods.js';
import { analyseSpc } from '../../src/domain/spc.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { csrfOf, sessionFor, testBrand } from '../support/web.js';

const Q1 = parsePeriod('Q1 2017-18');
/** 24 quarters, Q2 2011-12 to Q1 2017-18: steady round 658, then eight lower (lower is better). */
const VALUES = [
  660, 645, 670, 655, 640, 665, 650, 675, 648, 662, 652, 668, 644, 658, 672, 650, 610, 598, 605, 590, 602,
  595, 600, 592,
];
const quarters = VALUES.map((_, i) => shiftPeriod(Q1, i - VALUES.length + 1));

describeEachDatabase(
  'statistical process control from stored figures',
  (store) => {
    let planId = 0;
    let id11 = 0;
    let id14 = 0;
    let app: FastifyInstance | undefined;
    const web = async () =>
      (app ??= await buildApp({ store: store(), clock: fixedClock, brand: testBrand() }));
    const idOf = async (n: string) =>
      (
        await store()
          .db.selectFrom('indicator')
          .select('id')
          .where('plan_id', '=', planId)
          .where('number', '=', n)
          .executeTakeFirstOrThrow()
      ).id;

    it('reads an indicator’s approved figures over its lineage, in period order', async () => {
      planId = (await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow()).id;
      id11 = await idOf('11');
      id14 = await idOf('14');
      const now = fixedClock.now().toISOString();
      // The first 12 quarters are held by last year's indicator, which 11 continues.
      const ind = await store()
        .db.selectFrom('indicator')
        .selectAll()
        .where('id', '=', id11)
        .executeTakeFirstOrThrow();
      const { id: _id, version: _v, ...copy } = ind;
      const previous = await store()
        .db.insertInto('indicator')
        .values({ ...copy, number: '11 (2016-17)', position: 999, previous_indicator_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await store()
        .db.updateTable('indicator')
        .set({ previous_indicator_id: previous.id })
        .where('id', '=', id11)
        .execute();
      for (const [i, q] of quarters.entries())
        await upsertValue(
          store().db,
          { indicatorId: i < 12 ? previous.id : id11, periodCode: q.code, actual: VALUES[i]! },
          now,
        );
      // A figure still in the round never counts.
      await upsertValue(
        store().db,
        { indicatorId: id11, periodCode: shiftPeriod(Q1, 1).code, actual: 9999 },
        now,
      );
      await store()
        .db.updateTable('indicator_value')
        .set({ state: 'submitted' })
        .where('indicator_id', '=', id11)
        .where('period_code', '=', shiftPeriod(Q1, 1).code)
        .execute();

      const spc = (await analysePlan(store(), planId, shiftPeriod(Q1, 1))).get(id11)!;
      expect(spc.analysis.kind).toBe('analysed');
      if (spc.analysis.kind !== 'analysed') return;
      expect(spc.analysis.points.map((p) => p.key)).toEqual(quarters.map((q) => q.code));
      const expected = analyseSpc(
        // Last year's indicator has no targets stored, so its points have none.
        quarters.map((q, i) => ({
          key: q.code,
          start: q.start,
          value: VALUES[i]!,
          target: i < 12 ? null : 629,
        })),
        'lower',
      );
      expect(spc.analysis).toEqual(expected);
      expect(spc.analysis.variation).toBe('improvement');
      // A step change: sixteen quarters above the mean (concern), then eight below (improvement).
      expect(
        spc.analysis.points.slice(0, 16).every((p) => p.rule === 'shift-above' && p.type === 'concern'),
      ).toBe(true);
      expect(spc.analysis.points.slice(-8).every((p) => p.type === 'improvement')).toBe(true);
      expect(spc.analysis.points.map((p) => p.rule).slice(-8)).toEqual([
        'shift-below',
        'two-of-three-below',
        'two-of-three-below',
        'below-lower-limit',
        'two-of-three-below',
        'two-of-three-below',
        'two-of-three-below',
        'below-lower-limit',
      ]);
      expect(spc.analysis.assurance).toBe('hit-and-miss');
    });

    it('caches the plan’s analysis until the data changes', async () => {
      const a = await planSpc(store(), planId, Q1);
      expect(await planSpc(store(), planId, Q1)).toBe(a);
      await upsertValue(store().db, { indicatorId: id11, periodCode: Q1.code, actual: VALUES[23]! }, 'now');
      expect(await planSpc(store(), planId, Q1)).not.toBe(a);
    });

    it('shows the panel on the indicator page: chart, badges with words, each flagged point’s rule', async () => {
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const res = await (
        await web()
      ).inject({ url: paths.indicator(planId, '11', { period: Q1.code }), cookies });
      expect(res.statusCode).toBe(200);
      const html = res.body;
      expect(html).toContain('Signal or noise: statistical process control');
      expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="cairn-chart cairn-spc"');
      expect(html).toContain('<span class="cairn-spc-badge__text">Special cause: improving</span>');
      expect(html).toContain('<span class="cairn-spc-badge__text">Target hit and miss</span>');
      expect(html).toContain('24 of 24 points show special cause variation.');
      expect(html).toContain('Part of a run of 7 points above the mean');
      expect(html).toContain('Below the lower process limit');
      expect(html).toContain('Two of three points close to the lower limit');
      // A viewer may not change the options, so is not offered the link.
      expect(html).not.toContain(paths.indicatorSpcOptions(planId, id11));
    });

    it('says how many points there are, and how many are needed, when there are too few', async () => {
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const res = await (
        await web()
      ).inject({ url: paths.indicator(planId, '14', { period: Q1.code }), cookies });
      expect(res.body).toMatch(
        /There (is 1 point|are \d+ points) up to Q1 2017-18; statistical process control needs at least 12\./,
      );
    });

    it('forecasts a cumulative indicator’s year end beside the owner’s outlook', async () => {
      const now = fixedClock.now().toISOString();
      await upsertValue(
        store().db,
        { indicatorId: id14, periodCode: '2017-18-Q1', actual: 400, outlook: 'improving' },
        now,
      );
      await upsertValue(
        store().db,
        { indicatorId: id14, periodCode: '2017-18-Q2', actual: 700, outlook: 'improving' },
        now,
      );
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const res = await (
        await web()
      ).inject({ url: paths.indicator(planId, '14', { period: '2017-18-Q2' }), cookies });
      expect(res.body).toContain('At this rate the year ends at 1,400 against a target of 1,750: Red.');
      expect(res.body).toContain('The data owner’s outlook:');
      expect(res.body).toContain('positive/improving');
    });

    it('shows a Variation and assurance column on the dashboard when asked, badges with their words', async () => {
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const plain = await (
        await web()
      ).inject({ url: paths.dashboard(planId, { period: Q1.code }), cookies });
      expect(plain.body).toContain('Show variation and assurance (statistical process control)');
      expect(plain.body).not.toContain('>Variation and assurance</th>');
      const withSpc = await (
        await web()
      ).inject({ url: `${paths.dashboard(planId, { period: Q1.code })}&spc=yes`, cookies });
      expect(withSpc.statusCode).toBe(200);
      expect(withSpc.body).toContain('>Variation and assurance</th>');
      expect(withSpc.body).toContain('<span class="cairn-spc-badge__text">Special cause: improving</span>');
      expect(withSpc.body).toMatch(/Too few points \(\d+ of 12\)/);
      expect(withSpc.body).toMatch(/id="spc" name="spc" type="checkbox" value="yes" checked/);
    });

    it('lists indicators showing special-cause concern in the quarterly report, when asked', async () => {
      // Indicator 17 (higher is better): steady round 80%, then falling below the lower limit.
      const id17 = await idOf('17');
      const values = [80, 82, 79, 81, 80, 83, 78, 81, 80, 82, 79, 81, 70];
      for (const [i, v] of values.entries())
        await upsertValue(
          store().db,
          { indicatorId: id17, periodCode: shiftPeriod(Q1, i - values.length + 1).code, actual: v },
          'now',
        );
      const source = await loadReportSource(store(), 'Q1 2017-18', undefined, {
        charts: false,
        spc: true,
        now: fixedClock.now(),
      });
      expect(source.spcConcern?.map((r) => [r.number, r.value, r.latest, r.rule, r.assurance])).toEqual([
        ['17', '70%', 'Q1 2017-18', 'Below the lower process limit', 'Target hit and miss'],
      ]);
      const doc = buildQuarterlyReport(source, { ...DEFAULT_SETTINGS, spc: true }, textsFor(source, null));
      const at = doc.blocks.findIndex(
        (b) => b.kind === 'heading' && b.text === 'Indicators showing special-cause concern',
      );
      expect(at).toBeGreaterThan(0);
      const table = doc.blocks.slice(at).find((b) => b.kind === 'table');
      expect(table && table.kind === 'table' ? table.rows.length : 0).toBe(1);
      const html = (await render(doc, 'html')).toString('utf8');
      expect(html).toContain('Indicators showing special-cause concern');
      expect(html).toContain('Below the lower process limit');
      const without = buildQuarterlyReport(source, DEFAULT_SETTINGS, textsFor(source, null));
      expect(
        without.blocks.some(
          (b) => b.kind === 'heading' && b.text === 'Indicators showing special-cause concern',
        ),
      ).toBe(false);
    });

    it('gives the data owner’s form the forecast and the SPC result beside the outlook, never choosing it', async () => {
      const round = await openRound(
        store(),
        systemActor,
        { planId, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        fixedClock,
      );
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const res = await (await web()).inject({ url: paths.update(round.id, id14), cookies });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('What the figures say so far');
      expect(res.body).toContain(
        'As of Q2 2017-18: At this rate the year ends at 1,400 against a target of 1,750: Red.',
      );
      expect(res.body).toContain('Statistical process control needs at least 12 approved figures');
      expect(res.body).not.toMatch(/name="outlook" type="radio" value="[a-z]+" checked/);
    });

    it('lets the performance team change the options: audited, version-checked, refused to others', async () => {
      const url = paths.indicatorSpcOptions(planId, id11);
      const viewer = await sessionFor(store(), fixedClock, 'viewer');
      expect((await (await web()).inject({ url, cookies: viewer.cookies })).statusCode).toBe(403);

      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const indicatorPage = await (
        await web()
      ).inject({ url: paths.indicator(planId, '11', { period: Q1.code }), cookies });
      expect(indicatorPage.body).toContain(`href="${url}"`);
      const page = await (await web()).inject({ url, cookies });
      expect(page.statusCode).toBe(200);
      const version = Number(/name="version" value="(\d+)"/.exec(page.body)?.[1]);
      const body = (fields: Record<string, string>) => ({
        _csrf: csrfOf(page.body),
        minimumPoints: '12',
        shiftLength: '7',
        trendLength: '7',
        twoOfThreeSameSide: 'yes',
        screenOutliers: 'yes',
        rebaseAt: '',
        fixAfter: '',
        version: String(version),
        ...fields,
      });
      const post = (fields: Record<string, string>) =>
        web().then((a) => a.inject({ method: 'POST', url, cookies, payload: body(fields) }));

      const invalid = await post({ shiftLength: 'seven', rebaseAt: 'sometime' });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.body).toContain('Enter the points in a shift as a whole number from 2 to 100.');
      expect(invalid.body).toContain('Cannot read “sometime” as a date to rebase at.');

      const saved = await post({ shiftLength: '9', rebaseAt: 'Q1 2016-17' });
      expect(saved.statusCode).toBe(303);
      const row = await store()
        .db.selectFrom('indicator')
        .select(['spc_options', 'version'])
        .where('id', '=', id11)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.spc_options!)).toEqual({ shiftLength: 9, rebaseAt: ['2016-04-01'] });
      expect(row.version).toBe(version + 1);
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'indicator.spc-options')
        .where('entity_id', '=', String(id11))
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ shiftLength: 9, rebaseAt: ['2016-04-01'] });

      const stale = await post({ shiftLength: '8' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else changed indicator 11');

      // The page now analyses with the new options: two groups, the rule named with its length.
      const { cookies: v } = viewer;
      const html = (
        await (await web()).inject({ url: paths.indicator(planId, '11', { period: Q1.code }), cookies: v })
      ).body;
      expect(html).toContain('The limits are recalculated from 2016-04-01.');
      expect(html).toContain('Q2 2011-12 to Q4 2015-16 (19 points)');
      expect(html).toContain('Q1 2016-17 to Q1 2017-18 (5 points)');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
