/**
 * Signing in and out, and the signed-in person's own account page.
 */
import type { FastifyInstance } from 'fastify';
import { ROLE_LABEL } from '../../../app/access/roles.js';
import { signIn, signOut, signOutEverywhere } from '../../../app/access/sessions.js';
import { changeOwnPassword } from '../../../app/access/accounts.js';
import { PASSWORD_MIN_LENGTH } from '../../../app/access/passwords.js';
import type { Problem } from '../../../domain/problem.js';
import { errorSummary } from '../../error-summary.js';
import {
  cookieOptions,
  SESSION_COOKIE,
  signInCsrf,
  SIGN_IN_CSRF_COOKIE,
  type AccessOptions,
} from '../../access.js';
import { paths } from '../../paths.js';
import { form, readBody, text } from '../../body.js';
import { safeReturnPath } from '../../return-address.js';
import { ownerLandingRound } from '../../../app/collection/rounds.js';

const SignInBody = form({ email: text, password: text, return: text });
const PasswordBody = form({ current: text, password: text, confirm: text });

export function accountRoutes(app: FastifyInstance, o: AccessOptions): void {
  const signInPage = (csrf: string, returnTo: string, values: { email?: string; error?: string } = {}) => ({
    pageTitle: values.error ? 'Error: Sign in' : 'Sign in',
    csrf,
    returnTo,
    email: values.email ?? '',
    error: values.error ?? null,
  });

  app.get<{ Querystring: { return?: string } }>(
    paths.signIn(),
    { config: { access: 'public' } },
    (req, reply) => {
      const returnTo = safeReturnPath(req.query.return);
      if (req.session) return reply.redirect(returnTo, 303);
      return reply.render('account/sign-in.njk', signInPage(signInCsrf(req, reply, o), returnTo));
    },
  );

  const limit = {
    max: o.signInRateLimit.max,
    timeWindow: o.signInRateLimit.windowMinutes * 60_000,
  };
  app.post(paths.signIn(), { config: { access: 'public', rateLimit: limit } }, async (req, reply) => {
    const body = readBody(SignInBody, req.body);
    const email = body.email.slice(0, 320);
    const password = body.password.slice(0, 1000);
    const returnTo = safeReturnPath(body.return);
    const result =
      email.trim() && password
        ? await signIn(o.store, o.clock, email, password, o.policy)
        : { ok: false as const, locked: false, message: 'Enter your email address and password.' };
    if (!result.ok) {
      // Never the password; the email as typed (normalised), so an attack on one account shows.
      req.log.warn(
        {
          event: 'sign-in',
          outcome: result.locked ? 'locked' : 'failed',
          email: email.trim().toLowerCase(),
          ip: req.ip,
        },
        result.locked ? 'sign-in refused: account locked' : 'sign-in failed',
      );
      return reply
        .code(result.locked ? 429 : 400)
        .render(
          'account/sign-in.njk',
          signInPage(signInCsrf(req, reply, o), returnTo, { email, error: result.message }),
        );
    }
    req.log.info(
      {
        event: 'sign-in',
        outcome: 'signed-in',
        userId: result.user.id,
        email: result.user.email,
        ip: req.ip,
      },
      'signed in',
    );
    reply.clearCookie(SIGN_IN_CSRF_COOKIE, cookieOptions(req, o));
    reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(req, o));
    // A data owner who asked for nothing in particular starts at what they have to do.
    if (returnTo === '/' && result.user.role === 'owner') {
      const round = await ownerLandingRound(o.store, result.user);
      return reply.redirect(round === null ? paths.collection() : paths.yourUpdates(round), 303);
    }
    return reply.redirect(returnTo, 303);
  });

  app.post(paths.signOut(), { config: { access: 'signed-in' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await signOut(o.store, token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req, o));
    return reply.redirect(paths.signIn(), 303);
  });

  app.post(paths.signOutEverywhere(), { config: { access: 'signed-in' } }, async (req, reply) => {
    await signOutEverywhere(o.store, req.session!.user.id);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req, o));
    return reply.redirect(paths.signIn(), 303);
  });

  app.get<{ Querystring: { password?: string } }>(
    paths.account(),
    { config: { access: 'signed-in' } },
    (req, reply) => {
      const u = req.session!.user;
      return reply.render('account/account.njk', {
        pageTitle: 'Your account',
        name: u.name,
        email: u.email,
        role: ROLE_LABEL[u.role],
        idleMinutes: o.policy.idleMinutes,
        maxHours: o.policy.maxHours,
        passwordChanged: req.query.password === 'changed',
      });
    },
  );

  const passwordPage = (mustChange: boolean, problems: Problem[] = []) => {
    const { errorList, fieldErrors } = errorSummary(problems, { fallbackHref: '#current' });
    return {
      pageTitle: `${problems.length ? 'Error: ' : ''}Change your password`,
      mustChange,
      minLength: PASSWORD_MIN_LENGTH,
      errorList,
      fieldErrors,
    };
  };

  app.get(paths.changePassword(), { config: { access: 'signed-in' } }, (req, reply) =>
    reply.render('account/password.njk', passwordPage(req.session!.user.mustChangePassword)),
  );

  app.post(paths.changePassword(), { config: { access: 'signed-in' } }, async (req, reply) => {
    const s = req.session!;
    const result = await changeOwnPassword(
      o.store,
      s.user.id,
      s.tokenHash,
      readBody(PasswordBody, req.body),
      o.clock,
    );
    if (!result.ok)
      return reply
        .code(400)
        .render('account/password.njk', passwordPage(s.user.mustChangePassword, result.problems));
    req.log.info(
      { event: 'password-change', userId: s.user.id, otherSessionsEnded: result.endedSessions, ip: req.ip },
      'password changed',
    );
    return reply.redirect(`${paths.account()}?password=changed`, 303);
  });
}
