import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadDemo } from '../../src/app/demo.js';
import { systemActor } from '../../src/app/audit.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { issueToken, revokeToken } from '../../src/app/api/tokens.js';
import { buildApp } from '../../src/web/build-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, movableClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';
import type { Store } from '../../src/storage/database.js';

const brand = testBrand();

async function tokenFor(store: Store, scope: string, opts: { days?: string; indicatorIds?: number[] } = {}) {
  const admin = await sessionFor(store, fixedClock, 'admin');
  const r = await issueToken(
    store,
    { id: admin.userId, name: 'Test admin' },
    {
      name: `${scope} token`,
      scope,
      expiresInDays: opts.days ?? '90',
      indicatorIds: opts.indicatorIds ?? [],
    },
    fixedClock,
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { token: r.token, id: r.id, adminId: admin.userId };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase(
  'the HTTP API and its tokens',
  (store) => {
    const clock = movableClock('2017-10-17T09:00:00Z');
    const app = (extra: object = {}) => buildApp({ store: store(), clock, brand, ...extra });

    it('serves only public data without a token or with a public token: internal indicators, figures and plans are 404 or absent', async () => {
      const a = app();
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      // Nothing is public yet: the public rows are empty, and an internal row is not found.
      const before = await a.inject({ url: '/api/v1/indicators' });
      expect(before.statusCode).toBe(200);
      expect(before.json().data).toEqual([]);
      await store().db.updateTable('plan').set({ public: 1 }).where('id', '=', plan.id).execute();
      await store()
        .db.updateTable('indicator')
        .set({ public: 1 })
        .where('plan_id', '=', plan.id)
        .where('number', 'in', ['7', '8'])
        .execute();
      const ids = await store()
        .db.selectFrom('indicator')
        .select(['id', 'number'])
        .where('plan_id', '=', plan.id)
        .execute();
      const publicIds = new Set(ids.filter((i) => ['7', '8'].includes(i.number)).map((i) => i.id));
      const internal = ids.find((i) => i.number === '9')!;
      const pub = await tokenFor(store(), 'public');
      const read = await tokenFor(store(), 'read');
      for (const headers of [{}, bearer(pub.token)]) {
        const indicators = (await a.inject({ url: '/api/v1/indicators?limit=1000', headers })).json().data;
        expect(new Set(indicators.map((i: { id: number }) => i.id))).toEqual(publicIds);
        const values = (await a.inject({ url: '/api/v1/values?limit=1000', headers })).json().data;
        expect(values.every((v: { indicatorId: number }) => publicIds.has(v.indicatorId))).toBe(true);
        const targets = (await a.inject({ url: '/api/v1/targets?limit=1000', headers })).json().data;
        expect(targets.every((v: { indicatorId: number }) => publicIds.has(v.indicatorId))).toBe(true);
        expect((await a.inject({ url: `/api/v1/indicators/${internal.id}`, headers })).statusCode).toBe(404);
        const odata = (
          await a.inject({
            url: `/odata/Values?$filter=${encodeURIComponent(`indicatorId eq ${internal.id}`)}`,
            headers,
          })
        ).json();
        expect(odata.value).toEqual([]);
        expect((await a.inject({ url: '/api/v1/improvement-plans', headers })).json().data).toEqual([]);
      }
      // The same URLs with a read token: the internal rows, under another ETag.
      const all = await a.inject({ url: '/api/v1/indicators?limit=1000', headers: bearer(read.token) });
      expect(all.json().data.length).toBe(ids.length);
      const anon = await a.inject({ url: '/api/v1/indicators?limit=1000' });
      expect(anon.headers.etag).toMatch(/^"public-/);
      expect(all.headers.etag).toMatch(/^"internal-/);
      expect(
        (
          await a.inject({
            url: '/api/v1/indicators?limit=1000',
            headers: { 'if-none-match': String(all.headers.etag) },
          })
        ).statusCode,
      ).toBe(200);
      await store().db.updateTable('indicator').set({ public: 0 }).where('plan_id', '=', plan.id).execute();
      await store().db.updateTable('plan').set({ public: 0 }).where('id', '=', plan.id).execute();
      await a.close();
    });

    it('refuses expired, revoked, unknown and wrongly scoped tokens', async () => {
      const a = app();
      const none = await a.inject({ method: 'POST', url: '/api/v1/values', payload: {} });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toContain('Bearer');
      expect(none.headers['content-type']).toContain('application/problem+json');
      const bogus = await a.inject({ url: '/api/v1/values', headers: bearer(`cairn_${'x'.repeat(43)}`) });
      expect(bogus.statusCode).toBe(401);
      const read = await tokenFor(store(), 'read');
      expect((await a.inject({ url: '/api/v1/values', headers: bearer(read.token) })).statusCode).toBe(200);
      // Hashed at rest: the token itself is stored nowhere.
      const row = await store()
        .db.selectFrom('api_token')
        .selectAll()
        .where('id', '=', read.id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(createHash('sha256').update(read.token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(read.token.slice(12));
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'api-token.issue')
        .execute();
      expect(audit.some((r) => r.entity_id === String(read.id))).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(read.token.slice(12));

      const write = await tokenFor(store(), 'write', { indicatorIds: [1] });
      expect((await a.inject({ url: '/api/v1/values', headers: bearer(write.token) })).statusCode).toBe(403);

      const short = await tokenFor(store(), 'read', { days: '30' });
      clock.advance({ days: 31 });
      const expired = await a.inject({ url: '/api/v1/plans', headers: bearer(short.token) });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().detail).toContain('expired');
      clock.advance({ days: -31 });
      await revokeToken(store(), { id: read.adminId, name: 'Test admin' }, read.id, clock);
      const revoked = await a.inject({ url: '/api/v1/plans', headers: bearer(read.token) });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().detail).toContain('revoked');
      // The refused use of a token Cairn issued is logged against it too.
      await a.apiTokenUses.flush();
      const refusedUses = await store()
        .db.selectFrom('api_token_use')
        .selectAll()
        .where('token_id', '=', read.id)
        .execute();
      expect(refusedUses.at(-1)).toMatchObject({ status: 401, path: '/api/v1/plans' });
      // Basic, as Excel and Power BI send it: any user name, the token as the password.
      const basic = Buffer.from(`powerbi:${short.token}`).toString('base64');
      expect(
        (await a.inject({ url: '/odata/Plans', headers: { authorization: `Basic ${basic}` } })).statusCode,
      ).toBe(200);
      await a.close();
    });

    it('serves every set as JSON pages with next links, filters, ETags and 304s, and logs each use', async () => {
      const a = app();
      const { token, id } = await tokenFor(store(), 'read');
      const get = (url: string, headers: Record<string, string> = {}) =>
        a.inject({ url, headers: { ...bearer(token), ...headers } });
      const index = await get('/api/v1');
      expect(index.statusCode).toBe(200);
      for (const c of index.json().collections as { href: string }[]) {
        const res = await get(c.href);
        expect(res.statusCode, c.href).toBe(200);
        expect(Array.isArray(res.json().data), c.href).toBe(true);
      }
      const values = await get('/api/v1/values?limit=5');
      const body = values.json();
      expect(body.data).toHaveLength(5);
      expect(body.meta.total).toBeGreaterThan(5);
      expect(body.links.next).toBe('/api/v1/values?limit=5&offset=5');
      const second = await get(body.links.next);
      expect(second.json().data[0].id).not.toBe(body.data[0].id);
      const rated = (await get('/api/v1/values?limit=1000'))
        .json()
        .data.find((v: { rating: string | null }) => v.rating);
      expect(rated.explanation.length).toBeGreaterThan(10);

      const q1 = (await get('/api/v1/values?period=2017-18-Q1&limit=1000')).json();
      expect(q1.data.every((v: { period: string }) => v.period === '2017-18-Q1')).toBe(true);
      const dir = q1.data[0].directorate;
      const byDir = (await get(`/api/v1/indicators?directorate=${dir}&limit=1000`)).json();
      expect(byDir.data.length).toBeGreaterThan(0);
      expect(byDir.data.every((i: { directorate: string }) => i.directorate === dir)).toBe(true);
      expect((await get('/api/v1/values?colour=red')).statusCode).toBe(400);
      expect((await get('/api/v1/values?limit=5000')).statusCode).toBe(400);

      const one = await get(`/api/v1/indicators/${byDir.data[0].id}`);
      expect(one.json().data.number).toBe(byDir.data[0].number);
      expect((await get('/api/v1/indicators/999999')).statusCode).toBe(404);
      const nowhere = await get('/api/v1/nothing');
      expect(nowhere.statusCode).toBe(404);
      expect(nowhere.headers['content-type']).toContain('application/problem+json');
      const odataNowhere = await get('/odata/Nothing');
      expect(odataNowhere.statusCode).toBe(404);
      expect(odataNowhere.json().error.code).toBe('NotFound');

      const etag = values.headers.etag as string;
      expect(etag).toMatch(/^"internal-\d+"$/);
      expect((await get('/api/v1/values?limit=5', { 'if-none-match': etag })).statusCode).toBe(304);
      // A change of data moves the version: the old ETag no longer matches.
      await store()
        .db.updateTable('indicator')
        .set({ title: 'Changed title' })
        .where('id', '=', byDir.data[0].id)
        .execute();
      const after = await get('/api/v1/values?limit=5', { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);

      await a.apiTokenUses.flush();
      const t = await store()
        .db.selectFrom('api_token')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const uses = await store()
        .db.selectFrom('api_token_use')
        .selectAll()
        .where('token_id', '=', id)
        .execute();
      expect(t.use_count).toBe(uses.length);
      expect(uses.length).toBeGreaterThanOrEqual(15);
      expect(t.last_used_at).not.toBeNull();
      expect(uses.some((u) => u.status === 304)).toBe(true);
      await a.close();
    });

    it('limits each token’s requests', async () => {
      const a = app({ apiRateLimit: { max: 3, windowMinutes: 1 } });
      const { token } = await tokenFor(store(), 'read');
      const codes = [];
      for (let n = 0; n < 5; n++)
        codes.push((await a.inject({ url: '/api/v1/plans', headers: bearer(token) })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const other = await tokenFor(store(), 'read');
      expect((await a.inject({ url: '/odata/Plans', headers: bearer(other.token) })).statusCode).toBe(200);
      await a.close();
    });

    it('posts a period’s values as a return upload does: checked, all or nothing, audited, only the token’s indicators', async () => {
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      await openRound(
        store(),
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        clock,
      ).catch(() => null);
      const seven = await store()
        .db.selectFrom('indicator')
        .select(['id', 'unit'])
        .where('number', '=', '7')
        .where('plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      const eight = await store()
        .db.selectFrom('indicator')
        .select('id')
        .where('number', '=', '8')
        .where('plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      const a = app();
      const { token, id } = await tokenFor(store(), 'write', { indicatorIds: [seven.id] });
      const post = (payload: object) =>
        a.inject({ method: 'POST', url: '/api/v1/values', headers: bearer(token), payload });
      const notOurs = await post({
        period: '2017-18-Q3',
        step: 'save',
        values: [
          { indicator: '7', actual: 10 },
          { indicator: '8', actual: 5 },
        ],
      });
      expect(notOurs.statusCode).toBe(422);
      const located = (notOurs.json().problems as { pointer: string; message: string }[]).find(
        (p) => p.pointer === '/values/1/indicator',
      );
      expect(located?.message).toContain('not one of the indicators this API token may write');
      const bad = await post({
        period: '2017-18-Q3',
        step: 'save',
        values: [{ indicator: '7', actual: 'lots' }],
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().problems.map((p: { pointer: string }) => p.pointer)).toContain('/values/0/actual');
      const shape = await post({ period: '2017-18-Q3', step: 'maybe', values: [] });
      expect(shape.statusCode).toBe(422);
      const none = await store()
        .db.selectFrom('indicator_value')
        .selectAll()
        .where('indicator_id', 'in', [seven.id, eight.id])
        .where('period_code', '=', '2017-18-Q3')
        .execute();
      expect(none).toHaveLength(0);
      const ok = await post({
        period: 'Q3 2017-18',
        step: 'save',
        values: [
          {
            indicator: '7',
            actual: 12,
            commentary: 'From the source system.',
            confirmUnusual: true,
            unusualNote: 'A new way of counting.',
          },
        ],
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().summary.saved).toBe(1);
      const saved = await store()
        .db.selectFrom('indicator_value')
        .selectAll()
        .where('indicator_id', '=', seven.id)
        .where('period_code', '=', '2017-18-Q3')
        .executeTakeFirstOrThrow();
      expect(saved.actual).toBe(12);
      expect(saved.state).toBe('in-progress');
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('entity_id', '=', `${seven.id}/2017-18-Q3`)
        .execute();
      expect(audit.at(-1)).toMatchObject({ action: 'value.save', actor: `api-token:${id}` });
      // A read token may not write.
      const reader = await tokenFor(store(), 'read');
      const refused = await a.inject({
        method: 'POST',
        url: '/api/v1/values',
        headers: bearer(reader.token),
        payload: { period: '2017-18-Q3', step: 'save', values: [{ indicator: '7', actual: 1 }] },
      });
      expect(refused.statusCode).toBe(403);
      await a.close();
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
