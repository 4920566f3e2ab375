/**
 * The HTTP API, v1 (issue 15), under /api/v1: every entity set (app/api/entities.ts) as JSON, paged
 * with limit and offset and a `next` link, filtered by plan, period and directorate, with an ETag
 * (the data version and who is asking) and 304 for a client that has it; one row by its id;
 * POST /api/v1/values to write a period's figures (a token scoped to indicators); the OpenAPI 3.1
 * document at /api/v1/openapi.json. The OData feed is odata.ts, sharing the same rows.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ENTITY_SET_LIST,
  PostValuesBody,
  rowsOf,
  type EntitySet,
  type FilterName,
  type Row,
} from '../../../app/api/entities.js';
import type { ApiDatasets, Audience, Dataset } from '../../../app/api/datasets.js';
import { postValues } from '../../../app/api/post-values.js';
import { CairnError } from '../../../app/errors.js';
import { findPerson } from '../../../app/access/people.js';
import { jsonBody, readBody } from '../../body.js';
import type { Clock } from '../../../app/clock.js';
import type { Store } from '../../../app/store.js';
import { ApiError, apiRateLimitConfig, sendProblem, type ApiRateLimit } from './auth.js';
import { openApiDocument } from './openapi.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './limits.js';

export const API_PREFIX = '/api/v1';

export interface ApiRouteOptions {
  store: Store;
  clock: Clock;
  datasets: ApiDatasets;
  rateLimit: ApiRateLimit;
}

/** Internal rows for a read token; public rows for a public token or anyone without one. */
export const audienceOf = (req: FastifyRequest): Audience =>
  req.apiClient?.scope === 'read' ? 'internal' : 'public';

/**
 * Answers from the caller's dataset at the current data version: a 304 when the client has it (its
 * ETag), else the body `build` makes — serialised once per URL, audience and version, and sent as
 * bytes to everyone who asks the same until the data changes. Errors are never cached.
 */
