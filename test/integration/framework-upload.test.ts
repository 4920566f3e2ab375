/**
 * The framework spreadsheet uploaded in the browser, as use cases (app/framework-upload.ts): every
 * problem located and nothing kept; a preview whose counts are exact; a confirm that saves exactly what
 * was previewed, only by its uploader and only if the plan has not changed since; an approved plan
 * needing a reason, and its amendment; a new plan from a file; every change audited.
 */
import { expect, it } from 'vitest';
import { userActor, type Actor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import {
  checkFrameworkUpload,
  confirmFrameworkUpload,
  previewFrameworkUpload,
  type UploadedFile,
} from '../../src/app/framework-upload.js';
import { exportFramework } from '../../src/app/framework.js';
import type { Store } from '../../src/storage/database.js';
import type { FrameworkDocument } from '../../src/domain/framework.js';
import { byIndicatorNumber } from '../../src/domain/indicator-order.js';
import { loadFrameworkDocument } from '../../src/storage/framework-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock, tableCounts } from '../support/fixtures.js';
import { FrameworkBook, nextYearDraft } from '../support/framework-book.js';
import { sessionFor } from '../support/web.js';

const clock = clockAt('2018-03-01T10:00:00Z');

async function rejection(p: Promise<unknown>): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CairnError) return e;
    throw e;
  }
  throw new Error('expected a CairnError');
}

const xlsx = async (book: FrameworkBook, fileName = 'framework.xlsx'): Promise<UploadedFile> => ({
  fileName,
  bytes: await book.bytes(),
});

