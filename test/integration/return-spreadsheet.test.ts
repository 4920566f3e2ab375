import { expect, it } from 'vitest';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor, verifyAuditTrail } from '../../src/app/audit.js';
import { exportReturn } from '../../src/app/collection/export-return.js';
import { saveFigure } from '../../src/app/collection/figures.js';
import { importValues } from '../../src/app/collection/import-values.js';
import { assignIndicators, openRound, type RoundView } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { problemText } from '../../src/importers/values/read-return.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';
import { indicatorIdOf, person, ReturnBook } from '../support/returns.js';

const clock = clockAt('2017-10-02T09:00:00Z');

async function counts(s: Store) {
  const n = async (t: 'indicator_value' | 'audit_event') =>
    Number(
      (
        await s.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { values: await n('indicator_value'), audit: await n('audit_event') };
}

async function figure(s: Store, indicatorId: number) {
  return s.db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('period_code', '=', '2017-18-Q2')
    .executeTakeFirst();
}

describeEachDatabase(
  'the return spreadsheet',
  (store) => {
    let round: RoundView;
    let olive: SignedInUser;
    let oscar: SignedInUser;
    let pat: SignedInUser;
    const ids: Record<string, number> = {};

    it('sets up a round with indicators assigned', async () => {
      const s = store();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      olive = await person(s, clock, 'olive@scs.example', 'owner', 'SCS');
      oscar = await person(s, clock, 'oscar@cef.example', 'owner', 'CEF');
      pat = await person(s, clock, 'pat@perf.example', 'performance');
      for (const n of ['1', '7', '8', '31', '12', '13']) ids[n] = await indicatorIdOf(s, n, plan.id);
      await assignIndicators(s, systemActor, olive.id, [ids['1']!, ids['7']!, ids['31']!, ids['8']!], clock);
      await assignIndicators(s, systemActor, oscar.id, [ids['12']!, ids['13']!], clock);
      round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
    });

    it('round-trips: download, fill in as in Excel, upload — saved, audited, the chain intact', async () => {
      const s = store();
      const download = await exportReturn(s, olive, round.id);
      expect(download.rows).toBe(4);
      expect(download.fileName).toBe('return-q2-2017-18-olive.xlsx');
      const book = await ReturnBook.open(download.bytes);
      // What a person sees: their indicators, the target, the title block (merged cells).
      expect(book.cell('1', 'target').value).toBe('67%');
      expect(book.ws.model.merges?.length).toBeGreaterThan(0);
      // The header stays in view and can be filtered, on the protected sheet too.
      expect(book.ws.views[0]).toMatchObject({ state: 'frozen' });
      expect(String(book.ws.autoFilter)).toMatch(/^A\d+:[A-Z]+\d+$/);
      expect(book.cell('1', 'indicatorId').value).toBe(ids['1']);
      expect(book.ws.getColumn(book.col('indicatorId')).hidden).toBe(true);
      expect(book.cell('1', 'actual').protection?.locked).toBe(false);
      expect(book.cell('1', 'target').protection?.locked).not.toBe(false); // locked is Excel's default
      expect(book.cell('31', 'progress').dataValidation?.formulae).toEqual([
        '"Complete,On track,At risk,Missed"',
      ]);

      // 0.67 in a cell formatted as a percentage; 73,390 typed as text; blank rows; a merged note.
      book.cell('1', 'actual').value = 0.67;
      book.cell('1', 'actual').numFmt = '0%';
      book.set('1', { outlook: 'Stable' });
      book.set('7', {
        actual: '7,390',
        outlook: 'Improving',
        commentary: '=Reablement hours are behind plan; recruitment continues.',
      });
      book.set('31', { progress: 'On track', outlook: 'Stable' });
      const r8 = book.rowOf('8');
      book.ws.spliceRows(r8, 0, [], []);
      book.ws.getCell('D2').value = 'Checked by Olive on 3 October';
      book.ws.getRow(book.ws.rowCount + 2).getCell(5).value = null;
      const bytes = await book.bytes();

      const result = await importValues(s, olive, round.id, bytes, 'my return.xlsx', clock, {
        step: 'submit',
      });
      expect(result).toEqual({ ok: true, summary: { saved: 0, submitted: 3, unchanged: 1, notes: [] } });
      expect(await figure(s, ids['1']!)).toMatchObject({ actual: 67, state: 'submitted', outlook: 'stable' });
      expect(await figure(s, ids['7']!)).toMatchObject({
        actual: 7390,
        state: 'submitted',
        commentary: '=Reablement hours are behind plan; recruitment continues.',
      });
      expect(await figure(s, ids['31']!)).toMatchObject({ milestone_status: 'on-track', state: 'submitted' });
      expect(await figure(s, ids['8']!)).toBeUndefined();
      const trail = await s.db
        .selectFrom('audit_event')
        .select(['action', 'entity', 'entity_id', 'actor'])
        .where('entity', '=', 'indicator_value')
        .execute();
      expect(trail.map((t) => t.action)).toEqual(['value.submit', 'value.submit', 'value.submit']);
      expect(trail.every((t) => t.actor === `user:${olive.id}`)).toBe(true);
      expect((await verifyAuditTrail(s)).ok).toBe(true);

      // The same file again: nothing has changed, nothing is saved again.
      const before = await counts(s);
      const again = await importValues(s, olive, round.id, bytes, 'my return.xlsx', clock, {
        step: 'submit',
      });
      expect(again).toEqual({ ok: true, summary: { saved: 0, submitted: 0, unchanged: 4, notes: [] } });
      expect(await counts(s)).toEqual(before);

      // The next download shows what was saved, as it was typed.
      const next = await ReturnBook.open((await exportReturn(s, olive, round.id)).bytes);
      expect(next.cell('1', 'actual').value).toBeCloseTo(0.67);
      expect(next.cell('1', 'actual').numFmt).toBe('0%');
      expect(next.cell('7', 'actual').value).toBe(7390);
      expect(next.cell('7', 'commentary').value).toBe(
        "'=Reablement hours are behind plan; recruitment continues.",
      );
      expect(next.cell('7', 'state').value).toBe('Submitted');
    });

    it('lists every problem by row and column, in plain words, and saves nothing', async () => {
      const s = store();
      const book = await ReturnBook.open((await exportReturn(s, oscar, round.id)).bytes);
      book.set('12', { actual: '12 approx', outlook: 'Sideways', confirmUnusual: 'maybe', target: '99%' });
      book.set('13', { actual: 45, outlook: 'Stable', commentary: null });
      // A copied row: the same indicator twice.
      const copy = book.ws.getRow(book.rowOf('13'));
      const dup = book.ws.getRow(book.ws.rowCount + 1);
      copy.eachCell((c, i) => (dup.getCell(i).value = c.value));
      // Figures with no indicator.
      book.ws.getRow(book.ws.rowCount + 1).getCell(book.col('actual')).value = 5;
      const bytes = await book.bytes();
      const before = await counts(s);
      const result = await importValues(s, oscar, round.id, bytes, 'return.xlsx', clock, { step: 'submit' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const r12 = book.rowOf('12');
      const texts = result.problems.map(problemText);
      expect(texts).toEqual(
        expect.arrayContaining([
          `Row ${r12}, Actual: '12 approx' is not a number`,
          `Row ${r12}, Outlook: 'Sideways' is not one of improving, stable, deteriorating`,
          `Row ${r12}, Confirm unusual figure: 'maybe' should be Yes, or left blank`,
          `Row ${r12}, Target: the target cannot be changed here (it is 316). Put it back; ask the performance team if the target is wrong`,
          `Row ${book.ws.rowCount - 1}, No.: indicator 13 is also on row ${book.rowOf('13')}. Keep one row per indicator and delete the other`,
          `Row ${book.ws.rowCount}, No.: this row has figures but no indicator number. Put the number back, or delete the row`,
        ]),
      );
      expect(result.problems.every((p) => p.row !== null && p.column !== null)).toBe(true);
      expect(await counts(s)).toEqual(before);
    });

    it('refuses an indicator that is not yours, even with the hidden id changed', async () => {
      const s = store();
      const book = await ReturnBook.open((await exportReturn(s, oscar, round.id)).bytes);
      const row = book.rowOf('12');
      book.set('12', { indicatorId: ids['8']!, number: '8', actual: 3, outlook: 'Stable' });
      const before = await counts(s);
      const result = await importValues(s, oscar, round.id, await book.bytes(), 'r.xlsx', clock, {
        step: 'save',
      });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.problems.map(problemText)).toEqual([
          `Row ${row}, No.: indicator 8 is not one of your indicators for Q2 2017-18. Delete the row, or ask the performance team to assign it to you`,
        ]);
      expect(await counts(s)).toEqual(before);
    });

    it('refuses a stale return whole, naming the row whose figure changed since the download', async () => {
      const s = store();
      const book = await ReturnBook.open((await exportReturn(s, olive, round.id)).bytes);
      // Someone else saves indicator 8 after Olive downloaded her return.
      const saved = await saveFigure(s, pat, round.id, ids['8']!, { actual: '4', version: 0 }, 'save', clock);
      expect(saved.ok).toBe(true);
      book.set('8', { actual: 5, outlook: 'Stable' });
      book.set('1', { actual: 0.7, commentary: 'Survey results in.' });
      const before = await counts(s);
      const result = await importValues(s, olive, round.id, await book.bytes(), 'r.xlsx', clock, {
        step: 'save',
      });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.problems.map(problemText)).toEqual([
          `Row ${book.rowOf('8')}: indicator 8's figure has been changed in Cairn since you downloaded this return (it is now 4, in progress). Nothing has been saved: download your return again and copy your changes into it`,
        ]);
      expect(await counts(s)).toEqual(before);
    });

    it('leaves alone figures already approved when the return comes back untouched', async () => {
      const s = store();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const q1 = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q1 2017-18', dueDate: '20/07/2017' },
        clock,
      );
      const download = await exportReturn(s, pat, q1.id);
      expect(download.rows).toBe(50);
      const book = await ReturnBook.open(download.bytes);
      expect(book.cell('7', 'state').value).toBe('Approved');
      expect(book.cell('7', 'outlook').protection?.locked).not.toBe(false);
      const before = await counts(s);
      const result = await importValues(s, pat, q1.id, download.bytes, 'q1.xlsx', clock, { step: 'submit' });
      expect(result).toEqual({ ok: true, summary: { saved: 0, submitted: 0, unchanged: 50, notes: [] } });
      expect(await counts(s)).toEqual(before);
      // Changing an approved figure is refused, saying why.
      book.set('7', { outlook: 'Deteriorating' });
      const changed = await importValues(s, pat, q1.id, await book.bytes(), 'q1.xlsx', clock, {
        step: 'save',
      });
      expect(changed.ok).toBe(false);
      if (!changed.ok)
        expect(changed.problems.map(problemText)).toEqual([
          `Row ${book.rowOf('7')}: indicator 7: This update has been approved. Ask your approver to return it if it needs to change.`,
        ]);
    });

    it('imports a hand-made CSV for the performance team, by indicator number', async () => {
      const s = store();
      const csv = [
        'Notes from the performance team',
        '',
        'No.,Actual,Outlook,Commentary',
        '13,"1,250",stable,',
        '',
        '12,95,improving,Checked',
      ].join('\r\n');
      const result = await importValues(s, pat, round.id, Buffer.from(csv), 'figures.csv', clock, {
        step: 'save',
      });
      expect(result).toEqual({ ok: true, summary: { saved: 2, submitted: 0, unchanged: 0, notes: [] } });
      expect(await figure(s, ids['13']!)).toMatchObject({ actual: 1250, state: 'in-progress' });
      const bad = await importValues(s, pat, round.id, Buffer.from('hello'), 'figures.csv', clock, {
        step: 'save',
      });
      expect(bad.ok).toBe(false);
      if (!bad.ok)
        expect(bad.problems.map(problemText)[0]).toMatch(/could not find the header row in figures.csv/);
      const junk = await importValues(
        s,
        pat,
        round.id,
        Buffer.from('PK\u0003\u0004junk'),
        'figures.xlsx',
        clock,
        {
          step: 'save',
        },
      );
      expect(junk).toEqual({
        ok: false,
        problems: [
          {
            row: null,
            column: null,
            message:
              'The file is not a valid Excel workbook (.xlsx). Open it in Excel and save it again as .xlsx.',
          },
        ],
      });
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
