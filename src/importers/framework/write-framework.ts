/**
 * FrameworkDocument → the framework spreadsheet (XLSX or CSV), in the layout read-framework.ts reads.
 */
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../workbook.js';
import type { FrameworkDocument } from '../../domain/framework.js';
import { toCsv } from '../spreadsheet-write.js';
import {
  CHANGE_LABEL,
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
  type FrameworkColumnKey,
} from './layout.js';

const POLARITY_TEXT = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  range: 'Within range',
} as const;
const FREQUENCY_TEXT = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annual: 'Annual',
  'academic-year': 'Academic year',
} as const;

function change(c: keyof typeof CHANGE_LABEL | null): string {
  return c ? CHANGE_LABEL[c] : '';
}

/** The Framework sheet's rows: one per indicator, plus one per outcome that has none. */
export function frameworkRows(doc: FrameworkDocument): string[][] {
  const keys = Object.keys(FRAMEWORK_COLUMNS) as FrameworkColumnKey[];
  const priorities = new Map(doc.priorities.map((p) => [p.code, p]));
  const directorates = new Map(doc.directorates.map((d) => [d.code, d]));
  const rows: string[][] = [];
  for (const o of doc.outcomes) {
    const base: Partial<Record<FrameworkColumnKey, string>> = {
      priorityCode: o.priority,
      priority: priorities.get(o.priority)?.title ?? '',
      outcomeCode: o.code,
      outcome: o.title,
      directorateCode: o.directorate,
      directorate: directorates.get(o.directorate)?.name ?? '',
      outcomeChange: change(o.change),
      outcomeChangeReason: o.changeReason ?? '',
      secondFramework: o.secondFramework.join(', '),
    };
    const indicators = doc.indicators.filter((i) => i.outcome === o.code);
    if (indicators.length === 0) rows.push(keys.map((k) => base[k] ?? ''));
    for (const i of indicators) {
      const values: Partial<Record<FrameworkColumnKey, string>> = {
        ...base,
        number: i.number,
        title: i.title,
        definition: i.definition ?? '',
        unit: i.unit,
        polarity: POLARITY_TEXT[i.polarity],
        frequency: FREQUENCY_TEXT[i.frequency],
        target: i.target,
        cumulative: i.cumulative ? 'Y' : 'N',
        profile: i.profile ?? '',
        inArrears: String(i.inArrears),
        tolerance: i.tolerance ?? '',
        baseline: i.baseline ?? '',
        trajectory: i.trajectory ?? '',
        dueDate: i.dueDate ?? '',
        partLabels: i.partLabels.join(' | '),
        dataSource: i.dataSource ?? '',
        owner: i.owner ?? '',
        indicatorChange: change(i.change),
        indicatorChangeReason: i.changeReason ?? '',
      };
      rows.push(keys.map((k) => values[k] ?? ''));
    }
  }
  return rows;
}

export function frameworkCsv(doc: FrameworkDocument): string {
  return toCsv(
    Object.values(FRAMEWORK_COLUMNS).map((c) => c.header),
    frameworkRows(doc),
  );
}

function addTable(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: string[][],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 20 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  // Every cell is text: targets such as 67% and 12,000 keep the form they were printed in.
  ws.eachRow((row) => row.eachCell((c) => (c.numFmt = '@')));
  return ws;
}

export async function frameworkXlsx(doc: FrameworkDocument): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Cairn';
  const readme = wb.addWorksheet(README_SHEET);
  readme.columns = [
    { header: 'Column', width: 24 },
    { header: 'What to write', width: 100 },
  ];
  readme.getRow(1).font = { bold: true };
  readme.addRow([
    '',
    `One row per success indicator on the "${FRAMEWORK_SHEET}" sheet. Columns marked * are required.`,
  ]);
  for (const c of Object.values(FRAMEWORK_COLUMNS) as Column[])
    readme.addRow([c.required ? `${c.header} *` : c.header, c.help]);

  addTable(
    wb,
    PLAN_SHEET,
    [
      { header: 'Field', help: '', width: 20 },
      { header: 'Value', help: '', width: 60 },
    ],
    [
      [PLAN_FIELDS.title.header, doc.plan.title],
      [PLAN_FIELDS.years.header, doc.plan.years],
      [PLAN_FIELDS.status.header, doc.plan.status],
      [PLAN_FIELDS.approvedBy.header, doc.plan.approvedBy ?? ''],
      [PLAN_FIELDS.approvedOn.header, doc.plan.approvedOn ?? ''],
      [PLAN_FIELDS.secondFramework.header, doc.secondFramework?.name ?? ''],
    ],
  );
  addTable(wb, FRAMEWORK_SHEET, Object.values(FRAMEWORK_COLUMNS), frameworkRows(doc));
  if (doc.secondFramework) {
    addTable(
      wb,
      SECOND_FRAMEWORK_SHEET,
      Object.values(SECOND_FRAMEWORK_COLUMNS),
      doc.secondFramework.priorities.map((p) => [p.number, p.title]),
    );
  }
  if (doc.retired.length > 0) {
    addTable(
      wb,
      RETIRED_SHEET,
      Object.values(RETIRED_COLUMNS),
      doc.retired.map((r) => [
        r.kind,
        r.title,
        r.directorate,
        r.indicator ?? '',
        r.target ?? '',
        r.lastRating ?? '',
        r.lastReported ?? '',
        r.reason,
      ]),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
