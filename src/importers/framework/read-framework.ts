/**
 * Framework spreadsheet → FrameworkDocument, checking every row. Either a whole, consistent document
 * comes back, or every problem found, each with its sheet, row and column.
 */
import type {
  FrameworkDocument,
  IndicatorRow,
  OutcomeRow,
  PlanRow,
  RetiredRow,
} from '../../domain/framework.js';
import { parseDate } from '../../domain/dates.js';
import { tryParseTarget } from '../../domain/targets.js';
import { parsePlanYears } from '../../domain/plan-years.js';
import { checkIndicatorFields, readWord } from '../../domain/indicator-fields.js';
import type { Problem } from '../../domain/problem.js';
import { findHeaderRow, type Sheet, type SheetRow } from '../spreadsheet.js';
import { kpiListToFramework, looksLikeKpiList } from './kpi-list.js';
import {
  CHANGE_WORDS,
  FRAMEWORK_COLUMNS,
  FRAMEWORK_SHEET,
  PLAN_FIELDS,
  PLAN_SHEET,
  README_SHEET,
  RETIRED_COLUMNS,
  RETIRED_SHEET,
  SECOND_FRAMEWORK_COLUMNS,
  SECOND_FRAMEWORK_SHEET,
  type Column,
} from './layout.js';

export type ReadResult =
  { ok: true; document: FrameworkDocument; warnings?: Problem[] } | { ok: false; problems: Problem[] };

export interface PlanDefaults {
  title?: string;
  years?: string;
  status?: PlanRow['status'];
  approvedBy?: string | null;
  approvedOn?: string | null;
  /** Used when the file has no such sheet (a CSV): the existing plan's, so a re-import keeps them. */
  secondFramework?: FrameworkDocument['secondFramework'];
  retired?: RetiredRow[];
}

class Problems {
  readonly list: Problem[] = [];
  add(sheet: string, row: number | null, column: string | null, message: string): void {
    this.list.push({ sheet, row, column, message });
  }
}

function cell(row: SheetRow, col: Column): string {
  return row.cells[col.header] ?? '';
}

function word<T>(
  problems: Problems,
  sheet: string,
  row: SheetRow,
  col: Column,
  words: Record<string, T>,
  fallback: T,
): T {
  const read = readWord(cell(row, col), words, fallback);
  if (read.error) problems.add(sheet, row.row, col.header, read.error);
  return read.value;
}

function checkHeaders(problems: Problems, sheet: Sheet, columns: Record<string, Column>): void {
  const missing = Object.values(columns)
    .filter((c) => c.required && !sheet.headers.includes(c.header))
    .map((c) => `"${c.header}"`);
  if (missing.length > 0) {
    problems.add(
      sheet.name,
      null,
      null,
      `The header row is missing ${missing.join(', ')}. Download the framework template to see the expected columns.`,
    );
  }
}

export type FrameworkLayout = 'framework' | 'kpi-list';
export const FRAMEWORK_LAYOUTS: readonly FrameworkLayout[] = ['framework', 'kpi-list'];

export type FrameworkReadResult = ReadResult & { layout: FrameworkLayout; warnings: Problem[] };

/**
 * Reads a framework file in either layout: the framework spreadsheet, or a council's flat KPI list
 * (kpi-list.ts) — as asked, or as its columns say. Either way the header row is found below any
 * title rows, and problems name the file's own sheet and columns.
 */
export function readFrameworkWorkbook(
  sheets: Sheet[],
  defaults: PlanDefaults = {},
  layout?: FrameworkLayout,
): FrameworkReadResult {
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const named = byName.get(FRAMEWORK_SHEET.toLowerCase());
  const candidates = sheets.filter(
    (s) =>
      ![PLAN_SHEET, SECOND_FRAMEWORK_SHEET, RETIRED_SHEET, README_SHEET].some(
        (n) => n.toLowerCase() === s.name.toLowerCase(),
      ),
  );
  const main = named ?? (candidates.length === 1 ? candidates[0] : candidates.find(looksLikeKpiList));
  const chosen: FrameworkLayout = layout ?? (main && looksLikeKpiList(main) ? 'kpi-list' : 'framework');
  if (chosen === 'framework' || !main) {
    const headers = Object.values(FRAMEWORK_COLUMNS).map((c) => c.header);
    const read = readFrameworkSheets(
      sheets.map((s) => (s === main ? findHeaderRow(s, headers, 3) : s)),
      defaults,
    );
    return { ...read, layout: 'framework', warnings: read.ok ? (read.warnings ?? []) : [] };
  }
  const list = kpiListToFramework(main);
  if (list.problems.length)
    return {
      ok: false,
      problems: list.problems.map(asProblem),
      layout: chosen,
      warnings: list.warnings,
    };
  const rest = sheets.filter((s) => s !== main && s.name.toLowerCase() !== FRAMEWORK_SHEET.toLowerCase());
  const read = readFrameworkSheets([{ ...list.sheet, name: FRAMEWORK_SHEET }, ...rest], defaults);
  if (read.ok) return { ...read, layout: chosen, warnings: list.warnings }; // the list warned already
  return {
    ok: false,
    layout: chosen,
    warnings: list.warnings,
    problems: read.problems.map((p) =>
      p.sheet === FRAMEWORK_SHEET
        ? { ...p, sheet: main.name, column: p.column ? (list.columnNames.get(p.column) ?? p.column) : null }
        : p,
    ),
  };
}

