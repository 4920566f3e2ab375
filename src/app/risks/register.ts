/**
 * Adding and changing risks in the register (issue 14), and their further actions. One check for
 * every way in (the form and the spreadsheet): a reference the register already has, a missing
 * title, category or owner, a likelihood or impact the council's matrix does not have, a directorate
 * risk with no directorate, a review date that is not a date — each a located problem. A change names
 * the version its form was read at (a stale one is refused, 409); every write is audited in its
 * transaction. Scoring a risk's residual score here is the officer's assessment; the quarter's review
 * (reviews.ts) is how the owner moves it.
 */
import { DateParseError, parseDate } from '../../domain/dates.js';
import { parseId } from '../../domain/ids.js';
import type { Problem } from '../../domain/problem.js';
import { isRating, RISK_KINDS, type RiskMatrix } from '../../domain/risk.js';
import { COMMENTARY_MAX, tooLong } from '../../domain/text-limits.js';
import {
  deleteRiskAction,
  directorateExists,
  existingStrategy,
  findOwnerAccount,
  findRisk,
  findRiskAction,
  findRiskIdByReference,
  insertRisk,
  insertRiskAction,
  planActionExists,
  replaceControls,
  replaceLinks,
  updateRiskAtVersion,
  controlsOf,
  linksOf,
} from '../../storage/risk-repository.js';
import { transaction, type Trx } from '../../storage/transaction.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';
import type { Store } from '../store.js';
import { riskMatrix } from './matrix.js';

/** A risk as the form or a spreadsheet row gives it: text, and its links as 'priority-ID' / 'outcome-ID'. */
export interface RiskInput {
  reference?: string;
  kind?: string;
  title?: string;
  cause?: string;
  event?: string;
  effect?: string;
  category?: string;
  owner?: string;
  directorate?: string;
  reviewDate?: string;
  inherentLikelihood?: string;
  inherentImpact?: string;
  residualLikelihood?: string;
  residualImpact?: string;
  targetLikelihood?: string;
  targetImpact?: string;
  /** One control a line. */
  controls?: string;
  links?: string[];
}

/** The form's field for each score, and how a message names it. */
export const SCORE_FIELDS = [
  ['inherentLikelihood', 'inherent likelihood'],
  ['inherentImpact', 'inherent impact'],
  ['residualLikelihood', 'residual likelihood'],
  ['residualImpact', 'residual impact'],
  ['targetLikelihood', 'target likelihood'],
  ['targetImpact', 'target impact'],
] as const;

const t = (v: string | undefined) => (v ?? '').trim();
const orNull = (v: string | undefined) => t(v) || null;

/** What a risk is written as, once checked. */
export interface CheckedRisk {
  values: {
    reference: string;
    kind: string;
    title: string;
    cause: string | null;
    event: string | null;
    effect: string | null;
    category: string;
    owner_user_id: number;
    directorate_id: number | null;
    review_date: string | null;
    inherent_likelihood: number;
    inherent_impact: number;
    residual_likelihood: number;
    residual_impact: number;
    target_likelihood: number;
    target_impact: number;
  };
  controls: string[];
  links: { priorityId: number | null; outcomeId: number | null }[];
}

/**
 * Checks a risk against the matrix and what exists (in `db`, the caller's transaction); the problems
 * are on the form's fields. `selfId`: the risk being changed, whose own reference is not a clash.
 */
