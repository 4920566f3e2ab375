/**
 * A finance system's export read into budget monitoring or savings programme lines (issue 14): which
 * column holds each field (guessed from the headers with the shared column-mapping pieces, changed in
 * the mapping step), then every row checked — its directorate and service found by code or name, its
 * amounts read exactly, each directorate and service (or saving) once — with a located problem for
 * each thing wrong ("Row 7, Budget: "£1,2x" is not an amount"). Totals rows ("Total", "Grand total")
 * are left out, since Cairn adds the lines up itself. All or nothing: any problem, and no lines.
 *
 * Pure: no I/O.
 */
import { detectColumns, headerIndex, headerWords } from './column-mapping.js';
import { readAmount } from './finance.js';
import type { Problem } from './problem.js';
import { COMMENTARY_MAX, tooLong } from './text-limits.js';

export const FINANCE_KINDS = ['budget', 'savings'] as const;
export type FinanceKind = (typeof FINANCE_KINDS)[number];
export const FINANCE_KIND_LABEL: Record<FinanceKind, string> = {
  budget: 'Revenue budget monitoring',
  savings: 'Savings programme',
};

export const BUDGET_FIELDS = ['directorate', 'service', 'budget', 'forecast', 'commentary'] as const;
export const SAVINGS_FIELDS = [
  'directorate',
  'reference',
  'title',
  'target',
  'forecast',
  'commentary',
] as const;
export type FinanceField = (typeof BUDGET_FIELDS)[number] | (typeof SAVINGS_FIELDS)[number];

export const FINANCE_FIELDS: Record<FinanceKind, readonly FinanceField[]> = {
  budget: BUDGET_FIELDS,
  savings: SAVINGS_FIELDS,
};

const REQUIRED: Record<FinanceKind, readonly FinanceField[]> = {
  budget: ['directorate', 'budget', 'forecast'],
  savings: ['directorate', 'title', 'target', 'forecast'],
};

export const isRequired = (kind: FinanceKind, field: FinanceField) => REQUIRED[kind].includes(field);

export const FINANCE_FIELD_LABEL: Record<FinanceKind, Record<string, string>> = {
  budget: {
    directorate: 'Directorate (code or name)',
    service: 'Service (code or name)',
    budget: 'Budget',
    forecast: 'Forecast outturn',
    commentary: 'Commentary',
  },
  savings: {
    directorate: 'Directorate (code or name)',
    reference: 'Reference',
    title: 'Saving',
    target: 'Target saving',
    forecast: 'Forecast delivered',
    commentary: 'Commentary',
  },
};

const SYNONYMS: Record<FinanceKind, Record<string, readonly string[]>> = {
  budget: {
    directorate: [
      'directorate',
      'directorate code',
      'directorate name',
      'department',
      'portfolio',
      'division',
    ],
    service: [
      'service',
      'service code',
      'service name',
      'service area',
      'cost centre',
      'cost center',
      'team',
    ],
    budget: [
      'budget',
      'current budget',
      'latest budget',
      'revised budget',
      'net budget',
      'annual budget',
      'full year budget',
      'budget £',
      'original budget',
    ],
    forecast: [
      'forecast outturn',
      'forecast',
      'projected outturn',
      'outturn',
      'forecast out turn',
      'projection',
      'full year forecast',
      'forecast £',
      'projected spend',
    ],
    commentary: ['commentary', 'comment', 'comments', 'narrative', 'explanation', 'notes', 'reason'],
  },
  savings: {
    directorate: ['directorate', 'directorate code', 'directorate name', 'department', 'portfolio'],
    reference: ['reference', 'ref', 'saving reference', 'saving ref', 'code', 'id'],
    title: ['saving', 'title', 'description', 'saving description', 'proposal', 'savings proposal', 'name'],
    target: [
      'target saving',
      'target',
      'saving target',
      'savings target',
      'planned saving',
      'budgeted saving',
    ],
    forecast: [
      'forecast delivered',
      'forecast saving',
      'forecast',
      'forecast delivery',
      'projected saving',
      'delivered',
      'achieved',
    ],
    commentary: ['commentary', 'comment', 'comments', 'narrative', 'explanation', 'notes'],
  },
};

