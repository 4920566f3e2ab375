/**
 * A draft of next year's framework for tests, made directly in the database (not through "Start next
 * year's plan"): a copy of a plan's priorities, outcomes and indicators with their targets moved on a
 * year, each outcome and indicator linked to the one it continues and marked carried over.
 */
import type { Store } from '../../src/storage/database.js';

export async function draftNextYear(
  store: Store,
  fromPlanId: number,
  options: { status?: 'draft' | 'submitted' | 'approved'; title?: string } = {},
): Promise<number> {
  const db = store.db;
  return db.transaction().execute(async (trx) => {
    const from = await trx
      .selectFrom('plan')
      .selectAll()
      .where('id', '=', fromPlanId)
      .executeTakeFirstOrThrow();
    const next = (year: string) => {
      const start = Number(year.slice(0, 4)) + 1;
      return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
    };
    const firstYear = next(from.first_year);
    const lastYear = next(from.last_year);
    const plan = await trx
      .insertInto('plan')
      .values({
        title: options.title ?? `Corporate Plan ${firstYear}`,
        years: firstYear === lastYear ? firstYear : `${firstYear} to ${lastYear}`,
        first_year: firstYear,
        last_year: lastYear,
        status: options.status ?? 'draft',
        approved_by: options.status === 'approved' ? 'Cabinet' : null,
        approved_on: options.status === 'approved' ? `${firstYear.slice(0, 4)}-03-20` : null,
        created_at: '2018-02-01T09:00:00.000Z',
        previous_plan_id: fromPlanId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const priorities = new Map<number, number>();
    for (const p of await trx
      .selectFrom('priority')
      .selectAll()
      .where('plan_id', '=', fromPlanId)
      .execute()) {
      const row = await trx
        .insertInto('priority')
        .values({ plan_id: plan.id, code: p.code, title: p.title, position: p.position })
        .returning('id')
        .executeTakeFirstOrThrow();
      priorities.set(p.id, row.id);
    }
    const outcomes = new Map<number, number>();
    for (const o of await trx.selectFrom('outcome').selectAll().where('plan_id', '=', fromPlanId).execute()) {
      const row = await trx
        .insertInto('outcome')
        .values({
          plan_id: plan.id,
          priority_id: priorities.get(o.priority_id)!,
          code: o.code,
          title: o.title,
          directorate_id: o.directorate_id,
          position: o.position,
          change: 'carried-over',
          change_reason: null,
          previous_outcome_id: o.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      outcomes.set(o.id, row.id);
    }
    for (const i of await trx
      .selectFrom('indicator')
      .selectAll()
      .where('plan_id', '=', fromPlanId)
      .execute()) {
      const { id, plan_id: _p, outcome_id, version: _v, retired_on: _r, retired_reason: _rr, ...rest } = i;
      const row = await trx
        .insertInto('indicator')
        .values({
          ...rest,
          plan_id: plan.id,
          outcome_id: outcomes.get(outcome_id)!,
          change: 'carried-over',
          change_reason: null,
          previous_indicator_id: id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const target = await trx
        .selectFrom('indicator_target')
        .select('target_text')
        .where('indicator_id', '=', id)
        .where('period_code', '=', from.first_year)
        .executeTakeFirst();
      if (target)
        await trx
          .insertInto('indicator_target')
          .values({ indicator_id: row.id, period_code: firstYear, target_text: target.target_text })
          .execute();
    }
    return plan.id;
  });
}
