/**
 * Who is calling the API or the OData feed: a token sent as `Authorization: Bearer <token>` (or, for
 * Excel's and Power BI's "Basic" sign-in, as the password of HTTP Basic with any user name), checked
 * against the route's scope; every use of a token is logged; every client is rate limited (per token,
 * or per address without one). Answers are JSON problems (RFC 9457), never pages.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type ApiClient } from '../../../app/api/tokens.js';
import type { TokenUseLog } from '../../../app/api/token-uses.js';
import type { Clock } from '../../../app/clock.js';
import type { Store } from '../../../app/store.js';

/** What a route needs of its caller: data (public, or internal with a read token), or to write values. */
export type ApiNeed = 'data' | 'write' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    apiNeed?: ApiNeed;
  }
  interface FastifyRequest {
    apiClient: ApiClient | null;
    /** An expired or revoked token that was tried: the refusal is logged as one of its uses. */
    apiRefusedTokenId: number | null;
  }
}

export interface ApiRateLimit {
  max: number;
  windowMinutes: number;
}

/** Default: 1,200 requests a minute for each token (or address), enough for a Power BI refresh. */
export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { max: 1200, windowMinutes: 1 };

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** The token a request carries, from a Bearer header or the password of a Basic one. */
export function sentToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(colon + 1);
  }
  return '';
}

/** The rate limit's key: the token (hashed, so it is not kept in memory as sent), else the address. */
function rateKey(req: FastifyRequest): string {
  const token = sentToken(req);
  return token ? `t:${createHash('sha256').update(token).digest('base64url')}` : `ip:${req.ip}`;
}

export function apiRateLimitConfig(limit: ApiRateLimit) {
  return {
    max: limit.max,
    timeWindow: limit.windowMinutes * 60_000,
    groupId: 'api',
    keyGenerator: rateKey,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number; max: number }) =>
      new ApiError(
        429,
        'Too many requests',
        `This client has made more than ${ctx.max} requests in ${limit.windowMinutes} minute${limit.windowMinutes === 1 ? '' : 's'}. Wait ${Math.max(1, Math.ceil(ctx.ttl / 1000))} seconds, then try again.`,
      ),
  };
}

const REASON: Record<string, string> = {
  malformed: 'The token is not one Cairn issued: check it was copied whole.',
  unknown: 'The token is not one Cairn issued, or it has been deleted.',
  expired: 'The token has expired. Ask an administrator for a new one.',
  revoked: 'The token has been revoked. Ask an administrator for a new one.',
};

export const CHALLENGE = 'Bearer realm="Cairn", Basic realm="Cairn", charset="UTF-8"';

export interface ApiAuthOptions {
  store: Store;
  clock: Clock;
  uses: TokenUseLog;
  /** Whether anyone may read public data without a token (once the public site's readers serve it). */
  publicData: boolean;
}

/**
 * Registers, in the API's scope, the hook that checks the caller against the route's need, and the
 * one that logs each use of a token.
 */
export function registerApiAuth(app: FastifyInstance, o: ApiAuthOptions): void {
  app.decorateRequest('apiClient', null);
  app.decorateRequest('apiRefusedTokenId', null);
  app.addHook('preHandler', async (req) => {
    const need = req.routeOptions.config.apiNeed ?? 'data';
    if (need === 'none') return;
    const token = sentToken(req);
    if (token === null) {
      if (need === 'data' && o.publicData) return; // public data, anonymously
      throw new ApiError(
        401,
        'A token is needed',
        need === 'write'
          ? 'Send a token that may write values as “Authorization: Bearer <token>”.'
          : 'Send an API token as “Authorization: Bearer <token>”. An administrator issues them on the API tokens page.',
      );
    }
    const auth = await authenticate(o.store, o.clock, token);
    if (!auth.ok) {
      if ('tokenId' in auth) req.apiRefusedTokenId = auth.tokenId;
      throw new ApiError(401, 'The token is not valid', REASON[auth.reason]!);
    }
    req.apiClient = auth.client;
    const scope = auth.client.scope;
    if (need === 'write' && scope !== 'write')
      throw new ApiError(
        403,
        'The token may not write',
        'This token may not write values: ask an administrator for a token that may write values for your indicators.',
      );
    if (need === 'data' && scope === 'write')
      throw new ApiError(
        403,
        'The token may not read',
        'This token may only write values for its indicators; it reads nothing. Use a read token.',
      );
    if (need === 'data' && scope === 'public' && !o.publicData)
      throw new ApiError(
        403,
        'No public data yet',
        'This token may read public data only, and this Cairn does not publish any yet.',
      );
  });
  app.addHook('onResponse', async (req, reply) => {
    const tokenId = req.apiClient?.tokenId ?? req.apiRefusedTokenId;
    if (tokenId === null) return;
    o.uses.record({
      tokenId,
      at: o.clock.now().toISOString(),
      method: req.method,
      path: req.url.slice(0, 500),
      status: reply.statusCode,
      ip: req.ip,
    });
  });
}

/** Sends an ApiError (or another 4xx) as application/problem+json. */
export function sendProblem(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.statusCode === 401) reply.header('www-authenticate', CHALLENGE);
  return reply
    .code(e.statusCode)
    .type('application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ type: 'about:blank', title: e.title, status: e.statusCode, detail: e.detail, ...e.extra });
}