const asProblem = (p: Problem): Problem => ({
  sheet: p.sheet ?? FRAMEWORK_SHEET,
  row: p.row ?? null,
  column: p.column ?? null,
  message: p.message,
});

export function readFrameworkSheets(sheets: Sheet[], defaults: PlanDefaults = {}): ReadResult {
  const problems = new Problems();
  const warnings: Problem[] = [];
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const main = byName.get(FRAMEWORK_SHEET.toLowerCase()) ?? (sheets.length === 1 ? sheets[0] : undefined);
  if (!main) {
    return {
      ok: false,
      problems: [
        {
          sheet: FRAMEWORK_SHEET,
          row: null,
          column: null,
          message: `The workbook has no "${FRAMEWORK_SHEET}" sheet. Its sheets are: ${sheets.map((s) => `"${s.name}"`).join(', ') || 'none'}.`,
        },
      ],
    };
  }

  const plan = readPlan(problems, byName.get(PLAN_SHEET.toLowerCase()), defaults);
  const secondSheet = byName.get(SECOND_FRAMEWORK_SHEET.toLowerCase());
  const second = secondSheet
    ? readSecondFramework(problems, secondSheet, byName)
    : (defaults.secondFramework ?? null);
  const retiredSheet = byName.get(RETIRED_SHEET.toLowerCase());
  const retired = retiredSheet ? readRetired(problems, retiredSheet) : (defaults.retired ?? []);

  checkHeaders(problems, main, FRAMEWORK_COLUMNS);
  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  if (main.rows.length === 0) {
    problems.add(
      main.name,
      null,
      null,
      'The sheet has a header row but no priorities, outcomes or indicators under it.',
    );
    return { ok: false, problems: problems.list };
  }

  const C = FRAMEWORK_COLUMNS;
  const S = main.name;
  const directorates = new Map<string, { name: string; row: number }>();
  const priorities = new Map<string, { title: string; row: number }>();
  const outcomes = new Map<string, OutcomeRow & { row: number }>();
  const indicators: IndicatorRow[] = [];
  const numbers = new Map<string, number>();
  const secondNumbers = new Set(second?.priorities.map((p) => p.number) ?? []);

  const same = (
    what: string,
    code: string,
    column: string,
    first: { value: string; row: number },
    value: string,
    row: number,
  ) => {
    if (first.value !== value) {
      problems.add(
        S,
        row,
        column,
        `${what} ${code} is "${value}" here but "${first.value}" on row ${first.row}. Every row of the same ${what.toLowerCase()} must say the same.`,
      );
    }
  };

  for (const row of main.rows) {
    const required = (col: Column) => {
      const v = cell(row, col);
      if (v === '') problems.add(S, row.row, col.header, `${col.header} is empty. ${col.help}`);
      return v;
    };
    const pCode = required(C.priorityCode);
    const pTitle = required(C.priority);
    const oCode = required(C.outcomeCode);
    const oTitle = required(C.outcome);
    const dCode = required(C.directorateCode);
    const dName = required(C.directorate);

    if (dCode) {
      const d = directorates.get(dCode);
      if (d) same('Directorate', dCode, C.directorate.header, { value: d.name, row: d.row }, dName, row.row);
      else directorates.set(dCode, { name: dName, row: row.row });
    }
    if (pCode) {
      const p = priorities.get(pCode);
      if (p) same('Priority', pCode, C.priority.header, { value: p.title, row: p.row }, pTitle, row.row);
      else priorities.set(pCode, { title: pTitle, row: row.row });
    }
    const change = word(problems, S, row, C.outcomeChange, CHANGE_WORDS, null);
    const order = [...secondNumbers];
    const links = cell(row, C.secondFramework)
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const n of links) {
      if (!secondNumbers.has(n)) {
        problems.add(
          S,
          row.row,
          C.secondFramework.header,
          second
            ? `"${n}" is not a priority number in the "${SECOND_FRAMEWORK_SHEET}" sheet (${[...secondNumbers].join(', ')}).`
            : `"${n}" refers to a second framework, but there is none: use a workbook with a "${SECOND_FRAMEWORK_SHEET}" sheet, or leave the column blank.`,
        );
      }
    }
    if (oCode) {
      const o = outcomes.get(oCode);
      if (o) {
        same('Outcome', oCode, C.outcome.header, { value: o.title, row: o.row }, oTitle, row.row);
        same('Outcome', oCode, C.priorityCode.header, { value: o.priority, row: o.row }, pCode, row.row);
        same(
          'Outcome',
          oCode,
          C.directorateCode.header,
          { value: o.directorate, row: o.row },
          dCode,
          row.row,
        );
        same(
          'Outcome',
          oCode,
          C.secondFramework.header,
          { value: o.secondFramework.join(', '), row: o.row },
          links.join(', '),
          row.row,
        );
      } else {
        outcomes.set(oCode, {
          code: oCode,
          priority: pCode,
          title: oTitle,
          directorate: dCode,
          change,
          changeReason: cell(row, C.outcomeChangeReason) || null,
          secondFramework: links,
          row: row.row,
        });
      }
    }

    const number = cell(row, C.number);
    if (number === '') {
      const stray = (['title', 'target'] as const).find((k) => cell(row, C[k]) !== '');
      if (stray)
        problems.add(
          S,
          row.row,
          C.number.header,
          `No. is empty but the row has a ${C[stray].header}: give the indicator a number.`,
        );
      continue;
    }
    const firstRow = numbers.get(number);
    if (firstRow !== undefined) {
      problems.add(
        S,
        row.row,
        C.number.header,
        `Indicator ${number} appears twice: on row ${firstRow} and on row ${row.row}.`,
      );
      continue;
    }
    numbers.set(number, row.row);
    const title = required(C.title);
    const checked = checkIndicatorFields({
      target: cell(row, C.target),
      cumulative: cell(row, C.cumulative),
      profile: cell(row, C.profile),
      tolerance: cell(row, C.tolerance),
      inArrears: cell(row, C.inArrears),
      dueDate: cell(row, C.dueDate),
      partLabels: cell(row, C.partLabels).split('|'),
      unit: cell(row, C.unit),
      polarity: cell(row, C.polarity),
      frequency: cell(row, C.frequency),
    });
    for (const p of checked.problems) problems.add(S, row.row, C[p.field].header, p.message);
    const v = checked.values;
    // 0.67 in a percentage's target (Excel's 67% shown without its format) reads as 0.67%: say so.
    const targetText = cell(row, C.target);
    const parsedTarget = targetText === '' ? null : tryParseTarget(targetText);
    if (
      parsedTarget?.ok &&
      parsedTarget.target.kind === 'value' &&
      parsedTarget.target.value < 1 &&
      !targetText.includes('%') &&
      v.unit === 'percent'
    )
      warnings.push({
        sheet: S,
        row: row.row,
        column: C.target.header,
        message: `The target ${targetText} is for a percentage, so it reads as ${targetText}%. If ${Math.round(parsedTarget.target.value * 1000) / 10}% is meant, write that.`,
      });

    indicators.push({
      number,
      outcome: oCode,
      title,
      definition: cell(row, C.definition) || null,
      unit: v.unit,
      polarity: v.polarity,
      frequency: v.frequency,
      target: v.target,
      cumulative: v.cumulative,
      profile: v.profile,
      inArrears: v.inArrears,
      tolerance: v.tolerance,
      baseline: cell(row, C.baseline) || null,
      trajectory: cell(row, C.trajectory) || null,
      dueDate: v.dueDate,
      partLabels: v.partLabels,
      dataSource: cell(row, C.dataSource) || null,
      owner: cell(row, C.owner) || null,
      change: word(problems, S, row, C.indicatorChange, CHANGE_WORDS, null),
      changeReason: cell(row, C.indicatorChangeReason) || null,
    });
  }

  if (!plan || problems.list.length > 0) return { ok: false, problems: problems.list };
  return {
    ok: true,
    warnings,
    document: {
      plan,
      directorates: [...directorates].map(([code, d]) => ({ code, name: d.name })),
      priorities: [...priorities].map(([code, p]) => ({ code, title: p.title })),
      outcomes: [...outcomes.values()].map(({ row: _row, ...o }) => o),
      indicators,
      secondFramework: second,
      retired,
    },
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function readPlan(problems: Problems, sheet: Sheet | undefined, defaults: PlanDefaults): PlanRow | null {
  const fields = new Map<string, { value: string; row: number }>();
  if (sheet) {
    // A two-column sheet: Field | Value. The header row is the first field row's neighbour, so read all rows.
    const all = [
      { row: 1, cells: Object.fromEntries(sheet.headers.map((h, i) => [String(i), h])) },
      ...sheet.rows.map((r) => ({
        row: r.row,
        cells: Object.fromEntries(sheet.headers.map((h, i) => [String(i), r.cells[h] ?? ''])),
      })),
    ];
    for (const r of all) {
      const key = (r.cells['0'] ?? '').trim().toLowerCase();
      if (key) fields.set(key, { value: (r.cells['1'] ?? '').trim(), row: r.row });
    }
  }
  const get = (col: Column) => fields.get(col.header.toLowerCase());
  const title = get(PLAN_FIELDS.title)?.value || defaults.title || '';
  const years = get(PLAN_FIELDS.years)?.value || defaults.years || '';
  const where = sheet ? PLAN_SHEET : 'options';
  if (!title)
    problems.add(
      where,
      get(PLAN_FIELDS.title)?.row ?? null,
      PLAN_FIELDS.title.header,
      'The plan needs a title, e.g. "Corporate Plan 2017-18".',
    );
  if (!years) {
    problems.add(
      where,
      get(PLAN_FIELDS.years)?.row ?? null,
      PLAN_FIELDS.years.header,
      'The plan needs the years it covers, e.g. 2017-18 or 2017-18 to 2019-20.',
    );
  } else {
    try {
      parsePlanYears(years);
    } catch (e) {
      problems.add(where, get(PLAN_FIELDS.years)?.row ?? null, PLAN_FIELDS.years.header, message(e));
    }
  }
  const statusText = (get(PLAN_FIELDS.status)?.value ?? defaults.status ?? '').toLowerCase();
  if (statusText && statusText !== 'draft' && statusText !== 'approved') {
    problems.add(
      where,
      get(PLAN_FIELDS.status)?.row ?? null,
      PLAN_FIELDS.status.header,
      `"${statusText}" should be draft or approved.`,
    );
  }
  let approvedOn: string | null = defaults.approvedOn ?? null;
  const approvedOnText = get(PLAN_FIELDS.approvedOn)?.value;
  if (approvedOnText) {
    try {
      approvedOn = parseDate(approvedOnText);
    } catch (e) {
      problems.add(
        where,
        get(PLAN_FIELDS.approvedOn)?.row ?? null,
        PLAN_FIELDS.approvedOn.header,
        message(e),
      );
    }
  }
  if (!title || !years) return null;
  return {
    title,
    years,
    status: statusText === 'approved' ? 'approved' : 'draft',
    approvedBy: get(PLAN_FIELDS.approvedBy)?.value || defaults.approvedBy || null,
    approvedOn,
  };
}

function readSecondFramework(
  problems: Problems,
  sheet: Sheet,
  byName: Map<string, Sheet>,
): FrameworkDocument['secondFramework'] {
  checkHeaders(problems, sheet, SECOND_FRAMEWORK_COLUMNS);
  const planSheet = byName.get(PLAN_SHEET.toLowerCase());
  const nameRow = planSheet
    ? [planSheet.headers, ...planSheet.rows.map((r) => planSheet.headers.map((h) => r.cells[h] ?? ''))].find(
        (cells) => (cells[0] ?? '').trim().toLowerCase() === PLAN_FIELDS.secondFramework.header.toLowerCase(),
      )
    : undefined;
  const priorities: { number: string; title: string }[] = [];
  const seen = new Set<string>();
  for (const row of sheet.rows) {
    const number = cell(row, SECOND_FRAMEWORK_COLUMNS.number);
    const title = cell(row, SECOND_FRAMEWORK_COLUMNS.title);
    if (!number || !title) {
      problems.add(
        sheet.name,
        row.row,
        !number ? 'No.' : 'Title',
        'Each priority needs a number and a title.',
      );
      continue;
    }
    if (seen.has(number)) problems.add(sheet.name, row.row, 'No.', `Priority ${number} appears twice.`);
    seen.add(number);
    priorities.push({ number, title });
  }
  return { name: (nameRow?.[1] ?? '').trim() || 'Second framework', priorities };
}

function readRetired(problems: Problems, sheet: Sheet): RetiredRow[] {
  checkHeaders(problems, sheet, RETIRED_COLUMNS);
  const R = RETIRED_COLUMNS;
  return sheet.rows.map((row) => {
    const kind = cell(row, R.kind).toLowerCase();
    if (kind !== 'outcome' && kind !== 'indicator') {
      problems.add(
        sheet.name,
        row.row,
        R.kind.header,
        `"${cell(row, R.kind)}" should be outcome or indicator.`,
      );
    }
    for (const col of [R.title, R.directorate, R.reason]) {
      if (!cell(row, col)) problems.add(sheet.name, row.row, col.header, `${col.header} is empty.`);
    }
    return {
      kind: kind === 'indicator' ? 'indicator' : 'outcome',
      title: cell(row, R.title),
      directorate: cell(row, R.directorate),
      indicator: cell(row, R.indicator) || null,
      target: cell(row, R.target) || null,
      lastRating: cell(row, R.lastRating) || null,
      lastReported: cell(row, R.lastReported) || null,
      reason: cell(row, R.reason),
    };
  });
}
