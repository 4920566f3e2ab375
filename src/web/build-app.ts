/**
 * Builds Cairn's web application. Returns the Fastify instance without listening, so tests drive it
 * with `app.inject()` and src/main/server.ts decides where it listens.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import { CairnError } from '../app/errors.js';
import { MAX_UPLOAD_BYTES, type WebDeps } from './deps.js';
import { paths } from './paths.js';
import { stylesheet } from './styles.js';
import { createViews } from './views.js';
import { performanceRoutes } from './features/performance/routes.js';
import { PageCache } from './page-cache.js';
import { DEFAULT_SIGN_IN_RATE_LIMIT, registerAccess, TooManySignIns, type AccessOptions } from './access.js';
import { registerGroupCommit } from './group-commit.js';
import { accountRoutes } from './features/account/routes.js';
import { adminRoutes, assignmentRoutes } from './features/admin/routes.js';
import { collectionRoutes } from './features/collection/routes.js';
import { actionRoutes } from './features/collection/action-routes.js';
import { reminderRoutes } from './features/collection/reminder-routes.js';
import { returnSpreadsheetRoutes } from './features/collection-spreadsheet/routes.js';
import { historyRoutes } from './features/history/routes.js';
import { ssoRoutes } from './features/sso/routes.js';
import { planReadRoutes } from './features/plans/routes.js';
import { planManageRoutes } from './features/plans/manage-routes.js';
import { planChangeRoutes } from './features/plans/change-routes.js';
import { planReviewRoutes } from './features/plans/review-routes.js';
import { planPublishRoutes } from './features/plans/publish-routes.js';
import { DEFAULT_SESSION_POLICY } from '../app/access/sessions.js';
import { reportRoutes } from './features/reports/routes.js';
import { frameworkLifecycleRoutes } from './features/framework/lifecycle-routes.js';
import { frameworkEditRoutes } from './features/framework/edit-routes.js';
import { frameworkUploadRoutes } from './features/framework/upload-routes.js';
import { organisationRoutes } from './features/admin/organisation-routes.js';
import { riskRoutes } from './features/risk/routes.js';
import { riskReviewRoutes } from './features/risk/review-routes.js';
import { financeRoutes } from './features/finance/routes.js';
import { financeEntryRoutes } from './features/finance/entry-routes.js';
import { businessRoutes } from './features/finance/business-routes.js';
import { operationsRoutes, requestIds } from './operations-routes.js';
import { benchmarkingRoutes } from './features/benchmarking/routes.js';
import { benchmarkUploadRoutes } from './features/benchmarking/upload-routes.js';
import { benchmarkPlanRoutes } from './features/benchmarking/plan-routes.js';
import { publicRoutes } from './features/public/routes.js';
import { publicSiteRoutes } from './features/public/manage-routes.js';
import { benchmarkMetricRoutes } from './features/benchmarking/metric-routes.js';
import { ApiDatasets } from '../app/api/datasets.js';
import { TokenUseLog } from '../app/api/token-uses.js';
import { DEFAULT_API_RATE_LIMIT, registerApiAuth } from './features/api/auth.js';
import { apiRoutes } from './features/api/routes.js';
import { odataRoutes } from './features/api/odata.js';
import { apiTokenRoutes } from './features/api/token-routes.js';

export { MAX_UPLOAD_BYTES, type Brand, type WebDeps } from './deps.js';

export interface WebOptions {
  /** Pino's options; `stream` lets a test read the log lines. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
}

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context: object): FastifyReply;
  }
  interface FastifyInstance {
    /** The API tokens' use log (flushed on close; tests flush it to read the uses). */
    apiTokenUses: TokenUseLog;
  }
}

const serviceProblem = {
  pageTitle: 'Sorry, there is a problem with the service',
  heading: 'Sorry, there is a problem with the service',
  message: 'Try again later. If it keeps happening, tell your performance team.',
};

