/**
 * The outlook hint on the data owner's form (issue 16): what the year-end forecast and statistical
 * process control say, beside the outlook field, so the outlook the owner chooses is informed. It is
 * a hint only: the owner's outlook is theirs, and nothing here sets or changes it. Both are worked
 * out from approved figures, so the figure being entered is not in them yet; when this period has no
 * approved year to date, the forecast is as of the period before.
 */
import { indicatorSpc } from '../../../app/spc.js';
import type { Store } from '../../../app/store.js';
import { positionInYear, previousPeriod, type Period } from '../../../domain/periods.js';

export interface OutlookHint {
  /** "Statistical process control: Special cause: concerning (the latest of 24 points). Target hit and miss." */
  spc: string | null;
  /** The forecast sentences, e.g. "At this rate the year ends at 1,310 against a target of 1,562: Red." */
  forecast: string[];
}

export async function outlookHint(
  store: Store,
  indicator: { id: number; plan_id: number },
  reportingPeriod: Period,
): Promise<OutlookHint | null> {
  const now = await indicatorSpc(store, indicator, reportingPeriod);
  if (!now) return null;
  const a = now.analysis;
  const spc =
    a.kind === 'analysed'
      ? `Statistical process control, from the ${a.points.length} approved figures up to ${a.points.length ? now.dataPeriod.label : ''}: ${a.variationLabel}.${a.assuranceLabel ? ` ${a.assuranceLabel}.` : ''}`
      : `Statistical process control needs at least ${a.needed} approved figures; there ${a.points === 1 ? 'is 1' : `are ${a.points}`}.`;

  let f = now.forecast;
  let asOf: string | null = null;
  if (f.kind === 'none' && /no year-to-date figure/.test(f.reason)) {
    let earlierIndex = 0;
    try {
      earlierIndex = positionInYear(now.dataPeriod).index;
    } catch {
      earlierIndex = 0;
    }
    if (earlierIndex > 1) {
      const before = await indicatorSpc(store, indicator, previousPeriod(reportingPeriod));
      if (before && before.forecast.kind === 'forecast') {
        f = before.forecast;
        asOf = before.dataPeriod.label;
      }
    }
  }
  const forecast =
    f.kind === 'forecast'
      ? [f.byProfile, f.byTrend]
          .filter((p) => p !== null)
          .map((p) => (asOf ? `As of ${asOf}: ${p.sentence}` : p.sentence))
      : [];
  return { spc, forecast };
}
