/**
 * The framework spreadsheet in tests: a downloaded (exported) framework opened with exceljs and changed
 * as a performance officer would in Excel — a cell typed over, a row deleted, a row added, a plan
 * started for next year — then saved again.
 */
import ExcelJS from 'exceljs';
import type { Store } from '../../src/storage/database.js';
import { exportFramework, saveFrameworkDocument } from '../../src/app/framework.js';
import type { Clock } from '../../src/app/clock.js';
import { FRAMEWORK_COLUMNS, type FrameworkColumnKey } from '../../src/importers/framework/layout.js';

export class FrameworkBook {
  private constructor(
    readonly wb: ExcelJS.Workbook,
    readonly ws: ExcelJS.Worksheet,
  ) {}

  static async open(bytes: Buffer): Promise<FrameworkBook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    return new FrameworkBook(wb, wb.getWorksheet('Framework')!);
  }

  /** A plan's framework as `cairn export framework` writes it, opened. */
  static async of(store: Store, planId: number): Promise<FrameworkBook> {
    return FrameworkBook.open((await exportFramework(store, String(planId), 'xlsx')).bytes);
  }

  headerRow(): number {
    let found = 0;
    this.ws.eachRow((row, n) => {
      if (!found && (row.values as unknown[]).includes(FRAMEWORK_COLUMNS.number.header)) found = n;
    });
    if (!found) throw new Error('no header row');
    return found;
  }

  col(key: FrameworkColumnKey): number {
    const row = this.ws.getRow(this.headerRow());
    for (let c = 1; c <= this.ws.columnCount; c++)
      if (row.getCell(c).value === FRAMEWORK_COLUMNS[key].header) return c;
    throw new Error(`no column ${key}`);
  }

  /** The row of indicator `number`, as Excel numbers it. */
  rowOf(number: string): number {
    const c = this.col('number');
    let found = 0;
    this.ws.eachRow((row, n) => {
      if (n > this.headerRow() && String(row.getCell(c).value ?? '') === number) found = n;
    });
    if (!found) throw new Error(`no indicator ${number}`);
    return found;
  }

  get(number: string, key: FrameworkColumnKey): string {
    return String(this.ws.getRow(this.rowOf(number)).getCell(this.col(key)).value ?? '');
  }

  set(number: string, values: Partial<Record<FrameworkColumnKey, ExcelJS.CellValue>>): this {
    const row = this.ws.getRow(this.rowOf(number));
    for (const [k, v] of Object.entries(values)) row.getCell(this.col(k as FrameworkColumnKey)).value = v;
    return this;
  }

  /** Deletes indicator `number`'s row, as Excel's "Delete row" does (the rows below move up). */
  remove(number: string): this {
    this.ws.spliceRows(this.rowOf(number), 1);
    return this;
  }

  /** A new row at the end: a copy of indicator `like`'s row with the values given. */
  add(like: string, values: Partial<Record<FrameworkColumnKey, ExcelJS.CellValue>>): this {
    const source = this.ws.getRow(this.rowOf(like));
    const row = this.ws.getRow(this.ws.rowCount + 1);
    for (let c = 1; c <= this.ws.columnCount; c++) row.getCell(c).value = source.getCell(c).value;
    for (const [k, v] of Object.entries(values)) row.getCell(this.col(k as FrameworkColumnKey)).value = v;
    return this;
  }

  async bytes(): Promise<Buffer> {
    return Buffer.from(await this.wb.xlsx.writeBuffer());
  }
}

/**
 * Next year's draft, as "Start next year's plan" leaves it: the plan's framework copied under a new
 * title and years, as a draft with nothing recorded yet. Returns its id.
 */
export async function nextYearDraft(
  store: Store,
  fromPlanId: number,
  clock: Clock,
  plan = { title: 'Corporate Plan 2018-19', years: '2018-19' },
): Promise<number> {
  const { document } = await exportFramework(store, String(fromPlanId), 'xlsx');
  const saved = await saveFrameworkDocument(
    store,
    { ...document, plan: { ...plan, status: 'draft', approvedBy: null, approvedOn: null } },
    clock,
  );
  return saved.planId;
}
