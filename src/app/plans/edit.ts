/**
 * Creating a plan and changing it one part at a time (the web forms): its details, a theme, a
 * recommendation, a finding, a progress review. Adding and changing a part go through the same
 * checks (a code, number or title the plan already has is refused either way); each write is audited
 * in its own transaction (parts.ts). A change names the version its form was read at.
 */
import type { Problem } from '../../domain/problem.js';
import { PLAN_BASES, PLAN_KINDS } from '../../domain/plans/document.js';
import { refKey } from '../../domain/plans/progress.js';
import { parseDate, DateParseError } from '../../domain/dates.js';
import { parseId } from '../../domain/ids.js';
import {
  actionsLinkedToStrategy,
  citationsOfKind,
  deleteCitation,
  findThemeId,
  insertCitation,
  insertPart,
} from '../../storage/plan-parts-repository.js';
import { findImprovementPlan, findImprovementPlanByTitle } from '../../storage/plans-repository.js';
import { transaction, type Trx } from '../../storage/transaction.js';
import type { Store } from '../store.js';
import type { Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { notFound } from '../errors.js';
import { field, orNull, rejected, text, type Fields } from './common.js';
import {
  checkVersion,
  currentPart,
  insertRecorded,
  KEY,
  nextPosition,
  recommendationNamed,
  takenInPlan,
  writeAtVersion,
} from './parts.js';

/** The database or a transaction in it. */
type Db = Store['db'];

/** A change to a part: what the form names it by, and the version the form was read at. */
export interface Existing {
  key: string;
  version: number;
}

// ---- a plan's details ----

export function createPlan(store: Store, actor: Actor, input: Fields, clock: Clock): Promise<number> {
  return savePlan(store, actor, input, clock, null);
}

/** Changes a plan's details: title, kind, what it follows, source, organisation, owner, strategy. */
export async function changePlan(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  expectedVersion: number,
  clock: Clock,
): Promise<void> {
  await savePlan(store, actor, input, clock, { planId, expectedVersion });
}

async function savePlan(
  store: Store,
  actor: Actor,
  input: Fields,
  clock: Clock,
  existing: { planId: number; expectedVersion: number } | null,
): Promise<number> {
  const problems: Problem[] = [];
  const title = text(input.title);
  const kind = text(input.kind);
  const basis = orNull(input.basis);
  if (!title)
    problems.push(field('title', 'Enter the plan’s title, such as “Corporate Peer Challenge action plan”.'));
  if (!(PLAN_KINDS as readonly string[]).includes(kind))
    problems.push(field('kind', 'Choose the kind of plan: improvement, business or action plan.'));
  if (basis && !(PLAN_BASES as readonly string[]).includes(basis))
    problems.push(
      field(
        'basis',
        'Choose what the improvement plan follows: a peer challenge, an inspection or an audit.',
      ),
    );
  const strategyId = orNull(input.strategy);
  return transaction(store.db, async (trx) => {
    const before = existing ? await findImprovementPlan(trx, existing.planId) : null;
    if (existing && !before) throw notFound(`There is no improvement plan ${existing.planId}.`);
    if (before) checkVersion('improvement_plan', before, existing!.expectedVersion);
    const namesake = title ? await findImprovementPlanByTitle(trx, title) : undefined;
    if (namesake && namesake.id !== before?.id)
      problems.push(field('title', `There is already a plan called “${title}”: choose another title.`));
    const strategy = strategyId ? (parseId(strategyId) ?? null) : null;
    if (strategyId && strategy === null) problems.push(field('strategy', 'Choose a strategy from the list.'));
    if (before && strategy !== before.strategy_plan_id) {
      const linked = await actionsLinkedToStrategy(trx, before.id);
      if (linked.length)
        problems.push(
          field(
            'strategy',
            `${count(linked, 'action supports', 'actions support')} the current strategy’s priorities, outcomes or indicators (${linked.join(', ')}): change what ${linked.length === 1 ? 'it supports' : 'they support'} first, then the strategy.`,
          ),
        );
    }
    if (problems.length) throw rejected(before ? 'The plan’s details' : 'The plan', problems);
    const values = {
      kind,
      basis: kind === 'improvement' ? basis : null,
      title,
      source: orNull(input.source),
      organisation: orNull(input.organisation),
      owner: orNull(input.owner),
      description: orNull(input.description),
      strategy_plan_id: strategy,
    };
    if (!before)
      return insertRecorded(trx, actor, clock, 'improvement_plan', {
        ...values,
        created_at: isoNow(clock),
      });
    await writeAtVersion(trx, actor, clock, 'improvement_plan', before, existing!.expectedVersion, {
      values,
    });
    return before.id;
  });
}

const count = (list: unknown[], one: string, many: string) =>
  `${list.length} ${list.length === 1 ? one : many}`;

// ---- themes (the headings recommendations are grouped under) ----

/** The theme a form names by its title or code; made when the plan has none such. */
async function themeId(db: Db, planId: number, title: string | null): Promise<number | null> {
  if (!title) return null;
  const found = await findThemeId(db, planId, title);
  if (found !== undefined) return found;
  return insertPart(db, 'plan_theme', {
    improvement_plan_id: planId,
    code: title,
    title,
    position: await nextPosition(db, 'plan_theme', planId),
  });
}

/** Changes a theme's code and title; its recommendations stay under it. Returns its code. */
export async function changeTheme(
  store: Store,
  actor: Actor,
  planId: number,
  existing: Existing,
  input: Fields,
  clock: Clock,
): Promise<string> {
  const code = text(input.code);
  const title = text(input.title);
  const problems: Problem[] = [];
  if (!code) problems.push(field('code', 'Enter the theme’s code, such as 1 or P1.'));
  if (!title)
    problems.push(field('title', 'Enter the theme’s title, such as “Priority 1: Forward planning”.'));
  return transaction(store.db, async (trx) => {
    const before = await currentPart(trx, planId, 'plan_theme', existing);
    if (code && (await takenInPlan(trx, planId, { table: 'plan_theme', column: 'code' }, code, before.id)))
      problems.push(field('code', `There is already a theme ${code} in this plan.`));
    if (title && (await takenInPlan(trx, planId, { table: 'plan_theme', column: 'title' }, title, before.id)))
      problems.push(field('title', `There is already a theme called “${title}” in this plan.`));
    if (problems.length) throw rejected('The theme', problems);
    await writeAtVersion(trx, actor, clock, 'plan_theme', before, existing.version, {
      values: { code, title },
    });
    return code;
  });
}

// ---- recommendations and findings: added or changed the same way ----

/**
 * What a recommendation or finding form gives: its code or number, the problems found in the form
 * alone, and its values — read in the transaction, where they may add problems of their own.
 */
interface PartInput {
  table: 'recommendation' | 'finding';
  key: string;
  problems: Problem[];
  values: (trx: Trx) => Promise<Record<string, unknown>>;
}

/**
 * Adds a recommendation or finding, or changes one (`existing`): refuses a code or number another of
 * the plan's already has, then inserts it last, or changes it — moving the citations of its old code
 * or number to the new one. Audited in the same transaction. Returns its code or number.
 */
async function savePart(
  store: Store,
  actor: Actor,
  planId: number,
  clock: Clock,
  existing: Existing | null,
  part: PartInput,
): Promise<string> {
  const { table, key, problems } = part;
  const column = KEY[table];
  return transaction(store.db, async (trx) => {
    const before = existing ? await currentPart(trx, planId, table, existing) : null;
    const where = { table, column } as { table: 'recommendation'; column: 'code' };
    if (key && (await takenInPlan(trx, planId, where, key, before?.id)))
      problems.push(field(column, `There is already a ${table} ${key} in this plan.`));
    const values = await part.values(trx);
    if (problems.length) throw rejected(`The ${table}`, problems);
    if (!before) {
      await insertRecorded(trx, actor, clock, table, {
        improvement_plan_id: planId,
        ...values,
        position: await nextPosition(trx, table, planId),
      });
      return key;
    }
    const was = String((before as Record<string, unknown>)[column]);
    const moved = await moveCitations(trx, planId, table, was, key);
    await writeAtVersion(trx, actor, clock, table, before, existing!.version, {
      values,
      also: moved.length ? { citationsMoved: moved } : {},
    });
    return key;
  });
}

function recommendationInput(planId: number, input: Fields): PartInput {
  const code = text(input.code);
  const title = text(input.title);
  const problems: Problem[] = [];
  if (!code) problems.push(field('code', 'Enter the recommendation’s code, such as 1a or 4.'));
  if (!title) problems.push(field('title', 'Enter the recommendation’s title.'));
  const bullets = (input.bullets ?? '')
    .split(/\r?\n/)
    .map((b) => b.replace(/^[•·\-*]\s*/, '').trim())
    .filter(Boolean);
  return {
    table: 'recommendation',
    key: code,
    problems,
    values: async (trx) => ({
      theme_id: await themeId(trx, planId, orNull(input.theme)),
      code,
      title,
      body: orNull(input.body),
      bullets: JSON.stringify(bullets),
    }),
  };
}

function findingInput(planId: number, input: Fields): PartInput {
  const number = text(input.number);
  const body = text(input.text);
  const problems: Problem[] = [];
  if (!number) problems.push(field('number', 'Enter the finding’s number, such as 12.'));
  if (!body) problems.push(field('text', 'Enter what the finding says.'));
  return {
    table: 'finding',
    key: number,
    problems,
    values: async (trx) => ({
      number,
      text: body,
      theme: orNull(input.theme),
      recommendation_id: await recommendationNamed(trx, planId, orNull(input.recommendation), problems),
    }),
  };
}

const adding =
  (toInput: (planId: number, input: Fields) => PartInput) =>
  (store: Store, actor: Actor, planId: number, input: Fields, clock: Clock) =>
    savePart(store, actor, planId, clock, null, toInput(planId, input));
const changing =
  (toInput: (planId: number, input: Fields) => PartInput) =>
  (store: Store, actor: Actor, planId: number, existing: Existing, input: Fields, clock: Clock) =>
    savePart(store, actor, planId, clock, existing, toInput(planId, input));

export const addRecommendation = adding(recommendationInput);
export const addFinding = adding(findingInput);
/**
 * Changes a recommendation: its code, title, text, bullet points and theme. Actions that cite it by
 * its old code are changed to cite the new one. Returns its code.
 */
export const changeRecommendation = changing(recommendationInput);
/**
 * Changes a finding: its number, text, theme and the recommendation it is listed under. Actions
 * that cite it by its old number are changed to cite the new one. Returns its number.
 */
export const changeFinding = changing(findingInput);

/**
 * When a finding's number or a recommendation's code changes, the actions that cite the old one
 * (matched as the coverage check matches: "1A" = "1a") are changed to cite the new one, so what
 * addresses a finding does not change with its number. Returns those actions' codes.
 */
async function moveCitations(
  trx: Trx,
  planId: number,
  kind: 'finding' | 'recommendation',
  from: string,
  to: string,
): Promise<string[]> {
  if (refKey(from) === refKey(to)) return [];
  const cites = await citationsOfKind(trx, planId, kind);
  const already = new Set(cites.filter((c) => refKey(c.ref) === refKey(to)).map((c) => c.action_id));
  const moving = cites.filter((c) => refKey(c.ref) === refKey(from));
  for (const c of moving) {
    await deleteCitation(trx, c.action_id, kind, c.ref);
    if (!already.has(c.action_id)) {
      await insertCitation(trx, c.action_id, kind, to);
      already.add(c.action_id);
    }
  }
  return [...new Set(moving.map((c) => c.code))];
}

// ---- progress reviews ----

export async function addReview(store: Store, actor: Actor, planId: number, input: Fields, clock: Clock) {
  const title = text(input.title);
  const problems: Problem[] = [];
  if (!title)
    problems.push(field('title', 'Enter the review’s name, such as “October 2024 progress review”.'));
  let date = '';
  try {
    date = parseDate(text(input.date));
  } catch (e) {
    if (!(e instanceof DateParseError)) throw e;
    problems.push(field('date', 'Enter the date of the review, such as 9/4/2024.'));
  }
  return transaction(store.db, async (trx) => {
    if (title && (await takenInPlan(trx, planId, { table: 'progress_review', column: 'title' }, title)))
      problems.push(field('title', `There is already a review called “${title}”.`));
    if (problems.length) throw rejected('The progress review', problems);
    return insertRecorded(trx, actor, clock, 'progress_review', {
      improvement_plan_id: planId,
      title,
      review_date: date,
      created_at: isoNow(clock),
    });
  });
}
