/**
 * Who is asking, and may they? On every request: read the session cookie, resolve the session from
 * the database, and check the route's declared access against the one written policy
 * (app/access/roles.ts). Every route must declare its access — registering one without is an error —
 * and every form post must carry the session's CSRF token (the sign-in form, before there is a
 * session, a double-submit token).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { allows, ROLE_LABEL, type Access } from '../app/access/roles.js';
import { resolveSession, type ActiveSession, type SessionPolicy } from '../app/access/sessions.js';
import type { Clock } from '../app/clock.js';
import type { Store } from '../app/store.js';
import { paths } from './paths.js';
import { form, readBody, text } from './body.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
  }
  interface FastifyInstance {
    /** Every route with the access it declared: the policy a test walks with every role. */
    routeAccess: { method: string; url: string; access: Access }[];
  }
}

export const SESSION_COOKIE = 'cairn_session';
export const SIGN_IN_CSRF_COOKIE = 'cairn_signin_csrf';

export interface AccessOptions {
  store: Store;
  clock: Clock;
  policy: SessionPolicy;
  /** Mark cookies Secure: always, never, or when the request came over HTTPS. */
  secureCookies: boolean | 'auto';
  /** Sign-in attempts allowed from one address (req.ip) in a window. */
  signInRateLimit: { max: number; windowMinutes: number };
}

export const DEFAULT_SIGN_IN_RATE_LIMIT = { max: 1000, windowMinutes: 1 };

/** Thrown by the per-address limit on sign-in: the error handler shows it as a page. */
export class TooManySignIns extends Error {
  readonly statusCode = 429;
  constructor(readonly minutes: number) {
    super('too many sign-in attempts from one address');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The CSRF token every form that changes something carries. */
const CsrfBody = form({ _csrf: text });

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function cookieOptions(req: FastifyRequest, o: AccessOptions, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: o.secureCookies === 'auto' ? req.protocol === 'https' : o.secureCookies,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** A token for the sign-in form (there is no session yet): set as a cookie and sent back in the form. */
export function signInCsrf(req: FastifyRequest, reply: FastifyReply, o: AccessOptions): string {
  const existing = req.cookies[SIGN_IN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(SIGN_IN_CSRF_COOKIE, token, cookieOptions(req, o, 3600));
  return token;
}

export function registerAccess(app: FastifyInstance, o: AccessOptions): void {
  app.register(cookie);
  app.decorateRequest('session', null);
  const table: { method: string; url: string; access: Access }[] = [];
  app.decorate('routeAccess', table);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return; // made from a GET, with its config
    const access = route.config?.access;
    if (!access)
      throw new Error(`Route ${methods.join(',')} ${route.url} must declare its access (config.access)`);
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('preHandler', async (req, reply) => {
    // The API and the OData feed are called with a bearer token, never a session: no cookie is read
    // (so no request to them is a cross-site form) and the token is checked by the API's own hook.
    if (req.routeOptions.config.access === 'api') return;
    const token = req.cookies[SESSION_COOKIE];
    req.session = token ? await resolveSession(o.store, o.clock, token, o.policy) : null;
    if (token && !req.session) reply.clearCookie(SESSION_COOKIE, cookieOptions(req, o));
    // Unknown URLs (the 404 handler) have no route config: they answer anyone with the 404 page.
    const access = req.routeOptions.config.access ?? 'public';
    if (!allows(access, req.session?.user.role ?? null)) {
      if (!req.session) {
        if (SAFE_METHODS.has(req.method)) return reply.redirect(paths.signIn({ return: req.url }), 303);
        return reply.code(401).render('error.njk', {
          pageTitle: 'Sign in',
          heading: 'You need to sign in',
          message: 'Your session has ended. Sign in again, then repeat what you were doing.',
        });
      }
      return reply.code(403).render('error.njk', {
        pageTitle: 'You do not have access',
        heading: 'You do not have access to this page',
        message: `You are signed in as ${req.session.user.name} (${ROLE_LABEL[req.session.user.role]}). Ask your administrator if you need access.`,
      });
    }
    // A password an administrator set works once: change it before anything else (signing out aside).
    // Nothing is done; every request (a form's too) goes to the change-password page.
    if (
      req.session?.user.mustChangePassword &&
      access !== 'public' &&
      ![paths.changePassword(), paths.signOut()].includes(req.routeOptions.url ?? '')
    )
      return reply.redirect(paths.changePassword(), 303);
    if (!SAFE_METHODS.has(req.method)) {
      // Every form carries it; a multipart form (a file upload) too, read the same way (body.ts).
      const sent = readBody(CsrfBody, req.body)._csrf;
      const expected = req.session ? req.session.csrfToken : req.cookies[SIGN_IN_CSRF_COOKIE];
      if (!expected || !sameToken(sent, expected)) {
        return reply.code(403).render('error.njk', {
          pageTitle: 'There is a problem',
          heading: 'This form has expired',
          message: 'For your security the form could not be sent. Go back, reload the page and try again.',
        });
      }
    }
  });
}
