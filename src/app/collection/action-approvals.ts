/**
 * Sign-off for improvement-plan action updates, as for figures: an update a data owner makes in
 * "Your updates" waits ('submitted') until an approver of the owner's directorate, or the performance
 * team, approves it (then the action's status changes and plans and reports show it) or returns it
 * with a comment (the owner sees the comment on the action's form). Nobody approves their own update.
 * Only the latest update of an action can be decided: a later update (the owner's again, or the
 * performance team's) closes an earlier one still waiting as 'superseded' (app/plans/updates.ts).
 * Each decision is audited in its transaction.
 */
import { isActionStatus } from '../../domain/plans/status.js';
import { ACTION_UPDATE_MAX, tooLong } from '../../domain/text-limits.js';
import type { Problem } from '../../domain/problem.js';
import type { Store } from '../../storage/database.js';
import { recordChange, userActor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { mayReview, notYours, type Collector } from './permissions.js';
import { transaction } from '../../storage/transaction.js';
import {
  actionCompletion,
  actionUpdateStates,
  decideActionUpdate,
  findActionUpdateForReview,
  findActionUpdateState,
  reviewDateOfUpdate,
  setActionStatus,
  submittedActionUpdates,
} from '../../storage/action-approvals.js';

export interface ActionUpdateForReview {
  updateId: number;
  actionId: number;
  planId: number;
  planTitle: string;
  code: string | null;
  title: string;
  ownerName: string | null;
  ownerDirectorateId: number | null;
  status: string | null;
  statusText: string | null;
  text: string;
  recordedBy: string;
  recordedAt: string;
  submittedBy: number | null;
  state: string;
  latest: boolean;
}

/** Why an update cannot be decided, as a sentence. */
export function notWaiting(u: { state: string; latest: boolean }): string {
  if (u.state === 'superseded')
    return 'This update was replaced by a later update of the action before anyone decided it: there is nothing to decide';
  return u.latest
    ? 'This update is not waiting for approval'
    : 'A newer update of this action has been made: decide that one instead';
}

const mayDecide = (user: Collector, u: { ownerDirectorateId: number | null }) =>
  u.ownerDirectorateId === null ? mayReview(user, -1) : mayReview(user, u.ownerDirectorateId);

const normalise = (
  r: Omit<ActionUpdateForReview, 'latest'> & { latest: unknown },
): ActionUpdateForReview => ({
  ...r,
  latest: Boolean(Number(r.latest)) || r.latest === true,
});

/** The action updates this person may decide that are waiting: the latest of each action, not their own. */
export async function actionUpdatesWaiting(store: Store, user: Collector): Promise<ActionUpdateForReview[]> {
  const rows = (await submittedActionUpdates(store.db)).map(normalise);
  return rows
    .filter((r) => r.latest && r.submittedBy !== user.id && mayDecide(user, r))
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.updateId - b.updateId);
}

/** One update for its review page; "not yours" when the person may not decide it. */
export async function actionUpdateForReview(
  store: Store,
  user: Collector,
  updateId: number,
): Promise<ActionUpdateForReview> {
  const row = await findActionUpdateForReview(store.db, updateId);
  if (!row) throw notYours();
  const u = normalise(row);
  if (!mayDecide(user, u)) throw notYours();
  return u;
}

/** Approve or return a submitted action update (a comment is needed to return it). */
export async function reviewActionUpdate(
  store: Store,
  user: Collector,
  updateId: number,
  decision: { approve: boolean | null; comment?: string | null },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const u = await actionUpdateForReview(store, user, updateId);
  const problems: Problem[] = [];
  const comment = decision.comment?.trim() || null;
  const longComment = tooLong('comment', 'The comment', comment, ACTION_UPDATE_MAX);
  if (longComment) problems.push(longComment);
  if (decision.approve === null) problems.push({ field: 'decision', message: 'Choose approve or return' });
  else if (u.state !== 'submitted' || !u.latest) problems.push({ field: 'decision', message: notWaiting(u) });
  if (decision.approve === false && !comment)
    problems.push({ field: 'comment', message: 'Say what needs to change before it is submitted again' });
  if (u.submittedBy === user.id)
    problems.push({
      field: 'decision',
      message: 'You submitted this update, so someone else must approve or return it',
    });
  if (problems.length || decision.approve === null) return { ok: false, problems };
  const approve = decision.approve;
  const now = isoNow(clock);
  return transaction(store.db, async (trx) => {
    const changed = await decideActionUpdate(trx, updateId, {
      state: approve ? 'approved' : 'returned',
      reviewedBy: user.id,
      reviewedAt: now,
      comment,
    });
    if (!changed) {
      const current = await findActionUpdateState(trx, updateId);
      return {
        ok: false as const,
        problems: [
          {
            field: 'decision',
            message:
              current?.state === 'superseded'
                ? notWaiting({ state: 'superseded', latest: false })
                : 'Someone else has just decided this update',
          },
        ],
      };
    }
    let after: Record<string, unknown> = { state: approve ? 'approved' : 'returned' };
    if (approve) {
      const action = await actionCompletion(trx, u.actionId);
      const review = await reviewDateOfUpdate(trx, updateId);
      const status = isActionStatus(u.status) ? u.status : null;
      const completedOn =
        status === 'complete'
          ? (action.completed_on ?? review?.review_date ?? u.recordedAt.slice(0, 10))
          : null;
      await setActionStatus(trx, u.actionId, {
        status,
        statusText: u.statusText,
        completedOn,
        version: action.version + 1,
        now,
      });
      after = { ...after, actionStatus: status, statusText: u.statusText, completedOn };
    }
    await recordChange(
      trx,
      userActor(user),
      {
        action: approve ? 'action-update.approve' : 'action-update.return',
        entity: 'action_update',
        entityId: updateId,
        before: { state: 'submitted' },
        after,
        reason: comment,
      },
      clock,
    );
    return { ok: true as const };
  });
}

/** The state and comment of each action's latest update, for the owner's task list and form. */
export async function latestUpdateStates(
  store: Store,
  actionIds: number[],
): Promise<Map<number, { state: string; comment: string | null }>> {
  const out = new Map<number, { state: string; comment: string | null }>();
  if (!actionIds.length) return out;
  const rows = await actionUpdateStates(store.db, actionIds);
  for (const r of rows) out.set(r.action_id, { state: r.state, comment: r.review_comment });
  return out;
}
