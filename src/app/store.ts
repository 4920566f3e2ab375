/**
 * The store as the app layer hands it to adapters: web and the CLI name this type, never storage's.
 * Storage is the only place with SQL (ADR 0008); everything above it calls app use cases.
 */
export type { Store } from '../storage/database.js';
