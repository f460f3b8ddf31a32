import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ActorView,
  AgencyOfficials,
  LoginChallengeResponse,
  LoginResponse,
  PasswordReset,
  RevokedSessions,
  RoleName,
  SessionList,
  TotpConfirmed,
  TotpEnrolment,
  TotpStatus,
  UserCreated,
  UserPage,
  UserView,
} from '../../contracts/identity.ts';
import { adminMfaRequired } from '../../platform/config.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody, ROLES, type Role, SESSION_COOKIE } from '../../platform/http/index.ts';
import {
  changePassword,
  type LoginResult,
  listAgencyOfficials,
  listManagedUsers,
  listMySessions,
  login,
  loginWithTotp,
  logout,
  openAccount,
  resetPassword,
  resetSecondFactor,
  revokeMyOtherSessions,
  revokeMySession,
  type SessionCache,
  updateUser,
} from './identity.service.ts';
import { confirmTotpEnrolment, renewRecoveryCodes, startTotpEnrolment, totpStatus } from './mfa.ts';
import { sessionPolicyFrom } from './session-config.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256),
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

// The contract's role list is the access table's (a role added to one and not the other fails the typecheck).
const rolesOfContract: readonly Role[] = RoleName.options;
const rolesOfAccess: readonly z.infer<typeof RoleName>[] = ROLES;
void [rolesOfContract, rolesOfAccess];

