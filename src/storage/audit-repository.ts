/**
 * The audit trail: an append-only, hash-chained record of every change.
 *
 * The database refuses UPDATE and DELETE of `audit_event` rows (and TRUNCATE on PostgreSQL) with
 * triggers (migration 0003), so this module only ever inserts and reads.
 *
 * ## The chain
 *
 * Each record carries `prev_hash`, the `hash` of the record before it (the one with the next lower
 * id), or 64 zeros for the first record, and `hash`, computed as:
 *
 *     hash = lowercase hex of SHA-256( UTF-8 bytes of JSON.stringify([
 *              prev_hash, at, actor, actor_name, action, entity, entity_id, before, after, reason
 *            ]) )
 *
 * that is, a JSON array of exactly ten elements, in that order, with no whitespace. Every element
 * is the column's value exactly as stored: a JSON string, or JSON `null` where the column is null
 * (only `before`, `after` and `reason` can be). `before` and `after` are hashed as the stored text
 * (a string containing JSON), not as parsed JSON. Strings are escaped as ECMAScript's
 * JSON.stringify does: `"` and `\` with a backslash, U+0008/0009/000A/000C/000D as \b \t \n \f \r,
 * other characters below U+0020 as \u00xx (lowercase hex), lone surrogates as \udxxx; everything
 * else, including non-ASCII, as itself. Python's
 * `json.dumps(row, separators=(',', ':'), ensure_ascii=False)` produces the same bytes.
 *
 * Example (the first record): hash = sha256('["000…000","2025-04-01T09:00:00.000Z","user:3",
 * "Jane Smith","value.update","indicator_value","42","{\"actual\":10}","{\"actual\":12}",null]').
 *
 * ## Schemes: the keyed chain
 *
 * A plain SHA-256 chain can be recomputed by anyone who can write to the database (drop the
 * triggers, change a record, rehash everything after it). So each record names its `scheme`:
 *
 * - `sha256`: the hash above (every record before migration 0010, and any written without a key);
 * - `hmac-sha256`: HMAC-SHA-256 of the same bytes with the audit key, which is kept outside the
 *   database (CAIRN_AUDIT_KEY, or a key file; see docs/operations.md). Without the key no one can
 *   make a record that verifies.
 *
 * Once a keyed record appears, every later record must be keyed: a plain record after a keyed one
 * is a rewrite. The key is set once per process with useAuditKey (the server, worker and CLI do it
 * at start-up); without one, records are written with the plain scheme, as before.
 *
 * Deleting the newest records leaves a shorter chain that still links up: checkpoints of the head,
 * signed with the key and written outside the database (audit-checkpoints.ts), catch that.
 *
 * ## before / after
 *
 * Stored as canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as JSON.stringify writes them, `toJSON()` honoured (so dates
 * become ISO strings), properties whose value is undefined, a function or a symbol left out (in
 * arrays they become null), non-finite numbers written as null. A bigint is refused. `undefined`
 * as the whole value is stored as SQL NULL (JSON `null` is stored as the text `null`).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';
import type { AuditEventRecord, Database } from './schema.js';

export interface AuditInput {
  /** Who: 'user:3', 'cli:<os user>' or 'system'. */
  actor: string;
  actorName: string;
  /** What, e.g. 'value.update', 'user.create'. */
  action: string;
  /** The table or kind of thing changed, e.g. 'indicator_value'. */
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  /** How many records to return (1 to 1000; default 100). */
  limit?: number;
  /**
   * A cursor for the next page: only records that come after this id in the listing's order, that is
   * records older than it (id < afterId). Pass the id of the last record of the previous page.
   */
  afterId?: number;
}

export type AuditVerification =
  | { ok: true; count: number; head: { id: number; hash: string } | null; keyed: number }
  | { ok: false; count: number; brokenAt: { id: number; reason: string } };

export type AuditScheme = 'sha256' | 'hmac-sha256';

let auditKey: Buffer | null = null;

/** Sets the audit key this process chains new records with (null: the plain scheme). */
export function useAuditKey(key: Buffer | null): void {
  if (key && key.length < 32) throw new RangeError('The audit key must be at least 32 bytes.');
  auditKey = key;
}

