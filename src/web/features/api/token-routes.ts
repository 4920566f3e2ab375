/**
 * API tokens for administrators (issue 15): the list with each token's scope, expiry, last use and
 * state; issuing one (named, scoped, expiring; a write token names its indicators), shown once;
 * one token's uses; revoking. The rules and the audit are app/api/tokens.ts.
 */
import type { FastifyInstance } from 'fastify';
import {
  EXPIRY_DAYS,
  issueToken,
  listTokens,
  revokeToken,
  SCOPE_HINT,
  SCOPE_LABEL,
  TOKEN_SCOPES,
  tokenDetail,
  tokenState,
  type ApiTokenRow,
  type TokenScope,
} from '../../../app/api/tokens.js';
import { planIndicatorPlaces } from '../../../app/collection/reading.js';
import { CairnError } from '../../../app/errors.js';
import { livePlans } from '../../../app/performance.js';
import type { Problem } from '../../../domain/problem.js';
import { form, list, readBody, text } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { requireId } from '../../params.js';
import { paths, routePatterns } from '../../paths.js';
import { errorView } from '../collection/presenter.js';

const ADMIN = { config: { access: 'manage-api-tokens' as const } };
const NewTokenBody = form({ name: text, scope: text, expiresInDays: text, indicators: list });
type TokenParams = { Params: { tokenId: string } };

const STATE_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;
const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'Never');

export function apiTokenRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  const view = (t: ApiTokenRow) => ({
    id: t.id,
    name: t.name,
    scope: SCOPE_LABEL[t.scope as TokenScope] ?? t.scope,
    prefix: t.token_prefix,
    issued: `${when(t.created_at)} by ${t.created_by_name ?? 'unknown'}`,
    expires: when(t.expires_at),
    lastUsed: when(t.last_used_at),
    uses: t.use_count,
    state: STATE_LABEL[tokenState(t, clock)],
    revoked: t.revoked_at ? `${when(t.revoked_at)} by ${t.revoked_by_name ?? 'unknown'}` : null,
    url: paths.apiToken(t.id),
  });

  async function formView(values: Record<string, string | string[]>, problems: Problem[]) {
    const plan = (await livePlans(store))[0];
    const chosen = new Set(Array.isArray(values.indicators) ? values.indicators : []);
    const indicators = plan
      ? (await planIndicatorPlaces(store, plan.id)).map((i) => ({
          value: String(i.id),
          text: `${i.number}. ${i.title}`,
          checked: chosen.has(String(i.id)),
        }))
      : [];
    return {
      values,
      ...errorView(problems),
      planTitle: plan?.title ?? null,
      scopes: TOKEN_SCOPES.map((s) => ({
        value: s,
        text: SCOPE_LABEL[s],
        hint: SCOPE_HINT[s],
        checked: values.scope === s,
      })),
      expiries: EXPIRY_DAYS.map((d) => ({
        value: String(d),
        text: d === 365 ? '1 year' : `${d} days`,
        checked: values.expiresInDays === String(d),
      })),
      indicators,
    };
  }

  app.get(paths.apiTokens(), ADMIN, async (_req, reply) =>
    reply.render('api/tokens.njk', {
      pageTitle: 'API tokens',
      tokens: (await listTokens(store)).map(view),
    }),
  );

  app.get(paths.newApiToken(), ADMIN, async (_req, reply) =>
    reply.render('api/token-new.njk', {
      pageTitle: 'Issue an API token',
      ...(await formView({ scope: 'read', expiresInDays: '90' }, [])),
    }),
  );

  app.post(paths.newApiToken(), ADMIN, async (req, reply) => {
    const body = readBody(NewTokenBody, req.body);
    const result = await issueToken(
      store,
      req.session!.user,
      {
        name: body.name,
        scope: body.scope,
        expiresInDays: body.expiresInDays,
        indicatorIds: body.indicators.map(Number).filter((n) => Number.isInteger(n) && n > 0),
      },
      clock,
    );
    if (!result.ok)
      return reply.code(400).render('api/token-new.njk', {
        pageTitle: 'Error: Issue an API token',
        ...(await formView({ ...body }, result.problems)),
      });
    return reply.render('api/token-issued.njk', {
      pageTitle: 'API token issued',
      name: body.name.trim(),
      token: result.token,
      expires: when(result.expiresAt),
      tokenUrl: paths.apiToken(result.id),
      tokensUrl: paths.apiTokens(),
    });
  });

  app.get<TokenParams>(routePatterns.apiToken, ADMIN, async (req, reply) => {
    const d = await tokenDetail(store, requireId(req.params.tokenId, 'There is no such API token.'));
    const t = view(d.token);
    const row = (key: string, value: string | number) => ({
      key: { text: key },
      value: { text: String(value) },
    });
    return reply.render('api/token.njk', {
      pageTitle: `API token: ${d.token.name}`,
      token: t,
      rows: [
        row('May', t.scope),
        ...(d.indicators.length ? [row('Indicators', d.indicators.map((i) => i.number).join(', '))] : []),
        row('Starts with', `${t.prefix}…`),
        row('Issued', t.issued),
        row('Expires', t.expires),
        row('Status', t.revoked ? `${t.state} ${t.revoked}` : t.state),
        row('Last used', t.lastUsed),
        row('Uses', t.uses),
      ],
      active: tokenState(d.token, clock) === 'active',
      uses: d.uses.map((u) => ({ ...u, at: when(u.at) })),
      revokeAction: paths.revokeApiToken(d.token.id),
      tokensUrl: paths.apiTokens(),
    });
  });

  app.post<TokenParams>(routePatterns.revokeApiToken, ADMIN, async (req, reply) => {
    const id = requireId(req.params.tokenId, 'There is no such API token.');
    try {
      await revokeToken(store, req.session!.user, id, clock);
    } catch (e) {
      // Revoked twice (two administrators at once): it is revoked, which is what was asked.
      if (!(e instanceof CairnError && e.code === 'CONFLICT')) throw e;
    }
    return reply.redirect(paths.apiToken(id), 303);
  });
}
