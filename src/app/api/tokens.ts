/**
 * API tokens (issue 15): an administrator issues a named token with a scope and an expiry; the token
 * is shown once and only its SHA-256 is kept; it can be revoked; every use is logged (token-uses.ts).
 * Issuing and revoking are audited. A client sends it as `Authorization: Bearer <token>`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Problem } from '../../domain/problem.js';
import { transaction } from '../../storage/transaction.js';
import {
  findApiToken,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  listTokenUses,
  revokeApiTokenRow,
  tokenIndicatorIds,
  type ApiTokenRow,
} from '../../storage/api-tokens.js';
import { indicatorNumbers } from '../../storage/collection-repository.js';
import type { Store } from '../../storage/database.js';
import { recordChange, userActor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';

export const TOKEN_SCOPES = ['public', 'read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_LABEL: Record<TokenScope, string> = {
  public: 'Public data only',
  read: 'Internal read',
  write: 'Write values for named indicators',
};

export const SCOPE_HINT: Record<TokenScope, string> = {
  public: 'Reads only what is published on the public site, as anyone may without a token.',
  read: 'Reads everything internal (approved figures, ratings, plans and actions), as a viewer does.',
  write: 'Posts a period’s figures for the indicators you choose, as a return upload does. It reads nothing.',
};

/** How long a token may last, in days: the choices on the form. */
export const EXPIRY_DAYS = [30, 90, 365] as const;

export const isTokenScope = (s: unknown): s is TokenScope =>
  typeof s === 'string' && (TOKEN_SCOPES as readonly string[]).includes(s);

/** Who is calling the API with a token. */
export interface ApiClient {
  tokenId: number;
  name: string;
  scope: TokenScope;
  /** The indicators a write token may post values for (empty for the other scopes). */
  indicatorIds: ReadonlySet<number>;
  /** The administrator who issued it. */
  issuedBy: number;
}

const TOKEN_PREFIX = 'cairn_';
const TOKEN_SHAPE = /^cairn_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface IssueInput {
  name: string;
  scope: string;
  expiresInDays: string;
  indicatorIds: number[];
}

export type IssueResult =
  { ok: true; token: string; id: number; expiresAt: string } | { ok: false; problems: Problem[] };

export async function issueToken(
  store: Store,
  admin: { id: number; name: string },
  input: IssueInput,
  clock: Clock,
): Promise<IssueResult> {
  const problems: Problem[] = [];
  const name = input.name.trim();
  if (!name)
    problems.push({ field: 'name', message: 'Enter a name for the token, like “Power BI dashboard”' });
  else if (name.length > 100)
    problems.push({
      field: 'name',
      message: `The name must be 100 characters or fewer (it is ${name.length})`,
    });
  if (!isTokenScope(input.scope)) problems.push({ field: 'scope', message: 'Choose what the token may do' });
  const days = Number(input.expiresInDays);
  if (!(EXPIRY_DAYS as readonly number[]).includes(days))
    problems.push({ field: 'expiresInDays', message: 'Choose when the token expires' });
  const ids = [...new Set(input.indicatorIds)];
  if (input.scope === 'write') {
    if (!ids.length)
      problems.push({ field: 'indicators', message: 'Choose the indicators the token may write values for' });
    else if ((await indicatorNumbers(store.db, ids)).length !== ids.length)
      problems.push({
        field: 'indicators',
        message: 'One of the indicators chosen no longer exists: choose again',
      });
  }
  if (problems.length) return { ok: false, problems };
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const scope = input.scope as TokenScope;
  const row = await transaction(store.db, async (trx) => {
    const r = await insertApiToken(trx, {
      name,
      scope,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, 12),
      createdBy: admin.id,
      createdAt: now.toISOString(),
      expiresAt,
      indicatorIds: scope === 'write' ? ids : [],
    });
    await recordChange(
      trx,
      userActor(admin),
      {
        action: 'api-token.issue',
        entity: 'api_token',
        entityId: r.id,
        after: { name, scope, expiresAt, prefix: r.token_prefix, indicatorIds: scope === 'write' ? ids : [] },
      },
      clock,
    );
    return r;
  });
  return { ok: true, token, id: row.id, expiresAt };
}

export async function revokeToken(
  store: Store,
  admin: { id: number; name: string },
  tokenId: number,
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const before = await findApiToken(trx, tokenId);
    if (!before) throw notFound(`There is no API token ${tokenId}.`);
    if (!(await revokeApiTokenRow(trx, tokenId, admin.id, isoNow(clock))))
      throw new CairnError('CONFLICT', `The token “${before.name}” was already revoked.`);
    await recordChange(
      trx,
      userActor(admin),
      {
        action: 'api-token.revoke',
        entity: 'api_token',
        entityId: tokenId,
        before: { name: before.name, scope: before.scope, revokedAt: null },
        after: { revokedAt: isoNow(clock) },
      },
      clock,
    );
  });
}

export type TokenState = 'active' | 'expired' | 'revoked';

export const tokenState = (t: { revoked_at: string | null; expires_at: string }, clock: Clock): TokenState =>
  t.revoked_at ? 'revoked' : t.expires_at <= isoNow(clock) ? 'expired' : 'active';

export type Authentication =
  | { ok: true; client: ApiClient }
  | { ok: false; reason: 'malformed' | 'unknown' }
  /** A token Cairn issued that no longer works: its attempted use is logged against it. */
  | { ok: false; reason: 'expired' | 'revoked'; tokenId: number };

/** The client a bearer token names, if it is a live token. */
export async function authenticate(store: Store, clock: Clock, token: string): Promise<Authentication> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
  const hash = hashToken(token);
  const row = await findApiTokenByHash(store.db, hash);
  // The lookup is by hash; the comparison is made again in constant time all the same.
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash)))
    return { ok: false, reason: 'unknown' };
  const state = tokenState(row, clock);
  if (state !== 'active') return { ok: false, reason: state, tokenId: row.id };
  return {
    ok: true,
    client: {
      tokenId: row.id,
      name: row.name,
      scope: isTokenScope(row.scope) ? row.scope : 'public',
      indicatorIds: new Set(row.indicatorIds),
      issuedBy: row.created_by,
    },
  };
}

export const listTokens = (store: Store): Promise<ApiTokenRow[]> => listApiTokens(store.db);

export interface TokenDetail {
  token: ApiTokenRow;
  indicators: { id: number; number: string }[];
  uses: { id: number; at: string; method: string; path: string; status: number; ip: string }[];
}

/** One token, the indicators it may write and its latest 100 uses. */
export async function tokenDetail(store: Store, tokenId: number): Promise<TokenDetail> {
  const token = await findApiToken(store.db, tokenId);
  if (!token) throw notFound(`There is no API token ${tokenId}.`);
  const ids = await tokenIndicatorIds(store.db, tokenId);
  return {
    token,
    indicators: ids.length ? await indicatorNumbers(store.db, ids) : [],
    uses: await listTokenUses(store.db, tokenId, 100),
  };
}

export type { ApiTokenRow };
