/**
 * Councils' names as benchmarking files spell them: "Edinburgh, City of", "Bath & North East Somerset",
 * "Oxfordshire County Council". A name is compared through its key — lower case, accents dropped, "&"
 * read as "and", punctuation as spaces, and the words "council", "the" and "city of" left out — and
 * looked up among every spelling the reference data lists. A name that matches nothing is never
 * guessed: the closest names (by edit distance between keys) are offered instead.
 *
 * Pure: no I/O.
 */

/** The key a name is compared by: "City of Edinburgh Council" and "Edinburgh, City of" → "edinburgh". */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(city of|council|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A looser key, tried when the exact one finds nothing: the words that say what kind of council it is
 * are left out too ("Cherwell District Council" → "cherwell", "London Borough of Camden" → "camden").
 */
export function looseNameKey(name: string): string {
  return nameKey(name)
    .replace(
      /\b(county borough|metropolitan borough|metropolitan district|royal borough of|london borough of|borough of|county of|county|borough|district|city|unitary authority|authority)\b/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance (insertions, deletions and substitutions each cost 1), in O(|a|·|b|) time. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface NamedCandidate<T> {
  /** A spelling's key (nameKey), and what it names. */
  key: string;
  item: T;
}

/**
 * The `limit` items whose spellings are nearest to `name`, nearest first (each item once, by its nearest
 * spelling; ties in the order given). A spelling that contains the key, or is contained in it, counts as
 * distance 1, so "Bristol" finds "Bristol, City of" before "Bridgend".
 */
export function closestNames<T>(
  name: string,
  candidates: readonly NamedCandidate<T>[],
  limit = 3,
  same: (a: T, b: T) => boolean = (a, b) => a === b,
): T[] {
  const key = nameKey(name);
  const scored = candidates.map((c, index) => {
    const d = editDistance(key, c.key);
    const contains = key.length >= 3 && (c.key.includes(key) || key.includes(c.key)) ? 1 : d;
    return { item: c.item, score: Math.min(d, contains), d, index };
  });
  scored.sort((a, b) => a.score - b.score || a.d - b.d || a.index - b.index);
  const out: T[] = [];
  for (const s of scored) {
    if (out.some((o) => same(o, s.item))) continue;
    out.push(s.item);
    if (out.length === limit) break;
  }
  return out;
}

/** A GSS code: a letter for the nation, two digits for the kind of area, six digits (E10000025). */
export const GSS_CODE = /^[EKNSW]\d{8}$/;

/**
 * GSS codes of areas that are not councils: countries (E92, N92, S92, W92), the UK, Great Britain and
 * England and Wales (K02–K04), English regions (E12, and E15 before 2011) and London's inner and outer
 * parts (E13). A file's rows for them are averages, not councils.
 */
const AGGREGATE_GSS = /^(?:[ENSW]92|K0[234]|E1[235])\d{6}$/;

const AGGREGATE_NAME =
  /^(?:england|scotland|wales|northern ireland|united kingdom|uk|great britain|gb|england and wales)(?:\s|$)|\b(?:average|mean|median|total|all councils|all authorities)\b/;

/** True when a code or name is an aggregate (a country, a region, "England mean") rather than a council. */
export function isAggregateArea(text: string): boolean {
  const t = text.trim();
  if (GSS_CODE.test(t.toUpperCase())) return AGGREGATE_GSS.test(t.toUpperCase());
  return AGGREGATE_NAME.test(nameKey(t));
}
