/**
 * Configuration from the environment, checked at start-up: every problem is listed at once.
 * See .env.example.
 */
import { z } from 'zod';
import { paths } from '../web/paths.js';
import type { SsoSettings } from '../web/features/sso/oidc.js';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .default('./data/cairn.db')
    .describe('postgres://user:pass@host:5432/db, or a SQLite file path'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: on only for the quick start (no DATABASE_URL); see demoSetting below.
  CAIRN_DEMO: boolean
    .optional()
    .describe(
      'load the Oxfordshire demo into an empty database at start-up (default: only without DATABASE_URL)',
    ),
  CAIRN_COUNCIL_NAME: z.string().min(1).optional(),
  CAIRN_BRAND_COLOUR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1d5c4d')
    .default('#1d5c4d'),
  CAIRN_LOGO_URL: z.string().min(1).optional(),
  CAIRN_REPORT_MEETING: z
    .string()
    .min(1)
    .max(120)
    .default('Cabinet')
    .describe('the meeting a new report goes to'),
  CAIRN_REPORT_OF: z.string().min(1).max(200).optional().describe('"Report of" on a new report\'s cover'),
  CAIRN_REPORT_CONTACT: z.string().min(1).max(300).optional().describe('the contact officer on a new report'),
  CAIRN_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  CAIRN_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  CAIRN_SECURE_COOKIES: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe('mark cookies Secure: auto = when the request came over HTTPS (set true behind a TLS proxy)'),
  CAIRN_SIGN_IN_LIMIT_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(30)
    .describe('sign-in attempts allowed from one address in a minute, whatever the account'),
  CAIRN_API_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1200)
    .describe('API and OData requests allowed a minute from one token (or one address without a token)'),
  CAIRN_TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*)$/,
      'must be false, true, a number of proxies (hops), or addresses/CIDRs separated by commas, such as 10.0.0.1,10.1.0.0/16',
    )
    .default('false')
    .transform((v): boolean | number | string[] =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(/\s*,\s*/),
    )
    .describe('which proxies to believe for X-Forwarded-For and X-Forwarded-Proto'),
  CAIRN_AUDIT_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('the audit key, 64+ hex digits (docs/operations.md)'),
  CAIRN_AUDIT_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('a file holding the audit key; made 0600 if missing'),
  CAIRN_AUDIT_CHECKPOINT_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('where signed checkpoints of the audit trail are appended'),
  CAIRN_METRICS_TOKEN: z
    .string()
    .trim()
    .regex(
      /^[\x21-\x7e]{24,}$/,
      'must be 24 or more characters with no spaces (make one with: openssl rand -hex 32)',
    )
    .optional()
    .describe('the bearer token /metrics asks for; without it there is no /metrics'),
  // Reminders (the worker, `cairn worker`). Optional for the web server; the worker needs the first three.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, 'must be an SMTP address such as smtp://user:pass@mail.example.org:587')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      'must be an email address, or a name and address such as Performance Team <performance@council.gov.uk>',
    )
    .optional(),
  CAIRN_BASE_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s/]+(\/[^\s]*)?$/,
      'must be the address people use to reach Cairn, such as https://cairn.council.gov.uk',
    )
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  CAIRN_WORKER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  CAIRN_OIDC_ISSUER: z.string().min(1).optional(),
  CAIRN_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CAIRN_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CAIRN_OIDC_REDIRECT_URL: z.string().min(1).optional(),
  CAIRN_OIDC_NAME: z.string().trim().min(1).max(60, 'must be 60 characters or fewer').optional(),
});

export type Config = Omit<z.infer<typeof schema>, 'CAIRN_DEMO'> & {
  /** Load the demo into an empty database at start-up; `demoReason` says why, for the log. */
  CAIRN_DEMO: boolean;
  demoReason: string;
  /** Single sign-on, when CAIRN_OIDC_ISSUER is set; null otherwise. */
  sso: SsoSettings | null;
};

/**
 * The demo is on where the quick start wants it — `npm start` with no DATABASE_URL, on the default
 * SQLite file — and otherwise only when CAIRN_DEMO=true says so: a real database (DATABASE_URL set)
 * never gets the demo by accident.
 */
function demoSetting(
  explicit: boolean | undefined,
  databaseUrlSet: boolean,
): { on: boolean; reason: string } {
  if (explicit !== undefined) return { on: explicit, reason: `CAIRN_DEMO=${explicit}` };
  return databaseUrlSet
    ? { on: false, reason: 'DATABASE_URL is set and CAIRN_DEMO is not' }
    : { on: true, reason: 'no DATABASE_URL is set (the quick start); set CAIRN_DEMO=false to start empty' };
}

const CALLBACK_PATH = paths.ssoCallback();
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https address (or http on this machine, for trying Cairn out); a problem in words otherwise. */
function webAddress(value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a full web address starting https://';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)))
    return 'must start https:// (plain http:// only for localhost)';
  return url;
}

/**
 * Single sign-on settings: all of issuer, client id and secret, or none; an issuer without a query or
 * fragment; the callback address from CAIRN_OIDC_REDIRECT_URL or CAIRN_BASE_URL.
 */
