/**
 * The framework's year (issue 12), as the performance team and the approvers go through it: start next
 * year's plan from this year's (a draft copy, every outcome and indicator linked to the one it
 * continues and marked carried over), mark what happened to each since last year, submit the draft for
 * approval, record the approval ("Approved by Cabinet on 20 March 2018", with the minute) or return it
 * to draft — after which every change is a minor amendment with a reason (framework-edit.ts). The live
 * plan is never touched by any of this: only an approved plan is shown, reported and collected for.
 */
import { formatDate, parseDate, DateParseError } from '../domain/dates.js';
import { PLAN_STATUS_LABEL, isPlanStatus } from '../domain/framework-cycle.js';
import { financialYearOf, periodFromCode, shiftPeriod } from '../domain/periods.js';
import type { Problem } from '../domain/problem.js';
import { parseTarget, TargetParseError } from '../domain/targets.js';
import { REASON_MAX, tooLong } from '../domain/text-limits.js';
import type { FrameworkChange } from '../domain/vocabulary.js';
import type { Store } from '../storage/database.js';
import { listPlans } from '../storage/performance-repository.js';
import {
  copyPlan,
  findMarkedItem,
  loadFrameworkRows,
  markItemIfVersion,
  plansCoveringYear,
  plansStartedFrom,
  updatePlanIfVersion,
  type CopiedPlan,
  type FrameworkRows,
} from '../storage/framework-year.js';
import type { PlanRecord } from '../storage/schema.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import { changeFramework } from './framework-edit.js';

/** The marks an officer gives an outcome or indicator (deleting is retiring it: its own form). */
export const MARKS = ['carried-over', 'updated', 'introduced'] as const satisfies readonly FrameworkChange[];
export type Mark = (typeof MARKS)[number];

export const CHANGE_LABEL: Record<string, string> = {
  'carried-over': 'Carried over',
  updated: 'Updated',
  introduced: 'Introduced',
  deleted: 'Deleted',
};

/** The longest a plan's title, the approving body or a minute reference may be. */
export const TITLE_MAX = 200;
export const WHAT_CHANGED_MAX = 1000;
export const MINUTE_MAX = 500;

const isMark = (v: string): v is Mark => (MARKS as readonly string[]).includes(v);

// ---------------------------------------------------------------------------------------------
// What changed, and why: kept together in the item's change_reason

const WHAT = 'What changed: ';
const WHY = '\nReason: ';

/**
 * An "updated" item's change_reason holds what changed and why, on two lines ("What changed: …" then
 * "Reason: …") so that the framework spreadsheet and the report print it as it reads; the others hold
 * the reason alone.
 */
export function composeChangeReason(change: string, whatChanged: string, reason: string): string | null {
  const what = whatChanged.trim();
  const why = reason.trim();
  if (change === 'updated' && what) return `${WHAT}${what}${why ? `${WHY}${why}` : ''}`;
  return why || null;
}

/** The other way: what changed (for an updated item written by Cairn) and the reason. */
export function readChangeReason(
  change: string | null,
  stored: string | null,
): { whatChanged: string; reason: string } {
  const text = stored ?? '';
  if (change === 'updated' && text.startsWith(WHAT)) {
    const at = text.indexOf(WHY);
    return at < 0
      ? { whatChanged: text.slice(WHAT.length), reason: '' }
      : { whatChanged: text.slice(WHAT.length, at), reason: text.slice(at + WHY.length) };
  }
  return { whatChanged: '', reason: text };
}

// ---------------------------------------------------------------------------------------------
// Reading

async function planOrFail(store: Store, planId: number): Promise<PlanRecord> {
  const rows = await loadFrameworkRows(store.db, planId);
  if (!rows) throw notFound(`There is no plan ${planId}.`);
  return rows.plan;
}

