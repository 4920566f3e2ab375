/**
 * The plan spreadsheet → a PlanDocument, checking every row as it reads: either a document (with
 * the row each part came from, so the whole-document check can say where) or every problem found,
 * each with its sheet, row and column.
 */
import { DateParseError, parseDate } from '../../domain/dates.js';
import { readCitations } from '../../domain/plans/progress.js';
import type { PlanActionDoc, PlanDocument, StrategyRef } from '../../domain/plans/document.js';
import { readDoneFlag, readMappedStatus, type ActionStatus } from '../../domain/plans/status.js';
import { parseTargetDate, targetDateCell, targetDateProblem } from '../../domain/plans/target-dates.js';
import type { Problem } from '../../domain/problem.js';
import { findHeaderRow, headerKey, type Sheet, type SheetRow } from '../spreadsheet.js';
import { ACTION_ALIASES, COLUMNS, PLAN_FIELDS, REQUIRED, SHEETS } from './layout.js';

export interface PlanReadOptions {
  /** The council's own status words (`--map-status "grn=on track,…"`), read before Cairn's. */
  statusMap?: ReadonlyMap<string, ActionStatus>;
  /** For a tracker with no Plan sheet: the plan's title and kind. */
  plan?: { title?: string; kind?: string };
}

/** The sheet with its headers renamed to Cairn's (a council's "Due date" is the "Target date"). */
function canonical(sheet: Sheet, headers: readonly string[], aliases: Record<string, string>): Sheet {
  const known = new Map([
    ...headers.map((h) => [headerKey(h), h] as const),
    ...Object.entries(aliases).map(([alias, header]) => [headerKey(alias), header] as const),
  ]);
  const rename = (h: string) => known.get(headerKey(h)) ?? h;
  const renamed = sheet.headers.map(rename);
  if (renamed.every((h, i) => h === sheet.headers[i])) return sheet;
  return {
    ...sheet,
    headers: renamed,
    rows: sheet.rows.map((r) => ({
      row: r.row,
      cells: Object.fromEntries(Object.entries(r.cells).map(([h, v]) => [rename(h), v])),
    })),
  };
}

export type PlanReadResult =
  | {
      ok: true;
      document: PlanDocument;
      origin: { recommendations: number[]; findings: number[]; actions: number[]; reviews: number[] };
    }
  | { ok: false; problems: Problem[] };

const list = (text: string | undefined) => readCitations(text ?? '');

