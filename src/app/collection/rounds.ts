/**
 * Collection rounds: the performance team opens a quarter of a plan for collection with a due date,
 * watches its progress, and locks it. Administrators assign indicators to data owners.
 */
import { parseDate, DateParseError } from '../../domain/dates.js';
import {
  daysBetween,
  FIGURE_STATES,
  isUnfinished,
  stateOf,
  STATE_LABEL,
  UNFINISHED_STATES,
  type FigureState,
  type UnfinishedState,
} from '../../domain/collection.js';
import { dataPeriodFor, formatPeriod, periodFromCode, type Period } from '../../domain/periods.js';
import type { Store } from '../../storage/database.js';
import {
  assigneesByIndicator,
  assignedIndicatorIds,
  findRoundFor,
  findRoundWithPlan,
  indicatorNumbers,
  insertRound,
  listRounds,
  lockRoundRow,
  markNotReported,
  reopenRoundRow,
  restoreNotReported,
  roundIndicators,
  setAssignments,
  valuesFor,
  type RoundIndicator,
} from '../../storage/collection-repository.js';
import { findPlanById } from '../../storage/performance-repository.js';
import type { CollectionRoundRecord } from '../../storage/schema.js';
import { recordChange, userActor, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, invalidInput, notFound } from '../errors.js';
import { planQuarters, resolvePeriod } from '../scorecard.js';
import { runsCollection, type Collector } from './permissions.js';
import { transaction } from '../../storage/transaction.js';

export interface RoundView {
  id: number;
  planId: number;
  planTitle: string;
  period: Period;
  periodLabel: string;
  dueDate: string;
  remindDaysBefore: number;
  locked: boolean;
  lockedAt: string | null;
  openedAt: string;
  /** The last reopening after a lock: when, by whom, why. */
  reopened: { at: string; by: string; reason: string } | null;
}

export function roundView(r: CollectionRoundRecord, planTitle: string): RoundView {
  const period = periodFromCode(r.period_code);
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle,
    period,
    periodLabel: formatPeriod(period),
    dueDate: r.due_date,
    remindDaysBefore: r.remind_days_before,
    locked: r.locked_at !== null,
    lockedAt: r.locked_at,
    openedAt: r.opened_at,
    reopened: r.reopened_at
      ? { at: r.reopened_at, by: r.reopened_by ?? '', reason: r.reopen_reason ?? '' }
      : null,
  };
}

export async function getRound(store: Pick<Store, 'db'>, roundId: number): Promise<RoundView> {
  const r = await findRoundWithPlan(store.db, roundId);
  if (!r) throw notFound('There is no such collection round.');
  const { plan_title, ...round } = r;
  return roundView(round, plan_title ?? '');
}

export interface OpenRoundInput {
  planId: number;
  period: string;
  dueDate: string;
  remindDaysBefore?: string | number;
}

