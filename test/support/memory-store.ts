/** An empty, migrated in-memory SQLite store, for unit tests that need real data (close it after). */
import { migrate, openStore, type Store } from '../../src/storage/database.js';

export async function memoryStore(): Promise<Store> {
  const store = openStore(':memory:');
  await migrate(store.db);
  return store;
}
