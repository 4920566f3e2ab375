/**
 * A copy of a string that holds nothing else. A cell read from a large file can be a slice of the
 * whole chunk of text it came from (V8 keeps substrings of 13 characters or more as views of their
 * parent), so a cell kept for long — a metric's title, a cache key, a problem's message — would keep
 * its megabyte chunk alive with it. Keep such strings through this; it is for the few strings kept,
 * not for every cell.
 */
export function ownString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
