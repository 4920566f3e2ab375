/**
 * The quarter's risk reviews in the collection round (issue 14): a risk owner's review form in
 * "Your updates" (the same form for the performance team, whose reviews need no approval), and the
 * approvals of submitted reviews for the approver of the risk's directorate. Which risks and reviews
 * a person may touch is checked in app/risks/reviews.ts; a stale form is refused with 409.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Collector } from '../../../app/collection/permissions.js';
import {
  decideRiskReviewAs,
  REVIEW_STATE_LABEL,
  riskReviewContext,
  riskReviewForDecision,
  riskReviewsWaiting,
  risksToReview,
  submitRiskReview,
} from '../../../app/risks/reviews.js';
import type { Store } from '../../../app/store.js';
import {
  CONTROLS_EFFECTIVE_LABEL,
  levelOf,
  MOVEMENT_LABEL,
  riskScore,
  type ControlsEffective,
  type Movement,
} from '../../../domain/risk.js';
import { periodFromCode } from '../../../domain/periods.js';
import type { Problem } from '../../../domain/problem.js';
import { escapeHtml } from '../../../render/escape.js';
import type { WebDeps } from '../../deps.js';
import { form, readBody, text, version } from '../../body.js';
import { formBody, formView, refusedWhole, type Values } from '../../forms.js';
import { requireId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { errorView, longDate } from '../collection/presenter.js';
import { reviewFields } from './presenter.js';

const COLLECT = { config: { access: 'collect' as const } };
const REVIEW = { config: { access: 'review' as const } };
type ReviewParams = { Params: { roundId: string; riskId: string } };
type DecisionParams = { Params: { reviewId: string } };

const VersionBody = form({ version });
/** Kept whole: the use case refuses what is too long (domain/text-limits.ts), never cut here. */
const DecisionBody = form({ decision: text, comment: text });

const TAG: Record<string, string> = {
  'not-started': 'govuk-tag--blue',
  submitted: 'govuk-tag--grey',
  approved: 'govuk-tag--green',
  returned: 'govuk-tag--red',
};

/** The signed-in person's risks to review in a round, as a GOV.UK task list. */
export async function riskTasks(store: Store, user: Collector, roundId: number) {
  const risks = await risksToReview(store, user, roundId);
  return risks.map((r) => ({
    title: { text: `${r.risk.reference} ${r.risk.title}` },
    hint: {
      text: `Residual score ${riskScore(r.risk.residual_likelihood, r.risk.residual_impact)}${r.comment && r.state === 'returned' ? ` — returned: ${r.comment}` : ''}`,
    },
    href: paths.riskReview(roundId, r.risk.id),
    status: { tag: { text: REVIEW_STATE_LABEL[r.state], classes: TAG[r.state] } },
  }));
}

/** How many risk reviews wait for this person's decision (for the collection page). */
export const riskReviewsWaitingCount = async (store: Store, user: Collector) =>
  (await riskReviewsWaiting(store, user)).length;

