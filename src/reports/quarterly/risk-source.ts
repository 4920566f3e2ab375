/**
 * The quarterly report's optional Risk section (issue 14): the heat map of residual risk scores as at
 * the report's quarter, for the report's scope (the council, a directorate or a priority), read by
 * app/risks/reading.ts.
 */
import { riskHeatMapForScope } from '../../app/risks/reading.js';
import type { Scope } from '../../app/summary.js';
import type { Period } from '../../domain/periods.js';
import type { Store } from '../../storage/database.js';
import type { RiskSection } from './model.js';

export async function riskSection(
  store: Store,
  planId: number,
  period: Period,
  scope: Scope,
): Promise<RiskSection> {
  const heatMap = await riskHeatMapForScope(store, planId, period.code, scope);
  return { heatMap };
}