/** Which column holds each field: a header, or null for none. */
export type FinanceMapping = Partial<Record<FinanceField, string | null>>;

export function detectFinanceMapping(kind: FinanceKind, headers: readonly string[]): FinanceMapping {
  return detectColumns(
    headers,
    FINANCE_FIELDS[kind],
    SYNONYMS[kind] as Record<FinanceField, readonly string[]>,
  );
}

/** The directorates and services rows may name. */
export interface FinanceDirectory {
  directorates: { id: number; code: string; name: string }[];
  services: { id: number; directorateId: number; code: string; name: string }[];
}

export interface BudgetLineInput {
  directorateId: number;
  serviceId: number | null;
  budget: number;
  forecast: number;
  commentary: string;
  /** The row in the file it came from. */
  row: number;
}

export interface SavingsLineInput {
  directorateId: number;
  reference: string;
  title: string;
  target: number;
  forecast: number;
  commentary: string;
  row: number;
}

export const SAVING_TITLE_MAX = 300;
export const SAVING_REFERENCE_MAX = 40;

export interface FileRow {
  row: number;
  cells: string[];
}

export type CheckedFinanceFile =
  | { ok: true; kind: 'budget'; lines: BudgetLineInput[]; totalsLeftOut: number }
  | { ok: true; kind: 'savings'; lines: SavingsLineInput[]; totalsLeftOut: number }
  | { ok: false; problems: Problem[] };

/** The most row problems listed; the file is refused whatever the count. */
export const MAX_ROW_PROBLEMS = 200;

const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
const TOTAL = /^(grand |sub ?)?totals?\b/;

/** The mapping checked against the headers: each required field has a column that is in the file. */
export function resolveFinanceMapping(
  kind: FinanceKind,
  headers: readonly string[],
  mapping: FinanceMapping,
): { ok: true; columns: Partial<Record<FinanceField, number>> } | { ok: false; problems: Problem[] } {
  const index = headerIndex(headers);
  const problems: Problem[] = [];
  const columns: Partial<Record<FinanceField, number>> = {};
  const used = new Map<number, FinanceField>();
  for (const field of FINANCE_FIELDS[kind]) {
    const label = FINANCE_FIELD_LABEL[kind][field]!;
    const header = mapping[field];
    if (!header) {
      if (isRequired(kind, field))
        problems.push({
          field: `column-${field}`,
          message: `Choose the column that holds the ${label.toLowerCase()}`,
        });
      continue;
    }
    const at = index.get(header);
    if (at === undefined) {
      problems.push({ field: `column-${field}`, message: `The file has no column "${header}"` });
      continue;
    }
    const other = used.get(at);
    if (other) {
      problems.push({
        field: `column-${field}`,
        message: `"${header}" is already chosen for the ${FINANCE_FIELD_LABEL[kind][other]!.toLowerCase()}: choose a different column`,
      });
      continue;
    }
    used.set(at, field);
    columns[field] = at;
  }
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}

