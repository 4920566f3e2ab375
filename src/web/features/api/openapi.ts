/**
 * The OpenAPI 3.1 document of the API, generated from the entity sets' schemas (app/api/entities.ts,
 * through zod's JSON Schema, which is OpenAPI 3.1's dialect), so the document and the responses cannot
 * drift apart: test/integration/api.test.ts validates real responses against it.
 */
import { z } from 'zod';
import { ENTITY_SET_LIST, PostValuesBody } from '../../../app/api/entities.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './limits.js';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' }) as Json;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const problem: Json = {
  type: 'object',
  description: 'A problem (RFC 9457).',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          pointer: {
            type: 'string',
            description: 'A JSON pointer into the body posted, e.g. /values/0/actual.',
          },
          field: { type: 'string', description: 'The field of the body (or form) at fault.' },
          row: { type: ['integer', 'null'], description: 'The element of `values`, counted from 1.' },
          column: { type: ['string', 'null'], description: 'The return’s column the field is.' },
          message: { type: 'string' },
        },
        required: ['message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const errors = {
  '400': problemResponse('The query cannot be read: a filter, limit or offset that is not allowed.'),
  '401': problemResponse('No token, or one that is not valid (unknown, expired or revoked).'),
  '403': problemResponse('The token’s scope does not allow this.'),
  '429': problemResponse('Too many requests from this token (or address): wait and try again.'),
};

const FILTER_TEXT = {
  plan: 'Only rows of this plan (its id).',
  period: 'Only rows of this period (its code, e.g. 2017-18-Q1).',
  directorate: 'Only rows of this directorate (its code).',
} as const;

let cached: Json | null = null;

function document(): Json {
  if (cached) return cached;
  const schemas: Json = { Problem: problem, PostValues: schemaOf(PostValuesBody) };
  const paths: Json = {};
  for (const set of ENTITY_SET_LIST) {
    schemas[set.typeName] = schemaOf(set.schema);
    schemas[`${set.typeName}Page`] = {
      type: 'object',
      properties: {
        data: { type: 'array', items: ref(set.typeName) },
        meta: {
          type: 'object',
          properties: {
            total: { type: 'integer', description: 'Rows matching the filters, on every page.' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
            dataVersion: {
              type: 'string',
              description: 'The data version the rows were read at (also the ETag).',
            },
          },
          required: ['total', 'limit', 'offset', 'dataVersion'],
        },
        links: {
          type: 'object',
          properties: {
            self: { type: 'string' },
            next: { type: ['string', 'null'], description: 'The next page, or null on the last.' },
          },
          required: ['self', 'next'],
        },
      },
      required: ['data', 'meta', 'links'],
      additionalProperties: false,
    };
    const filters = Object.keys(set.filters) as (keyof typeof FILTER_TEXT)[];
    paths[`/api/v1/${set.path}`] = {
      get: {
        operationId: `list${set.name}`,
        summary: set.title,
        description: set.description,
        tags: ['Data'],
        parameters: [
          ...filters.map((name) => ({
            name,
            in: 'query',
            required: false,
            description: FILTER_TEXT[name],
            schema: { type: set.fields[set.filters[name]!]!.edm === 'Edm.Int64' ? 'integer' : 'string' },
          })),
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: `Rows a page (default ${DEFAULT_LIMIT}).`,
            schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
          },
          {
            name: 'offset',
            in: 'query',
            required: false,
            description: 'Rows to skip.',
            schema: { type: 'integer', minimum: 0, default: 0 },
          },
          { $ref: '#/components/parameters/IfNoneMatch' },
        ],
        responses: {
          '200': {
            description: `A page of ${set.title.toLowerCase()}.`,
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
            content: { 'application/json': { schema: ref(`${set.typeName}Page`) } },
          },
          '304': { description: 'Not changed since the ETag sent in If-None-Match.' },
          ...errors,
        },
      },
    };
    paths[`/api/v1/${set.path}/{id}`] = {
      get: {
        operationId: `get${set.typeName}`,
        summary: `One ${set.typeName.toLowerCase()}`,
        tags: ['Data'],
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: set.fields[set.key]!.edm === 'Edm.Int64' ? 'integer' : 'string' },
          },
          { $ref: '#/components/parameters/IfNoneMatch' },
        ],
        responses: {
          '200': {
            description: `The ${set.typeName.toLowerCase()}.`,
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { data: ref(set.typeName) },
                  required: ['data'],
                  additionalProperties: false,
                },
              },
            },
          },
          '304': { description: 'Not changed since the ETag sent in If-None-Match.' },
          '404': problemResponse('There is no such row (or it is not one this token may read).'),
          ...errors,
        },
      },
    };
  }
  paths['/api/v1/values'] = {
    ...(paths['/api/v1/values'] as Json),
    post: {
      operationId: 'postValues',
      summary: 'Write a period’s figures',
      description:
        'Posts figures for an open collection round, as a return upload does: the same checks, saved as drafts or submitted for approval (an approver still signs them off), audited, all or nothing. Needs a token that may write values for each indicator posted.',
      tags: ['Writing'],
      requestBody: { required: true, content: { 'application/json': { schema: ref('PostValues') } } },
      responses: {
        '200': {
          description: 'Every figure was saved (or left as it was).',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  ok: { const: true },
                  round: {
                    type: 'object',
                    properties: {
                      id: { type: 'integer' },
                      plan: { type: 'string' },
                      period: { type: 'string' },
                    },
                    required: ['id', 'plan', 'period'],
                  },
                  summary: {
                    type: 'object',
                    properties: {
                      saved: { type: 'integer' },
                      submitted: { type: 'integer' },
                      unchanged: { type: 'integer' },
                      notes: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { pointer: { type: 'string' }, message: { type: 'string' } },
                          required: ['pointer', 'message'],
                        },
                      },
                    },
                    required: ['saved', 'submitted', 'unchanged', 'notes'],
                  },
                },
                required: ['ok', 'round', 'summary'],
              },
            },
          },
        },
        '404': problemResponse('The period is not open for collection.'),
        '409': problemResponse('Someone saved one of the figures at the same moment: nothing was saved.'),
        '422': problemResponse(
          'Problems with the values, each located by a JSON pointer: nothing was saved.',
        ),
        ...errors,
      },
    },
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version: '1.0.0',
      description:
        'The council’s performance framework, figures, ratings and improvement plans. Read-only except POST /api/v1/values. The same data is an OData v4 feed at /odata/ for Power BI and Excel.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { basic: [] }, {}],
    tags: [
      { name: 'Data', description: 'Reading' },
      { name: 'Writing', description: 'Posting figures' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token an administrator issued.' },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'Any user name, the API token as the password (for Excel and Power BI).',
        },
      },
      parameters: {
        IfNoneMatch: {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: 'The ETag of a response you have: 304 when the data has not changed.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: {
          description: 'Who may read it and the data version it was read at.',
          schema: { type: 'string' },
        },
      },
    },
  };
  return cached;
}

/** The document, with the server it was asked of. */
export function openApiDocument(base: string): Json {
  return { ...document(), servers: [{ url: base }] };
}
