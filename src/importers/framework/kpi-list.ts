/**
 * The flat KPI list councils publish: one row per KPI with its code, title, service, unit, target
 * and (optionally) polarity — `cairn import framework FILE --layout kpi-list`, or found by its
 * columns. Priority and outcome are optional columns: without them each service is a priority with
 * one outcome of the same name, and the directorate is the service unless a Directorate column says
 * otherwise. The list is turned into the framework layout's rows (keeping each row's number) and
 * checked by the same reader, so every rule and message is the framework spreadsheet's.
 */
import { tryParseTarget } from '../../domain/targets.js';
import type { Problem } from '../../domain/problem.js';
import { findHeaderRow, headerKey, type Sheet, type SheetRow } from '../spreadsheet.js';
import { FRAMEWORK_COLUMNS } from './layout.js';

type KpiKey =
  | 'code'
  | 'title'
  | 'service'
  | 'unit'
  | 'target'
  | 'polarity'
  | 'priority'
  | 'outcome'
  | 'directorate'
  | 'frequency'
  | 'definition'
  | 'owner';

/** Each column's headings as councils write them (compared ignoring case, spaces and asterisks). */
export const KPI_LIST_HEADINGS: Record<KpiKey, string[]> = {
  code: [
    'Code',
    'KPI code',
    'PI code',
    'KPI ref',
    'PI ref',
    'Ref',
    'Reference',
    'Indicator code',
    'Measure code',
  ],
  title: [
    'Title',
    'KPI',
    'KPI title',
    'KPI name',
    'Indicator',
    'Measure',
    'Performance indicator',
    'Description',
  ],
  service: ['Service', 'Service area', 'Department', 'Team'],
  unit: ['Unit', 'Units', 'Measure type', 'Unit of measure'],
  target: ['Target', 'Annual target', 'Target value'],
  polarity: ['Polarity', 'Good is', 'Good performance is', 'Direction', 'Better is', 'Direction of travel'],
  priority: ['Priority', 'Corporate priority', 'Council priority'],
  outcome: ['Outcome', 'Corporate outcome'],
  directorate: ['Directorate'],
  frequency: ['Frequency', 'Reporting frequency'],
  definition: ['Definition'],
  owner: ['Owner', 'Lead officer', 'Responsible officer'],
};

const KEY_OF = new Map<string, KpiKey>();
for (const [key, headings] of Object.entries(KPI_LIST_HEADINGS))
  for (const h of headings) KEY_OF.set(headerKey(h), key as KpiKey);

/** "Target 2017/18", "Target (2024-25)" are the Target column too. */
function keyOf(heading: string): KpiKey | undefined {
  const k = headerKey(heading);
  return KEY_OF.get(k) ?? (/^target\b/.test(k) ? 'target' : undefined);
}

/** The sheet from its header row, and which of its headings is which column. */
function columnsOf(sheet: Sheet): { sheet: Sheet; at: Map<KpiKey, string> } {
  const found = findHeaderRow(sheet, (c) => keyOf(c) !== undefined, 3);
  const at = new Map<KpiKey, string>();
  for (const h of found.headers) {
    const k = h ? keyOf(h) : undefined;
    if (k && !at.has(k)) at.set(k, h);
  }
  return { sheet: found, at };
}

/** A KPI list has a code, a title and a target column, and none of the framework layout's codes. */
export function looksLikeKpiList(sheet: Sheet): boolean {
  const framework = findHeaderRow(
    sheet,
    Object.values(FRAMEWORK_COLUMNS).map((c) => c.header),
    3,
  );
  if (framework.headers.includes(FRAMEWORK_COLUMNS.outcomeCode.header)) return false;
  const { at } = columnsOf(sheet);
  return at.has('code') && at.has('title') && at.has('target');
}

export interface KpiListConversion {
  /** The list as the framework layout's sheet (same row numbers), for readFrameworkSheets. */
  sheet: Sheet;
  /** Framework heading → the list's own heading, to name the list's columns in problems. */
  columnNames: Map<string, string>;
  /** Problems with the list's columns (before any row is read). */
  problems: Problem[];
  /** Not errors: what looks wrong, e.g. a percentage target of 0.9. */
  warnings: Problem[];
}

