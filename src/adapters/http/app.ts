/**
 * The HTTP service as a factory: `buildApp(deps)` wires Fastify, the plugins and every route, and returns the
 * instance without listening (tests call `app.inject`; ./server.ts listens).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Writable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger, { type SwaggerTransformObject } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import type { ReferenceData } from '../../core/reference/port.ts';
import { loadRuleBook, type LoadedRules } from '../rules/index.ts';
import type { AccountStore } from '../store/accounts/index.ts';
import { installAuth, CSRF_HEADER } from './auth.ts';
import {
  DEFAULT_CONFIG,
  type App,
  type AppConfig,
  type ReferenceSource,
  type RouteContext,
  type RouteInfo,
} from './context.ts';
import { installContentEncoding } from './content-encoding.ts';
import { answerClientError, errorHandler, errorHandlerFor, HttpError } from './errors.ts';
import { installJsonParser } from './json-body.ts';
import { LoginGuard } from './login-guard.ts';
import { openedFile, referenceCheck, storeChecks, type ReadinessCheck } from './readiness.ts';
import { routeModules, type RouteServices } from './routes/index.ts';
import { serializerCompiler, swaggerTransform, validatorCompiler, type ZodTypeProvider } from './zod.ts';

export interface AppDeps extends RouteServices {
  reference: ReferenceSource;
  accounts: AccountStore;
  config?: Partial<AppConfig>;
  /**
   * Logging: false for none; or a level and a stream (default stdout). Whatever the stream, lines never hold
   * query strings, bodies or claim data.
   */
  logger?: false | { level?: string; stream?: { write(line: string): unknown } };
  /** Payer rules; default: the files in rules/payers, loaded on first use. */
  rules?: LoadedRules;
  /** Folder of the built web app (web/dist); null = serve no web app. Default: web/dist of this checkout. */
  webRoot?: string | null;
  version?: string;
  /** The store's connection, for the readiness check (GET /api/ready); without one the app never says it is ready. */
  db?: DatabaseSync;
}

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', '..', 'web', 'dist');

/** Content-Security-Policy of the web app: everything from this origin, no inline script, no framing. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function loggerOptions(deps: AppDeps): NonNullable<FastifyServerOptions['logger']> {
  if (deps.logger === false) return false;
  const options = deps.logger ?? {};
  const stream = options.stream;
  // Never log a URL (query strings), a body, headers, or an error message (may quote a claim).
  const serializers = {
    req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
      method: req.method,
      route: req.routeOptions?.url ?? '(unmatched)',
    }),
    res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    err: (err: { name?: string; code?: string; statusCode?: number }) => ({
      type: err.name,
      code: err.code,
      statusCode: err.statusCode,
    }),
  };
  return {
    level: options.level ?? 'info',
    ...(stream
      ? { stream: new Writable({ write: (chunk, _enc, cb) => (stream.write(String(chunk)), cb()) }) }
      : {}),
    serializers,
  } as unknown as NonNullable<FastifyServerOptions['logger']>;
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

/** Upload routes take the file itself as the body (any type) or multipart/form-data parts named "file". */
function documentUploads(doc: OpenApiDoc, routes: readonly RouteInfo[]): OpenApiDoc {
  const binary = { schema: { type: 'string', format: 'binary' } };
  for (const r of routes) {
    if (!r.upload) continue;
    const op = doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    if (!op) continue;
    op['requestBody'] = {
      required: true,
      description:
        'The file as the request body (name it with the x-file-name header; ?fileName= is deprecated: URLs are logged by proxies), or multipart/form-data with one or more file parts.',
      content: {
        'application/edi-x12': binary,
        'application/fhir+json': binary,
        'application/json': binary,
        'text/plain': binary,
        'application/octet-stream': binary,
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } },
          },
        },
      },
    };
  }
  return doc;
}

/** Longest path parameter the router takes (claim ids, codes); longer is a 414. */
const MAX_PARAM_LENGTH = 200;

const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri-too-long',
    message: `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`,
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad-request',
    message: 'The URL is not valid: it has a malformed %-escape.',
  },
};

