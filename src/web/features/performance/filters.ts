/**
 * The filters every indicator list takes (period, directorate, priority, rating, outlook, words or
 * number), read from a query string. A value that is not recognised is reported in words and left out,
 * so the page still shows — never a crash. Each problem is a `Problem` whose field is the parameter's
 * name (the id of its control on the filter form; the page number has none).
 */
import type { Scorecard, ScorecardIndicator, ScorecardOutcome } from '../../../app/scorecard.js';
import {
  OUTLOOK_LABEL,
  OUTLOOKS,
  RAG_LABEL,
  RAGS,
  type Outlook,
  type Rag,
} from '../../../domain/vocabulary.js';
import type { Filters } from '../../paths.js';
import type { Problem } from '../../../domain/problem.js';

export type RatingFilter = Rag | 'not-rated';
export type OutlookFilter = Outlook | 'none';

export const RATING_OPTIONS: { value: RatingFilter; label: string }[] = [
  ...RAGS.map((r) => ({ value: r, label: RAG_LABEL[r] })),
  { value: 'not-rated', label: 'Not rated' },
];
export const OUTLOOK_OPTIONS: { value: OutlookFilter; label: string }[] = [
  ...OUTLOOKS.map((o) => ({ value: o, label: OUTLOOK_LABEL[o] })),
  { value: 'none', label: 'No outlook given' },
];

export interface ChosenFilters {
  directorate?: string;
  priority?: string;
  rating?: RatingFilter;
  outlook?: OutlookFilter;
  q?: string;
  page: number;
}

export type RawQuery = Record<string, string | string[] | undefined>;

const MAX_SEARCH = 200;

/**
 * The first value of a query parameter, trimmed; repeated parameters keep the first. Anything longer
 * than any real value (the search box allows 200 characters) is cut there, so no query string makes a
 * page do more work than a real one.
 */
export function single(raw: RawQuery, name: string): string | undefined {
  const v = raw[name];
  const first = Array.isArray(v) ? v[0] : v;
  const t = first?.slice(0, MAX_SEARCH + 1).trim();
  return t ? t : undefined;
}

/** A value quoted back in a message, shortened. */
function quote(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

/** The parameters pages read, in a fixed order: the page cache's key (other parameters change nothing). */
export const PAGE_PARAMETERS = [
  'period',
  'directorate',
  'priority',
  'rating',
  'outlook',
  'q',
  'page',
  'spc',
  'benchmark',
] as const;

export function pageKey(path: string, raw: RawQuery): string {
  const parts = PAGE_PARAMETERS.map((name) => `${name}=${single(raw, name) ?? ''}`);
  return `${path}?${parts.join('&')}`;
}

/** Reads the filters; `paged` lists (the indicator list) also read the page number. */
export function readFilters(
  raw: RawQuery,
  scorecard: Scorecard,
  options: { paged?: boolean } = {},
): { filters: ChosenFilters; problems: Problem[] } {
  const problems: Problem[] = [];
  const filters: ChosenFilters = { page: 1 };

  const directorate = single(raw, 'directorate');
  if (directorate) {
    const d = scorecard.directorates.find((x) => x.code.toLowerCase() === directorate.toLowerCase());
    if (d) filters.directorate = d.code;
    else
      problems.push({
        field: 'directorate',
        message: `Directorate ${quote(directorate)} is not in this plan. Choose one of: ${scorecard.directorates.map((x) => x.name).join(', ')}.`,
      });
  }
  const priority = single(raw, 'priority');
  if (priority) {
    const p = scorecard.priorities.find((x) => x.code.toLowerCase() === priority.toLowerCase());
    if (p) filters.priority = p.code;
    else
      problems.push({
        field: 'priority',
        message: `Priority ${quote(priority)} is not in this plan. Choose one of: ${scorecard.priorities.map((x) => x.title).join(', ')}.`,
      });
  }
  const rating = single(raw, 'rating');
  if (rating) {
    const r = RATING_OPTIONS.find((o) => o.value === rating.toLowerCase());
    if (r) filters.rating = r.value;
    else
      problems.push({
        field: 'rating',
        message: `Rating ${quote(rating)} is not one of: ${RATING_OPTIONS.map((o) => o.label).join(', ')}.`,
      });
  }
  const outlook = single(raw, 'outlook');
  if (outlook) {
    const o = OUTLOOK_OPTIONS.find((x) => x.value === outlook.toLowerCase());
    if (o) filters.outlook = o.value;
    else
      problems.push({
        field: 'outlook',
        message: `Outlook ${quote(outlook)} is not one of: improving, stable, deteriorating, none.`,
      });
  }
  const q = single(raw, 'q');
  if (q) {
    if (q.length > MAX_SEARCH)
      problems.push({ field: 'q', message: `Search words must be ${MAX_SEARCH} characters or fewer.` });
    else filters.q = q;
  }
  const page = options.paged ? single(raw, 'page') : undefined;
  if (page) {
    if (/^[1-9]\d{0,5}$/.test(page)) filters.page = Number(page);
    else problems.push({ field: 'page', message: `Page ${quote(page)} is not a page number.` });
  }
  return { filters, problems };
}

export function isFiltered(f: ChosenFilters): boolean {
  return Boolean(f.directorate || f.priority || f.rating || f.outlook || f.q);
}

/** The filters as URL parameters (for links that keep them). */
export function filterParams(f: ChosenFilters, period: string): Filters {
  return {
    period,
    directorate: f.directorate,
    priority: f.priority,
    rating: f.rating,
    outlook: f.outlook,
    q: f.q,
  };
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}%]+/u)
    .filter(Boolean);
}

/** Does the indicator match the search? A bare number matches that indicator's number exactly; otherwise every word must appear. */
export function matchesSearch(i: ScorecardIndicator, o: ScorecardOutcome, q: string): boolean {
  const text = q.trim().replace(/^(?:no\.\s*|no\s+|indicator\s+|#\s*)/i, '');
  if (/^\d+[a-z]?$/i.test(text)) return i.number.toLowerCase() === text.toLowerCase();
  const haystack = `${i.number} ${i.title} ${i.definition ?? ''} ${o.title} ${i.target}`.toLowerCase();
  return words(q).every((w) => haystack.includes(w));
}

export function matchesFilters(i: ScorecardIndicator, o: ScorecardOutcome, f: ChosenFilters): boolean {
  if (f.directorate && o.directorate.code !== f.directorate) return false;
  if (f.priority && o.priorityCode !== f.priority) return false;
  if (f.rating && (i.rating ?? 'not-rated') !== f.rating) return false;
  if (f.outlook && (i.outlook ?? 'none') !== f.outlook) return false;
  if (f.q && !matchesSearch(i, o, f.q)) return false;
  return true;
}
