/**
 * A small browser for tests that cross sites: real HTTP (fetch), a cookie jar kept per host and path
 * as browsers keep it, redirects followed one at a time (so a test can look at, or tamper with, any
 * step), and HTML forms read and posted.
 */
interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

export interface Page {
  url: URL;
  status: number;
  body: string;
  location: string | null;
}

export class CookieBrowser {
  readonly jar = new Map<string, StoredCookie>();

  cookie(name: string): StoredCookie | undefined {
    return [...this.jar.values()].find((c) => c.name === name);
  }

  setCookie(c: StoredCookie): void {
    this.jar.set(`${c.host}|${c.path}|${c.name}`, c);
  }

  private cookieHeader(url: URL): string {
    return [...this.jar.values()]
      .filter(
        (c) =>
          c.host === url.hostname &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.replace(/\/?$/, '/'))),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private remember(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const a of attributes) {
        const [k = '', v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) expired = true;
      }
      const key = `${url.hostname}|${path}|${name}`;
      if (expired || value === '') this.jar.delete(key);
      else this.jar.set(key, { name, value, host: url.hostname, path });
    }
  }

  /** One request; a redirect is returned, not followed. */
  async request(
    target: string | URL,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Page> {
    const url = new URL(target);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.remember(url, res.headers.getSetCookie());
    const location = res.headers.get('location');
    return {
      url,
      status: res.status,
      body: await res.text(),
      location: location ? new URL(location, url).href : null,
    };
  }

  /** Follows redirects from a page while `until` says go on; returns the last page. */
  async follow(page: Page, until: (next: URL) => boolean = () => true): Promise<Page> {
    let current = page;
    for (let hops = 0; current.location && hops < 20; hops++) {
      const next = new URL(current.location);
      if (!until(next)) return current;
      current = await this.request(next);
    }
    return current;
  }
}

/** The first form on a page: where it posts and its fields (hidden inputs and given values). */
export function formOf(
  page: Page,
  values: Record<string, string> = {},
): { action: URL; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body);
  if (!form) throw new Error(`No form at ${page.url.href}: ${page.body.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), page.url), fields: { ...fields, ...values } };
}
