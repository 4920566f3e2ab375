/**
 * View data for the plan pages: shaped here, laid out by the templates.
 */
import type { PlanProgress } from '../../../app/plans/progress.js';
import {
  PLAN_BASIS_LABEL,
  PLAN_KIND_LABEL,
  type PlanBasis,
  type PlanKind,
} from '../../../domain/plans/document.js';
import { isOverdue } from '../../../domain/plans/progress.js';
import { ACTION_STATUSES, STATUS_LABEL, type ActionStatus } from '../../../domain/plans/status.js';
import { describeTarget, formatDay, parseTargetDate } from '../../../domain/plans/target-dates.js';
import type { ActionUpdate, PlanAction, PlanData } from '../../../app/plans/reading.js';
import { paths, type ActionFilters } from '../../paths.js';

export const PAGE_SIZE = 50;

/** GOV.UK tag colours per status; the word is always shown with it. */
const TAG: Record<ActionStatus | 'not-recorded', string> = {
  complete: 'govuk-tag--green',
  'on-track': 'govuk-tag--blue',
  'at-risk': 'govuk-tag--orange',
  'not-started': 'govuk-tag--grey',
  paused: 'govuk-tag--yellow',
  stopped: 'govuk-tag--red',
  'not-recorded': 'govuk-tag--grey',
};

export function statusView(status: ActionStatus | null, printed: string | null) {
  const label = status ? STATUS_LABEL[status] : 'Not recorded';
  const word = printed?.trim() || label;
  return {
    text: word,
    meaning: word.toLowerCase() === label.toLowerCase() ? null : label,
    classes: TAG[status ?? 'not-recorded'],
  };
}

export function planKindLabel(kind: string, basis: string | null): string {
  const k = PLAN_KIND_LABEL[kind as PlanKind] ?? kind;
  return basis ? `${k} ${PLAN_BASIS_LABEL[basis as PlanBasis] ?? basis}` : k;
}

export function planFrame(
  data: PlanData,
  extra: { title: string; crumbs?: { text: string; href: string }[] },
) {
  return {
    section: 'improvement-plans',
    pageTitle: extra.title,
    ip: { id: data.plan.id, title: data.plan.title, url: paths.improvementPlan(data.plan.id) },
    breadcrumbs: [
      { text: 'Improvement plans', href: paths.improvementPlans() },
      ...(extra.crumbs
        ? [{ text: data.plan.title, href: paths.improvementPlan(data.plan.id) }, ...extra.crumbs]
        : []),
    ],
  };
}

const countRow = (c: PlanProgress['counts']) => ({
  ...Object.fromEntries([...ACTION_STATUSES, 'not-recorded'].map((s) => [s, c[s as ActionStatus]])),
  overdue: c.overdue,
  total: c.total,
});

export const COUNT_COLUMNS = [
  ...(['complete', 'on-track', 'at-risk', 'not-started', 'paused', 'stopped'] as const).map((s) => ({
    key: s,
    label: STATUS_LABEL[s],
  })),
  { key: 'not-recorded', label: 'Not recorded' },
];

export interface ChosenActionFilters {
  status: string;
  lead: string;
  overdue: boolean;
  reviewId: number | null;
  page: number;
}

export function actionRow(data: PlanData, a: PlanAction, asAt: string) {
  const rec = data.recommendations.find((r) => r.id === a.recommendationId);
  return {
    code: a.code,
    url: paths.planAction(data.plan.id, a.code),
    title: a.title,
    recommendation: rec ? { code: rec.code, url: paths.planRecommendation(data.plan.id, rec.code) } : null,
    section: a.section,
    lead: a.leadOfficers ?? a.ownerName ?? '',
    target: a.targetText ?? '',
    status: statusView(a.status, a.statusText),
    overdue: isOverdue(
      { code: a.code, status: a.status, due: a.targetDue, completedOn: a.completedOn },
      asAt,
    ),
  };
}

/** The leads to filter by: each name or post that leads an action, split where several share one. */
export function leadOptions(data: PlanData): string[] {
  const set = new Set<string>();
  for (const a of data.actions) for (const l of splitLeads(a.leadOfficers)) set.add(l);
  return [...set].sort((x, y) => x.localeCompare(y));
}
const splitLeads = (s: string | null) =>
  (s ?? '')
    .split(/\s*[,;]\s*/)
    .map((x) => x.trim())
    .filter(Boolean);

