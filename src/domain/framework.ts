/**
 * A strategy framework as a council writes it down: the plan, its priorities, outcomes and numbered
 * success indicators with targets, plus an optional second framework (e.g. a leadership team's
 * priorities) mapped onto the same outcomes.
 *
 * This is the interchange shape: the framework spreadsheet is read into it, the demo is written in
 * it, and export writes it back out. Strings are kept as the council printed them (targets
 * especially); the storage layer and the rating engine parse them.
 */
import type { FrameworkChange, Frequency, Outlook, PlanStatus, Polarity, Rag, Unit } from './vocabulary.js';

export interface FrameworkDocument {
  plan: PlanRow;
  directorates: DirectorateRow[];
  priorities: PriorityRow[];
  outcomes: OutcomeRow[];
  indicators: IndicatorRow[];
  /** e.g. seed 003's County Leadership Team's 12 strategic priorities. */
  secondFramework: SecondFrameworkRow | null;
  /** Outcomes and indicators removed since last year, kept for the "changes to the framework" extract. */
  retired: RetiredRow[];
}

export interface PlanRow {
  title: string;
  /** Financial years covered, e.g. "2017-18" or "2017-18 to 2019-20". */
  years: string;
  status: PlanStatus;
  approvedBy: string | null;
  /** ISO date (YYYY-MM-DD). */
  approvedOn: string | null;
}

export interface DirectorateRow {
  /** Short code as councils abbreviate it, e.g. "SCS", "CEF". */
  code: string;
  name: string;
}

export interface PriorityRow {
  code: string;
  title: string;
}

export interface OutcomeRow {
  code: string;
  /** Priority code. */
  priority: string;
  title: string;
  /** Directorate code. */
  directorate: string;
  /** How this outcome changed since last year's framework, if known. */
  change: FrameworkChange | null;
  changeReason: string | null;
  /** Numbers of the second framework's priorities this outcome contributes to. */
  secondFramework: string[];
}

export interface IndicatorRow {
  /** The success indicator's number as printed, e.g. "7". */
  number: string;
  /** Outcome code. */
  outcome: string;
  title: string;
  definition: string | null;
  unit: Unit;
  polarity: Polarity;
  frequency: Frequency;
  /** The target exactly as printed, e.g. "67%", ">28%", "93-95%", "Top quartile", "60/20", "-". */
  target: string;
  /** "Cumulative target Y/N". */
  cumulative: boolean;
  /**
   * For cumulative targets: "even" (default) spreads an annual target evenly over the year;
   * "per-period" means the printed target is each period's share (e.g. "833 … per quarter");
   * or a list of fractions per period, e.g. "0.1, 0.3, 0.6, 1".
   */
  profile: string | null;
  /** Quarters in arrears (0 = on time, 1 = reported a quarter late). */
  inArrears: number;
  /** Amber tolerance for this indicator, overriding the council's: "10%" (relative) or "2" (absolute). */
  tolerance: string | null;
  /** Baseline as written, e.g. "667 at March 2017". */
  baseline: string | null;
  /** Trajectory as written, e.g. "582 by March 2019". */
  trajectory: string | null;
  /** For milestone targets such as "Completion": the due date (YYYY-MM-DD). */
  dueDate: string | null;
  /** Labels for the parts of a compound target such as "60/20". */
  partLabels: string[];
  dataSource: string | null;
  owner: string | null;
  change: FrameworkChange | null;
  changeReason: string | null;
}

export interface SecondFrameworkRow {
  name: string;
  priorities: { number: string; title: string }[];
}

export interface RetiredRow {
  kind: 'outcome' | 'indicator';
  title: string;
  /** Directorate code or name. */
  directorate: string;
  /** For a retired outcome, its indicator(s) as printed. */
  indicator: string | null;
  target: string | null;
  lastRating: string | null;
  /** The year it was last reported, e.g. "2016-17". */
  lastReported: string | null;
  reason: string;
}

/** Ratings and outlooks as published in a report (not computed by Cairn): the demo's Q1 2017-18. */
export interface ReportedPeriod {
  /** e.g. "Q1 2017-18". */
  period: string;
  /** Who set them, e.g. "Directorate (as published to Cabinet 17 October 2017)". */
  setBy: string;
  indicators: {
    number: string;
    /** null: not rated (the reason goes in note). */
    rating: Rag | null;
    outlook: Outlook | null;
    note: string | null;
  }[];
  /** Outcome ratings that were a director's judgement rather than derived from indicators. */
  judgedOutcomes: { outcome: string; rating: Rag; reason: string }[];
}

/** What changed between two versions of a plan's indicators, matched by number. */
export function diffIndicators(
  before: IndicatorRow[],
  after: IndicatorRow[],
): {
  added: IndicatorRow[];
  removed: IndicatorRow[];
  changed: {
    after: IndicatorRow;
    fieldsBefore: Record<string, unknown>;
    fieldsAfter: Record<string, unknown>;
  }[];
} {
  const old = new Map(before.map((i) => [i.number, i]));
  const now = new Set(after.map((i) => i.number));
  const changed = [];
  const added = [];
  for (const a of after) {
    const b = old.get(a.number);
    if (!b) {
      added.push(a);
      continue;
    }
    const fieldsBefore: Record<string, unknown> = {};
    const fieldsAfter: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)]) as Set<keyof IndicatorRow>) {
      if (JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null)) {
        fieldsBefore[key] = b[key] ?? null;
        fieldsAfter[key] = a[key] ?? null;
      }
    }
    if (Object.keys(fieldsAfter).length) changed.push({ after: a, fieldsBefore, fieldsAfter });
  }
  return { added, removed: before.filter((b) => !now.has(b.number)), changed };
}
