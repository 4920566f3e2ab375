/**
 * Form bodies declared as schemas (issue 18), as route ids are in params.ts. A form's fields are read
 * by one zod object: each field says its shape, and what the browser did not send (or sent twice, or
 * as a file where text was expected) becomes the empty value — the use case then says what is wrong
 * with it as a Problem beside the field, so no route reads `req.body` by hand.
 *
 *   const Body = form({ title: text, reason: text, version });
 *   const { title, reason, version } = readBody(Body, req.body);
 *
 * A multipart form (a file upload) is read the same way: its text fields by the same shapes (each
 * arrives as `{ value }`), its file by `file`.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.js';

/** One field's raw value: a string (url-encoded form) or a multipart field's `{ value }`. */
function raw(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v) {
    const value = (v as { value: unknown }).value;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** A text field as typed ('' when absent); the use case trims and checks it. */
export const text = z
  .unknown()
  .optional()
  .transform((v) => raw(v) ?? '');

/** A text field as typed, or `fallback` when the browser did not send it (a choice with a default). */
export const textOr = <F extends string | undefined>(fallback: F) =>
  z
    .unknown()
    .optional()
    .transform((v): string | F => raw(v) ?? fallback);

/** The version a change form was read at (0 when absent or not a number, which no row has). */
export const version = z
  .unknown()
  .optional()
  .transform((v) => {
    const s = raw(v);
    return s !== undefined && ID_PATTERN.test(s) ? Number(s) : 0;
  });

/** An optional id chosen on the form (a select or radios): undefined when absent or not an id. */
export const optionalId = z
  .unknown()
  .optional()
  .transform((v) => {
    const s = raw(v);
    return s !== undefined && ID_PATTERN.test(s) ? Number(s) : undefined;
  });

/** A checkbox or a "yes" button: true for 'yes', 'on' or 'true'. */
export const checked = z
  .unknown()
  .optional()
  .transform((v) => ['yes', 'on', 'true'].includes(raw(v) ?? ''));

/** Every value of a repeated field (checkboxes), as strings. */
export const list = z
  .unknown()
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(raw).filter((s): s is string => s !== undefined),
  );

/** A file chosen on a multipart form (@fastify/multipart, fields attached to the body). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  toBuffer: () => Promise<Buffer>;
}

/** A multipart form's file part as it came; undefined when no file was chosen (or a text came instead). */
export const file = z
  .unknown()
  .optional()
  .transform((v): UploadedFile | undefined => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const part = v as Partial<UploadedFile>;
    if (typeof part.filename !== 'string' || part.filename === '' || typeof part.toBuffer !== 'function')
      return undefined;
    return part as UploadedFile;
  });

/** A form's fields; fields not declared are ignored. */
export function form<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape);
}

/**
 * A form that lists rows, each with its own fields named `<field>-<row id>` (`text-12`, `status-12`,
 * `text-13`…): every row's fields read by `shape`, by the row's id.
 */
export function perRow<T extends z.ZodRawShape>(ids: readonly number[], shape: T) {
  const row = z.object(shape);
  const names = Object.keys(shape);
  return z.unknown().transform((body) => {
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    return new Map(
      ids.map((id) => [id, row.parse(Object.fromEntries(names.map((n) => [n, fields[`${n}-${id}`]])))]),
    );
  });
}

/** The form's values read by its schema (a missing body reads as every field empty). */
export function readBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return schema.parse(body && typeof body === 'object' ? body : {});
}

/**
 * A JSON body (the API's POST /api/v1/values) read by its schema: the whole result of checking it,
 * so the use case can say where each problem is (a JSON pointer) rather than fail.
 */
export const jsonBody = <S extends z.ZodType>(schema: S) =>
  z.unknown().transform((body) => schema.safeParse(body));
