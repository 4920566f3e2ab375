/**
 * Approvals of improvement-plan action updates: the list of those waiting for the signed-in approver
 * and the page to approve or return one. Which updates a person may decide is checked in
 * app/collection/action-approvals.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  actionUpdateForReview,
  actionUpdatesWaiting,
  reviewActionUpdate,
} from '../../../app/collection/action-approvals.js';
import { isActionStatus, statusDisplay } from '../../../domain/plans/status.js';
import { escapeHtml } from '../../../render/escape.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { errorView, longDate } from './presenter.js';
import { requireId } from '../../params.js';
import { form, readBody, text } from '../../body.js';
import type { Problem } from '../../../domain/problem.js';

const REVIEW = { config: { access: 'review' as const } };
type Params = { Params: { updateId: string } };
/** Kept whole: the use case refuses what is too long (domain/text-limits.ts), never cut here. */
const DecisionBody = form({ decision: text, comment: text });
const actionName = (u: { code: string | null; title: string }) => `${u.code ? `${u.code} ` : ''}${u.title}`;

export function actionApprovalRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  app.get(paths.actionApprovals(), REVIEW, async (req, reply) => {
    const waiting = await actionUpdatesWaiting(store, req.session!.user);
    return reply.render('collection/action-approvals.njk', {
      pageTitle: 'Action updates waiting for approval',
      rows: waiting.map((w) => [
        { text: w.planTitle },
        { text: actionName(w) },
        { text: w.ownerName ?? w.recordedBy },
        { text: longDate(w.recordedAt) },
        {
          html: `<a class="govuk-link" href="${paths.actionApproval(w.updateId)}">Review<span class="govuk-visually-hidden"> ${escapeHtml(actionName(w))}</span></a>`,
        },
      ]),
      back: paths.collection(),
    });
  });

  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    updateId: number,
    problems: Problem[] = [],
    values: Record<string, string> = {},
  ) {
    const user = req.session!.user;
    const u = await actionUpdateForReview(store, user, updateId);
    return reply.code(problems.length ? 400 : 200).render('collection/action-approval.njk', {
      pageTitle: `${problems.length ? 'Error: ' : ''}Review the update of action ${u.code ?? ''}`.trim(),
      plan: u.planTitle,
      heading: actionName(u),
      rows: [
        { key: { text: 'Owner' }, value: { text: u.ownerName ?? '—' } },
        { key: { text: 'Updated by' }, value: { text: `${u.recordedBy}, ${longDate(u.recordedAt)}` } },
        {
          key: { text: 'Status' },
          value: { text: statusDisplay(isActionStatus(u.status) ? u.status : null, u.statusText) },
        },
        { key: { text: 'Update' }, value: { text: u.text } },
      ],
      canDecide: u.state === 'submitted' && u.latest,
      superseded: u.state === 'superseded',
      ownSubmission: u.submittedBy === user.id,
      values,
      action: paths.actionApproval(updateId),
      back: paths.actionApprovals(),
      ...errorView(problems),
    });
  }

  const idOf = (text: string) => requireId(text, 'There is no such update.');

  app.get<Params>(routePatterns.actionApproval, REVIEW, async (req, reply) =>
    page(req, reply, idOf(req.params.updateId)),
  );

  app.post<Params>(routePatterns.actionApproval, REVIEW, async (req, reply) => {
    const updateId = idOf(req.params.updateId);
    const values = readBody(DecisionBody, req.body);
    const approve = values.decision === 'approve' ? true : values.decision === 'return' ? false : null;
    const r = await reviewActionUpdate(
      store,
      req.session!.user,
      updateId,
      { approve, comment: values.comment },
      clock,
    );
    if (!r.ok) return page(req, reply, updateId, r.problems, values);
    return reply.redirect(paths.actionApprovals(), 303);
  });
}