/** Opens a quarter for collection. Every problem is returned with the field it belongs to. */
export async function openRound(
  store: Store,
  actor: Actor,
  input: OpenRoundInput,
  clock: Clock,
): Promise<RoundView> {
  const problems: { column: string; message: string }[] = [];
  const plan = await findPlanById(store.db, input.planId);
  if (!plan) throw notFound('There is no such plan.');
  // Figures are collected only for the council's approved plan: a draft (or one awaiting approval)
  // may still change, and is not yet the plan its periods are reported against.
  if (plan.status !== 'approved')
    throw new CairnError(
      'INVALID_INPUT',
      `${plan.title} has not been approved yet, so its figures cannot be collected. Record its approval on its framework page first.`,
      [
        {
          column: 'planId',
          message: `${plan.title} has not been approved yet: record its approval on its framework page before opening a round`,
        },
      ],
    );
  let period: Period | null = null;
  try {
    period = resolvePeriod(input.period);
    if (!planQuarters(plan).some((q) => q.code === period!.code)) {
      problems.push({ column: 'period', message: `Choose a quarter of ${plan.title} (${plan.years})` });
      period = null;
    }
  } catch (e) {
    problems.push({ column: 'period', message: e instanceof Error ? e.message : 'Enter a quarter' });
  }
  let due = '';
  if (!input.dueDate.trim()) problems.push({ column: 'dueDate', message: 'Enter the date updates are due' });
  else {
    try {
      due = parseDate(input.dueDate);
    } catch (e) {
      problems.push({
        column: 'dueDate',
        message: e instanceof DateParseError ? e.message : 'Enter a real date, for example 20/07/2017',
      });
    }
  }
  const days =
    input.remindDaysBefore === undefined || input.remindDaysBefore === ''
      ? 5
      : Number(input.remindDaysBefore);
  if (!Number.isInteger(days) || days < 0 || days > 60)
    problems.push({ column: 'remindDaysBefore', message: 'Enter a whole number of days from 0 to 60' });
  if (period && (await findRoundFor(store.db, plan.id, period.code)))
    problems.push({ column: 'period', message: `${formatPeriod(period)} is already open for collection` });
  if (problems.length || !period)
    throw new CairnError(
      'INVALID_INPUT',
      'The round could not be opened',
      problems.map((p) => ({ ...p })),
    );
  const now = isoNow(clock);
  const row = await transaction(store.db, async (trx) => {
    const r = await insertRound(
      trx,
      {
        planId: plan.id,
        periodCode: period.code,
        dueDate: due,
        remindDaysBefore: days,
        openedBy: actor.name,
      },
      now,
    );
    await recordChange(
      trx,
      actor,
      {
        action: 'round.open',
        entity: 'collection_round',
        entityId: r.id,
        after: { plan: plan.title, period: period.code, dueDate: due, remindDaysBefore: days },
      },
      clock,
    );
    return r;
  });
  return roundView(row, plan.title);
}

/** What is still outstanding in a round, by state: what locking it now would carry as "not reported". */
export interface LockPreview {
  round: RoundView;
  counts: Record<UnfinishedState, number>;
  /** How many figures are approved (and so published at lock). */
  approved: number;
  total: number;
  outstanding: { state: UnfinishedState; label: string; rows: RoundRow[] }[];
}

export async function lockPreview(store: Store, roundId: number): Promise<LockPreview> {
  const round = await getRound(store, roundId);
  const rows = await roundRows(store, round);
  const counts = { 'not-started': 0, 'in-progress': 0, submitted: 0, returned: 0 };
  for (const r of rows) if (isUnfinished(r.state)) counts[r.state] += 1;
  return {
    round,
    counts,
    approved: rows.filter((r) => r.state === 'approved').length,
    total: rows.length,
    outstanding: UNFINISHED_STATES.map((state) => ({
      state,
      label: STATE_LABEL[state],
      rows: rows.filter((r) => r.state === state),
    })),
  };
}

/**
 * Locks a round: from now on a figure changes only by a correction with a reason. Every figure not
 * approved by then (not started, in progress, submitted awaiting approval, returned) is carried as
 * "not reported" for the period: readers never see it, the round shows it as such, and the state it
 * had is kept so that reopening the round restores it. The audit record lists what was not reported.
 */
export async function lockRound(
  store: Store,
  actor: Actor,
  roundId: number,
  clock: Clock,
): Promise<RoundView> {
  const preview = await lockPreview(store, roundId);
  const round = preview.round;
  if (round.locked) throw new CairnError('CONFLICT', `${round.periodLabel} is already locked.`);
  const unfinished = preview.outstanding.flatMap((o) => o.rows);
  const now = isoNow(clock);
  await transaction(store.db, async (trx) => {
    await lockRoundRow(trx, roundId, actor.name, now);
    await markNotReported(
      trx,
      unfinished.map((r) => ({ indicatorId: r.indicator.id, periodCode: r.dataPeriod.code })),
      now,
    );
    await recordChange(
      trx,
      actor,
      {
        action: 'round.lock',
        entity: 'collection_round',
        entityId: roundId,
        after: {
          lockedAt: now,
          approved: preview.approved,
          notReported: Object.fromEntries(
            preview.outstanding.map((o) => [o.state, o.rows.map((r) => r.indicator.number)]),
          ),
        },
      },
      clock,
    );
  });
  return getRound(store, roundId);
}

