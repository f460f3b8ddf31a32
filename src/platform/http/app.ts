import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { type Actor, type CitizenActor, installAccess } from './access.ts';
import { installBrowserSecurity } from './browser-security.ts';
import { installAnswerCheck, installErrorResponses } from './contract.ts';
import { clientErrorAsProblem, guardInput } from './input-guard.ts';
import { sendProblem } from './problem.ts';
import { type Deprecation, installDeprecations, unversioned, versioned } from './versioning.ts';

/** The app as route modules see it: zod schemas typed end to end. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly version: string;
  readonly rateLimitPerMinute: number;
  readonly authenticate: (token: string) => Promise<Actor | null>;
  /** Turns a citizen session token (cookie motcua_citizen) into the citizen signed in with e-ID. */
  readonly authenticateCitizen?: (token: string) => Promise<CitizenActor | null>;
  /** The largest file a multipart upload may carry. */
  readonly uploadLimitBytes?: number;
  /** The built web app (web/dist) to serve at `/`, when it exists. */
  readonly webRoot?: string | undefined;
  /** Fastify's trustProxy (the TRUST_PROXY setting): which proxies' X-Forwarded-* headers to believe. */
  readonly trustProxy?: boolean | number | string[];
  /** MOTCUA_PUBLIC_URL: its host is accepted as Origin of cookie-authenticated writes besides the request's own. */
  readonly publicUrl?: string | undefined;
  /** Bearer token /metrics requires; without it /metrics answers direct loopback connections only. */
  readonly metricsToken?: string | undefined;
  /** Refuse (500) any answer whose status or media type its operation does not document (on in the tests). */
  readonly checkAnswers?: boolean;
  /** API paths served but deprecated (docs/API.md): answered with Deprecation, Sunset and Link headers. */
  readonly deprecations?: readonly Deprecation[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Whether a /metrics request may read the metrics: the configured token, or else a direct local connection. */
function metricsAllowed(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(req.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !proxied && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const DOCS_PREFIX = '/docs';

/**
 * The Fastify app without its feature routes and without `listen`, so tests use `inject`. Pipeline:
 * request id → security headers and the Origin check of cookie writes → rate limit → access (auth) →
 * hostile-input guard → zod validation → handler → problem+json on any error (503 with Retry-After when the
 * database cannot be reached).
 */
export async function createHttpApp(opts: HttpAppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (opts.trustProxy as number)
        : (opts.trustProxy ?? false),
    routerOptions: { ignoreTrailingSlash: true },
    // Errors met before a route runs (a path parameter over 100 characters, a malformed URL, headers too
    // large for the HTTP parser) are problem+json like every other error.
    frameworkErrors: (err, req, reply) => sendProblem(err, req, reply),
    clientErrorHandler: clientErrorAsProblem,
    // `/api/v1/...` is the versioned API; `/api/...` its unversioned alias (docs/API.md): one router.
    rewriteUrl: (req) => unversioned(req.url ?? '/'),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  // Every route's OpenAPI operation declares the problem answers the platform gives (contract.ts).
  installErrorResponses(app);
  installDeprecations(app, opts.deprecations ?? []);
  if (opts.checkAnswers) installAnswerCheck(app);
  app.setNotFoundHandler((req, reply) => {
    // The web app routes in the browser: any page address that is not the API gets its index.html.
    const page = req.method === 'GET' && !/^\/(api|docs|verify|openapi\.json)(\/|$|\?)/.test(req.url);
    if (opts.webRoot && page && (req.headers.accept ?? '').includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      new DomainError('request.not_found', { method: req.method, url: req.url }),
      req,
      reply,
    );
  });
  // NUL bytes, unpaired surrogates and far dates anywhere in the input: 422 before any route sees them.
  app.addHook('preValidation', guardInput);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    opts.metrics.httpDuration
      .labels(req.method, req.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  await app.register(cookie);
  await installBrowserSecurity(app, { publicUrl: opts.publicUrl });
  if (opts.webRoot) {
    await app.register(fastifyStatic, { root: opts.webRoot, serve: false, preCompressed: true });
    app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, (req, reply) => {
      const file = (req.params as { '*': string })['*'];
      // Built assets carry a content hash in their names: cache them for a year.
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${file}`);
    });
  }
  // A text field holds up to 40,000 bytes: a document name of the catalogue (DOCUMENT_NAME_MAX characters).
  await app.register(multipart, {
    preservePath: true,
    limits: { fileSize: opts.uploadLimitBytes ?? 20 * 1024 * 1024, files: 1, fields: 20, fieldSize: 40_000 },
  });
  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => {
      const err = new DomainError('request.rate_limited', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) });
      return Object.assign(err, { statusCode: 429 });
    },
  });
  installAccess(app, opts.authenticate, [DOCS_PREFIX], opts.authenticateCitizen);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Motcua API',
        version: opts.version,
        description:
          'Administrative procedure handling (một cửa). Errors are RFC 9457 problem+json with Vietnamese and English titles; see docs/errors.md. Paths are documented under /api/v1, the current version; /api/... (without v1) is the same API under its unversioned alias. Versioning and deprecation policy: docs/API.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'motcua_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    // Documented under the versioned paths (/api/v1/...); the routes are declared under /api/... .
    transform: (doc) => {
      const out = jsonSchemaTransform(doc);
      return { ...out, url: versioned(out.url) };
    },
    // Schemas registered with an id in zod's global registry (src/contracts/components.ts, and the
    // recursive ones) become components.schemas, which the operations refer to by $ref.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (!metricsAllowed(req, opts.metricsToken)) {
      throw new DomainError(opts.metricsToken ? 'auth.unauthenticated' : 'auth.forbidden', {
        route: '/metrics',
      });
    }
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
  return app;
}
