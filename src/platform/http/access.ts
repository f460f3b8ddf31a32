import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/index.ts';
import type { App } from './app.ts';

/**
 * The header carrying the applicant token returned once by `POST /api/public/records`. A leaf constant here,
 * not in the records module: route modules build header schemas with it when they load, and a cycle between
 * modules (records ↔ documents) could otherwise hand them `undefined` (a schema requiring `headers.undefined`).
 */
export const APPLICANT_TOKEN = 'x-applicant-token';

export const ROLES = ['reception', 'specialist', 'leader', 'monitor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call a route: anyone, any signed-in official, officials holding one of the roles, or a citizen
 * signed in with e-ID (`citizen`: the citizen session cookie, never an official's session).
 */
export type Access = 'public' | 'authenticated' | 'citizen' | { readonly roles: readonly Role[] };

/** The signed-in official behind a request. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: string;
  readonly roles: Role[];
  readonly sessionId: string;
  /** An administrator reset the password: only changing it (and signing out) is allowed until then. */
  readonly mustChangePassword?: boolean;
  /** An administrator without a second factor signed in: only enrolling one (and signing out) is allowed. */
  readonly mfaEnrolmentRequired?: boolean;
}

/**
 * The citizen behind a request: signed in with e-ID (VNeID), by the citizen session cookie. Apart from
 * officials' sessions: a citizen holds no role and is never an {@link Actor}.
 */
export interface CitizenActor {
  readonly citizenId: string;
  /** The personal ID (số định danh cá nhân) the identity provider verified. */
  readonly personalId: string;
  readonly fullName: string;
  readonly sessionId: string;
  readonly sessionExpiresAt: Date;
}

export interface AccessEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares who may call it; the app refuses to start otherwise. */
    access?: Access;
    /** Open to an official who must change their password first (changing it, signing out, who am I). */
    beforePasswordChange?: boolean;
    /** Open to an administrator who must enrol a second factor first (enrolling it, signing out, who am I). */
    beforeMfaEnrolment?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The citizen signed in with e-ID (cookie {@link CITIZEN_COOKIE}), on routes of any access. */
    citizen: CitizenActor | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order. */
    readonly accessTable: AccessEntry[];
  }
}

export const SESSION_COOKIE = 'motcua_session';
/** A citizen's session (e-ID sign-in): its own cookie, so that it never stands for an official's. */
export const CITIZEN_COOKIE = 'motcua_citizen';

/** Reads the session token from the cookie or an `Authorization: Bearer` header. */
export function sessionToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return req.cookies?.[SESSION_COOKIE] || undefined;
}

/** The citizen signed in with e-ID behind a request. @throws citizen.unauthenticated */
export function requireCitizen(req: FastifyRequest): CitizenActor {
  if (!req.citizen) throw new DomainError('citizen.unauthenticated', {});
  return req.citizen;
}

/**
 * Installs the access check. `authenticate` turns a session token into an actor (the identity module
 * provides it). Routes the documentation plugin adds under `exemptPrefixes` are public by nature.
 */
export function installAccess(
  app: App,
  authenticate: (token: string) => Promise<Actor | null>,
  exemptPrefixes: readonly string[],
  authenticateCitizen?: (token: string) => Promise<CitizenActor | null>,
): void {
  const table: AccessEntry[] = [];
  app.decorate('accessTable', table);
  app.decorateRequest('actor', null);
  app.decorateRequest('citizen', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return;
    const access = route.config?.access;
    if (!access) {
      if (exemptPrefixes.some((p) => route.url.startsWith(p))) return;
      throw new Error(`Route ${methods.join(',')} ${route.url} does not declare config.access`);
    }
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const token = sessionToken(req);
    if (token) req.actor = await authenticate(token);
    // Only portal and citizen routes read the citizen (officials' routes never act for one).
    const citizenToken = req.cookies?.[CITIZEN_COOKIE];
    if (citizenToken && authenticateCitizen && (access === 'public' || access === 'citizen'))
      req.citizen = await authenticateCitizen(citizenToken);
    if (access === 'public') return;
    if (access === 'citizen') {
      if (!req.citizen) throw new DomainError('citizen.unauthenticated', {});
      return;
    }
    if (!req.actor) throw new DomainError('auth.unauthenticated');
    if (req.actor.mustChangePassword && !req.routeOptions.config?.beforePasswordChange)
      throw new DomainError('auth.password_change_required');
    if (req.actor.mfaEnrolmentRequired && !req.routeOptions.config?.beforeMfaEnrolment)
      throw new DomainError('auth.mfa_required');
    // An account made by single sign-on holds no role until a claim rule maps it: it may only see who it is.
    if (req.actor.roles.length === 0 && !req.routeOptions.config?.beforePasswordChange)
      throw new DomainError('auth.awaiting_roles');
    if (access === 'authenticated') return;
    if (!access.roles.some((r) => req.actor?.roles.includes(r))) {
      throw new DomainError('auth.forbidden', { requiredRoles: access.roles });
    }
  });
}
