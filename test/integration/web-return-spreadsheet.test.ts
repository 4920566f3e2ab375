import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound, type RoundView } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { resolveSession } from '../../src/app/access/sessions.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { indicatorIdOf, ReturnBook } from '../support/returns.js';
import { multipart, sessionFor, testBrand } from '../support/web.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeEachDatabase(
  'downloading and uploading a return on the web',
  (store) => {
    let app: FastifyInstance;
    let round: RoundView;
    let owner: { userId: number; cookies: { cairn_session: string } };
    let csrf: string;

    const upload = async (
      file: { filename: string; type?: string; data: Buffer } | null,
      step = 'submit',
    ) => {
      const body = multipart(
        { _csrf: csrf, step },
        file ? { field: 'file', name: file.filename, type: file.type ?? XLSX, bytes: file.data } : undefined,
      );
      return app.inject({
        method: 'POST',
        url: paths.uploadReturn(round.id),
        cookies: owner.cookies,
        ...body,
      });
    };

    it('sets up', async () => {
      const s: Store = store();
      const directorate = await s.db
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', 'SCS')
        .executeTakeFirstOrThrow();
      owner = await sessionFor(s, fixedClock, 'owner', directorate.id);
      const session = await resolveSession(s, fixedClock, owner.cookies.cairn_session);
      csrf = session!.csrfToken;
      await assignIndicators(
        s,
        systemActor,
        owner.userId,
        [await indicatorIdOf(s, '1'), await indicatorIdOf(s, '7')],
        fixedClock,
      );
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        fixedClock,
      );
      const deps = {
        store: s,
        clock: fixedClock,
        brand: testBrand(),
      };
      app = buildApp(deps);
      await app.ready();
    });

    it('downloads the return and shows the upload form with the CSRF field before the file', async () => {
      const res = await app.inject({ url: paths.returnSpreadsheet(round.id), cookies: owner.cookies });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toMatch(
        /attachment; filename="return-q2-2017-18-test-owner.xlsx"/,
      );
      const book = await ReturnBook.open(res.rawPayload);
      expect(book.rowOf('1')).toBeGreaterThan(book.headerRow());
      expect(() => book.rowOf('8')).toThrow();

      const page = await app.inject({ url: paths.uploadReturn(round.id), cookies: owner.cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body.indexOf('name="_csrf"')).toBeLessThan(page.body.indexOf('type="file"'));
      expect(page.body).toContain('Save as draft');
      expect(page.body).toContain('Submit for approval');

      const signedOut = await app.inject({ url: paths.returnSpreadsheet(round.id) });
      expect(signedOut.statusCode).toBe(303);
      const viewer = await sessionFor(store(), fixedClock, 'viewer');
      expect(
        (await app.inject({ url: paths.returnSpreadsheet(round.id), cookies: viewer.cookies })).statusCode,
      ).toBe(403);
    });

    it('lists every problem in the error summary, status 400, nothing saved', async () => {
      const res0 = await app.inject({ url: paths.returnSpreadsheet(round.id), cookies: owner.cookies });
      const book = await ReturnBook.open(res0.rawPayload);
      book.set('1', { actual: '12 approx', outlook: 'Stable' });
      book.set('7', { actual: 7000, outlook: 'Improving' });
      const res = await upload({ filename: 'return.xlsx', data: await book.bytes() });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain(`Row ${book.rowOf('1')}, Actual: &#39;12 approx&#39; is not a number`);
      expect(res.body).toContain(
        `Row ${book.rowOf('7')}, Commentary: this figure is rated Red, so say why and what is being done`,
      );
      expect(res.body).toContain('Nothing has been saved');
      const n = await store()
        .db.selectFrom('indicator_value')
        .select('id')
        .where('period_code', '=', '2017-18-Q2')
        .execute();
      expect(n).toHaveLength(0);
    });

    it('saves a correct return and confirms it with the counts', async () => {
      const res0 = await app.inject({ url: paths.returnSpreadsheet(round.id), cookies: owner.cookies });
      const book = await ReturnBook.open(res0.rawPayload);
      book.set('1', { actual: '68%', outlook: 'Stable' });
      book.set('7', {
        actual: 7000,
        outlook: 'Improving',
        commentary: 'Behind plan: recruiting reablement staff.',
      });
      const res = await upload({ filename: 'return.xlsx', data: await book.bytes() });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Return uploaded');
      expect(res.body).toContain('2 figures submitted for approval');
      expect(res.body).toContain(`href="${paths.yourUpdates(round.id)}"`);
      const rows = await store()
        .db.selectFrom('indicator_value')
        .select(['actual', 'state'])
        .where('period_code', '=', '2017-18-Q2')
        .orderBy('actual')
        .execute();
      expect(rows).toEqual([
        { actual: 68, state: 'submitted' },
        { actual: 7000, state: 'submitted' },
      ]);
    });

    it('refuses a file over 10 MB, a file that is not a spreadsheet, and a missing choice', async () => {
      const big = await upload({ filename: 'return.xlsx', data: Buffer.alloc(10 * 1024 * 1024 + 10, 0x50) });
      expect(big.statusCode).toBe(413);
      expect(big.body).toContain('The file must be smaller than 10 MB');

      const pdf = await upload({
        filename: 'return.pdf',
        type: 'application/pdf',
        data: Buffer.from('%PDF-1.4'),
      });
      expect(pdf.statusCode).toBe(400);
      expect(pdf.body).toContain('return.pdf is not a spreadsheet Cairn can read');

      const fake = await upload({ filename: 'return.xlsx', data: Buffer.from('this is not a workbook') });
      expect(fake.statusCode).toBe(400);
      expect(fake.body).toContain('return.xlsx is not an Excel workbook');

      const binary = await upload({ filename: 'return.csv', type: 'text/csv', data: randomBytes(512) });
      expect(binary.statusCode).toBe(400);
      expect(binary.body).toContain('return.csv is not a CSV file');

      const none = await upload(null, '');
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Choose your completed return to upload');
      expect(none.body).toContain(
        'Choose whether to save your figures as a draft or submit them for approval',
      );
    });

    it('caps the error summary at 100 problems and says how many more', async () => {
      const header = 'No.,Actual,Outlook';
      const lines = Array.from({ length: 130 }, (_, i) => `${900 + i},1,Stable`);
      const res = await upload(
        { filename: 'many.csv', type: 'text/csv', data: Buffer.from([header, ...lines].join('\n')) },
        'save',
      );
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('and 30 more problems');
      expect(res.body).toContain('130 problems found');
      await app.close();
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