/** Every plan, latest first, with the plan it was started from. */
export async function listFrameworks(
  store: Store,
): Promise<{ plan: PlanRecord; previous: PlanRecord | null; statusLabel: string }[]> {
  const plans = await listPlans(store.db);
  const byId = new Map(plans.map((p) => [p.id, p]));
  return plans.map((p) => ({
    plan: p,
    previous: p.previous_plan_id === null ? null : (byId.get(p.previous_plan_id) ?? null),
    statusLabel: statusLabel(p.status),
  }));
}

export const statusLabel = (status: string): string =>
  isPlanStatus(status) ? PLAN_STATUS_LABEL[status] : status;

export interface FrameworkView extends FrameworkRows {
  /** How many outcomes and indicators carry each mark (retired ones apart). */
  counts: Record<'outcomes' | 'indicators', Record<string, number>>;
  /** What stops the draft being submitted (an introduced or updated item with no reason). */
  submitProblems: Problem[];
  /** Next year's plan, if this one could be started from: its year and whether one exists. */
  nextYear: { code: string; existing: PlanRecord | null } | null;
}

/** A plan's framework page: everything on it, and what stops it moving on. */
export async function readFramework(store: Store, planId: number): Promise<FrameworkView> {
  const rows = await loadFrameworkRows(store.db, planId);
  if (!rows) throw notFound(`There is no plan ${planId}.`);
  const counts: FrameworkView['counts'] = { outcomes: {}, indicators: {} };
  const tally = (into: Record<string, number>, change: string | null) => {
    const key = change ?? 'none';
    into[key] = (into[key] ?? 0) + 1;
  };
  for (const o of rows.outcomes) if (!o.retiredOn) tally(counts.outcomes, o.change);
  for (const i of rows.indicators) if (!i.retiredOn) tally(counts.indicators, i.change);
  const next = nextYearOf(rows.plan);
  return {
    ...rows,
    counts,
    submitProblems: submitProblems(rows),
    nextYear: { code: next, existing: (await plansCoveringYear(store.db, next))[0] ?? null },
  };
}

/** The financial year after a plan's last: "2017-18" → "2018-19". */
export function nextYearOf(plan: Pick<PlanRecord, 'last_year'>): string {
  return shiftPeriod(periodFromCode(plan.last_year, 'financial-year'), 1).code;
}

/** Next year's title: the years in the title moved on ("Corporate Plan 2017-18" → "… 2018-19"). */
export function nextTitle(plan: Pick<PlanRecord, 'title' | 'years'>, nextYears: string): string {
  const years = [plan.years, ...plan.years.split(/\s+to\s+/)].filter(Boolean);
  for (const y of years) if (plan.title.includes(y)) return plan.title.replace(y, nextYears);
  return `${plan.title} ${nextYears}`;
}

