/**
 * Starts Cairn's web server: reads configuration, opens and migrates the database, loads the demo
 * into an empty database (when no DATABASE_URL is set, or CAIRN_DEMO=true; see config.ts), and listens.
 * Everything it logs is a JSON line (pino), its own messages and each request's (with its request id).
 */
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { systemClock } from '../app/clock.js';
import { randomBytes } from 'node:crypto';
import { createAccount } from '../app/access/accounts.js';
import { systemActor } from '../app/audit.js';
import { DEMO_PEOPLE, loadDemoCollection } from '../app/demo-collection.js';
import { DEMO_ADMIN_EMAIL, DEMO_COUNCIL, hasAnyAccount, hasAnyPlan, loadDemo } from '../app/demo.js';
import { migrate, openStore } from '../storage/database.js';
import { buildApp } from '../web/build-app.js';
import { ConfigError, loadConfig, reportDefaults } from './config.js';
import { auditSettings } from './audit-key.js';
import { useAuditKey } from '../app/audit.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = pino({ name: 'cairn', level: config.LOG_LEVEL });
  const audit = auditSettings(config);
  useAuditKey(audit?.key ?? null);
  if (audit) log.info(`Audit trail keyed with ${audit.source}; checkpoints in ${audit.checkpointDir}.`);
  const store = openStore(config.DATABASE_URL, { durability: 'group' });
  await migrate(store.db);
  let councilName = config.CAIRN_COUNCIL_NAME;
  const empty = !(await hasAnyPlan(store));
  if (empty && !config.CAIRN_DEMO)
    log.info(
      `The database is empty and the demo is off (${config.demoReason}): set CAIRN_DEMO=true to load it.`,
    );
  if (empty && config.CAIRN_DEMO) {
    const { planId } = await loadDemo(store, systemClock);
    councilName ??= DEMO_COUNCIL.name;
    log.info(
      'Loaded the demo: Oxfordshire County Council, Corporate Plan 2017-18, Q1 2017-18 ratings; ' +
        'and three plans (a peer challenge action plan, an improvement plan after inspection, a business plan). ' +
        `The database was empty and the demo is on: ${config.demoReason}.`,
    );
    if (!(await hasAnyAccount(store))) {
      // A demo administrator with a password made now and shown once: no password is kept in the code.
      const password = randomBytes(12).toString('base64url');
      await createAccount(
        store,
        systemActor,
        // Not flagged must-change: whoever starts the demo signs in with the password printed below.
        {
          email: DEMO_ADMIN_EMAIL,
          name: 'Demo administrator',
          role: 'admin',
          password,
          mustChangePassword: false,
        },
        systemClock,
      );
      await loadDemoCollection(store, planId, password, systemClock);
      log.info(`Sign in as ${DEMO_ADMIN_EMAIL} with the password ${password} (shown this once).`);
      log.info(
        `The same password signs in the demo's ${DEMO_PEOPLE.map((p) => p.email).join(', ')}; ` +
          'Q2 2017-18 is open for collection.',
      );
    }
  }
  // The demo was loaded before any request could wait for it: make it durable before saying it is there.
  await store.groupCommit?.durable();
  if (!(await hasAnyAccount(store))) {
    log.info(
      'No one can sign in yet. Create an administrator:\n' +
        '  npx cairn user add --email you@council.gov.uk --name "Your Name" --role admin' +
        (config.sso ? ' --sso-only    (to sign in with single sign-on only)' : ''),
    );
  }
  if (!councilName) {
    const council = await store.db.selectFrom('council').select('name').executeTakeFirst();
    councilName = council?.name ?? 'Your council';
  }
  const app = buildApp(
    {
      store,
      clock: systemClock,
      brand: { councilName, colour: config.CAIRN_BRAND_COLOUR, logoUrl: config.CAIRN_LOGO_URL ?? null },
      reportDefaults: reportDefaults(config),
      sessions: {
        policy: { idleMinutes: config.CAIRN_SESSION_IDLE_MINUTES, maxHours: config.CAIRN_SESSION_MAX_HOURS },
        secureCookies:
          config.CAIRN_SECURE_COOKIES === 'auto' ? 'auto' : config.CAIRN_SECURE_COOKIES === 'true',
      },
      signInRateLimit: { max: config.CAIRN_SIGN_IN_LIMIT_PER_IP, windowMinutes: 1 },
      apiRateLimit: { max: config.CAIRN_API_LIMIT_PER_MINUTE, windowMinutes: 1 },
      trustProxy: config.CAIRN_TRUST_PROXY,
      sso: config.sso,
      metricsToken: config.CAIRN_METRICS_TOKEN ?? null,
    },
    { logger: { level: config.LOG_LEVEL } },
  );
  if (config.sso)
    log.info(
      `Single sign-on: ${config.sso.issuer.href} (callback ${config.sso.redirectUrl.href}), shown as “Sign in with ${config.sso.name}”.`,
    );
  // A signal handler cannot be awaited: close the server then the database, and exit either way
  // (with 1 and the reason when closing failed, so a supervisor sees it).
  const shutdown = (signal: NodeJS.Signals) => {
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          log.error({ err: e }, `Cairn could not close cleanly on ${signal}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ host: config.HOST, port: config.PORT });
  // The port it got (PORT=0 asks for any free one), so whoever started it can find it.
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.PORT;
  log.info(
    { port, dialect: store.dialect, metrics: Boolean(config.CAIRN_METRICS_TOKEN) },
    `Cairn is running on ${store.dialect} (${store.location}): open http://${config.HOST}:${port}/`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
