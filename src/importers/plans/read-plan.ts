/**
 * The plan spreadsheet → a PlanDocument, checking every row as it reads: either a document (with
 * the row each part came from, so the whole-document check can say where) or every problem found,
 * each with its sheet, row and column.
 */
import { DateParseError, parseDate } from '../../domain/dates.js';
import { readCitations } from '../../domain/plans/progress.js';
import type { PlanActionDoc, PlanDocument, StrategyRef } from '../../domain/plans/document.js';
import type { Problem } from '../../domain/problem.js';
import type { Sheet, SheetRow } from '../spreadsheet.js';
import { COLUMNS, PLAN_FIELDS, REQUIRED, SHEETS } from './layout.js';

export type PlanReadResult =
  | {
      ok: true;
      document: PlanDocument;
      origin: { recommendations: number[]; findings: number[]; actions: number[]; reviews: number[] };
    }
  | { ok: false; problems: Problem[] };

const list = (text: string | undefined) => readCitations(text ?? '');

export function readPlanSheets(sheets: Sheet[]): PlanReadResult {
  const problems: Problem[] = [];
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const sheet = (name: string, required: boolean): Sheet | null => {
    const s = byName.get(name.toLowerCase()) ?? null;
    if (!s && required) problems.push({ sheet: name, message: `The workbook has no "${name}" sheet.` });
    return s;
  };
  const rowsOf = (name: string, key: keyof typeof REQUIRED, required: boolean): SheetRow[] => {
    const s = sheet(name, required);
    if (!s) return [];
    const missing = REQUIRED[key].filter((h) => !s.headers.includes(h));
    for (const h of missing)
      problems.push({
        sheet: name,
        row: 1,
        column: h,
        message: `The "${name}" sheet needs a "${h}" column (columns: ${COLUMNS[key].join(', ')}).`,
      });
    return missing.length ? [] : s.rows;
  };
  const date = (sheetName: string, r: SheetRow, column: string, required: boolean): string | null => {
    const text = r.cells[column] ?? '';
    if (!text) {
      if (required)
        problems.push({ sheet: sheetName, row: r.row, column, message: 'Enter a date, such as 9/4/2024.' });
      return null;
    }
    try {
      return parseDate(text);
    } catch (e) {
      if (!(e instanceof DateParseError)) throw e;
      problems.push({
        sheet: sheetName,
        row: r.row,
        column,
        message: `“${text}” is not a date: write it as 9/4/2024.`,
      });
      return null;
    }
  };

  // The Plan sheet: Field | Value.
  const planSheet = sheet(SHEETS.plan, true);
  const fields = new Map<string, string>();
  for (const r of planSheet?.rows ?? [])
    fields.set((r.cells.Field ?? '').trim(), (r.cells.Value ?? '').trim());
  if (planSheet && !planSheet.headers.includes('Field'))
    problems.push({
      sheet: SHEETS.plan,
      row: 1,
      column: 'Field',
      message: 'The Plan sheet needs "Field" and "Value" columns.',
    });
  const known = new Set<string>(PLAN_FIELDS);
  for (const f of fields.keys())
    if (f && !known.has(f))
      problems.push({
        sheet: SHEETS.plan,
        column: 'Field',
        message: `“${f}” is not a plan field (fields: ${PLAN_FIELDS.join(', ')}).`,
      });
  const kindText = (fields.get('Kind') ?? '').toLowerCase();
  const kind = kindText.startsWith('improvement')
    ? 'improvement'
    : kindText.startsWith('business')
      ? 'business'
      : kindText.startsWith('action')
        ? 'action'
        : kindText;
  const or = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

  const origin = {
    recommendations: [] as number[],
    findings: [] as number[],
    actions: [] as number[],
    reviews: [] as number[],
  };
  const themes = rowsOf(SHEETS.themes, 'themes', false).map((r) => ({
    code: r.cells.Code ?? '',
    title: r.cells.Title ?? '',
  }));
  const recommendations = rowsOf(SHEETS.recommendations, 'recommendations', false).map((r) => {
    origin.recommendations.push(r.row);
    return {
      code: r.cells.Code ?? '',
      theme: or(r.cells.Theme),
      title: r.cells.Title ?? '',
      body: or(r.cells.Text),
      bullets: (r.cells.Bullets ?? '')
        .split(/\r?\n/)
        .map((b) => b.trim())
        .filter(Boolean),
    };
  });
  const findings = rowsOf(SHEETS.findings, 'findings', false).map((r) => {
    origin.findings.push(r.row);
    return {
      number: r.cells.Number ?? '',
      text: r.cells.Finding ?? '',
      theme: or(r.cells.Theme),
      recommendation: or(r.cells.Recommendation),
    };
  });
  const reviews = rowsOf(SHEETS.reviews, 'reviews', false).map((r) => {
    origin.reviews.push(r.row);
    return { title: r.cells.Review ?? '', date: date(SHEETS.reviews, r, 'Date', true) ?? '' };
  });
  const actions: PlanActionDoc[] = rowsOf(SHEETS.actions, 'actions', true).map((r) => {
    origin.actions.push(r.row);
    const supports: StrategyRef[] = [];
    for (const part of (r.cells.Supports ?? '')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(priority|outcome|indicator)\s+(.+)$/i.exec(part);
      if (m) supports.push({ kind: m[1]!.toLowerCase() as StrategyRef['kind'], code: m[2]!.trim() });
      else
        problems.push({
          sheet: SHEETS.actions,
          row: r.row,
          column: 'Supports',
          message: `“${part}” should name what it supports, such as "outcome O2" or "indicator 7".`,
        });
    }
    return {
      code: r.cells.Ref ?? '',
      recommendation: or(r.cells.Recommendation),
      section: or(r.cells.Section),
      title: r.cells.Action ?? '',
      leadOfficers: or(r.cells['Lead officer(s)']),
      leadCouncillor: or(r.cells['Lead councillor']),
      target: or(r.cells['Target date']),
      status: or(r.cells.Status),
      completedOn: date(SHEETS.actions, r, 'Completed on', false),
      findings: list(r.cells.Findings),
      recommendations: list(r.cells['Recommendations cited']),
      supports,
      tags: (r.cells.Tags ?? '')
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter(Boolean),
      updates: [],
    };
  });
  const byRef = new Map(actions.map((a) => [a.code, a]));
  for (const r of rowsOf(SHEETS.updates, 'updates', false)) {
    const a = byRef.get(r.cells.Ref ?? '');
    if (!a) {
      problems.push({
        sheet: SHEETS.updates,
        row: r.row,
        column: 'Ref',
        message: `There is no action “${r.cells.Ref ?? ''}” on the Actions sheet.`,
      });
      continue;
    }
    if (!(r.cells.Update ?? '').trim())
      problems.push({
        sheet: SHEETS.updates,
        row: r.row,
        column: 'Update',
        message: 'Write the update, or delete the row.',
      });
    a.updates!.push({ review: or(r.cells.Review), status: or(r.cells.Status), text: r.cells.Update ?? '' });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    origin,
    document: {
      plan: {
        kind: kind as PlanDocument['plan']['kind'],
        basis: (or(fields.get('Basis')) as PlanDocument['plan']['basis']) ?? null,
        title: fields.get('Title') ?? '',
        source: or(fields.get('Source')),
        organisation: or(fields.get('Organisation')),
        owner: or(fields.get('Owner')),
        description: or(fields.get('Description')),
        strategy: or(fields.get('Strategy')),
      },
      themes,
      recommendations,
      findings,
      reviews,
      actions,
    },
  };
}
