/**
 * Importing other councils' figures (issue 13): a CSV or XLSX file, of any size, streamed. The file's
 * columns are mapped onto Cairn's tidy layout (found from the headers, or as chosen in the mapping
 * step, and saved for the source's next file); every row is checked — its council through the name
 * lookup, its metric, period and figure — and the figures are written in batches in one transaction,
 * which commits only if every row was right: a file with any problem saves nothing, and says where
 * each problem is. Progress (bytes read, rows, rows a second) is reported as it goes.
 *
 * On SQLite the import writes through a connection of its own, so the web server's connection stays
 * free to serve pages while a large file loads (WAL lets them read meanwhile).
 */
import { performance } from 'node:perf_hooks';
import {
  detectMapping,
  isPeriodHeader,
  resolveMapping,
  type ColumnMapping,
  type Layout,
  type MetricUnit,
} from '../domain/benchmark-mapping.js';
import {
  BenchmarkRowChecker,
  type CheckedAverage,
  type CheckedFigure,
  type KnownMetrics,
} from '../domain/benchmark-rows.js';
import type { Problem } from '../domain/problem.js';
import { openRows, type FileInput, type FileRow, type RowSource } from '../importers/benchmark/rows.js';
import { SpreadsheetError } from '../importers/spreadsheet.js';
import {
  bumpDataVersion,
  insertMetric,
  metricsOfSource,
  saveMapping,
  savedMapping,
  upsertAverages,
  upsertValues,
  type ValueRow,
} from '../storage/benchmark-values.js';
import { openStore, type Store } from '../storage/database.js';
import { transaction, type Trx } from '../storage/transaction.js';
import { areaDirectory, ensureReference } from './benchmark-reference.js';
import { recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, invalidInput } from './errors.js';

export type { FileInput };
export type { ColumnMapping };

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  figures: number;
  elapsedMs: number;
}

export interface BenchmarkImportOptions {
  /** Where the figures come from, e.g. "LG Inform": metrics are known by source and code. */
  source: string;
  /** The columns, if not the source's saved mapping (or, with neither, what the headers suggest). */
  mapping?: ColumnMapping;
  /** Laid over the mapping (given, saved or suggested): columns field by field, and the file's defaults. */
  overrides?: Partial<ColumnMapping>;
  /** Check the file and report, saving nothing. */
  dryRun?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** The largest file accepted (the browser's upload cap is lower than the command line's). */
  maxBytes?: number;
}

export interface BenchmarkImportSummary {
  source: string;
  fileName: string;
  layout: Layout;
  rows: number;
  figures: number;
  averages: number;
  /** Rows with no figure ("..", "c", blank): left out. */
  noFigure: number;
  metrics: number;
  newMetrics: string[];
  periods: string[];
  seconds: number;
  rowsPerSecond: number;
  dryRun: boolean;
  mapping: ColumnMapping;
}

/** A file's first rows and the mapping to start the mapping step from. */
export interface BenchmarkFilePreview {
  sheet: string;
  headers: string[];
  headerRow: number;
  sample: string[][];
  layout: Layout;
  mapping: ColumnMapping;
  /** True when the mapping is the one saved for the source. */
  saved: boolean;
}

const SOURCE_MAX = 100;

export function checkSource(source: string | undefined): string {
  const s = (source ?? '').trim();
  if (!s)
    throw new CairnError(
      'INVALID_INPUT',
      'Say where the figures come from (the source), such as "LG Inform".',
      [{ field: 'source', message: 'Enter where the figures come from, such as LG Inform' }],
    );
  if (s.length > SOURCE_MAX)
    throw new CairnError('INVALID_INPUT', `A source's name is at most ${SOURCE_MAX} characters.`, [
      { field: 'source', message: `Enter at most ${SOURCE_MAX} characters (you entered ${s.length})` },
    ]);
  return s;
}

/** How many of a row's cells are known headers: the header row is the one with the most. */
function headerScore(cells: readonly string[]): number {
  const detected = detectMapping(cells.map((c) => c.trim()));
  const named = Object.values(detected.mapping.columns).filter(Boolean).length;
  return (
    named + (detected.mapping.periodColumns?.length ?? 0) + (cells.some((c) => isPeriodHeader(c)) ? 1 : 0)
  );
}

