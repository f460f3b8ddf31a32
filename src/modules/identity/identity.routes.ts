import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ROLES, SESSION_COOKIE } from '../../platform/http/index.ts';
import { listUsers, login, logout, openAccount, type SessionCache, updateUser } from './identity.service.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const ActorView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  roles: z.array(z.enum(ROLES)),
});

const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  roles: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.date(),
});

const CreateUserBody = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'letters, digits, dot, dash or underscore; 3 to 64 characters'),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(10).max(256),
  agencyId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1),
});

const UpdateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give displayName, roles or active');

export function identityRoutes(app: App, deps: Deps, sessions?: SessionCache): void {
  const { db } = deps.database;

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: LoginBody,
        response: { 200: z.object({ actor: ActorView, expiresAt: z.date(), token: z.string() }) },
      },
    },
    async (req, reply) => {
      const result = await inTransaction(db, (tx) =>
        login(tx, req.body, deps.clock.now(), deps.config.SESSION_TTL_HOURS),
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.COOKIE_SECURE,
        expires: result.expiresAt,
      });
      return { actor: result.actor, expiresAt: result.expiresAt, token: result.token };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['identity'], summary: 'End the current session', response: { 204: z.null() } },
    },
    async (req, reply) => {
      if (req.actor) await logout(db, req.actor.sessionId, sessions);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['identity'], summary: 'The signed-in official', response: { 200: ActorView } },
    },
    async (req) => req.actor!,
  );

  app.get(
    '/api/agencies/:id/officials',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['identity'],
        summary:
          'The active officials of an agency (to assign a step): own agency (another is 404), any for monitors and admins',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.string()) })),
          }),
        },
      },
    },
    async (req) => {
      const a = req.actor!;
      const everywhere = a.roles.includes('monitor') || a.roles.includes('admin');
      // Another agency's staff list is not shown: answered as if there were no such agency (like records).
      if (!everywhere && a.agencyId !== req.params.id)
        throw new DomainError('agency.not_found', { id: req.params.id });
      const users = await listUsers(db, { agencyId: req.params.id, limit: 500 });
      return {
        items: users
          .filter((u) => u.active)
          .map((u) => ({ id: u.id, displayName: u.displayName, roles: u.roles })),
      };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'List officials (keyset pagination by username)',
        querystring: z.object({
          agencyId: z.uuid().optional(),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(UserView), next: z.string().nullable() }) },
      },
    },
    async (req) => {
      const items = await listUsers(db, req.query);
      return {
        items,
        next: items.length === req.query.limit ? (items[items.length - 1]?.username ?? null) : null,
      };
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'Create an official account',
        body: CreateUserBody,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (req, reply) => {
      const created = await inTransaction(db, (tx) =>
        openAccount(tx, req.actor!, req.body, { now: deps.clock.now(), requestId: String(req.id) }),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: "Edit an official's display name, roles or active flag (audited)",
        description:
          'Deactivating ends all of their sessions. An administrator cannot drop their own admin role or deactivate themselves (409 user.self_lockout).',
        params: z.object({ id: z.uuid() }),
        body: UpdateUserBody,
        response: { 200: UserView },
      },
    },
    async (req) => {
      const { user, staleSessions } = await inTransaction(db, (tx) =>
        updateUser(tx, req.actor!, req.params.id, req.body, {
          now: deps.clock.now(),
          requestId: String(req.id),
        }),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return user;
    },
  );
}
