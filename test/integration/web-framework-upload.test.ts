/**
 * The framework spreadsheet's upload on the web (app.inject, multipart as a browser sends it): the
 * download, a file with problems (every one on the error summary, located; nothing kept), the preview,
 * the confirm (CSRF, its uploader only, a reason for an approved plan, a stale preview refused), the
 * size cap and the wrong file type, a new plan from a file, and who may use the pages.
 */
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { exportFramework } from '../../src/app/framework.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock } from '../support/fixtures.js';
import { FrameworkBook, nextYearDraft } from '../support/framework-book.js';
import { csrfOf, multipart, sessionFor, testBrand } from '../support/web.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const clock = clockAt('2018-03-01T10:00:00Z');
type Session = { userId: number; cookies: { cairn_session: string } };

describeEachDatabase('uploading the framework on the web', (store) => {
  let app: FastifyInstance;
  let live: number;
  let draft: number;
  let officer: Session;
  let csrf: string;
  const s = (): Store => store();

  const upload = (
    url: string,
    file: { name: string; bytes: Buffer; type?: string } | null,
    who: Session = officer,
    token = csrf,
  ) =>
    app.inject({
      method: 'POST',
      url,
      cookies: who.cookies,
      ...multipart(
        { _csrf: token },
        file ? { field: 'file', name: file.name, type: file.type ?? XLSX, bytes: file.bytes } : undefined,
      ),
    });
  const uploads = async () => (await s().db.selectFrom('framework_upload').select('id').execute()).length;

  it('sets up', async () => {
    live = (await loadDemo(s(), fixedClock)).planId;
    draft = await nextYearDraft(s(), live, fixedClock);
    officer = await sessionFor(s(), clock, 'performance');
    app = buildApp({ store: s(), clock, brand: testBrand() });
    await app.ready();
    csrf = csrfOf((await app.inject({ url: paths.frameworkUpload(draft), cookies: officer.cookies })).body);
    expect(csrf).not.toBe('');
  });

  it('shows the form (the CSRF field before the file) and downloads the framework as the CLI exports it', async () => {
    const page = await app.inject({ url: paths.frameworkUpload(draft), cookies: officer.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body.indexOf('name="_csrf"')).toBeLessThan(page.body.indexOf('type="file"'));
    expect(page.body).toContain(`href="${paths.frameworkExport(draft)}"`);
    expect(page.body).toContain(`href="${paths.planFramework(draft)}"`);
    const file = await app.inject({ url: paths.frameworkExport(draft), cookies: officer.cookies });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(XLSX);
    expect(file.headers['content-disposition']).toMatch(
      /attachment; filename="framework-corporate-plan-2018-19.xlsx"/,
    );
    const book = await FrameworkBook.open(file.rawPayload);
    expect(book.get('7', 'target')).toBe('8920');
  });

  it('lists both problems of a file with two errors, located, with status 400, and keeps nothing', async () => {
    const book = await FrameworkBook.of(s(), draft);
    book.set('7', { target: 'about 12' }).set('4', { polarity: 'Sideways' });
    const res = await upload(paths.frameworkUpload(draft), {
      name: 'framework.xlsx',
      bytes: await book.bytes(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain(
      `Sheet &#39;Framework&#39;, row ${book.rowOf('4')}, Polarity: &quot;Sideways&quot; is not one of`,
    );
    expect(res.body).toContain(`Sheet &#39;Framework&#39;, row ${book.rowOf('7')}, Target:`);
    expect(res.body).toContain('2 problems found. Nothing has been changed');
    expect(res.body).toContain('<title>Error: ');
    expect(await uploads()).toBe(0);
  });

  it('says what is wrong with the wrong type of file, an empty one, no file, and one over 10 MB', async () => {
    const wrong = await upload(paths.frameworkUpload(draft), {
      name: 'plan.pdf',
      bytes: Buffer.from('%PDF-1.4'),
      type: 'application/pdf',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('plan.pdf is not a spreadsheet Cairn can read');
    const empty = await upload(paths.frameworkUpload(draft), {
      name: 'framework.xlsx',
      bytes: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('framework.xlsx is empty');
    const none = await upload(paths.frameworkUpload(draft), null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose the framework spreadsheet to upload');
    const big = await upload(paths.frameworkUpload(draft), {
      name: 'framework.xlsx',
      bytes: Buffer.alloc(10 * 1024 * 1024 + 10, 0x50),
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('The file must be smaller than 10 MB. Nothing has been saved.');
    expect(await uploads()).toBe(0);
  });

  it('refuses an upload without the form’s CSRF token, and to anyone but the performance team and administrators', async () => {
    const book = await FrameworkBook.of(s(), draft);
    const forged = await upload(
      paths.frameworkUpload(draft),
      { name: 'f.xlsx', bytes: await book.bytes() },
      officer,
      'forged',
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('This form has expired');
    for (const role of ['owner', 'approver', 'viewer'] as const) {
      const who = await sessionFor(s(), clock, role);
      for (const url of [
        paths.frameworkUpload(draft),
        paths.frameworkExport(draft),
        paths.newFrameworkUpload(),
      ])
        expect((await app.inject({ url, cookies: who.cookies })).statusCode, `${role} ${url}`).toBe(403);
    }
    expect(await uploads()).toBe(0);
  });

  let previewUrl: string;

  it('previews a corrected file with its counts, and confirms it: saved, then back to the framework page', async () => {
    const book = await FrameworkBook.of(s(), draft);
    book.set('7', { target: '9000' }).remove('3');
    const res = await upload(paths.frameworkUpload(draft), {
      name: 'framework.xlsx',
      bytes: await book.bytes(),
    });
    expect(res.statusCode).toBe(303);
    previewUrl = res.headers.location!;
    expect(previewUrl).toMatch(
      new RegExp(`^${paths.frameworkUpload(draft).replace('/upload', '/uploads/')}\\d+$`),
    );
    const page = await app.inject({ url: previewUrl, cookies: officer.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What will change: 0 added, 1 changed, 1 retired');
    expect(page.body).toContain('Indicator 7');
    expect(page.body).toContain('8920');
    expect(page.body).toContain('9000');
    expect(page.body).toContain('1 indicator retired');
    expect(page.body).not.toContain('name="reason"'); // a draft needs no reason

    // Someone else (an administrator) cannot see or confirm it.
    const admin = await sessionFor(s(), clock, 'admin');
    expect((await app.inject({ url: previewUrl, cookies: admin.cookies })).statusCode).toBe(404);
    const adminCsrf = csrfOf(
      (await app.inject({ url: paths.frameworkUpload(draft), cookies: admin.cookies })).body,
    );
    const theirs = await app.inject({
      method: 'POST',
      url: `${previewUrl}/confirm`,
      cookies: admin.cookies,
      payload: { _csrf: adminCsrf },
    });
    expect(theirs.statusCode).toBe(404);

    const forged = await app.inject({
      method: 'POST',
      url: `${previewUrl}/confirm`,
      cookies: officer.cookies,
      payload: {},
    });
    expect(forged.statusCode).toBe(403);

    const confirmed = await app.inject({
      method: 'POST',
      url: `${previewUrl}/confirm`,
      cookies: officer.cookies,
      payload: { _csrf: csrf },
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`${paths.planFramework(draft)}?done=uploaded`);
    const seven = await s()
      .db.selectFrom('indicator_target')
      .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
      .select('target_text')
      .where('indicator.plan_id', '=', draft)
      .where('indicator.number', '=', '7')
      .executeTakeFirstOrThrow();
    expect(seven.target_text).toBe('9000');
    expect((await app.inject({ url: previewUrl, cookies: officer.cookies })).statusCode).toBe(404);
  });

  it('shows a stale preview as such (409) and refuses to confirm it', async () => {
    const book = await FrameworkBook.of(s(), draft);
    book.set('8', { target: '10' });
    const res = await upload(paths.frameworkUpload(draft), {
      name: 'framework.xlsx',
      bytes: await book.bytes(),
    });
    const url = res.headers.location!;
    await s()
      .db.updateTable('indicator')
      .set((eb) => ({ title: 'Changed meanwhile', version: eb('version', '+', 1) }))
      .where('plan_id', '=', draft)
      .where('number', '=', '1')
      .execute();
    const page = await app.inject({ url, cookies: officer.cookies });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('The framework has changed since this file was checked');
    expect(page.body).not.toContain(`action="${url}/confirm"`);
    const confirmed = await app.inject({
      method: 'POST',
      url: `${url}/confirm`,
      cookies: officer.cookies,
      payload: { _csrf: csrf },
    });
    expect(confirmed.statusCode).toBe(409);
    expect(confirmed.body).toContain('Nothing has been saved');
  });

  it('asks for the reason before saving into an approved plan', async () => {
    const book = await FrameworkBook.of(s(), live);
    book.set('7', { target: '9100' });
    const res = await upload(paths.frameworkUpload(live), {
      name: 'framework.xlsx',
      bytes: await book.bytes(),
    });
    expect(res.statusCode).toBe(303);
    const url = res.headers.location!;
    const page = await app.inject({ url, cookies: officer.cookies });
    expect(page.body).toContain('name="reason"');
    const refused = await app.inject({
      method: 'POST',
      url: `${url}/confirm`,
      cookies: officer.cookies,
      payload: { _csrf: csrf, reason: '' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#reason"');
    expect(refused.body).toContain('enter the reason for it');
    const saved = await app.inject({
      method: 'POST',
      url: `${url}/confirm`,
      cookies: officer.cookies,
      payload: { _csrf: csrf, reason: 'Target agreed with the NHS' },
    });
    expect(saved.statusCode).toBe(303);
    const amendments = await s()
      .db.selectFrom('framework_amendment')
      .select('reason')
      .where('plan_id', '=', live)
      .execute();
    expect(amendments).toEqual([{ reason: 'Target agreed with the NHS' }]);
  });

  it('makes a new draft plan from a file', async () => {
    const page = await app.inject({ url: paths.newFrameworkUpload(), cookies: officer.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Make a new plan from a spreadsheet');
    // A CSV has no Plan sheet: its title and years come from the form, and their lack is shown there.
    const csv = (await exportFramework(s(), String(draft), 'csv')).bytes;
    const untitled = await app.inject({
      method: 'POST',
      url: paths.newFrameworkUpload(),
      cookies: officer.cookies,
      ...multipart(
        { _csrf: csrf, title: '', years: '' },
        { field: 'file', name: 'plan.csv', type: 'text/csv', bytes: csv },
      ),
    });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.body).toContain('href="#title"');
    expect(untitled.body).toContain('href="#years"');
    const titled = await app.inject({
      method: 'POST',
      url: paths.newFrameworkUpload(),
      cookies: officer.cookies,
      ...multipart(
        { _csrf: csrf, title: 'KPIs 2019-20', years: '2019-20' },
        { field: 'file', name: 'plan.csv', type: 'text/csv', bytes: csv },
      ),
    });
    // The title and years are taken; what is left is the file's own problem (a CSV has no second framework).
    expect(titled.statusCode).toBe(400);
    expect(titled.body).not.toContain('href="#title"');
    expect(titled.body).toContain('refers to a second framework, but there is none');
    const book = await FrameworkBook.of(s(), draft);
    book.wb.getWorksheet('Plan')!.eachRow((row) => {
      if (row.getCell(1).value === 'Title') row.getCell(2).value = 'Corporate Plan 2019-20';
      if (row.getCell(1).value === 'Years') row.getCell(2).value = '2019-20';
    });
    const res = await upload(paths.newFrameworkUpload(), { name: 'new.xlsx', bytes: await book.bytes() });
    expect(res.statusCode).toBe(303);
    const url = res.headers.location!;
    expect(url).toMatch(/^\/frameworks\/uploads\/\d+$/);
    const preview = await app.inject({ url, cookies: officer.cookies });
    expect(preview.body).toContain('A new plan: Corporate Plan 2019-20 (2019-20)');
    const done = await app.inject({
      method: 'POST',
      url: `${url}/confirm`,
      cookies: officer.cookies,
      payload: { _csrf: csrf },
    });
    expect(done.statusCode).toBe(303);
    const plan = await s()
      .db.selectFrom('plan')
      .select(['id', 'status'])
      .where('title', '=', 'Corporate Plan 2019-20')
      .executeTakeFirstOrThrow();
    expect(plan.status).toBe('draft');
    expect(done.headers.location).toBe(`${paths.planFramework(plan.id)}?done=uploaded`);
  });
});
