/**
 * What the web application is built from: the store, the clock, the council's brand and settings.
 * Its own module so route files and build-app.ts both import it, and neither imports the other.
 */
import type { RiskSummaryProvider } from '../app/business-management.js';
import type { Clock } from '../app/clock.js';
import type { Store } from '../app/store.js';
import type { SessionPolicy } from '../app/access/sessions.js';
import type { ReportSettings } from '../reports/quarterly/model.js';
import type { SsoSettings } from './features/sso/oidc.js';

/** The largest file anyone may upload (evidence, a spreadsheet). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Brand {
  councilName: string;
  colour: string;
  logoUrl: string | null;
}

export interface WebDeps {
  store: Store;
  clock: Clock;
  brand: Brand;
  /** What a new quarterly report's form starts with (meeting, report of, contact officer), from configuration. */
  reportDefaults?: Partial<ReportSettings>;
  /** Session timeouts and cookie flags; defaults: 60 minutes idle, 12 hours at most, Secure over HTTPS. */
  sessions?: { policy?: SessionPolicy; secureCookies?: boolean | 'auto' };
  /**
   * Sign-in attempts (the sign-in form's POST) allowed from one address in a window, whatever the
   * account; over it, 429. Default generous (1,000 a minute, for tests); the server sets the
   * configured CAIRN_SIGN_IN_LIMIT_PER_IP.
   */
  signInRateLimit?: { max: number; windowMinutes: number };
  /**
   * Which proxies' X-Forwarded-For / X-Forwarded-Proto to believe (Fastify's trustProxy): false (the
   * default), true, a hop count, or addresses/CIDRs. Secure cookies and the per-address limit use it.
   */
  trustProxy?: boolean | number | string[];
  /** Single sign-on with one OpenID Connect provider; without it, password sign-in only. */
  sso?: SsoSettings | null;
  /** Requests a minute each API token (or address without one) may make; default 1,200 (CAIRN_API_LIMIT_PER_MINUTE). */
  apiRateLimit?: { max: number; windowMinutes: number };
  /** The OData feed's server-driven page: rows an answer holds before its @odata.nextLink (default 1,000). */
  odataPageSize?: number;
  /** The bearer token /metrics asks for (CAIRN_METRICS_TOKEN); without one, /metrics is not there. */
  metricsToken?: string | null;
  /**
   * The risk register's summary per directorate for the business-management view (issue 14). Without
   * one the view shows performance and finance only, with no risk column.
   */
  riskSummaries?: RiskSummaryProvider;
}