export function overviewPage(
  data: PlanData,
  progress: PlanProgress,
  chosen: ChosenActionFilters,
  canManage: boolean,
) {
  const id = data.plan.id;
  const asAt = progress.asAt;
  const filtered = data.actions.filter(
    (a) =>
      (!chosen.status || (a.status ?? 'not-recorded') === chosen.status) &&
      (!chosen.lead || splitLeads(a.leadOfficers).includes(chosen.lead)) &&
      (!chosen.overdue ||
        isOverdue({ code: a.code, status: a.status, due: a.targetDue, completedOn: a.completedOn }, asAt)),
  );
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(chosen.page, pages);
  const shown = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const f: ActionFilters = {
    status: chosen.status || undefined,
    lead: chosen.lead || undefined,
    overdue: chosen.overdue ? 'yes' : undefined,
    review: chosen.reviewId ?? undefined,
  };
  const cov = progress.coverage;
  return {
    ...planFrame(data, { title: data.plan.title }),
    canManage,
    plan: { kind: planKindLabel(data.plan.kind, data.plan.basis) },
    details: detailRows(data, canManage),
    themes: data.themes.map((t) => ({
      title: t.title,
      recommendations: data.recommendations
        .filter((r) => r.themeId === t.id)
        .map((r) => ({ code: r.code, url: paths.planRecommendation(id, r.code) })),
      changeUrl: canManage ? paths.editPlanTheme(id, t.code) : null,
    })),
    asAt: formatDay(asAt),
    review: progress.review,
    counts: countRow(progress.counts),
    countColumns: COUNT_COLUMNS.filter((c) => progress.counts[c.key as ActionStatus] > 0),
    recommendations: data.recommendations.map((r) => ({ code: r.code, title: r.title })),
    countRows: [
      ...data.recommendations.map((r) => ({
        label: `${r.code}. ${r.title}`,
        url: paths.planRecommendation(id, r.code),
        counts: countRow(progress.byRecommendation.get(r.id)!),
      })),
      { label: 'Whole plan', url: null, counts: countRow(progress.counts) },
    ],
    overdue: progress.overdue.slice(0, 20).map((a) => ({ ...actionRow(data, a, asAt), days: a.days })),
    overdueCount: progress.overdue.length,
    overdueUrl: paths.improvementPlan(id, { ...f, overdue: 'yes', status: undefined, lead: undefined }),
    hasFindings: data.findings.length > 0,
    coverage: {
      findings: data.findings.length,
      unaddressed: cov.unaddressed.map((n) => ({ number: n, url: paths.planFinding(id, n) })),
      dangling: cov.dangling.map((d) => ({ ...d, url: paths.planAction(id, d.action) })),
      url: paths.planCoverage(id),
    },
    reviews: data.reviews.map((r) => ({
      title: r.title,
      date: formatDay(r.date),
      reportUrl: paths.planReport(id, { review: r.id }),
      overdueUrl: paths.improvementPlan(id, { review: r.id, overdue: 'yes' }),
      updatesUrl: paths.planReviewUpdates(id, r.id),
    })),
    reportUrl: paths.planReport(id),
    exportUrl: paths.planExport(id),
    filter: {
      action: paths.improvementPlan(id),
      statusOptions: [...ACTION_STATUSES, 'not-recorded'].map((s) => ({
        value: s,
        text: s === 'not-recorded' ? 'Not recorded' : STATUS_LABEL[s as ActionStatus],
        selected: s === chosen.status,
      })),
      leadOptions: leadOptions(data).map((l) => ({ value: l, text: l, selected: l === chosen.lead })),
      reviewOptions: data.reviews.map((r) => ({
        value: String(r.id),
        text: `${r.title} (${formatDay(r.date)})`,
        selected: r.id === chosen.reviewId,
      })),
      overdue: chosen.overdue,
      filtered: Boolean(chosen.status || chosen.lead || chosen.overdue || chosen.reviewId),
      clearUrl: paths.improvementPlan(id),
    },
    actions: shown.map((a) => actionRow(data, a, asAt)),
    actionCount: filtered.length,
    pagination:
      pages > 1
        ? {
            page,
            pages,
            previous: page > 1 ? paths.improvementPlan(id, { ...f, page: page - 1 } as ActionFilters) : null,
            next: page < pages ? paths.improvementPlan(id, { ...f, page: page + 1 } as ActionFilters) : null,
          }
        : null,
    newLinks: {
      recommendation: paths.newPlanRecommendation(id),
      finding: paths.newPlanFinding(id),
      action: paths.newPlanAction(id),
      review: paths.newPlanReview(id),
    },
  };
}

