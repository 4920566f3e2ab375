/**
 * Changing the framework in the app (issue 12): adding, changing, moving and retiring a plan's
 * priorities, outcomes and indicators, and setting an indicator's targets per period — one indicator at
 * a time, or a directorate's indicators in one grid. Every change goes through `changeFramework`
 * (framework-edit.ts): one transaction with its audit record, refused while the plan awaits approval,
 * and a minor amendment with a reason once it is approved.
 *
 * A form names the version it was read at; a stale one is refused (CONFLICT) before anything is
 * checked, and again by the write itself (`WHERE version = ?`). An indicator's fields are checked by
 * the same rules as the framework spreadsheet's (domain/indicator-fields.ts), in the same words.
 *
 * In a plan started from last year's (`previous_plan_id`), what a form does is marked as the report's
 * framework-changes section reads it: a new outcome or indicator is 'introduced' (the form asks why),
 * and changing a 'carried-over' one makes it 'updated' (the form asks what changed and why); once the
 * plan is approved, the amendment's reason is that reason.
 */
import { checkFrameworkEdit, editTerms, type EditTerms } from '../domain/framework-cycle.js';
import { checkIndicatorFields, checkTargetText, type IndicatorFieldKey } from '../domain/indicator-fields.js';
import { byIndicatorNumber } from '../domain/indicator-order.js';
import {
  comparePeriods,
  financialYearOf,
  periodFromCode,
  periodsOfYear,
  shiftPeriod,
  type Period,
} from '../domain/periods.js';
import type { Problem } from '../domain/problem.js';
import { REASON_MAX, tooLong } from '../domain/text-limits.js';
import { RAG_LABEL, type FrameworkChange } from '../domain/vocabulary.js';
import {
  deleteItemAtVersion,
  directorateRows,
  figuresRecorded,
  findDirectorateRow,
  findIndicatorRow,
  findOutcomeRow,
  findPlanRow,
  findPriorityRow,
  insertIndicatorRow,
  insertOutcomeRow,
  insertPriorityRow,
  insertRetiredMeasure,
  neighbourRow,
  nextItemPosition,
  outcomeLinkIds,
  previousOutcomePlace,
  reportedQuarters,
  planIndicatorRows,
  planOutcomeRows,
  planPriorityRows,
  priorityOutcomeCount,
  retireOutcomeIndicators,
  secondFrameworkRows,
  setOutcomeLinks,
  takenInFramework,
  targetRows,
  targetRowsFor,
  updateItemAtVersion,
  writeTargets,
  type ItemTable,
} from '../storage/framework-items.js';
import type { IndicatorRecord, OutcomeRecord, PlanRecord, PriorityRecord } from '../storage/schema.js';
import type { Trx } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import { changeFramework } from './framework-edit.js';
import { rerateIndicator } from './rerate.js';
import { buildOutcomeHistory } from './scorecard.js';
import type { Store } from './store.js';

export type { IndicatorRecord, OutcomeRecord, PlanRecord, PriorityRecord } from '../storage/schema.js';

/** A form's fields as typed (checkboxes: every value ticked). */
export type Fields = Record<string, string | string[] | undefined>;
export type ItemKind = ItemTable;

/** A change names the row by id and the version its form was read at. */
export interface Existing {
  id: number;
  version: number;
}

/** Text typed on a form: a title, a definition, a reason. Over it is refused, never cut. */
export const ITEM_TEXT_MAX = 2000;

const text = (v: Fields[string]) => (typeof v === 'string' ? v : (v?.[0] ?? '')).trim();
const orNull = (v: Fields[string]) => text(v) || null;
const list = (v: Fields[string]) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []);
const field = (name: string, message: string): Problem => ({ field: name, message });
const rejected = (what: string, problems: Problem[]) =>
  new CairnError('INVALID_INPUT', `${what} was not saved.`, problems);
const today = (clock: Clock) => clock.now().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// The plan and what a form may do to it

export interface EditablePlan {
  plan: PlanRecord;
  /** free (a draft), locked (submitted: nothing may change), amendment (approved: a reason each time). */
  terms: EditTerms;
  /** Started from last year's plan: new items are 'introduced', changed ones 'updated', each with why. */
  continues: boolean;
}

export async function editablePlan(store: Store, planId: number): Promise<EditablePlan> {
  const plan = await findPlanRow(store.db, planId);
  if (!plan) throw notFound(`There is no plan ${planId}.`);
  return { plan, terms: editTerms(plan.status), continues: plan.previous_plan_id !== null };
}

/** Refused at once while the plan awaits approval. */
function assertOpen(p: EditablePlan): void {
  if (p.terms === 'locked') {
    const [problem] = checkFrameworkEdit(p.plan.status, null);
    throw new CairnError('CONFLICT', problem!.message, [problem!]);
  }
}

/** The amendment's reason, when the plan is approved (on the form's `reason` field). */
function amendmentProblems(p: EditablePlan, input: Fields): Problem[] {
  const problems = p.terms === 'amendment' ? checkFrameworkEdit(p.plan.status, text(input.reason)) : [];
  const long = tooLong('reason', 'The reason', text(input.reason), REASON_MAX);
  return long ? [...problems, long] : problems;
}

/** How an item stands against last year's framework, for the change marks. */
function effectiveChange(item: { change: string | null; previousId: number | null }): FrameworkChange {
  if (item.change === 'introduced' || item.change === 'updated' || item.change === 'deleted')
    return item.change;
  if (item.change === 'carried-over') return 'carried-over';
  return item.previousId !== null ? 'carried-over' : 'introduced';
}

/**
 * What the form's "why" field is for an outcome or indicator, in a plan started from last year's and
 * still a draft (an approved plan's amendment reason does instead); null when the form has none.
 */
export function changeQuestion(
  p: EditablePlan,
  item: { change: string | null; previousId: number | null } | null,
): { label: string; hint: string } | null {
  if (!p.continues || p.terms !== 'free') return null;
  const change = item ? effectiveChange(item) : 'introduced';
  if (change === 'introduced')
    return {
      label: 'Why it was introduced',
      hint: 'Printed in the report’s “changes to the framework” section.',
    };
  return {
    label: 'What changed and why',
    hint:
      change === 'carried-over'
        ? 'It was carried over from last year: changing it marks it as updated, with this reason in the report’s “changes to the framework” section.'
        : 'Printed in the report’s “changes to the framework” section.',
  };
}

