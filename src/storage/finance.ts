/**
 * Budget monitoring and the savings programme (migration 0021): the council's variance tolerance, each
 * quarter's budget and savings lines, the file last loaded for each, and files waiting in the mapping
 * step. A quarter's lines of a kind are replaced as a whole by a load, inside the caller's transaction;
 * the load's version (and the settings' version) make a stale form change nothing, and the caller says so.
 */
import type { Db } from './transaction.js';
import type {
  BudgetLineRecord,
  FinanceLoadRecord,
  FinanceSettingsRecord,
  FinanceUploadRecord,
  SavingsLineRecord,
} from './schema.js';

export type {
  BudgetLineRecord,
  FinanceLoadRecord,
  FinanceSettingsRecord,
  FinanceUploadRecord,
  SavingsLineRecord,
};

export interface ToleranceColumns {
  red_overspend_bp: number;
  amber_overspend_bp: number;
  material_underspend_bp: number | null;
  savings_red_shortfall_bp: number;
}

/** The council's tolerance row (the first council's), if one was saved. */
export function findFinanceSettings(db: Db): Promise<FinanceSettingsRecord | undefined> {
  return db
    .selectFrom('finance_settings')
    .innerJoin('council', 'council.id', 'finance_settings.council_id')
    .selectAll('finance_settings')
    .orderBy('council.id')
    .executeTakeFirst();
}