export async function checkRisk(
  db: Trx | Store['db'],
  matrix: RiskMatrix,
  input: RiskInput,
  selfId: number | null,
): Promise<{ risk: CheckedRisk | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const p = (field: string, message: string) => problems.push({ field, message });
  const reference = t(input.reference);
  if (!reference) p('reference', 'Enter the risk’s reference, such as CR1');
  else if (reference.length > 20) p('reference', 'The reference must be 20 characters or fewer');
  else {
    const other = await findRiskIdByReference(db, reference);
    if (other !== undefined && other !== selfId)
      p('reference', `There is already a risk ${reference}: choose another reference`);
  }
  const kind = t(input.kind);
  if (!(RISK_KINDS as readonly string[]).includes(kind))
    p('kind', 'Choose whether it is a corporate or a directorate risk');
  const title = t(input.title);
  if (!title) p('title', 'Enter the risk’s title');
  else if (title.length > 300) p('title', 'The title must be 300 characters or fewer');
  for (const [name, label] of [
    ['cause', 'The cause'],
    ['event', 'The event'],
    ['effect', 'The effect'],
  ] as const) {
    const long = tooLong(name, label, t(input[name]), COMMENTARY_MAX);
    if (long) problems.push(long);
  }
  const category = t(input.category);
  if (!category) p('category', 'Choose the risk’s category');
  const ownerId = parseId(t(input.owner));
  if (ownerId === undefined) p('owner', 'Choose the risk’s owner');
  else {
    const owner = await findOwnerAccount(db, ownerId);
    if (!owner || owner.active !== 1 || owner.role === 'viewer')
      p('owner', 'Choose the risk’s owner from the list of people who may review risks');
  }
  const directorateText = t(input.directorate);
  const directorateId = directorateText ? parseId(directorateText) : null;
  if (directorateText && (directorateId === undefined || !(await directorateExists(db, directorateId!))))
    p('directorate', 'Choose a directorate from the list');
  if (kind === 'directorate' && !directorateText) p('directorate', 'Choose the directorate whose risk it is');
  let reviewDate: string | null = null;
  if (t(input.reviewDate)) {
    try {
      reviewDate = parseDate(t(input.reviewDate));
    } catch (e) {
      if (!(e instanceof DateParseError)) throw e;
      p('reviewDate', `Enter the review date as a date, such as 31/12/2017`);
    }
  }
  const scores: Record<string, number> = {};
  for (const [name, label] of SCORE_FIELDS) {
    const n = /^\s*\d+\s*$/.test(input[name] ?? '') ? Number(input[name]) : NaN;
    if (!isRating(matrix, n)) p(name, `Choose the ${label}, from 1 to ${matrix.size}`);
    else scores[name] = n;
  }
  const controls = (input.controls ?? '')
    .split(/\r?\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  if (controls.some((c) => c.length > 2000)) p('controls', 'Each control must be 2,000 characters or fewer');
  const priorityIds: number[] = [];
  const outcomeIds: number[] = [];
  for (const l of input.links ?? []) {
    const m = /^(priority|outcome)-(\d{1,9})$/.exec(l);
    if (!m) continue;
    (m[1] === 'priority' ? priorityIds : outcomeIds).push(Number(m[2]));
  }
  const exist = await existingStrategy(db, priorityIds, outcomeIds);
  if (priorityIds.some((id) => !exist.priorities.has(id)) || outcomeIds.some((id) => !exist.outcomes.has(id)))
    p('links', 'Choose the priorities and outcomes from the list');
  if (problems.length) return { risk: null, problems };
  return {
    risk: {
      values: {
        reference,
        kind,
        title,
        cause: orNull(input.cause),
        event: orNull(input.event),
        effect: orNull(input.effect),
        category,
        owner_user_id: ownerId!,
        directorate_id: directorateId ?? null,
        review_date: reviewDate,
        inherent_likelihood: scores.inherentLikelihood!,
        inherent_impact: scores.inherentImpact!,
        residual_likelihood: scores.residualLikelihood!,
        residual_impact: scores.residualImpact!,
        target_likelihood: scores.targetLikelihood!,
        target_impact: scores.targetImpact!,
      },
      controls,
      links: [
        ...[...new Set(priorityIds)].map((id) => ({ priorityId: id, outcomeId: null })),
        ...[...new Set(outcomeIds)].map((id) => ({ priorityId: null, outcomeId: id })),
      ],
    },
    problems,
  };
}

const rejected = (what: string, problems: Problem[]) =>
  new CairnError('INVALID_INPUT', `${what} was not saved.`, problems);

const stale = (reference: string) =>
  new CairnError(
    'CONFLICT',
    `Someone else changed risk ${reference} while you were editing it. Your changes have not been saved: check what is saved now, then save yours again if they still apply.`,
  );

/** Writes a checked risk — a new one, or a change at a version — with its audit record, in `trx`. */
export async function writeRisk(
  trx: Trx,
  actor: Actor,
  clock: Clock,
  risk: CheckedRisk,
  existing: { id: number; version: number } | null,
): Promise<number> {
  const now = isoNow(clock);
  const after = { ...risk.values, controls: risk.controls, links: risk.links };
  if (!existing) {
    const id = await insertRisk(trx, { ...risk.values, created_at: now, updated_at: now });
    await replaceControls(trx, id, risk.controls);
    await replaceLinks(trx, id, risk.links);
    await recordChange(trx, actor, { action: 'risk.create', entity: 'risk', entityId: id, after }, clock);
    return id;
  }
  const before = await findRisk(trx, existing.id);
  if (!before) throw notFound('There is no such risk.');
  if (before.version !== existing.version) throw stale(before.reference);
  const beforeControls = (await controlsOf(trx, existing.id)).map((c) => c.description);
  const beforeLinks = (await linksOf(trx, [existing.id])).map((l) => ({
    priorityId: l.priority_id,
    outcomeId: l.outcome_id,
  }));
  if (!(await updateRiskAtVersion(trx, existing.id, existing.version, { ...risk.values, updated_at: now })))
    throw stale(before.reference);
  await replaceControls(trx, existing.id, risk.controls);
  await replaceLinks(trx, existing.id, risk.links);
  const { owner_name: _o, directorate_name: _d, ...row } = before;
  await recordChange(
    trx,
    actor,
    {
      action: 'risk.change',
      entity: 'risk',
      entityId: existing.id,
      before: { ...row, controls: beforeControls, links: beforeLinks },
      after: { ...after, version: existing.version + 1 },
    },
    clock,
  );
  return existing.id;
}

/** Adds a risk to the register; returns its id. */
export async function createRisk(
  store: Store,
  actor: Actor,
  input: RiskInput,
  clock: Clock,
): Promise<number> {
  return transaction(store.db, async (trx) => {
    const { matrix } = await riskMatrix(trx);
    const { risk, problems } = await checkRisk(trx, matrix, input, null);
    if (!risk) throw rejected('The risk', problems);
    return writeRisk(trx, actor, clock, risk, null);
  });
}

/** Changes a risk, if it is still at the version its form was read at. */
export async function changeRisk(
  store: Store,
  actor: Actor,
  riskId: number,
  input: RiskInput,
  expectedVersion: number,
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const before = await findRisk(trx, riskId);
    if (!before) throw notFound('There is no such risk.');
    if (before.version !== expectedVersion) throw stale(before.reference);
    const { matrix } = await riskMatrix(trx);
    const { risk, problems } = await checkRisk(trx, matrix, input, riskId);
    if (!risk) throw rejected(`Risk ${before.reference}`, problems);
    await writeRisk(trx, actor, clock, risk, { id: riskId, version: expectedVersion });
  });
}

