/**
 * The quarterly review of risks in the collection round (issue 14), signed off as figures are: each
 * open round asks a risk's owner to review it for the round's quarter — likelihood and impact now,
 * commentary, whether the controls are effective. An owner's review waits ('submitted') until an
 * approver of the risk's directorate (or the performance team) approves it — the risk's residual
 * score becomes the review's, and the review records the score before it and the direction — or
 * returns it with a comment. The performance team's own reviews are approved as they are made. A
 * later review closes one still waiting as 'superseded'. The form carries the risk's version: a
 * stale one is refused (409). Nobody approves their own review. Every write is audited.
 */
import type { Problem } from '../../domain/problem.js';
import type { IndicatorLine, SubmittedLine } from '../../domain/reminders.js';
import { CONTROLS_EFFECTIVE, isRating, movement, riskScore, type Movement } from '../../domain/risk.js';
import { ACTION_UPDATE_MAX, COMMENTARY_MAX, tooLong } from '../../domain/text-limits.js';
import {
  decideRiskReview,
  findRisk,
  findRiskReviewForDecision,
  insertRiskReview,
  listRisks,
  ownersWithRisksToReview,
  reviewStatesIn,
  setReviewMovement,
  submittedRiskReviews,
  supersedeRiskReviews,
  updateRiskAtVersion,
  type RiskReviewForDecisionRow,
  type RiskRow,
} from '../../storage/risk-repository.js';
import { transaction, type Trx } from '../../storage/transaction.js';
import { recordChange, userActor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { mayReview, notYours, runsCollection, type Collector } from '../collection/permissions.js';
import { getRound } from '../collection/rounds.js';
import { CairnError } from '../errors.js';
import type { Store } from '../store.js';
import { riskMatrix } from './matrix.js';

export type ReviewState = 'not-started' | 'submitted' | 'approved' | 'returned';
export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  'not-started': 'Not reviewed',
  submitted: 'Waiting for approval',
  approved: 'Approved',
  returned: 'Returned',
};

export interface RiskToReview {
  risk: RiskRow;
  state: ReviewState;
  comment: string | null;
}

/** The open risks a person owns, each with the state of its review in the round's quarter. */
export async function risksToReview(store: Store, user: Collector, roundId: number): Promise<RiskToReview[]> {
  const round = await getRound(store, roundId);
  const risks = (await listRisks(store.db, { ownerUserId: user.id })).filter((r) => r.closed_on === null);
  const states = await reviewStatesIn(
    store.db,
    round.period.code,
    risks.map((r) => r.id),
  );
  const latest = new Map(states.map((s) => [s.risk_id, s]));
  return risks.map((risk) => {
    const s = latest.get(risk.id);
    return {
      risk,
      state: (s?.state as ReviewState | undefined) ?? 'not-started',
      comment: s?.review_comment ?? null,
    };
  });
}

/** Whether a person owns an open risk (so each open round asks them for its review). */
export async function ownsOpenRisks(store: Store, userId: number): Promise<boolean> {
  return (await listRisks(store.db, { ownerUserId: userId })).some((r) => r.closed_on === null);
}

/** The risk and round for a review form; "not yours" unless it is theirs (or they run collection). */
export async function riskReviewContext(store: Store, user: Collector, roundId: number, riskId: number) {
  const round = await getRound(store, roundId);
  const risk = await findRisk(store.db, riskId);
  if (!risk || risk.closed_on !== null || (risk.owner_user_id !== user.id && !runsCollection(user)))
    throw notYours();
  const { matrix } = await riskMatrix(store.db);
  const states = await reviewStatesIn(store.db, round.period.code, [riskId]);
  return { round, risk, matrix, current: states.at(-1) ?? null };
}

export interface RiskReviewForm {
  likelihood: string;
  impact: string;
  commentary: string;
  controlsEffective: string;
  version: number;
}

export type RiskReviewResult = { ok: true } | { ok: false; problems: Problem[]; conflict?: string };

const staleReview = (reference: string) =>
  `Someone else changed or reviewed risk ${reference} after you opened this form, so your review has not been saved. Check the risk as it is now, then review it again.`;

