import type { RouteOptions } from 'fastify';
import { ZodType, type z } from 'zod';
import { ProblemBody } from '../../contracts/problem.ts';
import { DomainError, type ErrorCode } from '../../core/errors/index.ts';
import type { Access } from './access.ts';
import type { App } from './app.ts';
import { preferredLang, toProblem } from './problem.ts';

/**
 * The API's contract, in one place (issue 16 item 7): every operation of the OpenAPI document declares the
 * problem+json answers the platform itself can give, whatever the route, so a new route gets them without
 * writing them; a route that declares a status itself (with its own codes) keeps its own description.
 *
 * - 422 `request.invalid`: every route (its zod schemas, and the hostile-input guard on any path, query or
 *   body); a body too large is 422 `request.payload_too_large`. The handler answers no 400.
 * - 401 / 403: a route that is not public (the access hook; a citizen route's 401 is
 *   `citizen.unauthenticated`); 403 also for any write carrying a session cookie from another site
 *   (`request.cross_origin`).
 * - 404: a route with path parameters (the thing it names does not exist or may not be known).
 * - 409: only where the route declares it.
 * - 429, 500, 503: every route (the rate limit, an unexpected failure, an unreachable database).
 */

/** The statuses the platform answers on its own, with their codes, for `route` (see above). */
export function platformProblems(route: {
  method: string | string[];
  access: Access | undefined;
  hasParams: boolean;
}): Map<number, ErrorCode[]> {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  const citizen = route.access === 'citizen';
  const official = route.access !== undefined && route.access !== 'public' && !citizen;
  const out = new Map<number, ErrorCode[]>();
  if (official) out.set(401, ['auth.unauthenticated']);
  if (citizen) out.set(401, ['citizen.unauthenticated']);
  const forbidden: ErrorCode[] = [];
  if (official) forbidden.push('auth.forbidden', 'auth.password_change_required');
  if (official) forbidden.push('auth.mfa_required');
  if (writes) forbidden.push('request.cross_origin');
  if (forbidden.length > 0) out.set(403, forbidden);
  if (route.hasParams) out.set(404, ['request.not_found']);
  out.set(422, ['request.invalid', 'request.payload_too_large']);
  out.set(429, ['request.rate_limited']);
  out.set(500, ['system.internal']);
  out.set(503, ['system.database_unavailable']);
  return out;
}

/** Problem schemas made by {@link problemSchema}: documented as the one shared problem schema. */
const described = new WeakSet<z.ZodType>();

/** The problem schema of one status, described by its codes (the OpenAPI response's description). */
export function problemSchema(codes: readonly string[]): z.ZodType {
  const schema = ProblemBody.describe(codes.map((c) => `\`${c}\``).join(', '));
  described.add(schema);
  return schema;
}

/**
 * A problem schema as the response of its status, under the media type problems are sent with. The codes
 * go in the response's description; the body is the shared problem schema (one `$ref` when it is
 * registered as a component), not a copy per status and route.
 */
function asProblemJson(schema: z.ZodType) {
  return {
    description: schema.description ?? 'A problem (RFC 9457)',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: described.has(schema) ? ProblemBody : schema } },
  };
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Adds to every documented route's `schema.response` the problem statuses of {@link platformProblems} it
 * does not declare itself. Installed before any route, so every route (of any module) gets it.
 */
export function installErrorResponses(app: App): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const response = (schema.response ?? {}) as Record<string, unknown>;
    const problems = platformProblems({
      method: route.method,
      access: route.config?.access,
      hasParams: route.url.includes(':') || route.url.includes('*'),
    });
    const out: Record<string, unknown> = { ...response };
    for (const [status, codes] of problems) {
      if (out[status] === undefined) out[status] = problemSchema(codes);
    }
    // A problem is sent as application/problem+json: documented (and serialized) under that media type.
    for (const [status, declared] of Object.entries(out)) {
      if (Number(status) >= 400 && declared instanceof ZodType) out[status] = asProblemJson(declared);
    }
    schema.response = out;
  });
}

/** What is wrong with an answer of `status` and `contentType` for a route declaring `response` (null: nothing). */
export function undeclaredAnswer(
  response: Record<string, unknown>,
  status: number,
  contentType: string | undefined,
): string | null {
  const declared = response[status] ?? response[`${String(status)[0]}xx`] ?? response.default;
  if (declared === undefined) return `status ${status} is not documented`;
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const content = (declared as { content?: Record<string, unknown> }).content;
  const documented = content && !(declared instanceof ZodType) ? Object.keys(content) : ['application/json'];
  if (mediaType === '' || documented.includes(mediaType)) return null;
  return `status ${status} is documented as ${documented.join(', ')}, answered as ${mediaType}`;
}

/**
 * Holds every answer of a documented route to its OpenAPI operation (MOTCUA_CHECK_ANSWERS, docs/API.md):
 * its status and media type must be declared. The zod serializer checks the body of every declared status
 * (always, see above); an answer under an undeclared status would bypass it, and is answered 500
 * `system.internal` instead, logged with what was undocumented, so the API test that met it fails.
 */
export function installAnswerCheck(app: App): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const schema = req.routeOptions.schema as
      | { response?: Record<string, unknown>; hide?: boolean }
      | undefined;
    if (!schema || schema.hide || req.routeOptions.url === undefined || req.method === 'HEAD') return payload;
    const contentType = reply.getHeader('content-type');
    const wrong = undeclaredAnswer(
      schema.response ?? {},
      reply.statusCode,
      typeof contentType === 'string' ? contentType : undefined,
    );
    if (wrong === null) return payload;
    const err = new Error(`${req.method} ${req.routeOptions.url}: ${wrong} (undocumented answer)`);
    // The problem this becomes is declared by every route (500), so it passes this check itself.
    if (reply.statusCode < 400) throw err;
    // A problem answer comes from the error handler already: an error thrown here would reach Fastify's own
    // handler (plain JSON under the undeclared status), so the 500 problem is answered here.
    req.log.error({ err, code: 'system.internal' }, 'request failed');
    reply.code(500).type(`${PROBLEM_MEDIA_TYPE}; charset=utf-8`);
    const problem = toProblem(
      new DomainError('system.internal', {}, { cause: err }),
      req,
      preferredLang(req.headers['accept-language']),
    );
    return JSON.stringify(problem);
  });
}