function codeFor(name: string, taken: Set<string>): string {
  const words = name
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(and|of|the|&)$/i.test(w));
  const base = (
    words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? 'X').slice(0, 3)
  ).toUpperCase();
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}${n}`;
  taken.add(code);
  return code;
}

export function kpiListToFramework(input: Sheet): KpiListConversion {
  const { sheet, at } = columnsOf(input);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const need: [KpiKey, string][] = [
    ['code', 'Code'],
    ['title', 'Title'],
    ['service', 'Service'],
    ['target', 'Target'],
  ];
  const missing = need.filter(([k]) => !at.has(k)).map(([, label]) => `"${label}"`);
  if (missing.length)
    problems.push({
      sheet: sheet.name,
      row: sheet.headerRow,
      message: `The KPI list's header row has no ${missing.join(', ')} column. A KPI list needs Code, Title, Service and Target (Unit, Polarity, Priority and Outcome are optional).`,
    });
  const C = FRAMEWORK_COLUMNS;
  if (problems.length) return { sheet, columnNames: new Map(), problems, warnings };
  const columnNames = new Map<string, string>();
  const pairs: [KpiKey, string][] = [
    ['code', C.number.header],
    ['title', C.title.header],
    ['unit', C.unit.header],
    ['target', C.target.header],
    ['polarity', C.polarity.header],
    ['frequency', C.frequency.header],
    ['definition', C.definition.header],
    ['owner', C.owner.header],
    ['service', C.directorate.header],
    ['priority', C.priority.header],
    ['outcome', C.outcome.header],
  ];
  for (const [k, header] of pairs) {
    const own = at.get(k);
    if (own) columnNames.set(header, own);
  }
  const dirCodes = new Map<string, string>();
  const priCodes = new Map<string, string>();
  const outCodes = new Map<string, string>();
  const takenDir = new Set<string>();
  const value = (r: SheetRow, k: KpiKey) => (at.has(k) ? (r.cells[at.get(k)!] ?? '').trim() : '');
  const rows: SheetRow[] = [];
  for (const r of sheet.rows) {
    if (!value(r, 'code') && !value(r, 'title') && !value(r, 'target')) continue;
    const service = value(r, 'service');
    if (!service && !(value(r, 'priority') && value(r, 'directorate'))) {
      // One problem, not one for each of the levels the service would have given.
      problems.push({
        sheet: sheet.name,
        row: r.row,
        column: at.get('service') ?? 'Service',
        message: 'The service is empty: say which service the KPI belongs to.',
      });
      continue;
    }
    const directorate = value(r, 'directorate') || service;
    const priority = value(r, 'priority') || service;
    const outcome = value(r, 'outcome') || (value(r, 'priority') ? service || priority : priority);
    if (directorate && !dirCodes.has(directorate)) dirCodes.set(directorate, codeFor(directorate, takenDir));
    if (priority && !priCodes.has(priority)) priCodes.set(priority, `P${priCodes.size + 1}`);
    const outKey = `${priority}\u0000${outcome}`;
    if (outcome && !outCodes.has(outKey)) outCodes.set(outKey, `O${outCodes.size + 1}`);
    const unit = value(r, 'unit');
    const target = value(r, 'target');
    if (/^(%|percent|percentage|per ?cent)$/i.test(unit)) {
      const parsed = tryParseTarget(target);
      if (parsed.ok && parsed.target.kind === 'value' && parsed.target.value < 1 && !target.includes('%'))
        warnings.push({
          sheet: sheet.name,
          row: r.row,
          column: at.get('target'),
          message: `The target ${target} is for a percentage, so it reads as ${target}%. If ${Math.round(parsed.target.value * 1000) / 10}% is meant, write that.`,
        });
    }
    rows.push({
      row: r.row,
      cells: {
        [C.priorityCode.header]: priority ? priCodes.get(priority)! : '',
        [C.priority.header]: priority,
        [C.outcomeCode.header]: outcome ? outCodes.get(outKey)! : '',
        [C.outcome.header]: outcome,
        [C.directorateCode.header]: directorate ? dirCodes.get(directorate)! : '',
        [C.directorate.header]: directorate,
        [C.number.header]: value(r, 'code'),
        [C.title.header]: value(r, 'title'),
        [C.definition.header]: value(r, 'definition'),
        [C.unit.header]: unit,
        [C.polarity.header]: value(r, 'polarity'),
        [C.frequency.header]: value(r, 'frequency'),
        [C.target.header]: target,
        [C.owner.header]: value(r, 'owner'),
      },
    });
  }
  return {
    sheet: {
      name: sheet.name,
      headers: Object.values(C).map((c) => c.header),
      rows,
      headerRow: sheet.headerRow,
    },
    columnNames,
    problems,
    warnings,
  };
}
