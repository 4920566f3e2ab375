/**
 * A person's return for a collection round → XLSX ("Download my return"). One sheet, "Return": a
 * title block saying whose return it is and what to do, then one row per indicator with what is
 * known filled in. Only the cells a person may fill are unlocked; the sheet is protected without a
 * password (a guide, not security: the upload checks every cell again). A "Guidance" sheet explains
 * each column. No cell is ever a formula; text that Excel could take for one is neutralised.
 */
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../workbook.js';
import { neutraliseFormula } from '../spreadsheet-write.js';
import {
  GUIDANCE_SHEET,
  OUTLOOK_CHOICES,
  PROGRESS_CHOICES,
  RETURN_COLUMNS,
  RETURN_KEYS,
  RETURN_SHEET,
  type ReturnColumnKey,
  type ReturnSheetData,
  type ReturnSheetRow,
} from './layout.js';

/** Rows above the header: title, plan and period, due date, who for, instructions, blank. */
export const TITLE_ROWS = 6;

const text = (s: string | null | undefined) => (s ? neutraliseFormula(s) : null);

function ukDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

function cellValues(data: ReturnSheetData, r: ReturnSheetRow): Record<ReturnColumnKey, ExcelJS.CellValue> {
  return {
    roundId: data.roundId,
    indicatorId: r.indicatorId,
    version: r.version,
    number: text(r.number),
    title: text(r.title),
    outcome: text(r.outcome),
    target: text(r.target),
    unit: text(r.unit),
    period: text(r.periodLabel),
    previous: r.previous,
    actual: r.actual,
    numerator: r.numerator,
    denominator: r.denominator,
    progress: r.progress,
    outlook: r.outlook,
    commentary: text(r.commentary),
    confirmUnusual: r.confirmUnusual ? 'Yes' : null,
    unusualNote: text(r.unusualNote),
    state: r.state,
  };
}

/** 67 (per cent) is written as 0.67 formatted as a percentage, as Excel holds one typed as 67%. */
function percentCell(c: ExcelJS.Cell): void {
  if (typeof c.value !== 'number') {
    c.numFmt = '0%';
    return;
  }
  const decimals = (String(c.value).split('.')[1] ?? '').length;
  c.value = Math.round(c.value * 1e9) / 1e11;
  c.numFmt = decimals ? `0.${'0'.repeat(Math.min(decimals, 6))}%` : '0%';
}

const LISTS: Record<'progress' | 'outlook' | 'confirmUnusual', ExcelJS.DataValidation> = {
  progress: {
    type: 'list',
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: 'Progress',
    error: `Choose one of ${PROGRESS_CHOICES.join(', ')}`,
    formulae: [`"${PROGRESS_CHOICES.join(',')}"`],
  },
  outlook: {
    type: 'list',
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: 'Outlook',
    error: `Choose one of ${OUTLOOK_CHOICES.join(', ')}`,
    formulae: [`"${OUTLOOK_CHOICES.join(',')}"`],
  },
  confirmUnusual: { type: 'list', allowBlank: true, formulae: ['"Yes"'] },
};

/**
 * A drop-down list on the given rows of a column, one range per run of consecutive rows. (Set cell
 * by cell, exceljs merges them into overlapping ranges, which Excel reports as damaged content.)
 */
function addListValidation(
  ws: ExcelJS.Worksheet,
  letter: string,
  rows: number[],
  validation: ExcelJS.DataValidation,
): void {
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  let start: number | undefined;
  rows.forEach((n, i) => {
    start ??= n;
    if (rows[i + 1] !== n + 1) {
      dv.add(`${letter}${start}:${letter}${n}`, validation);
      start = undefined;
    }
  });
}

