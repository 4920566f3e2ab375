/**
 * The plans' actions that support a strategy priority or outcome, for its page.
 */
import { statusDisplay } from '../../../domain/plans/status.js';
import { isActionStatus } from '../../../domain/plans/status.js';
import type { Store } from '../../../storage/database.js';
import { actionsSupporting } from '../../../storage/plans-repository.js';
import { paths } from '../../paths.js';

export async function supportingActions(
  store: Store,
  kind: 'priority' | 'outcome',
  planId: number,
  code: string,
) {
  const row = await store.db
    .selectFrom(kind)
    .select('id')
    .where('plan_id', '=', planId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) return [];
  const rows = await actionsSupporting(store.db, kind, row.id);
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
