/**
 * Returns in tests: people, a round on the demo, and filling in a downloaded return with exceljs
 * as a person would in Excel.
 */
import ExcelJS from 'exceljs';
import { createAccount } from '../../src/app/access/accounts.js';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor } from '../../src/app/audit.js';
import type { Clock } from '../../src/app/clock.js';
import type { Store } from '../../src/storage/database.js';
import { RETURN_COLUMNS, type ReturnColumnKey } from '../../src/importers/values/layout.js';

export async function person(
  store: Store,
  clock: Clock,
  email: string,
  role: SignedInUser['role'],
  directorate: string | null = null,
): Promise<SignedInUser> {
  const u = await createAccount(
    store,
    systemActor,
    { email, name: email.split('@')[0]!, role, password: 'correct horse battery staple', directorate },
    clock,
  );
  return { id: u.id, name: u.name, email: u.email, role, directorateId: u.directorate_id } as SignedInUser;
}

export async function indicatorIdOf(store: Store, number: string, planId?: number): Promise<number> {
  let q = store.db.selectFrom('indicator').select('id').where('number', '=', number);
  if (planId !== undefined) q = q.where('plan_id', '=', planId);
  return (await q.executeTakeFirstOrThrow()).id;
}

/** A downloaded return opened for editing. */
export class ReturnBook {
  private constructor(
    readonly wb: ExcelJS.Workbook,
    readonly ws: ExcelJS.Worksheet,
  ) {}

  static async open(bytes: Buffer): Promise<ReturnBook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    return new ReturnBook(wb, wb.getWorksheet('Return')!);
  }

  headerRow(): number {
    let found = 0;
    this.ws.eachRow((row, n) => {
      if (!found && row.values && (row.values as unknown[]).includes(RETURN_COLUMNS.actual.header)) found = n;
    });
    if (!found) throw new Error('no header row');
    return found;
  }

  col(key: ReturnColumnKey): number {
    const row = this.ws.getRow(this.headerRow());
    for (let c = 1; c <= this.ws.columnCount; c++)
      if (row.getCell(c).value === RETURN_COLUMNS[key].header) return c;
    throw new Error(`no column ${key}`);
  }

  /** The row number of indicator `number`. */
  rowOf(number: string): number {
    const c = this.col('number');
    for (let r = this.headerRow() + 1; r <= this.ws.rowCount; r++)
      if (String(this.ws.getRow(r).getCell(c).value) === number) return r;
    throw new Error(`no row for indicator ${number}`);
  }

  cell(number: string, key: ReturnColumnKey): ExcelJS.Cell {
    return this.ws.getRow(this.rowOf(number)).getCell(this.col(key));
  }

  set(number: string, values: Partial<Record<ReturnColumnKey, ExcelJS.CellValue>>): this {
    const row = this.ws.getRow(this.rowOf(number));
    for (const [k, v] of Object.entries(values)) row.getCell(this.col(k as ReturnColumnKey)).value = v;
    return this;
  }

  async bytes(): Promise<Buffer> {
    return Buffer.from((await this.wb.xlsx.writeBuffer()) as ArrayBuffer);
  }
}
