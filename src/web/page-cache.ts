/**
 * Pages are computed from the data and cached in memory until the data changes: each request reads
 * the data version (one indexed row, increased by database triggers on every write) and is served
 * from the cache when the page was rendered at that version. Thrown errors are never cached.
 * Pages that differ by viewer include what they vary by in the key: the performance pages put the
 * viewer's draft audience first (`approved`, `all`, or `user:<id>` for a data owner or approver, who see
 * their own drafts), so a councillor is never served a page rendered with drafts.
 */
import type { FastifyReply } from 'fastify';
import { VersionedCache } from '../app/versioned-cache.js';
import {
  buildScorecard,
  forAudience,
  READERS,
  type DraftAudience,
  type Scorecard,
} from '../app/scorecard.js';
import type { Period } from '../domain/periods.js';
import type { ActiveSession } from '../app/access/sessions.js';
import type { Store } from '../app/store.js';
import type { PlanRecord } from '../app/records.js';
import { currentDataVersion } from '../app/performance.js';

/**
 * A rendered page, kept encoded so a cache hit sends the bytes without re-encoding them, split where
 * the signed-in person's name and sign-out form go (the only part that differs between people).
 */
export interface Rendered {
  status: number;
  head: Buffer;
  tail: Buffer;
}

/** Where the layout leaves room for the account area in a cached page. */
export const ACCOUNT_MARKER = '<!--cairn:account-->';

export interface PageSpec {
  template: string;
  context: object;
  status?: number;
}

export interface PageCacheOptions {
  /** Total bytes of cached HTML kept (default 24 MB). */
  maxBytes?: number;
}

export class PageCache {
  private readonly pages: VersionedCache<Rendered>;
  private readonly scorecards = new VersionedCache<Scorecard>({ maxEntries: 8 });

  constructor(
    private readonly store: Store,
    private readonly render: (template: string, context: object) => string,
    private readonly renderAccount: (session: ActiveSession | null) => string,
    options: PageCacheOptions = {},
  ) {
    this.pages = new VersionedCache<Rendered>({
      maxEntries: 2000,
      maxSize: options.maxBytes ?? 24 * 1024 * 1024,
      sizeOf: (r) => r.head.length + r.tail.length,
    });
  }

  version(): Promise<number> {
    return currentDataVersion(this.store);
  }

  /**
   * A plan's scorecard for a period at a data version, computed once per version, as the audience may
   * see it (readers: no drafts).
   */
  async scorecard(
    plan: PlanRecord,
    period: Period,
    version: number,
    audience: DraftAudience = READERS,
  ): Promise<Scorecard> {
    const s = await this.scorecards.get(`${plan.id}:${period.code}`, version, () =>
      buildScorecard(this.store, period, plan),
    );
    return forAudience(s, audience);
  }

  /**
   * Sends the page for `key` (the route and the parameters it reads), building it only when the data
   * has changed, with the signed-in person's account area put in.
   */
  async send(
    reply: FastifyReply,
    key: string,
    build: (version: number) => Promise<PageSpec>,
    options: { account?: boolean } = {},
  ): Promise<FastifyReply> {
    const version = await this.version();
    const page = await this.pages.get(key, version, async () => {
      const spec = await build(version);
      const html = collapseWhitespace(this.render(spec.template, { ...spec.context, cacheable: true }));
      const at = html.indexOf(ACCOUNT_MARKER);
      const [head, tail] = at < 0 ? [html, ''] : [html.slice(0, at), html.slice(at + ACCOUNT_MARKER.length)];
      return { status: spec.status ?? 200, head: Buffer.from(head), tail: Buffer.from(tail) };
    });
    // The public site (features/public/) is the same page for everyone: no account area.
    const account = Buffer.from(options.account === false ? '' : this.renderAccount(reply.request.session));
    return reply
      .code(page.status)
      .type('text/html; charset=utf-8')
      .send(Buffer.concat([page.head, account, page.tail]));
  }
}

/**
 * Template indentation is a third of a large dashboard's bytes. A line break and the white space after
 * it render as one space, so they become one line break (linear: no backtracking on long runs). Cached pages are read-only: they hold
 * no <pre> or <textarea>, where white space would matter.
 */
export function collapseWhitespace(html: string): string {
  return html.replace(/\n\s*/g, '\n');
}