function changeReasonProblems(
  p: EditablePlan,
  item: { change: string | null; previousId: number | null } | null,
  input: Fields,
): Problem[] {
  const question = changeQuestion(p, item);
  if (!question) return [];
  const reason = text(input.changeReason);
  if (!reason)
    return [
      field(
        'changeReason',
        question.label === 'Why it was introduced'
          ? 'Enter why it was introduced.'
          : 'Enter what changed and why: it is printed in the report’s changes to the framework.',
      ),
    ];
  const long = tooLong('changeReason', 'The reason', reason, REASON_MAX);
  return long ? [long] : [];
}

/** The change mark a form writes (nothing in a plan not started from last year's). */
function changeMark(
  p: EditablePlan,
  item: { change: string | null; change_reason: string | null; previousId: number | null } | null,
  input: Fields,
): { change?: string | null; change_reason?: string | null } {
  if (!p.continues) return {};
  const why = p.terms === 'amendment' ? text(input.reason) : text(input.changeReason);
  if (!item) return { change: 'introduced', change_reason: why };
  const now = effectiveChange(item);
  if (now === 'carried-over') return { change: 'updated', change_reason: why };
  return { change: now, change_reason: p.terms === 'amendment' ? item.change_reason : why };
}

/** Someone else saved the item after the form or page was read. */
function stale(what: string, action: 'save' | 'retire' | 'move' = 'save'): CairnError {
  return new CairnError(
    'CONFLICT',
    action === 'save'
      ? `Someone else changed ${what} while you were editing it. Your changes have not been saved: check what is saved now, then save yours again if they still apply.`
      : `Someone else changed ${what} after you opened this page, so it has not been ${action === 'retire' ? 'retired' : 'moved'}. Check it, then try again if you still mean to.`,
  );
}

function checkVersion(
  row: { version: number },
  expected: number,
  what: string,
  action?: 'save' | 'retire' | 'move',
) {
  if (row.version !== expected) throw stale(what, action);
}

function checkNotRetired(row: { retired_on?: string | null }, what: string): void {
  if (row.retired_on)
    throw new CairnError(
      'CONFLICT',
      `${capital(what)} was retired on ${row.retired_on}, so it cannot be changed.`,
    );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const refOf = (kind: ItemKind, key: string) =>
  `${kind === 'priority' ? 'Priority' : kind === 'outcome' ? 'Outcome' : 'Indicator'} ${key}`;
const nameOf = (kind: ItemKind, key: string) => `${kind} ${key}`;

function titleProblems(name: string, value: string, message: string): Problem[] {
  if (!value) return [field(name, message)];
  const long = tooLong(name, 'It', value, ITEM_TEXT_MAX);
  return long ? [long] : [];
}

/** Only what differs, before and after (as the framework import's audit records do). */
function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  return { before: b, after: a, changed: Object.keys(a) };
}

// ---------------------------------------------------------------------------------------------
// Reading for the forms

export interface FrameworkLists {
  priorities: PriorityRecord[];
  outcomes: (OutcomeRecord & { directorate_code: string; directorate_name: string; priority_code: string })[];
  indicators: IndicatorRecord[];
  directorates: { id: number; code: string; name: string }[];
  secondFramework: { name: string; priorities: { id: number; number: string; title: string }[] } | null;
}

/** What the forms choose from: the plan's priorities, outcomes, indicators, directorates, second framework. */
export async function frameworkLists(store: Store, planId: number): Promise<FrameworkLists> {
  const [priorities, outcomes, indicators, directorates, secondFramework] = await Promise.all([
    planPriorityRows(store.db, planId),
    planOutcomeRows(store.db, planId),
    planIndicatorRows(store.db, planId),
    directorateRows(store.db),
    secondFrameworkRows(store.db, planId),
  ]);
  return { priorities, outcomes, indicators, directorates, secondFramework };
}

export async function priorityOf(store: Store, planId: number, id: number): Promise<PriorityRecord> {
  const row = await findPriorityRow(store.db, planId, id);
  if (!row) throw notFound('This plan has no such priority.');
  return row;
}

export async function outcomeOf(
  store: Store,
  planId: number,
  id: number,
): Promise<OutcomeRecord & { secondPriorityIds: number[] }> {
  const row = await findOutcomeRow(store.db, planId, id);
  if (!row) throw notFound('This plan has no such outcome.');
  return { ...row, secondPriorityIds: await outcomeLinkIds(store.db, id) };
}

export async function indicatorOf(
  store: Store,
  planId: number,
  id: number,
): Promise<IndicatorRecord & { targets: { periodCode: string; text: string }[] }> {
  const row = await findIndicatorRow(store.db, planId, id);
  if (!row) throw notFound('This plan has no such indicator.');
  return { ...row, targets: await targetRows(store.db, id) };
}

/** The year's target of an indicator: the target set for the plan's first year. */
export const yearTarget = (plan: PlanRecord, targets: { periodCode: string; text: string }[]) =>
  targets.find((t) => t.periodCode === plan.first_year)?.text ?? '';

// ---------------------------------------------------------------------------------------------
// Priorities

export async function addPriority(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return savePriority(store, actor, planId, null, input, clock);
}

export async function changePriority(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return savePriority(store, actor, planId, existing, input, clock);
}

