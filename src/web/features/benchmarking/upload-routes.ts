/**
 * Uploading other councils' figures (issue 13), in three steps, for the performance team: (1) the file
 * (CSV or XLSX, size-capped) and where it comes from; (2) the column-mapping step — which of the file's
 * columns holds the council, the metric's code and title, the period, the figure and the optional
 * numerator, denominator and published average, or a value for the whole file, and which way is
 * better and the unit for metrics Cairn does not know yet — pre-filled from the mapping saved for the
 * source (else from the headers); (3) the import, all or nothing, in the background: its page shows how
 * far it has got, updating itself every few seconds without JavaScript (it can be switched off), then
 * a summary of what was imported or every problem located by row and column.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userActor } from '../../../app/audit.js';
import type { ColumnMapping } from '../../../app/benchmark-import.js';
import {
  importView,
  mappingStep,
  receiveDataUpload,
  startImport,
  type ImportView,
} from '../../../app/benchmark-uploads.js';
import { CairnError } from '../../../app/errors.js';
import {
  FIELD_LABEL,
  isPeriodHeader,
  LAYOUT_LABEL,
  MAPPED_FIELDS,
  METRIC_UNIT_LABEL,
  METRIC_UNITS,
  type MappedField,
  type MetricUnit,
} from '../../../domain/benchmark-mapping.js';
import {
  METRIC_POLARITIES,
  METRIC_POLARITY_LABEL,
  type MetricPolarity,
} from '../../../domain/benchmark-stats.js';
import { locate, type Problem } from '../../../domain/problem.js';
import { file, form, list, readBody, text } from '../../body.js';
import { MAX_UPLOAD_BYTES, type WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { id, readParams } from '../../params.js';
import { paths, query, routePatterns } from '../../paths.js';
import { benchmarkCrumbs } from './routes.js';

const MANAGE = { config: { access: 'manage-benchmarking' as const } };
const UploadBody = form({ file, source: text });
const ColumnsBody = form(
  Object.fromEntries(MAPPED_FIELDS.map((f) => [`column-${f}`, text])) as Record<string, typeof text>,
);
const MappingBody = form({
  periodColumns: list,
  metricCode: text,
  metricTitle: text,
  period: text,
  polarity: text,
  unit: text,
});
const ImportParams = z.object({ importId: id });
/** How long the mapping step's request waits for a small file's import before showing its progress. */
const WAIT_MS = 3000;
/** The progress page asks again this often (an HTTP Refresh, so no JavaScript is needed). */
const REFRESH_SECONDS = 3;

/** Fields asked for column by column; polarity and unit also have a choice for the whole file. */
const COLUMN_FIELDS: MappedField[] = [...MAPPED_FIELDS];