/** Every row checked against the directory; the lines, or every problem with where it is. */
export function checkFinanceRows(
  kind: FinanceKind,
  headers: readonly string[],
  rows: readonly FileRow[],
  mapping: FinanceMapping,
  directory: FinanceDirectory,
  sheet?: string,
): CheckedFinanceFile {
  const resolved = resolveFinanceMapping(kind, headers, mapping);
  if (!resolved.ok) return resolved;
  const col = resolved.columns;
  const problems: Problem[] = [];
  const at = (row: number, field: FinanceField, message: string) =>
    problems.push({ ...(sheet ? { sheet } : {}), row, column: headers[col[field]!] ?? null, message });
  const cell = (r: FileRow, field: FinanceField) =>
    col[field] === undefined ? '' : (r.cells[col[field]!] ?? '').trim();

  const directorates = new Map<string, { id: number; name: string }>();
  for (const d of directory.directorates) {
    directorates.set(norm(d.code), d);
    directorates.set(norm(d.name), d);
  }
  const serviceKey = (directorateId: number, text: string) => `${directorateId}\u0000${norm(text)}`;
  const services = new Map<string, { id: number; name: string }>();
  for (const s of directory.services) {
    services.set(serviceKey(s.directorateId, s.code), s);
    services.set(serviceKey(s.directorateId, s.name), s);
  }

  const amount = (r: FileRow, field: FinanceField): number | null => {
    const text = cell(r, field);
    const read = readAmount(text);
    const label = FINANCE_FIELD_LABEL[kind][field]!;
    if (read.kind === 'amount') return read.pence;
    at(
      r.row,
      field,
      read.kind === 'blank'
        ? `The ${label.toLowerCase()} is blank: enter an amount in pounds, such as 1,250,000`
        : `"${text}" is not an amount: write pounds, such as 1,250,000 or -12,500.50`,
    );
    return null;
  };

  const budget: BudgetLineInput[] = [];
  const savings: SavingsLineInput[] = [];
  const seen = new Map<string, number>();
  let totalsLeftOut = 0;
  for (const r of rows) {
    if (problems.length >= MAX_ROW_PROBLEMS) break;
    if (r.cells.every((c) => !c.trim())) continue;
    const dText = cell(r, 'directorate');
    if (TOTAL.test(headerWords(dText)) && !directorates.has(norm(dText))) {
      totalsLeftOut += 1;
      continue;
    }
    const directorate = dText ? directorates.get(norm(dText)) : undefined;
    if (!dText) at(r.row, 'directorate', 'The directorate is blank: give its code or name as Cairn has it');
    else if (!directorate)
      at(
        r.row,
        'directorate',
        `"${dText}" is not a directorate in Cairn: give its code or name as Cairn has it`,
      );
    const commentary = cell(r, 'commentary');
    const long = tooLong('commentary', 'The commentary', commentary, COMMENTARY_MAX);
    if (long) at(r.row, 'commentary', long.message);
    if (kind === 'budget') {
      const sText = cell(r, 'service');
      const service = directorate && sText ? services.get(serviceKey(directorate.id, sText)) : undefined;
      if (directorate && sText && !service)
        at(
          r.row,
          'service',
          `"${sText}" is not a service of ${directorate.name} in Cairn: give its code or name`,
        );
      const b = amount(r, 'budget');
      const f = amount(r, 'forecast');
      if (!directorate || (sText && !service) || b === null || f === null || long) continue;
      const key = `${directorate.id}:${service?.id ?? ''}`;
      const before = seen.get(key);
      if (before !== undefined) {
        at(
          r.row,
          service ? 'service' : 'directorate',
          `${service ? service.name : `${directorate.name} (directorate-wide)`} is on row ${before} already: give each once`,
        );
        continue;
      }
      seen.set(key, r.row);
      budget.push({
        directorateId: directorate.id,
        serviceId: service?.id ?? null,
        budget: b,
        forecast: f,
        commentary,
        row: r.row,
      });
    } else {
      const title = cell(r, 'title');
      const reference = cell(r, 'reference');
      if (!title) at(r.row, 'title', 'The saving is blank: say what the saving is');
      const titleLong = tooLong('title', 'The saving', title, SAVING_TITLE_MAX);
      if (titleLong) at(r.row, 'title', titleLong.message);
      const refLong = tooLong('reference', 'The reference', reference, SAVING_REFERENCE_MAX);
      if (refLong) at(r.row, 'reference', refLong.message);
      const t = amount(r, 'target');
      const f = amount(r, 'forecast');
      if (!directorate || !title || titleLong || refLong || t === null || f === null || long) continue;
      if (reference) {
        const key = norm(reference);
        const before = seen.get(key);
        if (before !== undefined) {
          at(
            r.row,
            'reference',
            `The reference ${reference} is on row ${before} already: give each saving once`,
          );
          continue;
        }
        seen.set(key, r.row);
      }
      savings.push({
        directorateId: directorate.id,
        reference,
        title,
        target: t,
        forecast: f,
        commentary,
        row: r.row,
      });
    }
  }
  if (!problems.length && budget.length + savings.length === 0)
    problems.push({
      ...(sheet ? { sheet } : {}),
      row: null,
      message: 'The file has no lines under its header row',
    });
  if (problems.length) return { ok: false, problems };
  return kind === 'budget'
    ? { ok: true, kind, lines: budget, totalsLeftOut }
    : { ok: true, kind, lines: savings, totalsLeftOut };
}
