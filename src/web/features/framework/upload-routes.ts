/** Uploading the framework spreadsheet in the browser: check, preview what will change, confirm. */
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../../deps.js';

export function frameworkUploadRoutes(_app: FastifyInstance, _deps: WebDeps): void {}
