/**
 * Uploading other councils' figures in the browser (issue 13), in three steps: the file is received
 * and kept (benchmark_import), its columns are chosen on the mapping step (starting from the mapping
 * saved for its source), then it is imported — all or nothing, by app/benchmark-import.ts — in the
 * background of the web process, so that a large file does not hold the request: the page that
 * follows shows the rows done so far (refreshing itself, no JavaScript needed), then the summary or
 * every problem. A refused file goes back to the mapping step, to be mapped again or replaced.
 */
import { resolveMapping, type ColumnMapping } from '../domain/benchmark-mapping.js';
import type { Problem } from '../domain/problem.js';
import {
  findImport,
  finishImport,
  insertImport,
  moveImport,
  recentImports,
} from '../storage/benchmark-imports.js';
import { formatOf } from '../importers/spreadsheet.js';
import {
  checkSource,
  importBenchmarkData,
  previewBenchmarkFile,
  type BenchmarkFilePreview,
  type BenchmarkImportSummary,
  type ImportProgress,
} from './benchmark-import.js';
import { actorUserId, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import type { Store } from './store.js';

export interface DataUploadFile {
  fileName: string;
  bytes: Buffer;
}

/** Receives a file of figures: checks it opens and has a header row, and keeps it for the mapping step. */
export async function receiveDataUpload(
  store: Store,
  actor: Actor,
  file: DataUploadFile | null,
  sourceText: string,
  clock: Clock,
  maxBytes: number,
): Promise<number> {
  const problems: Problem[] = [];
  let source = '';
  try {
    source = checkSource(sourceText);
  } catch (e) {
    if (e instanceof CairnError) problems.push(...e.details);
    else throw e;
  }
  if (!file || file.bytes.length === 0)
    problems.push({ field: 'file', message: 'Choose a CSV file or an Excel workbook (.xlsx) of figures' });
  else if (!/\.(csv|xlsx)$/i.test(file.fileName))
    problems.push({ field: 'file', message: 'The file must be a CSV file or an Excel workbook (.xlsx)' });
  if (problems.length) throw new CairnError('INVALID_INPUT', 'The file could not be uploaded.', problems);
  formatOf(file!.fileName);
  await previewBenchmarkFile(store, { fileName: file!.fileName, bytes: file!.bytes }, source, { maxBytes });
  return insertImport(store.db, {
    source,
    fileName: file!.fileName,
    content: file!.bytes,
    at: isoNow(clock),
    by: actorUserId(actor),
  });
}

export interface ImportView {
  id: number;
  source: string;
  fileName: string;
  status: 'mapping' | 'running' | 'done' | 'failed' | 'interrupted';
  bytesTotal: number;
  /** While running: how far it has gone. */
  progress: ImportProgress | null;
  summary: BenchmarkImportSummary | null;
  /** The problems of the last attempt (status back at 'mapping'), if it was refused. */
  problems: Problem[];
  rowsDone: number;
  createdAt: string;
}

interface Job {
  progress: ImportProgress | null;
  done: Promise<void>;
}

const jobs = new WeakMap<Store, Map<number, Job>>();
const jobsOf = (store: Store): Map<number, Job> => {
  let m = jobs.get(store);
  if (!m) {
    m = new Map();
    jobs.set(store, m);
  }
  return m;
};

/** A running import with no job in this process after this long was cut off (the server restarted). */
const INTERRUPTED_AFTER_MS = 60 * 60 * 1000;

export async function importView(store: Store, id: number, clock: Clock): Promise<ImportView> {
  const row = await findImport(store.db, id);
  if (!row || row.kind !== 'data') throw notFound('There is no such upload.');
  const job = jobsOf(store).get(id);
  let status = row.status as ImportView['status'];
  if (
    status === 'running' &&
    !job &&
    clock.now().getTime() - Date.parse(row.created_at) > INTERRUPTED_AFTER_MS
  )
    status = 'interrupted';
  const result = row.result
    ? (JSON.parse(row.result) as { summary?: BenchmarkImportSummary; problems?: Problem[] })
    : {};
  return {
    id: row.id,
    source: row.source,
    fileName: row.file_name,
    status,
    bytesTotal: row.bytes_total,
    progress: job?.progress ?? null,
    summary: status === 'done' ? (result.summary ?? null) : null,
    problems: result.problems ?? [],
    rowsDone: row.rows_done,
    createdAt: row.created_at,
  };
}

/** The mapping step's file: its headers, first rows and the mapping to start from. */
export async function mappingStep(
  store: Store,
  id: number,
  maxBytes: number,
): Promise<{
  upload: { id: number; source: string; fileName: string; status: string };
  preview: BenchmarkFilePreview;
}> {
  const row = await findImport(store.db, id);
  if (!row || row.kind !== 'data') throw notFound('There is no such upload.');
  if (row.status !== 'mapping' || !row.content)
    throw new CairnError('CONFLICT', `${row.file_name} has already been imported, or is being imported now.`);
  const preview = await previewBenchmarkFile(
    store,
    { fileName: row.file_name, bytes: Buffer.from(row.content) },
    row.source,
    { maxBytes },
  );
  const saved = row.mapping ? (JSON.parse(row.mapping) as ColumnMapping) : null;
  return {
    upload: { id: row.id, source: row.source, fileName: row.file_name, status: row.status },
    preview: saved ? { ...preview, mapping: saved, saved: false } : preview,
  };
}

/**
 * Starts importing an upload with the columns chosen: checks the mapping against the file first
 * (INVALID_INPUT with problems on the form's fields), then imports in the background. Resolves with
 * the job's completion promise, for whoever wants to wait (a test, or a small file's request).
 */
export async function startImport(
  store: Store,
  actor: Actor,
  id: number,
  mapping: ColumnMapping,
  clock: Clock,
  maxBytes: number,
): Promise<{ done: Promise<void> }> {
  const step = await mappingStep(store, id, maxBytes);
  const resolved = resolveMapping(step.preview.headers, mapping);
  if (!resolved.ok)
    throw new CairnError('INVALID_INPUT', 'The columns are not all chosen.', resolved.problems);
  if (!(await moveImport(store.db, id, 'mapping', { status: 'running', mapping: JSON.stringify(mapping) })))
    throw new CairnError('CONFLICT', `${step.upload.fileName} is being imported already.`);
  const row = (await findImport(store.db, id))!;
  const job: Job = { progress: null, done: Promise.resolve() };
  jobsOf(store).set(id, job);
  job.done = (async () => {
    try {
      const summary = await importBenchmarkData(
        store,
        actor,
        { fileName: row.file_name, bytes: Buffer.from(row.content!) },
        {
          source: row.source,
          mapping,
          maxBytes,
          onProgress: (p) => {
            job.progress = p;
          },
        },
        clock,
      );
      await finishImport(store.db, id, {
        status: 'done',
        result: JSON.stringify({ summary }),
        rows: summary.rows,
        bytes: row.bytes_total,
        at: isoNow(clock),
      });
    } catch (e) {
      const problems: Problem[] =
        e instanceof CairnError
          ? [{ message: e.message }, ...e.details]
          : [
              {
                message:
                  'The import stopped because of a problem in Cairn. Nothing has been saved: try again, and tell your administrator if it happens again.',
              },
            ];
      // Back to the mapping step: the columns can be chosen again, or another file uploaded.
      await finishImport(store.db, id, {
        status: 'mapping',
        result: JSON.stringify({ problems }),
        rows: job.progress?.rows ?? 0,
        bytes: job.progress?.bytesRead ?? 0,
        at: isoNow(clock),
      }).catch(() => undefined);
    } finally {
      jobsOf(store).delete(id);
    }
  })();
  return { done: job.done };
}

export async function recentUploads(store: Store) {
  return recentImports(store.db);
}