/** The audit key set with useAuditKey, if any. */
export function currentAuditKey(): Buffer | null {
  return auditKey;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The PostgreSQL advisory lock that serialises appends: the ASCII bytes of 'cairnaud' as a bigint. */
const AUDIT_LOCK_KEY = '7161120546541494628'; // 0x636169726e617564

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const VERIFY_PAGE = 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Canonical JSON of a value (see the module comment); undefined for undefined, a function or a symbol. */
export function canonicalJson(value: unknown): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint cannot be written as JSON');
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((v) => canonicalJson(v) ?? 'null').join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = canonicalJson(obj[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

type Hashed = Pick<
  AuditEventRecord,
  | 'prev_hash'
  | 'at'
  | 'actor'
  | 'actor_name'
  | 'action'
  | 'entity'
  | 'entity_id'
  | 'before'
  | 'after'
  | 'reason'
>;

/** The hash of a record, from its stored columns (see the module comment for the exact bytes). */
export function auditHash(r: Hashed, scheme: AuditScheme = 'sha256', key: Buffer | null = null): string {
  const fields = [
    r.prev_hash,
    r.at,
    r.actor,
    r.actor_name,
    r.action,
    r.entity,
    r.entity_id,
    r.before,
    r.after,
    r.reason,
  ];
  if (scheme === 'hmac-sha256') {
    if (!key) throw new Error('auditHash: the keyed scheme needs the audit key');
    return createHmac('sha256', key).update(JSON.stringify(fields), 'utf8').digest('hex');
  }
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

/**
 * Appends a record to the audit trail and returns it.
 *
 * Pass the transaction that makes the change, so the change and its record commit (or roll back)
 * together. Given a database that is not in a transaction, the append runs in a transaction of its
 * own, which keeps the chain whole but no longer ties the record to the change.
 *
 * Appends are serialised so the chain never forks: on PostgreSQL with a transaction-scoped advisory
 * lock, held until the caller's transaction ends (the transaction must be READ COMMITTED, the
 * default, so that it sees the record committed by the previous holder of the lock); on SQLite by
 * the database's single writer (a transaction whose snapshot is stale fails rather than forks).
 *
 * `now` is the time of the change: an ISO 8601 UTC timestamp, e.g. `clock.now().toISOString()`.
 */
export async function appendAudit(
  db: Kysely<Database>,
  event: AuditInput,
  now: string,
): Promise<AuditEventRecord> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, event, now));
  if (!ISO_UTC.test(now)) throw new RangeError(`appendAudit: "${now}" is not an ISO 8601 UTC timestamp`);

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ isolation: string }>`
      select pg_advisory_xact_lock(${sql.raw(AUDIT_LOCK_KEY)}) as locked,
             current_setting('transaction_isolation') as isolation`.execute(db);
    const isolation = rows[0]?.isolation;
    if (isolation !== 'read committed') {
      throw new Error(`appendAudit needs a READ COMMITTED transaction on PostgreSQL, not ${isolation}`);
    }
  }

  const last = await db
    .selectFrom('audit_event')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

  const row: Hashed = {
    prev_hash: last?.hash ?? GENESIS_HASH,
    at: now,
    actor: event.actor,
    actor_name: event.actorName,
    action: event.action,
    entity: event.entity,
    entity_id: String(event.entityId),
    before: canonicalJson(event.before) ?? null,
    after: canonicalJson(event.after) ?? null,
    reason: event.reason ?? null,
  };
  const key = auditKey;
  const scheme: AuditScheme = key ? 'hmac-sha256' : 'sha256';
  return db
    .insertInto('audit_event')
    .values({ ...row, hash: auditHash(row, scheme, key), scheme })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Audit records, newest first, optionally for one entity (and one of its ids). */
export async function listAudit(db: Kysely<Database>, filter: AuditFilter = {}): Promise<AuditEventRecord[]> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  return db
    .selectFrom('audit_event')
    .selectAll()
    .$if(filter.entity !== undefined, (q) => q.where('entity', '=', filter.entity!))
    .$if(filter.entityId !== undefined, (q) => q.where('entity_id', '=', filter.entityId!))
    .$if(filter.afterId !== undefined, (q) => q.where('id', '<', filter.afterId!))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * An indicator's history, newest first: the records about the indicator itself (entity 'indicator')
 * and about its targets and figures ('indicator_target', 'indicator_value') whose rows still exist.
 */