function submitProblems(rows: FrameworkRows): Problem[] {
  const problems: Problem[] = [];
  const live = (x: { retiredOn: string | null }) => !x.retiredOn;
  // Next year's plan says what happened to every outcome and indicator since last year.
  if (rows.plan.previous_plan_id !== null) {
    for (const o of rows.outcomes.filter(live))
      if (!o.change)
        problems.push({
          field: `outcome-${o.id}`,
          message: `Outcome ${o.code} is not marked: say whether it was carried over, updated or introduced`,
        });
    for (const i of rows.indicators.filter(live))
      if (!i.change)
        problems.push({
          field: `indicator-${i.id}`,
          message: `Indicator ${i.number} is not marked: say whether it was carried over, updated or introduced`,
        });
  }
  for (const o of rows.outcomes.filter(live))
    if (
      (o.change === 'introduced' || o.change === 'updated') &&
      !readChangeReason(o.change, o.changeReason).reason
    )
      problems.push({
        field: `outcome-${o.id}`,
        message: `Outcome ${o.code} is marked ${CHANGE_LABEL[o.change]!.toLowerCase()}: give the reason for it`,
      });
  for (const i of rows.indicators.filter(live))
    if (
      (i.change === 'introduced' || i.change === 'updated') &&
      !readChangeReason(i.change, i.changeReason).reason
    )
      problems.push({
        field: `indicator-${i.id}`,
        message: `Indicator ${i.number} is marked ${CHANGE_LABEL[i.change]!.toLowerCase()}: give the reason for it`,
      });
  if (!rows.indicators.some(live))
    problems.push({ message: 'The framework has no indicators yet: add at least one before submitting it' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Starting next year

export interface NextYearProposal {
  plan: PlanRecord;
  /** "2018-19" */
  year: string;
  title: string;
  /** A plan already covering that year (any status), which stops a second being started. */
  existing: PlanRecord | null;
}

export async function nextYearProposal(store: Store, planId: number): Promise<NextYearProposal> {
  const plan = await planOrFail(store, planId);
  const year = nextYearOf(plan);
  return {
    plan,
    year,
    title: nextTitle(plan, year),
    existing: (await plansCoveringYear(store.db, year))[0] ?? null,
  };
}

/**
 * The year's target a copy takes: the source's target for its last year (or the latest set before),
 * unless it is a milestone dated within the source's years — by its own words ("by 30/9/2017") or the
 * indicator's due date — since last year's date is no target for this year. Targets set for a single
 * quarter or month are last year's profile and are not copied either. `end` is the source's last day.
 */
export function copiedTarget(
  targets: { periodCode: string; text: string }[],
  dueDate: string | null,
  lastYear: string,
  end: string,
): string | null {
  const yearly = targets
    .filter((t) => /^\d{4}-\d{2}$/.test(t.periodCode) && t.periodCode <= lastYear)
    .sort((a, b) => a.periodCode.localeCompare(b.periodCode));
  const chosen = yearly.at(-1);
  if (!chosen) return null;
  try {
    const t = parseTarget(chosen.text);
    const due = t.kind === 'milestone' ? (t.due ?? dueDate) : null;
    if (due !== null && due <= end) return null;
  } catch (e) {
    if (!(e instanceof TargetParseError)) throw e;
  }
  return chosen.text;
}

/**
 * "Start the 2018-19 plan": copies the plan into a draft for the financial year after its last, in one
 * transaction with one audit record naming what was copied. Refused (409) when a plan for that year
 * already exists, when the plan is not approved, or when the page was read before someone else started
 * it (the form names the plan's version).
 */
export async function startNextYear(
  store: Store,
  actor: Actor,
  planId: number,
  input: { title: string; version: number },
  clock: Clock,
): Promise<{ planId: number; copied: CopiedPlan }> {
  const title = input.title.trim().replace(/\s+/g, ' ');
  const problems: Problem[] = [];
  if (!title) problems.push({ field: 'title', message: 'Enter the title of next year’s plan' });
  const long = tooLong('title', 'The title', title, TITLE_MAX);
  if (long) problems.push(long);
  if (problems.length) throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  return transaction(store.db, async (trx) => {
    const source = await trx.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
    if (!source) throw notFound(`There is no plan ${planId}.`);
    if (source.status !== 'approved')
      throw new CairnError(
        'CONFLICT',
        `${source.title} has not been approved yet: next year’s plan is started from an approved plan. Record its approval first.`,
      );
    const year = nextYearOf(source);
    const existing = (await plansCoveringYear(trx, year))[0];
    if (existing)
      throw new CairnError(
        'CONFLICT',
        `There is already a plan for ${year}: ${existing.title} (${statusLabel(existing.status).toLowerCase()}). Carry on with it on its framework page.`,
      );
    // The source's version moves on, so a second "Start" from a page read before this one is refused.
    if (!(await updatePlanIfVersion(trx, source.id, input.version, 'approved', {})))
      throw new CairnError(
        'CONFLICT',
        `${source.title} changed while you were looking at it. Check its framework page, then start next year’s plan again.`,
      );
    const end = financialYearOf(periodFromCode(source.last_year, 'financial-year')).end;
    const copied = await copyPlan(
      trx,
      source,
      { title, years: year, firstYear: year, lastYear: year, createdAt: isoNow(clock) },
      {
        target: (targets, due) => copiedTarget(targets, due, source.last_year, end),
        keepDueDate: (due) => due > end,
      },
    );
    await recordChange(
      trx,
      actor,
      {
        action: 'plan.start-next-year',
        entity: 'plan',
        entityId: copied.planId,
        before: null,
        after: {
          title,
          years: year,
          status: 'draft',
          from: { id: source.id, title: source.title, years: source.years },
          copied: {
            priorities: copied.priorities,
            outcomes: copied.outcomes,
            indicators: copied.indicators,
            targets: copied.targets,
            secondFramework: copied.secondFramework,
          },
          withoutTarget: copied.withoutTarget,
          leftRetired: copied.leftRetired,
        },
      },
      clock,
    );
    return { planId: copied.planId, copied };
  });
}

// ---------------------------------------------------------------------------------------------
// Marking what changed since last year

export interface MarkInput {
  change: string;
  whatChanged: string;
  reason: string;
  version: number;
}

/** An outcome's or indicator's mark as its form shows it. */
export async function markedItem(
  store: Store,
  kind: 'outcome' | 'indicator',
  planId: number,
  itemId: number,
) {
  const plan = await planOrFail(store, planId);
  const item = await findMarkedItem(store.db, kind, planId, itemId);
  if (!item) throw notFound(`${plan.title} has no such ${kind}.`);
  return { plan, item, ...readChangeReason(item.change, item.changeReason) };
}

/**
 * Marks an outcome or indicator carried over, updated (with what changed) or introduced, with the
 * reason (required for introduced and updated; for any change once the plan is approved, when it is a
 * minor amendment) — through changeFramework, so a submitted plan refuses it and an approved one lists
 * it. A form read before someone else's change is refused (409).
 */
export async function markChange(
  store: Store,
  actor: Actor,
  kind: 'outcome' | 'indicator',
  planId: number,
  itemId: number,
  input: MarkInput,
  clock: Clock,
): Promise<{ amended: boolean }> {
  const change = input.change.trim();
  const whatChanged = input.whatChanged.trim();
  const reason = input.reason.trim();
  const word = kind === 'outcome' ? 'Outcome' : 'Indicator';
  const { amended } = await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx) => {
        const item = await findMarkedItem(trx, kind, planId, itemId);
        if (!item) throw notFound(`There is no such ${kind} in this plan.`);
        if (item.retiredOn)
          throw new CairnError('CONFLICT', `${word} ${item.ref} has been retired, so it is not marked.`);
        const problems: Problem[] = [];
        if (!isMark(change))
          problems.push({ field: 'change', message: 'Choose carried over, updated or introduced' });
        if (change === 'updated' && !whatChanged)
          problems.push({ field: 'whatChanged', message: 'Say what changed since last year' });
        if ((change === 'updated' || change === 'introduced') && !reason)
          problems.push({
            field: 'reason',
            message: `Give the reason it was ${change === 'updated' ? 'updated' : 'introduced'}`,
          });
        for (const p of [
          tooLong('whatChanged', 'What changed', whatChanged, WHAT_CHANGED_MAX),
          tooLong('reason', 'The reason', reason, REASON_MAX),
        ])
          if (p) problems.push(p);
        if (problems.length) throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
        const stored = composeChangeReason(change, change === 'updated' ? whatChanged : '', reason);
        if (!(await markItemIfVersion(trx, kind, itemId, input.version, { change, reason: stored })))
          throw new CairnError(
            'CONFLICT',
            `Someone else changed ${word.toLowerCase()} ${item.ref} while you were working on it. Your change has not been saved: check what is saved now, then make it again.`,
          );
        const label = CHANGE_LABEL[change]!.toLowerCase();
        return {
          result: undefined,
          audit: {
            action: `${kind}.mark`,
            entity: kind,
            entityId: itemId,
            before: { change: item.change, changeReason: item.changeReason },
            after: { change, changeReason: stored },
          },
          amendment: {
            entity: kind,
            entityId: itemId,
            ref: `${word} ${item.ref}`,
            summary: `Marked ${label}${change === 'updated' ? `: ${whatChanged}` : ''}`,
          },
        };
      },
    },
    clock,
  );
  return { amended };
}

