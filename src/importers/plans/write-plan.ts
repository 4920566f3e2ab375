/**
 * PlanDocument → the plan spreadsheet (XLSX), in the layout read-plan.ts reads.
 */
import { addTable, newWorkbook, ukDate } from '../workbook.js';
import type { PlanDocument } from '../../domain/plans/document.js';
import { COLUMNS, HELP, PLAN_FIELDS, SHEETS } from './layout.js';

export async function planXlsx(doc: PlanDocument): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Cairn';
  const p = doc.plan;
  const planValues: Record<(typeof PLAN_FIELDS)[number], string> = {
    Title: p.title,
    Kind: p.kind,
    Basis: p.basis ?? '',
    Source: p.source ?? '',
    Organisation: p.organisation ?? '',
    Owner: p.owner ?? '',
    Description: p.description ?? '',
    Strategy: p.strategy ?? '',
  };
  addTable(
    wb,
    SHEETS.plan,
    ['Field', 'Value'],
    PLAN_FIELDS.map((f) => [f, planValues[f]]),
    [16, 80],
  );
  addTable(
    wb,
    SHEETS.themes,
    COLUMNS.themes,
    doc.themes.map((t) => [t.code, t.title]),
    [10, 50],
  );
  addTable(
    wb,
    SHEETS.recommendations,
    COLUMNS.recommendations,
    doc.recommendations.map((r) => [
      r.code,
      r.theme ?? '',
      r.title,
      r.body ?? '',
      (r.bullets ?? []).join('\n'),
    ]),
    [8, 10, 40, 40, 60],
  );
  addTable(
    wb,
    SHEETS.findings,
    COLUMNS.findings,
    doc.findings.map((f) => [f.number, f.theme ?? '', f.text, f.recommendation ?? '']),
    [8, 20, 60, 14],
  );
  addTable(
    wb,
    SHEETS.reviews,
    COLUMNS.reviews,
    doc.reviews.map((r) => [r.title, ukDate(r.date)]),
    [40, 12],
  );
  addTable(
    wb,
    SHEETS.actions,
    COLUMNS.actions,
    doc.actions.map((a) => [
      a.code,
      a.recommendation ?? '',
      a.section ?? '',
      a.title,
      a.leadOfficers ?? '',
      a.leadCouncillor ?? '',
      a.target ?? '',
      a.status ?? '',
      ukDate(a.completedOn),
      (a.findings ?? []).join(', '),
      (a.recommendations ?? []).join(', '),
      (a.supports ?? []).map((s) => `${s.kind} ${s.code}`).join('; '),
      (a.tags ?? []).join(', '),
      a.percentComplete != null ? `${a.percentComplete}%` : '',
    ]),
    [8, 10, 16, 60, 24, 20, 16, 12, 12, 12, 12, 20, 20, 10],
  );
  addTable(
    wb,
    SHEETS.updates,
    COLUMNS.updates,
    doc.actions.flatMap((a) =>
      (a.updates ?? []).map((u) => [a.code, u.review ?? '', u.status ?? '', u.text]),
    ),
    [8, 30, 12, 90],
  );
  const help = wb.addWorksheet('Read me');
  help.columns = [{ header: 'How to fill in this workbook', width: 120 }];
  help.getRow(1).font = { bold: true };
  for (const h of HELP) help.addRow([h]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
