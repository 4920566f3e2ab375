/**
 * The one rule for a database id written as text — in a URL, a form field or a command's argument:
 * 1 to 9 digits. The web reads it through web/params.ts; the use cases and the CLI through parseId.
 */
export const ID_PATTERN = /^\d{1,9}$/;

/** Whether `text` is an id as written. */
export const isId = (text: unknown): text is string => typeof text === 'string' && ID_PATTERN.test(text);

/** The id in `text`, or undefined when it is not one. */
export const parseId = (text: unknown): number | undefined => (isId(text) ? Number(text) : undefined);
