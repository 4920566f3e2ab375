/**
 * What every page of a plan shares — the plan, the period and the periods it could show, the layout's
 * navigation and period picker, and the correction note under a figure — for both presenter.ts (the
 * lists and dashboards) and detail-presenter.ts (an outcome, an indicator), which neither imports.
 */
import type { PlanRecord } from '../../../app/records.js';
import type { Scorecard } from '../../../app/scorecard.js';
import type { Period } from '../../../domain/periods.js';
import { periodOptions } from '../../view-model.js';
import { paths, type PeriodQuery } from '../../paths.js';

/**
 * Where an outcome's or indicator's page links to: the internal pages, or the public site's
 * (features/public/), which shows the same presenters' pages under its own addresses.
 */
export interface PlanLinks {
  home: (q: PeriodQuery) => string;
  plan: (planId: number, q: PeriodQuery) => string;
  /** Null where the site has no page for a priority (the public plan page lists them). */
  priority: ((planId: number, code: string, q: PeriodQuery) => string) | null;
  outcome: (planId: number, code: string, q: PeriodQuery) => string;
  indicator: (planId: number, number: string, q: PeriodQuery) => string;
}

export const INTERNAL_LINKS: PlanLinks = {
  home: paths.home,
  plan: paths.plan,
  priority: paths.priority,
  outcome: paths.outcome,
  indicator: paths.indicator,
};

/** What every page of a plan knows: which plan, which period, and the periods it could show. */
export interface PageFrame {
  plan: PlanRecord;
  period: Period;
  periods: Period[];
}

/** What the layout needs on every page of a plan: navigation, the period picker. */
export function frame(f: PageFrame, section: string, s: Scorecard) {
  return {
    secondFrameworkName: s.secondFramework?.name ?? null,
    planId: f.plan.id,
    planTitle: f.plan.title,
    periodCode: f.period.code,
    periodLabel: f.period.label,
    periodOptions: periodOptions(f.periods, f.period),
    section,
  };
}

/** "Corrected on 2 November 2017: Provider resubmitted September hours." */
export function correctionNote(c: { at: string; reason: string } | null): string | null {
  if (!c) return null;
  const day = new Date(c.at).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `Corrected on ${day}: ${c.reason.replace(/\.\s*$/, '')}.`;
}
