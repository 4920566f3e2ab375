/**
 * Importing and exporting a plan as a spreadsheet: all or nothing, every problem listed by sheet,
 * row and column; the spreadsheet reading is the framework import's (size cap, zip-bomb guard).
 */
import { planXlsx } from '../../importers/plans/write-plan.js';
import { readPlanSheets } from '../../importers/plans/read-plan.js';
import { SHEETS } from '../../importers/plans/layout.js';
import { formatOf, readSpreadsheet, SpreadsheetError } from '../../importers/spreadsheet.js';
import type { Store } from '../store.js';
import { loadPlanDocument } from '../../storage/plans-repository.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';
import { importPlanDocument } from './import.js';

export async function importPlanFile(
  store: Store,
  actor: Actor,
  bytes: Buffer,
  fileName: string,
  clock: Clock,
  options: { replace?: boolean } = {},
) {
  let sheets;
  try {
    const format = formatOf(fileName);
    if (format !== 'xlsx')
      throw new SpreadsheetError(`A plan has several sheets: save ${fileName} as an Excel workbook (.xlsx).`);
    sheets = await readSpreadsheet(bytes, format, SHEETS.actions);
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new CairnError('IMPORT_REJECTED', e.message);
    throw e;
  }
  const read = readPlanSheets(sheets);
  if (!read.ok) {
    const n = read.problems.length;
    throw new CairnError(
      'IMPORT_REJECTED',
      `${fileName} was not imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
      read.problems,
    );
  }
  const saved = await importPlanDocument(store, actor, read.document, clock, {
    replace: options.replace,
    origin: read.origin,
    source: fileName,
  });
  return { ...saved, document: read.document };
}

export async function exportPlanXlsx(
  store: Store,
  planId: number,
): Promise<{ title: string; bytes: Buffer }> {
  const doc = await loadPlanDocument(store.db, planId);
  if (!doc) throw notFound(`There is no improvement plan ${planId}.`);
  return { title: doc.plan.title, bytes: await planXlsx(doc) };
}