export function buildApp(deps: WebDeps, options: WebOptions = {}): FastifyInstance {
  const trust = deps.trustProxy ?? false;
  const app = Fastify({
    logger: options.logger ?? false,
    // A hop count: believe that many proxies nearest to Cairn.
    trustProxy: typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust,
    ...requestIds(trust),
  });
  const views = createViews();
  const globals = {
    paths,
    brand: { councilName: deps.brand.councilName, logoUrl: deps.brand.logoUrl },
    sso: deps.sso ? { name: deps.sso.name } : null,
  };

  // First of all hooks, so that whatever a request commits (sign-in, a session's renewal) is its own.
  if (deps.store.groupCommit)
    registerGroupCommit(app, deps.store.groupCommit, () => render('error.njk', serviceProblem));

  app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.register(formbody, { bodyLimit: 1024 * 1024 });
  // File uploads (evidence, spreadsheets): one file, size-capped, fields attached to the body so the
  // CSRF check reads them like any form's. Each feature checks the type of what it accepts.
  app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60 },
  });

  const access: AccessOptions = {
    store: deps.store,
    clock: deps.clock,
    policy: deps.sessions?.policy ?? DEFAULT_SESSION_POLICY,
    secureCookies: deps.sessions?.secureCookies ?? 'auto',
    signInRateLimit: deps.signInRateLimit ?? DEFAULT_SIGN_IN_RATE_LIMIT,
  };
  // Only the routes that ask for it (the sign-in POST) are limited, per address (req.ip).
  app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new TooManySignIns(Math.max(1, Math.ceil(ctx.ttl / 60_000))),
  });
  registerAccess(app, access);

  // Pages hold internal figures and personal details: never kept by browsers' or proxies' caches.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
      reply.header('cache-control', 'no-store');
    return payload;
  });

  const render = (template: string, context: object): string =>
    views.render(template, { ...globals, ...context });
  app.decorateReply('render', function (this: FastifyReply, template: string, context: object) {
    return this.type('text/html; charset=utf-8').send(
      render(template, { session: this.request.session, ...context }),
    );
  });
  const cache = new PageCache(deps.store, render, (session) => render('account-area.njk', { session }));

  app.get(paths.stylesheet(), { config: { access: 'public' } }, async (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await stylesheet(deps.brand.colour)),
  );
  app.get(paths.health(), { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  operationsRoutes(app, deps);

  app.register(async (scoped) => {
    accountRoutes(scoped, access);
    ssoRoutes(scoped, access, deps.sso ?? null);
    adminRoutes(scoped, deps);
    assignmentRoutes(scoped, deps);
    performanceRoutes(scoped, deps, cache);
    collectionRoutes(scoped, deps);
    actionRoutes(scoped, deps);
    reminderRoutes(scoped, deps);
    returnSpreadsheetRoutes(scoped, deps);
    historyRoutes(scoped, deps);
    reportRoutes(scoped, deps);
    planReadRoutes(scoped, deps, cache);
    planManageRoutes(scoped, deps);
    planChangeRoutes(scoped, deps);
    planPublishRoutes(scoped, deps);
    planReviewRoutes(scoped, deps);
    frameworkLifecycleRoutes(scoped, deps);
    frameworkEditRoutes(scoped, deps);
    frameworkUploadRoutes(scoped, deps);
    organisationRoutes(scoped, deps);
    benchmarkingRoutes(scoped, deps);
    benchmarkUploadRoutes(scoped, deps);
    riskRoutes(scoped, deps, cache);
    riskReviewRoutes(scoped, deps);
    financeRoutes(scoped, deps);
    financeEntryRoutes(scoped, deps);
    businessRoutes(scoped, deps);
    publicRoutes(scoped, deps, cache);
    publicSiteRoutes(scoped, deps);
    benchmarkPlanRoutes(scoped, deps, cache);
    benchmarkMetricRoutes(scoped, deps);
    apiTokenRoutes(scoped, deps);
  });

  // The API and the OData feed (issue 15): bearer tokens, JSON answers, the same rows for both.
  const uses = new TokenUseLog(deps.store, 1000, (err) =>
    app.log.error({ err }, 'API token uses not written'),
  );
  app.decorate('apiTokenUses', uses);
  app.addHook('onClose', async () => uses.flush());
  const datasets = new ApiDatasets(deps.store);
  const apiOptions = {
    store: deps.store,
    clock: deps.clock,
    uses,
    publicData: datasets.serves('public'),
  };
  const rateLimited = deps.apiRateLimit ?? DEFAULT_API_RATE_LIMIT;
  app.register(async (api) => {
    registerApiAuth(api, apiOptions);
    apiRoutes(api, { store: deps.store, clock: deps.clock, datasets, rateLimit: rateLimited });
  });
  app.register(async (odata) => {
    registerApiAuth(odata, apiOptions);
    odataRoutes(odata, { datasets, rateLimit: rateLimited, pageSize: deps.odataPageSize });
  });

  /** The public site's pages (issue 15) answer in its own layout, which links to nothing internal. */
  const errorPage = (url: string) => (/^\/public(\/|\?|$)/.test(url) ? 'public/error.njk' : 'error.njk');

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).render(errorPage(req.url), {
      pageTitle: 'Page not found',
      heading: 'Page not found',
      message: `There is no page at ${req.url}. If you typed the web address, check it is correct.`,
    });
  });

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof CairnError) {
      return reply.code(error.status).render(errorPage(req.url), {
        pageTitle: error.status === 404 ? 'Not found' : 'There is a problem',
        heading: error.status === 404 ? 'Not found' : 'There is a problem',
        message: error.message,
        details: error.details,
      });
    }
    if (error instanceof TooManySignIns) {
      req.log.warn({ event: 'sign-in', outcome: 'address-limited', ip: req.ip }, 'sign-in refused');
      return reply.code(429).render('error.njk', {
        pageTitle: 'Too many attempts to sign in',
        heading: 'Too many attempts to sign in',
        message: `There have been too many attempts to sign in from your network. Wait ${error.minutes} minute${error.minutes === 1 ? '' : 's'}, then try again.`,
      });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.code(413).render('error.njk', {
        pageTitle: 'The file is too large',
        heading: 'The file is too large',
        message: `The file must be smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Nothing has been saved. Go back and choose a smaller file.`,
      });
    }
    if (status && status >= 400 && status < 500) {
      return reply.code(status).render('error.njk', {
        pageTitle: 'There is a problem',
        heading: 'There is a problem',
        message: 'The request could not be understood. Check the address and try again.',
      });
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply.code(500).render('error.njk', serviceProblem);
  });

  return app;
}
