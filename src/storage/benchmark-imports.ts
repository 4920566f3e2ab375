/**
 * Uploads of benchmark figures in the browser (migration 0017's `benchmark_import`): the file, kept
 * until its columns are chosen and it is imported, then emptied; its status and what came of it.
 */
import type { BenchmarkImportTable } from './schema.js';
import type { Db } from './transaction.js';
import type { Selectable } from 'kysely';

export type ImportRow = Selectable<BenchmarkImportTable>;

export async function insertImport(
  db: Db,
  r: { source: string; fileName: string; content: Buffer; at: string; by: number | null },
): Promise<number> {
  const row = await db
    .insertInto('benchmark_import')
    .values({
      kind: 'data',
      source: r.source,
      file_name: r.fileName,
      content: r.content,
      status: 'mapping',
      bytes_total: r.content.length,
      created_at: r.at,
      created_by: r.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('benchmark_import').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves an import from one status to another; false when it was no longer in `from` (a second click). */
export async function moveImport(
  db: Db,
  id: number,
  from: string,
  to: { status: string; mapping?: string; source?: string },
): Promise<boolean> {
  const r = await db
    .updateTable('benchmark_import')
    .set({
      status: to.status,
      ...(to.mapping !== undefined ? { mapping: to.mapping } : {}),
      ...(to.source !== undefined ? { source: to.source } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishImport(
  db: Db,
  id: number,
  r: { status: 'done' | 'failed' | 'mapping'; result: string; rows: number; bytes: number; at: string },
): Promise<void> {
  await db
    .updateTable('benchmark_import')
    .set({
      status: r.status,
      result: r.result,
      rows_done: r.rows,
      bytes_done: r.bytes,
      finished_at: r.at,
      // The file is kept only while it may still be imported (a refused file can be mapped again).
      ...(r.status === 'done' ? { content: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Recent uploads, newest first, without their files. */
export async function recentImports(db: Db, limit = 10) {
  return db
    .selectFrom('benchmark_import')
    .select(['id', 'source', 'file_name', 'status', 'rows_done', 'created_at', 'finished_at'])
    .where('kind', '=', 'data')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
