/**
 * The web server's half of group commit (src/storage/group-commit.ts, ADR 0007): each request runs in
 * its own commit context, and its response — a page, a redirect, an error — is held until the changes
 * it committed are on disk. A request that changed nothing is not held.
 */
import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommitContext, GroupCommit } from '../app/store.js';

/**
 * `failurePage` is the page to answer with when the log cannot be synced (a failing disk): the change
 * is committed but not known to be safe, so it is not acknowledged — no redirect, no "saved".
 */
export function registerGroupCommit(
  app: FastifyInstance,
  groupCommit: GroupCommit,
  failurePage: () => string,
): void {
  const requests = new WeakMap<FastifyRequest, { context: CommitContext; scope: AsyncResource }>();

  app.addHook('onRequest', (req, _reply, done) => {
    groupCommit.run((context) => {
      const scope = new AsyncResource('cairn-request');
      requests.set(req, { context, scope });
      scope.runInAsyncScope(done);
    });
  });
  // The body is read from the socket's events, outside the context: enter it again before the handler
  // (as @fastify/request-context does).
  app.addHook('preValidation', (req, _reply, done) => {
    const entry = requests.get(req);
    if (entry) entry.scope.runInAsyncScope(done);
    else done();
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const entry = requests.get(req);
    if (!entry) return payload;
    try {
      await groupCommit.settle(entry.context);
      return payload;
    } catch (error) {
      // Answered here rather than thrown: an error page would itself pass through this hook.
      requests.delete(req);
      req.log.error(
        { err: error },
        'the write-ahead log could not be synced; the change is not acknowledged',
      );
      reply.code(500).type('text/html; charset=utf-8').removeHeader('location');
      return failurePage();
    }
  });
}
