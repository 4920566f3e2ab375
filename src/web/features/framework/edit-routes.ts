/** Changing the framework in the app: priorities, outcomes, indicators, and targets per period. */
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../../deps.js';

export function frameworkEditRoutes(_app: FastifyInstance, _deps: WebDeps): void {}