export function identityRoutes(app: App, deps: Deps, sessions?: SessionCache): void {
  const { db } = deps.database;
  const policy = sessionPolicyFrom(deps.config);
  const limits = {
    accountFailures: deps.config.MOTCUA_LOGIN_ACCOUNT_FAILURES,
    addressFailures: deps.config.MOTCUA_LOGIN_ADDRESS_FAILURES,
  };
  const signedIn = (reply: FastifyReply, result: LoginResult) => {
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.COOKIE_SECURE,
      expires: result.expiresAt,
    });
    return { actor: result.actor, expiresAt: result.expiresAt, token: result.token };
  };

  app.post(
    '/api/auth/login',
    {
      // Wrong passwords are throttled per account and per address in the database (MOTCUA_LOGIN_*); this
      // limit only bounds the hashing work one address can ask for, high enough for an office behind a NAT.
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with username and password; sets the session cookie',
        description:
          'After MOTCUA_LOGIN_ACCOUNT_FAILURES wrong passwords for one username the account is locked (1 minute, doubling, at most 1 hour); after MOTCUA_LOGIN_ADDRESS_FAILURES wrong passwords from one address in 15 minutes the address is. A locked sign-in answers 429 auth.too_many_attempts with Retry-After, even with the right password. When `actor.mustChangePassword` is true, only POST /api/auth/password, GET /api/auth/me and logout are allowed (403 auth.password_change_required).',
        body: LoginBody,
        response: {
          200: LoginResponse,
          202: LoginChallengeResponse,
          401: ProblemBody.describe('auth.invalid_credentials'),
          429: ProblemBody.describe('auth.too_many_attempts (params.retryAfterSeconds)'),
        },
      },
    },
    async (req, reply) => {
      const outcome = await inTransaction(db, (tx) =>
        login(tx, { ...req.body, address: req.ip, userAgent: req.headers['user-agent'] }, deps.clock.now(), {
          ttlHours: deps.config.SESSION_TTL_HOURS,
          limits,
          policy,
          adminMfaRequired: adminMfaRequired(deps.config),
          requestId: String(req.id),
        }),
      );
      if (!outcome.ok) {
        const retry = outcome.error.params.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        throw outcome.error;
      }
      if ('challenge' in outcome) return reply.status(202).send(outcome.challenge);
      return signedIn(reply, outcome.result);
    },
  );

  app.post(
    '/api/auth/login/totp',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary:
          'Second step of a sign-in: the TOTP code (or a recovery code) answering the challenge; sets the session cookie',
        description:
          'The challenge (from a 202 of POST /api/auth/login) lasts 5 minutes and 5 tries (then 401 auth.challenge_expired). `code` is the 6-digit TOTP code or one of the recovery codes given at enrolment (xxxxx-xxxxx, any case, dash optional), each accepted once (the session method is then password+recovery_code, audited auth.recovery_code_used). A wrong or replayed code, or a recovery code used before, is 422 auth.invalid_mfa_code naming body.code; wrong codes also count against the account like wrong passwords (429 auth.too_many_attempts with Retry-After). Every success and failure is audited.',
        body: z.object({ challenge: z.string().min(1).max(100), code: z.string().trim().min(1).max(12) }),
        response: {
          200: LoginResponse,
          401: ProblemBody.describe('auth.challenge_expired'),
          422: ProblemBody.describe('auth.invalid_mfa_code, request.invalid'),
          429: ProblemBody.describe('auth.too_many_attempts (params.retryAfterSeconds)'),
        },
      },
    },
    async (req, reply) => {
      const outcome = await inTransaction(db, (tx) =>
        loginWithTotp(
          tx,
          { ...req.body, address: req.ip, userAgent: req.headers['user-agent'] },
          deps.clock.now(),
          { ttlHours: deps.config.SESSION_TTL_HOURS, limits, policy, requestId: String(req.id) },
        ),
      );
      if (!outcome.ok) {
        const retry = outcome.error.params.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        throw outcome.error;
      }
      return signedIn(reply, outcome.result);
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { access: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['identity'],
        summary: 'My sessions (still valid), the current one marked',
        response: { 200: SessionList },
      },
    },
    async (req) => ({ items: await listMySessions(db, req.actor!, deps.clock.now(), policy) }),
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: { access: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['identity'],
        summary: 'End one of my sessions (audited); another official’s answers 404 session.not_found',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'a session id') }),
        response: { 204: z.null(), 404: ProblemBody.describe('session.not_found') },
      },
    },
    async (req, reply) => {
      await inTransaction(db, (tx) =>
        revokeMySession(tx, req.actor!, req.params.id, { now: deps.clock.now(), requestId: String(req.id) }),
      );
      sessions?.forget(req.params.id);
      if (req.params.id === req.actor!.sessionId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/sessions/revoke-others',
    {
      config: { access: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['identity'],
        summary: 'End all my sessions but this one (audited)',
        response: { 200: RevokedSessions },
      },
    },
    async (req) => {
      const ended = await inTransaction(db, (tx) =>
        revokeMyOtherSessions(tx, req.actor!, { now: deps.clock.now(), requestId: String(req.id) }),
      );
      for (const id of ended) sessions?.forget(id);
      return { revoked: ended.length };
    },
  );

  app.get(
    '/api/auth/totp',
    {
      config: { access: 'authenticated', beforeMfaEnrolment: true },
      schema: {
        tags: ['identity'],
        summary: 'Whether I have a TOTP second factor, and whether I must',
        response: { 200: TotpStatus },
      },
    },
    async (req) => ({
      ...(await totpStatus(db, req.actor!.userId)),
      required: adminMfaRequired(deps.config) && req.actor!.roles.includes('admin'),
    }),
  );

  app.post(
    '/api/auth/totp/enrolment',
    {
      config: { access: 'authenticated', beforeMfaEnrolment: true },
      schema: {
        tags: ['identity'],
        summary: 'Start enrolling a TOTP second factor: a new secret, shown this once',
        description:
          'Answers the secret (base32) and its otpauth:// URI for an authenticator app; it is stored encrypted and never returned again. Starting again before confirming replaces it. 409 auth.totp_already_enrolled once confirmed.',
        response: { 200: TotpEnrolment, 409: ProblemBody.describe('auth.totp_already_enrolled') },
      },
    },
    async (req) => inTransaction(db, (tx) => startTotpEnrolment(tx, req.actor!, deps.clock.now())),
  );

  app.post(
    '/api/auth/totp/enrolment/confirm',
    {
      config: { access: 'authenticated', beforeMfaEnrolment: true },
      schema: {
        tags: ['identity'],
        summary:
          'Confirm the TOTP enrolment with a first code (audited); answers the recovery codes, this once',
        description:
          'From then on every sign-in asks for a code after the password; this session is no longer limited to enrolling. The answer holds 10 one-time recovery codes, each usable once instead of a TOTP code (a lost phone); they are never shown again. A wrong code is 422 auth.invalid_mfa_code naming body.code, throttled like passwords (429 auth.too_many_attempts).',
        body: z.object({ code: z.string().trim().min(1).max(12) }),
        response: {
          200: TotpConfirmed,
          409: ProblemBody.describe('auth.totp_already_enrolled, auth.totp_not_started'),
          422: ProblemBody.describe('auth.invalid_mfa_code, request.invalid'),
          429: ProblemBody.describe('auth.too_many_attempts (params.retryAfterSeconds)'),
        },
      },
    },
    async (req, reply) => {
      const outcome = await inTransaction(db, (tx) =>
        confirmTotpEnrolment(tx, req.actor!, req.body.code, {
          now: deps.clock.now(),
          requestId: String(req.id),
          accountFailures: deps.config.MOTCUA_LOGIN_ACCOUNT_FAILURES,
        }),
      );
      if (!outcome.ok) {
        const retry = outcome.error.params.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        throw outcome.error;
      }
      sessions?.forget(req.actor!.sessionId);
      return reply.status(200).send({ recoveryCodes: outcome.recoveryCodes });
    },
  );

  app.post(
    '/api/auth/totp/recovery-codes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['identity'],
        summary: 'New recovery codes against a current TOTP code (audited); the old ones stop working',
        description:
          'Answers 10 new one-time recovery codes, this once. The code must be a current TOTP code, one-time like a sign-in’s (a recovery code does not renew the others): else 422 auth.invalid_mfa_code naming body.code, throttled like passwords (429 auth.too_many_attempts). Without a confirmed TOTP: 409 auth.totp_not_enrolled.',
        body: z.object({ code: z.string().trim().min(1).max(12) }),
        response: {
          200: TotpConfirmed,
          409: ProblemBody.describe('auth.totp_not_enrolled'),
          422: ProblemBody.describe('auth.invalid_mfa_code, request.invalid'),
          429: ProblemBody.describe('auth.too_many_attempts (params.retryAfterSeconds)'),
        },
      },
    },
    async (req, reply) => {
      const outcome = await inTransaction(db, (tx) =>
        renewRecoveryCodes(tx, req.actor!, req.body.code, {
          now: deps.clock.now(),
          requestId: String(req.id),
          accountFailures: deps.config.MOTCUA_LOGIN_ACCOUNT_FAILURES,
        }),
      );
      if (!outcome.ok) {
        const retry = outcome.error.params.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        throw outcome.error;
      }
      return { recoveryCodes: outcome.recoveryCodes };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated', beforePasswordChange: true, beforeMfaEnrolment: true },
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
      config: { access: 'authenticated', beforePasswordChange: true, beforeMfaEnrolment: true },
      schema: { tags: ['identity'], summary: 'The signed-in official', response: { 200: ActorView } },
    },
    async (req) => ({ ...req.actor!, mustChangePassword: req.actor!.mustChangePassword ?? false }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated', beforePasswordChange: true, beforeMfaEnrolment: true },
      schema: {
        tags: ['identity'],
        summary: 'Change my password (the current one is required)',
        description:
          "The new password must be at least 10 characters and not easy to guess (zxcvbn score ≥ 3 against common passwords and the official's own names): else 422 user.weak_password naming body.newPassword. A wrong current password is 422 auth.wrong_current_password naming body.currentPassword. Ends every other session of the official and lifts mustChangePassword.",
        body: ChangePasswordBody,
        response: {
          204: z.null(),
          422: ProblemBody.describe('user.weak_password, auth.wrong_current_password, request.invalid'),
        },
      },
    },
    async (req, reply) => {
      const { staleSessions } = await inTransaction(db, (tx) =>
        changePassword(tx, req.actor!, req.body, { now: deps.clock.now(), requestId: String(req.id) }),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/agencies/:id/officials',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['identity'],
        summary:
          "The active officials of an agency (to assign a step): own agency; an administrator also the agencies under theirs (the city People's Committee's: the whole city); a monitor any. Another agency answers 404 agency.not_found.",
        params: z.object({ id: z.uuid() }),
        response: {
          200: AgencyOfficials,
          404: ProblemBody.describe('agency.not_found'),
        },
      },
    },
    async (req) => {
      const users = await listAgencyOfficials(db, req.actor!, req.params.id);
      return { items: users.map((u) => ({ id: u.id, displayName: u.displayName, roles: u.roles })) };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'List the officials I manage (keyset pagination by username)',
        description:
          "An administrator manages their own agency and the agencies under it (the city People's Committee's administrators: the whole city). Another agency in agencyId answers 404 agency.not_found.",
        querystring: z.object({
          agencyId: z.uuid().optional(),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: UserPage, 404: ProblemBody.describe('agency.not_found') },
      },
    },
    async (req) => {
      const items = await listManagedUsers(db, req.actor!, req.query);
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
        description:
          "Only in an agency the administrator manages (their own or one under it; else 404 agency.not_found). Only an administrator of the city People's Committee grants the monitor role (403 user.role_not_grantable). The password must be strong (422 user.weak_password naming body.password).",
        body: CreateUserBody,
        response: {
          201: UserCreated,
          403: ProblemBody.describe('user.role_not_grantable'),
          404: ProblemBody.describe('agency.not_found'),
          409: ProblemBody.describe('user.duplicate_username'),
          422: ProblemBody.describe('user.weak_password, request.invalid'),
        },
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
          "Deactivating ends all of their sessions. An administrator cannot drop their own admin role or deactivate themselves (409 user.self_lockout). Only officials of agencies the administrator manages (their own or under it): others answer 404 user.not_found. Only an administrator of the city People's Committee grants the monitor role (403 user.role_not_grantable).",
        params: z.object({ id: z.uuid() }),
        body: UpdateUserBody,
        response: {
          200: UserView,
          403: ProblemBody.describe('user.role_not_grantable'),
          404: ProblemBody.describe('user.not_found'),
          409: ProblemBody.describe('user.self_lockout'),
        },
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

  app.delete(
    '/api/users/:id/totp',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary:
          "Reset an official's second factor (a lost phone): TOTP and recovery codes removed (audited)",
        description:
          'Every session of the official ends; they enrol again (an administrator must, under MOTCUA_ADMIN_MFA=required, at the next sign-in). Audited auth.totp_reset. Only officials of agencies the administrator manages: others answer 404 user.not_found. Not one’s own (409 auth.totp_self_reset: use a recovery code); an official without a second factor: 409 auth.totp_not_enrolled.',
        params: z.object({ id: z.uuid() }),
        response: {
          204: z.null(),
          404: ProblemBody.describe('user.not_found'),
          409: ProblemBody.describe('auth.totp_self_reset, auth.totp_not_enrolled'),
        },
      },
    },
    async (req, reply) => {
      const { staleSessions } = await inTransaction(db, (tx) =>
        resetSecondFactor(tx, req.actor!, req.params.id, {
          now: deps.clock.now(),
          requestId: String(req.id),
        }),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: "Reset an official's password to a random temporary one (audited)",
        description:
          'Answers the temporary password once (it is not stored in clear). Every session of the official ends; at the next sign-in they must change it before anything else. Only officials of agencies the administrator manages: others answer 404 user.not_found.',
        params: z.object({ id: z.uuid() }),
        response: {
          200: PasswordReset,
          404: ProblemBody.describe('user.not_found'),
        },
      },
    },
    async (req) => {
      const { temporaryPassword, staleSessions } = await inTransaction(db, (tx) =>
        resetPassword(tx, req.actor!, req.params.id, { now: deps.clock.now(), requestId: String(req.id) }),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return { temporaryPassword };
    },
  );
}
