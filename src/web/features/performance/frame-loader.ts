/**
 * Reads which plan and quarter a plan page asks for (its id in the path, `period` in the query, else
 * the plan's default quarter): for the performance pages and the plan's benchmarking page alike.
 */
import { invalidInput, notFound } from '../../../app/errors.js';
import { findPlan } from '../../../app/performance.js';
import { defaultPeriod, planQuarters, resolvePeriod } from '../../../app/scorecard.js';
import type { Store } from '../../../app/store.js';
import { financialYearOf, type Period } from '../../../domain/periods.js';
import { readId } from '../../params.js';
import { single, type RawQuery } from './filters.js';
import type { PageFrame } from './page-frame.js';

export function quarterOrFail(text: string): Period {
  const period = resolvePeriod(text);
  if (period.kind !== 'quarter')
    throw invalidInput(
      `Pages show one quarter at a time. Choose a quarter, such as Q1 ${financialYearOf(period).label}.`,
    );
  return period;
}

export async function loadPageFrame(store: Store, planIdText: string, raw: RawQuery): Promise<PageFrame> {
  const planId = readId(planIdText);
  const plan = planId === undefined ? undefined : await findPlan(store, planId);
  if (!plan) throw notFound(`There is no plan ${planIdText}. Go to the home page to find the current plan.`);
  const periodText = single(raw, 'period');
  const period = periodText ? quarterOrFail(periodText) : await defaultPeriod(store, plan);
  const periods = planQuarters(plan);
  if (!periods.some((p) => p.code === period.code))
    throw notFound(
      `${plan.title} covers ${plan.years}, so it has no figures for ${period.label}. Choose a quarter from ${periods[0]?.label} to ${periods[periods.length - 1]?.label}.`,
    );
  return { plan, period, periods };
}
