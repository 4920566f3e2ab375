/**
 * Use cases for the framework spreadsheet: check and import a file (all or nothing), export a plan.
 */
import type { FrameworkDocument } from '../domain/framework.js';
import { parsePlanYears } from '../domain/plan-years.js';
import {
  readFrameworkWorkbook,
  type FrameworkLayout,
  type PlanDefaults,
} from '../importers/framework/read-framework.js';
import type { Problem } from '../domain/problem.js';
import { frameworkCsv, frameworkXlsx } from '../importers/framework/write-framework.js';
import {
  formatOf,
  readSpreadsheet,
  SpreadsheetError,
  type SpreadsheetFormat,
} from '../importers/spreadsheet.js';
import { FRAMEWORK_SHEET } from '../importers/framework/layout.js';
import { transaction, type Db } from '../storage/transaction.js';
import { recordChange, systemActor, type Actor } from './audit.js';
import { diffIndicators } from '../domain/framework.js';
import type { Store } from '../storage/database.js';
import {
  FrameworkConflictError,
  findPlanByTitle,
  indicatorIdsByNumber,
  indicatorsWithFigures,
  loadFrameworkDocument,
  saveFramework,
  type SavedFramework,
} from '../storage/framework-repository.js';
import { listPlans } from '../storage/performance-repository.js';
import type { PlanRecord } from '../storage/schema.js';
import { isoNow, type Clock } from './clock.js';
import { rerateIndicators } from './rerate.js';
import { CairnError, notFound } from './errors.js';

/** Reads and checks a framework file without writing anything. Throws CairnError listing every problem. */
export async function checkFrameworkFile(
  bytes: Buffer,
  fileName: string,
  defaults: PlanDefaults = {},
  layout?: FrameworkLayout,
): Promise<FrameworkDocument> {
  return (await readFrameworkFile(bytes, fileName, defaults, layout)).document;
}

export interface FrameworkFile {
  document: FrameworkDocument;
  /** The layout read: as asked, or as the file's columns say. */
  layout: FrameworkLayout;
  /** Not errors, but worth a look (e.g. a percentage target of 0.9). */
  warnings: Problem[];
}

