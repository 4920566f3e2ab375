/**
 * The plans' actions that support a strategy priority or outcome, for its page.
 */
import { statusDisplay } from '../../../domain/plans/status.js';
import { isActionStatus } from '../../../domain/plans/status.js';
import { actionsSupporting } from '../../../app/plans/reading.js';
import type { Store } from '../../../app/store.js';
import { paths } from '../../paths.js';

export async function supportingActions(
  store: Store,
  kind: 'priority' | 'outcome',
  planId: number,
  code: string,
) {
  const rows = await actionsSupporting(store, kind, planId, code);
  return rows.map((a) => ({
    plan: a.planTitle,
    planUrl: paths.improvementPlan(a.planId),
    code: a.code,
    title: a.title,
    url: paths.planAction(a.planId, a.code),
    target: a.target_text ?? '',
    status: statusDisplay(isActionStatus(a.status) ? a.status : null, a.status_text),
  }));
}
