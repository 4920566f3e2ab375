/**
 * Shapes scorecards into what each page shows. Templates only lay out what these return; every
 * decision (which rows, which words, which links) is made here, where it is unit-tested.
 */
import type { Scorecard, ScorecardIndicator, ScorecardOutcome } from '../../../app/scorecard.js';
import type { Period } from '../../../domain/periods.js';
import { correctionNote, frame, type PageFrame } from './page-frame.js';
import { RAG_SEVERITY, type Rag } from '../../../domain/vocabulary.js';
import { byIndicatorNumber } from '../../../domain/indicator-order.js';
import { paths } from '../../paths.js';
import {
  BASIS_LABEL,
  KEY,
  options,
  outlookView,
  ragView,
  type OutlookView,
  type RagView,
} from '../../view-model.js';
import {
  filterParams,
  isFiltered,
  matchesFilters,
  OUTLOOK_OPTIONS,
  RATING_OPTIONS,
  type ChosenFilters,
} from './filters.js';
import type { Problem } from '../../../domain/problem.js';
import { errorSummary } from '../../error-summary.js';

export type { PageFrame } from './page-frame.js';
export { frame } from './page-frame.js';

export const PAGE_SIZE = 50;

function counts(s: Scorecard['summary']) {
  const row = (
    label: string,
    c: { red: number; amber: number; green: number; notRated: number; total: number },
  ) => ({
    label,
    red: c.red,
    amber: c.amber,
    green: c.green,
    notRated: c.notRated,
    total: c.total,
  });
  return [row('Outcomes', s.outcomes), row('Success indicators', s.indicators)];
}

function outlookCounts(s: Scorecard['summary']) {
  return [
    { view: outlookView('improving'), count: s.outlook.improving },
    { view: outlookView('stable'), count: s.outlook.stable },
    { view: outlookView('deteriorating'), count: s.outlook.deteriorating },
    { view: null as OutlookView | null, count: s.outlook.none },
  ];
}

function indicatorCounts(indicators: ScorecardIndicator[]) {
  const c = { red: 0, amber: 0, green: 0, notRated: 0 };
  for (const i of indicators) {
    if (i.rating) c[i.rating] += 1;
    else c.notRated += 1;
  }
  return c;
}

function allOutcomes(s: Scorecard): ScorecardOutcome[] {
  return s.priorities.flatMap((p) => p.outcomes);
}

function outcomeRow(s: Scorecard, o: ScorecardOutcome) {
  return {
    code: o.code,
    title: o.title,
    url: paths.outcome(s.plan.id, o.code, { period: s.period.code }),
    directorate: o.directorate.name,
    directorateUrl: paths.dashboard(s.plan.id, { period: s.period.code, directorate: o.directorate.code }),
    rating: ragView(o.rating.rating, o.rating.explanation),
    basis: BASIS_LABEL[o.rating.basis],
    indicatorCount: o.indicators.length,
    indicatorCounts: indicatorCounts(o.indicators),
  };
}

// ---------------------------------------------------------------------------------------------
// Home

export interface RatingChange {
  kind: 'outcome' | 'indicator';
  label: string;
  title: string;
  url: string;
  from: RagView;
  to: RagView;
}

/**
 * Ratings that went up or down between two scorecards of the same plan, matched by outcome code and
 * indicator number. Only changes between two ratings count; becoming rated or unrated is counted apart.
 */
