/**
 * The framework spreadsheet uploaded in the browser (issue 12): check the file (every problem located
 * by sheet, row and column, nothing kept), keep what was checked and show what saving it would change
 * (added, changed, retired, with counts, and warnings), then — when its uploader confirms, and only if
 * the plan has not changed since — save exactly that, all or nothing, in one transaction with its audit
 * records and, for an approved plan, its amendment (through changeFramework). A file with no plan
 * makes a new draft plan.
 */
import { createHash } from 'node:crypto';
import { diffIndicators, type FrameworkDocument, type PlanRow } from '../domain/framework.js';
import { editTerms, type EditTerms } from '../domain/framework-cycle.js';
import { describeCounts, previewFramework, type FrameworkPreview } from '../domain/framework-preview.js';
import { parsePlanYears } from '../domain/plan-years.js';
import type { Problem } from '../domain/problem.js';
import { REASON_MAX, tooLong } from '../domain/text-limits.js';
import { FRAMEWORK_SHEET, PLAN_FIELDS, PLAN_SHEET } from '../importers/framework/layout.js';
import type { PlanDefaults } from '../importers/framework/read-framework.js';
import { listDirectorates } from '../storage/directorates.js';
import {
  findPlanByTitle,
  indicatorsWithFigures,
  loadFrameworkDocument,
  saveFramework,
  type SavedFramework,
} from '../storage/framework-repository.js';
import {
  deleteFrameworkUpload,
  figureCountsByNumber,
  findFrameworkUpload,
  frameworkState,
  insertFrameworkUpload,
  removeStaleFrameworkUploads,
} from '../storage/framework-uploads.js';
import { findPlanById } from '../storage/performance-repository.js';
import type { FrameworkUploadRecord, PlanRecord } from '../storage/schema.js';
import { transaction, type Db } from '../storage/transaction.js';
import type { Store } from '../storage/database.js';
import { actorUserId, recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import { asConflict, auditIndicatorChanges, readFrameworkFile } from './framework.js';
import { changeFramework } from './framework-edit.js';
import { rerateIndicators } from './rerate.js';

/** An upload nobody confirms is cleared away after this long. */
export const UPLOAD_KEPT_HOURS = 24;

export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
}