export async function writeReturn(data: ReturnSheetData): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Cairn';
  const ws = wb.addWorksheet(RETURN_SHEET, {
    views: [{ state: 'frozen', ySplit: TITLE_ROWS + 1, xSplit: 5 }],
  });
  // Numerator and denominator only when a figure can be a fraction (a percentage) or has them.
  const fractions = data.rows.some((r) => r.percent || r.numerator !== null || r.denominator !== null);
  const keys = RETURN_KEYS.filter((k) => fractions || (k !== 'numerator' && k !== 'denominator'));
  const width = keys.length;
  ws.columns = keys.map((k) => ({
    key: k,
    width: RETURN_COLUMNS[k].width,
    hidden: 'hidden' in RETURN_COLUMNS[k] && RETURN_COLUMNS[k].hidden === true,
  }));

  const title = [
    `${data.council}: return for ${data.periodLabel}`,
    `${data.planTitle}. Figures for ${data.periodLabel}.`,
    `Due by ${ukDate(data.dueDate)}.`,
    `For: ${data.forWhom}.`,
    'Fill in the white cells only: Actual (or Progress for a milestone), Outlook and Commentary. ' +
      'Leave a row blank if you have no figure yet. Upload the file on "Your updates" in Cairn; ' +
      'nothing is saved unless every row is right, and Cairn lists anything to correct by row and column. ' +
      'The Guidance sheet explains each column.',
  ];
  title.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(4).value = text(line);
    ws.mergeCells(i + 1, 4, i + 1, width);
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) row.getCell(4).font = { bold: true, size: 14 };
  });
  ws.getRow(5).height = 45;

  const header = ws.getRow(TITLE_ROWS + 1);
  keys.forEach((k, i) => {
    const c = header.getCell(i + 1);
    c.value = RETURN_COLUMNS[k].header;
    c.font = { bold: true };
    c.alignment = { wrapText: true, vertical: 'top' };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });

  const listRows = { progress: [] as number[], outlook: [] as number[], confirmUnusual: [] as number[] };
  for (const r of data.rows) {
    const values = cellValues(data, r);
    const row = ws.addRow(keys.map((k) => values[k]));
    keys.forEach((k, i) => {
      const c = row.getCell(i + 1);
      const column = RETURN_COLUMNS[k];
      const editable =
        column.editable &&
        !r.readOnly &&
        (k === 'progress'
          ? r.milestone
          : k === 'actual' || k === 'numerator' || k === 'denominator'
            ? !r.milestone
            : true);
      c.alignment = { wrapText: true, vertical: 'top' };
      c.protection = { locked: !editable };
      if (!editable) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F2F1' } };
      else c.border = { bottom: { style: 'thin', color: { argb: 'FFB1B4B6' } } };
      if (typeof values[k] === 'string' || k === 'number' || k === 'target') c.numFmt = '@';
      else if (r.percent && (k === 'actual' || k === 'previous')) percentCell(c);
    });
    if (!r.readOnly) {
      if (r.milestone) listRows.progress.push(row.number);
      listRows.outlook.push(row.number);
      listRows.confirmUnusual.push(row.number);
    }
  }
  for (const k of ['progress', 'outlook', 'confirmUnusual'] as const)
    addListValidation(ws, ws.getColumn(keys.indexOf(k) + 1).letter, listRows[k], LISTS[k]);
  // Filters on the header (frozen above), usable on the protected sheet: a long return can be narrowed.
  ws.autoFilter = {
    from: { row: TITLE_ROWS + 1, column: 1 },
    to: { row: Math.max(TITLE_ROWS + 1, ws.rowCount), column: width },
  };
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    sort: false,
    autoFilter: true,
  });

  const guide = wb.addWorksheet(GUIDANCE_SHEET);
  guide.columns = [
    { header: 'Column', key: 'column', width: 30 },
    { header: 'What it is and what to write', key: 'help', width: 100 },
  ];
  guide.getRow(1).font = { bold: true };
  guide.addRow([
    'The return',
    'One row per indicator you are asked to update. Grey cells are for information and cannot be changed; fill in the white ones. ' +
      'Upload the whole file back to Cairn. If anything needs correcting, Cairn lists every problem by row and column and saves nothing until all are right.',
  ]);
  for (const k of keys) guide.addRow([RETURN_COLUMNS[k].header, RETURN_COLUMNS[k].help]);
  guide.eachRow((row) => row.eachCell((c) => (c.alignment = { wrapText: true, vertical: 'top' })));

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
