/**
 * The store as the app layer hands it to adapters: web and the CLI name this type, never storage's.
 * Storage is the only place with SQL (ADR 0008); everything above it calls app use cases.
 */
export type { Store } from '../storage/database.js';
/** Group commit's types, for the web server's half of it (web/group-commit.ts). */
export type { CommitContext, GroupCommit } from '../storage/group-commit.js';
