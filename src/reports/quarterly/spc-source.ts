/**
 * The quarterly report's optional section "Indicators showing special-cause concern": the indicators in
 * scope whose latest point is special cause for concern, from the plan's statistical process control
 * analysis (app/spc.ts, cached by data version).
 */
import type { ScorecardOutcome } from '../../app/scorecard.js';
import { planSpc } from '../../app/spc.js';
import { periodFromCode, type Period } from '../../domain/periods.js';
import { ruleLabel } from '../../domain/spc.js';
import { formatFigure } from '../../domain/targets.js';
import type { Store } from '../../storage/database.js';
import type { SpcConcernRow } from './model.js';

export async function spcConcernRows(
  store: Store,
  planId: number,
  period: Period,
  outcomes: ScorecardOutcome[],
): Promise<SpcConcernRow[]> {
  const all = await planSpc(store, planId, period);
  const rows: SpcConcernRow[] = [];
  for (const o of outcomes)
    for (const i of o.indicators) {
      const spc = all.get(i.id);
      const a = spc?.analysis;
      if (!spc || !a || a.kind !== 'analysed' || a.variation !== 'concern') continue;
      const last = a.points[a.points.length - 1]!;
      const unit = spc.unit === 'percent' || spc.unit === 'currency' ? spc.unit : 'number';
      rows.push({
        number: i.number,
        title: i.title,
        directorate: o.directorate.name,
        latest: periodFromCode(last.key).label,
        value: formatFigure(last.value, unit, {
          decimals: Number.isInteger(last.value) ? 0 : 2,
          grouped: true,
        }),
        rule: last.rule ? ruleLabel(last.rule, spc.options) : '',
        assurance: a.assuranceLabel,
      });
    }
  return rows;
}
