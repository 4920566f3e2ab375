/**
 * The one way a change to a plan's framework is made in the app (issue 12): in one transaction, check
 * the plan's terms (a draft changes freely; a submitted one not at all; an approved one only as a
 * minor amendment with a reason), make the change, append its audit record and — for an approved
 * plan — its amendment, listed with the plan and in the quarterly report. Every editing use case
 * (forms, targets, uploads, the year's lifecycle) calls `changeFramework`, so none can forget a step.
 */
import { checkFrameworkEdit, editTerms } from '../domain/framework-cycle.js';
import type { Problem } from '../domain/problem.js';
import { insertAmendment, listAmendments, type NewAmendment } from '../storage/framework-amendments.js';
import type { FrameworkAmendmentRecord } from '../storage/schema.js';
import { transaction, type Db, type Trx } from '../storage/transaction.js';
import { actorUserId, recordChange, type Actor, type Change } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';

export interface FrameworkEdit<T> {
  planId: number;
  /** The reason given on the form (required once the plan is approved). */
  reason?: string | null;
  /** The form's field for the reason, so a missing one is shown beside it. */
  reasonField?: string;
  /**
   * Makes the change in the transaction and says what it was: the audit record, and how the change is
   * listed if it is an amendment (`ref`, e.g. "Indicator 7"; `summary`, e.g. "Wording changed").
   * Throw a CairnError (CONFLICT for a stale version, INVALID_INPUT with Problems) to refuse it.
   */
  apply: (trx: Trx) => Promise<{
    result: T;
    audit: Change;
    amendment: Pick<NewAmendment, 'entity' | 'entityId' | 'ref' | 'summary'>;
  }>;
}

export async function changeFramework<T>(
  db: Db,
  actor: Actor,
  edit: FrameworkEdit<T>,
  clock: Clock,
): Promise<{ result: T; amended: boolean }> {
  return transaction(db, async (trx) => {
    const plan = await trx
      .selectFrom('plan')
      .select(['id', 'status'])
      .where('id', '=', edit.planId)
      .executeTakeFirst();
    if (!plan) throw notFound('There is no such plan.');
    const problems: Problem[] = checkFrameworkEdit(plan.status, edit.reason, edit.reasonField);
    if (problems.length)
      throw new CairnError(
        editTerms(plan.status) === 'locked' ? 'CONFLICT' : 'INVALID_INPUT',
        problems[0]!.message,
        problems,
      );
    const { result, audit, amendment } = await edit.apply(trx);
    const reason = edit.reason?.trim() || undefined;
    await recordChange(trx, actor, { ...audit, ...(reason ? { reason } : {}) }, clock);
    const amended = editTerms(plan.status) === 'amendment';
    if (amended)
      await insertAmendment(trx, {
        ...amendment,
        planId: plan.id,
        at: isoNow(clock),
        userId: actorUserId(actor),
        byName: actor.name,
        reason: reason!,
      });
    return { result, amended };
  });
}

/** A plan's minor amendments since approval, oldest first. */
export function frameworkAmendments(db: Db, planId: number): Promise<FrameworkAmendmentRecord[]> {
  return listAmendments(db, planId);
}
