/**
 * Where to go back to after signing in (the sign-in form, single sign-on's callback): only a path on
 * this site. Browsers strip tabs and newlines from a Location and read `\` as `/`, so `/\t/evil.example`
 * or `/\evil.example` would leave the site; a CR or LF would break the header. So a return address must
 * start with exactly one `/`, hold no control characters or backslashes (nor encode them), and resolve to
 * this site. Anything else returns to the home page.
 */
const BASE = 'http://cairn.invalid';
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/;
const MAX_LENGTH = 2000;

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return '/';
  const plain = decoded(value);
  if (plain === null) return '/';
  for (const text of [value, plain]) {
    if (!text.startsWith('/') || text.startsWith('//') || UNSAFE.test(text)) return '/';
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
