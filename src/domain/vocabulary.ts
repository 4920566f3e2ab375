/**
 * The words Cairn's domain is written in. Everything here is pure data: no I/O.
 */

export const RAGS = ['red', 'amber', 'green'] as const;
/** A Red / Amber / Green rating. */
export type Rag = (typeof RAGS)[number];

/** Worst first: used to order and to pick "the worst rated indicator". */
export const RAG_SEVERITY: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

export const RAG_LABEL: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
export const RAG_LETTER: Record<Rag, string> = { red: 'R', amber: 'A', green: 'G' };

export const OUTLOOKS = ['improving', 'stable', 'deteriorating'] as const;
/** A forward-looking judgement per indicator — not the same as the trend so far. */
export type Outlook = (typeof OUTLOOKS)[number];
export const OUTLOOK_ARROW: Record<Outlook, string> = { improving: '↑', stable: '↔', deteriorating: '↓' };
export const OUTLOOK_LABEL: Record<Outlook, string> = {
  improving: 'positive/improving',
  stable: 'stable',
  deteriorating: 'negative/deteriorating',
};

export const POLARITIES = ['higher', 'lower', 'range'] as const;
/** Which way is better: higher is better, lower is better, or within the range is best. */
export type Polarity = (typeof POLARITIES)[number];
export const POLARITY_LABEL: Record<Polarity, string> = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  range: 'Within the range is best',
};

export const FREQUENCIES = ['monthly', 'quarterly', 'annual', 'academic-year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const UNITS = ['number', 'percent', 'currency', 'milestone'] as const;
export type Unit = (typeof UNITS)[number];

export const FRAMEWORK_CHANGES = ['introduced', 'updated', 'carried-over', 'deleted'] as const;
/** How an outcome or indicator changed since the previous year's framework. */
export type FrameworkChange = (typeof FRAMEWORK_CHANGES)[number];

/** A plan is drafted, submitted for approval, then approved (after which changes are minor amendments). */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Where a rating came from. */
export const RATING_SOURCES = ['computed', 'reported', 'manual'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

export function isRag(value: unknown): value is Rag {
  return typeof value === 'string' && (RAGS as readonly string[]).includes(value);
}
export function isOutlook(value: unknown): value is Outlook {
  return typeof value === 'string' && (OUTLOOKS as readonly string[]).includes(value);
}
