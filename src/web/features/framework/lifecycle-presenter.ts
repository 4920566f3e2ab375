/**
 * The framework pages' view data: every plan with its status; one plan's framework (what to do next,
 * priorities → outcomes → indicators with what changed since last year and why, the counts, the
 * amendments since approval); the forms to start next year, mark a change and record the approval.
 */
import {
  approvalSentence,
  CHANGE_LABEL,
  MARKS,
  readChangeReason,
  statusLabel,
  type FrameworkView,
  type NextYearProposal,
} from '../../../app/framework-year.js';
import type { PlanRecord } from '../../../app/records.js';
import { formatDate } from '../../../domain/dates.js';
import { editTerms } from '../../../domain/framework-cycle.js';
import type { Problem } from '../../../domain/problem.js';
import { errorSummary } from '../../error-summary.js';
import { paths } from '../../paths.js';

/** What the signed-in person may do on these pages. */
export interface Abilities {
  manage: boolean;
  approve: boolean;
}

/** A plan's status as a tag: the word always, the colour only beside it. */
export function statusTag(status: string): { text: string; classes: string } {
  const colour = status === 'approved' ? 'green' : status === 'submitted' ? 'blue' : 'grey';
  return { text: statusLabel(status), classes: `govuk-tag--${colour}` };
}

/** A change since last year as a tag (introduced and updated in bold in the report; here, a tag). */
export function changeTag(change: string | null): { text: string; classes: string } {
  if (!change) return { text: 'Not marked', classes: 'govuk-tag--orange' };
  const colour =
    change === 'introduced'
      ? 'purple'
      : change === 'updated'
        ? 'turquoise'
        : change === 'deleted'
          ? 'red'
          : 'grey';
  return { text: CHANGE_LABEL[change] ?? change, classes: `govuk-tag--${colour}` };
}

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/London',
      })
    : '';

const day = (iso: string | null) => (iso ? formatDate(iso.slice(0, 10)) : '');

export function frameworksPage(
  plans: { plan: PlanRecord; previous: PlanRecord | null; statusLabel: string }[],
  can: Abilities,
) {
  return {
    pageTitle: 'Frameworks',
    can,
    uploadUrl: can.manage ? paths.newFrameworkUpload() : null,
    plans: plans.map(({ plan, previous }) => ({
      title: plan.title,
      url: paths.planFramework(plan.id),
      years: plan.years,
      status: statusTag(plan.status),
      approval: approvalSentence(plan),
      submitted:
        plan.status === 'submitted' && plan.submitted_at
          ? `Submitted by ${plan.submitted_by ?? 'unknown'} on ${day(plan.submitted_at)}`
          : null,
      previous: previous ? { title: previous.title, url: paths.planFramework(previous.id) } : null,
      live: plan.status === 'approved',
    })),
  };
}

/** Breadcrumbs for a plan's framework pages. */
export const crumbs = (plan: { id: number; title: string }, here = true) => [
  { text: 'Frameworks', href: paths.frameworks() },
  ...(here ? [] : [{ text: plan.title, href: paths.planFramework(plan.id) }]),
];

const MARK_COLUMNS = ['carried-over', 'updated', 'introduced', 'none'] as const;

