/**
 * View data for the collection round's pages, shaped here so templates only lay out.
 */
import { STATE_LABEL, type FigureState } from '../../../domain/collection.js';
import { formatPeriod } from '../../../domain/periods.js';
import { OUTLOOKS, OUTLOOK_ARROW, OUTLOOK_LABEL } from '../../../domain/vocabulary.js';
import type { FigureContext, FigureInput, Preview, Problem } from '../../../app/collection/figures.js';
import { MILESTONE_LABEL, MILESTONE_STATUSES, formatFor } from '../../../app/collection/figures.js';
import type { LockPreview, RoundRow, RoundView } from '../../../app/collection/rounds.js';
import type { EvidenceSummary } from '../../../app/records.js';
import { errorSummary } from '../../error-summary.js';
import { paths } from '../../paths.js';
import { ragView } from '../../view-model.js';
import { checked, form, text, textOr } from '../../body.js';

/** GOV.UK tag colours per state; the word is always shown, so colour is never alone. */
const STATE_TAG: Record<FigureState, string> = {
  'not-started': 'govuk-tag--grey',
  'in-progress': 'govuk-tag--light-blue',
  submitted: 'govuk-tag--blue',
  returned: 'govuk-tag--orange',
  approved: 'govuk-tag--green',
  'not-reported': 'govuk-tag--red',
};

export const stateTag = (state: FigureState) => ({ text: STATE_LABEL[state], classes: STATE_TAG[state] });