/** Moves a risk on a version (a further action added or removed), refusing a stale page. */
async function touchRisk(trx: Trx, riskId: number, expectedVersion: number, clock: Clock) {
  const before = await findRisk(trx, riskId);
  if (!before) throw notFound('There is no such risk.');
  if (!(await updateRiskAtVersion(trx, riskId, expectedVersion, { updated_at: isoNow(clock) })))
    throw stale(before.reference);
  return before;
}

/** Adds a further action to a risk (optionally an improvement-plan action, whose progress then shows). */
export async function addRiskAction(
  store: Store,
  actor: Actor,
  riskId: number,
  input: { description?: string; dueDate?: string; planAction?: string },
  expectedVersion: number,
  clock: Clock,
): Promise<void> {
  const problems: Problem[] = [];
  const description = t(input.description);
  if (!description) problems.push({ field: 'description', message: 'Describe the further action' });
  else if (description.length > 2000)
    problems.push({ field: 'description', message: 'The further action must be 2,000 characters or fewer' });
  let dueDate: string | null = null;
  if (t(input.dueDate))
    try {
      dueDate = parseDate(t(input.dueDate));
    } catch (e) {
      if (!(e instanceof DateParseError)) throw e;
      problems.push({ field: 'dueDate', message: 'Enter the due date as a date, such as 31/03/2018' });
    }
  const planActionText = t(input.planAction);
  const planActionId = planActionText ? parseId(planActionText) : null;
  await transaction(store.db, async (trx) => {
    if (planActionText && (planActionId === undefined || !(await planActionExists(trx, planActionId!))))
      problems.push({ field: 'planAction', message: 'Choose an improvement-plan action from the list' });
    if (problems.length) throw rejected('The further action', problems);
    await touchRisk(trx, riskId, expectedVersion, clock);
    const values = { description, dueDate, planActionId: planActionId ?? null };
    const id = await insertRiskAction(trx, riskId, values);
    await recordChange(
      trx,
      actor,
      { action: 'risk-action.create', entity: 'risk_action', entityId: id, after: { riskId, ...values } },
      clock,
    );
  });
}

/** Removes a further action, if the risk's page was read at its current version. */
export async function removeRiskAction(
  store: Store,
  actor: Actor,
  riskId: number,
  riskActionId: number,
  expectedVersion: number,
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const action = await findRiskAction(trx, riskId, riskActionId);
    if (!action) throw notFound('This risk has no such further action.');
    await touchRisk(trx, riskId, expectedVersion, clock);
    await deleteRiskAction(trx, riskActionId);
    await recordChange(
      trx,
      actor,
      { action: 'risk-action.remove', entity: 'risk_action', entityId: riskActionId, before: action },
      clock,
    );
  });
}