/** Where a file goes: into a plan, or (planId null) a new plan — a CSV's title and years from the form. */
export type UploadTarget = { planId: number } | { planId: null; title?: string; years?: string };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const rejected = (fileName: string, problems: Problem[]) => {
  const n = problems.length;
  return new CairnError(
    'IMPORT_REJECTED',
    `${fileName || 'The file'} was not uploaded: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
    problems,
  );
};

/** What can be told of a file before it is opened: that there is one, its type, that it is not empty. */
export function fileProblems(file: UploadedFile | null): Problem[] {
  if (!file || file.fileName === '') return [{ message: 'Choose the framework spreadsheet to upload' }];
  const { bytes, fileName } = file;
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext !== 'xlsx' && ext !== 'csv')
    return [
      {
        message: `${fileName} is not a spreadsheet Cairn can read. Upload the framework as an Excel workbook (.xlsx) or as CSV (.csv)`,
      },
    ];
  if (bytes.length === 0)
    return [{ message: `${fileName} is empty. Choose the framework spreadsheet, saved with its rows in it` }];
  if (ext === 'xlsx' && !bytes.subarray(0, 4).equals(ZIP))
    return [
      {
        message: `${fileName} is not an Excel workbook, whatever its name says. Open it in Excel and save it as an Excel Workbook (.xlsx)`,
      },
    ];
  if (ext === 'csv' && bytes.subarray(0, 8192).includes(0))
    return [
      { message: `${fileName} is not a CSV file. Save the framework as an Excel Workbook (.xlsx) or as CSV` },
    ];
  return [];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The fingerprint of a plan's stored framework: equal exactly when nothing an upload touches changed. */
async function fingerprint(db: Db, planId: number): Promise<string> {
  return sha256(JSON.stringify(await frameworkState(db, planId)));
}

function uploaderOf(actor: Actor): number {
  const id = actorUserId(actor);
  if (id === null)
    throw new CairnError('INVALID_INPUT', 'Only a person signed in to Cairn can upload a framework.');
  return id;
}

async function planOf(store: Store, planId: number): Promise<PlanRecord> {
  const plan = await findPlanById(store.db, planId);
  if (!plan) throw notFound('There is no such plan.');
  return plan;
}

const lockedMessage =
  'This framework has been submitted for approval, so it cannot be changed. Return it to draft first.';

/** The plan's own details, which an upload into it keeps (they are changed on the plan's pages). */
function planRowOf(plan: PlanRecord): PlanRow {
  return {
    title: plan.title,
    years: plan.years,
    status: plan.status === 'approved' ? 'approved' : 'draft',
    approvedBy: plan.approved_by,
    approvedOn: plan.approved_on,
  };
}

/** Warnings for a Plan sheet that says something other than the plan it is uploaded into. */
function planSheetWarnings(file: PlanRow, plan: PlanRecord): Problem[] {
  const differs: string[] = [];
  if (file.title !== plan.title) differs.push(`title “${file.title}”`);
  if (file.years !== plan.years) differs.push(`years ${file.years}`);
  if (differs.length === 0) return [];
  return [
    {
      sheet: PLAN_SHEET,
      row: null,
      column: null,
      message: `The file’s Plan sheet gives the ${differs.join(' and ')}, but it is being uploaded into ${plan.title} (${plan.years}). Its priorities, outcomes, indicators and targets are saved into ${plan.title}; the plan’s title, years and status stay as they are.`,
    },
  ];
}

/**
 * Checks an uploaded framework file against where it goes. Every problem is thrown at once as an
 * IMPORT_REJECTED CairnError (each located by sheet, row and column) and nothing is kept; a checked
 * file is kept, waiting for its uploader to confirm it, and its id returned.
 */
export async function checkFrameworkUpload(
  store: Store,
  actor: Actor,
  target: UploadTarget,
  file: UploadedFile | null,
  clock: Clock,
): Promise<number> {
  const userId = uploaderOf(actor);
  const plan = target.planId !== null ? await planOf(store, target.planId) : null;
  if (plan && editTerms(plan.status) === 'locked') throw new CairnError('CONFLICT', lockedMessage);
  const basics = fileProblems(file);
  if (basics.length || !file) throw rejected(file?.fileName ?? '', basics);

  const current = plan ? await loadFrameworkDocument(store.db, plan.id) : null;
  const defaults: PlanDefaults =
    plan && current
      ? {
          ...planRowOf(plan),
          secondFramework: current.secondFramework,
          retired: current.retired,
        }
      : {
          title: target.planId === null ? target.title?.trim() : undefined,
          years: target.planId === null ? target.years?.trim() : undefined,
        };
  let read;
  try {
    read = await readFrameworkFile(file.bytes, file.fileName, defaults);
  } catch (e) {
    if (e instanceof CairnError && e.code === 'IMPORT_REJECTED')
      throw rejected(file.fileName, e.details.length ? e.details : [{ message: e.message }]);
    throw e;
  }
  const warnings = [...read.warnings];
  let document: FrameworkDocument;
  if (plan) {
    warnings.push(...planSheetWarnings(read.document.plan, plan));
    document = { ...read.document, plan: planRowOf(plan) };
  } else {
    const p = read.document.plan;
    if (await findPlanByTitle(store.db, p.title, p.years))
      throw rejected(file.fileName, [
        {
          sheet: PLAN_SHEET,
          column: PLAN_FIELDS.title.header,
          message: `There is already a plan called ${p.title} for ${p.years}. To change it, upload the file from that plan’s framework page; for a new plan, give it a title of its own.`,
        },
      ]);
    if (p.status !== 'draft')
      warnings.push({
        sheet: PLAN_SHEET,
        column: PLAN_FIELDS.status.header,
        message: `The file says the plan is ${p.status}; a plan made from a file starts as a draft, to be submitted and approved in Cairn.`,
      });
    document = { ...read.document, plan: { ...p, status: 'draft', approvedBy: null, approvedOn: null } };
  }

  return transaction(store.db, async (trx) => {
    let base: string | null = null;
    if (plan) {
      base = await fingerprint(trx, plan.id);
      // A draft loses what the file leaves out; figures recorded against an indicator must not go.
      if (editTerms(plan.status) === 'free') {
        const before = await loadFrameworkDocument(trx, plan.id);
        const counts = await figureCountsByNumber(trx, plan.id);
        const inFile = new Set(document.indicators.map((i) => i.number));
        const lost = before.indicators.filter(
          (i) => !inFile.has(i.number) && (counts.get(i.number) ?? 0) > 0,
        );
        if (lost.length)
          throw rejected(
            file.fileName,
            lost.map((i) => ({
              sheet: FRAMEWORK_SHEET,
              row: null,
              column: 'No.',
              message: `Indicator ${i.number} (${i.title}) is not in the file, but figures are recorded for it in ${counts.get(i.number)} ${counts.get(i.number) === 1 ? 'period' : 'periods'}. Keep its row in the file, so its figures are not lost.`,
            })),
          );
      }
    }
    const now = isoNow(clock);
    await removeStaleFrameworkUploads(trx, {
      before: new Date(clock.now().getTime() - UPLOAD_KEPT_HOURS * 3600_000).toISOString(),
      userId,
      planId: plan?.id ?? null,
    });
    return insertFrameworkUpload(trx, {
      planId: plan?.id ?? null,
      userId,
      fileName: file.fileName,
      fileSize: file.bytes.length,
      fileSha256: sha256(file.bytes),
      document: JSON.stringify(document),
      warnings: JSON.stringify(warnings),
      baseSha256: base,
      createdAt: now,
    });
  });
}

export interface UploadPreview {
  upload: { id: number; fileName: string; fileSize: number; sha256: string; createdAt: string };
  /** The plan it goes into; for a new plan, its title and years from the file, and no id. */
  plan: { id: number | null; title: string; years: string; status: string };
  terms: EditTerms;
  preview: FrameworkPreview;
  warnings: Problem[];
  /** The plan changed since the file was checked: it must be uploaded again. */
  stale: boolean;
}

/** The signed-in person's own upload waiting here; anyone else's, or one already confirmed, is not found. */
async function uploadOf(
  db: Db,
  actor: Actor,
  uploadId: number,
  planId: number | null,
): Promise<FrameworkUploadRecord> {
  const upload = await findFrameworkUpload(db, uploadId);
  if (!upload || upload.user_id !== actorUserId(actor) || upload.plan_id !== planId)
    throw notFound(
      'There is no upload of yours waiting to be confirmed here: it may have been confirmed already, or replaced by a newer upload. Upload the file again.',
    );
  return upload;
}

const staleMessage =
  'The framework has changed since this file was checked, so what it would change is no longer what was shown. Nothing has been saved. Upload the file again to see what it would change now.';

/** What confirming the upload would change, compared with the plan as it is now. */
export async function previewFrameworkUpload(
  store: Store,
  actor: Actor,
  uploadId: number,
  planId: number | null,
): Promise<UploadPreview> {
  return transaction(store.db, async (trx) => {
    const upload = await uploadOf(trx, actor, uploadId, planId);
    const document = JSON.parse(upload.document) as FrameworkDocument;
    const plan = planId !== null ? await findPlanById(trx, planId) : null;
    if (planId !== null && !plan) throw notFound('There is no such plan.');
    const before = plan ? await loadFrameworkDocument(trx, plan.id) : null;
    const stale = plan ? (await fingerprint(trx, plan.id)) !== upload.base_sha256 : false;
    return {
      upload: {
        id: upload.id,
        fileName: upload.file_name,
        fileSize: upload.file_size,
        sha256: upload.file_sha256,
        createdAt: upload.created_at,
      },
      plan: plan
        ? { id: plan.id, title: plan.title, years: plan.years, status: plan.status }
        : { id: null, title: document.plan.title, years: document.plan.years, status: 'draft' },
      terms: editTerms(plan?.status ?? 'draft'),
      preview: previewFramework(before, document, await listDirectorates(trx)),
      warnings: JSON.parse(upload.warnings) as Problem[],
      stale,
    };
  });
}

export interface ConfirmedUpload {
  planId: number;
  createdPlan: boolean;
  counts: FrameworkPreview['counts'];
  /** The change was listed as a minor amendment (the plan is approved). */
  amended: boolean;
}

/**
 * Saves a checked upload, exactly as previewed, if its uploader confirms it and the plan has not
 * changed since it was checked (else CONFLICT, nothing saved). Into an approved plan it needs a
 * reason (INVALID_INPUT on `reason`), and outcomes and indicators the file leaves out are retired
 * with their figures kept; into a draft they are removed.
 */
export async function confirmFrameworkUpload(
  store: Store,
  actor: Actor,
  uploadId: number,
  planId: number | null,
  reason: string | null,
  clock: Clock,
): Promise<ConfirmedUpload> {
  const long = tooLong('reason', 'The reason', reason, REASON_MAX);
  if (long) throw new CairnError('INVALID_INPUT', long.message, [long]);
  if (planId === null) return confirmNewPlan(store, actor, uploadId, clock);
  const plan = await planOf(store, planId);
  const { result, amended } = await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx) => {
        const upload = await uploadOf(trx, actor, uploadId, planId);
        if ((await fingerprint(trx, planId)) !== upload.base_sha256)
          throw new CairnError('CONFLICT', staleMessage);
        const document = JSON.parse(upload.document) as FrameworkDocument;
        const status = (await findPlanById(trx, planId))?.status ?? plan.status;
        const before = await loadFrameworkDocument(trx, planId);
        const preview = previewFramework(before, document, await listDirectorates(trx));
        const today = isoNow(clock).slice(0, 10);
        let saved: SavedFramework;
        try {
          saved = await saveFramework(
            trx,
            document,
            { firstYear: plan.first_year, lastYear: plan.last_year },
            isoNow(clock),
            {
              planId,
              retire:
                editTerms(status) === 'amendment'
                  ? { on: today, reason: reason?.trim() || `Left out of ${upload.file_name}` }
                  : undefined,
            },
          );
        } catch (e) {
          throw asConflict(e, 'The framework was not saved');
        }
        const diff = diffIndicators(before.indicators, document.indicators);
        await auditIndicatorChanges(trx, actor, diff, planId, clock);
        await rerateIndicators(trx, await indicatorsWithFigures(trx, planId), actor, clock);
        await deleteFrameworkUpload(trx, upload.id);
        const summary = `Framework spreadsheet ${upload.file_name} uploaded: ${describeCounts(preview.counts)}`;
        return {
          result: { planId: saved.planId, counts: preview.counts },
          audit: {
            action: 'framework.upload',
            entity: 'plan',
            entityId: planId,
            before: { sha256: upload.base_sha256 },
            after: uploadRecord(upload, preview),
          },
          amendment: { entity: 'plan', entityId: planId, ref: 'Framework', summary },
        };
      },
    },
    clock,
  );
  return { ...result, createdPlan: false, amended };
}

/** What the audit record of an upload says: the file, and what it added, changed and retired. */
function uploadRecord(upload: FrameworkUploadRecord, preview: FrameworkPreview) {
  const keys = (k: 'added' | 'changed' | 'retired') => ({
    priorities: preview.priorities[k].map((i) => i.key),
    outcomes: preview.outcomes[k].map((i) => i.key),
    indicators: preview.indicators[k].map((i) => i.key),
  });
  return {
    file: upload.file_name,
    size: upload.file_size,
    sha256: upload.file_sha256,
    counts: preview.counts,
    added: keys('added'),
    changed: keys('changed'),
    retired: keys('retired'),
    directoratesAdded: preview.directorates.added.map((d) => d.key),
    directoratesRenamed: preview.directorates.renamed.map((d) => d.key),
  };
}

async function confirmNewPlan(
  store: Store,
  actor: Actor,
  uploadId: number,
  clock: Clock,
): Promise<ConfirmedUpload> {
  return transaction(store.db, async (trx) => {
    const upload = await uploadOf(trx, actor, uploadId, null);
    const document = JSON.parse(upload.document) as FrameworkDocument;
    if (await findPlanByTitle(trx, document.plan.title, document.plan.years))
      throw new CairnError(
        'CONFLICT',
        `A plan called ${document.plan.title} for ${document.plan.years} has been made since this file was checked. Nothing has been saved. Upload the file from that plan’s framework page instead.`,
      );
    const preview = previewFramework(null, document, await listDirectorates(trx));
    const saved = await saveFramework(trx, document, parsePlanYears(document.plan.years), isoNow(clock));
    await recordChange(
      trx,
      actor,
      {
        action: 'framework.create',
        entity: 'plan',
        entityId: saved.planId,
        after: { title: document.plan.title, years: document.plan.years, ...uploadRecord(upload, preview) },
      },
      clock,
    );
    await auditIndicatorChanges(trx, actor, diffIndicators([], document.indicators), saved.planId, clock);
    await deleteFrameworkUpload(trx, upload.id);
    return { planId: saved.planId, createdPlan: true, counts: preview.counts, amended: false };
  });
}
