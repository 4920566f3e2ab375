/**
 * Budget monitoring and the savings programme (issue 14): the council's variance tolerance (checked,
 * versioned, audited); a quarter's lines loaded from the finance system's CSV or XLSX export — read,
 * its columns chosen in a mapping step (guessed from the headers), every row checked, and the quarter's
 * lines of that kind replaced in one transaction with its audit record only if every row is right; and
 * the positions the pages, the business-management view and the report read: each directorate's
 * budget, forecast, variance and rating, its services, and its savings.
 */
import {
  DEFAULT_FINANCE_TOLERANCE,
  checkTolerance,
  savingsOf,
  savingsTotalOf,
  totalOf,
  varianceOf,
  type BudgetFigures,
  type FinanceTolerance,
  type SavingsFigures,
  type SavingsPosition,
  type Variance,
} from '../domain/finance.js';
import {
  FINANCE_FIELDS,
  checkFinanceRows,
  detectFinanceMapping,
  type FileRow,
  type FinanceDirectory,
  type FinanceKind,
  type FinanceMapping,
} from '../domain/finance-rows.js';
import { comparePeriods, periodFromCode, type Period } from '../domain/periods.js';
import type { Problem } from '../domain/problem.js';
import { openRows } from '../importers/benchmark/rows.js';
import { SpreadsheetError } from '../importers/spreadsheet.js';
import { findCouncil } from '../storage/council.js';
import type { Store } from '../storage/database.js';
import {
  deleteFinanceUpload,
  financePeriodCodes,
  findFinanceLoad,
  findFinanceSettings,
  findFinanceUpload,
  insertFinanceUpload,
  listBudgetLines,
  listSavingsLines,
  recordFinanceLoad,
  replaceBudgetLines,
  replaceSavingsLines,
  saveFinanceSettings,
  type BudgetLineRow,
  type FinanceLoadRecord,
  type SavingsLineRow,
} from '../storage/finance.js';
import { listAllServices, listDirectoratesWithUse } from '../storage/organisation.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import { resolvePeriod } from './scorecard.js';

export type { BudgetLineRow, FinanceKind, FinanceMapping, FinanceTolerance, SavingsLineRow };

// ---- the tolerance ----

