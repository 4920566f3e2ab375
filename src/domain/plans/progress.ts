/**
 * What a plan's progress shows, computed and never typed: which actions are overdue as at a date,
 * status counts (per recommendation and for the plan), and coverage — every finding no action
 * addresses, and every citation of a finding or recommendation that does not exist.
 */
import { ACTION_STATUSES, type ActionStatus } from './status.js';

export interface ActionFacts {
  code: string;
  status: ActionStatus | null;
  /** ISO date the target falls due, or null (ongoing, none, not understood). */
  due: string | null;
  completedOn?: string | null;
}

/**
 * Overdue as at `asAt` (ISO date): the target date has passed and the action is not complete (nor
 * stopped: a stopped action is not going to be done, and is counted as stopped instead). An action
 * completed after the review date is still overdue as at that review.
 */
export function isOverdue(a: ActionFacts, asAt: string): boolean {
  if (!a.due || a.due >= asAt) return false;
  if (a.status === 'stopped') return false;
  if (a.status === 'complete') return a.completedOn ? a.completedOn > asAt : false;
  return true;
}

/** By how many days, for sorting and saying so. */
export function daysOverdue(a: ActionFacts, asAt: string): number {
  if (!isOverdue(a, asAt)) return 0;
  return Math.round((Date.parse(asAt) - Date.parse(a.due!)) / 86_400_000);
}

/**
 * Subtotals: how many of `items` fall under each name (a theme, a lead officer), largest first, then
 * by name; items without one are counted under `none`.
 */
export function subtotals<T>(
  items: T[],
  nameOf: (item: T) => string | null | undefined,
  none: string,
): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = nameOf(item)?.replace(/\s+/g, ' ').trim() || none;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'en-GB'));
}

export type StatusCounts = Record<ActionStatus | 'not-recorded', number> & { total: number; overdue: number };

export function emptyCounts(): StatusCounts {
  const c = { 'not-recorded': 0, total: 0, overdue: 0 } as StatusCounts;
  for (const s of ACTION_STATUSES) c[s] = 0;
  return c;
}

export function statusCounts(actions: ActionFacts[], asAt: string): StatusCounts {
  const c = emptyCounts();
  for (const a of actions) {
    c[a.status ?? 'not-recorded'] += 1;
    c.total += 1;
    if (isOverdue(a, asAt)) c.overdue += 1;
  }
  return c;
}

export interface CoverageInput {
  findings: { number: string }[];
  recommendations: { code: string }[];
  actions: { code: string; findings: string[]; recommendations: string[] }[];
}

export interface Coverage {
  /** Finding number → the codes of the actions that cite it. */
  addressedBy: Map<string, string[]>;
  /** Findings that no action cites, in the plan's order. */
  unaddressed: string[];
  /** Citations of findings or recommendations the plan does not have. */
  dangling: { action: string; kind: 'finding' | 'recommendation'; ref: string }[];
  /** Recommendations no action sits under or cites. */
  recommendationsWithoutActions: string[];
}

/** Normalises a citation for matching: "1A" = "1a", " 45 " = "45". */
export const refKey = (ref: string) => ref.trim().toLowerCase();

export function coverage(
  input: CoverageInput & { actionRecommendation?: Map<string, string | null> },
): Coverage {
  const findings = new Map(input.findings.map((f) => [refKey(f.number), f.number]));
  const recs = new Map(input.recommendations.map((r) => [refKey(r.code), r.code]));
  const addressedBy = new Map<string, string[]>(input.findings.map((f) => [f.number, []]));
  const dangling: Coverage['dangling'] = [];
  const recUsed = new Set<string>();
  for (const a of input.actions) {
    for (const ref of a.findings) {
      const n = findings.get(refKey(ref));
      if (n === undefined) dangling.push({ action: a.code, kind: 'finding', ref });
      else addressedBy.get(n)!.push(a.code);
    }
    for (const ref of a.recommendations) {
      const c = recs.get(refKey(ref));
      if (c === undefined) dangling.push({ action: a.code, kind: 'recommendation', ref });
      else recUsed.add(c);
    }
    const under = input.actionRecommendation?.get(a.code);
    if (under) recUsed.add(under);
  }
  return {
    addressedBy,
    unaddressed: input.findings.map((f) => f.number).filter((n) => addressedBy.get(n)!.length === 0),
    dangling,
    recommendationsWithoutActions: input.recommendations.map((r) => r.code).filter((c) => !recUsed.has(c)),
  };
}

/** Citations as printed in seed 004: "(1a) (3)", "(13,15,16)" → ['1a', '3', '13', '15', '16']. */
export function readCitations(text: string): string[] {
  return text
    .split(/[\s,;()]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Sorts references as people do: 2 before 10, 1a before 1b before 2a. */
export function compareRefs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}
