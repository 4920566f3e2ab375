/**
 * The OpenAPI document validates (structurally, and every schema compiles as JSON Schema 2020-12),
 * real responses of every path are valid against it, and the OData feed answers the requests Power
 * BI Desktop and Excel send (recorded: the service document, $metadata, then each entity set paged
 * with $top/$skip and following @odata.nextLink), with $filter, $select, $orderby and $count.
 */
import { expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { loadDemo } from '../../src/app/demo.js';
import { issueToken } from '../../src/app/api/tokens.js';
import { ENTITY_SET_LIST } from '../../src/app/api/entities.js';
import { parseFilter } from '../../src/web/features/api/odata-query.js';
import { buildApp } from '../../src/web/build-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

type Json = Record<string, unknown>;
// ajv ships with Fastify; its 2020-12 build is what OpenAPI 3.1's schemas are.
const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default as new (o: object) => {
  addSchema(s: object, key: string): void;
  getSchema(key: string): ((data: unknown) => boolean) & { errors?: unknown };
  compile(s: object): (data: unknown) => boolean;
};
const addFormats = createRequire(import.meta.url)('ajv-formats') as (ajv: unknown) => void;

/** What Power BI Desktop (Get data → OData feed) sends with each request, as recorded. */
const POWER_BI = {
  'odata-maxversion': '4.0',
  'odata-version': '4.0',
  accept:
    'application/json;odata.metadata=minimal;q=1.0,application/json;odata.metadata=full;q=0.5,application/atom+xml;q=0.4,application/xml;q=0.3,*/*;q=0.1',
  'user-agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)',
  'accept-encoding': 'gzip, deflate',
};
const EXCEL = {
  'odata-maxversion': '4.0',
  accept: 'application/json;odata.metadata=minimal',
  'user-agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)',
};

describeEachDatabase(
  'the OpenAPI document and the OData feed',
  (store) => {
    const app = () => buildApp({ store: store(), clock: fixedClock, brand: testBrand() });
    async function readToken() {
      const admin = await sessionFor(store(), fixedClock, 'admin');
      const r = await issueToken(
        store(),
        { id: admin.userId, name: 'Admin' },
        { name: 'Power BI', scope: 'read', expiresInDays: '90', indicatorIds: [] },
        fixedClock,
      );
      if (!r.ok) throw new Error('not issued');
      return r.token;
    }

    it('serves an OpenAPI 3.1 document that validates, and every response matches it', async () => {
      const a = app();
      const token = await readToken();
      const res = await a.inject({ url: '/api/v1/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as Json & {
        paths: Record<string, Json>;
        components: { schemas: Record<string, Json> };
      };
      // Structure: OpenAPI 3.1's required members, unique operation ids, every $ref resolves.
      expect(doc.openapi).toBe('3.1.0');
      expect((doc.info as Json).title).toBeTruthy();
      expect((doc.info as Json).version).toBeTruthy();
      const ids = new Set<string>();
      const refs: string[] = [];
      const walk = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) {
            if (k === '$ref' && typeof x === 'string') refs.push(x);
            else walk(x);
          }
      };
      walk(doc);
      for (const r of refs) {
        const target = r
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((o, k) => (o as Json)?.[k], doc);
        expect(target, r).toBeDefined();
      }
      for (const [path, item] of Object.entries(doc.paths)) {
        expect(path.startsWith('/')).toBe(true);
        for (const [method, op] of Object.entries(item) as [string, Json][]) {
          expect(['get', 'post']).toContain(method);
          expect(ids.has(op.operationId as string), `${op.operationId}`).toBe(false);
          ids.add(op.operationId as string);
          expect(Object.keys(op.responses as Json).length).toBeGreaterThan(0);
          for (const p of (op.parameters ?? []) as Json[])
            if (!p.$ref) expect(['query', 'path', 'header']).toContain(p.in);
          const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          for (const name of pathParams)
            expect(
              (op.parameters as Json[]).some(
                (p) => p.name === name && p.in === 'path' && p.required === true,
              ),
            ).toBe(true);
        }
      }
      // Every schema is valid JSON Schema 2020-12 (ajv compiles it strictly).
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
      // A response's schema refers into the document's components: resolve its refs against it.
      const validator = (schema: Json) =>
        ajv.compile(
          JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Json,
        );
      for (const name of Object.keys(doc.components.schemas))
        expect(() => validator({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();

      // Real responses of every path, against the document's schema for that status.
      const check = async (url: string, path: string, method = 'get', init: object = {}) => {
        const r = await a.inject({
          url,
          method: method.toUpperCase() as 'GET',
          headers: { authorization: `Bearer ${token}` },
          ...init,
        });
        const op = doc.paths[path]![method] as Json;
        const resp = (op.responses as Record<string, Json>)[String(r.statusCode)];
        expect(resp, `${url} ${r.statusCode}`).toBeDefined();
        const content = resp!.content as Record<string, { schema: Json }> | undefined;
        if (content) {
          const type = String(r.headers['content-type']).split(';')[0]!;
          const schema = content[type]?.schema;
          expect(schema, `${url} ${type}`).toBeDefined();
          const validate = validator(schema!);
          const ok = validate(r.json());
          expect(ok, `${url}: ${JSON.stringify((validate as { errors?: unknown }).errors)}`).toBe(true);
        }
        return r;
      };
      for (const set of ENTITY_SET_LIST) {
        const list = await check(`/api/v1/${set.path}?limit=1000`, `/api/v1/${set.path}`);
        expect(list.statusCode).toBe(200);
        const first = list.json().data[0];
        if (first)
          expect(
            (
              await check(
                `/api/v1/${set.path}/${encodeURIComponent(first[set.key])}`,
                `/api/v1/${set.path}/{id}`,
              )
            ).statusCode,
          ).toBe(200);
        expect((await check(`/api/v1/${set.path}/nothing-here`, `/api/v1/${set.path}/{id}`)).statusCode).toBe(
          404,
        );
      }
      expect((await check('/api/v1/values?limit=0', '/api/v1/values')).statusCode).toBe(400);
      expect(
        (
          await check('/api/v1/values', '/api/v1/values', 'post', {
            payload: { period: 'Q3 2017-18', step: 'save', values: [{ indicator: '7' }] },
          })
        ).statusCode,
      ).toBe(403);
      await a.close();
    });

    it('answers Power BI Desktop’s requests: service document, $metadata, then each set paged to the end', async () => {
      const a = app();
      const token = await readToken();
      const headers = {
        ...POWER_BI,
        authorization: `Basic ${Buffer.from(`key:${token}`).toString('base64')}`,
      };
      // Without credentials ("Anonymous" in Power BI) the feed is the public data; a wrong password is
      // refused with a challenge, so Power BI asks again.
      const anonymous = await a.inject({ url: '/odata/Values', headers: POWER_BI });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers.etag).toMatch(/^"public-/);
      const wrong = await a.inject({
        url: '/odata/',
        headers: { ...POWER_BI, authorization: `Basic ${Buffer.from('key:not-a-token').toString('base64')}` },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['www-authenticate']).toContain('Basic');
      expect(wrong.json().error.message).toBeTruthy();

      const service = await a.inject({ url: '/odata/', headers });
      expect(service.statusCode).toBe(200);
      expect(service.headers['odata-version']).toBe('4.0');
      expect(service.headers['content-type']).toContain('odata.metadata=minimal');
      const doc = service.json();
      expect(doc['@odata.context']).toBe('http://localhost:80/odata/$metadata');
      expect(doc.value.map((v: { name: string }) => v.name)).toEqual(ENTITY_SET_LIST.map((s) => s.name));

      const metadata = await a.inject({ url: '/odata/$metadata', headers });
      expect(metadata.statusCode).toBe(200);
      expect(metadata.headers['content-type']).toContain('application/xml');
      const xml = metadata.body;
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><edmx:Edmx Version="4.0"/);
      for (const s of ENTITY_SET_LIST) {
        expect(xml).toContain(`<EntitySet Name="${s.name}" EntityType="Cairn.${s.typeName}">`);
        expect(xml).toContain(`<EntityType Name="${s.typeName}"><Key><PropertyRef Name="${s.key}"/></Key>`);
      }
      expect(xml).toContain('<Property Name="actual" Type="Edm.Double" Nullable="true">');
      expect(xml).toContain('<Property Name="start" Type="Edm.Date" Nullable="false">');

      for (const s of ENTITY_SET_LIST) {
        const all = (
          await a.inject({
            url: `/api/v1/${s.path}?limit=1000`,
            headers: { authorization: `Bearer ${token}` },
          })
        ).json().data;
        // Power BI's preview asks for $top=1000; loading follows every @odata.nextLink.
        let url: string | null = `/odata/${s.name}?$top=1000`;
        const got: unknown[] = [];
        while (url) {
          const r: { statusCode: number; json: () => Json } = await a.inject({ url, headers });
          expect(r.statusCode, url).toBe(200);
          const body = r.json() as Json & { value: unknown[] };
          expect(body['@odata.context']).toBe(`http://localhost:80/odata/$metadata#${s.name}`);
          got.push(...body.value);
          url = body['@odata.nextLink']
            ? String(body['@odata.nextLink']).replace('http://localhost:80', '')
            : null;
        }
        expect(got, s.name).toEqual(all.slice(0, 1000));
      }
      await a.close();
    });

    it('pages on the server: @odata.nextLink until the end, keeping the client’s $top, $filter and $count', async () => {
      const a = buildApp({ store: store(), clock: fixedClock, brand: testBrand(), odataPageSize: 10 });
      const token = await readToken();
      const follow = async (first: string) => {
        const pages: { value: { id: string }[]; '@odata.count'?: number }[] = [];
        let url: string | null = first;
        while (url) {
          const r: { statusCode: number; json: () => Json } = await a.inject({
            url,
            headers: { ...POWER_BI, authorization: `Bearer ${token}` },
          });
          expect(r.statusCode, url).toBe(200);
          const body = r.json() as (typeof pages)[number] & Json;
          pages.push(body);
          url = body['@odata.nextLink']
            ? String(body['@odata.nextLink']).replace('http://localhost:80', '')
            : null;
          if (url) expect(url).toContain('$skip=');
        }
        return pages;
      };
      const all = await follow('/odata/Values?$count=true');
      const total = all[0]!['@odata.count']!;
      expect(all.length).toBe(Math.ceil(total / 10));
      expect(all.flatMap((p) => p.value.map((v) => v.id))).toHaveLength(total);
      expect(new Set(all.flatMap((p) => p.value.map((v) => v.id))).size).toBe(total);
      const some = await follow(
        `/odata/Values?$top=25&$filter=${encodeURIComponent("period eq '2017-18-Q1'")}&$count=true`,
      );
      expect(some.map((p) => p.value.length)).toEqual([10, 10, 5]);
      expect(some.every((p) => p['@odata.count'] === some[0]!['@odata.count'])).toBe(true);
      await a.close();
    });

    it('pages on the server with @odata.nextLink, and reads $filter, $select, $orderby, $count as Excel sends them', async () => {
      const a = app();
      const token = await readToken();
      const headers = { ...EXCEL, authorization: `Bearer ${token}` };
      const get = (q: string) => a.inject({ url: `/odata/Values${q}`, headers });
      const all = (await get('?$count=true')).json();
      const total = all['@odata.count'];
      expect(total).toBeGreaterThan(20);
      const page = (await get('?$top=7&$skip=3&$count=true&$orderby=id')).json();
      expect(page.value).toHaveLength(7);
      expect(page['@odata.count']).toBe(total);

      const filtered = (
        await get(
          `?$filter=${encodeURIComponent("period eq '2017-18-Q1' and (rating eq 'red' or rating eq 'amber')")}&$select=id,indicatorNumber,rating`,
        )
      ).json();
      expect(filtered['@odata.context']).toContain('#Values(id,indicatorNumber,rating)');
      expect(filtered.value.length).toBeGreaterThan(0);
      for (const v of filtered.value) {
        expect(Object.keys(v)).toEqual(['id', 'indicatorNumber', 'rating']);
        expect(['red', 'amber']).toContain(v.rating);
      }
      const withActual = (await get(`?$filter=${encodeURIComponent('actual ne null')}&$count=true`)).json();
      expect(withActual['@odata.count']).toBeGreaterThan(3);
      const actuals = (withActual.value as { actual: number | null }[])
        .flatMap((v) => (v.actual === null ? [] : [v.actual]))
        .sort((x, y) => x - y);
      const [low, high] = [
        actuals[Math.floor(actuals.length / 4)]!,
        actuals[Math.floor((3 * actuals.length) / 4)]!,
      ];
      const numbersRes = (
        await get(
          `?$filter=${encodeURIComponent(`actual ge ${low} and actual lt ${high} and notReported eq false`)}&$orderby=actual desc`,
        )
      ).json();
      const numbers = numbersRes.value;
      expect(numbers.length).toBe(actuals.filter((x) => x >= low && x < high).length);
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.map((v: { actual: number }) => v.actual)).toEqual(
        [...numbers.map((v: { actual: number }) => v.actual)].sort((x: number, y: number) => y - x),
      );
      const nulls = (await get(`?$filter=${encodeURIComponent('rating eq null')}&$count=true`)).json();
      expect(nulls.value.every((v: { rating: null }) => v.rating === null)).toBe(true);
      const periods = (
        await a.inject({
          url: `/odata/Periods?$filter=${encodeURIComponent('start ge 2017-07-01')}`,
          headers,
        })
      ).json().value;
      expect(periods.every((p: { start: string }) => p.start >= '2017-07-01')).toBe(true);

      // Anything not supported is a 400 (or 501) with an OData error, never rows unfiltered.
      for (const [q, status, text] of [
        [`$filter=${encodeURIComponent("contains(commentary,'x')")}`, 400, 'not supported'],
        [`$filter=${encodeURIComponent('colour eq 1')}`, 400, 'no property colour'],
        [`$filter=${encodeURIComponent("actual eq 'high'")}`, 400, 'is a number'],
        [`$filter=${encodeURIComponent("period eq '2017")}`, 400, 'no closing quote'],
        ['$expand=Indicator', 501, '$expand is not supported'],
        ['$top=lots', 400, 'whole number'],
        ['$select=nope', 400, 'no property nope'],
      ] as const) {
        const r = await get(`?${q}`);
        expect(r.statusCode, q).toBe(status);
        expect(r.json().error.message, q).toContain(text);
        expect(r.body).not.toContain('"value"');
      }
      await a.close();
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
    // The demo's Q1 has reported ratings but no figures: give each a figure, as a council's would.
    const rows = await s.db
      .selectFrom('indicator_value')
      .select(['id', 'indicator_id'])
      .where('period_code', '=', '2017-18-Q1')
      .execute();
    for (const r of rows)
      await s.db
        .updateTable('indicator_value')
        .set({ actual: (r.indicator_id * 37) % 200 })
        .where('id', '=', r.id)
        .execute();
  },
);

it('parses $filter with precedence: and binds tighter than or; not and brackets', () => {
  const set = ENTITY_SET_LIST.find((s) => s.name === 'Values')!;
  expect(parseFilter("rating eq 'red' or rating eq 'amber' and actual gt 5", set)).toMatchObject({
    kind: 'or',
    right: { kind: 'and' },
  });
  expect(parseFilter("not (rating eq 'red') and period ne 'x'", set)).toMatchObject({
    kind: 'and',
    left: { kind: 'not' },
  });
  expect(parseFilter("commentary eq 'it''s'", set)).toMatchObject({ value: "it's" });
});