// ---------------------------------------------------------------------------------------------
// Submitting, approving, returning

const stale = (plan: { title: string }) =>
  new CairnError(
    'CONFLICT',
    `${plan.title} changed while you were looking at it (someone else submitted, approved or returned it). Nothing has been saved: check its framework page, then try again.`,
  );

/** Submits a draft for approval: it cannot be changed until it is approved or returned to draft. */
export async function submitFramework(
  store: Store,
  actor: Actor,
  planId: number,
  version: number,
  clock: Clock,
): Promise<void> {
  const view = await readFramework(store, planId);
  const plan = view.plan;
  if (plan.status !== 'draft')
    throw new CairnError(
      'CONFLICT',
      `${plan.title} is ${statusLabel(plan.status).toLowerCase()}, not a draft.`,
    );
  if (view.submitProblems.length)
    throw new CairnError(
      'INVALID_INPUT',
      `${plan.title} cannot be submitted yet: ${view.submitProblems.length === 1 ? 'one thing needs' : `${view.submitProblems.length} things need`} doing first.`,
      view.submitProblems,
    );
  const now = isoNow(clock);
  await transaction(store.db, async (trx) => {
    if (
      !(await updatePlanIfVersion(trx, planId, version, 'draft', {
        status: 'submitted',
        submitted_by: actor.name,
        submitted_at: now,
      }))
    )
      throw stale(plan);
    await recordChange(
      trx,
      actor,
      {
        action: 'plan.submit',
        entity: 'plan',
        entityId: planId,
        before: { status: 'draft' },
        after: { status: 'submitted', submittedBy: actor.name, submittedAt: now },
      },
      clock,
    );
  });
}