export function frameworkPage(v: FrameworkView, can: Abilities, problems: Problem[] = []) {
  const plan = v.plan;
  const id = plan.id;
  const terms = editTerms(plan.status);
  // Changing the framework: in a draft freely, in an approved plan as minor amendments; never while submitted.
  const change = can.manage && terms !== 'locked';
  const lastYear = v.previousPlan?.years ?? 'last year';
  const { errorList, fieldErrors } = errorSummary(problems);
  const note = (change: string | null, stored: string | null) => readChangeReason(change, stored);
  const outcomesOf = (priorityId: number) =>
    v.outcomes
      .filter((o) => o.priorityId === priorityId && !o.retiredOn)
      .map((o) => ({
        id: o.id,
        anchor: `outcome-${o.id}`,
        code: o.code,
        title: o.title,
        directorate: o.directorate,
        change: changeTag(o.change),
        ...note(o.change, o.changeReason),
        error: fieldErrors[`outcome-${o.id}`]?.text ?? null,
        previous: o.previous
          ? o.previous.code === o.code && o.previous.title === o.title
            ? `Outcome ${o.previous.code} of ${lastYear}, worded the same`
            : `Outcome ${o.previous.code} of ${lastYear}, then worded “${o.previous.title}”`
          : null,
        markUrl: change ? paths.frameworkOutcomeChange(id, o.id) : null,
        editUrl: change ? paths.editFrameworkOutcome(id, o.id) : null,
        retireUrl: change ? paths.retireFrameworkOutcome(id, o.id) : null,
        addIndicatorUrl: change ? paths.newFrameworkIndicator(id, { outcome: o.id }) : null,
        indicators: v.indicators
          .filter((i) => i.outcomeId === o.id && !i.retiredOn)
          .map((i) => ({
            id: i.id,
            anchor: `indicator-${i.id}`,
            number: i.number,
            title: i.title,
            target: i.target ?? 'No target set',
            change: changeTag(i.change),
            ...note(i.change, i.changeReason),
            error: fieldErrors[`indicator-${i.id}`]?.text ?? null,
            previous: i.previous
              ? i.previous.number === i.number
                ? `indicator ${i.previous.number} of ${lastYear}`
                : `indicator ${i.previous.number} of ${lastYear} (renumbered)`
              : null,
            markUrl: change ? paths.frameworkIndicatorChange(id, i.id) : null,
            editUrl: change ? paths.editFrameworkIndicator(id, i.id) : null,
            retireUrl: change ? paths.retireFrameworkIndicator(id, i.id) : null,
            targetsUrl: change ? paths.frameworkIndicatorTargets(id, i.id) : null,
          })),
      }));
  const retired = [
    ...v.outcomes
      .filter((o) => o.retiredOn)
      .map((o) => ({
        what: `Outcome ${o.code}: ${o.title}`,
        directorate: o.directorate,
        on: day(o.retiredOn),
        reason: o.retiredReason ?? '',
      })),
    ...v.indicators
      .filter((i) => i.retiredOn)
      .map((i) => ({
        what: `Indicator ${i.number}: ${i.title}`,
        directorate: '',
        on: day(i.retiredOn),
        reason: i.retiredReason ?? '',
      })),
    ...v.retired.map((r) => ({
      what: r.indicator ? `${r.title} – ${r.indicator}` : r.title,
      directorate: r.directorate,
      on: '',
      reason: r.reason,
    })),
  ];
  const count = (kind: 'outcomes' | 'indicators', key: string) => v.counts[kind][key] ?? 0;
  const next = v.nextYear;
  return {
    pageTitle: `${problems.length ? 'Error: ' : ''}Framework: ${plan.title}`,
    errors: errorList,
    breadcrumbs: crumbs(plan),
    can,
    title: plan.title,
    years: plan.years,
    status: statusTag(plan.status),
    statusCode: plan.status,
    version: plan.version,
    facts: [
      { key: 'Years', value: plan.years },
      { key: 'Status', value: statusLabel(plan.status) },
      ...(v.previousPlan
        ? [
            {
              key: 'Started from',
              value: `${v.previousPlan.title} (${v.previousPlan.years})`,
              href: paths.planFramework(v.previousPlan.id),
            },
          ]
        : []),
      ...(plan.submitted_at
        ? [
            {
              key: 'Submitted for approval',
              value: `By ${plan.submitted_by ?? 'unknown'}, ${when(plan.submitted_at)}`,
            },
          ]
        : []),
      ...(plan.status === 'approved'
        ? [
            {
              key: 'Approval',
              value: approvalSentence(plan) ?? 'Approved: who approved it, and when, was not recorded',
            },
            ...(plan.approval_recorded_at
              ? [
                  {
                    key: 'Approval recorded',
                    value: `By ${plan.approval_recorded_by ?? 'unknown'}, ${when(plan.approval_recorded_at)}`,
                  },
                ]
              : []),
          ]
        : []),
      ...v.nextPlans.map((p) => ({
        key: 'Next year’s plan',
        value: `${p.title} (${statusLabel(p.status).toLowerCase()})`,
        href: paths.planFramework(p.id),
      })),
    ],
    lastYear,
    next: {
      submitUrl: can.manage && plan.status === 'draft' ? paths.submitFramework(id) : null,
      submitProblems: v.submitProblems.map((p) => ({
        text: p.message,
        href: p.field ? `#${p.field}` : '#priorities',
      })),
      approveUrl: can.approve && plan.status === 'submitted' ? paths.approveFramework(id) : null,
      waiting: plan.status === 'submitted',
      startUrl:
        can.manage && plan.status === 'approved' && next && !next.existing ? paths.startNextYear(id) : null,
      nextYear: next?.code ?? null,
      nextExisting:
        next?.existing && plan.status === 'approved'
          ? {
              title: next.existing.title,
              status: statusLabel(next.existing.status).toLowerCase(),
              url: paths.planFramework(next.existing.id),
            }
          : null,
      amendments: plan.status === 'approved',
      /** Issue 15: choosing which of its indicators are on the public site (the same people manage both). */
      publicSiteUrl: can.manage ? paths.publicSitePlan(id) : null,
    },
    changeLinks: change
      ? {
          newPriority: paths.newFrameworkPriority(id),
          targets: paths.frameworkTargets(id),
          upload: paths.frameworkUpload(id),
        }
      : null,
    exportUrl: paths.frameworkExport(id),
    counts: [
      { label: 'Outcomes', cells: MARK_COLUMNS.map((k) => count('outcomes', k)) },
      { label: 'Success indicators', cells: MARK_COLUMNS.map((k) => count('indicators', k)) },
    ],
    countHeadings: MARK_COLUMNS.map((k) => (k === 'none' ? 'Not marked' : CHANGE_LABEL[k]!)),
    deletedCount: retired.length,
    priorities: v.priorities.map((p) => ({
      code: p.code,
      title: p.title,
      editUrl: change ? paths.editFrameworkPriority(id, p.id) : null,
      retireUrl: change ? paths.retireFrameworkPriority(id, p.id) : null,
      addOutcomeUrl: change ? paths.newFrameworkOutcome(id, { priority: p.id }) : null,
      outcomes: outcomesOf(p.id),
    })),
    retired,
    amendments: amendmentRows(v.amendments),
    amendmentsUrl: paths.frameworkAmendments(id),
  };
}

