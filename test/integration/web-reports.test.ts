/**
 * Quarterly reports in the browser (app.inject), on each database: the performance team creates a
 * report, edits a text, downloads and publishes it; a viewer reads and downloads the published
 * version but not the draft; a later correction is listed as a change since publication.
 */
import { afterAll, expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { findIndicator, upsertValue } from '../../src/storage/performance-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand, csrfOf } from '../support/web.js';

const brand = testBrand();

afterAll(async () => {
  await closePdfBrowser();
});

describeEachDatabase(
  'report pages',
  (store) => {
    const app = () =>
      buildApp({
        store: store(),
        clock: fixedClock,
        brand,
        reportDefaults: { reportOf: 'Assistant Chief Finance Officer (Assurance)' },
      });
    let reportUrl = '';

    it('creates a report from the form, with an error summary when the meeting is missing', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const form = await a.inject({ url: paths.newReport(), cookies });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="Assistant Chief Finance Officer (Assurance)"');
      const csrf = csrfOf(form.body);
      const bad = await a.inject({
        method: 'POST',
        url: paths.newReport(),
        cookies,
        payload: {
          _csrf: csrf,
          period: '2017-18-Q1',
          scope: 'council',
          meeting: '',
          meetingDate: '',
          reportOf: '',
          contactOfficer: '',
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('govuk-error-summary');
      expect(bad.body).toContain('href="#meeting"');
      expect(bad.body).toContain('<title>Error: Create a report');
      const ok = await a.inject({
        method: 'POST',
        url: paths.newReport(),
        cookies,
        payload: {
          _csrf: csrf,
          period: '2017-18-Q1',
          scope: 'council',
          meeting: 'Cabinet',
          meetingDate: '17 October 2017',
          reportOf: 'ACFO',
          contactOfficer: 'Steven Jones',
        },
      });
      expect(ok.statusCode).toBe(303);
      reportUrl = ok.headers.location as string;
      const draft = await a.inject({ url: reportUrl, cookies });
      expect(draft.statusCode).toBe(200);
      expect(draft.body).toContain('21 were rated Green or Amber');
      expect(draft.body).toContain('Exception report 2:');
      expect(draft.body).toContain(paths.reportStylesheet());
      expect(draft.body).toContain('govuk-service-navigation__active-fallback">Reports</strong>');
    });

    it('edits key achievements through the edit link, and shows them in the draft', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const draft = await a.inject({ url: reportUrl, cookies });
      const edit = /href="(\/reports\/\d+\/texts\/achievements%3AP1)"/.exec(draft.body)![1]!;
      const form = await a.inject({ url: edit, cookies });
      expect(form.body).toContain('Key achievements: A thriving economy');
      const res = await a.inject({
        method: 'POST',
        url: edit,
        cookies,
        payload: {
          _csrf: csrfOf(form.body),
          items: 'Public consultation has started on the County Infrastructure Strategy',
        },
      });
      expect(res.statusCode).toBe(303);
      expect((await a.inject({ url: reportUrl, cookies })).body).toContain(
        'Public consultation has started on the County Infrastructure Strategy',
      );
      const exception = /href="(\/reports\/\d+\/texts\/exception%3A[^"]+)"/.exec(draft.body)![1]!;
      const exForm = await a.inject({ url: exception, cookies });
      const bad = await a.inject({
        method: 'POST',
        url: exception,
        cookies,
        payload: { _csrf: csrfOf(exForm.body), narrative: '', action: '' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#narrative"');
      expect(bad.body).toContain('href="#action"');
    });

    it('downloads the draft as Word and CSV', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const id = Number(reportUrl.split('/').pop());
      const docx = await a.inject({ url: paths.reportDownload(id, 'docx'), cookies });
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const csv = await a.inject({ url: paths.reportDownload(id, 'csv'), cookies });
      expect(csv.headers['content-disposition']).toMatch(
        /^attachment; filename="draft-2017-18-q1-council\.csv"; filename\*=UTF-8''draft-2017-18-q1-council\.csv$/,
      );
      expect((await a.inject({ url: paths.reportDownload(id, 'exe'), cookies })).statusCode).toBe(404);
    });

    it('publishes; a viewer reads and downloads the published files but not the draft; corrections are listed', async () => {
      const a = app();
      const perf = await sessionFor(store(), fixedClock, 'performance');
      const id = Number(reportUrl.split('/').pop());
      const draft = await a.inject({ url: reportUrl, cookies: perf.cookies });
      // Publishing asks first, and lists every section that would be printed empty.
      expect(draft.body).toContain(`href="${paths.reportPublish(id)}"`);
      const check = await a.inject({ url: paths.reportPublish(id), cookies: perf.cookies });
      expect(check.statusCode).toBe(200);
      expect(check.body).toContain('Sections with nothing written');
      expect(check.body).toMatch(/Recommended action: [^<]+<\/a>/);
      expect(check.body).toContain(`href="${paths.reportText(id, 'introduction')}"`);
      const unconfirmed = await a.inject({
        method: 'POST',
        url: paths.reportPublish(id),
        cookies: perf.cookies,
        payload: { _csrf: csrfOf(draft.body) },
      });
      expect(unconfirmed.statusCode).toBe(303);
      expect(unconfirmed.headers.location).toBe(paths.reportPublish(id));
      const pub = await a.inject({
        method: 'POST',
        url: paths.reportPublish(id),
        cookies: perf.cookies,
        payload: { _csrf: csrfOf(draft.body), confirm: 'yes' },
      });
      expect(pub.statusCode).toBe(303);
      expect(pub.headers.location).toContain('published=1');
      const versions = await a.inject({ url: pub.headers.location as string, cookies: perf.cookies });
      expect(versions.body).toContain('Version 1 is published');

      const viewer = await sessionFor(store(), fixedClock, 'viewer');
      expect((await a.inject({ url: reportUrl, cookies: viewer.cookies })).statusCode).toBe(403);
      const list = await a.inject({ url: paths.reports(), cookies: viewer.cookies });
      expect(list.body).toContain('Published versions');
      expect(list.body).not.toContain('Create a report');
      const page = await a.inject({ url: paths.reportVersions(id), cookies: viewer.cookies });
      const pdfUrl = /href="(\/reports\/versions\/\d+\/pdf)"/.exec(page.body)![1]!;
      const pdf = await a.inject({ url: pdfUrl, cookies: viewer.cookies });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const { createHash } = await import('node:crypto');
      expect(pdf.headers['x-content-sha256']).toBe(createHash('sha256').update(pdf.rawPayload).digest('hex'));

      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const seven = (await findIndicator(store().db, plan.id, '7'))!;
      await upsertValue(
        store().db,
        { indicatorId: seven.id, periodCode: '2017-18-Q1', actual: 5980 },
        '2017-10-20T10:00:00Z',
      );
      const again = await a.inject({ url: pdfUrl, cookies: viewer.cookies });
      expect(again.rawPayload.equals(pdf.rawPayload)).toBe(true);
      const changesUrl = /href="(\/reports\/versions\/\d+\/changes)"/.exec(page.body)![1]!;
      const changes = await a.inject({ url: changesUrl, cookies: viewer.cookies });
      expect(changes.statusCode).toBe(200);
      expect(changes.body).toContain('1 change since publication');
      expect(changes.body).toMatch(
        /7: Increase the number of hours[\s\S]*Q1 2017-18[\s\S]*Figure[\s\S]*no figure[\s\S]*5980/,
      );
      const draftAfter = await a.inject({ url: reportUrl, cookies: perf.cookies });
      expect(draftAfter.body).toContain('1 change to its figures since then');
    }, 60_000);
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