export interface ApprovalInput {
  /** Who approved it: "Cabinet", "Full Council", "the Leader under delegated authority". */
  body: string;
  day: string;
  month: string;
  year: string;
  /** The minute reference, e.g. "Minute 34/18" (optional). */
  minute: string;
  version: number;
}

/** Checks the approval form; the date comes back as ISO. */
export function checkApproval(
  input: ApprovalInput,
  today: string,
): { problems: Problem[]; on: string | null } {
  const problems: Problem[] = [];
  const body = input.body.trim();
  if (!body)
    problems.push({ field: 'body', message: 'Enter who approved the framework, for example Cabinet' });
  const long = tooLong('body', 'Who approved it', body, TITLE_MAX);
  if (long) problems.push(long);
  const minute = tooLong('minute', 'The minute reference', input.minute.trim(), MINUTE_MAX);
  if (minute) problems.push(minute);
  const [d, m, y] = [input.day.trim(), input.month.trim(), input.year.trim()];
  let on: string | null = null;
  const field = 'approvedOn-day';
  if (!d && !m && !y) problems.push({ field, message: 'Enter the date it was approved' });
  else if (!d || !m || !y) {
    const missing = [!d ? 'a day' : '', !m ? 'a month' : '', !y ? 'a year' : ''].filter(Boolean);
    problems.push({
      field: !d ? 'approvedOn-day' : !m ? 'approvedOn-month' : 'approvedOn-year',
      message: `The date it was approved must include ${missing.join(' and ')}`,
    });
  } else if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y))
    problems.push({ field, message: 'The date it was approved must be a real date, for example 20 3 2018' });
  else {
    try {
      on = parseDate(`${d}/${m}/${y}`);
      if (on > today) {
        problems.push({ field, message: 'The date it was approved must be today or in the past' });
        on = null;
      }
    } catch (e) {
      if (!(e instanceof DateParseError)) throw e;
      problems.push({
        field,
        message: 'The date it was approved must be a real date, for example 20 3 2018',
      });
    }
  }
  return { problems, on };
}

