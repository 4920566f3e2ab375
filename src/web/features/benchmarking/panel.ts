/**
 * The indicator page's hook (issue 13): its benchmark panel for the period shown — the benchmark
 * period chosen from the figure's own period (which differs when the indicator is in arrears), our
 * own figure standing in only when the file has none for us.
 */
import { indicatorBenchmark } from '../../../app/benchmark-links.js';
import type { Scorecard } from '../../../app/scorecard.js';
import type { Store } from '../../../app/store.js';
import type { Period } from '../../../domain/periods.js';
import { benchmarkPanelView, type BenchmarkPanel } from './presenter.js';

export async function benchmarkPanel(
  store: Store,
  planId: number,
  number: string,
  period: Period,
  history: readonly Scorecard[],
  canManage: boolean,
): Promise<BenchmarkPanel | null> {
  const i = history
    .at(-1)
    ?.priorities.flatMap((p) => p.outcomes.flatMap((o) => o.indicators))
    .find((x) => x.number === number);
  const ib = await indicatorBenchmark(
    store,
    planId,
    number,
    i?.dataPeriod ?? period,
    i?.value?.actual ?? null,
  );
  return benchmarkPanelView(ib, planId, number, canManage);
}
