/**
 * Forms described as data and laid out by views/form.njk (the improvement plans' forms and the
 * framework's): the fields, what was typed, the problems a use case found mapped onto the GOV.UK error
 * summary and beside each field, and the form's body read by one schema (web/body.ts) built from its
 * fields — so no route reads `req.body` by hand.
 */
import type { Problem } from '../domain/problem.js';
import { CairnError } from '../app/errors.js';
import { form, list, text } from './body.js';
import { errorSummary, type ErrorSummaryItem } from './error-summary.js';

/** What a form's fields hold: the text typed, or every value ticked (checkboxes). */
export type Values = Record<string, string | string[] | undefined>;

export interface Field {
  name: string;
  label: string;
  hint?: string;
  type: 'text' | 'textarea' | 'select' | 'radios' | 'checkboxes';
  options?: { value: string; text: string; hint?: string }[];
  width?: string;
  rows?: number;
  /** Laid out as a heading of the fields after it (a fieldset's legend is not needed). */
  section?: string;
}

export interface FormView {
  pageTitle: string;
  caption: string;
  heading: string;
  intro?: string;
  action: string;
  submit: string;
  cancelUrl: string;
  cancelText?: string;
  fields: (Field & { value: string; values: string[]; error: string | null })[];
  errors: ErrorSummaryItem[];
  /** Sent back as they are: the version a change form was read at. */
  hidden?: { name: string; value: string }[];
}

const one = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function formView(
  spec: Omit<FormView, 'fields' | 'errors' | 'pageTitle'> & { fields: Field[] },
  values: Values,
  problems: Problem[] = [],
): FormView {
  const names = new Set(spec.fields.map((f) => f.name));
  // A problem on no field of this form (or on none at all) is shown on its first field.
  const first = spec.fields[0]!.name;
  const { errorList, fieldErrors } = errorSummary(
    problems.map((p) => ({ field: p.field && names.has(p.field) ? p.field : first, message: p.message })),
  );
  return {
    ...spec,
    pageTitle: `${problems.length ? 'Error: ' : ''}${spec.heading}`,
    fields: spec.fields.map((f) => {
      const v = values[f.name];
      return {
        ...f,
        value: one(v),
        values: Array.isArray(v) ? v : v ? [v] : [],
        error: fieldErrors[f.name]?.text ?? null,
      };
    }),
    errors: errorList,
  };
}

/**
 * After a refused stale change: where what is saved now differs from what the person wrote, a
 * problem on that field saying what is saved, so they can see the other change before saving again.
 */
export function savedNow(fields: Field[], saved: Values, written: Values): Problem[] {
  const shownAs = (f: Field, v: Values[string]) =>
    (Array.isArray(v) ? v : [v ?? ''])
      .map((x) => f.options?.find((o) => o.value === x)?.text ?? x)
      .filter(Boolean)
      .join(', ');
  return fields
    .filter((f) => shownAs(f, saved[f.name]).trim() !== shownAs(f, written[f.name]).trim())
    .map((f) => {
      const shown = shownAs(f, saved[f.name]);
      return {
        field: f.name,
        message: `${f.label.replace(/ \(optional\)$/, '')}: saved now as ${shown ? `“${shown}”` : 'blank'}.`,
      };
    });
}

/**
 * A form refused as a whole (someone else saved first): the message heads the error summary, linked
 * to the first field with a problem of its own (or the first field), and is not repeated on a field.
 */
export function refusedWhole(view: FormView, message: string): FormView {
  return {
    ...view,
    pageTitle: `Error: ${view.heading}`,
    errors: [
      ...errorSummary([{ message }], { fallbackHref: view.errors[0]?.href ?? `#${view.fields[0]!.name}` })
        .errorList,
      ...view.errors,
    ],
  };
}

/** A use case's refusal as located problems; anything else is thrown on. */
export const problemsOf = (e: unknown): Problem[] => {
  if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
  // A conflict is about the whole form, so its problems are on no field.
  if (e.code === 'CONFLICT')
    return [{ message: e.message }, ...e.details.map((d) => ({ message: d.message }))];
  return e.details.length
    ? e.details.map((d) => (d.field ? { field: d.field, message: d.message } : { message: d.message }))
    : [{ message: e.message }];
};

/** 409 for a conflict (someone else saved, or something depends on it), 400 for a form to correct. */
export const problemStatus = (e: unknown) => (e instanceof CairnError && e.code === 'CONFLICT' ? 409 : 400);

/** The schema of a form's body: each field's text (checkboxes: every value ticked). */
export function formBody(fields: readonly Pick<Field, 'name' | 'type'>[]) {
  return form(Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkboxes' ? list : text])));
}