export async function sendData(
  req: FastifyRequest,
  reply: FastifyReply,
  datasets: ApiDatasets,
  contentType: string,
  build: (data: Dataset, etag: string) => object,
): Promise<FastifyReply> {
  const audience = audienceOf(req);
  const version = await datasets.version();
  const etag = `"${audience}-${version}"`;
  reply
    .header('etag', etag)
    .header('cache-control', audience === 'public' ? 'public, no-cache' : 'private, no-cache')
    .header('vary', 'Authorization');
  const sent = req.headers['if-none-match'];
  if (sent && sent.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return reply.code(304).send();
  const key = `${audience} ${req.protocol}://${req.host}${req.url}`;
  const body = await datasets.answers.get(key, version, async () =>
    Buffer.from(JSON.stringify(build(await datasets.get(audience, version), etag))),
  );
  return reply.type(contentType).send(body);
}

export const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

const FILTERS: FilterName[] = ['plan', 'period', 'directorate'];

function readInt(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new ApiError(
      400,
      'Bad query',
      `${name} must be a whole number from ${min} to ${max} (it is “${text}”).`,
    );
  return Number(text);
}

/** The rows the query asks for: filtered, then the page. */
export function queryRows(
  set: EntitySet,
  rows: Row[],
  query: Record<string, string | undefined>,
): { page: Row[]; total: number; limit: number; offset: number } {
  const allowed = new Set(['limit', 'offset', ...Object.keys(set.filters)]);
  for (const k of Object.keys(query))
    if (!allowed.has(k))
      throw new ApiError(
        400,
        'Bad query',
        `${set.title} cannot be filtered by “${k}”. Use ${[...allowed].join(', ')}.`,
      );
  let out = rows;
  for (const name of FILTERS) {
    const fieldName = set.filters[name];
    const wanted = query[name];
    if (!fieldName || wanted === undefined) continue;
    const numeric = set.fields[fieldName]!.edm === 'Edm.Int64';
    if (numeric && !/^\d+$/.test(wanted))
      throw new ApiError(400, 'Bad query', `${name} must be an id, a whole number (it is “${wanted}”).`);
    out = out.filter((r) => (numeric ? r[fieldName] === Number(wanted) : r[fieldName] === wanted));
  }
  const limit = readInt('limit', query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = readInt('offset', query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  return { page: out.slice(offset, offset + limit), total: out.length, limit, offset };
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (reply: FastifyReply, body: unknown) => reply.type(JSON_TYPE).send(body);

export function apiRoutes(app: FastifyInstance, o: ApiRouteOptions): void {
  const limited = apiRateLimitConfig(o.rateLimit);
  const DATA = { config: { access: 'api' as const, apiNeed: 'data' as const, rateLimit: limited } };

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof ApiError) return sendProblem(reply, error);
    if (error instanceof CairnError)
      return sendProblem(
        reply,
        new ApiError(error.status, error.status === 404 ? 'Not found' : 'There is a problem', error.message, {
          problems: error.details,
        }),
      );
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return sendProblem(reply, new ApiError(status, 'Bad request', 'The request could not be read.'));
    req.log.error({ err: error }, 'unhandled error in the API');
    return sendProblem(reply, new ApiError(500, 'Server error', 'Something went wrong. Try again later.'));
  });

  app.get(
    `${API_PREFIX}/openapi.json`,
    { config: { access: 'public', apiNeed: 'none' } },
    async (req, reply) =>
      json(reply.header('cache-control', 'public, max-age=300'), openApiDocument(baseUrl(req))),
  );

  app.get(API_PREFIX, DATA, async (req, reply) =>
    json(reply, {
      links: {
        self: `${API_PREFIX}`,
        openapi: `${API_PREFIX}/openapi.json`,
        odata: '/odata/',
      },
      collections: ENTITY_SET_LIST.map((s) => ({
        name: s.path,
        title: s.title,
        href: `${API_PREFIX}/${s.path}`,
      })),
    }),
  );

  for (const set of ENTITY_SET_LIST) {
    const path = `${API_PREFIX}/${set.path}`;
    app.get<{ Querystring: Record<string, string | undefined> }>(path, DATA, async (req, reply) => {
      const query = { ...req.query };
      return sendData(req, reply, o.datasets, JSON_TYPE, (data, etag) => {
        const { page, total, limit, offset } = queryRows(set, rowsOf(data, set), query);
        const next =
          offset + limit < total
            ? withQuery(path, { ...query, offset: String(offset + limit), limit: String(limit) })
            : null;
        return {
          data: page,
          meta: { total, limit, offset, dataVersion: etag.replace(/"/g, '') },
          links: { self: withQuery(path, query), next },
        };
      });
    });
    app.get<{ Params: { id: string } }>(`${path}/:id`, DATA, async (req, reply) =>
      sendData(req, reply, o.datasets, JSON_TYPE, (data) => {
        const key = set.key;
        const numeric = set.fields[key]!.edm === 'Edm.Int64';
        const row = rowsOf(data, set).find((r) =>
          numeric ? r[key] === Number(req.params.id) : r[key] === req.params.id,
        );
        if (!row)
          throw new ApiError(
            404,
            'Not found',
            `There is no ${set.typeName.toLowerCase()} “${req.params.id}” here.`,
          );
        return { data: row };
      }),
    );
  }

  // Anything else under /api/v1 is a JSON 404, not the site's page.
  app.get(`${API_PREFIX}/*`, DATA, async (req) => {
    throw new ApiError(
      404,
      'Not found',
      `There is nothing at ${req.url.split('?')[0]}. The API's collections are listed at ${API_PREFIX}.`,
    );
  });

  app.post(
    `${API_PREFIX}/values`,
    { config: { access: 'api', apiNeed: 'write', rateLimit: limited } },
    async (req, reply) => {
      const client = req.apiClient!;
      const body = readBody(jsonBody(PostValuesBody), req.body);
      const issuer = (await findPerson(o.store, client.issuedBy))?.name ?? 'an administrator';
      const result = await postValues(o.store, client, issuer, body, o.clock);
      if (!result.ok)
        return sendProblem(
          reply,
          new ApiError(
            422,
            'The values were not saved',
            `${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'} found. Nothing has been saved: correct them and post the values again.`,
            { problems: result.problems },
          ),
        );
      return json(reply.code(200), result);
    },
  );
}