async function savePriority(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing | null,
  input: Fields,
  clock: Clock,
): Promise<number> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const before = existing ? await priorityOf(store, planId, existing.id) : null;
  if (before && existing) checkVersion(before, existing.version, nameOf('priority', before.code));
  const code = text(input.code);
  const title = text(input.title);
  const problems: Problem[] = [
    ...titleProblems('code', code, 'Enter the priority’s code, such as P1.'),
    ...titleProblems('title', title, 'Enter the priority’s title, such as “A thriving economy”.'),
    ...amendmentProblems(p, input),
  ];
  if (code && (await takenInFramework(store.db, planId, 'priority', code, before?.id ?? null)))
    problems.push(field('code', `Priority ${code} is already in this plan: choose another code.`));
  if (problems.length) throw rejected(before ? `Priority ${before.code}` : 'The priority', problems);
  const values = { code, title };
  if (before && !diff({ code: before.code, title: before.title }, values).changed.length) return before.id;
  const { result } = await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason: text(input.reason),
      reasonField: 'reason',
      apply: async (trx) => {
        if (!before) {
          const id = await insertPriorityRow(trx, {
            plan_id: planId,
            ...values,
            position: await nextItemPosition(trx, 'priority', planId),
          });
          return {
            result: id,
            audit: { action: 'priority.create', entity: 'priority', entityId: id, after: values },
            amendment: { entity: 'priority', entityId: id, ref: refOf('priority', code), summary: 'Added' },
          };
        }
        if (!(await updateItemAtVersion(trx, 'priority', before.id, existing!.version, values)))
          throw stale(nameOf('priority', before.code));
        const d = diff({ code: before.code, title: before.title }, values);
        return {
          result: before.id,
          audit: {
            action: 'priority.update',
            entity: 'priority',
            entityId: before.id,
            before: d.before,
            after: d.after,
          },
          amendment: {
            entity: 'priority',
            entityId: before.id,
            ref: refOf('priority', code),
            summary: changedSummary(d.changed, 'priority'),
          },
        };
      },
    },
    clock,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export async function addOutcome(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return saveOutcome(store, actor, planId, null, input, clock);
}

export async function changeOutcome(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return saveOutcome(store, actor, planId, existing, input, clock);
}

async function saveOutcome(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing | null,
  input: Fields,
  clock: Clock,
): Promise<number> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const before = existing ? await outcomeOf(store, planId, existing.id) : null;
  if (before && existing) {
    checkVersion(before, existing.version, nameOf('outcome', before.code));
    checkNotRetired(before, nameOf('outcome', before.code));
  }
  const lists = await frameworkLists(store, planId);
  const code = text(input.code);
  const title = text(input.title);
  const priority = lists.priorities.find((x) => String(x.id) === text(input.priority));
  const directorate = lists.directorates.find((x) => String(x.id) === text(input.directorate));
  const sfIds = list(input.secondFramework);
  const links = (lists.secondFramework?.priorities ?? []).filter((x) => sfIds.includes(String(x.id)));
  const markOf = before
    ? { change: before.change, change_reason: before.change_reason, previousId: before.previous_outcome_id }
    : null;
  const problems: Problem[] = [];
  if (!priority) problems.push(field('priority', 'Choose the priority the outcome comes under.'));
  problems.push(
    ...titleProblems('code', code, 'Enter the outcome’s code, such as O7.'),
    ...titleProblems('title', title, 'Enter the outcome as the plan words it.'),
  );
  if (!directorate) problems.push(field('directorate', 'Choose the directorate that owns the outcome.'));
  if (links.length !== sfIds.length)
    problems.push(field('secondFramework', 'Choose the second framework’s priorities from the list.'));
  if (code && (await takenInFramework(store.db, planId, 'outcome', code, before?.id ?? null)))
    problems.push(field('code', `Outcome ${code} is already in this plan: choose another code.`));
  problems.push(...changeReasonProblems(p, markOf, input), ...amendmentProblems(p, input));
  if (problems.length) throw rejected(before ? `Outcome ${before.code}` : 'The outcome', problems);

  const now: Record<string, unknown> = {
    priority: priority!.code,
    code,
    title,
    directorate: directorate!.code,
    secondFramework: links.map((l) => l.number),
  };
  const was = before
    ? {
        priority: lists.priorities.find((x) => x.id === before.priority_id)?.code ?? '',
        code: before.code,
        title: before.title,
        directorate: lists.directorates.find((x) => x.id === before.directorate_id)?.code ?? '',
        secondFramework: (lists.secondFramework?.priorities ?? [])
          .filter((x) => before.secondPriorityIds.includes(x.id))
          .map((x) => x.number),
      }
    : null;
  const d = was ? diff(was, now) : null;
  if (before && d && !d.changed.length) return before.id;
  const mark = changeMark(p, markOf, input);
  const values = {
    priority_id: priority!.id,
    code,
    title,
    directorate_id: directorate!.id,
    ...mark,
  };
  const { result } = await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason: text(input.reason),
      reasonField: 'reason',
      apply: async (trx) => {
        let id: number;
        if (!before) {
          id = await insertOutcomeRow(trx, {
            plan_id: planId,
            change: null,
            change_reason: null,
            ...values,
            position: await nextItemPosition(trx, 'outcome', planId),
          });
        } else {
          id = before.id;
          if (!(await updateItemAtVersion(trx, 'outcome', id, existing!.version, values)))
            throw stale(nameOf('outcome', before.code));
        }
        await setOutcomeLinks(
          trx,
          id,
          links.map((l) => l.id),
        );
        const marks = markAudit(mark, before);
        return {
          result: id,
          audit: before
            ? {
                action: 'outcome.update',
                entity: 'outcome',
                entityId: id,
                before: { ...d!.before, ...marks.before },
                after: { ...d!.after, ...marks.after },
              }
            : {
                action: 'outcome.create',
                entity: 'outcome',
                entityId: id,
                after: { ...now, ...marks.after },
              },
          amendment: {
            entity: 'outcome',
            entityId: id,
            ref: refOf('outcome', code),
            summary: before ? changedSummary(d!.changed) : 'Added',
          },
        };
      },
    },
    clock,
  );
  return result;
}

function markAudit(
  mark: { change?: string | null; change_reason?: string | null },
  before: { change: string | null; change_reason: string | null } | null,
) {
  if (mark.change === undefined) return { before: {}, after: {} };
  return diff(before ? { change: before.change, changeReason: before.change_reason } : {}, {
    change: mark.change,
    changeReason: mark.change_reason ?? null,
  });
}

// ---------------------------------------------------------------------------------------------
// Indicators

/** How the fields of an indicator are named in its audit records (the framework import's names). */
const FIELD_WORDS: Record<string, string> = {
  number: 'number',
  outcome: 'outcome',
  title: 'wording',
  code: 'code',
  priority: 'priority',
  directorate: 'directorate',
  secondFramework: 'second framework',
  definition: 'definition',
  unit: 'unit',
  polarity: 'polarity',
  frequency: 'frequency',
  target: 'target',
  cumulative: 'cumulative',
  profile: 'profile',
  inArrears: 'in arrears',
  tolerance: 'tolerance',
  dueDate: 'due date',
  partLabels: 'part labels',
  dataSource: 'data source',
  owner: 'owner',
};

