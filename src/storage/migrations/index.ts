import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_framework.js';

/** Ordered, frozen migrations. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001_framework': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