/** Records an owner's (or the performance team's) review of a risk for the round's quarter. */
export async function submitRiskReview(
  store: Store,
  user: Collector,
  roundId: number,
  riskId: number,
  form: RiskReviewForm,
  clock: Clock,
): Promise<RiskReviewResult> {
  const { round, risk, matrix } = await riskReviewContext(store, user, roundId, riskId);
  const problems: Problem[] = [];
  const rating = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);
  const likelihood = rating(form.likelihood);
  const impact = rating(form.impact);
  if (round.locked)
    problems.push({
      field: 'likelihood',
      message: `The ${round.periodLabel} round is locked: ask the performance team to reopen it`,
    });
  if (!isRating(matrix, likelihood))
    problems.push({ field: 'likelihood', message: `Choose the likelihood now, from 1 to ${matrix.size}` });
  if (!isRating(matrix, impact))
    problems.push({ field: 'impact', message: `Choose the impact now, from 1 to ${matrix.size}` });
  const commentary = form.commentary.trim();
  if (!commentary)
    problems.push({ field: 'commentary', message: 'Say what has changed since the last review and why' });
  const long = tooLong('commentary', 'The commentary', commentary, COMMENTARY_MAX);
  if (long) problems.push(long);
  if (!(CONTROLS_EFFECTIVE as readonly string[]).includes(form.controlsEffective))
    problems.push({ field: 'controlsEffective', message: 'Say whether the controls in place are effective' });
  if (problems.length) return { ok: false, problems };
  const now = isoNow(clock);
  const direct = runsCollection(user);
  return transaction(store.db, async (trx) => {
    if (!(await updateRiskAtVersion(trx, riskId, form.version, { updated_at: now })))
      return { ok: false as const, problems: [], conflict: staleReview(risk.reference) };
    await supersedeRiskReviews(trx, riskId);
    const previous = riskScore(risk.residual_likelihood, risk.residual_impact);
    const values = {
      risk_id: riskId,
      period_code: round.period.code,
      round_id: round.id,
      likelihood,
      impact,
      previous_likelihood: risk.residual_likelihood,
      previous_impact: risk.residual_impact,
      direction: movement(riskScore(likelihood, impact), previous),
      commentary,
      controls_effective: form.controlsEffective,
      state: direct ? 'approved' : 'submitted',
      recorded_by: user.name,
      recorded_at: now,
      submitted_by: direct ? null : user.id,
      reviewed_by: direct ? user.id : null,
      reviewed_at: direct ? now : null,
    };
    const reviewId = await insertRiskReview(trx, values);
    if (direct) await applyReview(trx, riskId, form.version + 1, { likelihood, impact }, now);
    await recordChange(
      trx,
      userActor(user),
      {
        action: direct ? 'risk-review.record' : 'risk-review.submit',
        entity: 'risk_review',
        entityId: reviewId,
        after: values,
      },
      clock,
    );
    return { ok: true as const };
  });
}

/** The risk's residual score becomes an approved review's. */
async function applyReview(
  trx: Trx,
  riskId: number,
  version: number,
  s: { likelihood: number; impact: number },
  now: string,
) {
  if (
    !(await updateRiskAtVersion(trx, riskId, version, {
      residual_likelihood: s.likelihood,
      residual_impact: s.impact,
      updated_at: now,
    }))
  )
    throw new CairnError('CONFLICT', 'Someone else changed the risk at the same moment: try again.');
}

// ---- approval ----

export interface RiskReviewForDecision extends RiskReviewForDecisionRow {
  direction: Movement;
}

const mayDecide = (user: Collector, r: { directorateId: number | null }) =>
  mayReview(user, r.directorateId ?? -1);

/** The reviews waiting that this person may decide: their directorate's (everyone's for the team), not their own. */
export async function riskReviewsWaiting(store: Store, user: Collector): Promise<RiskReviewForDecisionRow[]> {
  return (await submittedRiskReviews(store.db)).filter(
    (r) => r.submittedBy !== user.id && mayDecide(user, r),
  );
}

