/**
 * The pieces every column-mapping step shares (benchmarking files, the finance system's export): a
 * header compared as words, the best unused column for a field from its known spellings, and a header's
 * position in the file. Each feature keeps its own fields, spellings and rules on top.
 *
 * Pure: no I/O.
 */

/** A header as compared: lower case, punctuation and underscores as spaces. */
export function headerWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\-./()*:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The index of the column (not yet used) whose header is earliest among a field's known spellings,
 * or -1. `prefer` puts the headers it accepts before every other (e.g. codes before names).
 */
export function bestColumn(
  words: readonly string[],
  candidates: readonly string[],
  used: ReadonlySet<number>,
  prefer?: (w: string) => boolean,
): number {
  let best = -1;
  let bestScore = Infinity;
  words.forEach((w, i) => {
    if (used.has(i) || !w) return;
    const at = candidates.indexOf(w);
    if (at < 0) return;
    const score = at - (prefer?.(w) ? 1000 : 0);
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Each field's column, guessed from the headers field by field in the order given. */
export function detectColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  synonyms: Record<F, readonly string[]>,
): Partial<Record<F, string>> {
  const words = headers.map(headerWords);
  const used = new Set<number>();
  const columns: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const at = bestColumn(words, synonyms[field], used);
    if (at >= 0) {
      used.add(at);
      columns[field] = headers[at]!;
    }
  }
  return columns;
}

/** Each header's first position in the file (blank headers left out). */
export function headerIndex(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (h && !index.has(h)) index.set(h, i);
  });
  return index;
}
