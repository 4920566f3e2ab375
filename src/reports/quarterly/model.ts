/**
 * What a quarterly performance report is made from, apart from live figures: the settings chosen when
 * it is created (meeting, date, who it is from, charts or not) and the texts the performance team
 * edits (key achievements and issues under each priority; each Red outcome's narrative and action);
 * and the ReportSource the live figures come in (read by source.ts, laid out by build.ts and data.ts).
 */
import type { FinancePosition } from '../../app/finance.js';
import type { Scorecard, ScorecardOutcome } from '../../app/scorecard.js';
import type { Scope } from '../../app/summary.js';
import type { HeatMap } from '../../app/risks/reading.js';
import type { PeriodSummary } from '../../domain/summary.js';

export interface ReportSettings {
  /** The committee it goes to, e.g. "Cabinet". */
  meeting: string;
  /** As printed, e.g. "17 October 2017". */
  meetingDate: string;
  /** Whose report it is, e.g. "Assistant Chief Finance Officer (Assurance)". */
  reportOf: string;
  /** Name and job title, and how to reach them. */
  contactOfficer: string;
  /** A small chart of the last eight quarters per indicator, each with its table. */
  charts: boolean;
  /** The optional section "Indicators showing special-cause concern" (statistical process control). */
  spc?: boolean;
  /** The optional section "Benchmarking": every linked indicator against other councils. */
  benchmarking?: boolean;
  /** The optional Finance section: revenue budget monitoring by directorate, and the savings programme. */
  finance?: boolean;
  /** The optional Risk section: the heat map of residual risk scores with its table, and the risks whose score rose (issue 14). */
  risk?: boolean;
}

export interface ExceptionText {
  narrative: string;
  action: string;
}

/** The editable texts. Lists hold one item per entry; keys are priority and outcome codes. */
export interface ReportTexts {
  achievements: Record<string, string[]>;
  issues: Record<string, string[]>;
  exceptions: Record<string, ExceptionText>;
  /** The officer's own introduction, printed after the standard opening (may be empty). */
  introduction: string;
  /** What members are recommended to do, in order. */
  recommendations: string[];
  /** The business-management narrative (finance, workforce, risk), printed after the introduction. */
  business: string;
}

/**
 * Placeholder words earlier drafts stored as content. They are never printed: a section holding one
 * is empty (the publish confirmation lists it).
 */
export const PLACEHOLDERS = ['No recommended action has been written yet.', 'None written.'];

/** True when a text is empty or only a placeholder. */
export const isEmptyText = (text: string | null | undefined): boolean => {
  const t = (text ?? '').trim();
  return t === '' || PLACEHOLDERS.includes(t);
};

export const DEFAULT_RECOMMENDATIONS = ['Note the performance set out in this report.'];

export const DEFAULT_SETTINGS: ReportSettings = {
  meeting: 'Cabinet',
  meetingDate: '',
  reportOf: 'Corporate Performance Team',
  contactOfficer: '',
  charts: false,
};

export function scopeCode(scope: Scope): string {
  return scope.kind === 'council' ? 'council' : `${scope.kind}:${scope.code ?? ''}`;
}

/** Edited texts laid over drafted ones: anything edited wins, key by key. */
export function mergeTexts(drafted: ReportTexts, edited: Partial<ReportTexts> | null): ReportTexts {
  if (!edited) return drafted;
  return {
    achievements: { ...drafted.achievements, ...(edited.achievements ?? {}) },
    issues: { ...drafted.issues, ...(edited.issues ?? {}) },
    exceptions: { ...drafted.exceptions, ...(edited.exceptions ?? {}) },
    introduction: edited.introduction ?? drafted.introduction,
    recommendations: edited.recommendations ?? drafted.recommendations,
    business: edited.business ?? drafted.business,
  };
}

export interface FrameworkChangeRow {
  kind: 'outcome' | 'indicator';
  /** Outcome code or indicator number. */
  ref: string;
  title: string;
  directorate: string;
  change: string;
  /** What changed (an updated item marked in Cairn), else null. */
  whatChanged: string | null;
  reason: string | null;
}

/** A minor amendment to the approved framework, as the report lists it. */
export interface AmendmentRow {
  /** ISO 8601 UTC. */
  at: string;
  /** "Outcome O12", "Indicator 7". */
  ref: string;
  summary: string;
  reason: string;
  by: string;
}

/** Everything read from the database for one report: the period's scorecard narrowed to a scope. */
export interface ReportSource {
  scorecard: Scorecard;
  scope: Scope;
  scopeLabel: string;
  /** The outcomes in scope, in framework order. */
  outcomes: ScorecardOutcome[];
  summary: PeriodSummary;
  changes: FrameworkChangeRow[];
  /** The years of the plan this one carries on from ("2016-17"): the previous plan's, or the year before. */
  previousYears: string;
  /** Minor amendments since the framework was approved, oldest first. */
  amendments: AmendmentRow[];
  /** Earlier quarters of the plan, oldest first (up to seven), for the charts; may be empty. */
  history: Scorecard[];
  /** When the figures were read, ISO 8601 UTC. */
  asAt: string;
  /** Indicators in scope whose latest point is special cause for concern, when that section is asked for. */
  spcConcern?: SpcConcernRow[];
  /** Indicators in scope linked to a benchmark metric, when that section is asked for. */
  benchmarking?: BenchmarkingRow[];
  /** The quarter's budget monitoring for the directorates in scope, when the Finance section is asked for. */
  finance?: FinancePosition;
  /** The risk register as at the quarter, when the Risk section is asked for. */
  risk?: RiskSection;
}

/** One linked indicator for the section "Benchmarking". */
export interface BenchmarkingRow {
  number: string;
  title: string;
  directorate: string;
  /** The metric and who with: "Persistent absence (DfE), England, 2016-17". */
  against: string;
  /** Our figure and the group's median, as printed; "–" when there is none. */
  value: string;
  median: string;
  /** "Top quartile", … or "No quartile". */
  quartile: string;
  /** "18 of 151", or "–". */
  rank: string;
  /** The benchmark target's rating sentence, or what stands in for it (no benchmark target; why none). */
  rating: string;
}

/** The Risk section's data: the heat map of the scope's open risks as at the quarter. */
export interface RiskSection {
  heatMap: HeatMap;
}

/** One indicator for the section "Indicators showing special-cause concern". */
export interface SpcConcernRow {
  number: string;
  title: string;
  directorate: string;
  /** The latest point's period, e.g. "Q1 2017-18", and value as printed. */
  latest: string;
  value: string;
  /** The rule the latest point breaks, e.g. "Part of a run of 7 points below the mean". */
  rule: string;
  /** "Target consistently failed" …, or null. */
  assurance: string | null;
}