/** "Wording changed", "Changed: polarity, tolerance". */
function changedSummary(changed: string[], kind: ItemKind = 'indicator'): string {
  const words = changed.map((k) => (k === 'title' && kind === 'priority' ? 'title' : (FIELD_WORDS[k] ?? k)));
  if (words.length === 1) return `${capital(words[0]!)} changed`;
  return `Changed: ${words.join(', ')}`;
}

/** The form's fields for an indicator's fields checked by the shared rules. */
const INDICATOR_FIELD: Record<IndicatorFieldKey, string> = {
  target: 'target',
  cumulative: 'cumulative',
  profile: 'profile',
  tolerance: 'tolerance',
  inArrears: 'inArrears',
  dueDate: 'dueDate',
  partLabels: 'partLabels',
  unit: 'unit',
  polarity: 'polarity',
  frequency: 'frequency',
};

/** An indicator as its audit records show it (the framework spreadsheet's fields). */
function indicatorFields(row: IndicatorRecord, outcomeCode: string, target: string | null) {
  return {
    number: row.number,
    outcome: outcomeCode,
    title: row.title,
    definition: row.definition,
    unit: row.unit,
    polarity: row.polarity,
    frequency: row.frequency,
    ...(target === null ? {} : { target }),
    cumulative: row.cumulative === 1,
    profile: row.profile,
    inArrears: row.in_arrears,
    tolerance: row.tolerance,
    dueDate: row.due_date,
    partLabels: JSON.parse(row.part_labels || '[]') as string[],
    dataSource: row.data_source,
    owner: row.owner,
  };
}

/** Part labels as typed on the form: one a line. */
export const partLabelLines = (v: Fields[string]) => text(v).split(/\r?\n/);

export async function addIndicator(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return saveIndicator(store, actor, planId, null, input, clock);
}

/** Changes an indicator's fields (its targets are set on the targets page: setIndicatorTargets). */
export async function changeIndicator(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<number> {
  return saveIndicator(store, actor, planId, existing, input, clock);
}

async function saveIndicator(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing | null,
  input: Fields,
  clock: Clock,
): Promise<number> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const before = existing ? await indicatorOf(store, planId, existing.id) : null;
  if (before && existing) {
    checkVersion(before, existing.version, nameOf('indicator', before.number));
    checkNotRetired(before, nameOf('indicator', before.number));
  }
  const lists = await frameworkLists(store, planId);
  const number = text(input.number);
  const title = text(input.title);
  const outcome = lists.outcomes.find((o) => String(o.id) === text(input.outcome) && !o.retired_on);
  const target = before ? yearTarget(p.plan, before.targets) : text(input.target);
  const checked = checkIndicatorFields({
    target,
    cumulative: text(input.cumulative),
    profile: text(input.profile),
    tolerance: text(input.tolerance),
    inArrears: text(input.inArrears),
    dueDate: text(input.dueDate),
    partLabels: partLabelLines(input.partLabels),
    unit: text(input.unit),
    polarity: text(input.polarity),
    frequency: text(input.frequency),
  });
  const markOf = before
    ? { change: before.change, change_reason: before.change_reason, previousId: before.previous_indicator_id }
    : null;
  const problems: Problem[] = [];
  if (!outcome) problems.push(field('outcome', 'Choose the outcome the indicator measures.'));
  problems.push(...titleProblems('number', number, 'Enter the indicator’s number, such as 7.'));
  if (number && (await takenInFramework(store.db, planId, 'indicator', number, before?.id ?? null)))
    problems.push(field('number', `Indicator ${number} is already in this plan: choose another number.`));
  problems.push(...titleProblems('title', title, 'Enter the indicator as the plan words it.'));
  for (const [name, label] of [
    ['definition', 'The definition'],
    ['dataSource', 'The data source'],
    ['owner', 'The owner'],
  ] as const) {
    const long = tooLong(name, label, text(input[name]), ITEM_TEXT_MAX);
    if (long) problems.push(long);
  }
  for (const problem of checked.problems)
    // On a change, the target is not on the form: a part-label mismatch is the part labels' problem.
    if (!(before && problem.field === 'target'))
      problems.push(field(INDICATOR_FIELD[problem.field], problem.message));
  problems.push(...changeReasonProblems(p, markOf, input), ...amendmentProblems(p, input));
  if (problems.length) throw rejected(before ? `Indicator ${before.number}` : 'The indicator', problems);

  const v = checked.values;
  const columns = {
    outcome_id: outcome!.id,
    number,
    title,
    definition: orNull(input.definition),
    unit: v.unit,
    polarity: v.polarity,
    frequency: v.frequency,
    cumulative: v.cumulative ? 1 : 0,
    profile: v.profile,
    in_arrears: v.inArrears,
    tolerance: v.tolerance,
    due_date: v.dueDate,
    part_labels: JSON.stringify(v.partLabels),
    data_source: orNull(input.dataSource),
    owner: orNull(input.owner),
  };
  const outcomeCode = (id: number) => lists.outcomes.find((o) => o.id === id)?.code ?? '';
  const now = indicatorFields(
    { ...(before ?? ({} as IndicatorRecord)), ...columns } as IndicatorRecord,
    outcome!.code,
    before ? null : v.target,
  );
  const d = before ? diff(indicatorFields(before, outcomeCode(before.outcome_id), null), now) : null;
  if (before && d && !d.changed.length) return before.id;
  const mark = changeMark(p, markOf, input);
  const reason = text(input.reason);
  const { result } = await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx) => {
        const marks = markAudit(mark, before);
        if (!before) {
          const id = await insertIndicatorRow(trx, {
            plan_id: planId,
            change: null,
            change_reason: null,
            ...columns,
            ...mark,
            position: await nextItemPosition(trx, 'indicator', planId),
          });
          await writeTargets(trx, id, new Map([[p.plan.first_year, v.target]]));
          return {
            result: id,
            audit: {
              action: 'indicator.create',
              entity: 'indicator',
              entityId: id,
              after: { ...now, ...marks.after },
            },
            amendment: {
              entity: 'indicator',
              entityId: id,
              ref: refOf('indicator', number),
              summary: 'Added',
            },
          };
        }
        if (
          !(await updateItemAtVersion(trx, 'indicator', before.id, existing!.version, {
            ...columns,
            ...mark,
          }))
        )
          throw stale(nameOf('indicator', before.number));
        // What the figures were rated by may have changed (polarity, unit, profile, tolerance…).
        await rerateIndicator(trx, before.id, actor, clock, reason || null);
        return {
          result: before.id,
          audit: {
            action: 'indicator.update',
            entity: 'indicator',
            entityId: before.id,
            before: { ...d!.before, ...marks.before },
            after: { ...d!.after, ...marks.after },
          },
          amendment: {
            entity: 'indicator',
            entityId: before.id,
            ref: refOf('indicator', number),
            summary: changedSummary(d!.changed),
          },
        };
      },
    },
    clock,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Moving (the order the pages and reports list them in)