/** One review for its decision page; "not yours" when the person may not decide it. */
export async function riskReviewForDecision(store: Store, user: Collector, reviewId: number) {
  const r = await findRiskReviewForDecision(store.db, reviewId);
  if (!r || !mayDecide(user, r)) throw notYours();
  return r;
}

/** Approves a submitted review (the risk takes its score) or returns it with a comment. */
export async function decideRiskReviewAs(
  store: Store,
  user: Collector,
  reviewId: number,
  decision: { approve: boolean | null; comment?: string | null },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const r = await riskReviewForDecision(store, user, reviewId);
  const problems: Problem[] = [];
  const comment = decision.comment?.trim() || null;
  const long = tooLong('comment', 'The comment', comment, ACTION_UPDATE_MAX);
  if (long) problems.push(long);
  if (decision.approve === null) problems.push({ field: 'decision', message: 'Choose approve or return' });
  else if (r.state !== 'submitted')
    problems.push({
      field: 'decision',
      message:
        r.state === 'superseded'
          ? 'A later review of this risk replaced this one: there is nothing to decide'
          : 'This review is not waiting for approval',
    });
  if (decision.approve === false && !comment)
    problems.push({ field: 'comment', message: 'Say what needs to change before it is submitted again' });
  if (r.submittedBy === user.id)
    problems.push({
      field: 'decision',
      message: 'You submitted this review, so someone else must approve or return it',
    });
  if (problems.length || decision.approve === null) return { ok: false, problems };
  const approve = decision.approve;
  const now = isoNow(clock);
  return transaction(store.db, async (trx) => {
    const risk = await findRisk(trx, r.riskId);
    if (!risk) throw notYours();
    if (
      !(await decideRiskReview(trx, reviewId, {
        state: approve ? 'approved' : 'returned',
        reviewedBy: user.id,
        reviewedAt: now,
        comment,
      }))
    )
      return {
        ok: false as const,
        problems: [{ field: 'decision', message: 'Someone else has just decided this review' }],
      };
    let after: Record<string, unknown> = { state: approve ? 'approved' : 'returned' };
    if (approve) {
      const previous = riskScore(risk.residual_likelihood, risk.residual_impact);
      const direction = movement(riskScore(r.likelihood, r.impact), previous);
      await setReviewMovement(trx, reviewId, risk, direction);
      await applyReview(trx, r.riskId, risk.version, r, now);
      after = { ...after, residual: { likelihood: r.likelihood, impact: r.impact }, previous, direction };
    }
    await recordChange(
      trx,
      userActor(user),
      {
        action: approve ? 'risk-review.approve' : 'risk-review.return',
        entity: 'risk_review',
        entityId: reviewId,
        before: { state: 'submitted' },
        after,
        reason: comment,
      },
      clock,
    );
    return { ok: true as const };
  });
}

// ---- reminders ----

/**
 * What the round's reminders (app/collection/reminders.ts) say about risks, in the lines they list
 * indicators in: each owner's open risks not yet reviewed (or returned) for the quarter, and each
 * directorate's reviews waiting for approval — so the same emails, at the same times, ask for both.
 */
export async function riskReminderLines(store: Store, periodCode: string) {
  const outstanding = new Map<number, { id: number; name: string; email: string; lines: IndicatorLine[] }>();
  for (const r of await ownersWithRisksToReview(store.db, periodCode)) {
    const entry = outstanding.get(r.userId) ?? { id: r.userId, name: r.name, email: r.email, lines: [] };
    entry.lines.push({
      number: `Risk ${r.reference}`,
      title: r.title,
      stateLabel: 'Risk review not submitted',
    });
    outstanding.set(r.userId, entry);
  }
  const submitted = new Map<number, SubmittedLine[]>();
  for (const r of await submittedRiskReviews(store.db)) {
    if (r.periodCode !== periodCode || r.directorateId === null) continue;
    const list = submitted.get(r.directorateId) ?? [];
    list.push({
      number: `Risk ${r.reference}`,
      title: r.title,
      stateLabel: 'Risk review submitted',
      submittedBy: r.submittedBy,
    });
    submitted.set(r.directorateId, list);
  }
  return { outstanding: [...outstanding.values()], submitted };
}