/**
 * The plan's details as summary-list rows. Readers see what is recorded (the title and kind are the
 * page's heading and caption); the performance team sees every row, each with a "Change" link to the
 * one form, at that field.
 */
export function detailRows(data: PlanData, canManage: boolean) {
  const p = data.plan;
  const rows: {
    key: string;
    text: string;
    url?: string | null;
    field: string;
    shown: boolean;
  }[] = [
    { key: 'Title', text: p.title, field: 'title', shown: false },
    { key: 'Kind', text: planKindLabel(p.kind, p.basis), field: 'kind', shown: false },
    {
      key: 'Organisation',
      text: p.organisation ?? '',
      field: 'organisation',
      shown: Boolean(p.organisation),
    },
    { key: 'Source', text: p.source ?? 'Not recorded', field: 'source', shown: true },
    { key: 'Owner', text: p.owner ?? 'Not recorded', field: 'owner', shown: true },
    {
      key: 'Supports',
      text: p.strategyTitle ?? 'No strategy',
      url: p.strategyTitle && p.strategy_plan_id ? paths.plan(p.strategy_plan_id) : null,
      field: 'strategy',
      shown: Boolean(p.strategyTitle),
    },
    { key: 'About', text: p.description ?? '', field: 'description', shown: Boolean(p.description) },
  ];
  return rows
    .filter((r) => r.shown || canManage)
    .map(({ key, text, url, field }) => ({
      key,
      text: text || 'Not recorded',
      url: url ?? null,
      changeUrl: canManage ? `${paths.editImprovementPlan(p.id)}#${field}` : null,
    }));
}

export function recommendationPage(
  data: PlanData,
  progress: PlanProgress,
  code: string,
  latest: Map<number, ActionUpdate>,
  canManage: boolean,
) {
  const r = data.recommendations.find((x) => x.code === code)!;
  const id = data.plan.id;
  const actions = data.actions.filter((a) => a.recommendationId === r.id);
  const theme = data.themes.find((t) => t.id === r.themeId);
  return {
    ...planFrame(data, { title: `Recommendation ${r.code}: ${r.title}`, crumbs: [] }),
    canManage,
    rec: {
      code: r.code,
      title: r.title,
      body: r.body,
      bullets: r.bullets,
      theme: theme?.title ?? null,
    },
    asAt: formatDay(progress.asAt),
    counts: countRow(progress.byRecommendation.get(r.id)!),
    countColumns: COUNT_COLUMNS.filter(
      (c) => progress.byRecommendation.get(r.id)![c.key as ActionStatus] > 0,
    ),
    findings: data.findings
      .filter((f) => f.recommendationId === r.id)
      .map((f) => ({
        number: f.number,
        text: f.text,
        theme: f.theme,
        url: paths.planFinding(id, f.number),
        addressedBy: progress.coverage.addressedBy.get(f.number)?.length ?? 0,
      })),
    actions: actions.map((a) => ({
      ...actionRow(data, a, progress.asAt),
      update: latest.get(a.id)?.text ?? null,
    })),
    citedBy: data.actions
      .filter(
        (a) =>
          a.recommendationId !== r.id &&
          a.recommendations.some((c) => c.toLowerCase() === r.code.toLowerCase()),
      )
      .map((a) => actionRow(data, a, progress.asAt)),
    newActionUrl: paths.newPlanAction(id, { recommendation: r.code }),
    changeUrl: paths.editPlanRecommendation(id, r.code),
    removeUrl: paths.removePlanRecommendation(id, r.code),
    themeChangeUrl: theme ? paths.editPlanTheme(id, theme.code) : null,
  };
}