/** As checkFrameworkFile, with the layout read and the warnings. */
export async function readFrameworkFile(
  bytes: Buffer,
  fileName: string,
  defaults: PlanDefaults = {},
  layout?: FrameworkLayout,
): Promise<FrameworkFile> {
  let sheets;
  try {
    sheets = await readSpreadsheet(bytes, formatOf(fileName), FRAMEWORK_SHEET);
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new CairnError('IMPORT_REJECTED', e.message);
    throw e;
  }
  const result = readFrameworkWorkbook(sheets, defaults, layout);
  if (!result.ok) {
    const n = result.problems.length;
    throw new CairnError(
      'IMPORT_REJECTED',
      `${fileName} was not imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
      result.problems,
    );
  }
  return { document: result.document, layout: result.layout, warnings: result.warnings };
}

/** Saves a checked framework document, whole or not at all, in one transaction with its audit records. */
export async function saveFrameworkDocument(
  store: Store,
  doc: FrameworkDocument,
  clock: Clock,
  actor: Actor = systemActor,
): Promise<SavedFramework> {
  const existing = await findPlanByTitle(store.db, doc.plan.title, doc.plan.years);
  const before = existing ? await loadFrameworkDocument(store.db, existing.id) : null;
  try {
    return await transaction(store.db, async (trx) => {
      const saved = await saveFramework(trx, doc, parsePlanYears(doc.plan.years), isoNow(clock));
      await auditAndRerate(trx, actor, before, doc, saved.planId, clock);
      return saved;
    });
  } catch (e) {
    throw asConflict(e, 'The framework was not imported');
  }
}

/** Saving would remove figures already recorded: a CONFLICT listing them (anything else as it is). */
export function asConflict(e: unknown, what: string): unknown {
  if (!(e instanceof FrameworkConflictError)) return e;
  return new CairnError(
    'CONFLICT',
    `${what} because it would remove figures already recorded. Nothing has been changed.`,
    e.problems.map((message) => ({ message })),
  );
}

export async function importFrameworkFile(
  store: Store,
  bytes: Buffer,
  fileName: string,
  clock: Clock,
  defaults: PlanDefaults = {},
  actor: Actor = systemActor,
  options: { layout?: FrameworkLayout } = {},
): Promise<SavedFramework & FrameworkFile> {
  const file = await readFrameworkFile(
    bytes,
    fileName,
    { ...defaults, ...(await existingExtras(store, defaults)) },
    options.layout,
  );
  const saved = await saveFrameworkDocument(store, file.document, clock, actor);
  return { ...saved, ...file };
}

/**
 * A CSV carries no plan details, second framework or retired measures: re-importing one into an
 * existing plan keeps that plan's.
 */
async function existingExtras(store: Store, defaults: PlanDefaults): Promise<PlanDefaults> {
  if (!defaults.title || !defaults.years) return {};
  const plan = await findPlanByTitle(store.db, defaults.title, defaults.years);
  if (!plan) return {};
  const doc = await loadFrameworkDocument(store.db, plan.id);
  return {
    status: doc.plan.status,
    approvedBy: doc.plan.approvedBy,
    approvedOn: doc.plan.approvedOn,
    secondFramework: doc.secondFramework,
    retired: doc.retired,
  };
}

/**
 * Finds a plan by id, by title, or (with no reference) the most recent approved one — a draft for
 * next year is not the plan figures go to — or, before any is approved, the most recent.
 */
export async function findPlan(store: Store, ref?: string): Promise<PlanRecord> {
  const plans = await listPlans(store.db);
  if (plans.length === 0)
    throw notFound('No framework has been loaded yet. Import one with `cairn import framework FILE`.');
  if (!ref) return plans.find((p) => p.status === 'approved') ?? plans[0]!;
  const found = plans.find((p) => String(p.id) === ref || p.title.toLowerCase() === ref.toLowerCase());
  if (!found) {
    throw notFound(
      `There is no plan "${ref}". Plans: ${plans.map((p) => `${p.id} "${p.title}" (${p.years})`).join('; ')}.`,
    );
  }
  return found;
}

export async function exportFramework(
  store: Store,
  planRef: string | undefined,
  format: SpreadsheetFormat,
): Promise<{ plan: PlanRecord; bytes: Buffer; document: FrameworkDocument }> {
  const plan = await findPlan(store, planRef);
  const document = await loadFrameworkDocument(store.db, plan.id);
  const bytes =
    format === 'csv' ? Buffer.from(frameworkCsv(document), 'utf8') : await frameworkXlsx(document);
  return { plan, bytes, document };
}

/**
 * In the save's transaction: the audit records, then every figure of the plan rated again — a change
 * of polarity, target or tolerance must not leave a figure with the rating and explanation of the
 * old rules (each re-rated indicator audited as `indicator.rerate`, see rerate.ts).
 */
export async function auditAndRerate(
  trx: Db,
  actor: Actor,
  before: FrameworkDocument | null,
  after: FrameworkDocument,
  planId: number,
  clock: Clock,
): Promise<void> {
  await auditFramework(trx, actor, before, after, planId, clock);
  if (before) await rerateIndicators(trx, await indicatorsWithFigures(trx, planId), actor, clock);
}

/**
 * Records a framework import in the audit trail, in its transaction: one record for the plan (which
 * indicators were added, changed or removed) and one per indicator added or changed, with the fields
 * before and after — so an indicator's history shows every change to its wording or target.
 */
async function auditFramework(
  trx: Db,
  actor: Actor,
  before: FrameworkDocument | null,
  after: FrameworkDocument,
  planId: number,
  clock: Clock,
): Promise<void> {
  const diff = diffIndicators(before?.indicators ?? [], after.indicators);
  await recordChange(
    trx,
    actor,
    {
      action: before ? 'framework.update' : 'framework.create',
      entity: 'plan',
      entityId: planId,
      after: {
        title: after.plan.title,
        years: after.plan.years,
        added: diff.added.map((i) => i.number),
        changed: diff.changed.map((c) => c.after.number),
        removed: diff.removed.map((i) => i.number),
      },
    },
    clock,
  );
  await auditIndicatorChanges(trx, actor, diff, planId, clock);
}

/**
 * One audit record per indicator added or changed, with the fields before and after — so an
 * indicator's history shows every change to its wording or target. In the save's transaction.
 */
export async function auditIndicatorChanges(
  trx: Db,
  actor: Actor,
  diff: ReturnType<typeof diffIndicators>,
  planId: number,
  clock: Clock,
): Promise<void> {
  if (!diff.added.length && !diff.changed.length) return;
  const ids = await indicatorIdsByNumber(trx, planId);
  for (const i of diff.added)
    await recordChange(
      trx,
      actor,
      { action: 'indicator.create', entity: 'indicator', entityId: ids.get(i.number) ?? i.number, after: i },
      clock,
    );
  for (const c of diff.changed)
    await recordChange(
      trx,
      actor,
      {
        action: 'indicator.update',
        entity: 'indicator',
        entityId: ids.get(c.after.number) ?? c.after.number,
        before: c.fieldsBefore,
        after: c.fieldsAfter,
      },
      clock,
    );
}
