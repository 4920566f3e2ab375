/**
 * "Your updates" for improvement-plan actions: the action's update form for the person it is
 * assigned to (or the performance team). Which action is theirs is checked in app/collection/actions.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  actionForPerson,
  statusOptions,
  updateYourAction,
  yourActions,
} from '../../../app/collection/actions.js';
import { isActionStatus, statusDisplay, updateStateWords } from '../../../domain/plans/status.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { errorView, longDate } from './presenter.js';
import type { Collector } from '../../../app/collection/permissions.js';
import type { Store } from '../../../app/store.js';
import { latestUpdateStates } from '../../../app/collection/action-approvals.js';
import { actionApprovalRoutes } from './action-approval-routes.js';
import { requireId } from '../../params.js';
import { form, readBody, text, version } from '../../body.js';
import type { Problem } from '../../../domain/problem.js';

const COLLECT = { config: { access: 'collect' as const } };
type Params = { Params: { actionId: string } };

/** The action's update form; kept whole: the use case refuses what is too long (domain/text-limits.ts). */
const UpdateBody = form({ status: text, text, review: text, version });

/** The signed-in person's actions as a GOV.UK task list. */
export async function actionTasks(store: Store, user: Collector) {
  const actions = await yourActions(store, user);
  const states = await latestUpdateStates(
    store,
    actions.map((a) => a.id),
  );
  return actions.map((a) => {
    const state = states.get(a.id)?.state;
    const tag =
      state === 'returned'
        ? { text: 'Returned', classes: 'govuk-tag--red' }
        : state === 'submitted'
          ? { text: 'Waiting for approval', classes: 'govuk-tag--grey' }
          : {
              text: statusDisplay(isActionStatus(a.status) ? a.status : null, a.status_text),
              classes:
                a.status === 'complete'
                  ? 'govuk-tag--green'
                  : a.status === 'at-risk'
                    ? 'govuk-tag--orange'
                    : 'govuk-tag--blue',
            };
    return {
      title: { text: `${a.code ? `${a.code} ` : ''}${a.title}` },
      hint: { text: `${a.planTitle}${a.target_text ? ` — target ${a.target_text}` : ''}` },
      href: paths.yourAction(a.id),
      status: { tag },
    };
  });
}

export function actionRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  actionApprovalRoutes(app, deps);

  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    actionId: number,
    extra: {
      values?: Record<string, string>;
      problems?: Problem[];
      conflict?: string;
    } = {},
  ) {
    const { action, reviews, updates } = await actionForPerson(store, req.session!.user, actionId);
    const latest = updates[0];
    const pending =
      latest && (latest.state === 'submitted' || latest.state === 'returned') ? latest : undefined;
    const values = extra.values ?? {
      status: pending?.status ?? action.status ?? '',
      text: pending?.state === 'returned' ? pending.text : '',
      review: reviews[0] ? String(reviews[0].id) : '',
    };
    const status = extra.problems?.length || extra.conflict ? (extra.conflict ? 409 : 400) : 200;
    return reply.code(status).render('collection/action-update.njk', {
      pageTitle: `${status !== 200 ? 'Error: ' : ''}Update action ${action.code ?? ''}`.trim(),
      action: {
        code: action.code,
        title: action.title,
        plan: action.plan_title,
        target: action.target_text,
        status: statusDisplay(isActionStatus(action.status) ? action.status : null, action.status_text),
        planHref: paths.planAction(action.improvement_plan_id, action.code ?? String(action.id)),
      },
      version: action.version,
      signoff: pending
        ? {
            returned: pending.state === 'returned',
            comment: pending.reviewComment,
            at: longDate(pending.recordedAt),
          }
        : null,
      values,
      statuses: statusOptions(values.status ?? ''),
      reviews: reviews.map((r) => ({
        value: String(r.id),
        text: `${r.title} (${longDate(r.review_date)})`,
        selected: String(r.id) === values.review,
      })),
      updates: updates.slice(0, 5).map((u) => ({
        at: longDate(u.recordedAt),
        by: u.recordedBy,
        status: statusDisplay(u.status, u.statusText),
        text: u.text,
        state: updateStateWords(u.state),
      })),
      conflict: extra.conflict ?? null,
      action_url: paths.yourAction(actionId),
      back: paths.collection(),
      ...errorView(extra.problems ?? []),
    });
  }

  const idOf = (text: string) => requireId(text, 'There is no such action.');

  app.get<Params>(routePatterns.yourAction, COLLECT, async (req, reply) =>
    page(req, reply, idOf(req.params.actionId)),
  );

  app.post<Params>(routePatterns.yourAction, COLLECT, async (req, reply) => {
    const actionId = idOf(req.params.actionId);
    const { version, ...values } = readBody(UpdateBody, req.body);
    // A version that is missing or unreadable is 0, which no update has: refused as stale.
    const r = await updateYourAction(store, req.session!.user, actionId, { ...values, version }, clock);
    if (!r.ok) return page(req, reply, actionId, { values, problems: r.problems, conflict: r.conflict });
    return reply.redirect(paths.collection(), 303);
  });
}
