/**
 * What loading the demo (app/demo.ts, app/demo-collection.ts) reads: whether the database is empty,
 * and the plan's indicators, outcomes and actions it fills in.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function hasAccounts(db: Db): Promise<boolean> {
  return (await db.selectFrom('user_account').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function hasPlans(db: Db): Promise<boolean> {
  return (await db.selectFrom('plan').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function planIndicators(
  db: Db,
  planId: number,
): Promise<{ id: number; number: string; in_arrears: number }[]> {
  return db
    .selectFrom('indicator')
    .select(['id', 'number', 'in_arrears'])
    .where('plan_id', '=', planId)
    .execute();
}

export async function planOutcomes(
  db: Db,
  planId: number,
): Promise<{ id: number; code: string; title: string }[]> {
  return db.selectFrom('outcome').select(['id', 'code', 'title']).where('plan_id', '=', planId).execute();
}

/** The plan's indicators whose outcomes belong to the directorate with this code. */
export async function indicatorIdsOfDirectorate(db: Db, planId: number, code: string): Promise<number[]> {
  const rows = await db
    .selectFrom('indicator')
    .innerJoin('outcome', 'outcome.id', 'indicator.outcome_id')
    .innerJoin('directorate', 'directorate.id', 'outcome.directorate_id')
    .select('indicator.id')
    .where('indicator.plan_id', '=', planId)
    .where('directorate.code', '=', code)
    .execute();
  return rows.map((r) => r.id);
}

/** The first `limit` improvement-plan actions not yet complete, in plan order. */
export async function unfinishedActionIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('plan_action')
    .select('id')
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', '!=', 'complete')]))
    .orderBy('improvement_plan_id')
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