/**
 * Records that a submitted framework was approved — by whom (the body), on what date, with the
 * minute — and who recorded it in Cairn and when. From then on it is the live plan for its periods,
 * and every change to it is a minor amendment with a reason.
 */
export async function approveFramework(
  store: Store,
  actor: Actor,
  planId: number,
  input: ApprovalInput,
  clock: Clock,
): Promise<void> {
  const plan = await planOrFail(store, planId);
  if (plan.status !== 'submitted')
    throw new CairnError(
      'CONFLICT',
      plan.status === 'approved'
        ? `${plan.title} has already been approved.`
        : `${plan.title} is a draft: it is approved once it has been submitted for approval.`,
    );
  const now = isoNow(clock);
  const { problems, on } = checkApproval(input, now.slice(0, 10));
  if (problems.length || !on) throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  const fields = {
    status: 'approved',
    approved_by: input.body.trim(),
    approved_on: on,
    approval_minute: input.minute.trim() || null,
    approval_recorded_by: actor.name,
    approval_recorded_at: now,
  };
  await transaction(store.db, async (trx) => {
    if (!(await updatePlanIfVersion(trx, planId, input.version, 'submitted', fields))) throw stale(plan);
    await recordChange(
      trx,
      actor,
      {
        action: 'plan.approve',
        entity: 'plan',
        entityId: planId,
        before: { status: 'submitted' },
        after: {
          status: 'approved',
          approvedBy: fields.approved_by,
          approvedOn: on,
          minute: fields.approval_minute,
        },
      },
      clock,
    );
  });
}

/** Returns a submitted framework to draft, with the reason, so it can be changed again. */
export async function returnToDraft(
  store: Store,
  actor: Actor,
  planId: number,
  input: { reason: string; version: number },
  clock: Clock,
): Promise<void> {
  const plan = await planOrFail(store, planId);
  if (plan.status !== 'submitted')
    throw new CairnError(
      'CONFLICT',
      `${plan.title} is ${statusLabel(plan.status).toLowerCase()}: only a framework waiting for approval can be returned to draft.`,
    );
  const reason = input.reason.trim();
  const problems: Problem[] = [];
  if (!reason)
    problems.push({
      field: 'returnReason',
      message: 'Say why it is being returned, and what needs to change',
    });
  const long = tooLong('returnReason', 'The reason', reason, REASON_MAX);
  if (long) problems.push(long);
  if (problems.length) throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  await transaction(store.db, async (trx) => {
    if (
      !(await updatePlanIfVersion(trx, planId, input.version, 'submitted', {
        status: 'draft',
        submitted_by: null,
        submitted_at: null,
      }))
    )
      throw stale(plan);
    await recordChange(
      trx,
      actor,
      {
        action: 'plan.return',
        entity: 'plan',
        entityId: planId,
        before: { status: 'submitted', submittedBy: plan.submitted_by, submittedAt: plan.submitted_at },
        after: { status: 'draft' },
        reason,
      },
      clock,
    );
  });
}

/**
 * "Approved by Cabinet on 20 March 2018 (Minute 34/18)"; null before approval, or when nothing was
 * recorded about it (a plan loaded as approved).
 */
export function approvalSentence(plan: PlanRecord): string | null {
  if (plan.status !== 'approved' || (!plan.approved_by && !plan.approved_on)) return null;
  const by = plan.approved_by ? ` by ${plan.approved_by}` : '';
  const on = plan.approved_on ? ` on ${formatDate(plan.approved_on)}` : '';
  const minute = plan.approval_minute ? ` (${plan.approval_minute})` : '';
  return `Approved${by}${on}${minute}`;
}

/** The plans started from this one (next year's). */
export function nextPlans(store: Store, planId: number): Promise<PlanRecord[]> {
  return plansStartedFrom(store.db, planId);
}
