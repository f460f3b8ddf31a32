import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.ts';

/**
 * API versions (docs/API.md). Routes are declared once under `/api/...`; a request to `/api/v1/...` is
 * routed to the same route (Fastify's rewriteUrl), so both paths answer the same, and the OpenAPI document
 * names the versioned paths. `/api/...` without a version is the alias of the current version.
 */
export const CURRENT_VERSION = 'v1';
const VERSIONED = `/api/${CURRENT_VERSION}`;

/** `/api/v1/records/1?x` → `/api/records/1?x`; any other URL unchanged. */
export function unversioned(url: string): string {
  if (url === VERSIONED) return '/api';
  if (url.startsWith(`${VERSIONED}/`) || url.startsWith(`${VERSIONED}?`)) {
    return `/api${url.slice(VERSIONED.length)}`;
  }
  return url;
}

/** `/api/records/{id}` → `/api/v1/records/{id}` (the documented path); any other path unchanged. */
export function versioned(path: string): string {
  return path === '/api' || path.startsWith('/api/') ? `${VERSIONED}${path.slice(4)}` : path;
}

/**
 * A deprecated way in (a version, or the unversioned alias): still served, each answer carrying
 * `Deprecation` (RFC 9745: `@<unix seconds>`), `Sunset` (RFC 8594: an HTTP date, at least
 * {@link MIN_SUNSET_DAYS} days after `since`) and `Link: <successor>; rel="successor-version"`.
 */
export interface Deprecation {
  /** Requests whose path (as the client sent it) starts with this prefix, e.g. `/api/v1/`. */
  readonly prefix: string;
  readonly since: Date;
  readonly sunset: Date;
  /** Where the replacement is documented, e.g. `/openapi.json`. */
  readonly successor: string;
}

/** The policy's shortest notice between deprecating a version and switching it off (docs/API.md). */
export const MIN_SUNSET_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

function assertNotice(what: string, d: { since: Date; sunset: Date }): void {
  if (d.sunset.getTime() - d.since.getTime() < MIN_SUNSET_DAYS * DAY_MS) {
    throw new Error(`Deprecation of ${what}: the sunset is less than ${MIN_SUNSET_DAYS} days away`);
  }
}

function setDeprecationHeaders(reply: FastifyReply, d: Omit<Deprecation, 'prefix'>): void {
  reply.header('deprecation', `@${Math.floor(d.since.getTime() / 1000)}`);
  reply.header('sunset', d.sunset.toUTCString());
  reply.header('link', `<${d.successor}>; rel="successor-version"`);
}

/** Adds the deprecation headers to the answers of deprecated paths; refuses a notice shorter than the policy's. */
export function installDeprecations(app: App, deprecations: readonly Deprecation[]): void {
  for (const d of deprecations) assertNotice(d.prefix, d);
  if (deprecations.length === 0) return;
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply) => {
    const d = deprecations.find((x) => req.originalUrl.startsWith(x.prefix));
    if (!d) return;
    setDeprecationHeaders(reply, d);
  });
}

/**
 * One deprecated operation (docs/API.md), under a version that is not: the route options to spread into
 * its declaration — `deprecated: true` in its OpenAPI schema is the route's to set — with the same headers
 * and the same shortest notice as a deprecated version. `successor` is the path of what replaces it.
 */
export function deprecatedOperation(
  operation: string,
  d: Omit<Deprecation, 'prefix'>,
): { onSend: (req: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown> } {
  assertNotice(operation, d);
  return {
    onSend: async (_req, reply, payload) => {
      setDeprecationHeaders(reply, d);
      return payload;
    },
  };
}
