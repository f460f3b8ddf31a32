/**
 * Response contract of the identity module (sign-in, sessions, official accounts). Only zod here: the web
 * app imports these types (type-only) to read the answers, so a renamed field fails its typecheck too.
 */
import { z } from 'zod';

/** The roles of an official (the same list as `ROLES` in platform/http/access.ts; identity.routes.ts checks it). */
export const RoleName = z.enum(['reception', 'specialist', 'leader', 'monitor', 'admin']);

export const ActorView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  roles: z.array(RoleName),
  mustChangePassword: z
    .boolean()
    .optional()
    .describe('true after an administrator reset the password: change it (POST /api/auth/password) first'),
});

export const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  roles: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.date(),
  mustChangePassword: z.boolean(),
});

/** POST /api/auth/login */
export const LoginResponse = z.object({ actor: ActorView, expiresAt: z.date(), token: z.string() });

/** GET /api/agencies/:id/officials */
export const AgencyOfficials = z.object({
  items: z.array(z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.string()) })),
});

/** GET /api/users */
export const UserPage = z.object({ items: z.array(UserView), next: z.string().nullable() });

/** POST /api/users */
export const UserCreated = z.object({ id: z.uuid() });

/** POST /api/users/:id/password-reset */
export const PasswordReset = z.object({ temporaryPassword: z.string() });
