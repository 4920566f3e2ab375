/**
 * Configuration from the environment, checked at start-up: every problem is listed at once.
 * See .env.example.
 */
import { z } from 'zod';

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
  CAIRN_DEMO: boolean.default(true).describe('load the Oxfordshire demo into an empty database at start-up'),
  CAIRN_COUNCIL_NAME: z.string().min(1).optional(),
  CAIRN_BRAND_COLOUR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1d5c4d')
    .default('#1d5c4d'),
  CAIRN_LOGO_URL: z.string().min(1).optional(),
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
});

export type Config = z.infer<typeof schema>;

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
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cairn's configuration has ${lines.length} problem(s):\n${lines.join('\n')}`);
  }
  return result.data;
}
