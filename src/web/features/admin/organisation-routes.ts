/** Directorates, services and people, managed by an administrator. */
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../../deps.js';

export function organisationRoutes(_app: FastifyInstance, _deps: WebDeps): void {}
