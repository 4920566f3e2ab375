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
  const ext = fileName.toLowerCase().split('.').pop();
  if (bytes.length === 0) problems.push(fileProblem(`${fileName} is empty. Choose your completed return`));
  else if (ext === 'xlsx') {
    if (!bytes.subarray(0, 4).equals(ZIP))
      problems.push(
        fileProblem(
          `${fileName} is not an Excel workbook. Open it in Excel and save it as an Excel Workbook (.xlsx)`,
        ),
      );
  } else if (ext === 'csv') {
    if (!looksLikeText(bytes))
      problems.push(
        fileProblem(`${fileName} is not a CSV file. Save your return as an Excel Workbook (.xlsx) or as CSV`),
      );
  } else
    problems.push(
      fileProblem(
        `${fileName} is not a spreadsheet Cairn can read. Upload the return as an Excel Workbook (.xlsx) or as CSV (.csv)`,
      ),
    );
  if (problems.length || !step) return { ok: false, problems, stepError, step: stepValue };
  return { ok: true, bytes, fileName, step };
}
