/**
 * API tokens (migration 0023): issued, found by the hash of what a client sends, listed, revoked, and
 * their uses appended in batches.
 */
import type { Kysely } from 'kysely';
import type { ApiTokenRecord, Database } from './schema.js';

type Db = Kysely<Database>;

export interface NewApiToken {
  name: string;
  scope: string;
  tokenHash: string;
  tokenPrefix: string;
  createdBy: number;
  createdAt: string;
  expiresAt: string;
  indicatorIds: number[];
}

export interface ApiTokenRow extends ApiTokenRecord {
  created_by_name: string | null;
  revoked_by_name: string | null;
}

export async function insertApiToken(db: Db, t: NewApiToken): Promise<ApiTokenRecord> {
  const row = await db
    .insertInto('api_token')
    .values({
      name: t.name,
      scope: t.scope,
      token_hash: t.tokenHash,
      token_prefix: t.tokenPrefix,
      created_by: t.createdBy,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (t.indicatorIds.length)
    await db
      .insertInto('api_token_indicator')
      .values(t.indicatorIds.map((id) => ({ token_id: row.id, indicator_id: id })))
      .execute();
  return row;
}

/** The token whose hash this is, with the indicators it may write. */
export async function findApiTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<(ApiTokenRecord & { indicatorIds: number[] }) | undefined> {
  const row = await db
    .selectFrom('api_token')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, indicatorIds: await tokenIndicatorIds(db, row.id) };
}

export async function tokenIndicatorIds(db: Db, tokenId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('api_token_indicator')
    .select('indicator_id')
    .where('token_id', '=', tokenId)
    .orderBy('indicator_id')
    .execute();
  return rows.map((r) => r.indicator_id);
}

const withNames = (db: Db) =>
  db
    .selectFrom('api_token')
    .leftJoin('user_account as issuer', 'issuer.id', 'api_token.created_by')
    .leftJoin('user_account as revoker', 'revoker.id', 'api_token.revoked_by')
    .selectAll('api_token')
    .select(['issuer.name as created_by_name', 'revoker.name as revoked_by_name']);

/** Every token, newest first. */
export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return withNames(db).orderBy('api_token.id', 'desc').execute();
}

export function findApiToken(db: Db, id: number): Promise<ApiTokenRow | undefined> {
  return withNames(db).where('api_token.id', '=', id).executeTakeFirst();
}

/** Revokes a token not yet revoked; false when it was already (or does not exist). */
export async function revokeApiTokenRow(db: Db, id: number, by: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ApiTokenUse {
  tokenId: number;
  at: string;
  method: string;
  path: string;
  status: number;
  ip: string;
}

/** Appends uses (one batch) and moves each token's last use and count. */
export async function appendTokenUses(db: Db, uses: ApiTokenUse[]): Promise<void> {
  if (!uses.length) return;
  await db
    .insertInto('api_token_use')
    .values(
      uses.map((u) => ({
        token_id: u.tokenId,
        at: u.at,
        method: u.method,
        path: u.path,
        status: u.status,
        ip: u.ip,
      })),
    )
    .execute();
  const byToken = new Map<number, { last: string; count: number }>();
  for (const u of uses) {
    const t = byToken.get(u.tokenId) ?? { last: u.at, count: 0 };
    t.count += 1;
    if (u.at > t.last) t.last = u.at;
    byToken.set(u.tokenId, t);
  }
  for (const [id, t] of byToken)
    await db
      .updateTable('api_token')
      .set((eb) => ({ last_used_at: t.last, use_count: eb('use_count', '+', t.count) }))
      .where('id', '=', id)
      .execute();
}

/** A token's latest uses, newest first. */
export function listTokenUses(
  db: Db,
  tokenId: number,
  limit: number,
): Promise<{ id: number; at: string; method: string; path: string; status: number; ip: string }[]> {
  return db
    .selectFrom('api_token_use')
    .select(['id', 'at', 'method', 'path', 'status', 'ip'])
    .where('token_id', '=', tokenId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