export function ratingChanges(current: Scorecard, previous: Scorecard) {
  const better: RatingChange[] = [];
  const worse: RatingChange[] = [];
  let newlyRated = 0;
  let noLongerRated = 0;
  const compare = (change: Omit<RatingChange, 'from' | 'to'>, from: Rag | null, to: Rag | null) => {
    if (from === to) return;
    if (!from) newlyRated += 1;
    else if (!to) noLongerRated += 1;
    else
      (RAG_SEVERITY[to] > RAG_SEVERITY[from] ? better : worse).push({
        ...change,
        from: ragView(from),
        to: ragView(to),
      });
  };
  const before = new Map(allOutcomes(previous).map((o) => [o.code, o]));
  const beforeIndicators = new Map(
    allOutcomes(previous).flatMap((o) => o.indicators.map((i) => [i.number, i])),
  );
  for (const o of allOutcomes(current)) {
    const b = before.get(o.code);
    if (b)
      compare(
        {
          kind: 'outcome',
          label: 'Outcome',
          title: o.title,
          url: paths.outcome(current.plan.id, o.code, { period: current.period.code }),
        },
        b.rating.rating,
        o.rating.rating,
      );
    for (const i of o.indicators) {
      const bi = beforeIndicators.get(i.number);
      if (bi)
        compare(
          {
            kind: 'indicator',
            label: `Indicator ${i.number}`,
            title: i.title,
            url: paths.indicator(current.plan.id, i.number, { period: current.period.code }),
          },
          bi.rating,
          i.rating,
        );
    }
  }
  return { better, worse, newlyRated, noLongerRated };
}

