/**
 * The upload form (multipart, read by web/body.ts): which step was chosen, and whether the file is a
 * spreadsheet — by its name and by its first bytes, since a name can say .xlsx for anything.
 */

import type { Problem } from '../../../domain/problem.js';
import { file, form, text, type UploadedFile } from '../../body.js';

/** The upload form: the step (save as a draft, or submit) and the file. */
export const UploadForm = form({ step: text, file });

export type Upload =
  | { ok: true; bytes: Buffer; fileName: string; step: 'save' | 'submit' }
  | { ok: false; problems: Problem[]; stepError: string | null; step: string };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const fileProblem = (message: string): Problem => ({ row: null, column: null, message });

/** True when the bytes look like text a CSV could be: no NUL bytes, and not a zip or other binary. */
export function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  let control = 0;
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) control += 1;
  return control === 0;
}

/**
 * What is wrong with an uploaded spreadsheet, judged by its name and its first bytes, or null: empty,
 * an .xlsx that is not a workbook, a .csv that is not text, or neither. `what` names what was expected
 * ("your completed return"), `saveWhat` what to save ("your return").
 */
export function spreadsheetProblem(
  fileName: string,
  bytes: Buffer,
  what: string,
  saveWhat: string,
): string | null {
  const ext = fileName.toLowerCase().split('.').pop();
  if (bytes.length === 0) return `${fileName} is empty. Choose ${what}`;
  if (ext === 'xlsx')
    return bytes.subarray(0, 4).equals(ZIP)
      ? null
      : `${fileName} is not an Excel workbook. Open it in Excel and save it as an Excel Workbook (.xlsx)`;
  if (ext === 'csv')
    return looksLikeText(bytes)
      ? null
      : `${fileName} is not a CSV file. Save ${saveWhat} as an Excel Workbook (.xlsx) or as CSV`;
  return `${fileName} is not a spreadsheet Cairn can read. Upload ${saveWhat.replace(/^your /, 'the ')} as an Excel Workbook (.xlsx) or as CSV (.csv)`;
}

export async function checkUpload(body: { step: string; file: UploadedFile | undefined }): Promise<Upload> {
  const stepValue = body.step;
  const problems: Problem[] = [];
  const step = stepValue === 'save' || stepValue === 'submit' ? stepValue : null;
  const stepError = step
    ? null
    : 'Choose whether to save your figures as a draft or submit them for approval';
  const chosen = body.file;
  if (!chosen) {
    problems.push(fileProblem('Choose your completed return to upload'));
    return { ok: false, problems, stepError, step: stepValue };
  }
  const fileName = chosen.filename;
  const bytes = await chosen.toBuffer();
  const wrong = spreadsheetProblem(fileName, bytes, 'your completed return', 'your return');
  if (wrong) problems.push(fileProblem(wrong));
  if (problems.length || !step) return { ok: false, problems, stepError, step: stepValue };
  return { ok: true, bytes, fileName, step };
}