const HEADER_SEARCH_ROWS = 30;

interface Opened {
  source: RowSource;
  headers: string[];
  headerRow: number;
  /** Rows read after the header while looking for it (blank ones among them). */
  buffered: FileRow[];
  /** The rest of the file, a batch of rows at a time. */
  rest: AsyncIterator<FileRow[]>;
}

/** Opens a file and finds its header row among the first rows (below any title rows). */
async function openWithHeader(input: FileInput, maxBytes?: number): Promise<Opened> {
  let source: RowSource;
  try {
    source = await openRows(input, maxBytes);
  } catch (e) {
    if (e instanceof SpreadsheetError)
      throw new CairnError('IMPORT_REJECTED', e.message, [{ message: e.message }]);
    throw e;
  }
  const it = source.batches[Symbol.asyncIterator]();
  const first: FileRow[] = [];
  let after: FileRow[] = [];
  try {
    search: while (first.length < HEADER_SEARCH_ROWS) {
      const next = await it.next();
      if (next.done) break;
      for (const [i, r] of next.value.entries()) {
        if (r.cells.some((c) => c.trim() !== '')) first.push(r);
        if (first.length >= HEADER_SEARCH_ROWS) {
          after = next.value.slice(i + 1);
          break search;
        }
      }
    }
  } catch (e) {
    source.close();
    if (e instanceof SpreadsheetError)
      throw new CairnError('IMPORT_REJECTED', e.message, [{ message: e.message }]);
    throw e;
  }
  if (first.length === 0) {
    source.close();
    throw new CairnError('IMPORT_REJECTED', `${input.fileName} has no rows.`, [
      { message: 'The file has no rows' },
    ]);
  }
  let at = 0;
  let best = -1;
  first.forEach((r, i) => {
    const s = headerScore(r.cells);
    if (s > best) {
      best = s;
      at = i;
    }
  });
  if (best < 2) at = 0;
  const header = first[at]!;
  return {
    source,
    headers: header.cells.map((c) => c.trim()),
    headerRow: header.row,
    buffered: [...first.slice(at + 1), ...after],
    rest: it,
  };
}

function parseSavedMapping(text: string | null): ColumnMapping | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as ColumnMapping;
  } catch {
    return null;
  }
}

/** The saved mapping applies to a file only if every column it names is in the file. */
function fits(mapping: ColumnMapping, headers: readonly string[]): boolean {
  const have = new Set(headers);
  const named = [
    ...Object.values(mapping.columns).filter((h): h is string => Boolean(h)),
    ...(mapping.periodColumns ?? []),
  ];
  return named.every((h) => have.has(h));
}

/** The file's header and first rows, and the mapping the mapping step starts from. */
export async function previewBenchmarkFile(
  store: Store,
  input: FileInput,
  source: string,
  opts: { maxBytes?: number; sample?: number } = {},
): Promise<BenchmarkFilePreview> {
  const opened = await openWithHeader(input, opts.maxBytes);
  try {
    const want = opts.sample ?? 5;
    const sample: string[][] = [];
    const take = (rows: FileRow[]) => {
      for (const r of rows)
        if (sample.length < want && r.cells.some((c) => c.trim() !== '')) sample.push(r.cells);
    };
    take(opened.buffered);
    while (sample.length < want) {
      const next = await opened.rest.next();
      if (next.done) break;
      take(next.value);
    }
    const detected = detectMapping(opened.headers);
    const saved = parseSavedMapping(await savedMapping(store.db, source));
    const useSaved = saved !== null && fits(saved, opened.headers);
    return {
      sheet: opened.source.sheet,
      headers: opened.headers,
      headerRow: opened.headerRow,
      sample,
      layout: detected.layout,
      mapping: useSaved ? saved : detected.mapping,
      saved: useSaved,
    };
  } finally {
    opened.source.close();
  }
}

/** Thrown inside the transaction to roll it back when the file had problems. */
class Rejected extends Error {}

const BATCH = 10_000;

/**
 * Imports a file of figures. Throws CairnError IMPORT_REJECTED with every problem (up to 200 listed,
 * the rest counted) if any row is wrong — nothing is saved then — or INVALID_INPUT for a mapping that
 * does not fit the file (problems on the mapping's fields).
 */
