/**
 * OData v4 system query options over an entity set's rows: `$filter` (eq, ne, gt, ge, lt, le, and,
 * or, not and parentheses, on the set's simple properties, with string, number, boolean, date and
 * null literals), `$select`, `$orderby`, `$top`, `$skip` and `$count`. Anything else — functions
 * such as contains(), arithmetic, `$expand`, `$search` — is refused with a message saying so, never
 * ignored, so a report is never silently built on unfiltered rows.
 */
import type { EdmType, EntitySet, Row } from '../../../app/api/entities.js';

export class ODataError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

const bad = (message: string, target?: string) => new ODataError(400, 'BadRequest', message, target);

type Literal = string | number | boolean | null;
type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Filter =
  | { kind: 'cmp'; op: Op; property: string; value: Literal }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; operand: Filter };

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'date'; v: string; at: number }
  | { t: '(' | ')' | ','; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, at: i });
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw bad(`$filter: the text starting at position ${i + 1} has no closing quote.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += text[j];
        j++;
      }
      out.push({ t: 'string', v, at: i });
      i = j + 1;
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}(?![\d:T])/.exec(text.slice(i));
    if (date) {
      out.push({ t: 'date', v: date[0], at: i });
      i += date[0].length;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'number', v: Number(num[0].replace(/[mMdDfFlL]$/, '')), at: i });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_./]*/.exec(text.slice(i));
    if (ident) {
      out.push({ t: 'ident', v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    throw bad(`$filter: “${c}” at position ${i + 1} is not something the filter can read.`);
  }
  return out;
}

const OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_OPS = new Set(['has', 'in', 'add', 'sub', 'mul', 'div', 'divby', 'mod']);

/** Parses a $filter against the set's properties, checking each literal fits its property's type. */
export function parseFilter(text: string, set: EntitySet): Filter {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (w: string) => {
    const t = peek();
    return t?.t === 'ident' && t.v.toLowerCase() === w;
  };
  const expect = (kind: Token['t'], what: string) => {
    const t = tokens[pos];
    if (!t || t.t !== kind)
      throw bad(`$filter: expected ${what}${t ? ` at position ${t.at + 1}` : ' at the end'}.`);
    pos++;
    return t;
  };
  const literal = (property: string, edm: EdmType, nullable: boolean): Literal => {
    const t = tokens[pos++];
    if (!t) throw bad(`$filter: ${property} is compared with nothing.`);
    if (t.t === 'ident' && t.v === 'null') {
      if (!nullable) throw bad(`$filter: ${property} is never null.`, property);
      return null;
    }
    if (edm === 'Edm.String') {
      if (t.t !== 'string')
        throw bad(
          `$filter: ${property} is text: compare it with a quoted value, like '${'value'}'.`,
          property,
        );
      return t.v;
    }
    if (edm === 'Edm.Boolean') {
      if (t.t !== 'ident' || (t.v !== 'true' && t.v !== 'false'))
        throw bad(`$filter: ${property} is true or false.`, property);
      return t.v === 'true';
    }
    if (edm === 'Edm.Date') {
      if (t.t === 'date' || t.t === 'string') return t.v;
      throw bad(`$filter: ${property} is a date: write it like 2018-03-31.`, property);
    }
    if (t.t !== 'number') throw bad(`$filter: ${property} is a number: compare it with a number.`, property);
    return t.v;
  };
  const primary = (): Filter => {
    const t = peek();
    if (!t) throw bad('$filter ends too soon.');
    if (t.t === '(') {
      pos++;
      const inner = or();
      expect(')', 'a closing bracket');
      return inner;
    }
    if (t.t !== 'ident') throw bad(`$filter: expected a property name at position ${t.at + 1}.`);
    pos++;
    if (peek()?.t === '(')
      throw bad(
        `$filter: the function ${t.v}() is not supported. Use eq, ne, gt, ge, lt, le, and, or and not.`,
      );
    const field = set.fields[t.v];
    if (!field) throw bad(`$filter: ${set.name} has no property ${t.v}.`, t.v);
    const opTok = peek();
    if (!opTok || opTok.t !== 'ident') throw bad(`$filter: expected eq, ne, gt, ge, lt or le after ${t.v}.`);
    const op = opTok.v.toLowerCase();
    if (UNSUPPORTED_OPS.has(op)) throw bad(`$filter: the operator ${op} is not supported.`);
    if (!OPS.has(op)) throw bad(`$filter: “${opTok.v}” is not an operator; use eq, ne, gt, ge, lt or le.`);
    pos++;
    const value = literal(t.v, field.edm, field.nullable);
    if (value === null && op !== 'eq' && op !== 'ne')
      throw bad(`$filter: null can only be compared with eq or ne.`, t.v);
    return { kind: 'cmp', op: op as Op, property: t.v, value };
  };
  const not = (): Filter => {
    if (word('not')) {
      pos++;
      return { kind: 'not', operand: not() };
    }
    return primary();
  };
  const and = (): Filter => {
    let left = not();
    while (word('and')) {
      pos++;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const or = (): Filter => {
    let left = and();
    while (word('or')) {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  if (!tokens.length) throw bad('$filter is empty.');
  const f = or();
  if (pos < tokens.length)
    throw bad(`$filter: unexpected “${describe(tokens[pos]!)}” at position ${tokens[pos]!.at + 1}.`);
  return f;
}

const describe = (t: Token) => ('v' in t ? String(t.v) : t.t);

function compare(a: Literal, b: Literal): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function matches(f: Filter, row: Row): boolean {
  switch (f.kind) {
    case 'and':
      return matches(f.left, row) && matches(f.right, row);
    case 'or':
      return matches(f.left, row) || matches(f.right, row);
    case 'not':
      return !matches(f.operand, row);
    case 'cmp': {
      const v = row[f.property] ?? null;
      if (f.value === null || v === null) {
        const same = v === f.value;
        return f.op === 'eq' ? same : f.op === 'ne' ? !same : false;
      }
      const c = compare(v, f.value);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[f.op];
    }
  }
}

export interface ODataQuery {
  filter: Filter | null;
  select: string[] | null;
  orderby: { property: string; desc: boolean }[];
  top: number | null;
  skip: number;
  count: boolean;
}

const SUPPORTED = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$format',
  '$skiptoken',
]);

function whole(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw bad(`${name} must be a whole number, not “${text}”.`);
  return Number(text.trim());
}

/** Reads the query options (case-sensitive names, as OData 4.0 defines them). */
export function readQuery(query: Record<string, string | string[] | undefined>, set: EntitySet): ODataQuery {
  const one = (k: string): string | undefined => {
    const v = query[k];
    if (Array.isArray(v)) throw bad(`${k} is given more than once.`);
    return v;
  };
  for (const k of Object.keys(query))
    if (k.startsWith('$') && !SUPPORTED.has(k))
      throw new ODataError(
        501,
        'NotImplemented',
        `${k} is not supported by this feed. Use $filter, $select, $orderby, $top, $skip and $count.`,
      );
  const format = one('$format');
  if (format && !/^(json|application\/json)/i.test(format))
    throw bad(`$format ${format} is not supported: use json.`);
  const selectText = one('$select');
  let select: string[] | null = null;
  if (selectText && selectText.trim() !== '*') {
    select = selectText.split(',').map((s) => s.trim());
    for (const p of select) if (!set.fields[p]) throw bad(`$select: ${set.name} has no property ${p}.`, p);
  }
  const orderby: ODataQuery['orderby'] = [];
  const orderText = one('$orderby');
  if (orderText)
    for (const part of orderText.split(',')) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
      if (!m) throw bad(`$orderby: “${part.trim()}” should be a property, then asc or desc.`);
      if (!set.fields[m[1]!]) throw bad(`$orderby: ${set.name} has no property ${m[1]}.`, m[1]);
      orderby.push({ property: m[1]!, desc: m[2]?.toLowerCase() === 'desc' });
    }
  const countText = one('$count');
  if (countText !== undefined && countText !== 'true' && countText !== 'false')
    throw bad('$count must be true or false.');
  const filterText = one('$filter');
  const skipText = one('$skiptoken') ?? one('$skip');
  const topText = one('$top');
  return {
    filter: filterText ? parseFilter(filterText, set) : null,
    select,
    orderby,
    top: topText === undefined ? null : whole('$top', topText),
    skip: skipText === undefined ? 0 : whole('$skip', skipText),
    count: countText === 'true',
  };
}

/** The rows the query asks for: filtered, ordered, counted, then the page. */
export function applyQuery(
  rows: Row[],
  q: ODataQuery,
  pageSize: number,
): { page: Row[]; count: number; more: boolean } {
  let out = q.filter ? rows.filter((r) => matches(q.filter!, r)) : rows;
  if (q.orderby.length) {
    out = [...out].sort((a, b) => {
      for (const o of q.orderby) {
        const x = a[o.property] ?? null;
        const y = b[o.property] ?? null;
        // Nulls first ascending, as OData orders them.
        const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compare(x, y);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  const wanted = q.top === null ? Infinity : q.top;
  const take = Math.min(wanted, pageSize);
  const page = out.slice(q.skip, q.skip + take);
  const more = wanted - page.length > 0 && q.skip + page.length < out.length;
  const projected = q.select
    ? page.map((r) => Object.fromEntries(q.select!.map((p) => [p, r[p] ?? null])) as Row)
    : page;
  return { page: projected, count: out.length, more };
}
