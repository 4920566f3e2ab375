/**
 * Framework spreadsheets uploaded in the browser and waiting for their uploader to confirm them
 * (migration 0014), and what an upload is checked against: the plan's framework as stored.
 */
import type { Db } from './transaction.js';
import type { FrameworkUploadRecord } from './schema.js';

export interface NewFrameworkUpload {
  planId: number | null;
  userId: number;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  document: string;
  warnings: string;
  baseSha256: string | null;
  createdAt: string;
}

export async function insertFrameworkUpload(db: Db, u: NewFrameworkUpload): Promise<number> {
  const row = await db
    .insertInto('framework_upload')
    .values({
      plan_id: u.planId,
      user_id: u.userId,
      file_name: u.fileName,
      file_size: u.fileSize,
      file_sha256: u.fileSha256,
      document: u.document,
      warnings: u.warnings,
      base_sha256: u.baseSha256,
      created_at: u.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findFrameworkUpload(db: Db, id: number): Promise<FrameworkUploadRecord | undefined> {
  return db.selectFrom('framework_upload').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes one upload; true if it was there (so only one confirm of it can succeed). */
export async function deleteFrameworkUpload(db: Db, id: number): Promise<boolean> {
  const rows = await db.deleteFrom('framework_upload').where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}

/**
 * Clears away uploads nobody will confirm: every one made before `before`, and the person's earlier
 * uploads for the same plan (or for a new plan) — a new upload replaces them.
 */
export async function removeStaleFrameworkUploads(
  db: Db,
  opts: { before: string; userId: number; planId: number | null },
): Promise<void> {
  await db.deleteFrom('framework_upload').where('created_at', '<', opts.before).execute();
  await db
    .deleteFrom('framework_upload')
    .where('user_id', '=', opts.userId)
    .where((eb) => (opts.planId === null ? eb('plan_id', 'is', null) : eb('plan_id', '=', opts.planId)))
    .execute();
}

/**
 * Everything of a plan's framework an upload can change or depends on, as stored — the plan's row,
 * its priorities, outcomes, indicators (with their versions), every target, the second framework and
 * its links, the retired extract, and the directorates — in a fixed order, so two readings are equal
 * exactly when nothing has changed in between.
 */
export async function frameworkState(db: Db, planId: number): Promise<unknown> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
  const priorities = await db
    .selectFrom('priority')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  const outcomes = await db
    .selectFrom('outcome')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  const indicators = await db
    .selectFrom('indicator')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  const targets = await db
    .selectFrom('indicator_target')
    .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
    .select(['indicator_target.indicator_id', 'indicator_target.period_code', 'indicator_target.target_text'])
    .where('indicator.plan_id', '=', planId)
    .orderBy('indicator_target.id')
    .execute();
  const second = await db
    .selectFrom('second_framework')
    .leftJoin('second_priority', 'second_priority.framework_id', 'second_framework.id')
    .select([
      'second_framework.name',
      'second_priority.id',
      'second_priority.number',
      'second_priority.title',
      'second_priority.position',
    ])
    .where('second_framework.plan_id', '=', planId)
    .orderBy('second_priority.id')
    .execute();
  const links = await db
    .selectFrom('outcome_second_priority')
    .innerJoin('outcome', 'outcome.id', 'outcome_second_priority.outcome_id')
    .select(['outcome_second_priority.outcome_id', 'outcome_second_priority.second_priority_id'])
    .where('outcome.plan_id', '=', planId)
    .orderBy('outcome_second_priority.outcome_id')
    .orderBy('outcome_second_priority.second_priority_id')
    .execute();
  const retired = await db
    .selectFrom('retired_measure')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  const directorates = await db
    .selectFrom('directorate')
    .select(['id', 'code', 'name'])
    .orderBy('id')
    .execute();
  return { plan, priorities, outcomes, indicators, targets, second, links, retired, directorates };
}

/** How many figures each of a plan's indicators has recorded, by indicator number (none: absent). */
export async function figureCountsByNumber(db: Db, planId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('indicator')
    .innerJoin('indicator_value', 'indicator_value.indicator_id', 'indicator.id')
    .select(['indicator.number', (eb) => eb.fn.countAll<number>().as('n')])
    .where('indicator.plan_id', '=', planId)
    .groupBy('indicator.number')
    .execute();
  return new Map(rows.map((r) => [r.number, Number(r.n)]));
}
