/**
 * The public site's pages (issue 15): what the public sees of the published plan, its outcomes and
 * indicators, reports and improvement plans. The outcome and indicator pages are the internal
 * presenters' (performance/detail-presenter.ts) under the public site's addresses, with only the
 * fields the public templates show.
 */
import type { Scorecard, ScorecardIndicator } from '../../../app/scorecard.js';
import type { PublicReport } from '../../../app/public.js';
import type { Dataset, DatasetDefinition } from '../../../app/open-data.js';
import type { PlanData } from '../../../app/plans/reading.js';
import type { IndicatorRecord, PlanRecord } from '../../../app/records.js';
import { formatFigure, type ValueUnit } from '../../../domain/targets.js';
import { numericTarget } from '../../../domain/numeric-target.js';
import { formatDay } from '../../../domain/plans/target-dates.js';
import { FORMAT_INFO, isFormat } from '../../../render/formats.js';
import { paths, type PeriodQuery } from '../../paths.js';
import { KEY, outlookView, periodOptions, ragView } from '../../view-model.js';
import { correctionNote, type PageFrame, type PlanLinks } from '../performance/page-frame.js';
import { indicatorPage, outcomePage } from '../performance/detail-presenter.js';

export const PUBLIC_LINKS: PlanLinks = {
  home: () => paths.publicHome(),
  plan: paths.publicPlan,
  priority: null,
  outcome: paths.publicOutcome,
  indicator: paths.publicIndicator,
};

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

function frame(f: PageFrame) {
  return {
    planId: f.plan.id,
    planTitle: f.plan.title,
    periodCode: f.period.code,
    periodLabel: f.period.label,
    periodOptions: periodOptions([...f.periods].reverse(), f.period),
  };
}

function actualText(i: ScorecardIndicator, profile: string | null = null): string {
  const n = i.value?.actual ?? null;
  if (n === null) return '–';
  const u: ValueUnit = i.unit === 'percent' || i.unit === 'currency' ? i.unit : 'number';
  const format = numericTarget(i, profile).format;
  const decimals = Number.isInteger(n) ? 0 : Math.min(2, Math.max(1, format?.decimals ?? 1));
  return formatFigure(n, u, { decimals, grouped: format?.grouped ?? Math.abs(n) >= 10000 });
}

/** The public home page: the published plans, and where the reports and open data are. */
export function homePage(
  councilName: string,
  plans: { plan: PlanRecord; latest: string | null }[],
  reports: number,
  improvementPlans: number,
) {
  return {
    pageTitle: `How ${councilName} is performing`,
    plans: plans.map(({ plan, latest }) => ({
      title: plan.title,
      years: plan.years,
      approved: plan.approved_by
        ? `Approved by ${plan.approved_by}${plan.approved_on ? ` on ${formatDay(plan.approved_on)}` : ''}`
        : null,
      latest,
      url: paths.publicPlan(plan.id),
    })),
    reports,
    improvementPlans,
  };
}

/** A published plan in one quarter: its priorities, their outcomes and each outcome's public indicators. */
export function planPage(f: PageFrame, s: Scorecard) {
  const q: PeriodQuery = { period: f.period.code };
  return {
    ...frame(f),
    pageTitle: `${f.plan.title}, ${f.period.label}`,
    breadcrumbs: [{ text: 'Home', href: paths.publicHome() }],
    years: f.plan.years,
    approved: f.plan.approved_by,
    priorities: s.priorities.map((p) => ({
      code: p.code,
      title: p.title,
      outcomes: p.outcomes.map((o) => ({
        code: o.code,
        title: o.title,
        url: paths.publicOutcome(f.plan.id, o.code, q),
        directorate: o.directorate.name,
        rating: ragView(o.rating.rating, o.rating.explanation),
        ratingExplanation: o.rating.explanation,
        indicators: o.indicators.map((i) => ({
          number: i.number,
          title: i.title,
          url: paths.publicIndicator(f.plan.id, i.number, q),
          target: i.target,
          actual: actualText(i),
          rating: ragView(i.rating, i.explanation),
          explanation: i.explanation,
          outlook: outlookView(i.outlook),
          corrected: i.value?.correction ? correctionNote(i.value.correction) : null,
        })),
      })),
    })),
    counts: countRatings(s),
    key: KEY,
  };
}

function countRatings(s: Scorecard) {
  const all = s.priorities.flatMap((p) => p.outcomes.flatMap((o) => o.indicators));
  const n = (r: string | null) => all.filter((i) => i.rating === r).length;
  return { red: n('red'), amber: n('amber'), green: n('green'), notRated: n(null), total: all.length };
}

/** An outcome's public page: the internal presenter's, linked to the public site. */
export function publicOutcomePage(f: PageFrame, history: Scorecard[]) {
  const page = outcomePage(f, history, PUBLIC_LINKS);
  return {
    ...frame(f),
    pageTitle: page.pageTitle,
    breadcrumbs: page.breadcrumbs,
    title: page.title,
    code: page.code,
    priority: page.priority,
    directorate: page.directorate,
    rating: page.rating,
    explanation: page.explanation,
    indicators: page.indicators,
    history: page.history,
    ratingHeader: page.ratingHeader,
    key: page.key,
  };
}