export async function moveItem(
  store: Store,
  actor: Actor,
  planId: number,
  kind: ItemKind,
  existing: Existing,
  direction: string,
  input: Fields,
  clock: Clock,
): Promise<void> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const row = await itemRow(store, planId, kind, existing.id);
  const what = nameOf(kind, row.key);
  checkVersion(row, existing.version, what, 'move');
  const problems: Problem[] = [];
  if (direction !== 'up' && direction !== 'down')
    problems.push(field('direction', `Choose whether to move ${what} up or down.`));
  problems.push(...amendmentProblems(p, input));
  if (problems.length) throw rejected(`The move of ${what}`, problems);
  const dir = direction as 'up' | 'down';
  const next = await neighbourRow(store.db, kind, row, dir);
  if (!next)
    throw rejected(`The move of ${what}`, [
      field('direction', `${capital(what)} is already ${dir === 'up' ? 'first' : 'last'} ${placeOf(kind)}.`),
    ]);
  await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason: text(input.reason),
      reasonField: 'reason',
      apply: async (trx) => {
        if (!(await updateItemAtVersion(trx, kind, row.id, existing.version, { position: next.position })))
          throw stale(what, 'move');
        if (!(await updateItemAtVersion(trx, kind, next.id, next.version, { position: row.position })))
          throw stale(what, 'move');
        return {
          result: undefined,
          audit: {
            action: `${kind}.move`,
            entity: kind,
            entityId: row.id,
            before: { position: row.position },
            after: { position: next.position, direction: dir },
          },
          amendment: {
            entity: kind,
            entityId: row.id,
            ref: refOf(kind, row.key),
            summary: dir === 'up' ? 'Moved up' : 'Moved down',
          },
        };
      },
    },
    clock,
  );
}

const placeOf = (kind: ItemKind) =>
  kind === 'priority' ? 'in the plan' : kind === 'outcome' ? 'under its priority' : 'in its outcome';

interface ItemRow {
  id: number;
  plan_id: number;
  position: number;
  version: number;
  parentId: number | null;
  /** Its code or number. */
  key: string;
  title: string;
  retired_on: string | null;
}

async function itemRow(store: Store, planId: number, kind: ItemKind, id: number): Promise<ItemRow> {
  if (kind === 'priority') {
    const r = await priorityOf(store, planId, id);
    return { ...r, parentId: null, key: r.code, retired_on: null };
  }
  if (kind === 'outcome') {
    const r = await outcomeOf(store, planId, id);
    return { ...r, parentId: r.priority_id, key: r.code };
  }
  const r = await indicatorOf(store, planId, id);
  return { ...r, parentId: r.outcome_id, key: r.number };
}

// ---------------------------------------------------------------------------------------------
// Retiring

export interface Retirement {
  kind: ItemKind;
  id: number;
  version: number;
  /** "Outcome O7", "Indicator 12". */
  ref: string;
  /** Its code or number. */
  key: string;
  title: string;
  /**
   * remove: taken out of the plan (listed as retired when it continues last year's); retire: kept with
   * its figures, shown for periods up to today; blocked: cannot be retired (a priority with outcomes).
   */
  mode: 'remove' | 'retire' | 'blocked';
  /** It continues an item of last year's plan: it is listed in the retired measures, with the reason. */
  continues: boolean;
  /** Why it cannot be retired, when blocked. */
  blockedBecause: string | null;
  /** An outcome's indicators, which go with it. */
  indicators: { number: string; title: string }[];
  /** A reason is needed: the plan is approved, or it continues last year's, or it keeps its figures. */
  reasonNeeded: boolean;
  terms: EditTerms;
}

/** What retiring an item would do, for its confirmation page. */
export async function retirementOf(
  store: Store,
  planId: number,
  kind: ItemKind,
  id: number,
): Promise<Retirement> {
  const p = await editablePlan(store, planId);
  const row = await itemRow(store, planId, kind, id);
  let indicators: IndicatorRecord[] = [];
  let figures = 0;
  let continues = false;
  let blockedBecause: string | null = null;
  if (kind === 'priority') {
    const n = await priorityOutcomeCount(store.db, id);
    if (n > 0)
      blockedBecause = `Priority ${row.key} still has ${n === 1 ? 'an outcome' : `${n} outcomes`}: move ${n === 1 ? 'it' : 'them'} to another priority, or retire ${n === 1 ? 'it' : 'them'}, first. A priority with outcomes (retired ones too) stays in the plan.`;
  } else if (kind === 'outcome') {
    const o = await findOutcomeRow(store.db, planId, id);
    indicators = await planIndicatorRows(store.db, planId, id);
    figures = await figuresRecorded(
      store.db,
      indicators.map((i) => i.id),
      [id],
    );
    continues = o!.previous_outcome_id !== null;
  } else {
    const i = await findIndicatorRow(store.db, planId, id);
    figures = await figuresRecorded(store.db, [id]);
    continues = i!.previous_indicator_id !== null;
  }
  if (row.retired_on) blockedBecause = `${refOf(kind, row.key)} was retired on ${row.retired_on}.`;
  const mode = blockedBecause ? 'blocked' : figures > 0 ? 'retire' : 'remove';
  return {
    kind,
    id,
    version: row.version,
    ref: refOf(kind, row.key),
    key: row.key,
    title: row.title,
    mode,
    continues,
    blockedBecause,
    indicators: indicators.map((i) => ({ number: i.number, title: i.title })),
    reasonNeeded: p.terms === 'amendment' || continues || mode === 'retire',
    terms: p.terms,
  };
}