export async function importBenchmarkData(
  store: Store,
  actor: Actor,
  input: FileInput,
  opts: BenchmarkImportOptions,
  clock: Clock,
): Promise<BenchmarkImportSummary> {
  const source = checkSource(opts.source);
  const started = performance.now();
  await ensureReference(store, clock);
  const directory = await areaDirectory(store);
  const opened = await openWithHeader(input, opts.maxBytes);
  const detected = detectMapping(opened.headers);
  const saved = opts.mapping ? null : parseSavedMapping(await savedMapping(store.db, source));
  const base = opts.mapping ?? (saved && fits(saved, opened.headers) ? saved : detected.mapping);
  const mapping = withOverrides(base, opts.overrides);
  const resolved = resolveMapping(opened.headers, mapping);
  if (!resolved.ok) {
    opened.source.close();
    throw new CairnError(
      'INVALID_INPUT',
      `The columns of ${input.fileName} are not all mapped: ${resolved.problems.map((p) => p.message).join('; ')}.`,
      resolved.problems,
    );
  }
  const knownRows = await metricsOfSource(store.db, source);
  const known: KnownMetrics = new Map(knownRows.map((m) => [m.code, { polarity: m.polarity, unit: m.unit }]));
  const metricIds = new Map(knownRows.map((m) => [m.code, m.id]));
  const checker = new BenchmarkRowChecker(
    resolved.resolved,
    directory,
    known,
    opened.source.sheet,
    opened.headers,
  );

  const progress = () =>
    opts.onProgress?.({
      bytesRead: opened.source.bytesRead(),
      totalBytes: opened.source.totalBytes,
      rows: checker.rows,
      figures: checker.figures,
      elapsedMs: performance.now() - started,
    });
  let lastProgress = 0;

  const newMetrics: string[] = [];
  const created = new Set<string>();
  const averages = new Map<string, CheckedAverage>();

  async function metricIdOf(trx: Trx, code: string): Promise<number> {
    let id = metricIds.get(code);
    if (id !== undefined) return id;
    const seen = checker.metrics.get(code)!;
    id = await insertMetric(trx, {
      source,
      code,
      title: seen.title,
      polarity: seen.polarity!,
      unit:
        seen.unit ?? (resolved.ok ? resolved.resolved.fixed.unit : null) ?? ('number' satisfies MetricUnit),
    });
    metricIds.set(code, id);
    created.add(code);
    newMetrics.push(code);
    return id;
  }

  // The batch being written: the next is checked meanwhile (on PostgreSQL the server writes while
  // Node reads on), and awaited before the next write, so at most two batches are held.
  let writing: Promise<void> | null = null;
  async function settle(): Promise<void> {
    const w = writing;
    writing = null;
    await w;
  }

  async function flush(trx: Trx | null, batch: CheckedFigure[]): Promise<void> {
    if (!trx || checker.problemCount > 0 || batch.length === 0) return;
    await settle();
    for (const f of batch) if (!metricIds.has(f.metric)) await metricIdOf(trx, f.metric);
    // Figures of metrics this import created cannot be stored yet: inserted, not upserted.
    const fresh: ValueRow[] = [];
    const known: ValueRow[] = [];
    for (const f of batch)
      (created.has(f.metric) ? fresh : known).push({
        metricId: metricIds.get(f.metric)!,
        periodCode: f.periodCode,
        councilId: f.councilId,
        value: f.value,
        numerator: f.numerator,
        denominator: f.denominator,
      });
    writing = upsertValues(trx, fresh, { noneStored: true }).then(() => upsertValues(trx, known));
    // Awaited by the next flush (or the end); until then a failure must not go unhandled.
    writing.catch(() => undefined);
  }

  async function run(trx: Trx | null): Promise<void> {
    let batch: CheckedFigure[] = [];
    const avgs: CheckedAverage[] = [];
    const accept = (rows: readonly FileRow[]) => {
      for (const r of rows) checker.check(r.row, r.cells, batch, avgs);
      if (avgs.length)
        for (const a of avgs.splice(0)) averages.set(`${a.metric}\u0000${a.periodCode}\u0000${a.label}`, a);
    };
    const maybeFlush = async () => {
      if (batch.length < BATCH) return;
      await flush(trx, batch);
      batch = [];
      const now = performance.now();
      if (now - lastProgress > 100) {
        lastProgress = now;
        progress();
      }
    };
    try {
      accept(opened.buffered);
      await maybeFlush();
      for (;;) {
        let next: IteratorResult<FileRow[]>;
        try {
          next = await opened.rest.next();
        } catch (e) {
          if (e instanceof SpreadsheetError) {
            checker.problems.push({ sheet: opened.source.sheet, message: e.message });
            checker.problemCount++;
            break;
          }
          throw e;
        }
        if (next.done) break;
        accept(next.value);
        await maybeFlush();
        // Reading and checking a chunk may await only promises already settled: let the server answer
        // the requests waiting meanwhile (the progress page among them) after each one.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await flush(trx, batch);
    } finally {
      await settle();
    }
    progress();
    if (checker.problemCount === 0 && checker.figures === 0 && checker.averages === 0) {
      checker.problems.push({ sheet: opened.source.sheet, message: 'The file has no figures to import' });
      checker.problemCount++;
    }
    if (checker.problemCount > 0) throw new Rejected();
    if (!trx) return;
    const avgRows = [];
    for (const a of averages.values())
      avgRows.push({
        metricId: await metricIdOf(trx, a.metric),
        periodCode: a.periodCode,
        label: a.label,
        value: a.value,
      });
    await upsertAverages(trx, avgRows);
    await saveMapping(trx, source, JSON.stringify(mapping), isoNow(clock), actor.name);
    await recordChange(
      trx,
      actor,
      {
        action: 'benchmark.import',
        entity: 'benchmark_metric',
        entityId: source,
        after: {
          source,
          file: input.fileName,
          figures: checker.figures,
          averages: averages.size,
          metrics: checker.metrics.size,
          newMetrics: newMetrics.length,
          periods: [...checker.periods].sort(),
        },
      },
      clock,
    );
    await bumpDataVersion(trx);
  }

  // SQLite: a connection of the import's own, so the store's stays free meanwhile.
  const own =
    !opts.dryRun && store.dialect === 'sqlite' && store.location !== ':memory:'
      ? openStore(store.location)
      : null;
  try {
    if (opts.dryRun) await run(null);
    else await transaction((own ?? store).db, (trx) => run(trx));
  } catch (e) {
    if (e instanceof Rejected) {
      const more = checker.problemCount - checker.problems.length;
      const problems: Problem[] =
        more > 0
          ? [...checker.problems, { message: `And ${more} more problems like these.` }]
          : checker.problems;
      throw new CairnError(
        'IMPORT_REJECTED',
        `${input.fileName} has ${checker.problemCount} ${checker.problemCount === 1 ? 'problem' : 'problems'}. Nothing has been saved: correct the file and import it again.`,
        problems,
      );
    }
    throw e;
  } finally {
    opened.source.close();
    await own?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    source,
    fileName: input.fileName,
    layout: detected.layout,
    rows: checker.rows,
    figures: checker.figures,
    averages: averages.size,
    noFigure: checker.noFigure,
    metrics: checker.metrics.size,
    newMetrics,
    periods: [...checker.periods].sort(),
    seconds,
    rowsPerSecond: seconds > 0 ? checker.rows / seconds : checker.rows,
    dryRun: Boolean(opts.dryRun),
    mapping,
  };
}

/** A mapping with changes laid over it: columns field by field, the rest as given. */
export function withOverrides(
  base: ColumnMapping,
  overrides: Partial<ColumnMapping> | undefined,
): ColumnMapping {
  if (!overrides) return base;
  const { columns, ...rest } = overrides;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...base, ...defined, columns: { ...base.columns, ...(columns ?? {}) } };
}

/** Reads a mapping given as JSON (the mapping step's, or `cairn benchmark import --mapping FILE`). */
export function readMappingJson(text: string): ColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalidInput(`The mapping is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!value || typeof value !== 'object' || !('columns' in value) || typeof value.columns !== 'object')
    throw invalidInput(
      'The mapping must be an object with "columns", e.g. {"columns": {"area": "Area code", "value": "Value"}}.',
    );
  return value as ColumnMapping;
}
