import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { cliActor } from '../../src/app/audit.js';
import { loadDemoPlans } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { exportPlanXlsx, importPlanFile } from '../../src/app/plans/spreadsheet.js';
import { loadPlanDocument } from '../../src/storage/plans-repository.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

async function edit(bytes: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachDatabase('the plan spreadsheet', (store) => {
  let ids: number[] = [];
  it('round-trips every demo plan: export, import in its place, and read back the same document', async () => {
    ids = await loadDemoPlans(store(), fixedClock);
    for (const id of ids) {
      const before = await loadPlanDocument(store().db, id);
      const { bytes } = await exportPlanXlsx(store(), id);
      const r = await importPlanFile(store(), cliActor(), bytes, 'plan.xlsx', fixedClock, { replace: true });
      expect(r.replaced).toBe(true);
      expect(await loadPlanDocument(store().db, r.planId)).toEqual(before);
    }
  });

  it('lists every problem by sheet, row and column, and saves nothing', async () => {
    const plans = await store().db.selectFrom('improvement_plan').select(['id', 'title']).execute();
    const peer = plans.find((p) => p.title.startsWith('LGA'))!;
    const { bytes } = await exportPlanXlsx(store(), peer.id);
    const broken = await edit(bytes, (wb) => {
      const plan = wb.getWorksheet('Plan')!;
      plan.getRow(2).getCell(2).value = 'LGA plan, second copy';
      const actions = wb.getWorksheet('Actions')!;
      actions.getRow(3).getCell(8).value = 'Purple';
      actions.getRow(4).getCell(1).value = '1.1';
      actions.getRow(5).getCell(9).value = 'someday';
      actions.getRow(6).getCell(2).value = '99';
      wb.getWorksheet('Reviews')!.getRow(2).getCell(2).value = 'soon';
      wb.getWorksheet('Updates')!.getRow(2).getCell(1).value = 'nope';
    });
    const count = async () =>
      Number(
        (
          await store()
            .db.selectFrom('plan_action')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const err = await importPlanFile(store(), cliActor(), broken, 'broken.xlsx', fixedClock).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CairnError);
    const e = err as CairnError;
    expect(e.code).toBe('IMPORT_REJECTED');
    expect(e.message).toContain('broken.xlsx was not imported');
    const where = e.details.map((d) => `${d.sheet}:${d.row}:${d.column}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'Actions:3:Status',
        'Actions:5:Completed on',
        'Reviews:2:Date',
        'Updates:2:Ref',
      ]),
    );
    // A status word Cairn does not know is one problem naming its rows, and how to map it.
    expect(e.details.find((d) => d.column === 'Status')!.message).toContain('--map-status "Purple=on track"');
    expect(e.details.find((d) => d.column === 'Completed on')!.message).toContain('“someday” is not a date');
    // The row checks stop the document checks; fix those and the rest are found.
    const second = await edit(bytes, (wb) => {
      wb.getWorksheet('Plan')!.getRow(2).getCell(2).value = 'LGA plan, second copy';
      const actions = wb.getWorksheet('Actions')!;
      actions.addRow(['1.1', '1', '', 'A second 1.1']);
      actions.getRow(6).getCell(2).value = '99';
    });
    const e2 = (await importPlanFile(store(), cliActor(), second, 'b.xlsx', fixedClock).catch(
      (x: unknown) => x,
    )) as CairnError;
    expect(e2.details.map((d) => `${d.sheet}:${d.row}:${d.column}`)).toEqual(
      expect.arrayContaining(['Actions:57:Ref', 'Actions:6:Recommendation']),
    );
    expect(await count()).toBe(before);
    const bomb = await importPlanFile(
      store(),
      cliActor(),
      Buffer.from('not a zip'),
      'x.xlsx',
      fixedClock,
    ).catch((x: unknown) => x);
    expect((bomb as CairnError).message).toContain('not a valid Excel workbook');
  });
});
