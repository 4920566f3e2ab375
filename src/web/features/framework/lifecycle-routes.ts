/**
 * The framework's year: a plan's framework page, starting next year's plan from this one, marking what
 * changed, submitting for approval, recording the approval, and the amendments since.
 */
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../../deps.js';

export function frameworkLifecycleRoutes(_app: FastifyInstance, _deps: WebDeps): void {}