function ssoSettings(env: Record<string, string | undefined>): {
  sso: SsoSettings | null;
  problems: string[];
} {
  const problems: string[] = [];
  const issuerText = env.CAIRN_OIDC_ISSUER;
  const clientId = env.CAIRN_OIDC_CLIENT_ID;
  const clientSecret = env.CAIRN_OIDC_CLIENT_SECRET;
  const base = env.CAIRN_BASE_URL ? webAddress(env.CAIRN_BASE_URL) : null;
  const someSet = [issuerText, clientId, clientSecret, env.CAIRN_OIDC_REDIRECT_URL].some(Boolean);
  if (!someSet) return { sso: null, problems };
  // Its form is checked with the other settings; single sign-on also needs it to be https.
  if (typeof base === 'string' && /^https?:\/\/[^\s/]+/.test(env.CAIRN_BASE_URL ?? ''))
    problems.push(`CAIRN_BASE_URL: ${base}`);
  const need = (key: string, value: string | undefined) => {
    if (!value)
      problems.push(`${key}: is needed for single sign-on (set it, or remove every CAIRN_OIDC_ setting)`);
  };
  need('CAIRN_OIDC_ISSUER', issuerText);
  need('CAIRN_OIDC_CLIENT_ID', clientId);
  need('CAIRN_OIDC_CLIENT_SECRET', clientSecret);
  let issuer: URL | null = null;
  if (issuerText) {
    const u = webAddress(issuerText);
    if (typeof u === 'string') problems.push(`CAIRN_OIDC_ISSUER: ${u}`);
    else if (u.search || u.hash || issuerText.includes('#'))
      problems.push('CAIRN_OIDC_ISSUER: must not have a query (?…) or fragment (#…)');
    else issuer = u;
  }
  let redirectUrl: URL | null = null;
  const redirectText = env.CAIRN_OIDC_REDIRECT_URL;
  if (redirectText) {
    const u = webAddress(redirectText);
    if (typeof u === 'string') problems.push(`CAIRN_OIDC_REDIRECT_URL: ${u}`);
    else if (u.pathname !== CALLBACK_PATH || u.search || u.hash)
      problems.push(`CAIRN_OIDC_REDIRECT_URL: must be Cairn's address followed by ${CALLBACK_PATH}`);
    else redirectUrl = u;
  } else if (base instanceof URL) {
    redirectUrl = new URL(CALLBACK_PATH, base);
  } else if (!base) {
    problems.push(
      'CAIRN_OIDC_REDIRECT_URL: is needed for single sign-on; set it (or CAIRN_BASE_URL) to the address registered with the provider',
    );
  }
  if (problems.length || !issuer || !redirectUrl || !clientId || !clientSecret)
    return { sso: null, problems };
  return {
    sso: {
      issuer,
      clientId,
      clientSecret,
      redirectUrl,
      name: env.CAIRN_OIDC_NAME?.trim() || 'your council account',
    },
    problems,
  };
}

export class ConfigError extends Error {}

export interface WorkerSettings {
  smtpUrl: string;
  mailFrom: string;
  baseUrl: string;
  intervalMinutes: number;
}

/** What the reminder worker needs; every missing setting is listed at once. */
export function workerSettings(config: Config): WorkerSettings {
  const missing = [
    config.SMTP_URL
      ? null
      : '  SMTP_URL: set the mail server reminders are sent through, e.g. smtp://user:pass@mail.example.org:587',
    config.MAIL_FROM
      ? null
      : '  MAIL_FROM: set the address reminders come from, e.g. Performance Team <performance@council.gov.uk>',
    config.CAIRN_BASE_URL
      ? null
      : '  CAIRN_BASE_URL: set the address people use to reach Cairn, e.g. https://cairn.council.gov.uk (reminders link to it)',
  ].filter((l): l is string => l !== null);
  if (missing.length)
    throw new ConfigError(
      `The reminder worker needs ${missing.length} more setting(s):\n${missing.join('\n')}`,
    );
  return {
    smtpUrl: config.SMTP_URL!,
    mailFrom: config.MAIL_FROM!,
    baseUrl: config.CAIRN_BASE_URL!,
    intervalMinutes: config.CAIRN_WORKER_INTERVAL_MINUTES,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  const sso = ssoSettings(present);
  const lines = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...sso.problems,
  ].map((line) => `  ${line}`);
  if (!result.success || lines.length)
    throw new ConfigError(`Cairn's configuration has ${lines.length} problem(s):\n${lines.join('\n')}`);
  const demo = demoSetting(result.data.CAIRN_DEMO, 'DATABASE_URL' in present);
  return { ...result.data, CAIRN_DEMO: demo.on, demoReason: demo.reason, sso: sso.sso };
}

/** What a new report's settings start with, from CAIRN_REPORT_*. */
export function reportDefaults(config: Config) {
  return {
    meeting: config.CAIRN_REPORT_MEETING,
    ...(config.CAIRN_REPORT_OF ? { reportOf: config.CAIRN_REPORT_OF } : {}),
    ...(config.CAIRN_REPORT_CONTACT ? { contactOfficer: config.CAIRN_REPORT_CONTACT } : {}),
  };
}