/**
 * Retires an item. An item with figures is never deleted: it is kept, marked retired today with the
 * reason (an outcome with its indicators), and shown only for periods that start by then. One without
 * is removed (an outcome with its indicators; a priority only when it has no outcomes), and if it
 * continues an item of last year's plan it is listed in the plan's retired measures with the reason,
 * its last rating and the year it was last reported.
 */
export async function retireItem(
  store: Store,
  actor: Actor,
  planId: number,
  kind: ItemKind,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<Retirement['mode']> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const r = await retirementOf(store, planId, kind, existing.id);
  const what = nameOf(kind, r.key);
  checkVersion(r, existing.version, what, 'retire');
  if (r.mode === 'blocked') throw new CairnError('CONFLICT', r.blockedBecause!);
  const reason = text(input.reason);
  const problems: Problem[] = [];
  if (r.reasonNeeded && !reason)
    problems.push(
      field(
        'reason',
        p.terms === 'amendment'
          ? 'This framework has been approved, so a change is a minor amendment: enter the reason for it.'
          : `Enter why ${what} is being retired: the report lists it with this reason.`,
      ),
    );
  const long = tooLong('reason', 'The reason', reason, REASON_MAX);
  if (long) problems.push(long);
  if (problems.length) throw rejected(`The retirement of ${what}`, problems);

  const listed = r.mode === 'remove' && r.continues ? await retiredMeasure(store, p.plan, r, reason) : null;
  const on = today(clock);
  await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx: Trx) => {
        let after: Record<string, unknown>;
        if (r.mode === 'retire') {
          // Only an outcome or an indicator has figures (a priority is removed, or stays).
          const done =
            kind !== 'priority' &&
            (await updateItemAtVersion(trx, kind, r.id, existing.version, {
              retired_on: on,
              retired_reason: reason,
            }));
          if (!done) throw stale(what, 'retire');
          if (kind === 'outcome') await retireOutcomeIndicators(trx, r.id, on, reason);
          after = {
            retiredOn: on,
            retiredReason: reason,
            ...(kind === 'outcome' ? { indicators: r.indicators.map((i) => i.number) } : {}),
          };
        } else {
          if (!(await deleteItemAtVersion(trx, kind, r.id, existing.version))) throw stale(what, 'retire');
          if (listed) await insertRetiredMeasure(trx, listed);
          after = {
            removed: true,
            ...(kind === 'outcome' ? { indicators: r.indicators.map((i) => i.number) } : {}),
            ...(listed ? { listedAsRetired: true } : {}),
          };
        }
        return {
          result: undefined,
          audit: {
            action: `${kind}.retire`,
            entity: kind,
            entityId: r.id,
            before: { title: r.title },
            after,
          },
          amendment: {
            entity: kind,
            entityId: r.id,
            ref: r.ref,
            summary: r.mode === 'retire' ? 'Retired' : 'Removed',
          },
        };
      },
    },
    clock,
  );
  return r.mode;
}

/**
 * The retired measures' row for an item that continues last year's: as worded now, with its
 * directorate, its indicators (for an outcome) and target, and its last rating and the year it was
 * last reported from last year's figures (as last year's scorecard rates them).
 */
async function retiredMeasure(
  store: Store,
  plan: PlanRecord,
  r: Retirement,
  reason: string,
): Promise<Parameters<typeof insertRetiredMeasure>[1]> {
  const lists = await frameworkLists(store, plan.id);
  const outcome =
    r.kind === 'outcome'
      ? lists.outcomes.find((o) => o.id === r.id)!
      : lists.outcomes.find((o) => o.id === lists.indicators.find((i) => i.id === r.id)?.outcome_id)!;
  const indicators = lists.indicators.filter((i) =>
    r.kind === 'outcome' ? i.outcome_id === r.id : i.id === r.id,
  );
  const targets = await targetRowsFor(
    store.db,
    indicators.map((i) => i.id),
  );
  const targetText = indicators
    .map((i) => yearTarget(plan, targets.get(i.id) ?? []))
    .filter(Boolean)
    .join('; ');
  const last = await lastSeen(
    store,
    r.kind,
    r.kind === 'outcome' ? outcome.previous_outcome_id : (indicators[0]?.previous_indicator_id ?? null),
  );
  return {
    planId: plan.id,
    kind: r.kind === 'outcome' ? 'outcome' : 'indicator',
    title: r.title,
    directorate: outcome.directorate_code,
    indicator: r.kind === 'outcome' ? indicators.map((i) => i.title).join('; ') || null : null,
    target: targetText || null,
    lastRating: last.rating,
    lastReported: last.reported,
    reason,
  };
}

/** Last year's item's rating in the latest reported quarter, and that quarter's year. */
async function lastSeen(
  store: Store,
  kind: ItemKind,
  previousId: number | null,
): Promise<{ rating: string | null; reported: string | null }> {
  const none = { rating: null, reported: null };
  if (previousId === null || kind === 'priority') return none;
  const previous = await previousOutcomePlace(store.db, kind, previousId);
  if (!previous) return none;
  const plan = await findPlanRow(store.db, previous.planId);
  if (!plan) return none;
  // The latest quarter it was reported in: its last rating is as that quarter's scorecard gives it.
  const quarters = await reportedQuarters(
    store.db,
    kind === 'outcome' ? { outcomeId: previousId } : { indicatorId: previousId },
  );
  let period: Period | undefined;
  for (const q of quarters) {
    const shown = shiftPeriod(periodFromCode(q.periodCode), q.inArrears);
    if (!period || comparePeriods(shown, period) > 0) period = shown;
  }
  if (!period) return none;
  const [card] = await buildOutcomeHistory(store, plan, previous.outcomeId, [period]);
  const o = card?.priorities.flatMap((x) => x.outcomes)[0];
  if (!o) return none;
  const rating = kind === 'outcome' ? o.rating.rating : o.indicators.find((x) => x.id === previousId)?.rating;
  return { rating: rating ? RAG_LABEL[rating] : null, reported: financialYearOf(period).label };
}

// ---------------------------------------------------------------------------------------------
// Targets per period