function mappingFromBody(chosen: Record<string, string>, b: z.infer<typeof MappingBody>): ColumnMapping {
  const columns: ColumnMapping['columns'] = {};
  for (const f of MAPPED_FIELDS) columns[f] = chosen[`column-${f}`]?.trim() || null;
  const polarity = (METRIC_POLARITIES as readonly string[]).includes(b.polarity)
    ? (b.polarity as MetricPolarity)
    : null;
  const unit = (METRIC_UNITS as readonly string[]).includes(b.unit) ? (b.unit as MetricUnit) : null;
  return {
    columns,
    ...(b.periodColumns.length ? { periodColumns: b.periodColumns } : {}),
    metricCode: b.metricCode.trim() || null,
    metricTitle: b.metricTitle.trim() || null,
    period: b.period.trim() || null,
    polarity,
    unit,
  };
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function benchmarkUploadRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  function uploadPage(reply: FastifyReply, source: string, problems: Problem[] = [], status = 200) {
    const { errorList, fieldErrors } = errorSummary(
      problems.map((p) => (p.field === 'source' ? p : { ...p, field: 'file' })),
      { fallbackHref: '#file', limit: 100 },
    );
    return reply.code(status).render('benchmarking/data-upload.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Upload other councils’ figures`,
      breadcrumbs: benchmarkCrumbs(),
      action: paths.benchmarkDataUpload(),
      errors: errorList,
      fieldErrors,
      source,
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    });
  }

  app.get(paths.benchmarkDataUpload(), MANAGE, async (_req, reply) => uploadPage(reply, ''));

  app.post(paths.benchmarkDataUpload(), MANAGE, async (req, reply) => {
    const body = readBody(UploadBody, req.body);
    try {
      const importId = await receiveDataUpload(
        store,
        actor(req),
        body.file ? { fileName: body.file.filename, bytes: await body.file.toBuffer() } : null,
        body.source,
        clock,
        MAX_UPLOAD_BYTES,
      );
      return reply.redirect(paths.benchmarkImportMapping(importId), 303);
    } catch (e) {
      if (e instanceof CairnError && (e.code === 'INVALID_INPUT' || e.code === 'IMPORT_REJECTED'))
        return uploadPage(reply, body.source, e.details.length ? e.details : [{ message: e.message }], 400);
      throw e;
    }
  });

  async function mappingPage(
    reply: FastifyReply,
    importId: number,
    opts: { mapping?: ColumnMapping; problems?: Problem[]; status?: number } = {},
  ) {
    let step;
    try {
      step = await mappingStep(store, importId, MAX_UPLOAD_BYTES);
    } catch (e) {
      // Already imported (or being imported): its own page says how it went.
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return reply.redirect(paths.benchmarkImport(importId), 303);
      throw e;
    }
    const { preview, upload } = step;
    const mapping = opts.mapping ?? preview.mapping;
    const problems = opts.problems ?? [];
    const { errorList, fieldErrors } = errorSummary(problems, { fallbackHref: '#column-area' });
    const headerOptions = (chosen: string | null | undefined) => [
      { value: '', text: 'Not in this file', selected: !chosen },
      ...preview.headers.filter(Boolean).map((h) => ({ value: h, text: h, selected: h === chosen })),
    ];
    const periodHeaders = preview.headers.filter((h) => h && isPeriodHeader(h));
    return reply.code(opts.status ?? 200).render('benchmarking/mapping.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Choose the columns: ${upload.fileName}`,
      breadcrumbs: benchmarkCrumbs([{ text: 'Upload figures', href: paths.benchmarkDataUpload() }]),
      action: paths.benchmarkImportMapping(importId),
      errors: errorList,
      fieldErrors,
      upload,
      layout: LAYOUT_LABEL[preview.layout],
      saved: preview.saved,
      sheet: preview.sheet,
      headerRow: preview.headerRow,
      headers: preview.headers,
      sample: preview.sample,
      fields: COLUMN_FIELDS.map((f) => ({
        id: `column-${f}`,
        label: FIELD_LABEL[f],
        options: headerOptions(mapping.columns[f]),
        error: fieldErrors[`column-${f}`] ?? null,
        required: f === 'area' || f === 'value' || f === 'period',
      })),
      periodColumns: periodHeaders.map((h) => ({
        value: h,
        text: h,
        checked: (mapping.periodColumns ?? []).includes(h),
      })),
      values: {
        metricCode: mapping.metricCode ?? '',
        metricTitle: mapping.metricTitle ?? '',
        period: mapping.period ?? '',
      },
      polarities: [
        {
          value: '',
          text: 'The file says (a column), or every metric is known already',
          checked: !mapping.polarity,
        },
        ...METRIC_POLARITIES.map((p) => ({
          value: p,
          text: METRIC_POLARITY_LABEL[p],
          checked: mapping.polarity === p,
        })),
      ],
      units: [
        { value: '', text: 'The file says (a column), or a number', selected: !mapping.unit },
        ...METRIC_UNITS.map((u) => ({ value: u, text: METRIC_UNIT_LABEL[u], selected: mapping.unit === u })),
      ],
    });
  }

  app.get(routePatterns.benchmarkImportMapping, MANAGE, async (req, reply) => {
    const { importId } = readParams(ImportParams, req.params, 'There is no such upload.');
    return mappingPage(reply, importId);
  });

  app.post(routePatterns.benchmarkImportMapping, MANAGE, async (req, reply) => {
    const { importId } = readParams(ImportParams, req.params, 'There is no such upload.');
    const mapping = mappingFromBody(readBody(ColumnsBody, req.body), readBody(MappingBody, req.body));
    let done: Promise<void>;
    try {
      ({ done } = await startImport(store, actor(req), importId, mapping, clock, MAX_UPLOAD_BYTES));
    } catch (e) {
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return mappingPage(reply, importId, { mapping, problems: e.details, status: 400 });
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return reply.redirect(paths.benchmarkImport(importId), 303);
      throw e;
    }
    // A small file is done before the page is shown; a large one shows its progress meanwhile.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, WAIT_MS)))]);
    clearTimeout(timer);
    return reply.redirect(paths.benchmarkImport(importId), 303);
  });

  app.get<{ Querystring: { refresh?: string } }>(
    routePatterns.benchmarkImport,
    MANAGE,
    async (req, reply) => {
      const { importId } = readParams(ImportParams, req.params, 'There is no such upload.');
      const view = await importView(store, importId, clock);
      const stopped = req.query.refresh === 'off';
      if (view.status === 'running' && !stopped) reply.header('refresh', String(REFRESH_SECONDS));
      return reply.render('benchmarking/import.njk', {
        pageTitle: `${view.status === 'mapping' && view.problems.length ? 'Error: ' : ''}${TITLE[view.status]}: ${view.fileName}`,
        breadcrumbs: benchmarkCrumbs([{ text: 'Upload figures', href: paths.benchmarkDataUpload() }]),
        heading: TITLE[view.status],
        view: importPageView(view),
        errors:
          view.status === 'mapping'
            ? view.problems.slice(0, 100).map((p) => ({ text: locate(p), href: '#problems' }))
            : [],
        refreshing: view.status === 'running' && !stopped,
        refreshSeconds: REFRESH_SECONDS,
        stopUrl: `${paths.benchmarkImport(importId)}${query({ refresh: 'off' })}`,
        againUrl: paths.benchmarkImport(importId),
        mappingUrl: paths.benchmarkImportMapping(importId),
        uploadUrl: paths.benchmarkDataUpload(),
      });
    },
  );
}