describeEachDatabase('uploading the framework spreadsheet', (store) => {
  let live: number;
  let draft: number;
  let officer: Actor;
  let colleague: Actor;
  const s = (): Store => store();
  const uploads = async () =>
    Number(
      (
        await s()
          .db.selectFrom('framework_upload')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = async (action: string) =>
    s().db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();

  it('sets up: the demo (approved, with figures) and next year’s draft started from it', async () => {
    live = (await loadDemo(s(), fixedClock)).planId;
    draft = await nextYearDraft(s(), live, fixedClock);
    const perf = await sessionFor(s(), clock, 'performance');
    const admin = await sessionFor(s(), clock, 'admin');
    officer = userActor({ id: perf.userId, name: 'Test performance' });
    colleague = userActor({ id: admin.userId, name: 'Test admin' });
  });

  it('lists every problem by sheet, row and column, and keeps nothing', async () => {
    const before = await tableCounts(s().db);
    const book = await FrameworkBook.of(s(), draft);
    book.set('7', { target: 'about 12' }).set('4', { polarity: 'Sideways' });
    const e = await rejection(checkFrameworkUpload(s(), officer, { planId: draft }, await xlsx(book), clock));
    expect(e.code).toBe('IMPORT_REJECTED');
    expect(e.message).toContain('2 problems need fixing. Nothing has been changed.');
    expect(e.details.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['Framework', book.rowOf('4'), 'Polarity'],
      ['Framework', book.rowOf('7'), 'Target'],
    ]);
    expect(e.details[0]!.message).toContain('"Sideways" is not one of');
    expect(await uploads()).toBe(0);
    expect(await tableCounts(s().db)).toEqual(before);
  });

  it('says what is wrong with a file that is not a framework: missing, empty, the wrong type, not a workbook', async () => {
    const check = (file: UploadedFile | null) =>
      rejection(checkFrameworkUpload(s(), officer, { planId: draft }, file, clock));
    expect((await check(null)).details[0]!.message).toBe('Choose the framework spreadsheet to upload');
    expect((await check({ fileName: 'f.xlsx', bytes: Buffer.alloc(0) })).details[0]!.message).toContain(
      'f.xlsx is empty',
    );
    expect((await check({ fileName: 'f.pdf', bytes: Buffer.from('%PDF') })).details[0]!.message).toContain(
      'f.pdf is not a spreadsheet Cairn can read',
    );
    expect(
      (await check({ fileName: 'f.xlsx', bytes: Buffer.from('name,title\n') })).details[0]!.message,
    ).toContain('f.xlsx is not an Excel workbook');
    const big = await check({ fileName: 'f.csv', bytes: Buffer.alloc(11 * 1024 * 1024, 0x41) });
    expect(big.details[0]!.message).toContain('the largest Cairn accepts is 10 MB');
    const noSheet = await check({ fileName: 'f.csv', bytes: Buffer.from('just,some\ncells,here\n') });
    expect(noSheet.details.map((p) => p.message).join(' ')).toContain('The header row is missing');
    expect(await uploads()).toBe(0);
  });

  let uploadId: number;
  let book: FrameworkBook;

  it('previews exactly what the file changes: added, changed (which columns), retired, with counts', async () => {
    book = await FrameworkBook.of(s(), draft);
    book
      .set('1', { target: '70%' })
      .set('2', { title: 'More people using social care receive self-directed support' })
      .remove('3')
      .add('4', { number: '51', title: 'Carers assessed within 28 days', target: '80%', unit: 'percent' });
    uploadId = await checkFrameworkUpload(s(), officer, { planId: draft }, await xlsx(book), clock);
    const view = await previewFrameworkUpload(s(), officer, uploadId, draft);
    expect(view.stale).toBe(false);
    expect(view.terms).toBe('free');
    expect(view.preview.counts).toEqual({ added: 1, changed: 2, retired: 1 });
    expect(view.preview.indicators.added.map((i) => i.key)).toEqual(['51']);
    expect(view.preview.indicators.retired.map((i) => i.key)).toEqual(['3']);
    expect(view.preview.indicators.changed.map((i) => [i.key, i.fields])).toEqual([
      ['1', [{ label: 'Target', before: '67%', after: '70%' }]],
      [
        '2',
        [
          {
            label: 'Success indicator',
            before: expect.stringContaining('Maintain the high level') as string,
            after: 'More people using social care receive self-directed support',
          },
        ],
      ],
    ]);
    expect(view.preview.priorities).toEqual({ added: [], changed: [], retired: [] });
    expect(view.preview.outcomes).toEqual({ added: [], changed: [], retired: [] });
    expect(view.upload.fileName).toBe('framework.xlsx');
    expect(view.upload.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets only its uploader see and confirm it', async () => {
    expect((await rejection(previewFrameworkUpload(s(), colleague, uploadId, draft))).code).toBe('NOT_FOUND');
    const e = await rejection(confirmFrameworkUpload(s(), colleague, uploadId, draft, null, clock));
    expect(e.code).toBe('NOT_FOUND');
    // Not through another plan's address either.
    expect((await rejection(confirmFrameworkUpload(s(), officer, uploadId, live, 'x', clock))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses a confirm after the plan changed since the preview, and saves nothing', async () => {
    const db = s().db;
    const seven = await db
      .selectFrom('indicator')
      .select(['id', 'title'])
      .where('plan_id', '=', draft)
      .where('number', '=', '7')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('indicator')
      .set((eb) => ({ title: 'Changed by someone else', version: eb('version', '+', 1) }))
      .where('id', '=', seven.id)
      .execute();
    const before = await loadFrameworkDocument(db, draft);
    expect((await previewFrameworkUpload(s(), officer, uploadId, draft)).stale).toBe(true);
    const e = await rejection(confirmFrameworkUpload(s(), officer, uploadId, draft, null, clock));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('The framework has changed since this file was checked');
    expect(await loadFrameworkDocument(db, draft)).toEqual(before);
    await db.updateTable('indicator').set({ title: seven.title }).where('id', '=', seven.id).execute();
  });

  it('saves exactly what was previewed, once, with its audit records', async () => {
    uploadId = await checkFrameworkUpload(s(), officer, { planId: draft }, await xlsx(book), clock);
    expect(await uploads()).toBe(1); // the earlier upload of the same plan was replaced
    const preview = await previewFrameworkUpload(s(), officer, uploadId, draft);
    const stored = JSON.parse(
      (
        await s()
          .db.selectFrom('framework_upload')
          .select('document')
          .where('id', '=', uploadId)
          .executeTakeFirstOrThrow()
      ).document,
    ) as FrameworkDocument;
    const done = await confirmFrameworkUpload(s(), officer, uploadId, draft, null, clock);
    expect(done).toEqual({
      planId: draft,
      createdPlan: false,
      amended: false,
      counts: preview.preview.counts,
    });
    const saved = await loadFrameworkDocument(s().db, draft);
    // Indicators are saved in the order of their numbers, whatever the file's row order; directorates
    // are the council's (the export adds any the retired extract names).
    const byNumber = (d: FrameworkDocument) => ({
      ...d,
      directorates: [],
      indicators: [...d.indicators].sort((a, b) => byIndicatorNumber(a.number, b.number)),
    });
    expect(byNumber(saved)).toEqual(byNumber(stored));
    expect(saved.directorates).toEqual(expect.arrayContaining(stored.directorates));
    expect(saved.plan).toMatchObject({ title: 'Corporate Plan 2018-19', years: '2018-19', status: 'draft' });
    expect(saved.indicators.map((i) => i.number)).toContain('51');
    expect(saved.indicators.map((i) => i.number)).not.toContain('3');
    expect(await uploads()).toBe(0);
    // Once: the upload is gone.
    expect((await rejection(confirmFrameworkUpload(s(), officer, uploadId, draft, null, clock))).code).toBe(
      'NOT_FOUND',
    );

    const [record] = await audits('framework.upload');
    expect(record).toMatchObject({ actor: officer.id, entity: 'plan', entity_id: String(draft) });
    const after = JSON.parse(record!.after!) as Record<string, unknown>;
    expect(after).toMatchObject({
      file: 'framework.xlsx',
      counts: { added: 1, changed: 2, retired: 1 },
      added: { indicators: ['51'] },
      changed: { indicators: ['1', '2'] },
      retired: { indicators: ['3'] },
    });
    const updates = (await audits('indicator.update')).filter((a) => a.at === clock.now().toISOString());
    expect(updates).toHaveLength(2);
    expect((await audits('indicator.create')).filter((a) => a.at === clock.now().toISOString())).toHaveLength(
      1,
    );
    // A draft lists no amendment.
    expect(
      await s().db.selectFrom('framework_amendment').selectAll().where('plan_id', '=', draft).execute(),
    ).toEqual([]);
  });

  it('reads a file as Excel leaves it: a merged title row, blank rows, a date as a number, 67% stored as 0.67', async () => {
    const b = await FrameworkBook.of(s(), draft);
    const ws = b.ws;
    const target = ws.getRow(b.rowOf('1')).getCell(b.col('target'));
    target.value = 0.67;
    target.style = { ...target.style, numFmt: '0%' }; // its own style: exceljs shares them between cells
    b.set('7', { dueDate: 43008 }); // 30 September 2017, as Excel stores a date typed in a General cell
    ws.spliceRows(b.rowOf('7') + 1, 0, [], []); // two blank rows
    ws.spliceRows(1, 0, ['Oxfordshire County Council: Corporate Plan 2018-19'], []);
    ws.mergeCells(1, 1, 1, 6);
    const id = await checkFrameworkUpload(
      s(),
      officer,
      { planId: draft },
      await xlsx(b, 'as-excel-left-it.xlsx'),
      clock,
    );
    const view = await previewFrameworkUpload(s(), officer, id, draft);
    expect(view.preview.counts).toEqual({ added: 0, changed: 2, retired: 0 });
    expect(view.preview.indicators.changed.map((i) => [i.key, i.fields])).toEqual([
      ['1', [{ label: 'Target', before: '70%', after: '67%' }]],
      ['7', [{ label: 'Due date', before: '', after: '2017-09-30' }]],
    ]);
    expect(view.warnings).toEqual([]);
  });

  it('refuses to lose figures: a draft’s file that leaves out an indicator with figures is a located problem', async () => {
    const db = s().db;
    const five = await db
      .selectFrom('indicator')
      .select('id')
      .where('plan_id', '=', draft)
      .where('number', '=', '5')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('indicator_value')
      .values({ indicator_id: five.id, period_code: '2018-19-Q1', actual: 12, updated_at: '2018-07-01' })
      .execute();
    const b = (await FrameworkBook.of(s(), draft)).remove('5');
    const e = await rejection(checkFrameworkUpload(s(), officer, { planId: draft }, await xlsx(b), clock));
    expect(e.code).toBe('IMPORT_REJECTED');
    expect(e.details).toEqual([
      {
        sheet: 'Framework',
        column: 'No.',
        message: expect.stringContaining('Indicator 5 (') as string,
      },
    ]);
    expect(e.details[0]!.message).toContain('figures are recorded for it in 1 period');
    await db.deleteFrom('indicator_value').where('indicator_id', '=', five.id).execute();
  });

  it('warns (does not refuse) about a percentage target written 0.67, and a Plan sheet for another plan', async () => {
    const b = await FrameworkBook.of(s(), live);
    b.set('1', { target: 0.7 });
    const id = await checkFrameworkUpload(s(), officer, { planId: draft }, await xlsx(b), clock);
    const view = await previewFrameworkUpload(s(), officer, id, draft);
    expect(view.warnings).toEqual([
      {
        sheet: 'Framework',
        row: b.rowOf('1'),
        column: 'Target',
        message: 'The target 0.7 is for a percentage, so it reads as 0.7%. If 70% is meant, write that.',
      },
      {
        sheet: 'Plan',
        row: null,
        column: null,
        message: expect.stringContaining(
          'gives the title “Corporate Plan 2017-18” and years 2017-18',
        ) as string,
      },
    ]);
  });

  it('an approved plan: a confirm needs a reason; the change is listed as an amendment; what the file leaves out is retired with its figures', async () => {
    const b = await FrameworkBook.of(s(), live);
    b.set('7', { target: '9000' }).remove('1');
    const id = await checkFrameworkUpload(
      s(),
      officer,
      { planId: live },
      await xlsx(b, 'amended.xlsx'),
      clock,
    );
    const view = await previewFrameworkUpload(s(), officer, id, live);
    expect(view.terms).toBe('amendment');
    expect(view.preview.counts).toEqual({ added: 0, changed: 1, retired: 1 });
    const refused = await rejection(confirmFrameworkUpload(s(), officer, id, live, '  ', clock));
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.details[0]!.field).toBe('reason');
    expect(await audits('framework.upload')).toHaveLength(1);

    const figuresBefore = await s()
      .db.selectFrom('indicator_value')
      .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
      .select('indicator_value.id')
      .where('indicator.plan_id', '=', live)
      .where('indicator.number', '=', '1')
      .execute();
    expect(figuresBefore.length).toBeGreaterThan(0);
    const done = await confirmFrameworkUpload(
      s(),
      officer,
      id,
      live,
      'Hospital discharge target raised by Cabinet',
      clock,
    );
    expect(done.amended).toBe(true);
    const [amendment] = await s()
      .db.selectFrom('framework_amendment')
      .selectAll()
      .where('plan_id', '=', live)
      .execute();
    expect(amendment).toMatchObject({
      entity: 'plan',
      ref: 'Framework',
      summary: 'Framework spreadsheet amended.xlsx uploaded: 1 changed and 1 retired',
      reason: 'Hospital discharge target raised by Cabinet',
      by_name: officer.name,
    });
    const one = await s()
      .db.selectFrom('indicator')
      .select(['id', 'retired_on', 'retired_reason'])
      .where('plan_id', '=', live)
      .where('number', '=', '1')
      .executeTakeFirstOrThrow();
    expect(one).toMatchObject({
      retired_on: '2018-03-01',
      retired_reason: 'Hospital discharge target raised by Cabinet',
    });
    const figuresAfter = await s()
      .db.selectFrom('indicator_value')
      .select('id')
      .where('indicator_id', '=', one.id)
      .execute();
    expect(figuresAfter).toHaveLength(figuresBefore.length);
    const record = (await audits('framework.upload')).at(-1)!;
    expect(record.reason).toBe('Hospital discharge target raised by Cabinet');
    // The export now leaves the retired indicator out, so uploading it again changes nothing.
    const again = await checkFrameworkUpload(
      s(),
      officer,
      { planId: live },
      { fileName: 'again.xlsx', bytes: (await exportFramework(s(), String(live), 'xlsx')).bytes },
      clock,
    );
    expect((await previewFrameworkUpload(s(), officer, again, live)).preview.unchanged).toBe(true);
  });

  it('refuses an upload into a plan submitted for approval', async () => {
    await s().db.updateTable('plan').set({ status: 'submitted' }).where('id', '=', draft).execute();
    const e = await rejection(
      checkFrameworkUpload(
        s(),
        officer,
        { planId: draft },
        await xlsx(await FrameworkBook.of(s(), draft)),
        clock,
      ),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('submitted for approval');
    await s().db.updateTable('plan').set({ status: 'draft' }).where('id', '=', draft).execute();
  });

  it('makes a new draft plan from a file, and refuses one whose title and years are taken', async () => {
    const b = await FrameworkBook.of(s(), draft);
    const taken = await rejection(checkFrameworkUpload(s(), officer, { planId: null }, await xlsx(b), clock));
    expect(taken.details).toEqual([
      {
        sheet: 'Plan',
        column: 'Title',
        message: expect.stringContaining('There is already a plan called Corporate Plan 2018-19') as string,
      },
    ]);
    const plan = b.wb.getWorksheet('Plan')!;
    plan.eachRow((row) => {
      if (row.getCell(1).value === 'Title') row.getCell(2).value = 'Corporate Plan 2019-20';
      if (row.getCell(1).value === 'Years') row.getCell(2).value = '2019-20';
    });
    const id = await checkFrameworkUpload(s(), officer, { planId: null }, await xlsx(b, 'new.xlsx'), clock);
    const view = await previewFrameworkUpload(s(), officer, id, null);
    expect(view.plan).toEqual({
      id: null,
      title: 'Corporate Plan 2019-20',
      years: '2019-20',
      status: 'draft',
    });
    expect(view.preview.counts.added).toBe(3 + 23 + 50); // every priority, outcome and indicator
    const done = await confirmFrameworkUpload(s(), officer, id, null, null, clock);
    expect(done.createdPlan).toBe(true);
    const created = await s()
      .db.selectFrom('plan')
      .selectAll()
      .where('id', '=', done.planId)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      title: 'Corporate Plan 2019-20',
      years: '2019-20',
      status: 'draft',
      first_year: '2019-20',
    });
    const [record] = await audits('framework.create').then((r) =>
      r.filter((a) => a.entity_id === String(done.planId)),
    );
    expect(record).toMatchObject({ actor: officer.id });
  });
});
