/**
 * Reading published reports of both kinds — the quarterly report's versions and a plan's progress
 * reports — for the adapters: a version, its files' details, one frozen file with its bytes. They are
 * stored the same way (storage/published-repository.ts); `kind` says which.
 */
import {
  findFrozenFile as findFile,
  findPublishedVersion as findVersion,
  listFrozenFiles as listFiles,
  type PublishedKind,
} from '../../storage/published-repository.js';
import type { Store } from '../store.js';

export type {
  FrozenFileRecord,
  PublishedKind,
  PublishedVersionRecord,
} from '../../storage/published-repository.js';

export const findPublishedVersion = <K extends PublishedKind>(store: Store, kind: K, id: number) =>
  findVersion(store.db, kind, id);

/** The files of some versions, without their bytes, in the order they were stored. */
export const listFrozenFiles = (store: Store, kind: PublishedKind, versionIds: number[]) =>
  listFiles(store.db, kind, versionIds);

export const findFrozenFile = (store: Store, kind: PublishedKind, versionId: number, format: string) =>
  findFile(store.db, kind, versionId, format);
