/**
 * The OData v4 feed (issue 15) for Power BI's and Excel's "OData feed" connector, at /odata/: the
 * service document, `$metadata` (CSDL XML generated from the entity sets, app/api/entities.ts), and
 * each entity set with $filter, $select, $orderby, $top, $skip and $count, paged by the server with
 * `@odata.nextLink`. The same rows, tokens and rate limit as the API (routes.ts, auth.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ENTITY_SET_LIST, rowsOf, type EntitySet, type Row } from '../../../app/api/entities.js';
import type { ApiDatasets } from '../../../app/api/datasets.js';
import { escapeHtml } from '../../../render/escape.js';
import { ApiError, apiRateLimitConfig, CHALLENGE, type ApiRateLimit } from './auth.js';
import { ODATA_PAGE } from './limits.js';
import { applyQuery, ODataError, readQuery } from './odata-query.js';
import { baseUrl, sendData } from './routes.js';

export const ODATA_ROOT = '/odata';
const NAMESPACE = 'Cairn';

const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The CSDL of every entity set. */
export function metadataXml(): string {
  const types = ENTITY_SET_LIST.map(
    (s) =>
      `<EntityType Name="${s.typeName}"><Key><PropertyRef Name="${s.key}"/></Key>` +
      Object.entries(s.fields)
        .map(
          ([name, f]) =>
            `<Property Name="${name}" Type="${f.edm}" Nullable="${String(f.nullable)}">` +
            `<Annotation Term="Core.Description" String="${escapeHtml(f.description)}"/></Property>`,
        )
        .join('') +
      `</EntityType>`,
  ).join('');
  const sets = ENTITY_SET_LIST.map(
    (s) =>
      `<EntitySet Name="${s.name}" EntityType="${NAMESPACE}.${s.typeName}">` +
      `<Annotation Term="Core.Description" String="${escapeHtml(s.description)}"/></EntitySet>`,
  ).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">' +
    '<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">' +
    '<edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/></edmx:Reference>' +
    `<edmx:DataServices><Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
    types +
    `<EntityContainer Name="Container">${sets}</EntityContainer>` +
    '</Schema></edmx:DataServices></edmx:Edmx>'
  );
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, target?: string) {
  if (status === 401) reply.header('www-authenticate', CHALLENGE);
  return reply
    .code(status)
    .header('odata-version', '4.0')
    .header('cache-control', 'no-store')
    .type('application/json;charset=utf-8')
    .send({ error: { code, message, ...(target ? { target } : {}) } });
}

export interface ODataRouteOptions {
  datasets: ApiDatasets;
  rateLimit: ApiRateLimit;
  /** Rows a page holds (default ODATA_PAGE). */
  pageSize?: number;
}

export function odataRoutes(app: FastifyInstance, o: ODataRouteOptions): void {
  const limited = apiRateLimitConfig(o.rateLimit);
  const DATA = { config: { access: 'api' as const, apiNeed: 'data' as const, rateLimit: limited } };

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof ODataError)
      return sendError(reply, error.statusCode, error.code, error.message, error.target);
    if (error instanceof ApiError)
      return sendError(reply, error.statusCode, error.title.replace(/\s+/g, ''), error.detail);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return sendError(reply, status, 'BadRequest', 'The request could not be read.');
    req.log.error({ err: error }, 'unhandled error in the OData feed');
    return sendError(reply, 500, 'InternalServerError', 'Something went wrong. Try again later.');
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('odata-version', '4.0');
    return payload;
  });

  const root = (req: FastifyRequest) => `${baseUrl(req)}${ODATA_ROOT}/`;

  const serviceDocument = async (req: FastifyRequest, reply: FastifyReply) =>
    reply.type(JSON_TYPE).send({
      '@odata.context': `${root(req)}$metadata`,
      value: ENTITY_SET_LIST.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
    });
  app.get(ODATA_ROOT, DATA, serviceDocument);
  app.get(`${ODATA_ROOT}/`, DATA, serviceDocument);

  app.get(`${ODATA_ROOT}/$metadata`, DATA, async (_req, reply) =>
    reply.type('application/xml;charset=utf-8').send(metadataXml()),
  );

  for (const set of ENTITY_SET_LIST) {
    app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
      `${ODATA_ROOT}/${set.name}`,
      DATA,
      async (req, reply) => entitySet(req, reply, set),
    );
  }

  app.get(`${ODATA_ROOT}/*`, DATA, async (req) => {
    throw new ODataError(
      404,
      'NotFound',
      `There is no resource at ${req.url.split('?')[0]}. The feed's entity sets are listed at ${ODATA_ROOT}/.`,
    );
  });

  async function entitySet(
    req: FastifyRequest<{ Querystring: Record<string, string | string[] | undefined> }>,
    reply: FastifyReply,
    set: EntitySet,
  ) {
    const q = readQuery(req.query, set);
    return sendData(req, reply, o.datasets, JSON_TYPE, (data) => answer(req, set, q, rowsOf(data, set)));
  }

  function answer(
    req: FastifyRequest<{ Querystring: Record<string, string | string[] | undefined> }>,
    set: EntitySet,
    q: ReturnType<typeof readQuery>,
    rows: Row[],
  ): object {
    const { page, count, more } = applyQuery(rows, q, o.pageSize ?? ODATA_PAGE);
    const base = `${root(req)}${set.name}`;
    const body: Record<string, unknown> = {
      '@odata.context': `${root(req)}$metadata#${set.name}${q.select ? `(${q.select.join(',')})` : ''}`,
    };
    if (q.count) body['@odata.count'] = count;
    body.value = page;
    if (more) {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query))
        if (typeof v === 'string' && k !== '$skip' && k !== '$top' && k !== '$skiptoken') next.set(k, v);
      next.set('$skip', String(q.skip + page.length));
      if (q.top !== null) next.set('$top', String(q.top - page.length));
      body['@odata.nextLink'] = `${base}?${next.toString().replace(/%24/g, '$')}`;
    }
    return body;
  }
}