export function amendmentRows(rows: FrameworkView['amendments']) {
  return rows.map((a) => ({
    at: when(a.at),
    ref: a.ref,
    summary: a.summary,
    reason: a.reason,
    by: a.by_name,
  }));
}

export function amendmentsPage(v: FrameworkView) {
  return {
    pageTitle: `Amendments: ${v.plan.title}`,
    breadcrumbs: crumbs(v.plan, false),
    title: v.plan.title,
    approval: approvalSentence(v.plan),
    approved: v.plan.status === 'approved',
    amendments: amendmentRows(v.amendments),
    frameworkUrl: paths.planFramework(v.plan.id),
  };
}

export function nextYearPage(p: NextYearProposal, values: { title: string }, problems: Problem[] = []) {
  const { errorList, fieldErrors } = errorSummary(problems);
  return {
    pageTitle: `${problems.length ? 'Error: ' : ''}Start the ${p.year} plan`,
    breadcrumbs: crumbs(p.plan, false),
    errors: errorList,
    errorFor: fieldErrors,
    caption: p.plan.title,
    heading: p.existing ? `The ${p.year} plan` : `Start the ${p.year} plan`,
    year: p.year,
    from: { title: p.plan.title, years: p.plan.years },
    approved: p.plan.status === 'approved',
    existing: p.existing
      ? {
          title: p.existing.title,
          status: statusLabel(p.existing.status).toLowerCase(),
          url: paths.planFramework(p.existing.id),
        }
      : null,
    action: paths.startNextYear(p.plan.id),
    cancelUrl: paths.planFramework(p.plan.id),
    version: p.plan.version,
    values,
  };
}

export interface ChangeValues {
  change: string;
  whatChanged: string;
  reason: string;
}