/** Who made the latest change to one thing, and when. */
export async function lastChangeTo(
  db: Kysely<Database>,
  entity: string,
  entityId: string,
): Promise<{ actor_name: string; at: string } | undefined> {
  return db
    .selectFrom('audit_event')
    .select(['actor_name', 'at'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function indicatorHistory(
  db: Kysely<Database>,
  indicatorId: number,
  page: Pick<AuditFilter, 'limit' | 'afterId'> = {},
): Promise<AuditEventRecord[]> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const id = String(indicatorId);
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'indicator'), eb('entity_id', '=', id)]),
        eb.and([
          eb('entity', '=', 'indicator_target'),
          eb(
            'entity_id',
            'in',
            eb
              .selectFrom('indicator_target')
              .select(sql<string>`cast(indicator_target.id as text)`.as('id'))
              .where('indicator_target.indicator_id', '=', indicatorId),
          ),
        ]),
        // Figures entered in a collection round are recorded as "<indicator id>/<period code>".
        eb.and([eb('entity', '=', 'indicator_value'), eb('entity_id', 'like', `${id}/%`)]),
        eb.and([
          eb('entity', '=', 'indicator_value'),
          eb(
            'entity_id',
            'in',
            eb
              .selectFrom('indicator_value')
              .select(sql<string>`cast(indicator_value.id as text)`.as('id'))
              .where('indicator_value.indicator_id', '=', indicatorId),
          ),
        ]),
      ]),
    )
    .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Checks the whole chain, in id order, a page at a time: each record's hash must match its contents
 * and its prev_hash must be the previous record's hash (64 zeros for the first). Stops at the first
 * broken link. `count` is the number of records checked (up to and including a broken one).
 * `pageSize` (default 1000) is how many records are read at a time.
 */
export async function verifyAudit(
  db: Kysely<Database>,
  options: { pageSize?: number; key?: Buffer | null } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? VERIFY_PAGE;
  const key = options.key === undefined ? auditKey : options.key;
  let prevId: number | null = null;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let keyed = 0;
  for (;;) {
    const afterId: number | null = prevId;
    const rows: AuditEventRecord[] = await db
      .selectFrom('audit_event')
      .selectAll()
      .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      count++;
      if (row.prev_hash !== prevHash) {
        const reason =
          prevId === null
            ? 'it is the first record but its previous hash is not the starting value (64 zeros)'
            : `its previous hash does not match the hash of record #${prevId} (a record between them was removed or inserted, or the hashes were rewritten)`;
        return { ok: false, count, brokenAt: { id: row.id, reason } };
      }
      const broken = (reason: string) => ({ ok: false as const, count, brokenAt: { id: row.id, reason } });
      if (row.scheme !== 'sha256' && row.scheme !== 'hmac-sha256')
        return broken(`its hash scheme "${row.scheme}" is not one Cairn writes`);
      if (row.scheme === 'sha256' && keyed > 0)
        return broken(
          'it has a plain hash after records keyed with the audit key (records were rewritten by someone without the key)',
        );
      if (row.scheme === 'hmac-sha256' && !key)
        return broken(
          'it is keyed with the audit key, which is not configured here: set CAIRN_AUDIT_KEY or CAIRN_AUDIT_KEY_FILE as the server has it',
        );
      if (row.scheme === 'hmac-sha256') keyed++;
      if (auditHash(row, row.scheme, key) !== row.hash) {
        return {
          ok: false,
          count,
          brokenAt: { id: row.id, reason: 'its contents do not match its hash (the record was altered)' },
        };
      }
      prevId = row.id;
      prevHash = row.hash;
    }
    if (rows.length < pageSize)
      return { ok: true, count, head: prevId === null ? null : { id: prevId, hash: prevHash }, keyed };
  }
}

/** The `n`th record in id order (1-based), as a checkpoint names it; undefined past the end. */
export async function auditRecordAt(
  db: Kysely<Database>,
  n: number,
): Promise<Pick<AuditEventRecord, 'id' | 'hash'> | undefined> {
  if (n < 1) return undefined;
  return db
    .selectFrom('audit_event')
    .select(['id', 'hash'])
    .orderBy('id')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
}