/**
 * Reopens a locked round (the performance team only, with a reason; audited): figures the lock
 * carried as "not reported" get back the state they had, and data owners may enter figures again.
 */
export async function reopenRound(
  store: Store,
  actor: Actor,
  roundId: number,
  reasonText: string,
  clock: Clock,
): Promise<RoundView> {
  const round = await getRound(store, roundId);
  if (!round.locked)
    throw new CairnError('CONFLICT', `${round.periodLabel} is not locked, so there is nothing to reopen.`);
  const reason = reasonText.trim();
  if (!reason)
    throw new CairnError('INVALID_INPUT', 'The round could not be reopened', [
      {
        column: 'reason',
        message: `Enter why ${round.periodLabel} is being reopened, for example which figures must change`,
      },
    ]);
  if (reason.length > 2000)
    throw new CairnError('INVALID_INPUT', 'The round could not be reopened', [
      { column: 'reason', message: 'The reason must be 2,000 characters or fewer' },
    ]);
  const indicators = await roundIndicators(store.db, round.planId);
  const now = isoNow(clock);
  await store.db.transaction().execute(async (trx) => {
    await reopenRoundRow(trx, roundId, actor.name, reason, now);
    const restored = await restoreNotReported(
      trx,
      indicators.map((i) => ({
        indicatorId: i.id,
        periodCode: dataPeriodFor(round.period, i.in_arrears).code,
      })),
      now,
    );
    await recordChange(
      trx,
      actor,
      {
        action: 'round.reopen',
        entity: 'collection_round',
        entityId: roundId,
        before: { lockedAt: round.lockedAt },
        after: { reopenedAt: now, restored },
        reason,
      },
      clock,
    );
  });
  return getRound(store, roundId);
}

export interface RoundRow {
  indicator: RoundIndicator;
  dataPeriod: Period;
  state: FigureState;
  stateLabel: string;
  owners: { id: number; name: string; email: string }[];
  submittedAt: string | null;
  /** The account that last submitted it, if any. */
  submittedBy: number | null;
}

export interface RoundProgress {
  round: RoundView;
  rows: RoundRow[];
  counts: Record<FigureState, number>;
  /** Days until the due date (negative when past). */
  daysToDue: number;
  late: boolean;
  /** People with updates not yet submitted, and how many. */
  outstanding: { id: number; name: string; email: string; count: number }[];
  /** Indicators nobody is assigned to. */
  unassigned: number;
}

/** The states of every indicator in a round (or only those given). */
export async function roundRows(
  store: Store,
  round: RoundView,
  filter: { ids?: number[]; directorateId?: number } = {},
): Promise<RoundRow[]> {
  // An indicator retired before the round's period began is not collected.
  const indicators = await roundIndicators(store.db, round.planId, {
    ...filter,
    shownOn: round.period.start,
  });
  const periodOf = (i: RoundIndicator) => dataPeriodFor(round.period, i.in_arrears);
  const codes = [...new Set(indicators.map((i) => periodOf(i).code))];
  const values = await valuesFor(
    store.db,
    indicators.map((i) => i.id),
    codes,
  );
  const owners = await assigneesByIndicator(store.db, round.planId);
  return indicators.map((i) => {
    const dataPeriod = periodOf(i);
    const v = values.get(`${i.id}|${dataPeriod.code}`);
    const stored = stateOf(v?.state, v !== undefined);
    // Once locked, a figure nobody started is not reported, like every other unfinished one.
    const state = round.locked && stored === 'not-started' ? 'not-reported' : stored;
    return {
      indicator: i,
      dataPeriod,
      state,
      stateLabel: STATE_LABEL[state],
      owners: owners.get(i.id) ?? [],
      submittedAt: v?.submitted_at ?? null,
      submittedBy: v?.submitted_by ?? null,
    };
  });
}

