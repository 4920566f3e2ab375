/**
 * Budget monitoring on each database (issue 14): the demo's illustrative quarters; the finance
 * system's export uploaded on the web, its columns guessed and chosen, a file with bad rows refused
 * with every problem located and nothing saved, a good one replacing the quarter's lines and audited,
 * a stale mapping step refused (409); the tolerance (checked, versioned, audited) changing the ratings;
 * the pages; the business-management view with and without a risk register; and the report's Finance
 * section in every format, frozen on publish.
 */
import { createRisk } from '../../src/app/risks/register.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import type { RiskSummaryProvider } from '../../src/app/business-management.js';
import { loadDemo } from '../../src/app/demo.js';
import { financePosition } from '../../src/app/finance.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { render } from '../../src/render/renderers.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { draftDocument, publishDraft, saveDraft } from '../../src/reports/quarterly/service.js';
import { findFrozenFile } from '../../src/storage/published-repository.js';
import { insertUser } from '../../src/storage/account-repository.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock } from '../support/fixtures.js';
import { csrfOf, multipart, sessionFor, testBrand } from '../support/web.js';

afterAll(async () => {
  await closePdfBrowser();
});

const clock = clockAt('2017-10-20T10:00:00Z');
type Session = { userId: number; cookies: { cairn_session: string } };
const Q2 = parsePeriod('Q2 2017-18');

const GOOD_CSV = [
  'Budget monitoring report,,,,',
  'Directorate,Service,Latest Budget,Forecast Outturn,Comments',
  'SCS,Adult Social Care,"150,000,000","153,000,000",Demand above plan',
  'SCS,,"60,400,000","60,400,000",',
  'Children Education and Families,,"£104,800,000","£104,000,000",Vacancies',
  'Grand total,,"315,200,000","317,400,000",',
].join('\r\n');

const BAD_CSV = [
  'Directorate,Service,Latest Budget,Forecast Outturn,Comments',
  'SCS,Adult Social Care,"£1,2x","153,000,000",',
  'HR,,"1,000",1000,',
  'SCS,Home care,100,,',
].join('\n');