export function changePage(
  kind: 'outcome' | 'indicator',
  plan: PlanRecord,
  item: {
    id: number;
    ref: string;
    title: string;
    version: number;
    previous: { ref: string; title: string; planYears: string } | null;
  },
  values: ChangeValues,
  problems: Problem[] = [],
  conflict: string | null = null,
) {
  const word = kind === 'outcome' ? 'Outcome' : 'Indicator';
  const { errorList, fieldErrors } = errorSummary(
    conflict ? [{ message: conflict }, ...problems] : problems,
    { fallbackHref: '#change' },
  );
  const amendment = editTerms(plan.status) === 'amendment';
  return {
    pageTitle: `${errorList.length ? 'Error: ' : ''}What changed: ${word.toLowerCase()} ${item.ref}`,
    breadcrumbs: crumbs(plan, false),
    errors: errorList,
    errorFor: fieldErrors,
    caption: `${plan.title} · ${word} ${item.ref}`,
    heading: `What happened to ${word.toLowerCase()} ${item.ref} since last year?`,
    itemTitle: item.title,
    previous: item.previous
      ? `It continues ${word.toLowerCase()} ${item.previous.ref} of ${item.previous.planYears}${item.previous.title !== item.title ? `: “${item.previous.title}”` : ', worded the same'}.`
      : `It does not continue any ${word.toLowerCase()} of last year’s plan.`,
    amendment,
    // govukRadios' items: the marks, with the saved (or typed) one checked.
    options: MARKS.map((m) => ({
      value: m,
      text: CHANGE_LABEL[m]!,
      checked: m === values.change,
      hint: {
        text:
          m === 'carried-over'
            ? `Kept as it was last year.${amendment ? '' : ' A reason is optional.'}`
            : m === 'updated'
              ? 'Kept, but changed: say what changed and why.'
              : 'New this year: say why it was introduced.',
      },
    })),
    action:
      kind === 'outcome'
        ? paths.frameworkOutcomeChange(plan.id, item.id)
        : paths.frameworkIndicatorChange(plan.id, item.id),
    cancelUrl: `${paths.planFramework(plan.id)}#${kind}-${item.id}`,
    retireUrl:
      kind === 'outcome'
        ? paths.retireFrameworkOutcome(plan.id, item.id)
        : paths.retireFrameworkIndicator(plan.id, item.id),
    version: item.version,
    values,
  };
}

export interface ApprovalValues {
  body: string;
  day: string;
  month: string;
  year: string;
  minute: string;
  returnReason: string;
}

export function approvePage(
  v: FrameworkView,
  recorder: string,
  values: ApprovalValues,
  problems: Problem[] = [],
  conflict: string | null = null,
) {
  const plan = v.plan;
  const { errorList, fieldErrors } = errorSummary(
    conflict ? [{ message: conflict }, ...problems] : problems,
    {
      fallbackHref: '#body',
    },
  );
  const dateError =
    fieldErrors['approvedOn-day'] ?? fieldErrors['approvedOn-month'] ?? fieldErrors['approvedOn-year'];
  // A part missing is highlighted alone; a date missing or not real, all three (as GOV.UK does).
  const parts = { day: values.day.trim(), month: values.month.trim(), year: values.year.trim() };
  const someMissing = Object.values(parts).some((x) => !x) && Object.values(parts).some((x) => x);
  const dateErrorPart = (part: keyof typeof parts) =>
    dateError && (!someMissing || !parts[part]) ? ' govuk-input--error' : '';
  const count = (kind: 'outcomes' | 'indicators') => Object.values(v.counts[kind]).reduce((a, b) => a + b, 0);
  return {
    pageTitle: `${errorList.length ? 'Error: ' : ''}Record the approval: ${plan.title}`,
    breadcrumbs: crumbs(plan, false),
    errors: errorList,
    errorFor: fieldErrors,
    dateError: dateError ?? null,
    dateClasses: {
      day: `govuk-input--width-2${dateErrorPart('day')}`,
      month: `govuk-input--width-2${dateErrorPart('month')}`,
      year: `govuk-input--width-4${dateErrorPart('year')}`,
    },
    caption: plan.title,
    title: plan.title,
    submittable: plan.status === 'submitted',
    status: statusTag(plan.status),
    summary: [
      { key: 'Years', value: plan.years },
      {
        key: 'Submitted for approval',
        value: plan.submitted_at
          ? `By ${plan.submitted_by ?? 'unknown'}, ${when(plan.submitted_at)}`
          : 'Not yet',
      },
      { key: 'Priorities', value: String(v.priorities.length) },
      { key: 'Outcomes', value: String(count('outcomes')) },
      { key: 'Success indicators', value: String(count('indicators')) },
      {
        key: 'Since last year',
        value: MARKS.map((m) => {
          const n = (v.counts.outcomes[m] ?? 0) + (v.counts.indicators[m] ?? 0);
          return `${n} ${CHANGE_LABEL[m]!.toLowerCase()}`;
        }).join(', '),
      },
    ],
    frameworkUrl: paths.planFramework(plan.id),
    action: paths.approveFramework(plan.id),
    returnAction: paths.returnFramework(plan.id),
    recorder,
    version: plan.version,
    values,
  };
}