/** Days until the round's due date (negative when past). */
export function daysToDue(round: RoundView, clock: Clock): number {
  return daysBetween(isoNow(clock).slice(0, 10), round.dueDate);
}

export async function roundProgress(store: Store, roundId: number, clock: Clock): Promise<RoundProgress> {
  const round = await getRound(store, roundId);
  const rows = await roundRows(store, round);
  const counts = Object.fromEntries(FIGURE_STATES.map((s) => [s, 0])) as Record<FigureState, number>;
  const outstanding = new Map<number, { id: number; name: string; email: string; count: number }>();
  for (const r of rows) {
    counts[r.state] += 1;
    if (r.state === 'not-started' || r.state === 'in-progress' || r.state === 'returned')
      for (const o of r.owners) {
        const e = outstanding.get(o.id) ?? { ...o, count: 0 };
        e.count += 1;
        outstanding.set(o.id, e);
      }
  }
  const days = daysToDue(round, clock);
  return {
    round,
    rows,
    counts,
    daysToDue: days,
    late: days < 0,
    outstanding: [...outstanding.values()].sort((a, b) => a.name.localeCompare(b.name)),
    unassigned: rows.filter((r) => r.owners.length === 0).length,
  };
}

/** A data owner's (or anyone's) updates in a round: the indicators assigned to them. */
export async function yourUpdates(store: Store, user: Collector, roundId: number): Promise<RoundRow[]> {
  const round = await getRound(store, roundId);
  const ids = await assignedIndicatorIds(store.db, user.id);
  return roundRows(store, round, { ids });
}

/** Updates waiting for this approver (their directorate; everyone's for the performance team). */
export async function awaitingApproval(store: Store, user: Collector, roundId: number): Promise<RoundRow[]> {
  const round = await getRound(store, roundId);
  if (!runsCollection(user) && (user.role !== 'approver' || user.directorateId === null)) return [];
  const rows = await roundRows(
    store,
    round,
    runsCollection(user) ? {} : { directorateId: user.directorateId! },
  );
  // What this person may decide: never their own submission (someone else must approve it).
  return rows.filter((r) => r.state === 'submitted' && r.submittedBy !== user.id);
}

/** Sets which indicators a person is assigned (replacing what they had), audited. */
export async function assignIndicators(
  store: Store,
  actor: Actor,
  userId: number,
  indicatorIds: number[],
  clock: Clock,
): Promise<void> {
  const unique = [...new Set(indicatorIds)];
  const known = await indicatorNumbers(store.db, unique);
  if (known.length !== unique.length) throw invalidInput('One of the indicators chosen does not exist.');
  await transaction(store.db, async (trx) => {
    const before = await assignedIndicatorIds(trx, userId);
    const numbers = async (ids: number[]) => (await indicatorNumbers(trx, ids)).map((r) => r.number);
    await setAssignments(trx, userId, unique);
    await recordChange(
      trx,
      actor,
      {
        action: 'assignment.set',
        entity: 'user_account',
        entityId: userId,
        before: { indicators: await numbers(before) },
        after: { indicators: await numbers(unique) },
      },
      clock,
    );
  });
}

/** Who is assigned an indicator (for its page): names only. */
export async function indicatorAssignees(
  store: Store,
  planId: number,
  indicatorId: number,
): Promise<string[]> {
  return ((await assigneesByIndicator(store.db, planId)).get(indicatorId) ?? []).map((o) => o.name);
}

export const actorOf = (u: Collector): Actor => userActor(u);

/**
 * Where a data owner lands after signing in: Your updates for the newest open round that asks them
 * for something, or null (the collection page) when no open round does.
 */
export async function ownerLandingRound(store: Store, user: Collector): Promise<number | null> {
  for (const r of await listRounds(store.db, { openOnly: true }))
    if ((await yourUpdates(store, user, r.id)).length > 0) return r.id;
  return null;
}
