/**
 * The upgrade path (issue 17), on SQLite and on PostgreSQL. A database is built the way each earlier
 * release left it: migrated only as far as that release's last migration (Kysely's `migrateTo`), with
 * that release's data put in by plain SQL — written against that schema, as the release wrote it.
 * Then `cairn db migrate --dry-run` lists what is left, the database is migrated to this release, and
 * every row is still there with its meaning (new columns take their defaults), the audit trail made
 * before the key existed still verifies (and goes on, keyed), a session from before still signs in,
 * and the pages show the old figures.
 *
 * The releases, by their last migration (docs/operations.md, "Upgrading"): 0001 the framework and
 * figures, 0003 accounts and the audit trail, 0004 the collection round, 0006 improvement plans, 0012
 * the security release (the last before this one's 0013).
 */
import { createHash } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import { cliActor, currentAuditKey, useAuditKey, verifyAuditTrail } from '../../src/app/audit.js';
import { pendingMigrations } from '../../src/app/operations.js';
import { buildCli } from '../../src/main/cli.js';
import { auditHash, GENESIS_HASH } from '../../src/storage/audit-repository.js';
import { migrate, openStore, type Store } from '../../src/storage/database.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';
import { testBrand } from '../support/web.js';

/** Every migration of this release after the security release's 0012, in order. */
const AFTER_0012 = Object.keys(await migrationProvider.getMigrations()).filter(
  (name) => name > '0012_security',
);

const BEFORE = '2017-04-03T09:00:00.000Z';
const TOKEN = 'a-session-token-from-the-last-release';
const KEY = 'd4'.repeat(32);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function insert(db: AnyDb, table: string, row: Record<string, unknown>): Promise<number> {
  const r = await db.insertInto(table).values(row).returning('id').executeTakeFirstOrThrow();
  return Number((r as { id: number }).id);
}

async function migrateTo(db: AnyDb, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
  if (error) throw error;
}

/** A record as releases 0003 to 0012 chained them: the plain SHA-256 scheme, no key. */
function plainRecord(prev: string, n: number, entity: string, entityId: string) {
  const r = {
    prev_hash: prev,
    at: `2017-04-0${n}T10:00:00.000Z`,
    actor: 'cli:ops',
    actor_name: 'ops',
    action: `${entity}.import`,
    entity,
    entity_id: entityId,
    before: null,
    after: JSON.stringify({ n }),
    reason: null,
  };
  return { ...r, hash: auditHash(r, 'sha256', null) };
}

