/**
 * Creating a plan and adding to it one thing at a time (the web forms): each checked, each audited
 * in its own transaction.
 */
import { sql, type Kysely } from 'kysely';
import { PLAN_BASES, PLAN_KINDS } from '../../domain/plans/document.js';
import { parseDate, DateParseError } from '../../domain/dates.js';
import type { Store } from '../../storage/database.js';
import { findImprovementPlanByTitle } from '../../storage/plans-repository.js';
import type { Database } from '../../storage/schema.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { field, orNull, rejected, text, type Fields, type PlanProblem } from './common.js';

type Db = Kysely<Database>;

// ---- creating a plan and adding to it, one thing at a time (the web forms) ----

export async function createPlan(store: Store, actor: Actor, input: Fields, clock: Clock): Promise<number> {
  const problems: PlanProblem[] = [];
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
  if (title && (await findImprovementPlanByTitle(store.db, title)))
    problems.push(field('title', `There is already a plan called “${title}”: choose another title.`));
  const strategyId = orNull(input.strategy);
  if (strategyId && !/^\d{1,9}$/.test(strategyId))
    problems.push(field('strategy', 'Choose a strategy from the list.'));
  if (problems.length) throw rejected('The plan', problems);
  return store.db.transaction().execute(async (trx) => {
    const values = {
      kind,
      basis: kind === 'improvement' ? basis : null,
      title,
      source: orNull(input.source),
      organisation: orNull(input.organisation),
      owner: orNull(input.owner),
      description: orNull(input.description),
      strategy_plan_id: strategyId ? Number(strategyId) : null,
      created_at: isoNow(clock),
    };
    const { id } = await trx
      .insertInto('improvement_plan')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(
      trx,
      actor,
      { action: 'plan.create', entity: 'improvement_plan', entityId: id, after: values },
      clock,
    );
    return id;
  });
}

export async function nextPosition(
  db: Db,
  table: 'recommendation' | 'finding' | 'plan_action' | 'plan_theme',
  planId: number,
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('improvement_plan_id', '=', planId)
    .executeTakeFirst();
  return Number(row?.p ?? 0) + 1;
}

/** Whether a plan already has a recommendation with this code, a finding with this number, or a review with this title. */
async function takenInPlan(
  db: Db,
  planId: number,
  where:
    | { table: 'recommendation'; column: 'code' }
    | { table: 'finding'; column: 'number' }
    | { table: 'progress_review'; column: 'title' },
  value: string,
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`select id from ${sql.table(where.table)}
    where improvement_plan_id = ${planId} and ${sql.ref(where.column)} = ${value}`.execute(db);
  return rows.length > 0;
}

async function themeId(db: Db, planId: number, title: string | null): Promise<number | null> {
  if (!title) return null;
  const found = await db
    .selectFrom('plan_theme')
    .select('id')
    .where('improvement_plan_id', '=', planId)
    .where((eb) => eb.or([eb('title', '=', title), eb('code', '=', title)]))
    .executeTakeFirst();
  if (found) return found.id;
  const { id } = await db
    .insertInto('plan_theme')
    .values({
      improvement_plan_id: planId,
      code: title,
      title,
      position: await nextPosition(db, 'plan_theme', planId),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function addRecommendation(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  clock: Clock,
) {
  const code = text(input.code);
  const title = text(input.title);
  const problems: PlanProblem[] = [];
  if (!code) problems.push(field('code', 'Enter the recommendation’s code, such as 1a or 4.'));
  if (!title) problems.push(field('title', 'Enter the recommendation’s title.'));
  return store.db.transaction().execute(async (trx) => {
    if (code && (await takenInPlan(trx, planId, { table: 'recommendation', column: 'code' }, code)))
      problems.push(field('code', `There is already a recommendation ${code} in this plan.`));
    if (problems.length) throw rejected('The recommendation', problems);
    const bullets = (input.bullets ?? '')
      .split(/\r?\n/)
      .map((b) => b.replace(/^[•·\-*]\s*/, '').trim())
      .filter(Boolean);
    const values = {
      improvement_plan_id: planId,
      theme_id: await themeId(trx, planId, orNull(input.theme)),
      code,
      title,
      body: orNull(input.body),
      bullets: JSON.stringify(bullets),
      position: await nextPosition(trx, 'recommendation', planId),
    };
    const { id } = await trx
      .insertInto('recommendation')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(
      trx,
      actor,
      { action: 'recommendation.create', entity: 'recommendation', entityId: id, after: values },
      clock,
    );
    return code;
  });
}

export async function addFinding(store: Store, actor: Actor, planId: number, input: Fields, clock: Clock) {
  const number = text(input.number);
  const body = text(input.text);
  const problems: PlanProblem[] = [];
  if (!number) problems.push(field('number', 'Enter the finding’s number, such as 12.'));
  if (!body) problems.push(field('text', 'Enter what the finding says.'));
  return store.db.transaction().execute(async (trx) => {
    if (number && (await takenInPlan(trx, planId, { table: 'finding', column: 'number' }, number)))
      problems.push(field('number', `There is already a finding ${number} in this plan.`));
    const recCode = orNull(input.recommendation);
    const rec = recCode
      ? await trx
          .selectFrom('recommendation')
          .select('id')
          .where('improvement_plan_id', '=', planId)
          .where('code', '=', recCode)
          .executeTakeFirst()
      : null;
    if (recCode && !rec)
      problems.push(field('recommendation', `There is no recommendation ${recCode} in this plan.`));
    if (problems.length) throw rejected('The finding', problems);
    const values = {
      improvement_plan_id: planId,
      number,
      text: body,
      theme: orNull(input.theme),
      recommendation_id: rec?.id ?? null,
      position: await nextPosition(trx, 'finding', planId),
    };
    const { id } = await trx.insertInto('finding').values(values).returning('id').executeTakeFirstOrThrow();
    await recordChange(
      trx,
      actor,
      { action: 'finding.create', entity: 'finding', entityId: id, after: values },
      clock,
    );
    return number;
  });
}

export async function addReview(store: Store, actor: Actor, planId: number, input: Fields, clock: Clock) {
  const title = text(input.title);
  const problems: PlanProblem[] = [];
  if (!title)
    problems.push(field('title', 'Enter the review’s name, such as “October 2024 progress review”.'));
  let date = '';
  try {
    date = parseDate(text(input.date));
  } catch (e) {
    if (!(e instanceof DateParseError)) throw e;
    problems.push(field('date', 'Enter the date of the review, such as 9/4/2024.'));
  }
  return store.db.transaction().execute(async (trx) => {
    if (title && (await takenInPlan(trx, planId, { table: 'progress_review', column: 'title' }, title)))
      problems.push(field('title', `There is already a review called “${title}”.`));
    if (problems.length) throw rejected('The progress review', problems);
    const values = { improvement_plan_id: planId, title, review_date: date, created_at: isoNow(clock) };
    const { id } = await trx
      .insertInto('progress_review')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(
      trx,
      actor,
      { action: 'review.create', entity: 'progress_review', entityId: id, after: values },
      clock,
    );
    return id;
  });
}