export function riskReviewRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const me = (req: FastifyRequest) => req.session!.user;

  async function reviewPage(
    req: FastifyRequest,
    reply: FastifyReply,
    roundId: number,
    riskId: number,
    values: Values | null,
    problems: Problem[] = [],
    conflict?: string,
  ) {
    const { round, risk, matrix, current } = await riskReviewContext(store, me(req), roundId, riskId);
    const residual = riskScore(risk.residual_likelihood, risk.residual_impact);
    const shown: Values = values ?? {
      likelihood: String(current?.state === 'returned' ? current.likelihood : risk.residual_likelihood),
      impact: String(current?.state === 'returned' ? current.impact : risk.residual_impact),
      commentary: current?.state === 'returned' ? current.commentary : '',
      controlsEffective: current?.state === 'returned' ? current.controls_effective : '',
    };
    const stateWords =
      current?.state === 'returned'
        ? ` Your review was returned${current.review_comment ? `: “${current.review_comment}”` : ''}. Change it and submit it again.`
        : current?.state === 'submitted'
          ? ' A review is waiting for approval: submitting again replaces it.'
          : current?.state === 'approved'
            ? ' This quarter’s review has been approved: submitting again asks for approval again.'
            : '';
    let view = formView(
      {
        caption: `${round.periodLabel} — ${round.planTitle}`,
        heading: `Review risk ${risk.reference}: ${risk.title}`,
        intro: `Its residual score now is ${levelOf(matrix, residual).name} ${residual} (likelihood ${risk.residual_likelihood} × impact ${risk.residual_impact}). Score it as it stands at the end of ${round.periodLabel}.${stateWords}`,
        action: paths.riskReview(roundId, riskId),
        submit: 'Submit the review',
        cancelUrl: paths.yourUpdates(roundId),
        cancelText: 'Back to your updates',
        fields: reviewFields(matrix),
        hidden: [{ name: 'version', value: String(risk.version) }],
      },
      shown,
      problems,
    );
    if (conflict) view = refusedWhole(view, conflict);
    return reply.code(conflict ? 409 : problems.length ? 400 : 200).render('form.njk', view);
  }

  const roundIdOf = (t: string) => requireId(t, 'There is no such collection round.');
  const riskIdOf = (t: string) => requireId(t, 'There is no such risk.');

  app.get<ReviewParams>(routePatterns.riskReview, COLLECT, async (req, reply) =>
    reviewPage(req, reply, roundIdOf(req.params.roundId), riskIdOf(req.params.riskId), null),
  );

  app.post<ReviewParams>(routePatterns.riskReview, COLLECT, async (req, reply) => {
    const roundId = roundIdOf(req.params.roundId);
    const riskId = riskIdOf(req.params.riskId);
    const values = readBody(
      formBody(reviewFields({ size: 5, likelihood: [], impact: [], bands: [] })),
      req.body,
    ) as Record<string, string>;
    const { version: expected } = readBody(VersionBody, req.body);
    const r = await submitRiskReview(
      store,
      me(req),
      roundId,
      riskId,
      {
        likelihood: values.likelihood ?? '',
        impact: values.impact ?? '',
        commentary: values.commentary ?? '',
        controlsEffective: values.controlsEffective ?? '',
        version: expected,
      },
      clock,
    );
    if (!r.ok)
      return reviewPage(req, reply, roundId, riskId, r.conflict ? null : values, r.problems, r.conflict);
    return reply.redirect(paths.yourUpdates(roundId), 303);
  });

  // ---- approvals ----
  app.get(paths.riskApprovals(), REVIEW, async (req, reply) => {
    const waiting = await riskReviewsWaiting(store, me(req));
    return reply.render('collection/action-approvals.njk', {
      pageTitle: 'Risk reviews waiting for approval',
      heading: 'Risk reviews waiting for approval',
      intro:
        'Reviews risk owners have given in the quarter’s round. A risk’s residual score changes once its review is approved.',
      head: [
        { text: 'Quarter' },
        { text: 'Risk' },
        { text: 'Owner' },
        { text: 'Submitted' },
        { html: '<span class="govuk-visually-hidden">Review</span>' },
      ],
      emptyText: 'There are no risk reviews waiting for you.',
      rows: waiting.map((w) => [
        { text: periodFromCode(w.periodCode, 'quarter').label },
        { text: `${w.reference} ${w.title}` },
        { text: w.ownerName ?? w.recordedBy },
        { text: longDate(w.recordedAt) },
        {
          html: `<a class="govuk-link" href="${paths.riskApproval(w.reviewId)}">Review<span class="govuk-visually-hidden"> ${escapeHtml(`${w.reference} ${w.title}`)}</span></a>`,
        },
      ]),
      back: paths.collection(),
    });
  });

  async function decisionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    reviewId: number,
    problems: Problem[] = [],
    values: Record<string, string> = {},
  ) {
    const user = me(req);
    const r = await riskReviewForDecision(store, user, reviewId);
    const score = riskScore(r.likelihood, r.impact);
    return reply.code(problems.length ? 400 : 200).render('collection/action-approval.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Review of risk ${r.reference}`,
      plan: `Risk review, ${periodFromCode(r.periodCode, 'quarter').label}`,
      heading: `${r.reference} ${r.title}`,
      rows: [
        { key: { text: 'Owner' }, value: { text: r.ownerName ?? '—' } },
        { key: { text: 'Reviewed by' }, value: { text: `${r.recordedBy}, ${longDate(r.recordedAt)}` } },
        {
          key: { text: 'Score' },
          value: { text: `${score} (likelihood ${r.likelihood} × impact ${r.impact})` },
        },
        {
          key: { text: 'Movement' },
          value: { text: MOVEMENT_LABEL[r.direction as Movement] ?? r.direction },
        },
        {
          key: { text: 'Controls' },
          value: {
            text: CONTROLS_EFFECTIVE_LABEL[r.controlsEffective as ControlsEffective] ?? r.controlsEffective,
          },
        },
        { key: { text: 'Commentary' }, value: { text: r.commentary } },
      ],
      noun: 'review',
      canDecide: r.state === 'submitted',
      superseded: r.state === 'superseded',
      supersededText:
        'There is nothing to decide: a later review of this risk replaced this one before anyone decided it.',
      ownSubmission: r.submittedBy === user.id,
      values,
      action: paths.riskApproval(reviewId),
      back: paths.riskApprovals(),
      backText: 'Back to risk reviews waiting for approval',
      ...errorView(problems),
    });
  }

  const reviewIdOf = (t: string) => requireId(t, 'There is no such review.');

  app.get<DecisionParams>(routePatterns.riskApproval, REVIEW, async (req, reply) =>
    decisionPage(req, reply, reviewIdOf(req.params.reviewId)),
  );

  app.post<DecisionParams>(routePatterns.riskApproval, REVIEW, async (req, reply) => {
    const reviewId = reviewIdOf(req.params.reviewId);
    const values = readBody(DecisionBody, req.body);
    const approve = values.decision === 'approve' ? true : values.decision === 'return' ? false : null;
    const r = await decideRiskReviewAs(store, me(req), reviewId, { approve, comment: values.comment }, clock);
    if (!r.ok) return decisionPage(req, reply, reviewId, r.problems, values);
    return reply.redirect(paths.riskApprovals(), 303);
  });
}
