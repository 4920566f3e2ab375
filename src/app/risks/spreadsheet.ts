/**
 * The risk register as a spreadsheet (issue 14), as for plans: exported in the layout it is imported
 * in (importers/risks/); an import is all or nothing — every row checked by the form's own rules
 * (register.ts checkRisk), every problem located by sheet, row and column, nothing written unless
 * all are right — and each risk it adds or changes is audited. A row whose reference is in the
 * register changes that risk; any other adds one. Owners are named by email address (or name),
 * directorates by code (or name), the priorities and outcomes threatened by their codes in the
 * current plan ("P3, O5").
 */
import type { Problem } from '../../domain/problem.js';
import { levelOf, overAppetite, riskScore } from '../../domain/risk.js';
import { COLUMN_OF, RISK_SHEET, type RiskField } from '../../importers/risks/layout.js';
import { readRiskSheet } from '../../importers/risks/read-risks.js';
import { riskRegisterXlsx } from '../../importers/risks/write-risks.js';
import { formatOf, readSpreadsheet, SpreadsheetError } from '../../importers/spreadsheet.js';
import { ukDate } from '../../importers/workbook.js';
import { listDirectorates } from '../../storage/directorates.js';
import {
  accountEmails,
  controlsOfRisks,
  findRiskIdByReference,
  findRisk,
  linksOf,
  listRisks,
  strategyOf,
} from '../../storage/risk-repository.js';
import { transaction } from '../../storage/transaction.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { livePlans } from '../performance.js';
import type { Store } from '../store.js';
import { riskMatrix } from './matrix.js';
import { checkRisk, writeRisk, type RiskInput } from './register.js';

/** The open risks as the spreadsheet holds them. */
export async function exportRiskRegister(store: Store): Promise<Buffer> {
  const { matrix } = await riskMatrix(store.db);
  const risks = (await listRisks(store.db)).filter((r) => r.closed_on === null);
  const ids = risks.map((r) => r.id);
  const accounts = new Map((await accountEmails(store.db)).map((a) => [a.id, a.email]));
  const directorates = new Map((await listDirectorates(store.db)).map((d) => [d.id, d.code]));
  const links = await linksOf(store.db, ids);
  const controls = await controlsOfRisks(store.db, ids);
  return riskRegisterXlsx(
    risks.map((r) => {
      const residual = riskScore(r.residual_likelihood, r.residual_impact);
      const values: Record<RiskField, string> = {
        reference: r.reference,
        kind: r.kind,
        title: r.title,
        cause: r.cause ?? '',
        event: r.event ?? '',
        effect: r.effect ?? '',
        category: r.category,
        owner: r.owner_user_id ? (accounts.get(r.owner_user_id) ?? '') : '',
        directorate: r.directorate_id ? (directorates.get(r.directorate_id) ?? '') : '',
        reviewDate: ukDate(r.review_date),
        inherentLikelihood: String(r.inherent_likelihood),
        inherentImpact: String(r.inherent_impact),
        residualLikelihood: String(r.residual_likelihood),
        residualImpact: String(r.residual_impact),
        targetLikelihood: String(r.target_likelihood),
        targetImpact: String(r.target_impact),
        controls: controls
          .filter((c) => c.risk_id === r.id)
          .map((c) => c.description)
          .join('\n'),
        links: links
          .filter((l) => l.risk_id === r.id)
          .map((l) => l.priority_code ?? l.outcome_code ?? '')
          .filter(Boolean)
          .join(', '),
      };
      return {
        values,
        working: [
          String(residual),
          levelOf(matrix, residual).name,
          overAppetite(residual, riskScore(r.target_likelihood, r.target_impact)) ? 'Yes' : 'No',
        ],
      };
    }),
  );
}

const refused = (fileName: string, problems: Problem[]) => {
  const n = problems.length;
  return new CairnError(
    'IMPORT_REJECTED',
    `${fileName} was not imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
    problems,
  );
};

/** Imports the register from a spreadsheet: all or nothing. Returns how many risks were added and changed. */
export async function importRiskFile(
  store: Store,
  actor: Actor,
  bytes: Buffer,
  fileName: string,
  clock: Clock,
): Promise<{ added: number; changed: number }> {
  let sheets;
  try {
    sheets = await readSpreadsheet(bytes, formatOf(fileName), RISK_SHEET);
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new CairnError('IMPORT_REJECTED', e.message);
    throw e;
  }
  const read = readRiskSheet(sheets);
  if (!read.ok) throw refused(fileName, read.problems);
  const accounts = await accountEmails(store.db);
  const directorates = await listDirectorates(store.db);
  const plan = (await livePlans(store))[0];
  const strategy = plan ? await strategyOf(store.db, plan.id) : { priorities: [], outcomes: [] };
  const lower = (s: string) => s.trim().toLowerCase();
  return transaction(store.db, async (trx) => {
    const { matrix } = await riskMatrix(trx);
    const problems: Problem[] = [];
    const checked = [];
    for (const { row, values } of read.rows) {
      const at = (field: string, message: string): Problem => ({
        sheet: RISK_SHEET,
        row,
        column: COLUMN_OF[field] ?? 'Reference',
        message,
      });
      const own: Problem[] = [];
      const owner = values.owner
        ? accounts.find(
            (a) => lower(a.email) === lower(values.owner) || lower(a.name) === lower(values.owner),
          )
        : undefined;
      if (values.owner && !owner)
        own.push(at('owner', `No one in Cairn has the email address or name “${values.owner}”`));
      const directorate = values.directorate
        ? directorates.find(
            (d) => lower(d.code) === lower(values.directorate) || lower(d.name) === lower(values.directorate),
          )
        : undefined;
      if (values.directorate && !directorate)
        own.push(
          at(
            'directorate',
            `There is no directorate “${values.directorate}”: give its code, such as ${directorates[0]?.code ?? 'SCS'}`,
          ),
        );
      const links: string[] = [];
      for (const code of values.links
        .split(/[,;\n]/)
        .map((c) => c.trim())
        .filter(Boolean)) {
        const p = strategy.priorities.find((x) => lower(x.code) === lower(code));
        const o = strategy.outcomes.find((x) => lower(x.code) === lower(code));
        if (p) links.push(`priority-${p.id}`);
        else if (o) links.push(`outcome-${o.id}`);
        else own.push(at('links', `There is no priority or outcome ${code} in the current plan`));
      }
      const kind = lower(values.kind);
      const input: RiskInput = {
        ...values,
        kind,
        owner: owner ? String(owner.id) : '',
        directorate: directorate ? String(directorate.id) : '',
        links,
      };
      const existing = values.reference ? await findRiskIdByReference(trx, values.reference) : undefined;
      const { risk, problems: found } = await checkRisk(trx, matrix, input, existing ?? null);
      // The lookups' own problems say more than "choose from the list": they replace the form's.
      const ownFields = new Set(own.map((p) => p.column));
      problems.push(
        ...own,
        ...found
          .filter((p) => !(p.field && ownFields.has(COLUMN_OF[p.field])))
          .map((p) => at(p.field ?? 'reference', p.message)),
      );
      if (risk) checked.push({ risk, existing });
    }
    if (problems.length) throw refused(fileName, problems);
    let added = 0;
    let changed = 0;
    for (const { risk, existing } of checked) {
      if (existing === undefined) {
        await writeRisk(trx, actor, clock, risk, null);
        added += 1;
      } else {
        const now = await findRisk(trx, existing);
        await writeRisk(trx, actor, clock, risk, { id: existing, version: now!.version });
        changed += 1;
      }
    }
    return { added, changed };
  });
}
