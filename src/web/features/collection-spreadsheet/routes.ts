/**
 * The return spreadsheet on the web: "Download my return" (the signed-in person's indicators for a
 * round as XLSX; every indicator for the performance team) and "Upload your return" (a file upload
 * form; every problem listed in the error summary by row and column, nothing saved unless every
 * row is right). The checking and saving are app/collection/import-values.ts, shared with the CLI.
 */
import type { Problem } from '../../../domain/problem.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { exportReturn } from '../../../app/collection/export-return.js';
import { importValues, type ImportSummary } from '../../../app/collection/import-values.js';
import { getRound, type RoundView } from '../../../app/collection/rounds.js';
import { CairnError } from '../../../app/errors.js';
import { errorSummary } from '../../error-summary.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { checkUpload, UploadForm } from './upload.js';
import { sendDownload } from '../../download.js';
import { FORMAT_INFO } from '../../../render/formats.js';
import { requireId } from '../../params.js';
import { readBody } from '../../body.js';

const COLLECT = { config: { access: 'collect' as const } };
/** The error summary lists this many problems, then says how many more there are. */
export const MAX_LISTED_PROBLEMS = 100;

type RoundParams = { Params: { roundId: string } };

export function returnSpreadsheetRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  async function roundOf(text: string): Promise<RoundView> {
    return getRound(store, requireId(text, 'There is no such collection round.'));
  }

  const breadcrumbs = (round: RoundView) => [
    { text: 'Collection', href: paths.collection() },
    { text: `Your updates for ${round.periodLabel}`, href: paths.yourUpdates(round.id) },
  ];

  function uploadPage(
    reply: FastifyReply,
    round: RoundView,
    opts: { problems?: Problem[]; stepError?: string | null; step?: string; status?: number } = {},
  ) {
    const problems = opts.problems ?? [];
    const stepError = opts.stepError ?? null;
    const listed = errorSummary(problems, {
      fallbackHref: '#file',
      limit: MAX_LISTED_PROBLEMS,
    }).errorList;
    return reply.code(opts.status ?? 200).render('collection-spreadsheet/upload.njk', {
      pageTitle: `${listed.length ? 'Error: ' : ''}Upload your return for ${round.periodLabel}`,
      breadcrumbs: breadcrumbs(round),
      round,
      errors: listed,
      fileError: problems.length
        ? `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found. Nothing has been saved: correct the file and upload it again.`
        : null,
      stepError,
      step: opts.step ?? 'save',
      downloadUrl: paths.returnSpreadsheet(round.id),
      uploadUrl: paths.uploadReturn(round.id),
    });
  }

  app.get<RoundParams>(routePatterns.returnSpreadsheet, COLLECT, async (req, reply) => {
    const round = await roundOf(req.params.roundId);
    const { bytes, fileName } = await exportReturn(store, req.session!.user, round.id);
    return sendDownload(reply, { bytes, contentType: FORMAT_INFO.xlsx.contentType, name: fileName });
  });

  app.get<RoundParams>(routePatterns.uploadReturn, COLLECT, async (req, reply) =>
    uploadPage(reply, await roundOf(req.params.roundId)),
  );

  app.post<RoundParams>(routePatterns.uploadReturn, COLLECT, async (req, reply) => {
    const round = await roundOf(req.params.roundId);
    const upload = await checkUpload(readBody(UploadForm, req.body));
    if (!upload.ok)
      return uploadPage(reply, round, {
        problems: upload.problems,
        stepError: upload.stepError,
        step: upload.step,
        status: 400,
      });
    let summary: ImportSummary;
    try {
      const result = await importValues(
        store,
        req.session!.user,
        round.id,
        upload.bytes,
        upload.fileName,
        clock,
        { step: upload.step },
      );
      if (!result.ok)
        return uploadPage(reply, round, { problems: result.problems, step: upload.step, status: 400 });
      summary = result.summary;
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return uploadPage(reply, round, {
          problems: [{ row: null, column: null, message: e.message }],
          step: upload.step,
          status: 409,
        });
      throw e;
    }
    return reply.render('collection-spreadsheet/uploaded.njk', {
      pageTitle: `Return uploaded for ${round.periodLabel}`,
      breadcrumbs: breadcrumbs(round),
      round,
      summary,
      fileName: upload.fileName,
      yourUpdatesUrl: paths.yourUpdates(round.id),
    });
  });
}
