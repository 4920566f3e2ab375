/**
 * Reading quarterly report drafts for the adapters: one draft, every draft with its latest published
 * version, a draft's published versions, and the names of the scopes a report can cover. The record
 * types are re-exported from here, so no adapter imports storage.
 */
import {
  findDraft as find,
  listDrafts as listAll,
  listScopeNames as scopes,
  listVersions as versionsOf,
} from '../../storage/report-repository.js';
import type { Store } from '../store.js';

export type { ReportDraftRecord, ReportVersionRecord } from '../../storage/report-repository.js';

export const findDraft = (store: Store, where: { id: number } | { periodCode: string; scope: string }) =>
  find(store.db, where);

/** Every draft, latest period first, with its latest published version (null before one). */
export const listDrafts = (store: Store) => listAll(store.db);

/** A draft's published versions, newest first. */
export const listVersions = (store: Store, draftId: number) => versionsOf(store.db, draftId);

/** The priorities' titles and the directorates' names, by the scope that names them ("priority:P1"). */
export const scopeNames = (store: Store) => scopes(store.db);
