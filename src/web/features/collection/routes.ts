/**
 * The collection round's pages: the rounds (open one, follow its progress, lock it), "Your updates"
 * (the data owner's task list and the update form, with the rating shown before saving and evidence),
 * and the approver's queue (approve or return, rate outcomes). Roles are checked per route; which
 * figure a person may touch is checked in the use cases (app/collection/*), so changing an id in the
 * address or the form gains nothing.
 */
import { riskReviewsWaitingCount, riskTasks } from '../risk/review-routes.js';
import { ownsOpenRisks } from '../../../app/risks/reviews.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  figureForPerson,
  judgeOutcome,
  previewFigure,
  reviewFigure,
  saveFigure,
  storedPreview,
  type FigureContext,
} from '../../../app/collection/figures.js';
import { addEvidence, evidenceFile, evidenceFor, EVIDENCE_TYPES } from '../../../app/collection/evidence.js';
import { mayReview, runsCollection } from '../../../app/collection/permissions.js';
import {
  awaitingApproval,
  daysToDue,
  getRound,
  lockPreview,
  lockRound,
  openRound,
  reopenRound,
  roundProgress,
  yourUpdates,
} from '../../../app/collection/rounds.js';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { buildScorecard, planQuarters } from '../../../app/scorecard.js';
import { FIGURE_STATES, SUBMISSION_STATES, STATE_LABEL } from '../../../domain/collection.js';
import { directorates, indicatorsAssignedTo, rounds as listRounds } from '../../../app/collection/reading.js';
import { findPerson } from '../../../app/access/people.js';
import { findPlan, livePlans } from '../../../app/performance.js';
import { requireId } from '../../params.js';
import { checked, file, form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { ragView } from '../../view-model.js';
import { actionTasks } from './action-routes.js';
import { actionUpdatesWaiting } from '../../../app/collection/action-approvals.js';
import {
  dateTime,
  dueSentence,
  errorView,
  doneBanner,
  lockConfirmView,
  longDate,
  progressRows,
  FigureForm,
  reviewView,
  roundBanner,
  stateTag,
  storedValues,
  taskList,
  toInput,
  updateFormView,
  type FormValues,
} from './presenter.js';
import { formatPeriod } from '../../../domain/periods.js';
import { roundView, type RoundView } from '../../../app/collection/rounds.js';
import { errorSummary } from '../../error-summary.js';
import { sendDownload } from '../../download.js';
import type { Problem } from '../../../domain/problem.js';
import { outlookHint } from './outlook-hint.js';

const COLLECT = { config: { access: 'collect' as const } };
const REVIEW = { config: { access: 'review' as const } };
const RUN = { config: { access: 'run-collection' as const } };

type RoundParams = { Params: { roundId: string } };
type ItemParams = { Params: { roundId: string; indicatorId: string } };

const idOf = (text: string, what: string) => requireId(text, `There is no such ${what}.`);

const NewRoundBody = form({ planId: text, period: text, dueDate: text, remindDaysBefore: text });
const LockBody = form({ confirm: checked });
const ReopenBody = form({ reason: text });
/** Which button sent the update form: preview, save, submit or correct (FigureForm reads its fields). */
const UpdateBody = form({ action: text });
/** The evidence forms: a file (multipart), or a link and its name. */
const EvidenceBody = form({ evidenceFile: file, evidenceUrl: text, evidenceName: text });
const ApprovalBody = form({ decision: text, comment: text, version });
const OutcomeRatingBody = form({ rating: text, reason: text });

export function collectionRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const me = (req: FastifyRequest) => req.session!.user;

  app.get(paths.collection(), COLLECT, async (req, reply) => {
    const user = me(req);
    const rounds = await listRounds(store);
    const assigned = (await indicatorsAssignedTo(store, user.id)).length > 0;
    const ownsRisks = await ownsOpenRisks(store, user.id);
    const items = [];
    for (const r of rounds) {
      const view = roundView(r, r.plan_title);
      const locked = r.locked_at !== null;
      // A locked round takes no more submissions or approvals: only open rounds need counting, so the
      // page stays quick when years of rounds have built up.
      const mine = locked ? [] : await yourUpdates(store, user, r.id);
      const waiting = locked || user.role === 'owner' ? [] : await awaitingApproval(store, user, r.id);
      items.push({
        title: `${view.periodLabel} — ${view.planTitle}`,
        due: locked ? `Locked ${longDate(r.locked_at!)}` : `Due ${longDate(r.due_date)}`,
        locked,
        updates:
          mine.length || (locked && assigned) || (!locked && ownsRisks)
            ? {
                href: paths.yourUpdates(r.id),
                todo: mine.filter((m) => m.state !== 'submitted' && m.state !== 'approved').length,
                total: mine.length,
              }
            : null,
        approvals:
          user.role === 'owner' || locked ? null : { href: paths.approvals(r.id), count: waiting.length },
        progress: runsCollection(user) ? paths.round(r.id) : null,
      });
    }
    return reply.render('collection/index.njk', {
      pageTitle: 'Collection',
      rounds: items,
      actions: await actionTasks(store, user),
      actionApprovals:
        user.role === 'owner'
          ? null
          : { href: paths.actionApprovals(), count: (await actionUpdatesWaiting(store, user)).length },
      riskApprovals:
        user.role === 'owner'
          ? null
          : { href: paths.riskApprovals(), count: await riskReviewsWaitingCount(store, user) },
      canOpen: runsCollection(user),
      newRound: paths.newRound(),
      actionReminders: runsCollection(user) ? paths.actionReminders() : null,
    });
  });

  // Opening a round: for approved plans only (openRound refuses the others)
  const plansForForm = async () =>
    (await livePlans(store)).map((p) => ({ id: p.id, title: p.title, quarters: planQuarters(p) }));
  async function newRoundPage(reply: FastifyReply, values: Record<string, string>, problems: Problem[]) {
    const plans = await plansForForm();
    const planId = Number(values.planId) || plans.at(-1)?.id;
    const plan = plans.find((p) => p.id === planId) ?? plans.at(-1);
    return reply.code(problems.length ? 400 : 200).render('collection/round-new.njk', {
      pageTitle: problems.length ? 'Error: Open a quarter for collection' : 'Open a quarter for collection',
      plans: plans.map((p) => ({ value: String(p.id), text: p.title, selected: p.id === plan?.id })),
      periods: (plan?.quarters ?? []).map((q) => ({
        value: q.code,
        text: q.label,
        selected: q.code === values.period,
      })),
      values,
      ...errorView(problems),
    });
  }
  app.get(paths.newRound(), RUN, async (_req, reply) => newRoundPage(reply, { remindDaysBefore: '5' }, []));
  app.post(paths.newRound(), RUN, async (req, reply) => {
    const values = readBody(NewRoundBody, req.body);
    try {
      const round = await openRound(
        store,
        userActor(me(req)),
        {
          planId: Number(values.planId),
          period: values.period,
          dueDate: values.dueDate,
          remindDaysBefore: values.remindDaysBefore,
        },
        clock,
      );
      return reply.redirect(paths.round(round.id), 303);
    } catch (e) {
      if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'NOT_FOUND')) throw e;
      const problems = e.details.length
        ? e.details.map((d) => ({ field: d.field ?? d.column ?? 'period', message: d.message }))
        : [{ field: 'planId', message: e.message }];
      return newRoundPage(reply, values, problems);
    }
  });

  // Progress and lock
  app.get<RoundParams & { Querystring: { state?: string; done?: string } }>(
    routePatterns.round,
    RUN,
    async (req, reply) => {
      const p = await roundProgress(store, idOf(req.params.roundId, 'round'), clock);
      const states = p.round.locked ? FIGURE_STATES : SUBMISSION_STATES;
      const state = states.find((s) => s === req.query.state);
      const rows = progressRows(p.round, p.rows).filter((r) => !state || r.stateKey === state);
      return reply.render('collection/round.njk', {
        pageTitle: `${p.round.periodLabel} collection`,
        round: p.round,
        due: dueSentence(p.round, p.daysToDue),
        late: p.late && !p.round.locked,
        counts: states.map((s) => ({
          key: s,
          label: STATE_LABEL[s],
          count: p.counts[s],
          href: `${paths.round(p.round.id)}?state=${s}#indicators`,
          current: s === state,
        })),
        total: p.rows.length,
        outstanding: p.outstanding,
        unassigned: p.unassigned,
        rows,
        filtered: state ? STATE_LABEL[state] : null,
        allHref: paths.round(p.round.id),
        lockAction: paths.lockRound(p.round.id),
        approvals: paths.approvals(p.round.id),
        reminders: paths.roundReminders(p.round.id),
        download: paths.returnSpreadsheet(p.round.id),
        upload: paths.uploadReturn(p.round.id),
        locked: req.query.state === undefined && p.round.locked,
        lockHref: paths.lockRound(p.round.id),
        reopenHref: paths.reopenRound(p.round.id),
        reopened: p.round.reopened ? { ...p.round.reopened, at: dateTime(p.round.reopened.at) } : null,
        banner: roundBanner(req.query, p.round.periodLabel),
      });
    },
  );

  // Locking asks first, saying what is outstanding and what will become of it.
  app.get<RoundParams>(routePatterns.lockRound, RUN, async (req, reply) => {
    const preview = await lockPreview(store, idOf(req.params.roundId, 'round'));
    return reply.render('collection/lock.njk', lockConfirmView(preview));
  });

  app.post<RoundParams>(routePatterns.lockRound, RUN, async (req, reply) => {
    const roundId = idOf(req.params.roundId, 'round');
    // Only the confirmation page's button locks: anything else is shown that page first.
    if (!readBody(LockBody, req.body).confirm) return reply.redirect(paths.lockRound(roundId), 303);
    await lockRound(store, userActor(me(req)), roundId, clock);
    return reply.redirect(`${paths.round(roundId)}?done=locked`, 303);
  });

  const reopenPage = (reply: FastifyReply, round: RoundView, reason: string, problems: Problem[]) =>
    reply.code(problems.length ? 400 : 200).render('collection/reopen.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Reopen ${round.periodLabel}`,
      round,
      reason,
      action: paths.reopenRound(round.id),
      back: paths.round(round.id),
      ...errorSummary(problems),
    });

  app.get<RoundParams>(routePatterns.reopenRound, RUN, async (req, reply) => {
    const round = await getRound(store, idOf(req.params.roundId, 'round'));
    if (!round.locked) return reply.redirect(paths.round(round.id), 303);
    return reopenPage(reply, round, '', []);
  });

  app.post<RoundParams>(routePatterns.reopenRound, RUN, async (req, reply) => {
    const roundId = idOf(req.params.roundId, 'round');
    const reason = readBody(ReopenBody, req.body).reason.slice(0, 2100);
    try {
      await reopenRound(store, userActor(me(req)), roundId, reason, clock);
    } catch (e) {
      if (!(e instanceof CairnError) || e.code !== 'INVALID_INPUT') throw e;
      const problems = e.details.map((d) => ({ field: d.column ?? 'reason', message: d.message }));
      return reopenPage(reply, await getRound(store, roundId), reason, problems);
    }
    return reply.redirect(`${paths.round(roundId)}?done=reopened`, 303);
  });

  // Your updates
  app.get<RoundParams & { Querystring: { done?: string } }>(
    routePatterns.yourUpdates,
    COLLECT,
    async (req, reply) => {
      const round = await getRound(store, idOf(req.params.roundId, 'round'));
      const rows = await yourUpdates(store, me(req), round.id);
      const days = daysToDue(round, clock);
      return reply.render('collection/updates.njk', {
        pageTitle: `Your updates for ${round.periodLabel}`,
        round,
        due: dueSentence(round, days),
        late: days < 0 && !round.locked,
        tasks: taskList(round, rows),
        download: paths.returnSpreadsheet(round.id),
        upload: paths.uploadReturn(round.id),
        back: paths.collection(),
        banner: doneBanner(req.query.done),
        risks: round.locked ? [] : await riskTasks(store, me(req), round.id),
      });
    },
  );

  async function updatePage(
    req: FastifyRequest,
    reply: FastifyReply,
    roundId: number,
    indicatorId: number,
    values: FormValues | null,
    extra: {
      preview?: ReturnType<typeof storedPreview> | null;
      unusual?: string[];
      problems?: Problem[];
      conflict?: { message: string; yours: FormValues };
      status?: number;
      /** A refused evidence link, shown again as typed. */
      evidenceUrl?: string;
      /** The figure as a refused save read it (that user may enter it): not read again. */
      read?: FigureContext;
    } = {},
  ) {
    const user = me(req);
    const { ctx, canEnter, canReview } = extra.read
      ? { ctx: extra.read, canEnter: true, canReview: mayReview(user, extra.read.place.directorate_id) }
      : await figureForPerson(store, user, roundId, indicatorId);
    const reviewer = ctx.current?.reviewed_by ? await findPerson(store, ctx.current.reviewed_by) : undefined;
    const view = updateFormView(ctx, values ?? storedValues(ctx), {
      preview: extra.preview === undefined ? (ctx.current ? storedPreview(ctx) : null) : extra.preview,
      unusual: extra.unusual ?? [],
      problems: extra.problems ?? [],
      evidence: await evidenceFor(store, indicatorId, ctx.dataPeriod.code),
      canEnter,
      canCorrect: runsCollection(user),
      reviewerName: reviewer?.name ?? null,
    });
    const title = `${ctx.indicator.number}. ${ctx.indicator.title}`;
    return reply.code(extra.status ?? (extra.problems?.length ? 400 : 200)).render('collection/update.njk', {
      pageTitle: `${extra.problems?.length ? 'Error: ' : ''}Update ${ctx.indicator.number} for ${formatPeriod(ctx.dataPeriod)}`,
      heading: title,
      conflict: extra.conflict ?? null,
      reviewHref: canReview && ctx.state === 'submitted' ? paths.approval(roundId, indicatorId) : null,
      evidenceTypes: EVIDENCE_TYPES.join(', '),
      evidenceUrl: extra.evidenceUrl ?? '',
      ...view,
      outlookHint: await outlookHint(store, ctx.indicator, ctx.round.period),
    });
  }

  app.get<ItemParams>(routePatterns.update, COLLECT, async (req, reply) =>
    updatePage(
      req,
      reply,
      idOf(req.params.roundId, 'round'),
      idOf(req.params.indicatorId, 'indicator'),
      null,
    ),
  );

  app.post<ItemParams>(routePatterns.update, COLLECT, async (req, reply) => {
    const roundId = idOf(req.params.roundId, 'round');
    const indicatorId = idOf(req.params.indicatorId, 'indicator');
    const user = me(req);
    // The form sends part0…partN for targets in parts; who may save what is checked in saveFigure.
    const values = readBody(FigureForm, req.body);
    const { action } = readBody(UpdateBody, req.body);
    if (values.version < 0)
      return updatePage(req, reply, roundId, indicatorId, values, {
        problems: [{ field: 'actual', message: 'The form was incomplete. Reload the page and try again.' }],
      });
    if (action === 'preview') {
      const p = await previewFigure(store, user, roundId, indicatorId, toInput(values));
      return updatePage(req, reply, roundId, indicatorId, values, {
        preview: p.preview,
        unusual: p.unusual,
        problems: p.problems,
      });
    }
    const step = action === 'submit' ? 'submit' : action === 'correct' ? 'correct' : 'save';
    try {
      const r = await saveFigure(store, user, roundId, indicatorId, toInput(values), step, clock);
      if (!r.ok)
        return updatePage(req, reply, roundId, indicatorId, values, {
          preview: r.preview,
          unusual: r.unusual,
          problems: r.problems,
          read: r.ctx,
        });
      return reply.redirect(
        step === 'correct'
          ? paths.round(roundId)
          : `${paths.yourUpdates(roundId)}?done=${step === 'submit' ? 'submitted' : 'saved'}`,
        303,
      );
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return updatePage(req, reply, roundId, indicatorId, null, {
          conflict: { message: e.message, yours: values },
          status: 409,
        });
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return updatePage(req, reply, roundId, indicatorId, values, {
          problems: [{ field: 'correctionReason', message: e.message }],
        });
      throw e;
    }
  });

  // Evidence
  app.post<ItemParams>(routePatterns.evidence, COLLECT, async (req, reply) => {
    const roundId = idOf(req.params.roundId, 'round');
    const indicatorId = idOf(req.params.indicatorId, 'indicator');
    const body = readBody(EvidenceBody, req.body);
    const url = body.evidenceUrl.trim();
    let result: Awaited<ReturnType<typeof addEvidence>>;
    if (body.evidenceFile) {
      result = await addEvidence(
        store,
        me(req),
        roundId,
        indicatorId,
        { kind: 'file', name: body.evidenceFile.filename, bytes: await body.evidenceFile.toBuffer() },
        clock,
      );
    } else if (url) {
      result = await addEvidence(
        store,
        me(req),
        roundId,
        indicatorId,
        { kind: 'link', name: body.evidenceName || url, url },
        clock,
      );
    } else
      result = {
        ok: false,
        problems: [{ field: 'evidenceFile', message: 'Choose a file, or enter a web address' }],
      };
    if (!result.ok)
      return updatePage(req, reply, roundId, indicatorId, null, {
        problems: result.problems,
        evidenceUrl: url,
      });
    return reply.redirect(`${paths.update(roundId, indicatorId)}#evidence`, 303);
  });

  app.get<ItemParams & { Params: { evidenceId: string } }>(
    routePatterns.evidenceFile,
    COLLECT,
    async (req, reply) => {
      const f = await evidenceFile(
        store,
        me(req),
        idOf(req.params.roundId, 'round'),
        idOf(req.params.indicatorId, 'indicator'),
        idOf(req.params.evidenceId, 'file'),
      );
      if (!f) throw notFound('There is no such file.');
      return sendDownload(reply, { bytes: f.content, contentType: f.type, name: f.name });
    },
  );

  // Approvals
  app.get<RoundParams & { Querystring: { done?: string } }>(
    routePatterns.approvals,
    REVIEW,
    async (req, reply) => {
      const user = me(req);
      const round = await getRound(store, idOf(req.params.roundId, 'round'));
      const waiting = await awaitingApproval(store, user, round.id);
      const plan = await findPlan(store, round.planId);
      const scorecard = await buildScorecard(store, round.period, plan);
      const outcomes = scorecard.priorities.flatMap((p) => p.outcomes);
      const dirIds = new Map((await directorates(store)).map((d) => [d.code, d.id]));
      return reply.render('collection/approvals.njk', {
        pageTitle: `Approvals for ${round.periodLabel}`,
        round,
        banner: doneBanner(req.query.done),
        waiting: waiting.map((w) => ({
          number: w.indicator.number,
          title: w.indicator.title,
          directorate: w.indicator.directorate_name,
          owners: w.owners.map((o) => o.name).join(', '),
          submittedAt: w.submittedAt ? longDate(w.submittedAt) : '',
          href: paths.approval(round.id, w.indicator.id),
        })),
        outcomes: outcomes
          .filter((o) => runsCollection(user) || dirIds.get(o.directorate.code) === user.directorateId)
          .map((o) => ({
            code: o.code,
            title: o.title,
            directorate: o.directorate.name,
            rag: ragView(o.rating.rating),
            basis: o.rating.basis === 'judgement' ? 'Judged' : 'Derived from indicators',
            href: paths.outcomeRating(round.id, o.id),
          })),
      });
    },
  );

  async function approvalPage(
    req: FastifyRequest,
    reply: FastifyReply,
    roundId: number,
    indicatorId: number,
    problems: Problem[] = [],
    values: Record<string, string> = {},
  ) {
    const { ctx, canReview } = await figureForPerson(store, me(req), roundId, indicatorId);
    if (!canReview) throw notFound('There is no update here for you to review.');
    const submitter = ctx.current?.submitted_by
      ? await findPerson(store, ctx.current.submitted_by)
      : undefined;
    const review = reviewView(
      ctx,
      storedPreview(ctx),
      await evidenceFor(store, indicatorId, ctx.dataPeriod.code),
      submitter?.name ?? null,
    );
    return reply.code(problems.length ? 400 : 200).render('collection/approval.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Review ${ctx.indicator.number} for ${formatPeriod(ctx.dataPeriod)}`,
      heading: `${ctx.indicator.number}. ${ctx.indicator.title}`,
      round: ctx.round,
      periodLabel: formatPeriod(ctx.dataPeriod),
      state: stateTag(ctx.state),
      canDecide: ctx.state === 'submitted' && !ctx.round.locked,
      ownSubmission: ctx.current?.submitted_by === me(req).id,
      version: ctx.current?.version ?? 0,
      values,
      action: paths.approval(roundId, indicatorId),
      back: paths.approvals(roundId),
      ...review,
      ...errorView(problems),
    });
  }

  app.get<ItemParams>(routePatterns.approval, REVIEW, async (req, reply) =>
    approvalPage(req, reply, idOf(req.params.roundId, 'round'), idOf(req.params.indicatorId, 'indicator')),
  );

  app.post<ItemParams>(routePatterns.approval, REVIEW, async (req, reply) => {
    const roundId = idOf(req.params.roundId, 'round');
    const indicatorId = idOf(req.params.indicatorId, 'indicator');
    const { decision, comment, version } = readBody(ApprovalBody, req.body);
    const values = { decision, comment };
    if (decision !== 'approve' && decision !== 'return')
      return approvalPage(
        req,
        reply,
        roundId,
        indicatorId,
        [{ field: 'decision', message: 'Choose whether to approve or return the update' }],
        values,
      );
    try {
      const r = await reviewFigure(
        store,
        me(req),
        roundId,
        indicatorId,
        { approve: decision === 'approve', comment, version },
        clock,
      );
      if (!r.ok) return approvalPage(req, reply, roundId, indicatorId, r.problems, values);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CONFLICT')
        return approvalPage(
          req,
          reply,
          roundId,
          indicatorId,
          [{ field: 'decision', message: e.message }],
          values,
        );
      throw e;
    }
    return reply.redirect(
      `${paths.approvals(roundId)}?done=${decision === 'approve' ? 'approved' : 'returned'}`,
      303,
    );
  });

  // Outcome ratings
  async function outcomePage(
    req: FastifyRequest,
    reply: FastifyReply,
    roundId: number,
    outcomeId: number,
    problems: Problem[] = [],
    values: Record<string, string> = {},
  ) {
    const round = await getRound(store, roundId);
    const plan = await findPlan(store, round.planId);
    const scorecard = await buildScorecard(store, round.period, plan);
    const outcome = scorecard.priorities.flatMap((p) => p.outcomes).find((o) => o.id === outcomeId);
    if (!outcome) throw notFound('There is no such outcome.');
    const judged = outcome.rating.basis === 'judgement';
    return reply.code(problems.length ? 400 : 200).render('collection/outcome-rating.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Rate outcome: ${outcome.title}`,
      round,
      outcome: {
        title: outcome.title,
        directorate: outcome.directorate.name,
        rag: ragView(outcome.rating.rating),
        explanation: outcome.rating.explanation,
        judged,
      },
      indicators: outcome.indicators.map((i) => ({
        number: i.number,
        title: i.title,
        rag: ragView(i.rating),
        explanation: i.explanation,
      })),
      ragOptions: ['red', 'amber', 'green'].map((r) => ({
        value: r,
        text: ragView(r as 'red').label,
        checked: (values.rating ?? (judged ? outcome.rating.rating : '')) === r,
      })),
      values,
      action: paths.outcomeRating(roundId, outcomeId),
      back: paths.approvals(roundId),
      ...errorView(problems),
    });
  }

  app.get<{ Params: { roundId: string; outcomeId: string } }>(
    routePatterns.outcomeRating,
    REVIEW,
    async (req, reply) =>
      outcomePage(req, reply, idOf(req.params.roundId, 'round'), idOf(req.params.outcomeId, 'outcome')),
  );
  app.post<{ Params: { roundId: string; outcomeId: string } }>(
    routePatterns.outcomeRating,
    REVIEW,
    async (req, reply) => {
      const roundId = idOf(req.params.roundId, 'round');
      const outcomeId = idOf(req.params.outcomeId, 'outcome');
      const values = readBody(OutcomeRatingBody, req.body);
      const r = await judgeOutcome(store, me(req), roundId, outcomeId, values, clock);
      if (!r.ok) return outcomePage(req, reply, roundId, outcomeId, r.problems, values);
      return reply.redirect(paths.approvals(roundId), 303);
    },
  );
}
