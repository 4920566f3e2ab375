/** The council's directorates. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Every directorate, by name. */
export async function listDirectorates(db: Db): Promise<{ id: number; code: string; name: string }[]> {
  return db.selectFrom('directorate').select(['id', 'code', 'name']).orderBy('name').execute();
}

export async function findDirectorateByCode(db: Db, code: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('directorate').select('id').where('code', '=', code).executeTakeFirst();
}