describeEachDatabase('budget monitoring', (store) => {
  let app: FastifyInstance;
  let officer: Session;
  let other: Session;
  let viewer: Session;
  let csrf: string;
  let otherCsrf: string;
  const s = (): Store => store();

  const upload = (csv: string, fields: Record<string, string> = {}, who = officer, token = csrf) =>
    app.inject({
      method: 'POST',
      url: paths.financeUpload(),
      cookies: who.cookies,
      ...multipart(
        { _csrf: token, kind: 'budget', period: 'Q2 2017-18', ...fields },
        { field: 'file', name: 'monitoring.csv', type: 'text/csv', bytes: Buffer.from(csv) },
      ),
    });
  const mapping = {
    'column-directorate': 'Directorate',
    'column-service': 'Service',
    'column-budget': 'Latest Budget',
    'column-forecast': 'Forecast Outturn',
    'column-commentary': 'Comments',
  };
  const load = (url: string, fields: Record<string, string> = mapping, who = officer, token = csrf) =>
    app.inject({ method: 'POST', url, cookies: who.cookies, payload: { _csrf: token, ...fields } });

  it('sets up: the demo, with its illustrative Q1 and Q2 2017-18', async () => {
    await loadDemo(s(), fixedClock);
    const scs = await s()
      .db.selectFrom('directorate')
      .select('id')
      .where('code', '=', 'SCS')
      .executeTakeFirstOrThrow();
    await s()
      .db.insertInto('service')
      .values({ directorate_id: scs.id, code: 'ASC', name: 'Adult Social Care', position: 1 })
      .execute();
    officer = await sessionFor(s(), clock, 'performance');
    other = await sessionFor(s(), clock, 'admin');
    viewer = await sessionFor(s(), clock, 'viewer');
    app = buildApp({ store: s(), clock, brand: testBrand() });
    await app.ready();
    csrf = csrfOf((await app.inject({ url: paths.financeUpload(), cookies: officer.cookies })).body);
    otherCsrf = csrfOf((await app.inject({ url: paths.financeUpload(), cookies: other.cookies })).body);
    const p = await financePosition(s(), Q2);
    const byCode = Object.fromEntries(p.directorates.map((d) => [d.directorate.code, d]));
    expect(byCode.SCS!.variance).toMatchObject({ rating: 'red', amount: 390_000_000 });
    expect(byCode.PH!.variance.rating).toBe('green');
    expect(byCode.COMM!.variance.rating).toBe('amber');
    expect(p.total).toMatchObject({ budget: 47_440_000_000, forecast: 47_875_000_000 });
    expect(p.savings.find((l) => l.reference === 'S17-01')!.position.rating).toBe('red');
  });

  it('shows the quarter to every reader: each directorate with its rating in words, linked to its page', async () => {
    const page = await app.inject({ url: paths.finance({ period: 'Q2 2017-18' }), cookies: viewer.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('£210,400,000');
    expect(page.body).toContain('£3,900,000 overspend');
    expect(page.body).toContain('1.9% over');
    expect(page.body).toMatch(
      /cairn-rag--red[^>]*><span class="cairn-rag__shape" aria-hidden="true">▲<\/span>Red/,
    );
    expect(page.body).not.toContain(paths.financeUpload()); // a viewer is not offered the upload
    const upload403 = await app.inject({ url: paths.financeUpload(), cookies: viewer.cookies });
    expect(upload403.statusCode).toBe(403);
    const savings = await app.inject({
      url: paths.financeSavings({ period: '2017-18-Q2' }),
      cookies: viewer.cookies,
    });
    expect(savings.body).toContain('Review of adult social care packages');
    expect(savings.body).toContain('£1,200,000');
    const none = await app.inject({ url: paths.finance({ period: 'Q3 2017-18' }), cookies: viewer.cookies });
    expect(none.body).toContain('No revenue budget figures have been loaded for Q3 2017-18');
    const bad = await app.inject({ url: paths.finance({ period: '2017-18' }), cookies: viewer.cookies });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a file with bad rows: every problem located, nothing saved', async () => {
    const res = await upload(BAD_CSV);
    expect(res.statusCode).toBe(303);
    const url = res.headers.location as string;
    const step = await app.inject({ url, cookies: officer.cookies });
    expect(step.statusCode).toBe(200);
    // The columns were guessed from the headers.
    expect(step.body).toMatch(/<option value="Latest Budget" selected>/);
    const before = await financePosition(s(), Q2);
    const refused = await load(url);
    expect(refused.statusCode).toBe(400);
    const body = refused.body.replace(/&quot;|&#34;/g, '"');
    expect(body).toContain('Row 2, Latest Budget: "£1,2x" is not an amount');
    expect(body).toContain('Row 3, Directorate: "HR" is not a directorate in Cairn');
    expect(body).toContain('Row 4, Service: "Home care" is not a service of Social and Community Services');
    expect(body).toContain('Row 4, Forecast Outturn: The forecast outturn is blank');
    expect(await financePosition(s(), Q2)).toEqual(before);
    // A mapping without the forecast column says so on its field.
    const noForecast = await load(url, { ...mapping, 'column-forecast': '' });
    expect(noForecast.statusCode).toBe(400);
    expect(noForecast.body).toContain('href="#column-forecast"');
  });

  it('refuses the upload form without a quarter, or with a file that is not a spreadsheet', async () => {
    const res = await app.inject({
      method: 'POST',
      url: paths.financeUpload(),
      cookies: officer.cookies,
      ...multipart(
        { _csrf: csrf, kind: 'budget', period: '2017-18' },
        { field: 'file', name: 'monitoring.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') },
      ),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#period"');
    expect(res.body).toContain('monitoring.pdf is not a spreadsheet Cairn can read');
  });

  it('loads a good file through the mapping step, replacing the quarter’s lines, audited', async () => {
    const res = await upload(GOOD_CSV);
    const url = res.headers.location as string;
    const step = await app.inject({ url, cookies: officer.cookies });
    expect(step.body).toContain('under the headers on row 2'); // the title row above is skipped
    expect(step.body).toContain('This replaces Illustrative budget monitoring (demo).csv');
    const done = await load(url);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.finance({ period: '2017-18-Q2', done: 'budget' }));
    const p = await financePosition(s(), Q2);
    expect(p.directorates.map((d) => [d.directorate.code, d.budget, d.forecast])).toEqual([
      ['CEF', 10_480_000_000, 10_400_000_000],
      ['COMM', 0, 0], // savings only, no budget lines now
      ['RES', 0, 0],
      ['SCS', 21_040_000_000, 21_340_000_000],
    ]);
    const scs = p.directorates.find((d) => d.directorate.code === 'SCS')!;
    expect(scs.services.map((l) => [l.name, l.variance.rating])).toEqual([
      ['Directorate-wide', 'green'],
      ['Adult Social Care', 'red'],
    ]);
    expect(scs.variance.rating).toBe('red');
    const audit = await s()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'finance.budget.load')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ file: 'monitoring.csv', lines: 3 });
    // The upload is gone once loaded.
    expect((await app.inject({ url, cookies: officer.cookies })).statusCode).toBe(404);
    const drill = await app.inject({
      url: paths.financeDirectorate(scs.directorate.id, { period: 'Q2 2017-18' }),
      cookies: viewer.cookies,
    });
    expect(drill.body).toContain('Adult Social Care');
    expect(drill.body).toContain('Demand above plan');
  });

  it('refuses a mapping step read before someone else loaded the quarter (409), and another person’s upload', async () => {
    const mine = (await upload(GOOD_CSV)).headers.location as string;
    const theirs = (await upload(GOOD_CSV, {}, other, otherCsrf)).headers.location as string;
    expect((await app.inject({ url: mine, cookies: other.cookies })).statusCode).toBe(404);
    expect((await load(theirs, mapping, other, otherCsrf)).statusCode).toBe(303);
    const stale = await load(mine);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('loaded monitoring.csv for Q2 2017-18 after you uploaded yours');
  });

  it('saves the tolerance (versioned, audited), which changes the ratings; refuses stale and bad forms', async () => {
    const form = await app.inject({ url: paths.financeTolerance(), cookies: officer.cookies });
    expect(form.body).toContain('name="version" value="0"');
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: paths.financeTolerance(),
        cookies: officer.cookies,
        payload: { _csrf: csrf, ...fields },
      });
    const fields = {
      redOverspend: '3',
      amberOverspend: '0.5',
      materialUnderspend: '',
      savingsRedShortfall: '25',
    };
    expect((await post({ ...fields, version: '0' })).statusCode).toBe(303);
    const p = await financePosition(s(), Q2);
    expect(p.tolerance).toEqual({
      redOverspendBp: 300,
      amberOverspendBp: 50,
      materialUnderspendBp: null,
      savingsRedShortfallBp: 2500,
    });
    // Adult Social Care is 2% over: Amber under a 3% tolerance.
    const asc = p.directorates.find((d) => d.directorate.code === 'SCS')!.services[1]!;
    expect(asc.variance.rating).toBe('amber');
    const stale = await post({ ...fields, redOverspend: '2', version: '0' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed the tolerance');
    const bad = await post({ ...fields, redOverspend: 'lots', amberOverspend: '4', version: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#redOverspend"');
    const wrongOrder = await post({ ...fields, redOverspend: '1', amberOverspend: '2', version: '1' });
    expect(wrongOrder.body).toContain('must be less than the overspend that is Red');
    const audit = await s()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'finance.tolerance')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('shows the business-management view: performance, finance and risk per directorate', async () => {
    const page = await app.inject({
      url: paths.businessManagement({ period: 'Q1 2017-18' }),
      cookies: viewer.cookies,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Social and Community Services');
    expect(page.body).toContain('Performance: indicators');
    expect(page.body).toContain('£2,700,000 overspend');
    // The risk column comes from the register, as at the quarter: a High risk over its appetite in
    // SCS, and a Low one within it.
    const scs = await s()
      .db.selectFrom('directorate')
      .select('id')
      .where('code', '=', 'SCS')
      .executeTakeFirstOrThrow();
    const riskOwner = await insertUser(
      s().db,
      {
        email: 'risk-owner@test.example',
        name: 'Risk Owner',
        role: 'owner',
        passwordHash: null,
        directorateId: scs.id,
      },
      clock.now().toISOString(),
    );
    const risk = (reference: string, [rl, ri, tl, ti]: number[]) =>
      createRisk(
        s(),
        systemActor,
        {
          reference,
          kind: 'directorate',
          title: `Business view risk ${reference}`,
          category: 'Financial',
          owner: String(riskOwner.id),
          directorate: String(scs.id),
          inherentLikelihood: '5',
          inherentImpact: '5',
          residualLikelihood: String(rl),
          residualImpact: String(ri),
          targetLikelihood: String(tl),
          targetImpact: String(ti),
        },
        clock,
      );
    await risk('BV1', [5, 4, 2, 2]);
    await risk('BV2', [1, 2, 1, 2]);
    const withRegister = await app.inject({
      url: paths.businessManagement({ period: 'Q1 2017-18' }),
      cookies: viewer.cookies,
    });
    const rowOf = (body: string, name: string) =>
      body.slice(body.indexOf(`>${name}</th>`)).split('</tr>')[0]!;
    const scsRow = rowOf(withRegister.body, 'Social and Community Services');
    expect(scsRow).toContain('1 over appetite');
    expect(scsRow).toContain('1 high');
    expect(scsRow).toContain('0 rising');
    expect(scsRow).toContain(`href="${paths.risks({ directorate: String(scs.id) })}"`);
    expect(rowOf(withRegister.body, 'Children, Education and Families')).toContain('0 over appetite');
    const risks: RiskSummaryProvider = async () => [
      { directorateId: scs.id, high: 2, overAppetite: 3, rising: 1 },
    ];
    const withRisk = buildApp({ store: s(), clock, brand: testBrand(), riskSummaries: risks });
    const riskPage = await withRisk.inject({
      url: paths.businessManagement({ period: 'Q1 2017-18' }),
      cookies: viewer.cookies,
    });
    expect(riskPage.body).toContain('3 over appetite');
    expect(riskPage.body).toContain('0 over appetite'); // the other directorates, with none
    await withRisk.close();
  });

  it('prints the Finance section in every format when asked, and freezes it on publish', async () => {
    const d = await saveDraft(s(), systemActor, clock, {
      period: 'Q1 2017-18',
      settings: { ...DEFAULT_SETTINGS, finance: true },
    });
    const { document } = await draftDocument(s(), d, clock);
    const html = (await render(document, 'html')).toString('utf8');
    expect(html).toContain('id="finance"');
    expect(html).toContain('Revenue budget monitoring by directorate, Q1 2017-18');
    expect(html).toContain('£2,700,000 overspend');
    expect(html).toContain('Review of adult social care packages');
    const csv = (await render(document, 'csv')).toString('utf8');
    expect(csv).toContain('Social and Community Services');
    expect((await render(document, 'docx')).subarray(0, 2).toString()).toBe('PK');
    expect((await render(document, 'xlsx')).subarray(0, 2).toString()).toBe('PK');
    const without = await saveDraft(s(), systemActor, clock, {
      period: 'Q1 2017-18',
      scope: 'SCS',
      settings: DEFAULT_SETTINGS,
    });
    const plain = (await render((await draftDocument(s(), without, clock)).document, 'html')).toString(
      'utf8',
    );
    expect(plain).not.toContain('id="finance"');
    const published = await publishDraft(s(), systemActor, clock, d.id);
    const frozen = (await findFrozenFile(s().db, 'quarterly', published.versionId, 'html'))!.bytes.toString(
      'utf8',
    );
    expect(frozen).toContain('£2,700,000 overspend');
    expect(
      (await findFrozenFile(s().db, 'quarterly', published.versionId, 'pdf'))!.bytes
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 60_000);

  it('takes a line entered in Cairn by the directorate, counting it only once its approver approves it', async () => {
    const Q3 = parsePeriod('Q3 2017-18');
    const dir = async (code: string) =>
      (await s().db.selectFrom('directorate').select('id').where('code', '=', code).executeTakeFirstOrThrow())
        .id;
    const scs = await dir('SCS');
    const owner = await sessionFor(s(), clock, 'owner', scs);
    const approver = await sessionFor(s(), clock, 'approver', scs);
    const entryUrl = paths.financeEntry(scs, { period: 'Q3 2017-18' });
    const form = await app.inject({ url: entryUrl, cookies: owner.cookies });
    expect(form.statusCode).toBe(200);
    const ownerCsrf = csrfOf(form.body);
    expect(
      (
        await app.inject({
          url: paths.financeEntry(await dir('CEF'), { period: 'Q3 2017-18' }),
          cookies: owner.cookies,
        })
      ).statusCode,
    ).toBe(404);
    const enter = (fields: Record<string, string>, who = owner, token = ownerCsrf) =>
      app.inject({
        method: 'POST',
        url: paths.financeEntry(scs),
        cookies: who.cookies,
        payload: {
          _csrf: token,
          period: '2017-18-Q3',
          service: '',
          commentary: 'Care costs',
          version: '0',
          ...fields,
        },
      });
    const bad = await enter({ budget: '£1,2x', forecast: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#budget"');
    expect(bad.body).toContain('href="#forecast"');
    expect((await enter({ budget: '1,000,000', forecast: '1,050,000' })).statusCode).toBe(303);
    expect((await enter({ budget: '1,000,000', forecast: '1,060,000' })).statusCode).toBe(409); // stale: version 0
    let p = await financePosition(s(), Q3);
    const waiting = p.directorates.find((d) => d.directorate.id === scs)!;
    expect(waiting.services).toEqual([]);
    expect(waiting.pending).toHaveLength(1);
    expect(p.total).toBeNull(); // counts towards nothing yet
    const page = await app.inject({
      url: paths.financeDirectorate(scs, { period: 'Q3 2017-18' }),
      cookies: approver.cookies,
    });
    expect(page.body).toContain('Figures waiting for approval');
    const approverCsrf = csrfOf(page.body);
    const decisionUrl = paths.financeLineDecision(waiting.pending[0]!.lineId);
    const ownerDecides = await app.inject({
      method: 'POST',
      url: decisionUrl,
      cookies: owner.cookies,
      payload: { _csrf: ownerCsrf, decision: 'approve', version: '1' },
    });
    expect(ownerDecides.statusCode).toBe(403);
    const approve = await app.inject({
      method: 'POST',
      url: decisionUrl,
      cookies: approver.cookies,
      payload: { _csrf: approverCsrf, decision: 'approve', version: '1' },
    });
    expect(approve.statusCode).toBe(303);
    p = await financePosition(s(), Q3);
    expect(p.total).toMatchObject({ budget: 100_000_000, forecast: 105_000_000 });
    expect(p.total!.variance.rating).toBe('red');
    const again = await app.inject({
      method: 'POST',
      url: decisionUrl,
      cookies: approver.cookies,
      payload: { _csrf: approverCsrf, decision: 'approve', version: '1' },
    });
    expect(again.statusCode).toBe(409);
    // An approver may not approve their own entry.
    expect(
      (
        await enter(
          { service: '', budget: '1,000,000', forecast: '990,000', version: '2' },
          approver,
          approverCsrf,
        )
      ).statusCode,
    ).toBe(303);
    const own = await app.inject({
      method: 'POST',
      url: decisionUrl,
      cookies: approver.cookies,
      payload: { _csrf: approverCsrf, decision: 'approve', version: '3' },
    });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('You entered these figures');
    const actions = (
      await s()
        .db.selectFrom('audit_event')
        .select('action')
        .where('entity', '=', 'budget_line')
        .orderBy('id')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['finance.budget.enter', 'finance.budget.approve', 'finance.budget.enter']);
  });

  it('reads an Excel workbook the same way, locating its problems by sheet, row and column', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Q2 monitoring');
    sheet.addRow(['Directorate', 'Saving', 'Target', 'Forecast delivered']);
    sheet.addRow(['SCS', 'Review of adult social care packages', 4_000_000, 'about 3m']);
    sheet.addRow(['CEF', 'Children’s centres redesign', 2_500_000, 2_500_000]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await app.inject({
      method: 'POST',
      url: paths.financeUpload(),
      cookies: officer.cookies,
      ...multipart(
        { _csrf: csrf, kind: 'savings', period: 'Q2 2017-18' },
        {
          field: 'file',
          name: 'savings.xlsx',
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          bytes,
        },
      ),
    });
    expect(res.statusCode).toBe(303);
    const url = res.headers.location as string;
    const fields = {
      'column-directorate': 'Directorate',
      'column-title': 'Saving',
      'column-target': 'Target',
      'column-forecast': 'Forecast delivered',
    };
    const refused = await load(url, fields);
    expect(refused.statusCode).toBe(400);
    expect(refused.body.replace(/&quot;|&#34;/g, '"')).toContain(
      'Sheet &#39;Q2 monitoring&#39;, row 2, Forecast delivered: "about 3m" is not an amount',
    );
  });

  it('closes', async () => {
    await app.close();
  });
});
