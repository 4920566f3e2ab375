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
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cairn's configuration has ${lines.length} problem(s):\n${lines.join('\n')}`);
  }
  return result.data;
}

/** What a new report's settings start with, from CAIRN_REPORT_*. */
export function reportDefaults(config: Config) {
  return {
    meeting: config.CAIRN_REPORT_MEETING,
    ...(config.CAIRN_REPORT_OF ? { reportOf: config.CAIRN_REPORT_OF } : {}),
    ...(config.CAIRN_REPORT_CONTACT ? { contactOfficer: config.CAIRN_REPORT_CONTACT } : {}),
  };
}