export function homePage(
  f: PageFrame,
  s: Scorecard,
  previous: { period: Period; scorecard: Scorecard | null },
) {
  const id = s.plan.id;
  const q = { period: s.period.code };
  return {
    ...frame(f, 'home', s),
    pageTitle: `Performance: ${s.period.label}`,
    councilName: s.councilName,
    sentences: s.summary.sentences,
    counts: counts(s.summary),
    outlookCounts: outlookCounts(s.summary),
    redIndicators: s.summary.indicators.redNumbers.map((n) => ({
      number: n,
      url: paths.indicator(id, n, q),
    })),
    previousLabel: previous.period.label,
    changes: previous.scorecard ? ratingChanges(s, previous.scorecard) : null,
    priorities: s.priorities.map((p) => ({
      title: p.title,
      url: paths.priority(id, p.code, q),
      outcomeCount: p.outcomes.length,
      red: p.outcomes.filter((o) => o.rating.rating === 'red').length,
    })),
    directorates: s.directorates.map((d) => ({
      name: d.name,
      url: paths.dashboard(id, { ...q, directorate: d.code }),
    })),
    links: {
      plan: paths.plan(id, q),
      dashboard: paths.dashboard(id, q),
      matrix: paths.matrix(id, q),
      indicators: paths.indicators(id, q),
      secondFramework: s.secondFramework ? paths.secondFramework(id, q) : null,
    },
    secondFrameworkName: s.secondFramework?.name ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Plan and priority

export function planPage(f: PageFrame, s: Scorecard) {
  return {
    ...frame(f, 'plan', s),
    pageTitle: s.plan.title,
    years: s.plan.years,
    status: s.plan.status === 'approved' ? 'Approved' : 'Draft',
    approved: s.plan.approved_by
      ? `${s.plan.approved_by}${s.plan.approved_on ? `, ${s.plan.approved_on}` : ''}`
      : null,
    counts: counts(s.summary),
    priorities: s.priorities.map((p) => ({
      code: p.code,
      title: p.title,
      url: paths.priority(s.plan.id, p.code, { period: s.period.code }),
      outcomes: p.outcomes.map((o) => outcomeRow(s, o)),
    })),
  };
}

export function priorityPage(f: PageFrame, s: Scorecard, code: string, summary: Scorecard['summary']) {
  const p = s.priorities.find((x) => x.code === code)!;
  return {
    ...frame(f, 'plan', s),
    pageTitle: `Priority: ${p.title}`,
    title: p.title,
    code: p.code,
    sentences: summary.sentences,
    counts: counts(summary),
    outcomes: p.outcomes.map((o) => outcomeRow(s, o)),
    dashboardUrl: paths.dashboard(s.plan.id, { period: s.period.code, priority: p.code }),
    planUrl: paths.plan(s.plan.id, { period: s.period.code }),
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboards and the indicator list

function indicatorCells(s: Scorecard, i: ScorecardIndicator) {
  return {
    number: i.number,
    title: i.title,
    url: paths.indicator(s.plan.id, i.number, { period: s.period.code }),
    target: i.target,
    cumulative: i.cumulative ? 'Y' : 'N',
    rating: ragView(i.rating, i.explanation),
    explanation: i.explanation,
    outlook: outlookView(i.outlook),
    arrearsNote: i.inArrears > 0 ? `Reported in arrears: the figure is for ${i.dataPeriod.label}.` : null,
    correction: correctionNote(i.value?.correction ?? null),
    actual: actualText(i.value?.actual ?? null, i.unit),
    draft: i.draft ? { actual: actualText(i.draft.actual, i.unit), state: i.draft.stateLabel } : null,
    notReported: i.notReported,
  };
}

/** A figure as the dashboards print it: "73,390", "67%", "£1,200"; "–" when there is none. */
export function actualText(n: number | null, unit: string): string {
  if (n === null) return '–';
  const text = n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  if (unit === 'percent') return `${text}%`;
  if (unit === 'currency') return `£${text}`;
  return text;
}

/** The filters' error summary and each control's message; the page number has no control to link to. */
function filterErrors(problems: readonly Problem[]) {
  const { errorList, fieldErrors } = errorSummary(
    problems.map((p) => (p.field === 'page' ? { message: p.message } : p)),
    { fallbackHref: '' },
  );
  return {
    problems: errorList,
    problemFor: Object.fromEntries(Object.entries(fieldErrors).map(([field, e]) => [field, e.text])),
  };
}

function filterForm(f: PageFrame, s: Scorecard, chosen: ChosenFilters, problems: Problem[], action: string) {
  return {
    action,
    ...filterErrors(problems),
    directorateOptions: options(
      s.directorates.map((d) => ({ value: d.code, label: d.name })),
      chosen.directorate,
    ),
    priorityOptions: options(
      s.priorities.map((p) => ({ value: p.code, label: p.title })),
      chosen.priority,
    ),
    ratingOptions: options(RATING_OPTIONS, chosen.rating),
    outlookOptions: options(OUTLOOK_OPTIONS, chosen.outlook),
    q: chosen.q ?? '',
    filtered: isFiltered(chosen),
    clearUrl: `${action.split('?')[0]}?period=${encodeURIComponent(f.period.code)}`,
  };
}

/**
 * The dashboards as seed 003's Annex 2 lays them out: one per directorate, grouped by priority, each
 * outcome spanning its indicators' rows. Filters narrow the rows; outcomes with no matching
 * indicator are left out.
 */
export function dashboardPage(f: PageFrame, s: Scorecard, chosen: ChosenFilters, problems: Problem[]) {
  let shown = 0;
  let total = 0;
  const directorates = s.directorates
    .filter((d) => !chosen.directorate || d.code === chosen.directorate)
    .map((d) => {
      const priorities = s.priorities
        .map((p) => {
          const outcomes = p.outcomes
            .filter((o) => o.directorate.code === d.code)
            .map((o) => {
              total += o.indicators.length;
              const indicators = o.indicators.filter((i) => matchesFilters(i, o, chosen));
              shown += indicators.length;
              return {
                ...outcomeRow(s, o),
                rowspan: indicators.length,
                indicators: indicators.map((i) => indicatorCells(s, i)),
              };
            })
            .filter((o) => o.indicators.length > 0);
          return { code: p.code, title: p.title, outcomes };
        })
        .filter((p) => p.outcomes.length > 0);
      return {
        code: d.code,
        name: d.name,
        heading: `${d.name} – performance dashboard – ${s.period.label}`,
        url: paths.dashboard(s.plan.id, { period: s.period.code, directorate: d.code }),
        priorities,
      };
    })
    .filter((d) => d.priorities.length > 0);
  const directorate = chosen.directorate
    ? s.directorates.find((d) => d.code === chosen.directorate)
    : undefined;
  const action = paths.dashboard(s.plan.id);
  return {
    ...frame(f, 'dashboard', s),
    pageTitle: `${problems.length ? 'Error: ' : ''}${
      directorate ? `${directorate.name} dashboard` : 'Performance dashboards'
    }: ${s.period.label}`,
    heading: directorate ? `${directorate.name} – performance dashboard` : 'Performance dashboards',
    ratingHeader: `${s.period.label} rating`,
    singleDirectorate: Boolean(chosen.directorate),
    directorates,
    shown,
    total: chosen.directorate ? total : s.summary.indicators.total,
    filter: filterForm(f, s, chosen, problems, action),
    key: KEY,
    directorateLinks: chosen.directorate
      ? []
      : directorates.map((d) => ({ text: d.name, href: `#dashboard-${d.code}` })),
  };
}

export function indicatorListPage(f: PageFrame, s: Scorecard, chosen: ChosenFilters, problems: Problem[]) {
  const rows = allOutcomes(s).flatMap((o) =>
    o.indicators
      .filter((i) => matchesFilters(i, o, chosen))
      .map((i) => ({
        ...indicatorCells(s, i),
        outcome: o.title,
        outcomeUrl: paths.outcome(s.plan.id, o.code, { period: s.period.code }),
        directorate: o.directorate.name,
      })),
  );
  rows.sort((a, b) => byIndicatorNumber(a.number, b.number));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(chosen.page, pages);
  const start = (page - 1) * PAGE_SIZE;
  const params = filterParams(chosen, s.period.code);
  const pageUrl = (n: number) => paths.indicators(s.plan.id, { ...params, page: n === 1 ? undefined : n });
  return {
    ...frame(f, 'indicators', s),
    pageTitle: `${problems.length ? 'Error: ' : ''}${
      chosen.q ? `Indicators matching “${chosen.q}”` : 'Success indicators'
    }: ${s.period.label}`,
    rows: rows.slice(start, start + PAGE_SIZE),
    matched: rows.length,
    total: s.summary.indicators.total,
    from: rows.length ? start + 1 : 0,
    to: Math.min(start + PAGE_SIZE, rows.length),
    filter: filterForm(f, s, chosen, problems, paths.indicators(s.plan.id)),
    pagination:
      pages > 1
        ? {
            previous: page > 1 ? { href: pageUrl(page - 1) } : undefined,
            next: page < pages ? { href: pageUrl(page + 1) } : undefined,
            items: Array.from({ length: pages }, (_, n) => ({
              number: n + 1,
              href: pageUrl(n + 1),
              current: n + 1 === page,
            })),
          }
        : null,
    ratingHeader: `${s.period.label} rating`,
    key: KEY,
  };
}

// ---------------------------------------------------------------------------------------------
// Matrix and second framework

/** Priorities × directorates: which outcomes each directorate leads under each priority. */
export function matrixPage(f: PageFrame, s: Scorecard) {
  return {
    ...frame(f, 'matrix', s),
    pageTitle: `${s.plan.title} priorities and outcomes, by directorate`,
    heading: `${s.plan.title} priorities and outcomes, by directorate`,
    directorates: s.directorates.map((d) => ({
      code: d.code,
      name: d.name,
      url: paths.dashboard(s.plan.id, { period: s.period.code, directorate: d.code }),
    })),
    rows: s.priorities.map((p) => ({
      title: p.title,
      url: paths.priority(s.plan.id, p.code, { period: s.period.code }),
      cells: s.directorates.map((d) =>
        p.outcomes.filter((o) => o.directorate.code === d.code).map((o) => outcomeRow(s, o)),
      ),
    })),
  };
}

export function secondFrameworkPage(f: PageFrame, s: Scorecard) {
  const sf = s.secondFramework!;
  const mapped = new Set(sf.priorities.flatMap((p) => p.outcomes.map((o) => o.code)));
  const priorityTitle = new Map(s.priorities.map((p) => [p.code, p.title]));
  return {
    ...frame(f, 'second', s),
    pageTitle: `${sf.name}: ${s.period.label}`,
    name: sf.name,
    priorities: sf.priorities.map((p) => ({
      number: p.number,
      title: p.title,
      outcomes: p.outcomes.map((o) => ({
        ...outcomeRow(s, o),
        priority: priorityTitle.get(o.priorityCode) ?? '',
      })),
    })),
    unmapped: allOutcomes(s)
      .filter((o) => !mapped.has(o.code))
      .map((o) => ({ ...outcomeRow(s, o), priority: priorityTitle.get(o.priorityCode) ?? '' })),
    planUrl: paths.plan(s.plan.id, { period: s.period.code }),
  };
}