export interface TargetPeriod {
  code: string;
  label: string;
  /** year: a year of the plan (its target is required); period: a quarter or month of it; later: the trajectory. */
  group: 'year' | 'period' | 'later';
  /** The plan year it belongs to (for 'later', itself). */
  year: string;
}

/** How many years after the plan's last the trajectory page offers. */
export const LATER_YEARS = 2;

/**
 * The periods an indicator's targets are set for: each year of the plan, with its quarters (a
 * quarterly indicator) or months (a monthly one), then the years after it (the trajectory).
 */
export function targetPeriods(
  plan: Pick<PlanRecord, 'first_year' | 'last_year'>,
  frequency: string,
): TargetPeriod[] {
  const out: TargetPeriod[] = [];
  const last = periodFromCode(plan.last_year);
  let year: Period = periodFromCode(plan.first_year);
  while (comparePeriods(year, last) <= 0) {
    out.push({ code: year.code, label: year.label, group: 'year', year: year.code });
    const kind = frequency === 'quarterly' ? 'quarter' : frequency === 'monthly' ? 'month' : null;
    if (kind)
      for (const p of periodsOfYear(year, kind))
        out.push({ code: p.code, label: p.label, group: 'period', year: year.code });
    year = shiftPeriod(year, 1);
  }
  for (let n = 0; n < LATER_YEARS; n++) {
    out.push({ code: year.code, label: year.label, group: 'later', year: year.code });
    year = shiftPeriod(year, 1);
  }
  return out;
}

/** A target cell's field: `t-<indicator id>-<period code>`, on the targets page and in the grid. */
export const targetField = (indicatorId: number, periodCode: string) => `t-${indicatorId}-${periodCode}`;

/** Reads one indicator's targets as typed: every problem located on its cell. */
function readTargets(
  indicator: IndicatorRecord,
  periods: TargetPeriod[],
  typed: Record<string, string | undefined>,
  where: (p: TargetPeriod) => string,
): { targets: Map<string, string | null>; problems: Problem[] } {
  const labels = JSON.parse(indicator.part_labels || '[]') as string[];
  const targets = new Map<string, string | null>();
  const problems: Problem[] = [];
  for (const p of periods) {
    const t = (typed[p.code] ?? '').trim();
    if (!t && p.group !== 'year') {
      targets.set(p.code, null);
      continue;
    }
    const checked = checkTargetText(t, labels);
    if (checked.error)
      problems.push(field(targetField(indicator.id, p.code), `${where(p)}: ${checked.error}`));
    const long = tooLong(targetField(indicator.id, p.code), `${where(p)}: the target`, t, ITEM_TEXT_MAX);
    if (long) problems.push(long);
    targets.set(p.code, t);
  }
  return { targets, problems };
}

/** The targets that differ from what is stored (null: removed), by period code. */
function changedTargets(stored: { periodCode: string; text: string }[], typed: Map<string, string | null>) {
  const now = new Map(stored.map((t) => [t.periodCode, t.text]));
  const changed = new Map<string, string | null>();
  for (const [code, t] of typed) if ((now.get(code) ?? null) !== t) changed.set(code, t);
  return {
    changed,
    before: Object.fromEntries([...changed.keys()].map((c) => [c, now.get(c) ?? null])),
    after: Object.fromEntries(changed),
  };
}

const periodLabel = (code: string) => periodFromCode(code).label;

/**
 * Sets one indicator's targets: the year's (required), each quarter's or month's (blank: the year's
 * applies), the later years' (the trajectory), its baseline and its trajectory as worded. Each is
 * kept exactly as typed; the figures are rated again in the same transaction.
 */
export async function setIndicatorTargets(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<boolean> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const ind = await indicatorOf(store, planId, existing.id);
  const what = nameOf('indicator', ind.number);
  checkVersion(ind, existing.version, what);
  checkNotRetired(ind, what);
  const periods = targetPeriods(p.plan, ind.frequency);
  const typed = Object.fromEntries(periods.map((x) => [x.code, text(input[targetField(ind.id, x.code)])]));
  const { targets, problems } = readTargets(ind, periods, typed, (x) => x.label);
  const baseline = orNull(input.baseline);
  const trajectory = orNull(input.trajectory);
  for (const [name, label, value] of [
    ['baseline', 'The baseline', baseline],
    ['trajectory', 'The trajectory', trajectory],
  ] as const) {
    const long = tooLong(name, label, value, ITEM_TEXT_MAX);
    if (long) problems.push(long);
  }
  problems.push(...amendmentProblems(p, input));
  if (problems.length) throw rejected(`The targets of indicator ${ind.number}`, problems);
  const t = changedTargets(ind.targets, targets);
  const context = diff({ baseline: ind.baseline, trajectory: ind.trajectory }, { baseline, trajectory });
  if (!t.changed.size && !context.changed.length) return false;
  const reason = text(input.reason);
  await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx) => {
        if (
          !(await updateItemAtVersion(trx, 'indicator', ind.id, existing.version, { baseline, trajectory }))
        )
          throw stale(what);
        await writeTargets(trx, ind.id, t.changed);
        await rerateIndicator(trx, ind.id, actor, clock, reason || 'Its targets changed.');
        return {
          result: undefined,
          audit: {
            action: 'target.set',
            entity: 'indicator',
            entityId: ind.id,
            before: { ...t.before, ...context.before },
            after: { ...t.after, ...context.after },
          },
          amendment: {
            entity: 'target',
            entityId: ind.id,
            ref: refOf('indicator', ind.number),
            summary: targetsSummary([...t.changed.keys()], context.changed),
          },
        };
      },
    },
    clock,
  );
  return true;
}

function targetsSummary(codes: string[], context: string[]): string {
  const parts = [...(codes.length ? [`targets for ${codes.map(periodLabel).join(', ')}`] : []), ...context];
  return capital(`${parts.join(' and ')} changed`);
}

// ---------------------------------------------------------------------------------------------
// A directorate's targets grid

export interface GridRow {
  indicator: IndicatorRecord;
  outcomeCode: string;
  /** The grid's periods this indicator takes a target for (a quarter only for a quarterly one). */
  periods: TargetPeriod[];
  targets: Record<string, string>;
}