for (const dialect of DIALECTS) {
  describe(`upgrading from each earlier release [${dialect}]`, () => {
    let testDb: TestDatabase;
    let store: Store;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      testDb = await createTestDatabase(dialect);
      store = openStore(testDb.url);
      const db = store.db as unknown as AnyDb;

      // 0001: the framework, its targets and a figure.
      await migrateTo(db, '0001_framework');
      await sql`update council set name = 'Upgrade Council', short_name = 'Upgrade'`.execute(db);
      ids.directorate = await insert(db, 'directorate', { code: 'CS', name: "Children's Services" });
      ids.plan = await insert(db, 'plan', {
        title: 'Corporate Plan 2017-18',
        years: '2017-18',
        first_year: '2017-18',
        last_year: '2017-18',
        status: 'approved',
        approved_by: 'Cabinet',
        approved_on: '2017-03-21',
        created_at: BEFORE,
      });
      ids.priority = await insert(db, 'priority', {
        plan_id: ids.plan,
        code: 'P1',
        title: 'Thriving communities',
        position: 1,
      });
      ids.outcome = await insert(db, 'outcome', {
        plan_id: ids.plan,
        priority_id: ids.priority,
        code: 'O1',
        title: 'Children are safe',
        directorate_id: ids.directorate,
        position: 1,
      });
      ids.indicator = await insert(db, 'indicator', {
        plan_id: ids.plan,
        outcome_id: ids.outcome,
        number: '1',
        title: 'Children in need seen within 10 working days',
        unit: 'percent',
        polarity: 'higher',
        frequency: 'quarterly',
        position: 1,
      });
      await insert(db, 'indicator_target', {
        indicator_id: ids.indicator,
        period_code: '2017-18-Q1',
        target_text: '85%',
      });
      await insert(db, 'indicator_value', {
        indicator_id: ids.indicator,
        period_code: '2017-18-Q1',
        actual: 88.5,
        commentary: 'Reported before any upgrade.',
        outlook: 'stable',
        updated_at: BEFORE,
      });

      // 0003: an account, its session, and the audit trail (the plain chain).
      await migrateTo(db, '0003_access_and_audit');
      ids.user = await insert(db, 'user_account', {
        email: 'pat@upgrade.example',
        name: 'Pat Performance',
        password_hash: null,
        role: 'performance',
        created_at: BEFORE,
      });
      await db
        .insertInto('user_session')
        .values({
          token_hash: createHash('sha256').update(TOKEN).digest('hex'),
          user_id: ids.user,
          csrf_token: 'csrf-from-the-last-release',
          created_at: BEFORE,
          last_seen_at: BEFORE,
          expires_at: '2017-04-03T21:00:00.000Z',
        })
        .execute();
      const first = plainRecord(GENESIS_HASH, 1, 'plan', String(ids.plan));
      await insert(db, 'audit_event', first);
      await insert(db, 'audit_event', plainRecord(first.hash, 2, 'user_account', String(ids.user)));

      // 0004: a collection round, an assignment, a figure in it, a reminder sent.
      await migrateTo(db, '0004_collection');
      ids.round = await insert(db, 'collection_round', {
        plan_id: ids.plan,
        period_code: '2017-18-Q2',
        due_date: '2017-10-20',
        opened_at: BEFORE,
        opened_by: 'Pat Performance',
      });
      await db
        .insertInto('indicator_assignment')
        .values({ indicator_id: ids.indicator, user_id: ids.user })
        .execute();
      await insert(db, 'indicator_value', {
        indicator_id: ids.indicator,
        period_code: '2017-18-Q2',
        actual: 86,
        commentary: 'Submitted before the upgrade.',
        state: 'submitted',
        submitted_by: ids.user,
        submitted_at: BEFORE,
        version: 3,
        updated_at: BEFORE,
      });
      await insert(db, 'reminder', {
        key: `due-soon:${ids.round}:${ids.user}`,
        kind: 'due-soon',
        round_id: ids.round,
        user_id: ids.user,
        recipient: 'pat@upgrade.example',
        subject: 'Updates due soon',
        body: 'Your updates are due on 20 October 2017.',
        created_at: BEFORE,
        sent_at: BEFORE,
        attempts: 1,
      });

      // 0006: an improvement plan with an action and its update.
      await migrateTo(db, '0006_improvement_plans');
      ids.improvement = await insert(db, 'improvement_plan', {
        kind: 'improvement',
        basis: 'peer-challenge',
        title: 'Peer challenge action plan',
        created_at: BEFORE,
      });
      ids.action = await insert(db, 'plan_action', {
        improvement_plan_id: ids.improvement,
        code: '1.1',
        title: 'Set up the improvement board',
        status: 'on-track',
        position: 1,
        updated_at: BEFORE,
      });
      await insert(db, 'action_update', {
        action_id: ids.action,
        status: 'on-track',
        text: 'The board met in March.',
        recorded_by: 'Pat Performance',
        recorded_at: BEFORE,
      });

      // 0012, the last release: an account whose password an administrator set.
      await migrateTo(db, '0012_security');
      ids.newcomer = await insert(db, 'user_account', {
        email: 'new@upgrade.example',
        name: 'New Starter',
        password_hash: null,
        role: 'viewer',
        created_at: BEFORE,
        password_must_change: 1,
      });
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await testDb?.drop();
    });

    it('lists what is left with db migrate --dry-run, and applies nothing', async () => {
      const logged: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        logged.push(args.join(' '));
      });
      const previous = process.env.DATABASE_URL;
      process.env.DATABASE_URL = testDb.url;
      try {
        await buildCli().parseAsync(['node', 'cairn', 'db', 'migrate', '--dry-run']);
      } finally {
        log.mockRestore();
        if (previous === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = previous;
      }
      const status = await pendingMigrations(store);
      expect(status.pending).toEqual(AFTER_0012);
      expect(logged).toEqual([
        `${AFTER_0012.length} to apply (12 applied, the last 0012_security), in this order:`,
        ...AFTER_0012.map((name) => `  ${name}`),
        'Nothing was applied (dry run).',
      ]);
    });

    it('keeps every row and its meaning when migrated to this release', async () => {
      expect(await migrate(store.db)).toEqual(AFTER_0012);
      expect((await pendingMigrations(store)).pending).toEqual([]);
      const db = store.db;
      const council = await db.selectFrom('council').selectAll().executeTakeFirstOrThrow();
      expect(council.name).toBe('Upgrade Council');
      const plan = await db
        .selectFrom('plan')
        .selectAll()
        .where('id', '=', ids.plan!)
        .executeTakeFirstOrThrow();
      expect(plan).toMatchObject({ status: 'approved', approved_by: 'Cabinet', approved_on: '2017-03-21' });
      expect(Number(plan.version)).toBe(1);
      expect(plan.previous_plan_id).toBeNull();
      const indicator = await db
        .selectFrom('indicator')
        .selectAll()
        .where('id', '=', ids.indicator!)
        .executeTakeFirstOrThrow();
      expect(indicator).toMatchObject({ number: '1', retired_on: null, previous_indicator_id: null });
      const values = await db
        .selectFrom('indicator_value')
        .select(['period_code', 'actual', 'state', 'version', 'commentary'])
        .orderBy('period_code')
        .execute();
      expect(values.map((v) => ({ ...v, actual: Number(v.actual), version: Number(v.version) }))).toEqual([
        // Loaded before collection existed: no state (treated as approved), version 1.
        {
          period_code: '2017-18-Q1',
          actual: 88.5,
          state: null,
          version: 1,
          commentary: 'Reported before any upgrade.',
        },
        {
          period_code: '2017-18-Q2',
          actual: 86,
          state: 'submitted',
          version: 3,
          commentary: 'Submitted before the upgrade.',
        },
      ]);
      const reminder = await db.selectFrom('reminder').selectAll().executeTakeFirstOrThrow();
      expect(reminder).toMatchObject({ recipient: 'pat@upgrade.example', sent_at: BEFORE });
      // Action updates from before sign-off existed count as approved (0008).
      const update = await db.selectFrom('action_update').selectAll().executeTakeFirstOrThrow();
      expect(update.state).toBe('approved');
      const accounts = await db
        .selectFrom('user_account')
        .select(['email', 'password_must_change'])
        .orderBy('id')
        .execute();
      expect(accounts.map((a) => [a.email, Number(a.password_must_change)])).toEqual([
        ['pat@upgrade.example', 0],
        ['new@upgrade.example', 1],
      ]);
    });

    it('verifies the audit trail made before the key existed, and chains on from it with the key', async () => {
      const plain = await verifyAuditTrail(store, { key: null });
      expect(plain.ok, plain.message).toBe(true);
      expect(plain.count).toBe(2);
      const previousKey = currentAuditKey();
      useAuditKey(Buffer.from(KEY, 'hex'));
      try {
        await createAccount(
          store,
          cliActor(),
          {
            email: 'after@upgrade.example',
            name: 'After Upgrade',
            role: 'viewer',
            password: null,
            mustChangePassword: false,
          },
          clockAt('2017-04-03T10:00:00Z'),
        );
      } finally {
        useAuditKey(previousKey);
      }
      const keyed = await verifyAuditTrail(store, { key: Buffer.from(KEY, 'hex') });
      expect(keyed.ok, keyed.message).toBe(true);
      expect(keyed.message).toContain('3 records, 1 keyed with the audit key, chain intact');
    });

    it('signs in with a session from before the upgrade and shows the figures from before it', async () => {
      const app = buildApp({
        store,
        clock: clockAt('2017-04-03T09:30:00Z'),
        brand: testBrand('Upgrade Council'),
      });
      try {
        const page = await app.inject({
          method: 'GET',
          url: paths.indicator(ids.plan!, '1', { period: '2017-18-Q1' }),
          cookies: { cairn_session: TOKEN },
        });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('Children in need seen within 10 working days');
        expect(page.body).toContain('88.5%');
        expect(page.body).toContain('Pat Performance');
        const ready = await app.inject({ method: 'GET', url: paths.ready() });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
      } finally {
        await app.close();
      }
    });
  });
}