/** An indicator's public page: its figure, rating and why, outlook, chart and table — approved figures only. */
export function publicIndicatorPage(f: PageFrame, history: Scorecard[], record: IndicatorRecord) {
  const page = indicatorPage(f, history, record, [], [], PUBLIC_LINKS);
  const outcome = history[history.length - 1]!.priorities.flatMap((p) => p.outcomes)[0]!;
  return {
    ...frame(f),
    pageTitle: page.pageTitle,
    breadcrumbs: page.breadcrumbs,
    number: page.number,
    title: page.title,
    rating: page.rating,
    explanation: page.explanation,
    currentOutlook: page.currentOutlook,
    commentary: page.commentary,
    actual: page.actual,
    correction: page.correction,
    notReported: page.notReported,
    arrearsNote: page.arrearsNote,
    details: [
      { key: 'Definition', value: record.definition ?? 'Not recorded' },
      {
        key: 'Outcome',
        value: outcome.title,
        href: paths.publicOutcome(f.plan.id, outcome.code, { period: f.period.code }),
      },
      { key: 'Directorate', value: outcome.directorate.name },
      { key: 'Data source', value: record.data_source ?? 'Not recorded' },
    ],
    understood: page.understood.filter((d) => d.key !== 'Tolerance'),
    chart: page.chart,
    history: page.history,
    historyCaption: page.historyCaption,
    key: page.key,
    downloads: {
      csv: paths.openDataFile('figures', 'csv'),
      json: paths.openDataFile('figures', 'json'),
    },
  };
}

const sizeText = (n: number) =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

function reportView(r: PublicReport) {
  return {
    title: r.title,
    version: r.version,
    published: day(r.publishedAt),
    superseded: r.superseded,
    url: paths.publicReport(r.kind, r.id),
    files: r.files.map((file) => ({
      label: isFormat(file.format) ? FORMAT_INFO[file.format].label : file.format.toUpperCase(),
      size: sizeText(file.size),
      url: paths.publicReportFile(r.kind, r.id, file.format),
    })),
  };
}

export function reportsPage(reports: PublicReport[], improvementPlanTitles: Map<number, string>) {
  const quarterly = reports.filter((r) => r.kind === 'quarterly');
  const progress = reports.filter((r) => r.kind === 'plan');
  return {
    pageTitle: 'Published performance reports',
    breadcrumbs: [{ text: 'Home', href: paths.publicHome() }],
    quarterly: quarterly.map(reportView),
    progress: progress.map((r) => ({
      ...reportView(r),
      plan: improvementPlanTitles.get(r.improvementPlanId ?? 0) ?? '',
    })),
  };
}

export function reportPage(r: PublicReport) {
  return {
    pageTitle: r.title,
    breadcrumbs: [
      { text: 'Home', href: paths.publicHome() },
      { text: 'Reports', href: paths.publicReports() },
    ],
    report: reportView(r),
    kind: r.kind === 'quarterly' ? 'Quarterly performance report' : 'Improvement plan progress report',
  };
}

export function improvementPlansPage(
  plans: { id: number; title: string; kind: string; description: string | null }[],
) {
  return {
    pageTitle: 'Improvement plans',
    breadcrumbs: [{ text: 'Home', href: paths.publicHome() }],
    plans: plans.map((p) => ({
      title: p.title,
      kind: KIND[p.kind] ?? p.kind,
      description: p.description,
      url: paths.publicImprovementPlan(p.id),
    })),
  };
}

const KIND: Record<string, string> = {
  improvement: 'Improvement plan',
  business: 'Business plan',
  action: 'Action plan',
};

export function improvementPlanPage(data: PlanData, reports: PublicReport[]) {
  return {
    pageTitle: data.plan.title,
    breadcrumbs: [
      { text: 'Home', href: paths.publicHome() },
      { text: 'Improvement plans', href: paths.publicImprovementPlans() },
    ],
    title: data.plan.title,
    kind: KIND[data.plan.kind] ?? data.plan.kind,
    description: data.plan.description,
    source: data.plan.source,
    actions: data.actions.map((a) => {
      const updates = data.updates.get(a.id) ?? [];
      const latest = updates[updates.length - 1];
      return {
        code: a.code,
        title: a.title,
        target: a.targetText ?? '–',
        status: a.statusText ?? (a.status ? a.status.replace(/-/g, ' ') : 'Not recorded'),
        completedOn: a.completedOn ? formatDay(a.completedOn) : null,
        update: latest ? { text: latest.text, at: day(latest.recordedAt) } : null,
      };
    }),
    reports: reports.map(reportView),
  };
}

export function openDataPage(
  datasets: readonly DatasetDefinition[],
  licence: { name: string; url: string },
  line: string,
) {
  return {
    pageTitle: 'Open data',
    breadcrumbs: [{ text: 'Home', href: paths.publicHome() }],
    datasets: datasets.map((d) => ({
      title: d.title,
      description: d.description,
      csv: paths.openDataFile(d.name, 'csv'),
      json: paths.openDataFile(d.name, 'json'),
    })),
    zip: paths.openDataZip(),
    licence,
    licenceLine: line,
  };
}

export function dictionaryPage(
  datasets: readonly Dataset[] | readonly DatasetDefinition[],
  licence: { name: string; url: string },
) {
  return {
    pageTitle: 'Open data: data dictionary',
    breadcrumbs: [
      { text: 'Home', href: paths.publicHome() },
      { text: 'Open data', href: paths.openData() },
    ],
    datasets: datasets.map((d) => ({
      name: d.name,
      title: d.title,
      description: d.description,
      file: `${d.name}.csv`,
      columns: d.columns,
    })),
    licence,
  };
}