const TITLE: Record<ImportView['status'], string> = {
  mapping: 'The file was not imported',
  running: 'Importing the figures',
  done: 'The figures have been imported',
  failed: 'The file was not imported',
  interrupted: 'The import was interrupted',
};

function importPageView(v: ImportView) {
  const percent =
    v.progress && v.bytesTotal ? Math.min(100, Math.round((v.progress.bytesRead / v.bytesTotal) * 100)) : 0;
  return {
    status: v.status,
    source: v.source,
    fileName: v.fileName,
    progress: v.progress
      ? {
          percent,
          rows: plural(v.progress.rows, 'row'),
          figures: plural(v.progress.figures, 'figure'),
          rate:
            v.progress.elapsedMs > 0
              ? Math.round((v.progress.rows / v.progress.elapsedMs) * 1000).toLocaleString('en-GB')
              : null,
        }
      : null,
    notStarted: v.status === 'mapping' && v.problems.length === 0,
    problems: v.problems.map((p) => locate(p)),
    summary: v.summary
      ? [
          { key: 'Source', value: v.summary.source },
          { key: 'Rows read', value: v.summary.rows.toLocaleString('en-GB') },
          { key: 'Figures imported', value: v.summary.figures.toLocaleString('en-GB') },
          { key: 'Rows with no figure (left out)', value: v.summary.noFigure.toLocaleString('en-GB') },
          { key: 'Published averages', value: v.summary.averages.toLocaleString('en-GB') },
          {
            key: 'Metrics',
            value: `${v.summary.metrics.toLocaleString('en-GB')}${v.summary.newMetrics.length ? ` (${v.summary.newMetrics.length} new: ${v.summary.newMetrics.slice(0, 20).join(', ')}${v.summary.newMetrics.length > 20 ? ' …' : ''})` : ''}`,
          },
          { key: 'Periods', value: v.summary.periods.join(', ') || '–' },
          {
            key: 'Time taken',
            value: `${v.summary.seconds.toFixed(1)} seconds (${Math.round(v.summary.rowsPerSecond).toLocaleString('en-GB')} rows a second)`,
          },
        ]
      : null,
  };
}