export function longDate(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function dateTime(iso: string | null): string {
  if (!iso) return '';
  return `${longDate(iso)} ${iso.slice(11, 16)} UTC`;
}

export function dueSentence(round: RoundView, daysToDue: number): string {
  const due = longDate(round.dueDate);
  if (round.locked) return `Locked on ${longDate(round.lockedAt!)}.`;
  if (daysToDue > 1) return `Due ${due} (in ${daysToDue} days).`;
  if (daysToDue === 1) return `Due tomorrow, ${due}.`;
  if (daysToDue === 0) return `Due today, ${due}.`;
  return `Overdue: was due ${due} (${-daysToDue} day${daysToDue === -1 ? '' : 's'} ago).`;
}

/** "Your updates": the GOV.UK task list. */
export function taskList(round: RoundView, rows: RoundRow[]) {
  const done = rows.filter((r) => r.state === 'submitted' || r.state === 'approved').length;
  return {
    done,
    total: rows.length,
    items: rows.map((r) => ({
      title: { text: `${r.indicator.number}. ${r.indicator.title}` },
      hint: {
        text: `${r.indicator.outcome_title} — figure for ${formatPeriod(r.dataPeriod)}${r.dataPeriod.code !== round.period.code ? ' (reported in arrears)' : ''}`,
      },
      href: paths.update(round.id, r.indicator.id),
      status: { tag: stateTag(r.state) },
    })),
  };
}

export function progressRows(round: RoundView, rows: RoundRow[]) {
  return rows.map((r) => ({
    number: r.indicator.number,
    title: r.indicator.title,
    directorate: r.indicator.directorate_name,
    owners: r.owners.map((o) => o.name).join(', ') || 'Nobody assigned',
    unassigned: r.owners.length === 0,
    state: stateTag(r.state),
    stateKey: r.state,
    submittedAt: dateTime(r.submittedAt),
    href: paths.update(round.id, r.indicator.id),
  }));
}

/** The lock confirmation page: what is outstanding, counted and listed, and what locking does to it. */
export function lockConfirmView(p: LockPreview) {
  const outstanding = p.outstanding.reduce((n, o) => n + o.rows.length, 0);
  return {
    pageTitle: `Lock ${p.round.periodLabel}?`,
    round: p.round,
    approved: p.approved,
    total: p.total,
    outstanding,
    groups: p.outstanding.map((o) => ({
      label: o.label,
      count: o.rows.length,
      rows: o.rows.map((r) => ({
        number: r.indicator.number,
        title: r.indicator.title,
        directorate: r.indicator.directorate_name,
        owners: r.owners.map((x) => x.name).join(', ') || 'Nobody assigned',
        href: paths.update(p.round.id, r.indicator.id),
      })),
    })),
    action: paths.lockRound(p.round.id),
    back: paths.round(p.round.id),
    alreadyLocked: p.round.locked,
  };
}

/** The success banner after a lock or a reopening (GOV.UK notification banner, success). */
export function roundBanner(query: { done?: string }, periodLabel: string): string | null {
  if (query.done === 'locked')
    return `${periodLabel} is locked. Figures not approved are shown as not reported for the period.`;
  if (query.done === 'reopened')
    return `${periodLabel} is open again. Figures not reported at the lock are back as they were.`;
  return null;
}

/** The success banner after a save, a submission or a decision (GOV.UK notification banner, success). */
export function doneBanner(done: string | undefined): string | null {
  switch (done) {
    case 'saved':
      return 'Your update was saved as a draft. Submit it for approval when it is ready.';
    case 'submitted':
      return 'Your update was submitted for approval. Your approver will approve it or return it with a comment.';
    case 'approved':
      return 'The update was approved. It now counts in ratings, dashboards and reports.';
    case 'returned':
      return 'The update was returned to the data owner with your comment.';
    default:
      return null;
  }
}

export interface FormValues {
  actual: string;
  numerator: string;
  denominator: string;
  parts: string[];
  milestoneStatus: string;
  outlook: string;
  commentary: string;
  confirmUnusual: boolean;
  unusualNote: string;
  correctionReason: string;
  version: number;
}

/** A part of a target in parts (part0…part9), or undefined when the form had no such box. */
const part = textOr(undefined);

/**
 * The update form as a schema, kept whole (domain/text-limits.ts refuses what is too long): as many
 * parts as the form sent, and a version of -1 (an incomplete form) when it is not a whole number.
 */
export const FigureForm = form({
  actual: text,
  numerator: text,
  denominator: text,
  milestoneStatus: text,
  outlook: text,
  commentary: text,
  confirmUnusual: checked,
  unusualNote: text,
  correctionReason: text,
  version: text.transform((s) => {
    const n = Number(s);
    return Number.isInteger(n) && n >= 0 ? n : -1;
  }),
  part0: part,
  part1: part,
  part2: part,
  part3: part,
  part4: part,
  part5: part,
  part6: part,
  part7: part,
  part8: part,
  part9: part,
}).transform(
  ({ part0, part1, part2, part3, part4, part5, part6, part7, part8, part9, ...fields }): FormValues => {
    const sent = [part0, part1, part2, part3, part4, part5, part6, part7, part8, part9];
    const count = sent.filter((p) => p !== undefined).length;
    return { ...fields, parts: sent.slice(0, count).map((p) => p ?? '') };
  },
);

export function toInput(v: FormValues): FigureInput {
  return {
    actual: v.actual,
    numerator: v.numerator,
    denominator: v.denominator,
    parts: v.parts,
    milestoneStatus: v.milestoneStatus,
    outlook: v.outlook,
    commentary: v.commentary,
    confirmUnusual: v.confirmUnusual,
    unusualNote: v.unusualNote,
    correctionReason: v.correctionReason,
    version: v.version,
  };
}

/** The form's values from what is stored. */
export function storedValues(ctx: FigureContext): FormValues {
  const c = ctx.current;
  const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  const parts = c?.parts ? (JSON.parse(c.parts) as (number | null)[]) : [];
  return {
    actual: fmt(c?.actual),
    numerator: fmt(c?.numerator),
    denominator: fmt(c?.denominator),
    parts: ctx.partLabels.map((_, i) => fmt(parts[i])),
    milestoneStatus: c?.milestone_status ?? '',
    outlook: c?.outlook ?? '',
    commentary: c?.commentary ?? '',
    confirmUnusual: Boolean(c?.unusual_note),
    unusualNote: c?.unusual_note ?? '',
    correctionReason: '',
    version: c?.version ?? 0,
  };
}

/** The error summary (`errors`) and each field's message (`errorFor`), as the templates lay them out. */
export function errorView(problems: readonly Problem[]) {
  const { errorList, fieldErrors } = errorSummary(problems);
  return {
    errors: errorList,
    errorFor: Object.fromEntries(Object.entries(fieldErrors).map(([field, e]) => [field, e.text])),
  };
}

/** Everything the update form shows about the indicator and its figure. */
export function updateFormView(
  ctx: FigureContext,
  values: FormValues,
  opts: {
    preview: Preview | null;
    unusual: string[];
    problems: Problem[];
    evidence: EvidenceSummary[];
    canEnter: boolean;
    canCorrect: boolean;
    reviewerName: string | null;
  },
) {
  const fmt = formatFor(ctx);
  const c = ctx.current;
  const milestone = ctx.target?.kind === 'milestone';
  const percent = ctx.indicator.unit === 'percent';
  const editable = opts.canEnter && !ctx.round.locked && ctx.state !== 'approved';
  return {
    round: ctx.round,
    indicator: {
      id: ctx.indicator.id,
      number: ctx.indicator.number,
      title: ctx.indicator.title,
      definition: ctx.indicator.definition,
      outcome: ctx.place.outcome_title,
      directorate: ctx.place.directorate_name,
      unit: ctx.indicator.unit,
    },
    periodLabel: formatPeriod(ctx.dataPeriod),
    inArrears: ctx.dataPeriod.code !== ctx.round.period.code,
    target: ctx.targetText,
    cumulative: ctx.indicator.cumulative === 1,
    previous: ctx.previous
      ? {
          label: formatPeriod(ctx.previous.period),
          value: ctx.previous.actual === null ? 'No figure' : fmt(ctx.previous.actual),
        }
      : null,
    state: stateTag(ctx.state),
    stateKey: ctx.state,
    returned:
      ctx.state === 'returned' && c?.review_comment
        ? { by: opts.reviewerName ?? 'your approver', comment: c.review_comment, at: dateTime(c.reviewed_at) }
        : null,
    corrected: c?.corrected_at ? { at: dateTime(c.corrected_at), reason: c.correction_reason } : null,
    values,
    milestone,
    percent,
    partLabels: ctx.partLabels,
    milestoneOptions: MILESTONE_STATUSES.map((m) => ({ value: m, text: MILESTONE_LABEL[m] })),
    outlookOptions: OUTLOOKS.map((o) => ({ value: o, text: `${OUTLOOK_ARROW[o]} ${OUTLOOK_LABEL[o]}` })),
    preview: opts.preview
      ? { rag: ragView(opts.preview.rating), explanation: opts.preview.explanation }
      : null,
    unusual: opts.unusual,
    showUnusual: opts.unusual.length > 0 || values.confirmUnusual,
    editable,
    canCorrect: opts.canCorrect && ctx.round.locked,
    evidence: opts.evidence.map((e) => ({
      name: e.name,
      kind: e.kind,
      href: e.kind === 'link' ? e.url : paths.evidenceFile(ctx.round.id, ctx.indicator.id, e.id),
      size: e.size ? `${Math.max(1, Math.round(e.size / 1024))} KB` : '',
      addedBy: e.added_by_name ?? '',
      addedAt: dateTime(e.added_at),
    })),
    action: paths.update(ctx.round.id, ctx.indicator.id),
    evidenceAction: paths.evidence(ctx.round.id, ctx.indicator.id),
    backHref: paths.yourUpdates(ctx.round.id),
    ...errorView(opts.problems),
  };
}

/** What an approver reviews: the submission as it stands. */
export function reviewView(
  ctx: FigureContext,
  preview: Preview,
  evidence: EvidenceSummary[],
  submitter: string | null,
) {
  const fmt = formatFor(ctx);
  const c = ctx.current;
  const rows: { key: { text: string }; value: { text: string } }[] = [];
  const add = (k: string, v: string | null | undefined) => {
    if (v) rows.push({ key: { text: k }, value: { text: v } });
  };
  add('Target', ctx.targetText);
  add('Actual', c?.actual === null || c?.actual === undefined ? 'No figure' : fmt(c.actual));
  if (c?.numerator !== null && c?.numerator !== undefined)
    add('Numerator / denominator', `${c.numerator} / ${c.denominator}`);
  if (c?.milestone_status)
    add(
      'Progress',
      MILESTONE_LABEL[c.milestone_status as keyof typeof MILESTONE_LABEL] ?? c.milestone_status,
    );
  add(
    'Outlook',
    c?.outlook
      ? `${OUTLOOK_ARROW[c.outlook as keyof typeof OUTLOOK_ARROW]} ${OUTLOOK_LABEL[c.outlook as keyof typeof OUTLOOK_LABEL]}`
      : 'Not given',
  );
  add('Commentary', c?.commentary ?? 'None');
  add('Why the unusual figure is right', c?.unusual_note);
  if (ctx.previous)
    add(
      `Last period (${formatPeriod(ctx.previous.period)})`,
      ctx.previous.actual === null ? 'No figure' : fmt(ctx.previous.actual),
    );
  add('Submitted by', submitter ? `${submitter}, ${dateTime(c?.submitted_at ?? null)}` : null);
  return {
    rows,
    // Not `rag`: a page variable of that name would hide the template's rag() macro (issue 21).
    rating: ragView(preview.rating),
    explanation: preview.explanation,
    evidence: evidence.map((e) => ({
      name: e.name,
      href: e.kind === 'link' ? e.url : paths.evidenceFile(ctx.round.id, ctx.indicator.id, e.id),
    })),
  };
}