export async function buildApp(deps: AppDeps): Promise<App> {
  const config: AppConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const version = deps.version ?? '0.1.0';

  const app = Fastify({
    logger: loggerOptions(deps),
    // Our own onResponse hook logs one line per request, without the URL (query strings may hold search text).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs + 10_000,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // Unique across restarts (Fastify's `req-N` starts again at each): an audit outcome row names its call by it.
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // The router's own refusals (a path parameter too long, a malformed %-escape) quote the URL, which can hold a
    // claim id: answered in drugclaim's shape without it, and logged like any request.
    frameworkErrors: (error, request, reply) => {
      const known = FRAMEWORK_ERRORS[error.code];
      const status = known?.status ?? 400;
      if (config.logRequests)
        request.log.info({ method: request.method, route: '(unmatched)', status }, 'request');
      // The app's hooks do not run for these: the header the other answers get from them.
      void reply.header('x-content-type-options', 'nosniff');
      errorHandler(
        new HttpError(status, known?.code ?? 'bad-request', known?.message ?? 'The request is malformed.'),
        request,
        reply,
      );
    },
    // What Node's parser refuses before Fastify sees a request (an unknown method, headers past 16 KiB): answered in
    // drugclaim's shape too, and logged without what was sent.
    clientErrorHandler: (error, socket) => {
      const status = answerClientError(error, socket);
      if (status !== undefined && config.logRequests)
        app.log.info({ route: '(unparsed)', status, parseError: error.code }, 'request');
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  const routes: RouteInfo[] = [];
  app.decorate('drugclaimRoutes', routes);
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as {
      hide?: boolean;
      body?: unknown;
      querystring?: unknown;
      params?: unknown;
    };
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        access: route.config?.access ?? 'public',
        audit: route.config?.audit,
        hidden: schema.hide === true,
        hasBody: schema.body !== undefined,
        hasQuery: schema.querystring !== undefined,
        hasParams: schema.params !== undefined,
        upload: route.config?.upload === true,
      });
    }
  });

  installJsonParser(app);
  installContentEncoding(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler(config.validateResponses));
  app.setErrorHandler(errorHandlerFor(config));

  const referenceSource = deps.reference;
  const db = deps.db;
  const openedAtStart = db === undefined ? null : openedFile(db);
  let rules = deps.rules;
  const ctx: RouteContext = {
    config,
    accounts: deps.accounts,
    loginGuard: new LoginGuard(config.loginLockout),
    version,
    rules(): LoadedRules {
      rules ??= loadRuleBook();
      return rules;
    },
    readiness(): ReadinessCheck[] {
      const store =
        db === undefined
          ? [{ name: 'store-read' as const, ok: false, detail: 'no store connection was given to the app' }]
          : storeChecks(db, openedAtStart);
      return [...store, referenceCheck(ctx.referenceIfLoaded()?.releases().length ?? 0)];
    },
    referenceIfLoaded(): ReferenceData | undefined {
      return typeof referenceSource === 'function' ? referenceSource() : referenceSource;
    },
    reference(): ReferenceData {
      const ref = ctx.referenceIfLoaded();
      if (!ref) {
        throw new HttpError(
          503,
          'no-reference-data',
          'The store has no reference data yet. Load it with "drugclaim data sync" (downloads from CMS) or ' +
            '"drugclaim data import --from DIR" (a folder of CMS files) into the same store: "drugclaim serve" ' +
            'picks it up within seconds, without a restart.',
        );
      }
      return ref;
    },
  };

  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'drugclaim_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies },
    getToken: (req) => {
      const value = req.headers[CSRF_HEADER];
      return typeof value === 'string' ? value : undefined;
    },
  });
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindowMs,
    // Per API token, else per signed-in user, else per client address. (Sign-in and password change set their own
    // key: a token must not buy more password guesses.) Refused calls are limited before this runs (./auth.ts).
    keyGenerator: (req) =>
      req.principal?.token
        ? `t:${req.principal.token.id}`
        : req.principal
          ? `u:${req.principal.user.id}`
          : `ip:${req.ip}`,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 'rate-limited',
      // `ttl` is what is left of the window, not its length: say only the limit and when to retry.
      message: `Too many requests (at most ${context.max} in the time window); retry in ${context.after}.`,
    }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'drugclaim API',
        version,
        description:
          'Bill physician-administered drugs right: HCPCS codes as of a date, dose to billing units, claim edits, ' +
          'denials, underpayments, appeals and the worklist. Reference lookups are public unless the server is ' +
          'configured otherwise; everything that touches claims needs a session (web app) or an API token.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'API token from "drugclaim user token NAME" or POST /api/tokens.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'drugclaim_session',
            description:
              'Web app session (POST /api/auth/login) plus the x-csrf-token header on unsafe methods.',
          },
        },
      },
    },
    transform: swaggerTransform,
    transformObject: (doc) =>
      ('openapiObject' in doc
        ? documentUploads(doc.openapiObject as OpenApiDoc, routes)
        : doc.swaggerObject) as ReturnType<SwaggerTransformObject>,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });

  installAuth(app, ctx);

  if (config.logRequests) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? '(unmatched)',
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          user: request.principal?.user.id,
        },
        'request',
      );
    });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    if (request.routeOptions.config.audit !== undefined || request.principal)
      void reply.header('cache-control', 'no-store');
    const type = String(reply.getHeader('content-type') ?? '');
    // /docs (Swagger UI) too: it shares the origin, and so the session cookie, and it loads no inline script.
    if (type.startsWith('text/html')) void reply.header('content-security-policy', CSP);
    // Over HTTPS (direct, or a trusted proxy's X-Forwarded-Proto): browsers keep to HTTPS for a year.
    if (request.protocol === 'https') void reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      for (const register of routeModules) await register(api as unknown as App, ctx, deps);
    },
    { prefix: '/api' },
  );

  const webRoot = deps.webRoot === undefined ? DEFAULT_WEB_ROOT : deps.webRoot;
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      setHeaders: (res, path) => {
        // Vite puts a content hash in every asset name: cache them for good; never cache index.html.
        void res.header(
          'cache-control',
          path.startsWith(join(webRoot, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>drugclaim</title><h1>drugclaim</h1>' +
            '<p>The web app is not built. Run <code>npm run build</code> and restart. The API is at <a href="/docs">/docs</a>.</p>',
        ),
    );
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // The web app routes in the browser: any other GET for a page gets index.html.
    const api = path === '/api' || path.startsWith('/api/');
    if (hasWeb && request.method === 'GET' && !api && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    throw new HttpError(404, 'not-found', `No route ${request.method} ${path}.`);
  });

  return app;
}
