/**
 * Route parameters and query values declared as schemas, not hand-written patterns. `id` is the one
 * rule for a database id in a URL or a form: 1 to 9 digits (domain/ids.ts, which the use cases and the
 * CLI read ids with). A parameter that fails its schema is a page
 * that does not exist (404) with the message the route gives.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.js';
import { notFound } from '../app/errors.js';

/** A database id as written in a URL or a form field. */
export const id = z.string().regex(ID_PATTERN).transform(Number);

/** The id in `text`, or undefined when it is not one. */
export function readId(text: unknown): number | undefined {
  const parsed = id.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}

/** The id in `text`, or a 404 with `message` when it is not one. */
export function requireId(text: unknown, message: string): number {
  const value = readId(text);
  if (value === undefined) throw notFound(message);
  return value;
}

/** Route parameters read by a schema; anything that does not fit is a 404 with `message`. */
export function readParams<S extends z.ZodType>(schema: S, params: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound(message);
  return parsed.data;
}
