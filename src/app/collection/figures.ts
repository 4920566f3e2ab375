/**
 * One indicator's figure in a collection round: what is known about it (its context), checking what
 * a person entered (numbers as people write them, the rating it will give and why, a figure that looks
 * wrong), saving it without overwriting anyone else's save, and the approver's decision. The web form,
 * the spreadsheet upload and `cairn import values` all come through here.
 */
import { transaction, type Db } from '../../storage/transaction.js';
import {
  stateOf,
  transition,
  unusualFigure,
  type CollectionStep,
  type FigureState,
  type SubmissionState,
} from '../../domain/collection.js';
import {
  dataPeriodFor,
  formatPeriod,
  previousPeriod,
  sameLastYear,
  type Period,
} from '../../domain/periods.js';
import {
  figureFormatter,
  MILESTONE_LABEL,
  MILESTONE_STATUSES,
  readEntry,
  stepProblems,
  submissionProblems,
  targetNumber,
  unusualProblems,
  type FigureEntry,
} from '../../domain/figure-entry.js';
import type { Problem } from '../../domain/problem.js';
import { REASON_MAX, tooLong } from '../../domain/text-limits.js';
import { parseTarget, type Target } from '../../domain/targets.js';
import { isRag, RAG_LABEL, type Rag, type Unit } from '../../domain/vocabulary.js';
import type { Store } from '../../storage/database.js';
import {
  findValue,
  writeFigureIfVersion,
  type FigureFields,
  type RoundIndicator,
} from '../../storage/collection-repository.js';
import type { IndicatorRecord, IndicatorValueRecord } from '../../storage/schema.js';
import { lastChangeTo } from '../../storage/audit-repository.js';
import { findCouncil } from '../../storage/council.js';
import {
  figureValues,
  findFigureIndicator,
  findOutcomeInPlan,
  findOutcomeRating,
  indicatorTargets,
} from '../../storage/figures.js';
import { setOutcomeJudgement } from '../../storage/performance-repository.js';
import { recordChange, userActor, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { lastYearFigure, ratedIndicator, rateStored, targetFor } from '../scorecard.js';
import {
  assignmentToCheck,
  mayEnter,
  mayEnterGiven,
  mayReview,
  notYours,
  runsCollection,
  type Collector,
} from './permissions.js';
import { getRound, type RoundView } from './rounds.js';

export interface FigureContext {
  round: RoundView;
  indicator: IndicatorRecord;
  place: RoundIndicator;
  dataPeriod: Period;
  targetText: string;
  target: Target | null;
  /** The indicator as this period's figure is rated (scorecard.ratedIndicator: a period's own target as written). */
  ratedAs: IndicatorRecord;
  partLabels: string[];
  current: IndicatorValueRecord | undefined;
  state: FigureState;
  previous: { period: Period; actual: number | null } | null;
  /**
   * The approved figure for the same period last year — this indicator's, or across the plan boundary
   * the one it continues — which the council's "red only if worse" policy compares with.
   */
  lastYear: { period: Period; actual: number } | null;
  council: { tolerance: { kind: 'relative' | 'absolute'; value: number }; dot: 'none' | 'red-only-if-worse' };
}

export async function figureContext(db: Db, round: RoundView, indicatorId: number): Promise<FigureContext> {
  return (await readFigureContext(db, round, indicatorId, null)).ctx;
}

/**
 * The figure's context in four queries; with `assignedTo`, also whether the indicator is assigned to
 * that person (read with the indicator, so checking who may enter it costs no query of its own).
 */
async function readFigureContext(
  db: Db,
  round: RoundView,
  indicatorId: number,
  assignedTo: number | null,
): Promise<{ ctx: FigureContext; assigned: boolean }> {
  const found = await findFigureIndicator(db, round.planId, indicatorId, assignedTo);
  if (!found) throw notYours();
  const { indicator, place } = found;
  const targets = await indicatorTargets(db, indicatorId);
  const council = await findCouncil(db);
  const dataPeriod = dataPeriodFor(round.period, indicator.in_arrears);
  const targetText = targetFor(targets, dataPeriod);
  let target: Target | null = null;
  try {
    target = parseTarget(targetText);
  } catch {
    target = null;
  }
  const prevPeriod = previousPeriod(dataPeriod);
  const lastYearPeriod = sameLastYear(dataPeriod);
  // Last period and last year may be in the previous plan: read them with this period's, in one query.
  const values = await figureValues(
    db,
    indicatorId,
    [dataPeriod.code, prevPeriod.code, lastYearPeriod.code],
    found.continuesId,
    [prevPeriod.code, lastYearPeriod.code],
  );
  const current = values.own.get(dataPeriod.code);
  const prev = values.own.get(prevPeriod.code) ?? values.previous.get(prevPeriod.code);
  const lastYear = lastYearFigure(values.own, values.previous, dataPeriod);
  const ctx: FigureContext = {
    round,
    indicator,
    place,
    dataPeriod,
    targetText,
    target,
    ratedAs: ratedIndicator(indicator, targets, dataPeriod),
    partLabels: JSON.parse(indicator.part_labels || '[]') as string[],
    current,
    state: stateOf(current?.state, current !== undefined),
    previous: prev ? { period: prevPeriod, actual: prev.actual } : null,
    lastYear: lastYear === null ? null : { period: lastYearPeriod, actual: lastYear },
    council: {
      tolerance: {
        kind: council.tolerance_kind === 'absolute' ? 'absolute' : 'relative',
        value: council.tolerance_value,
      },
      dot: council.direction_of_travel === 'red-only-if-worse' ? 'red-only-if-worse' : 'none',
    },
  };
  return { ctx, assigned: found.assigned };
}

/** What a person entered, as text (the form) or as cells (a spreadsheet), and what they confirm. */
export interface FigureInput extends FigureEntry {
  /** The person has checked a figure that looks wrong and says it is right. */
  confirmUnusual?: boolean;
  unusualNote?: string | null;
  /** Required for a correction after the period is locked. */
  correctionReason?: string | null;
  /** The version the person started from (0: there was no figure). */
  version: number;
}

/** The progress words of a milestone (domain/figure-entry.ts), for the pages and the return. */
export { MILESTONE_LABEL, MILESTONE_STATUSES };

/** A problem with what was entered, tied to its form field (the one `Problem` shape). */
export type { Problem };

export interface Preview {
  rating: Rag | null;
  label: string;
  explanation: string;
}

export interface CheckedFigure {
  ctx: FigureContext;
  step: CollectionStep;
  to: SubmissionState;
  fields: FigureFields;
  preview: Preview;
  unusual: string[];
  notes: string[];
  reason: string | null;
}

export type CheckResult =
  | { ok: true; checked: CheckedFigure }
  | { ok: false; problems: Problem[]; preview: Preview | null; unusual: string[] };

/** Writes this figure's numbers as the pages show them. */
export function formatFor(ctx: FigureContext): (n: number) => string {
  return figureFormatter(ctx.indicator.unit);
}

/**
 * Checks what a person entered for one figure and the step they asked for. Returns every problem,
 * each tied to its field, or the fields to write with the rating the figure will give.
 */
export function checkFigure(ctx: FigureContext, input: FigureInput, step: CollectionStep): CheckResult {
  const unit = ctx.indicator.unit as Unit;
  const targetValue = ctx.target?.kind === 'value' ? ctx.target.value : null;
  const { transition: t, problems } = stepProblems(ctx.state, step, ctx.round.locked, input.correctionReason);
  const read = readEntry(input, { unit, partLabels: ctx.partLabels, targetValue });
  problems.push(...read.problems);
  const { notes } = read;
  const { actual, numerator, denominator, parts, milestone, outlook, commentary } = read.entered;

  // The rating this figure gives, and why.
  const value = {
    ...(ctx.current ?? ({} as IndicatorValueRecord)),
    actual,
    parts: ctx.partLabels.length ? JSON.stringify(parts) : null,
    milestone_status: milestone,
  } as IndicatorValueRecord;
  const rated = rateStored(
    ctx.ratedAs,
    ctx.targetText,
    value,
    ctx.dataPeriod,
    ctx.council.tolerance,
    ctx.council.dot,
    ctx.lastYear?.actual ?? null,
  );
  const rating = rated.kind === 'rated' ? rated.rating : null;
  const preview: Preview = {
    rating,
    label: rating ? RAG_LABEL[rating] : 'Not rated',
    explanation: rated.explanation,
  };
  const unusual = unusualFigure({
    actual,
    unit,
    target: targetNumber(ctx.target, rated.kind === 'rated' ? rated.periodTarget : null),
    previous: ctx.previous?.actual ?? null,
    format: formatFor(ctx),
  });

  problems.push(...submissionProblems(step, read.entered, ctx.target?.kind, rating));
  const confirmation = unusualProblems(unusual, actual, input.confirmUnusual, input.unusualNote);
  problems.push(...confirmation.problems);
  const note = confirmation.note;

  if (problems.length || !t.ok) return { ok: false, problems, preview, unusual };

  const fields: FigureFields = {
    actual,
    numerator,
    denominator,
    milestone_status: milestone,
    commentary,
    outlook,
    computed_rating: rating,
    computed_reason: rated.kind === 'rated' ? null : rated.reason,
    computed_explanation: rated.explanation,
    state: t.to,
    unusual_note: unusual.length ? note : null,
  };
  // A rating reported with an old figure no longer describes it.
  if (ctx.current?.manual_source === 'reported') {
    fields.manual_rating = null;
    fields.manual_source = null;
    fields.manual_reason = null;
    fields.manual_set_by = null;
    fields.manual_set_at = null;
  }
  if (ctx.partLabels.length) (fields as Record<string, unknown>).parts = JSON.stringify(parts);
  return {
    ok: true,
    checked: {
      ctx,
      step,
      to: t.to,
      fields,
      preview,
      unusual,
      notes,
      reason: step === 'correct' ? (input.correctionReason?.trim() ?? null) : note,
    },
  };
}

/** The part of a stored figure an audit record shows. */
export function auditedFigure(v: Partial<IndicatorValueRecord> | undefined): Record<string, unknown> | null {
  if (!v) return null;
  const out: Record<string, unknown> = {};
  for (const k of [
    'actual',
    'numerator',
    'denominator',
    'parts',
    'milestone_status',
    'commentary',
    'outlook',
    'computed_rating',
    'state',
    'review_comment',
    'unusual_note',
    'correction_reason',
  ] as const)
    if (v[k] !== undefined) out[k] = v[k];
  return out;
}

/** Writes checked figures in the caller's transaction, each only if nobody saved it meanwhile. */
export async function writeChecked(
  trx: Db,
  user: Collector,
  checked: CheckedFigure,
  version: number,
  clock: Clock,
  /** Who the audit trail names; by default the user (the CLI passes cliActor()). */
  actor: Actor = userActor(user),
): Promise<number> {
  const now = isoNow(clock);
  const fields: FigureFields = { ...checked.fields };
  if (checked.to === 'submitted') {
    fields.submitted_by = user.id > 0 ? user.id : null;
    fields.submitted_at = now;
    fields.review_comment = null;
  }
  if (checked.step === 'correct') {
    fields.corrected_at = now;
    fields.correction_reason = checked.reason;
  }
  const key = { indicatorId: checked.ctx.indicator.id, periodCode: checked.ctx.dataPeriod.code };
  const next = await writeFigureIfVersion(trx, key, version, fields, now);
  if (next === null) throw await conflict(trx, checked.ctx);
  await recordChange(
    trx,
    actor,
    {
      action:
        checked.step === 'correct'
          ? 'value.correct'
          : checked.step === 'submit'
            ? 'value.submit'
            : 'value.save',
      entity: 'indicator_value',
      entityId: `${key.indicatorId}/${key.periodCode}`,
      before: auditedFigure(checked.ctx.current),
      after: auditedFigure(fields),
      reason: checked.reason,
    },
    clock,
  );
  return next;
}

/** The refusal for a stale save: what the other person saved, so nothing is silently overwritten. */
async function conflict(db: Db, ctx: FigureContext): Promise<CairnError> {
  const now = await findValue(db, ctx.indicator.id, ctx.dataPeriod.code);
  // Who saved it, and when: the latest record of the audit trail for this figure.
  const last = await lastChangeTo(db, 'indicator_value', `${ctx.indicator.id}/${ctx.dataPeriod.code}`);
  const parts: string[] = [];
  if (now) {
    const fmt = formatFor(ctx);
    parts.push(`actual ${now.actual === null ? 'blank' : fmt(now.actual)}`);
    if (now.outlook) parts.push(`outlook ${now.outlook}`);
    if (now.commentary) parts.push(`commentary “${now.commentary.slice(0, 200)}”`);
  }
  return new CairnError(
    'CONFLICT',
    `Someone else saved indicator ${ctx.indicator.number} for ${formatPeriod(ctx.dataPeriod)} while you were working on it` +
      `${last ? ` (${last.actor_name}, ${last.at.slice(0, 16).replace('T', ' ')} UTC)` : ''}: ` +
      `${parts.join('; ') || 'they removed it'}. Your changes have not been saved: check their figure, then make your change again.`,
    [{ column: 'actual', message: parts.join('; ') }],
  );
}

export type SaveResult =
  | { ok: true; version: number; preview: Preview; state: SubmissionState; notes: string[] }
  | {
      ok: false;
      problems: Problem[];
      preview: Preview | null;
      unusual: string[];
      /** The figure as it was read for the check, to show the form again without reading it twice. */
      ctx: FigureContext;
    };

/** Saves (or submits, or corrects) one figure from the form. Throws CONFLICT for a stale version. */
export async function saveFigure(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
  input: FigureInput,
  step: 'save' | 'submit' | 'correct',
  clock: Clock,
): Promise<SaveResult> {
  // The round is read on the transaction's connection: on PostgreSQL a save waits for a pooled
  // connection once, not twice, when many people save at the same time.
  return transaction(store.db, async (trx) => {
    const round = await getRound({ db: trx }, roundId);
    const { ctx, assigned } = await readFigureContext(trx, round, indicatorId, assignmentToCheck(user));
    if (!mayEnterGiven(user, assigned)) throw notYours();
    if (step === 'correct' && !runsCollection(user))
      throw new CairnError(
        'INVALID_INPUT',
        'Only the performance team can correct a figure after the period is locked.',
      );
    const result = checkFigure(ctx, input, step);
    if (!result.ok) return { ...result, ctx };
    const version = await writeChecked(trx, user, result.checked, input.version, clock);
    return {
      ok: true as const,
      version,
      preview: result.checked.preview,
      state: result.checked.to,
      notes: result.checked.notes,
    };
  });
}

/** The approver's decision on a submitted figure. */
export async function reviewFigure(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
  decision: { approve: boolean; comment?: string | null; version: number },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const round = await getRound(store, roundId);
  return transaction(store.db, async (trx) => {
    const ctx = await figureContext(trx, round, indicatorId);
    if (!mayReview(user, ctx.place.directorate_id)) throw notYours();
    const problems: Problem[] = [];
    const t = transition(ctx.state, decision.approve ? 'approve' : 'return', round.locked);
    if (!t.ok) problems.push({ field: 'decision', message: t.message });
    const comment = decision.comment?.trim() || null;
    if (!decision.approve && !comment)
      problems.push({ field: 'comment', message: 'Say what needs to change before it is submitted again' });
    const longComment = tooLong('comment', 'The comment', comment, REASON_MAX);
    if (longComment) problems.push(longComment);
    if (ctx.current?.submitted_by === user.id)
      problems.push({
        field: 'decision',
        message: 'You submitted this update, so someone else must approve or return it',
      });
    if (problems.length || !t.ok) return { ok: false as const, problems };
    const now = isoNow(clock);
    const fields: FigureFields = {
      state: t.to,
      reviewed_by: user.id,
      reviewed_at: now,
      review_comment: comment,
    };
    const key = { indicatorId, periodCode: ctx.dataPeriod.code };
    const next = await writeFigureIfVersion(trx, key, decision.version, fields, now);
    if (next === null) throw await conflict(trx, ctx);
    await recordChange(
      trx,
      userActor(user),
      {
        action: decision.approve ? 'value.approve' : 'value.return',
        entity: 'indicator_value',
        entityId: `${indicatorId}/${ctx.dataPeriod.code}`,
        before: { state: ctx.state },
        after: { state: t.to },
        reason: comment,
      },
      clock,
    );
    return { ok: true as const };
  });
}

/** An approver sets or confirms an outcome's rating for the round's period, with a reason. */
export async function judgeOutcome(
  store: Store,
  user: Collector,
  roundId: number,
  outcomeId: number,
  input: { rating: string; reason: string },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const round = await getRound(store, roundId);
  const outcome = await findOutcomeInPlan(store.db, round.planId, outcomeId);
  if (!outcome || !mayReview(user, outcome.directorate_id)) throw notYours();
  const problems: Problem[] = [];
  if (!isRag(input.rating)) problems.push({ field: 'rating', message: 'Choose Red, Amber or Green' });
  const reason = input.reason.trim();
  const longReason = tooLong('reason', 'The reason', reason, REASON_MAX);
  if (!reason) problems.push({ field: 'reason', message: 'Give the reason for this rating' });
  else if (longReason) problems.push(longReason);
  if (round.locked) problems.push({ field: 'rating', message: 'This period is locked.' });
  if (problems.length) return { ok: false, problems };
  const now = isoNow(clock);
  await transaction(store.db, async (trx) => {
    const before = await findOutcomeRating(trx, outcomeId, round.period.code);
    await setOutcomeJudgement(trx, {
      outcomeId,
      periodCode: round.period.code,
      rating: input.rating,
      reason,
      setBy: user.name,
      setAt: now,
    });
    await recordChange(
      trx,
      userActor(user),
      {
        action: 'outcome.rate',
        entity: 'outcome_rating',
        entityId: `${outcomeId}/${round.period.code}`,
        before: before ?? null,
        after: { rating: input.rating, reason },
        reason,
      },
      clock,
    );
  });
  return { ok: true };
}

/** The form's "check the rating" step: what the figure would give, saving nothing. */
export async function previewFigure(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
  input: FigureInput,
): Promise<{ ctx: FigureContext; preview: Preview | null; unusual: string[]; problems: Problem[] }> {
  const round = await getRound(store, roundId);
  if (!(await mayEnter(store.db, user, indicatorId))) throw notYours();
  const ctx = await figureContext(store.db, round, indicatorId);
  const r = checkFigure(ctx, { ...input, confirmUnusual: true, unusualNote: 'preview' }, 'save');
  if (r.ok) return { ctx, preview: r.checked.preview, unusual: r.checked.unusual, problems: [] };
  // Only problems with what was typed: the step itself is not being taken.
  const typed = r.problems.filter((p) => !/locked|approved/.test(p.message));
  return { ctx, preview: r.preview, unusual: r.unusual, problems: typed };
}

/** A figure's context for reading, by someone who may enter it or review it. */
export async function figureForPerson(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
): Promise<{ ctx: FigureContext; canEnter: boolean; canReview: boolean }> {
  const round = await getRound(store, roundId);
  const { ctx, assigned } = await readFigureContext(store.db, round, indicatorId, assignmentToCheck(user));
  const canEnter = mayEnterGiven(user, assigned);
  const canReview = mayReview(user, ctx.place.directorate_id);
  if (!canEnter && !canReview) throw notYours();
  return { ctx, canEnter, canReview };
}

/** The rating a stored figure gives (for reading and reviewing). */
export function storedPreview(ctx: FigureContext): Preview {
  const rated = rateStored(
    ctx.ratedAs,
    ctx.targetText,
    ctx.current,
    ctx.dataPeriod,
    ctx.council.tolerance,
    ctx.council.dot,
    ctx.lastYear?.actual ?? null,
  );
  const rating = rated.kind === 'rated' ? rated.rating : null;
  return { rating, label: rating ? RAG_LABEL[rating] : 'Not rated', explanation: rated.explanation };
}
