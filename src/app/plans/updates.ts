/**
 * Updating an action — the use case "Your updates" plugs in: optimistic concurrency on the action's
 * version, the update kept in the action's history, audited in the same transaction; an earlier
 * update still waiting for approval is closed as 'superseded'. Also: assigning an action to a Cairn
 * account, and the actions assigned to a person.
 */
import type { Problem } from '../../domain/problem.js';
import { isActionStatus, readStatus, STATUS_LABEL, type ActionStatus } from '../../domain/plans/status.js';
import { ACTION_UPDATE_MAX, tooLong } from '../../domain/text-limits.js';
import { findUserById } from '../../storage/account-repository.js';
import {
  findActionById,
  findReviewOfPlan,
  insertActionUpdate,
  lastActionUpdate,
  setActionOwner,
  supersedeSubmittedUpdates,
  updateActionAtVersion,
} from '../../storage/plan-actions-repository.js';
import { actionsAssignedTo } from '../../storage/plans-repository.js';
import { transaction } from '../../storage/transaction.js';
import type { Store } from '../store.js';
import { actorUserId, recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';
import { field, rejected } from './common.js';

// ---- updating an action (the lead plugs this into "Your updates") ----

/** What the other person saved, when an update is refused because the action has moved on. */
export interface SavedByOther {
  version: number;
  status: ActionStatus | null;
  statusText: string | null;
  text: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
}

export class ActionConflictError extends CairnError {
  constructor(readonly saved: SavedByOther) {
    super(
      'CONFLICT',
      `Someone else updated this action while you were writing${saved.recordedBy ? ` (${saved.recordedBy}, ${saved.recordedAt})` : ''}. ` +
        'Your update has not been saved: read theirs, then save yours again if it still applies.',
      [{ message: `Their update: ${saved.statusText ?? 'no status'} — ${saved.text ?? ''}` }],
    );
  }
}

export interface ActionUpdateInput {
  actionId: number;
  reviewId?: number | null;
  /** One of the six statuses, or a printed word such as "Ongoing". */
  status: string;
  text: string;
  /** The action's version the person was looking at. */
  expectedVersion: number;
  /**
   * A data owner's update through "Your updates": kept as 'submitted' (waiting for approval) and not
   * yet applied to the action's status, which plans and reports show. Without it the update is
   * approved at once (the performance team, administrators, imports). Either way, earlier updates
   * of the action still waiting for approval become 'superseded' (replaced by a later update).
   */
  submittedBy?: number | null;
}

export async function recordActionUpdate(
  store: Store,
  actor: Actor,
  input: ActionUpdateInput,
  clock: Clock,
): Promise<{ version: number; updateId: number }> {
  const status = isActionStatus(input.status) ? input.status : readStatus(input.status);
  const problems: Problem[] = [];
  if (!status) problems.push(field('status', 'Choose the action’s status.'));
  if (!input.text.trim())
    problems.push(field('text', 'Write the update: what has happened since the last one.'));
  const long = tooLong('text', 'The update', input.text.trim(), ACTION_UPDATE_MAX);
  if (long) problems.push(field('text', long.message));
  if (problems.length || !status) throw rejected('The update', problems);
  const statusText = isActionStatus(input.status) ? STATUS_LABEL[status] : input.status.trim();
  return transaction(store.db, async (trx) => {
    const before = await findActionById(trx, input.actionId);
    if (!before) throw notFound(`There is no action ${input.actionId}.`);
    let reviewDate: string | null = null;
    if (input.reviewId != null) {
      const review = await findReviewOfPlan(trx, before.improvement_plan_id, input.reviewId);
      if (!review) throw rejected('The update', [field('review', 'Choose a progress review of this plan.')]);
      reviewDate = review.review_date;
    }
    const now = isoNow(clock);
    const submitted = input.submittedBy != null;
    const completedOn =
      status === 'complete' ? (before.completed_on ?? reviewDate ?? now.slice(0, 10)) : null;
    // Earlier updates still waiting for approval are replaced by this one, so nobody decides them
    // later. Done before the action's row is written: an approval locks the update, then the action,
    // so the same order here cannot deadlock with it on PostgreSQL. A conflict below rolls it back.
    const superseded = await supersedeSubmittedUpdates(trx, input.actionId, actorUserId(actor), now);
    const written = await updateActionAtVersion(
      trx,
      input.actionId,
      input.expectedVersion,
      submitted
        ? { version: before.version + 1, updated_at: now }
        : {
            status,
            status_text: statusText,
            completed_on: completedOn,
            version: before.version + 1,
            updated_at: now,
          },
    );
    if (written !== 1) {
      const last = await lastActionUpdate(trx, input.actionId);
      throw new ActionConflictError({
        version: before.version,
        status: isActionStatus(before.status) ? before.status : null,
        statusText: before.status_text,
        text: last?.text ?? null,
        recordedBy: last?.recorded_by ?? null,
        recordedAt: last?.recorded_at ?? null,
      });
    }
    const id = await insertActionUpdate(trx, {
      action_id: input.actionId,
      review_id: input.reviewId ?? null,
      status,
      status_text: statusText,
      text: input.text.trim(),
      recorded_by: actor.name,
      recorded_at: now,
      state: submitted ? 'submitted' : 'approved',
      submitted_by: input.submittedBy ?? null,
    });
    await recordChange(
      trx,
      actor,
      {
        action: 'action.update',
        entity: 'plan_action',
        entityId: input.actionId,
        before: {
          status: before.status,
          statusText: before.status_text,
          completedOn: before.completed_on,
          version: before.version,
        },
        after: {
          status,
          statusText,
          completedOn,
          version: before.version + 1,
          reviewId: input.reviewId ?? null,
          text: input.text.trim(),
          state: submitted ? 'submitted' : 'approved',
          ...(superseded.length ? { superseded } : {}),
        },
      },
      clock,
    );
    return { version: before.version + 1, updateId: id };
  });
}

/** Assigns an action to a Cairn account (or none), besides its free-text lead officers. */
export async function assignAction(
  store: Store,
  actor: Actor,
  actionId: number,
  userId: number | null,
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const before = await findActionById(trx, actionId);
    if (!before) throw notFound(`There is no action ${actionId}.`);
    if (userId !== null && !(await findUserById(trx, userId)))
      throw notFound(`There is no account ${userId}.`);
    await setActionOwner(trx, actionId, userId, isoNow(clock));
    await recordChange(
      trx,
      actor,
      {
        action: 'action.assign',
        entity: 'plan_action',
        entityId: actionId,
        before: { ownerUserId: before.owner_user_id },
        after: { ownerUserId: userId },
      },
      clock,
    );
  });
}

/** The actions assigned to a person, across every plan: what their "Your updates" list shows. */
export function actionsForUser(store: Store, userId: number) {
  return actionsAssignedTo(store.db, userId);
}