/** Saves the tolerance if the row is at `version` (0: no row yet); false if it is not. */
export async function saveFinanceSettings(
  db: Db,
  councilId: number,
  version: number,
  t: ToleranceColumns,
  by: string,
  at: string,
): Promise<boolean> {
  if (version === 0) {
    const existing = await db
      .selectFrom('finance_settings')
      .select('id')
      .where('council_id', '=', councilId)
      .executeTakeFirst();
    if (existing) return false;
    await db
      .insertInto('finance_settings')
      .values({ council_id: councilId, ...t, updated_by: by, updated_at: at })
      .execute();
    return true;
  }
  const r = await db
    .updateTable('finance_settings')
    .set((eb) => ({ ...t, updated_by: by, updated_at: at, version: eb('version', '+', 1) }))
    .where('council_id', '=', councilId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type BudgetLineRow = BudgetLineRecord & {
  directorate_code: string;
  directorate_name: string;
  service_code: string | null;
  service_name: string | null;
};

/** A quarter's budget lines, by directorate name, then directorate-wide first, then the services' order. */
export async function listBudgetLines(
  db: Db,
  period: string,
  directorateId?: number,
): Promise<BudgetLineRow[]> {
  let q = db
    .selectFrom('budget_line')
    .innerJoin('directorate', 'directorate.id', 'budget_line.directorate_id')
    .leftJoin('service', 'service.id', 'budget_line.service_id')
    .selectAll('budget_line')
    .select([
      'directorate.code as directorate_code',
      'directorate.name as directorate_name',
      'service.code as service_code',
      'service.name as service_name',
    ])
    .where('budget_line.period', '=', period);
  if (directorateId !== undefined) q = q.where('budget_line.directorate_id', '=', directorateId);
  const rows = await q.orderBy('directorate.name').orderBy('budget_line.position').execute();
  return rows.map((r) => ({ ...r, budget: Number(r.budget), forecast: Number(r.forecast) }));
}

export type SavingsLineRow = SavingsLineRecord & { directorate_code: string; directorate_name: string };

export async function listSavingsLines(
  db: Db,
  period: string,
  directorateId?: number,
): Promise<SavingsLineRow[]> {
  let q = db
    .selectFrom('savings_line')
    .innerJoin('directorate', 'directorate.id', 'savings_line.directorate_id')
    .selectAll('savings_line')
    .select(['directorate.code as directorate_code', 'directorate.name as directorate_name'])
    .where('savings_line.period', '=', period);
  if (directorateId !== undefined) q = q.where('savings_line.directorate_id', '=', directorateId);
  const rows = await q.orderBy('directorate.name').orderBy('savings_line.position').execute();
  return rows.map((r) => ({ ...r, target: Number(r.target), forecast: Number(r.forecast) }));
}

export function findFinanceLoad(
  db: Db,
  period: string,
  kind: string,
): Promise<FinanceLoadRecord | undefined> {
  return db
    .selectFrom('finance_load')
    .selectAll()
    .where('period', '=', period)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** The quarters with budget or savings lines, as codes (unordered). */
export async function financePeriodCodes(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('budget_line')
    .select('period')
    .distinct()
    .union(db.selectFrom('savings_line').select('period').distinct())
    .execute();
  return rows.map((r) => r.period);
}

/**
 * Records a load of a quarter's file of a kind, if the last load is still at `version` (0: none yet);
 * false if someone loaded one since.
 */
export async function recordFinanceLoad(
  db: Db,
  l: { period: string; kind: string; fileName: string; lineCount: number; by: string; at: string },
  version: number,
): Promise<boolean> {
  const values = { file_name: l.fileName, line_count: l.lineCount, loaded_by: l.by, loaded_at: l.at };
  if (version === 0) {
    if (await findFinanceLoad(db, l.period, l.kind)) return false;
    await db
      .insertInto('finance_load')
      .values({ period: l.period, kind: l.kind, ...values })
      .execute();
    return true;
  }
  const r = await db
    .updateTable('finance_load')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('period', '=', l.period)
    .where('kind', '=', l.kind)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface NewBudgetLine {
  directorateId: number;
  serviceId: number | null;
  budget: number;
  forecast: number;
  commentary: string;
}

/** Inserts in batches small enough for SQLite's and PostgreSQL's parameter limits. */
const BATCH = 200;

/** Replaces a quarter's budget lines with these, approved (the finance system's are the ledger's). */
export async function replaceBudgetLines(
  db: Db,
  period: string,
  lines: readonly NewBudgetLine[],
  meta: { source: string; by: string; at: string },
): Promise<void> {
  await db.deleteFrom('budget_line').where('period', '=', period).execute();
  for (let i = 0; i < lines.length; i += BATCH)
    await db
      .insertInto('budget_line')
      .values(
        lines.slice(i, i + BATCH).map((l, j) => ({
          period,
          directorate_id: l.directorateId,
          service_id: l.serviceId,
          budget: l.budget,
          forecast: l.forecast,
          commentary: l.commentary,
          source: meta.source,
          status: 'approved',
          entered_by: meta.by,
          entered_at: meta.at,
          approved_by: meta.by,
          approved_at: meta.at,
          position: i + j + 1,
        })),
      )
      .execute();
}

export interface NewSavingsLine {
  directorateId: number;
  reference: string;
  title: string;
  target: number;
  forecast: number;
  commentary: string;
}

export async function replaceSavingsLines(
  db: Db,
  period: string,
  lines: readonly NewSavingsLine[],
): Promise<void> {
  await db.deleteFrom('savings_line').where('period', '=', period).execute();
  for (let i = 0; i < lines.length; i += BATCH)
    await db
      .insertInto('savings_line')
      .values(
        lines.slice(i, i + BATCH).map((l, j) => ({
          period,
          directorate_id: l.directorateId,
          reference: l.reference,
          title: l.title,
          target: l.target,
          forecast: l.forecast,
          commentary: l.commentary,
          position: i + j + 1,
        })),
      )
      .execute();
}

// ---- a directorate's line entered in Cairn, and its sign-off ----

export function findBudgetLine(db: Db, id: number): Promise<BudgetLineRecord | undefined> {
  return db
    .selectFrom('budget_line')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r && { ...r, budget: Number(r.budget), forecast: Number(r.forecast) });
}

/** The line for a directorate (or service) in a quarter, if there is one. */
export function findBudgetLineFor(
  db: Db,
  period: string,
  directorateId: number,
  serviceId: number | null,
): Promise<BudgetLineRecord | undefined> {
  return db
    .selectFrom('budget_line')
    .selectAll()
    .where('period', '=', period)
    .where('directorate_id', '=', directorateId)
    .where('service_id', serviceId === null ? 'is' : '=', serviceId)
    .executeTakeFirst()
    .then((r) => r && { ...r, budget: Number(r.budget), forecast: Number(r.forecast) });
}

export async function insertEnteredLine(
  db: Db,
  period: string,
  l: NewBudgetLine,
  by: string,
  at: string,
): Promise<number> {
  const last = await db
    .selectFrom('budget_line')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('period', '=', period)
    .executeTakeFirst();
  const row = await db
    .insertInto('budget_line')
    .values({
      period,
      directorate_id: l.directorateId,
      service_id: l.serviceId,
      budget: l.budget,
      forecast: l.forecast,
      commentary: l.commentary,
      source: 'entry',
      status: 'submitted',
      entered_by: by,
      entered_at: at,
      position: Number(last?.p ?? 0) + 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an entered line (back to submitted) if it is at `version`. */
export async function updateEnteredLine(
  db: Db,
  id: number,
  version: number,
  l: Pick<NewBudgetLine, 'budget' | 'forecast' | 'commentary'>,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('budget_line')
    .set((eb) => ({
      ...l,
      source: 'entry',
      status: 'submitted',
      entered_by: by,
      entered_at: at,
      approved_by: null,
      approved_at: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Approves or returns a submitted line if it is at `version`. */
export async function decideLine(
  db: Db,
  id: number,
  version: number,
  status: 'approved' | 'returned',
  by: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('budget_line')
    .set((eb) => ({ status, approved_by: by, approved_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- files waiting for their columns ----

export async function insertFinanceUpload(db: Db, u: Omit<FinanceUploadRecord, 'id'>): Promise<number> {
  await db.deleteFrom('finance_upload').where('user_id', '=', u.user_id).execute();
  const row = await db.insertInto('finance_upload').values(u).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findFinanceUpload(db: Db, id: number): Promise<FinanceUploadRecord | undefined> {
  return db.selectFrom('finance_upload').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteFinanceUpload(db: Db, id: number): Promise<void> {
  await db.deleteFrom('finance_upload').where('id', '=', id).execute();
}
