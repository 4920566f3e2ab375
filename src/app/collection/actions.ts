/**
 * Improvement-plan actions in "Your updates": a data owner updates the actions assigned to them
 * (status and what has happened) in the same place as their indicators, through the plans' own use
 * case (versioned, kept in the action's history, audited). Who may: the person the action is
 * assigned to, or the performance team.
 */
import { ACTION_STATUSES, STATUS_LABEL, type ActionStatus } from '../../domain/plans/status.js';
import { ACTION_UPDATE_MAX, tooLong } from '../../domain/text-limits.js';
import type { Store } from '../../storage/database.js';
import { actionUpdates } from '../../storage/plan-reading.js';
import { findActionWithPlan, progressReviewsOf, signOffOfUpdates } from '../../storage/action-approvals.js';
import { userActor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { actionsForUser, recordActionUpdate } from '../plans/updates.js';
import { notYours, runsCollection, type Collector } from './permissions.js';
import type { Problem } from '../../domain/problem.js';

export const yourActions = (store: Store, user: Collector) => actionsForUser(store, user.id);

export async function actionForPerson(store: Store, user: Collector, actionId: number) {
  const action = await findActionWithPlan(store.db, actionId);
  if (!action || (action.owner_user_id !== user.id && !runsCollection(user))) throw notYours();
  const reviews = await progressReviewsOf(store.db, action.improvement_plan_id);
  const updates = (await actionUpdates(store.db, actionId, true)).reverse();
  const signoff = await signOffOfUpdates(store.db, actionId);
  const byId = new Map(signoff.map((s) => [s.id, s]));
  return {
    action,
    reviews,
    updates: updates.map((u) => ({
      ...u,
      state: byId.get(u.id)?.state ?? 'approved',
      reviewComment: byId.get(u.id)?.review_comment ?? null,
    })),
  };
}

export interface ActionUpdateForm {
  status: string;
  text: string;
  review: string;
  version: number;
}

export type ActionUpdateResult = { ok: true } | { ok: false; problems: Problem[]; conflict?: string };

export async function updateYourAction(
  store: Store,
  user: Collector,
  actionId: number,
  form: ActionUpdateForm,
  clock: Clock,
): Promise<ActionUpdateResult> {
  const { reviews } = await actionForPerson(store, user, actionId);
  const problems: Problem[] = [];
  if (!(ACTION_STATUSES as readonly string[]).includes(form.status))
    problems.push({ field: 'status', message: 'Choose the action’s status' });
  if (!form.text.trim())
    problems.push({ field: 'text', message: 'Say what has happened since the last update' });
  const long = tooLong('text', 'The update', form.text.trim(), ACTION_UPDATE_MAX);
  if (long) problems.push(long);
  const review = form.review ? reviews.find((r) => String(r.id) === form.review) : undefined;
  if (form.review && !review)
    problems.push({ field: 'review', message: 'Choose a progress review of this plan' });
  if (problems.length) return { ok: false, problems };
  try {
    await recordActionUpdate(
      store,
      userActor(user),
      {
        actionId,
        reviewId: review?.id ?? null,
        status: form.status,
        text: form.text,
        expectedVersion: form.version,
        submittedBy: runsCollection(user) ? null : user.id,
      },
      clock,
    );
    return { ok: true };
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    if (e.code === 'CONFLICT')
      return { ok: false, problems: [], conflict: [e.message, ...e.details.map((d) => d.message)].join(' ') };
    if (e.code === 'INVALID_INPUT')
      return {
        ok: false,
        problems: e.details.map((d) => ({ field: d.column ?? 'text', message: d.message })),
      };
    throw e;
  }
}

export const statusOptions = (chosen: string) =>
  ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_LABEL[s as ActionStatus], checked: s === chosen }));