export function findingPage(data: PlanData, progress: PlanProgress, number: string, canManage: boolean) {
  const f = data.findings.find((x) => x.number === number)!;
  const rec = data.recommendations.find((r) => r.id === f.recommendationId);
  const codes = progress.coverage.addressedBy.get(f.number) ?? [];
  return {
    ...planFrame(data, { title: `Finding ${f.number}`, crumbs: [] }),
    canManage,
    changeUrl: paths.editPlanFinding(data.plan.id, f.number),
    removeUrl: paths.removePlanFinding(data.plan.id, f.number),
    finding: { number: f.number, text: f.text, theme: f.theme },
    recommendation: rec
      ? { code: rec.code, title: rec.title, url: paths.planRecommendation(data.plan.id, rec.code) }
      : null,
    actions: data.actions.filter((a) => codes.includes(a.code)).map((a) => actionRow(data, a, progress.asAt)),
  };
}

export function actionPage(
  data: PlanData,
  progress: PlanProgress,
  a: PlanAction,
  history: ActionUpdate[],
  canManage: boolean,
) {
  const id = data.plan.id;
  const rec = data.recommendations.find((r) => r.id === a.recommendationId);
  const findings = new Set(data.findings.map((f) => f.number.toLowerCase()));
  const recs = new Set(data.recommendations.map((r) => r.code.toLowerCase()));
  const reviews = new Map(data.reviews.map((r) => [r.id, r]));
  const target = parseTargetDate(a.targetText);
  const row = actionRow(data, a, progress.asAt);
  return {
    ...planFrame(data, {
      title: `Action ${a.code}`,
      crumbs: rec
        ? [{ text: `Recommendation ${rec.code}`, href: paths.planRecommendation(id, rec.code) }]
        : [],
    }),
    canManage,
    action: {
      ...row,
      leadOfficers: a.leadOfficers,
      leadCouncillor: a.leadCouncillor,
      owner: a.ownerName,
      ownerEmail: a.ownerEmail ?? '',
      targetMeaning: a.targetText ? describeTarget(target) : 'No target date',
      completedOn: a.completedOn ? formatDay(a.completedOn) : null,
      recommendationTitle: rec?.title ?? null,
      findings: a.findings.map((n) => ({
        ref: n,
        url: findings.has(n.toLowerCase()) ? paths.planFinding(id, n) : null,
      })),
      recommendations: a.recommendations.map((c) => ({
        ref: c,
        url: recs.has(c.toLowerCase()) ? paths.planRecommendation(id, c) : null,
      })),
      supports: a.supports.map((s) => ({
        text: `${s.kind === 'indicator' ? 'Indicator' : s.kind === 'outcome' ? 'Outcome' : 'Priority'} ${s.code}: ${s.title}`,
        url: data.plan.strategy_plan_id
          ? s.kind === 'priority'
            ? paths.priority(data.plan.strategy_plan_id, s.code)
            : s.kind === 'outcome'
              ? paths.outcome(data.plan.strategy_plan_id, s.code)
              : paths.indicator(data.plan.strategy_plan_id, s.code)
          : null,
      })),
      tags: a.tags,
      version: a.version,
    },
    asAt: formatDay(progress.asAt),
    history: [...history].reverse().map((u) => ({
      review: u.reviewId ? (reviews.get(u.reviewId)?.title ?? '') : 'Between reviews',
      status: statusView(u.status, u.statusText),
      text: u.text,
      by: u.recordedBy,
      at: u.recordedAt.slice(0, 16).replace('T', ' '),
    })),
    form: {
      action: paths.planActionUpdates(id, a.code),
      ownerAction: paths.planActionOwner(id, a.code),
      editUrl: paths.editPlanAction(id, a.code),
      statusOptions: ACTION_STATUSES.map((s) => ({
        value: s,
        text: STATUS_LABEL[s],
        checked: s === a.status,
      })),
      reviewOptions: [...data.reviews].reverse().map((r, i) => ({
        value: String(r.id),
        text: `${r.title} (${formatDay(r.date)})`,
        selected: i === 0,
      })),
    },
  };
}
