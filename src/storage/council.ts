/** The council whose framework this is: one row, the first by id. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function findCouncil(db: Kysely<Database>) {
  return db.selectFrom('council').selectAll().orderBy('id').executeTakeFirstOrThrow();
}

/** The council's name, or undefined before any framework is loaded. */
export async function councilName(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('council').select('name').orderBy('id').executeTakeFirst();
  return row?.name;
}
