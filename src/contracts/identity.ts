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
  mfaEnrolmentRequired: z
    .boolean()
    .optional()
    .describe('true for an administrator who must enrol TOTP first (POST /api/auth/totp/enrolment)'),
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

/** POST /api/auth/login, 202: the password was right; the TOTP code is asked next (POST /api/auth/login/totp). */
export const LoginChallengeResponse = z.object({
  challenge: z.string().describe('Give it back with the code within 5 minutes (5 tries)'),
  expiresAt: z.date(),
  method: z.literal('totp'),
});

/** One of my sessions (GET /api/auth/sessions). */
export const SessionItem = z.object({
  id: z.string().describe('Identifies the session (not its token); DELETE /api/auth/sessions/:id ends it'),
  createdAt: z.date(),
  lastSeenAt: z.date().describe('Updated at most once a minute'),
  expiresAt: z.date().describe('The absolute end (the idle end comes earlier without activity)'),
  clientAddress: z.string().nullable(),
  userAgent: z.string().nullable().describe('A short summary, e.g. "Chrome 131 trên Windows"'),
  method: z.string().describe('How the session was opened: password, password+totp, sso, …'),
  current: z.boolean().describe('The session of this request'),
});

/** GET /api/auth/sessions */
export const SessionList = z.object({ items: z.array(SessionItem) });

/** POST /api/auth/sessions/revoke-others */
export const RevokedSessions = z.object({ revoked: z.number().int() });

/** GET /api/auth/totp */
export const TotpStatus = z.object({
  enrolled: z.boolean(),
  recoveryCodesLeft: z.number().int().describe('Unused recovery codes (0 when not enrolled)'),
  required: z.boolean().describe('Whether this official must have one (administrators, MOTCUA_ADMIN_MFA)'),
});

/** POST /api/auth/totp/enrolment/confirm: the recovery codes, shown this once. */
export const TotpConfirmed = z.object({
  recoveryCodes: z
    .array(z.string())
    .describe(
      'One-time codes (xxxxx-xxxxx), each usable once instead of a TOTP code at sign-in; shown this once, only an HMAC of each is kept',
    ),
});

/** POST /api/auth/totp/enrolment: the secret, shown this once. */
export const TotpEnrolment = z.object({
  secret: z.string().describe('Base32, for typing into an authenticator app'),
  uri: z.string().describe('otpauth://totp/… for a QR code'),
});