export interface ToleranceView {
  tolerance: FinanceTolerance;
  /** 0 while the defaults apply (nothing saved yet). */
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export async function financeTolerance(store: Pick<Store, 'db'>): Promise<ToleranceView> {
  const row = await findFinanceSettings(store.db);
  if (!row) return { tolerance: DEFAULT_FINANCE_TOLERANCE, version: 0, updatedBy: null, updatedAt: null };
  return {
    tolerance: {
      redOverspendBp: row.red_overspend_bp,
      amberOverspendBp: row.amber_overspend_bp,
      materialUnderspendBp: row.material_underspend_bp,
      savingsRedShortfallBp: row.savings_red_shortfall_bp,
    },
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export interface ToleranceInput {
  redOverspend: string;
  amberOverspend: string;
  /** Blank: no underspend is flagged. */
  materialUnderspend: string;
  savingsRedShortfall: string;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/;

/** "1", "1.5", "2.25%" as basis points; null for blank; NaN for anything else. */
export function readPercentBp(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const m = PERCENT.exec(t);
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The tolerance as percentages people write ("1", "2.5"), for the form. */
export function toleranceInput(t: FinanceTolerance): ToleranceInput {
  const pct = (bp: number | null) => (bp === null ? '' : String(bp / 100));
  return {
    redOverspend: pct(t.redOverspendBp),
    amberOverspend: pct(t.amberOverspendBp),
    materialUnderspend: pct(t.materialUnderspendBp),
    savingsRedShortfall: pct(t.savingsRedShortfallBp),
  };
}

export async function saveFinanceTolerance(
  store: Store,
  actor: Actor,
  version: number,
  input: ToleranceInput,
  clock: Clock,
): Promise<void> {
  const problems: Problem[] = [];
  const read = (field: keyof ToleranceInput, what: string, optional = false): number | null => {
    const bp = readPercentBp(input[field]);
    if (bp === null && !optional)
      problems.push({ field, message: `Enter ${what} as a percentage, such as 1` });
    else if (bp !== null && Number.isNaN(bp))
      problems.push({ field, message: `Enter ${what} as a percentage from 0 to 100, such as 1 or 2.5` });
    return bp === null || Number.isNaN(bp) ? null : bp;
  };
  const red = read('redOverspend', 'the overspend that is Red');
  const amber = read('amberOverspend', 'the overspend that is Amber');
  const under = read('materialUnderspend', 'a material underspend', true);
  const savings = read('savingsRedShortfall', 'the savings shortfall that is Red');
  if (problems.length) throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  const tolerance: FinanceTolerance = {
    redOverspendBp: red!,
    amberOverspendBp: amber!,
    materialUnderspendBp: under,
    savingsRedShortfallBp: savings!,
  };
  const checked = checkTolerance(tolerance);
  if (checked.length) throw new CairnError('INVALID_INPUT', checked[0]!.message, checked);
  await transaction(store.db, async (trx) => {
    const council = await findCouncil(trx).catch(() => undefined);
    if (!council)
      throw new CairnError('INVALID_INPUT', 'Load the council’s framework before setting its tolerance.');
    const before = await financeTolerance({ db: trx });
    const saved = await saveFinanceSettings(
      trx,
      council.id,
      version,
      {
        red_overspend_bp: tolerance.redOverspendBp,
        amber_overspend_bp: tolerance.amberOverspendBp,
        material_underspend_bp: tolerance.materialUnderspendBp,
        savings_red_shortfall_bp: tolerance.savingsRedShortfallBp,
      },
      actor.name,
      isoNow(clock),
    );
    if (!saved)
      throw new CairnError(
        'CONFLICT',
        `Someone else changed the tolerance${before.updatedBy ? ` (${before.updatedBy})` : ''} after you opened the form. The form now shows what is saved: check it, then save again.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'finance.tolerance',
        entity: 'finance_settings',
        entityId: council.id,
        before: before.version ? before.tolerance : null,
        after: tolerance,
      },
      clock,
    );
  });
}

// ---- loading the finance system's export ----

/** The largest finance file the browser accepts: a quarter's export is a few hundred rows. */
export const MAX_FINANCE_FILE_BYTES = 5 * 1024 * 1024;
/** The most rows a finance file may have below its header. */
export const MAX_FINANCE_ROWS = 20_000;
const HEADER_SEARCH_ROWS = 30;

export interface FinanceFile {
  fileName: string;
  bytes: Buffer;
}

/** A quarter as people write it ("Q2 2017-18"), which must be a quarter. */
export function financeQuarter(text: string, field = 'period'): Period {
  if (!text.trim())
    throw new CairnError('INVALID_INPUT', 'Enter the quarter', [
      { field, message: 'Enter the quarter the figures are for, such as Q2 2017-18' },
    ]);
  let p: Period;
  try {
    p = resolvePeriod(text);
  } catch (e) {
    if (e instanceof CairnError)
      throw new CairnError('INVALID_INPUT', e.message, [{ field, message: e.message }]);
    throw e;
  }
  if (p.kind !== 'quarter')
    throw new CairnError('INVALID_INPUT', 'Budget monitoring is by quarter', [
      { field, message: `Enter a quarter, such as Q2 ${p.label.slice(-7)}, not ${p.label}` },
    ]);
  return p;
}

/**
 * Reads a file into a waiting upload for its mapping step: the header row is the one among the first
 * rows that names the most fields (title rows above it are skipped). Nothing is loaded yet.
 */
export async function readFinanceFile(
  store: Store,
  userId: number,
  input: { kind: FinanceKind; period: string; file: FinanceFile | null },
  clock: Clock,
): Promise<number> {
  const problems: Problem[] = [];
  let period: Period | null = null;
  try {
    period = financeQuarter(input.period);
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    problems.push(...e.details);
  }
  if (!input.file || input.file.bytes.length === 0)
    problems.push({
      field: 'file',
      message: 'Choose the finance system’s export, a CSV or Excel (.xlsx) file',
    });
  if (problems.length || !input.file || !period)
    throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  const fileProblem = (message: string) =>
    new CairnError('INVALID_INPUT', message, [{ field: 'file', message }]);
  let source;
  try {
    source = await openRows(
      { fileName: input.file.fileName, bytes: input.file.bytes },
      MAX_FINANCE_FILE_BYTES,
    );
  } catch (e) {
    if (e instanceof SpreadsheetError) throw fileProblem(e.message);
    throw e;
  }
  let header: FileRow | null = null;
  let bestScore = 0;
  const rows: FileRow[] = [];
  try {
    for await (const r of source.rows) {
      if (rows.length >= MAX_FINANCE_ROWS)
        throw fileProblem(
          `The file has more than ${MAX_FINANCE_ROWS.toLocaleString('en-GB')} rows: load one quarter’s monitoring at a time`,
        );
      rows.push({ row: r.row, cells: r.cells.map((c) => c.trim()) });
    }
  } catch (e) {
    source.close();
    if (e instanceof SpreadsheetError) throw fileProblem(e.message);
    throw e;
  }
  for (const r of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const score = Object.keys(detectFinanceMapping(input.kind, r.cells)).length;
    if (score > bestScore) {
      header = r;
      bestScore = score;
    }
  }
  header ??= rows.find((r) => r.cells.some(Boolean)) ?? null;
  if (!header) throw fileProblem('The file is empty: export the budget monitoring report again');
  const headers = header.cells.map((c, i) => c || `Column ${i + 1}`);
  const below = rows.filter((r) => r.row > header.row && r.cells.some(Boolean));
  return transaction(store.db, async (trx) => {
    const load = await findFinanceLoad(trx, period.code, input.kind);
    return insertFinanceUpload(trx, {
      user_id: userId,
      kind: input.kind,
      period: period.code,
      file_name: input.file!.fileName,
      sheet: source.sheet,
      headers: JSON.stringify(headers),
      header_row: header.row,
      rows: JSON.stringify(below),
      base_version: load?.version ?? 0,
      created_at: isoNow(clock),
    });
  });
}

export interface FinanceUploadView {
  id: number;
  kind: FinanceKind;
  period: Period;
  fileName: string;
  sheet: string;
  headers: string[];
  headerRow: number;
  rowCount: number;
  /** The first rows, for seeing which column is which. */
  sample: FileRow[];
  /** The columns guessed from the headers. */
  mapping: FinanceMapping;
  /** The load this file would replace, if any. */
  replaces: FinanceLoadRecord | null;
}

const asKind = (k: string): FinanceKind => (k === 'savings' ? 'savings' : 'budget');

async function ownUpload(store: Store, userId: number, uploadId: number) {
  const u = await findFinanceUpload(store.db, uploadId);
  // Another person's upload is not theirs to see: the same answer as none.
  if (!u || u.user_id !== userId)
    throw notFound('There is no such upload: it may have been loaded or replaced. Upload the file again.');
  return u;
}

export async function financeUploadView(
  store: Store,
  userId: number,
  uploadId: number,
): Promise<FinanceUploadView> {
  const u = await ownUpload(store, userId, uploadId);
  const kind = asKind(u.kind);
  const headers = JSON.parse(u.headers) as string[];
  const rows = JSON.parse(u.rows) as FileRow[];
  return {
    id: u.id,
    kind,
    period: periodFromCode(u.period),
    fileName: u.file_name,
    sheet: u.sheet,
    headers,
    headerRow: u.header_row,
    rowCount: rows.length,
    sample: rows.slice(0, 5),
    mapping: detectFinanceMapping(kind, headers),
    replaces: (await findFinanceLoad(store.db, u.period, kind)) ?? null,
  };
}

export async function financeDirectory(store: Pick<Store, 'db'>): Promise<FinanceDirectory> {
  const [directorates, services] = await Promise.all([
    listDirectoratesWithUse(store.db),
    listAllServices(store.db),
  ]);
  return {
    directorates: directorates.map((d) => ({ id: d.id, code: d.code, name: d.name })),
    services: services.map((s) => ({
      id: s.id,
      directorateId: s.directorate_id,
      code: s.code,
      name: s.name,
    })),
  };
}

export interface FinanceLoadSummary {
  kind: FinanceKind;
  period: Period;
  lines: number;
  totalsLeftOut: number;
}

/**
 * Loads a waiting upload with the columns chosen: every row checked, then the quarter's lines of its
 * kind replaced and the load recorded and audited in one transaction — or, with any problem, nothing
 * saved and every problem returned where it is (INVALID_INPUT). A quarter loaded by someone else since
 * the file was read is a CONFLICT.
 */
export async function loadFinanceUpload(
  store: Store,
  actor: Actor,
  userId: number,
  uploadId: number,
  mapping: FinanceMapping,
  clock: Clock,
): Promise<FinanceLoadSummary> {
  const u = await ownUpload(store, userId, uploadId);
  const kind = asKind(u.kind);
  const headers = JSON.parse(u.headers) as string[];
  const rows = JSON.parse(u.rows) as FileRow[];
  const clean: FinanceMapping = {};
  for (const f of FINANCE_FIELDS[kind]) {
    const h = mapping[f]?.trim();
    clean[f] = h ? h : null;
  }
  const checked = checkFinanceRows(kind, headers, rows, clean, await financeDirectory(store), u.sheet);
  if (!checked.ok)
    throw new CairnError(
      'INVALID_INPUT',
      `The file was not loaded: ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'} to put right`,
      checked.problems,
    );
  const period = periodFromCode(u.period);
  const at = isoNow(clock);
  return transaction(store.db, async (trx) => {
    const recorded = await recordFinanceLoad(
      trx,
      { period: u.period, kind, fileName: u.file_name, lineCount: checked.lines.length, by: actor.name, at },
      u.base_version,
    );
    if (!recorded) {
      const now = await findFinanceLoad(trx, u.period, kind);
      throw new CairnError(
        'CONFLICT',
        `${now?.loaded_by ?? 'Someone'} loaded ${now?.file_name ?? 'a file'} for ${period.label} after you uploaded yours. Upload yours again if it should replace theirs.`,
      );
    }
    if (checked.kind === 'budget')
      await replaceBudgetLines(trx, u.period, checked.lines, { source: 'upload', by: actor.name, at });
    else await replaceSavingsLines(trx, u.period, checked.lines);
    await deleteFinanceUpload(trx, u.id);
    await recordChange(
      trx,
      actor,
      {
        action: kind === 'budget' ? 'finance.budget.load' : 'finance.savings.load',
        entity: 'finance_load',
        entityId: `${u.period}:${kind}`,
        after: {
          file: u.file_name,
          mapping: clean,
          lines: checked.lines.length,
          ...(kind === 'budget'
            ? totalOf(checked.lines as { budget: number; forecast: number }[])
            : savingsTotalOf(checked.lines as { target: number; forecast: number }[])),
        },
      },
      clock,
    );
    return { kind, period, lines: checked.lines.length, totalsLeftOut: checked.totalsLeftOut };
  });
}

// ---- positions ----

export interface ServicePosition extends BudgetFigures {
  lineId: number;
  /** Null: the directorate-wide line. */
  serviceId: number | null;
  name: string;
  variance: Variance;
  commentary: string;
  status: string;
}

export interface SavingsLinePosition extends SavingsFigures {
  id: number;
  reference: string;
  title: string;
  directorate: { id: number; code: string; name: string };
  position: SavingsPosition;
  commentary: string;
}

export interface DirectoratePosition extends BudgetFigures {
  directorate: { id: number; code: string; name: string };
  variance: Variance;
  /** Its lines: directorate-wide first, then services. */
  services: ServicePosition[];
  /** The commentary of its lines, directorate-wide first, each with what it is about. */
  commentary: { about: string; text: string }[];
  savings: (SavingsFigures & { position: SavingsPosition; lines: number }) | null;
  /** Lines entered in Cairn and not yet approved. */
  awaitingApproval: number;
}

export interface FinancePosition {
  period: Period;
  tolerance: FinanceTolerance;
  directorates: DirectoratePosition[];
  total: (BudgetFigures & { variance: Variance }) | null;
  savings: SavingsLinePosition[];
  savingsTotal: (SavingsFigures & { position: SavingsPosition }) | null;
  loads: { budget: FinanceLoadRecord | null; savings: FinanceLoadRecord | null };
}

/** Every quarter with budget or savings lines, latest first. */
export async function financePeriods(store: Pick<Store, 'db'>): Promise<Period[]> {
  const codes = await financePeriodCodes(store.db);
  return codes.map((c) => periodFromCode(c, 'quarter')).sort((a, b) => comparePeriods(b, a));
}

export const DIRECTORATE_WIDE = 'Directorate-wide';

/** A quarter's budget monitoring and savings, by directorate (optionally one directorate). */
export async function financePosition(
  store: Pick<Store, 'db'>,
  period: Period,
  opts: { directorateId?: number } = {},
): Promise<FinancePosition> {
  const [{ tolerance }, lines, savingsRows, budgetLoad, savingsLoad] = await Promise.all([
    financeTolerance(store),
    listBudgetLines(store.db, period.code, opts.directorateId),
    listSavingsLines(store.db, period.code, opts.directorateId),
    findFinanceLoad(store.db, period.code, 'budget'),
    findFinanceLoad(store.db, period.code, 'savings'),
  ]);
  const savings: SavingsLinePosition[] = savingsRows.map((s) => ({
    id: s.id,
    reference: s.reference,
    title: s.title,
    target: s.target,
    forecast: s.forecast,
    commentary: s.commentary,
    directorate: { id: s.directorate_id, code: s.directorate_code, name: s.directorate_name },
    position: savingsOf(s, tolerance),
  }));
  const byDirectorate = new Map<number, { d: DirectoratePosition['directorate']; lines: BudgetLineRow[] }>();
  for (const l of lines) {
    const entry = byDirectorate.get(l.directorate_id) ?? {
      d: { id: l.directorate_id, code: l.directorate_code, name: l.directorate_name },
      lines: [],
    };
    entry.lines.push(l);
    byDirectorate.set(l.directorate_id, entry);
  }
  for (const s of savings)
    if (!byDirectorate.has(s.directorate.id))
      byDirectorate.set(s.directorate.id, { d: s.directorate, lines: [] });
  const directorates: DirectoratePosition[] = [...byDirectorate.values()]
    .sort((a, b) => a.d.name.localeCompare(b.d.name))
    .map(({ d, lines: ls }) => {
      const ordered = [
        ...ls.filter((l) => l.service_id === null),
        ...ls.filter((l) => l.service_id !== null),
      ];
      const services = ordered.map((l) => ({
        lineId: l.id,
        serviceId: l.service_id,
        name: l.service_name ?? DIRECTORATE_WIDE,
        budget: l.budget,
        forecast: l.forecast,
        variance: varianceOf(l, tolerance),
        commentary: l.commentary,
        status: l.status,
      }));
      const figures = totalOf(ls);
      const own = savings.filter((s) => s.directorate.id === d.id);
      const savingsFigures = own.length ? savingsTotalOf(own) : null;
      return {
        directorate: d,
        ...figures,
        variance: varianceOf(figures, tolerance),
        services,
        commentary: services
          .filter((s) => s.commentary.trim())
          .map((s) => ({ about: s.name, text: s.commentary })),
        savings: savingsFigures && {
          ...savingsFigures,
          position: savingsOf(savingsFigures, tolerance),
          lines: own.length,
        },
        awaitingApproval: ls.filter((l) => l.status !== 'approved').length,
      };
    });
  const withBudget = directorates.filter((d) => d.services.length);
  const total = withBudget.length ? totalOf(withBudget) : null;
  const savingsTotal = savings.length ? savingsTotalOf(savings) : null;
  return {
    period,
    tolerance,
    directorates,
    total: total && { ...total, variance: varianceOf(total, tolerance) },
    savings,
    savingsTotal: savingsTotal && { ...savingsTotal, position: savingsOf(savingsTotal, tolerance) },
    loads: { budget: budgetLoad ?? null, savings: savingsLoad ?? null },
  };
}