export function readPlanSheets(sheets: Sheet[], options: PlanReadOptions = {}): PlanReadResult {
  const problems: Problem[] = [];
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  // A tracker of one sheet (whatever its name) is the Actions sheet; its plan details come from options.
  const others = sheets.filter((s) => s.name.toLowerCase() !== SHEETS.plan.toLowerCase());
  if (!byName.has(SHEETS.actions.toLowerCase()) && others.length === 1)
    byName.set(SHEETS.actions.toLowerCase(), { ...others[0]!, name: others[0]!.name });
  const planGiven = Boolean(options.plan?.title);
  const actionsName = byName.get(SHEETS.actions.toLowerCase())?.name ?? SHEETS.actions;
  const sheet = (name: string, required: boolean): Sheet | null => {
    const s = byName.get(name.toLowerCase()) ?? null;
    if (!s && required)
      problems.push({
        sheet: name,
        message:
          name === SHEETS.plan
            ? `The workbook has no "${name}" sheet: add one (Field and Value columns), or for a one-sheet tracker give the plan's title with --title.`
            : `The workbook has no "${name}" sheet.`,
      });
    return s;
  };
  const unreadable = new Set<string>();
  const rowsOf = (name: string, key: keyof typeof REQUIRED, required: boolean): SheetRow[] => {
    const found = sheet(name, required);
    if (!found) return [];
    const aliases = key === 'actions' ? ACTION_ALIASES : {};
    const labels = [...COLUMNS[key], ...Object.keys(aliases), ...Object.values(aliases)];
    const s = canonical(findHeaderRow(found, labels), COLUMNS[key], aliases);
    const missing = REQUIRED[key].filter((h) => !s.headers.includes(h));
    for (const h of missing)
      problems.push({
        sheet: s.name,
        row: s.headerRow ?? 1,
        column: h,
        message: `The "${s.name}" sheet needs a "${h}" column (columns: ${COLUMNS[key].join(', ')}). Nothing under a header row without it was read.`,
      });
    if (missing.length) unreadable.add(name);
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

  // The Plan sheet: Field | Value — or, for a tracker without one, the title and kind given.
  const planFound = sheet(SHEETS.plan, !planGiven);
  const planSheet = planFound ? findHeaderRow(planFound, ['Field', 'Value']) : null;
  const fields = new Map<string, string>();
  if (!planSheet && planGiven) {
    fields.set('Title', options.plan!.title!.trim());
    fields.set('Kind', options.plan!.kind?.trim() || 'action');
  }
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
  const statusMap = options.statusMap ?? new Map<string, ActionStatus>();
  /** Status words Cairn does not know, each with the rows it is on: one problem per word, not per row. */
  const unknownStatus = new Map<string, number[]>();
  const actions: PlanActionDoc[] = rowsOf(SHEETS.actions, 'actions', true).map((r) => {
    origin.actions.push(r.row);
    const target = targetDateCell(r.cells['Target date'] ?? '');
    const targetProblem = targetDateProblem(parseTargetDate(target));
    if (targetProblem)
      problems.push({ sheet: actionsName, row: r.row, column: 'Target date', message: targetProblem });
    let printed = or(r.cells.Status);
    let meaning: ActionStatus | null | undefined = printed ? readMappedStatus(printed, statusMap) : null;
    if (printed && readDoneFlag(printed) === false) {
      // FALSE in a status column: not done, and nothing more recorded.
      printed = null;
      meaning = null;
    }
    if (meaning === undefined) {
      const key = printed!.toLowerCase();
      unknownStatus.set(key, [...(unknownStatus.get(key) ?? []), r.row]);
    }
    const done = r.cells.Done;
    if (done !== undefined && done !== '') {
      const flag = readDoneFlag(done);
      if (flag === null)
        problems.push({
          sheet: actionsName,
          row: r.row,
          column: 'Done',
          message: `“${done}” should be TRUE or FALSE (or Y or N): whether the action is done.`,
        });
      else if (flag) meaning = 'complete';
    }
    const percent = readPercent(r.cells['% complete']);
    if (percent === undefined)
      problems.push({
        sheet: actionsName,
        row: r.row,
        column: '% complete',
        message: `“${r.cells['% complete']}” should be a percentage from 0% to 100%, such as 40% (or 0.4).`,
      });
    const supports: StrategyRef[] = [];
    for (const part of (r.cells.Supports ?? '')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(priority|outcome|indicator)\s+(.+)$/i.exec(part);
      if (m) supports.push({ kind: m[1]!.toLowerCase() as StrategyRef['kind'], code: m[2]!.trim() });
      else
        problems.push({
          sheet: actionsName,
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
      target: or(target),
      status: printed,
      ...(meaning !== undefined && (statusMap.size > 0 || done) ? { statusMeaning: meaning } : {}),
      ...(percent !== undefined && percent !== null ? { percentComplete: percent } : {}),
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
  for (const [word, rows] of unknownStatus) {
    const printed = actions[origin.actions.indexOf(rows[0]!)]?.status ?? word;
    problems.push({
      sheet: actionsName,
      row: rows[0]!,
      column: 'Status',
      message:
        `“${printed}” is not a status Cairn knows (${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}): ` +
        `write Not started, On track, At risk, Complete, Paused or Stopped, or map the word with ` +
        `--map-status "${printed}=on track".`,
    });
  }
  const byRef = new Map(actions.map((a) => [a.code, a]));
  // With no readable Actions sheet, every update would be "no such action": say the one thing instead.
  const updateRows = unreadable.has(SHEETS.actions) ? [] : rowsOf(SHEETS.updates, 'updates', false);
  for (const r of updateRows) {
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

/**
 * "40%", "40" or 0.4 (a fraction, as a % cell holds it: 1 is 100%) → 40; blank → null; anything else,
 * or outside 0–100, → undefined.
 */
function readPercent(text: string | undefined): number | null | undefined {
  const t = (text ?? '').trim();
  if (!t) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(t);
  if (!m) return undefined;
  let n = Number(m[1]);
  if (!m[2] && n <= 1) n *= 100;
  n = Math.round(n);
  return n >= 0 && n <= 100 ? n : undefined;
}