export interface TargetsGrid {
  directorates: { id: number; code: string; name: string }[];
  directorate: { id: number; code: string; name: string } | null;
  /** The columns: the plan's first year and its quarters. */
  periods: TargetPeriod[];
  rows: GridRow[];
}

/** The columns of the grid: the plan's first year and its four quarters. */
export function gridPeriods(plan: Pick<PlanRecord, 'first_year'>): TargetPeriod[] {
  const year = periodFromCode(plan.first_year);
  return [
    { code: year.code, label: year.label, group: 'year', year: year.code },
    ...periodsOfYear(year, 'quarter').map((q) => ({
      code: q.code,
      label: q.label,
      group: 'period' as const,
      year: year.code,
    })),
  ];
}

/** A directorate's indicators (those not retired) with their targets for the plan's first year. */
export async function targetsGrid(
  store: Store,
  planId: number,
  directorateCode: string | undefined,
): Promise<TargetsGrid> {
  const p = await editablePlan(store, planId);
  const lists = await frameworkLists(store, planId);
  const owning = lists.directorates.filter((d) =>
    lists.outcomes.some((o) => o.directorate_id === d.id && !o.retired_on),
  );
  const directorate = directorateCode
    ? owning.find((d) => d.code.toLowerCase() === directorateCode.toLowerCase())
    : owning[0];
  if (directorateCode && !directorate)
    throw notFound(`No outcome of this plan is owned by a directorate “${directorateCode}”.`);
  const periods = gridPeriods(p.plan);
  if (!directorate) return { directorates: owning, directorate: null, periods, rows: [] };
  const outcomes = new Map(
    lists.outcomes.filter((o) => o.directorate_id === directorate.id && !o.retired_on).map((o) => [o.id, o]),
  );
  const indicators = lists.indicators
    .filter((i) => outcomes.has(i.outcome_id) && !i.retired_on)
    .sort(
      (a, b) =>
        outcomes.get(a.outcome_id)!.position - outcomes.get(b.outcome_id)!.position ||
        byIndicatorNumber(a.number, b.number),
    );
  const targets = await targetRowsFor(
    store.db,
    indicators.map((i) => i.id),
  );
  return {
    directorates: owning,
    directorate,
    periods,
    rows: indicators.map((i) => ({
      indicator: i,
      outcomeCode: outcomes.get(i.outcome_id)!.code,
      periods: periods.filter((x) => x.group === 'year' || i.frequency === 'quarterly'),
      targets: Object.fromEntries((targets.get(i.id) ?? []).map((t) => [t.periodCode, t.text])),
    })),
  };
}

/**
 * Saves a directorate's grid: every row in one transaction, all or nothing. A row whose indicator
 * someone else changed after the grid was read is refused (the whole save, naming each such row);
 * every problem is located by indicator and period. Returns how many indicators' targets changed.
 */
export async function setDirectorateTargets(
  store: Store,
  actor: Actor,
  planId: number,
  directorateId: number,
  input: Fields,
  clock: Clock,
): Promise<number> {
  const p = await editablePlan(store, planId);
  assertOpen(p);
  const d = await findDirectorateRow(store.db, directorateId);
  if (!d) throw notFound('There is no such directorate.');
  const grid = await targetsGrid(store, planId, d.code);
  const staleRows = grid.rows.filter((r) => {
    const posted = text(input[`v-${r.indicator.id}`]);
    return posted !== '' && Number(posted) !== r.indicator.version;
  });
  if (staleRows.length)
    throw new CairnError(
      'CONFLICT',
      `Someone else changed ${staleRows.length === 1 ? 'an indicator' : `${staleRows.length} indicators`} of ${d.name} after you opened this page. None of the targets have been saved: check what is saved now, then save yours again if they still apply.`,
      staleRows.map((r) =>
        field(
          targetField(r.indicator.id, grid.periods[0]!.code),
          `Indicator ${r.indicator.number} was changed by someone else: its targets are shown as saved now.`,
        ),
      ),
    );
  const problems: Problem[] = [];
  const changes: { row: GridRow; t: ReturnType<typeof changedTargets> }[] = [];
  for (const r of grid.rows) {
    // A row the form did not carry (an indicator added since) is left alone.
    if (text(input[`v-${r.indicator.id}`]) === '') continue;
    const typed = Object.fromEntries(
      r.periods.map((x) => [x.code, text(input[targetField(r.indicator.id, x.code)])]),
    );
    const read = readTargets(
      r.indicator,
      r.periods,
      typed,
      (x) => `Indicator ${r.indicator.number}, ${x.label}`,
    );
    problems.push(...read.problems);
    const t = changedTargets(
      Object.entries(r.targets).map(([periodCode, text]) => ({ periodCode, text })),
      read.targets,
    );
    if (t.changed.size) changes.push({ row: r, t });
  }
  problems.push(...amendmentProblems(p, input));
  if (problems.length) throw rejected(`The targets of ${d.name}`, problems);
  if (!changes.length) return 0;
  const reason = text(input.reason);
  await changeFramework(
    store.db,
    actor,
    {
      planId,
      reason,
      reasonField: 'reason',
      apply: async (trx) => {
        const records = [];
        for (const { row, t } of changes) {
          const ind = row.indicator;
          if (!(await updateItemAtVersion(trx, 'indicator', ind.id, ind.version, {})))
            throw stale(`indicator ${ind.number}`);
          await writeTargets(trx, ind.id, t.changed);
          await rerateIndicator(trx, ind.id, actor, clock, reason || 'Its targets changed.');
          records.push({
            action: 'target.set',
            entity: 'indicator',
            entityId: ind.id,
            before: t.before,
            after: t.after,
          });
        }
        // One record per indicator: all but the last here; the last is changeFramework's own.
        for (const r of records.slice(0, -1))
          await recordChange(trx, actor, { ...r, reason: reason || null }, clock);
        const numbers = changes.map((c) => c.row.indicator.number);
        return {
          result: undefined,
          audit: records[records.length - 1]!,
          amendment: {
            entity: 'target',
            entityId: changes.length === 1 ? changes[0]!.row.indicator.id : null,
            ref: numbers.length === 1 ? `Indicator ${numbers[0]}` : `Indicators ${numbers.join(', ')}`,
            summary: 'Targets changed',
          },
        };
      },
    },
    clock,
  );
  return changes.length;
}
