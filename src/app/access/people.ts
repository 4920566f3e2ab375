/** Reading accounts for the pages that show people (administration, who reviewed or submitted). */
import type { Store } from '../../storage/database.js';
import { findUserById, listUsers } from '../../storage/account-repository.js';
import type { UserRecord } from '../../storage/schema.js';

type Reader = Pick<Store, 'db'>;

export function findPerson(store: Reader, userId: number): Promise<UserRecord | undefined> {
  return findUserById(store.db, userId);
}

/** Every account, with its directorate's name. */
export function listPeople(store: Reader): Promise<(UserRecord & { directorate_name: string | null })[]> {
  return listUsers(store.db);
}
