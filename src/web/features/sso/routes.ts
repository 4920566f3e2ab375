/**
 * Single sign-on: the "Sign in with …" link leaves for the provider, and the callback comes back.
 * Both are public. Every failure answers with a page that says what to do, and never a session.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signInWithIdentity, type ExternalIdentity } from '../../../app/access/single-sign-on.js';
import { cookieOptions, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE, type AccessOptions } from '../../access.js';
import { paths } from '../../paths.js';
import { safeReturnPath } from '../../return-address.js';
import {
  OidcClient,
  oidcRefusal,
  SSO_COOKIE,
  SSO_MAX_SECONDS,
  SsoUnavailable,
  type SsoSettings,
} from './oidc.js';
import { refusalPage } from './presenter.js';

const PUBLIC = { config: { access: 'public' as const } };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Claims the ID token carries that Cairn uses: `iss`, `sub`, `email`, `email_verified` / `xms_edov`. */
function identityOf(claims: Record<string, unknown>): ExternalIdentity {
  const verified = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';
  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    email: typeof claims.email === 'string' && claims.email.trim() ? claims.email : null,
    emailVerified: verified(claims.email_verified) || verified(claims.xms_edov),
  };
}

export function ssoRoutes(app: FastifyInstance, o: AccessOptions, settings: SsoSettings | null): void {
  const oidc = settings ? new OidcClient(settings) : null;
  const name = settings?.name ?? '';

  const page = (reply: FastifyReply, status: number, p: { heading: string; message: string }) =>
    reply.code(status).render('sso/problem.njk', { pageTitle: p.heading, ...p });

  const notSetUp = (reply: FastifyReply) =>
    page(reply, 404, {
      heading: 'Single sign-on is not set up',
      message: 'This Cairn does not use single sign-on. Sign in with your email address and password.',
    });

  const unavailable = (reply: FastifyReply) =>
    page(reply, 503, {
      heading: `Cairn cannot reach ${name} at the moment`,
      message: `Try again in a few minutes. If it keeps happening, tell your council's IT service desk.`,
    });

  const ssoCookieOptions = (req: FastifyRequest, maxAge?: number) => ({
    ...cookieOptions(req, o, maxAge),
    path: paths.signInSso(),
  });

  app.get<{ Querystring: { return?: string } }>(paths.signInSso(), PUBLIC, async (req, reply) => {
    if (!oidc) return notSetUp(reply);
    const returnTo = safeReturnPath(req.query.return);
    if (req.session) return reply.redirect(returnTo, 303);
    try {
      const { url, pending } = await oidc.begin(returnTo, o.clock.now());
      reply.setCookie(SSO_COOKIE, oidc.seal(pending), ssoCookieOptions(req, SSO_MAX_SECONDS));
      return reply.redirect(url.href, 303);
    } catch (e) {
      if (!(e instanceof SsoUnavailable)) throw e;
      req.log.warn({ err: e }, 'single sign-on: discovery failed');
      return unavailable(reply);
    }
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(
    paths.ssoCallback(),
    PUBLIC,
    async (req, reply) => {
      if (!oidc) return notSetUp(reply);
      const pending = oidc.unseal(req.cookies[SSO_COOKIE], o.clock.now());
      // One use only: whatever happens next, this browser's sign-in attempt is over.
      reply.clearCookie(SSO_COOKIE, ssoCookieOptions(req));
      const startAgain = {
        heading: 'Sign in again',
        message: `This sign-in has expired or has already been used. Go back to the sign-in page and choose “Sign in with ${name}” again.`,
      };
      if (!pending) return page(reply, 400, startAgain);
      const state = req.query.state;
      if (typeof state !== 'string' || !sameText(state, pending.state)) {
        req.log.warn('single sign-on: the state did not match');
        return page(reply, 400, {
          heading: 'Sign in again',
          message: `The answer from ${name} did not match the sign-in started in this browser, so Cairn did not sign you in. Go back to the sign-in page and try again.`,
        });
      }
      let claims: Record<string, unknown>;
      try {
        claims = await oidc.finish(new URL(req.url, 'http://x').search, pending);
      } catch (e) {
        if (e instanceof SsoUnavailable) return unavailable(reply);
        req.log.warn({ err: e }, 'single sign-on: the callback was refused');
        const refusal = await oidcRefusal(e);
        if (refusal?.kind === 'provider')
          return page(reply, 401, {
            heading: `${name} did not sign you in`,
            message:
              refusal.error === 'access_denied'
                ? `Signing in was cancelled, or ${name} did not allow it. Try again, or ask your administrator.`
                : `${name} reported a problem (${refusal.error.slice(0, 60)}). Try again; if it keeps happening, tell your council's IT service desk.`,
          });
        if (refusal?.kind === 'bad-response') return page(reply, 400, startAgain);
        if (e instanceof TypeError) return unavailable(reply);
        return page(reply, 401, {
          heading: 'Cairn could not confirm who you are',
          message: `The answer from ${name} could not be checked, so Cairn did not sign you in. Go back to the sign-in page and try again.`,
        });
      }
      const result = await signInWithIdentity(o.store, o.clock, identityOf(claims), o.policy);
      if (!result.ok) return page(reply, 403, refusalPage(result, name));
      req.log.info({ userId: result.userId, method: 'oidc', linked: result.linked }, 'signed in');
      reply.clearCookie(SIGN_IN_CSRF_COOKIE, cookieOptions(req, o));
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(req, o));
      return reply.redirect(safeReturnPath(pending.returnTo), 303);
    },
  );
}
