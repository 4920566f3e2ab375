/**
 * PlanDocument: the interchange shape of an improvement, business or action plan — what the demo is
 * written in, what the spreadsheet import reads into and the export writes from, and what storage
 * saves in one transaction. Values are as printed; meanings are derived (domain/plans/*.ts).
 */
import type { ActionStatus } from './status.js';

export const PLAN_KINDS = ['improvement', 'business', 'action'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_BASES = ['peer-challenge', 'inspection', 'audit'] as const;
export type PlanBasis = (typeof PLAN_BASES)[number];

export const PLAN_KIND_LABEL: Record<PlanKind, string> = {
  improvement: 'Improvement plan',
  business: 'Business plan',
  action: 'Action plan',
};
export const PLAN_BASIS_LABEL: Record<PlanBasis, string> = {
  'peer-challenge': 'after a peer challenge',
  inspection: 'after an inspection',
  audit: 'after an audit',
};

export interface StrategyRef {
  kind: 'priority' | 'outcome' | 'indicator';
  /** The priority or outcome code, or the indicator number, in the linked strategy. */
  code: string;
}

export interface PlanActionDoc {
  /** Unique in the plan, e.g. '1.3'. */
  code: string;
  /** The recommendation it sits under (its code), if any. */
  recommendation: string | null;
  section?: string | null;
  title: string;
  leadOfficers?: string | null;
  leadCouncillor?: string | null;
  /** As printed: "December 2024", "Nov 02", "On going"… */
  target?: string | null;
  /** As printed: "Complete", "Ongoing"…; null when none is printed. */
  status?: string | null;
  /**
   * What the printed status means, when the import decided it (a council's own word mapped with
   * --map-status, or a Done column set to TRUE); otherwise it is read from `status`.
   */
  statusMeaning?: ActionStatus | null;
  /** Percent complete, 0–100, as the council's tracker records it; absent when it does not. */
  percentComplete?: number | null;
  completedOn?: string | null;
  /** Finding numbers cited, as printed. */
  findings?: string[];
  /** Recommendation codes cited, as printed. */
  recommendations?: string[];
  supports?: StrategyRef[];
  tags?: string[];
  /** Updates at progress reviews, oldest first. */
  updates?: { review: string | null; status: string | null; text: string }[];
}

export interface PlanDocument {
  plan: {
    kind: PlanKind;
    basis?: PlanBasis | null;
    title: string;
    source?: string | null;
    organisation?: string | null;
    owner?: string | null;
    description?: string | null;
    /** The strategy plan's title its actions support (links resolve against it). */
    strategy?: string | null;
  };
  themes: { code: string; title: string }[];
  recommendations: {
    code: string;
    theme?: string | null;
    title: string;
    body?: string | null;
    bullets?: string[];
  }[];
  findings: { number: string; text: string; theme?: string | null; recommendation?: string | null }[];
  reviews: { title: string; date: string }[];
  actions: PlanActionDoc[];
}
