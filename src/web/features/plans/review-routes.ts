/**
 * A progress review's updates on one form, for the performance team: each action (or one
 * recommendation's) with its status and a box for the update at this review, as the Word tables were
 * filled in before each review. Each filled-in row is saved as its own update (recordActionUpdate,
 * with the version the page was read at); rows left blank are left alone; any row that could not be
 * saved comes back with the reason, the rest are saved.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { loadPlanProgress } from '../../../app/plans/progress.js';
import { recordActionUpdate } from '../../../app/plans/updates.js';
import { ACTION_STATUSES, isActionStatus, STATUS_LABEL } from '../../../domain/plans/status.js';
import { formatDay } from '../../../domain/plans/target-dates.js';
import { latestUpdates } from '../../../app/plans/reading.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { requireId } from '../../params.js';
import { perRow, readBody, text, textOr, version } from '../../body.js';
import { paths, routePatterns } from '../../paths.js';
import { single, type RawQuery } from '../performance/filters.js';
import { statusView } from './presenter.js';
import { MANAGE, navPlanId, planIdOf } from './plan-context.js';

type Params = { Params: { planId: string; item: string }; Querystring: RawQuery };

/** A version sent (0 when unreadable, so refused as stale), or undefined when none was sent. */
const sentVersion = textOr(undefined).transform((s) => (s === undefined ? undefined : version.parse(s)));

/** The form's rows, one per action: the status chosen (none sent: the action's own), the update, the version read. */
const Rows = (ids: number[]) => perRow(ids, { status: textOr(undefined), text, version: sentVersion });

export function planReviewRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  async function page(req: FastifyRequest<Params>, errors: Map<string, string>, saved: number | null) {
    const planId = planIdOf(req.params.planId);
    const reviewId = requireId(req.params.item, `There is no progress review ${req.params.item}.`);
    const { data } = await loadPlanProgress(store, planId, clock);
    const review = data.reviews.find((r) => r.id === reviewId);
    if (!review) throw notFound(`${data.plan.title} has no progress review ${reviewId}.`);
    const recCode = single(req.query, 'recommendation') ?? '';
    const rec = recCode ? data.recommendations.find((r) => r.code === recCode) : undefined;
    if (recCode && !rec) throw notFound(`${data.plan.title} has no recommendation ${recCode}.`);
    const atReview = await latestUpdates(store, planId, reviewId);
    const listed = data.actions.filter((a) => !rec || a.recommendationId === rec.id);
    const rows = readBody(Rows(listed.map((a) => a.id)), req.body);
    const actions = listed.map((a) => ({
      id: a.id,
      code: a.code,
      title: a.title,
      url: paths.planAction(planId, a.code),
      target: a.targetText ?? '',
      status: statusView(a.status, a.statusText),
      version: a.version,
      done: atReview.get(a.id)?.text ?? null,
      chosen: rows.get(a.id)?.status ?? a.status ?? '',
      text: errors.has(String(a.id)) ? (rows.get(a.id)?.text ?? '') : '',
      error: errors.get(String(a.id)) ?? null,
    }));
    return {
      section: 'improvement-plans',
      planId: await navPlanId(deps),
      pageTitle: `${errors.size ? 'Error: ' : ''}Updates at ${review.title}`,
      breadcrumbs: [
        { text: 'Improvement plans', href: paths.improvementPlans() },
        { text: data.plan.title, href: paths.improvementPlan(planId) },
      ],
      planTitle: data.plan.title,
      review: { title: review.title, date: formatDay(review.date) },
      action: paths.planReviewUpdates(planId, reviewId, { recommendation: recCode || undefined }),
      recommendations: data.recommendations.map((r) => ({
        text: `${r.code}: ${r.title}`,
        url: paths.planReviewUpdates(planId, reviewId, { recommendation: r.code }),
        current: r.code === recCode,
      })),
      allUrl: paths.planReviewUpdates(planId, reviewId),
      statusOptions: ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_LABEL[s] })),
      actions,
      errors: errorSummary(
        [...errors.entries()].map(([id, message]) => ({
          field: `text-${id}`,
          message: `${actions.find((a) => String(a.id) === id)?.code ?? ''}: ${message}`,
        })),
      ).errorList,
      saved,
    };
  }

  app.get<Params>(routePatterns.planReviewUpdates, MANAGE, async (req, reply) => {
    const saved = single(req.query, 'saved') ?? '';
    return reply.render(
      'plans/review-updates.njk',
      await page(req, new Map(), /^\d{1,6}$/.test(saved) ? Number(saved) : null),
    );
  });

  app.post<Params>(routePatterns.planReviewUpdates, MANAGE, async (req, reply) => {
    const ctx = await page(req, new Map(), null);
    const rows = readBody(Rows(ctx.actions.map((a) => a.id)), req.body);
    const errors = new Map<string, string>();
    let saved = 0;
    for (const a of ctx.actions) {
      const update = (rows.get(a.id)?.text ?? '').trim();
      if (!update) continue;
      const status = rows.get(a.id)?.status ?? '';
      // The version the page was read at (none sent: the action's own).
      const version = rows.get(a.id)?.version ?? a.version;
      try {
        await recordActionUpdate(
          store,
          userActor(req.session!.user),
          {
            actionId: a.id,
            reviewId: Number(req.params.item),
            status: isActionStatus(status) ? status : '',
            text: update,
            expectedVersion: version,
          },
          clock,
        );
        saved += 1;
      } catch (e) {
        if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
        errors.set(
          String(a.id),
          e.details[0] && e.code === 'INVALID_INPUT' ? e.details[0].message : e.message,
        );
      }
    }
    if (!errors.size) {
      const target = `${ctx.action}${ctx.action.includes('?') ? '&' : '?'}saved=${saved}`;
      return reply.redirect(target, 303);
    }
    return reply.code(400).render('plans/review-updates.njk', await page(req, errors, saved));
  });
}
