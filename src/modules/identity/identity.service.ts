import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import {
  LAST_SEEN_RESOLUTION_MS,
  limitsFor,
  type SessionPolicy,
  sessionEnded,
  sessionEndsAt,
  shouldTouch,
  summariseUserAgent,
} from '../../core/identity/session-policy.ts';
import type { Tx } from '../../platform/db/index.ts';
import { type Actor, ROLES, type Role } from '../../platform/http/index.ts';
import { appendAudit } from '../audit/index.ts';
import { agencyScope, getAgency, isCityLevelAgency } from '../units/index.ts';
import * as store from './identity.store.ts';
import * as throttle from './login-throttle.ts';
import * as mfaStore from './mfa.store.ts';
import * as mfa from './mfa.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPasswordStrength } from './password-policy.ts';

// A real hash to verify against when the username does not exist, so a wrong username and a wrong
// password take the same time.
let dummyHash: Promise<string> | undefined;

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toRoles(roles: readonly string[]): Role[] {
  return roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

export interface LoginResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly actor: Actor;
}

/** A password accepted for an account with a second factor: the code is asked next (POST /api/auth/login/totp). */
export interface LoginChallenge {
  readonly challenge: string;
  readonly expiresAt: Date;
  readonly method: 'totp';
}

/** How sign-ins are throttled (from configuration): wrong passwords per account and per client address. */
export interface LoginLimits {
  readonly accountFailures: number;
  readonly addressFailures: number;
}

/** Where a sign-in comes from, for the session list and the audit. */
export interface SignInMeta {
  readonly address: string;
  readonly userAgent?: string | undefined;
  readonly requestId?: string | undefined;
}

/** Why a sign-in failed, as audited (`auth.sign_in_failed.<reason>`); the client only ever sees the error code. */
export type SignInFailure =
  | 'unknown_user'
  | 'wrong_password'
  | 'inactive'
  | 'locked'
  | 'mfa_failed'
  | 'mfa_locked'
  | 'challenge_expired';

/**
 * Audits a sign-in or a failed one (every one: issue 17 item 5), as entity `sign_in` with the account's id,
 * or `username:<as typed>` for an unknown username (so repeated guesses show up), or `unknown_challenge`
 * for a TOTP code given to a spent or unknown challenge.
 */
export async function auditSignIn(
  tx: Tx,
  e: {
    outcome: 'signed_in' | SignInFailure;
    userId?: string | undefined;
    username: string;
    method: string;
    meta: SignInMeta;
  },
  now: Date,
): Promise<void> {
  await appendAudit(
    tx,
    [
      {
        actorId: e.outcome === 'signed_in' ? e.userId : undefined,
        requestId: e.meta.requestId,
        action: e.outcome === 'signed_in' ? 'auth.signed_in' : `auth.sign_in_failed.${e.outcome}`,
        entityType: 'sign_in',
        entityId: e.userId ?? (e.username ? `username:${e.username.slice(0, 64)}` : 'unknown_challenge'),
        change: {
          username: e.username.slice(0, 64),
          method: e.method,
          address: e.meta.address,
          userAgent: summariseUserAgent(e.meta.userAgent),
        },
      },
    ],
    now,
  );
}

/**
 * Checks the password and opens a server-side session, or, for an account with a confirmed TOTP, a
 * 5-minute challenge the code must answer. A failure is returned, not thrown, so that the caller commits
 * the failure count (per account and per client address, in the database) and its audit row with it.
 * An administrator without TOTP when `adminMfaRequired` gets a session that can only enrol one.
 * Failures: auth.too_many_attempts (the account or the address is locked; the password is not even
 * checked) and auth.invalid_credentials (an unknown user, a wrong password or a disabled account).
 */
export async function login(
  tx: Tx,
  input: { username: string; password: string; address: string; userAgent?: string | undefined },
  now: Date,
  opts: {
    ttlHours: number;
    limits: LoginLimits;
    policy?: SessionPolicy | undefined;
    adminMfaRequired?: boolean | undefined;
    requestId?: string | undefined;
  },
): Promise<
  | { ok: true; result: LoginResult }
  | { ok: true; challenge: LoginChallenge }
  | { ok: false; error: DomainError }
> {
  const username = input.username.trim().toLowerCase();
  const accountKey = `account:${username}`;
  const addressKey = `address:${input.address}`;
  const meta = { address: input.address, userAgent: input.userAgent, requestId: opts.requestId };
  const locked = await throttle.lockedUntil(tx, [accountKey, addressKey], now);
  if (locked) {
    const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 1000));
    const known = await store.findUserByUsername(tx, username);
    await auditSignIn(tx, { outcome: 'locked', userId: known?.id, username, method: 'password', meta }, now);
    return { ok: false, error: new DomainError('auth.too_many_attempts', { retryAfterSeconds }) };
  }
  const user = await store.findUserByUsername(tx, username);
  let ok: boolean;
  let passwordRight = false;
  if (!user) {
    dummyHash ??= hashPassword('motcua-timing-equaliser');
    await verifyPassword(input.password, await dummyHash);
    ok = false;
  } else {
    passwordRight = await verifyPassword(input.password, user.passwordHash);
    ok = passwordRight && user.active;
  }
  if (!user || !ok) {
    await throttle.recordFailure(tx, accountKey, throttle.accountPolicy(opts.limits.accountFailures), now);
    await throttle.recordFailure(tx, addressKey, throttle.addressPolicy(opts.limits.addressFailures), now);
    const outcome = !user ? 'unknown_user' : passwordRight ? 'inactive' : 'wrong_password';
    await auditSignIn(tx, { outcome, userId: user?.id, username, method: 'password', meta }, now);
    return { ok: false, error: new DomainError('auth.invalid_credentials') };
  }
  await throttle.clearFailures(tx, accountKey);
  if (await mfa.hasConfirmedTotp(tx, user.id))
    return { ok: true, challenge: await mfa.openChallenge(tx, user.id, meta, now) };
  const enrolOnly = opts.adminMfaRequired === true && user.roles.includes('admin');
  await auditSignIn(tx, { outcome: 'signed_in', userId: user.id, username, method: 'password', meta }, now);
  return {
    ok: true,
    result: await openSession(tx, user, now, {
      ttlHours: opts.ttlHours,
      policy: opts.policy,
      method: 'password',
      clientAddress: input.address,
      userAgent: input.userAgent,
      mfaEnrolmentRequired: enrolOnly,
    }),
  };
}

/**
 * The second step of a sign-in: the TOTP code answering a challenge. Each wrong code counts against the
 * challenge (5 at most) and, like a wrong password, against the account's throttle; a code is accepted once.
 * Failures (returned, to be committed with their counts and audit rows): auth.challenge_expired,
 * auth.too_many_attempts, auth.invalid_mfa_code.
 */
export async function loginWithTotp(
  tx: Tx,
  input: { challenge: string; code: string; address: string; userAgent?: string | undefined },
  now: Date,
  opts: {
    ttlHours: number;
    limits: LoginLimits;
    policy?: SessionPolicy | undefined;
    requestId?: string | undefined;
  },
): Promise<{ ok: true; result: LoginResult } | { ok: false; error: DomainError }> {
  const meta = { address: input.address, userAgent: input.userAgent, requestId: opts.requestId };
  const outcome = await mfa.answerChallenge(tx, tokenId(input.challenge), input.code, now, {
    accountFailures: opts.limits.accountFailures,
  });
  if (!outcome.ok) {
    await auditSignIn(
      tx,
      {
        outcome: outcome.reason,
        userId: outcome.user?.id,
        username: outcome.user?.username ?? '',
        method: 'password+totp',
        meta,
      },
      now,
    );
    return { ok: false, error: outcome.error };
  }
  const user = outcome.user;
  const method = outcome.via === 'recovery_code' ? 'password+recovery_code' : 'password+totp';
  await auditSignIn(
    tx,
    { outcome: 'signed_in', userId: user.id, username: user.username, method, meta },
    now,
  );
  if (outcome.via === 'recovery_code') {
    // A used recovery code is worth its own row: the official (or an administrator) sees how many are left.
    await appendAudit(
      tx,
      [
        {
          actorId: user.id,
          requestId: opts.requestId,
          action: 'auth.recovery_code_used',
          entityType: 'user',
          entityId: user.id,
          change: { left: await mfaStore.countRecoveryCodesLeft(tx, user.id) },
        },
      ],
      now,
    );
  }
  return {
    ok: true,
    result: await openSession(tx, user, now, {
      ttlHours: opts.ttlHours,
      policy: opts.policy,
      method,
      clientAddress: input.address,
      userAgent: input.userAgent,
    }),
  };
}

/** How a session is opened beyond its lifetime: who it is for, how they signed in, from where. */
export interface OpenSessionOptions {
  /** The absolute limit (SESSION_TTL_HOURS); the policy's limit for the user's roles applies if stricter. */
  readonly ttlHours: number;
  readonly policy?: SessionPolicy | undefined;
  /** How the user signed in (password, password+totp, sso, …), shown in their sessions. Default: password. */
  readonly method?: string | undefined;
  readonly clientAddress?: string | undefined;
  /** The User-Agent header; only a short summary is kept. */
  readonly userAgent?: string | undefined;
  /** The session may only enrol a second factor (an administrator without one, when it is required). */
  readonly mfaEnrolmentRequired?: boolean | undefined;
}

/**
 * Opens a server-side session for a user who has proved who they are (by password here; other sign-in
 * methods call it too). The token goes to the client once; only its SHA-256 is stored.
 */
export async function openSession(
  tx: Tx,
  user: store.UserRow,
  now: Date,
  opts: OpenSessionOptions,
): Promise<LoginResult> {
  const token = randomBytes(32).toString('base64url');
  const hours = opts.policy
    ? Math.min(opts.ttlHours, limitsFor(opts.policy, user.roles).absoluteHours)
    : opts.ttlHours;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const sessionId = tokenId(token);
  await store.insertSession(tx, {
    id: sessionId,
    userId: user.id,
    createdAt: now,
    expiresAt,
    clientAddress: opts.clientAddress ?? null,
    userAgent: summariseUserAgent(opts.userAgent),
    method: opts.method ?? 'password',
    mfaEnrolmentRequired: opts.mfaEnrolmentRequired ?? false,
  });
  return {
    token,
    expiresAt,
    actor: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      agencyId: user.agencyId,
      roles: toRoles(user.roles),
      sessionId,
      mustChangePassword: user.mustChangePassword,
      ...(opts.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
    },
  };
}

/**
 * The session's actor and until when it may be cached, or null when it is unknown, past its idle or
 * absolute end, or its user disabled. Writes last_seen_at at most once a minute.
 */
async function resolveSession(
  tx: Tx,
  id: string,
  now: Date,
  policy: SessionPolicy | undefined,
): Promise<{ actor: Actor; validUntil: Date } | null> {
  const row = await store.findActiveSession(tx, id, now);
  if (!row) return null;
  const times = {
    createdAt: new Date(row.createdAt),
    lastSeenAt: new Date(row.lastSeenAt),
    expiresAt: new Date(row.expiresAt),
  };
  let validUntil = times.expiresAt;
  if (policy) {
    if (sessionEnded(policy, row.roles, times, now)) return null;
    const ends = sessionEndsAt(policy, row.roles, { ...times, lastSeenAt: now });
    validUntil = new Date(Math.min(ends.absoluteEndsAt.getTime(), ends.idleEndsAt.getTime()));
  }
  if (shouldTouch(times.lastSeenAt, now)) await store.touchSession(tx, id, now, LAST_SEEN_RESOLUTION_MS);
  return {
    validUntil,
    actor: {
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      agencyId: row.agencyId,
      roles: toRoles(row.roles),
      sessionId: row.sessionId,
      mustChangePassword: row.mustChangePassword,
      ...(row.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
    },
  };
}

/**
 * The actor behind a session token, or null when the session is unknown, expired, idle too long under
 * `policy` (docs/SESSIONS.md) or the user disabled.
 */
export async function authenticate(
  tx: Tx,
  token: string,
  now: Date,
  policy?: SessionPolicy,
): Promise<Actor | null> {
  return (await resolveSession(tx, tokenId(token), now, policy))?.actor ?? null;
}

/** Ends a session (and forgets it in this process's session cache). */
export function logout(tx: Tx, sessionId: string, cache?: SessionCache): Promise<void> {
  cache?.forget(sessionId);
  return store.deleteSession(tx, sessionId);
}

/**
 * A short in-process cache of resolved sessions, so that a busy counter does not pay a database round
 * trip per request. A logout on this process is seen at once; on another process within `ttlMs`. An
 * entry never outlives the session's idle or absolute end; last_seen_at is written when the cache misses
 * (at most once a minute), so the idle end is exact to about a minute.
 */
export interface SessionCache {
  authenticate(tx: Tx, token: string, now: Date): Promise<Actor | null>;
  forget(sessionId: string): void;
}

export function createSessionCache(
  options: number | { ttlMs?: number; maxEntries?: number; policy?: SessionPolicy } = 5000,
  maxEntriesArg = 10_000,
): SessionCache {
  const ttlMs = typeof options === 'number' ? options : (options.ttlMs ?? 5000);
  const maxEntries = typeof options === 'number' ? maxEntriesArg : (options.maxEntries ?? 10_000);
  const policy = typeof options === 'number' ? undefined : options.policy;
  const entries = new Map<string, { actor: Actor; until: number }>();
  return {
    async authenticate(tx, token, now) {
      const id = tokenId(token);
      const hit = entries.get(id);
      if (hit && hit.until > now.getTime()) return hit.actor;
      const session = await resolveSession(tx, id, now, policy);
      if (!session) {
        entries.delete(id);
        return null;
      }
      if (entries.size >= maxEntries) entries.clear();
      entries.set(id, {
        actor: session.actor,
        until: Math.min(now.getTime() + ttlMs, session.validUntil.getTime()),
      });
      return session.actor;
    },
    forget(sessionId) {
      entries.delete(sessionId);
    },
  };
}

/** One of an official's sessions as they see it. */
export interface SessionView {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  readonly method: string;
  readonly current: boolean;
}

/** The official's sessions still valid at `now` (idle ones left out), the current one marked. */
export async function listMySessions(
  tx: Tx,
  actor: Actor,
  now: Date,
  policy?: SessionPolicy,
): Promise<SessionView[]> {
  const rows = await store.listSessionsOfUser(tx, actor.userId, now);
  return rows
    .map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt),
      lastSeenAt: new Date(r.lastSeenAt),
      expiresAt: new Date(r.expiresAt),
    }))
    .filter((r) => r.id === actor.sessionId || !policy || !sessionEnded(policy, actor.roles, r, now))
    .map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      expiresAt: policy ? sessionEndsAt(policy, actor.roles, r).absoluteEndsAt : r.expiresAt,
      clientAddress: r.clientAddress,
      userAgent: r.userAgent,
      method: r.method,
      current: r.id === actor.sessionId,
    }));
}

/**
 * An official ends one of their own sessions (audited). Another official's session answers as one that
 * does not exist. @throws session.not_found
 */
export async function revokeMySession(
  tx: Tx,
  actor: Actor,
  id: string,
  meta: { now: Date; requestId?: string },
): Promise<void> {
  if (!(await store.deleteSessionOfUser(tx, actor.userId, id)))
    throw new DomainError('session.not_found', { id });
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: actor.roles[0] ?? 'official',
        requestId: meta.requestId,
        action: 'session.revoked',
        entityType: 'session',
        entityId: actor.userId,
        change: { sessions: 1, current: id === actor.sessionId },
      },
    ],
    meta.now,
  );
}

/** An official ends all their sessions but this one (audited); the ids ended, for the session cache. */
export async function revokeMyOtherSessions(
  tx: Tx,
  actor: Actor,
  meta: { now: Date; requestId?: string },
): Promise<string[]> {
  const ended = await store.deleteOtherSessions(tx, actor.userId, actor.sessionId);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: actor.roles[0] ?? 'official',
        requestId: meta.requestId,
        action: 'session.revoked_others',
        entityType: 'session',
        entityId: actor.userId,
        change: { sessions: ended.length },
      },
    ],
    meta.now,
  );
  return ended;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  /** The password, or a hash computed already (simulated accounts share one: hashing is slow by design). */
  readonly password: string | { readonly hash: string };
  readonly agencyId: string;
  readonly roles: readonly Role[];
}

/**
 * Creates an official's account.
 * @throws user.duplicate_username when the username is taken.
 */
export async function createUser(tx: Tx, input: NewUser, now: Date): Promise<{ id: string }> {
  const id = uuidv7();
  const inserted = await store.insertUser(tx, {
    id,
    username: input.username.trim().toLowerCase(),
    displayName: input.displayName,
    passwordHash:
      typeof input.password === 'string' ? await hashPassword(input.password) : input.password.hash,
    agencyId: input.agencyId,
    roles: [...new Set(input.roles)],
    createdAt: now,
  });
  if (!inserted) throw new DomainError('user.duplicate_username', { username: input.username });
  return { id };
}

/**
 * The agencies an administrator manages: their own agency and every agency under it. Only an administrator
 * of the city People's Committee (the root of the tree) manages the whole city.
 */
async function adminScope(tx: Tx, actor: { agencyId: string }): Promise<ReadonlySet<string>> {
  return agencyScope(tx, actor.agencyId);
}

/**
 * The monitor role reads every agency's records and reports, so only a city-level administrator grants it.
 * @throws user.role_not_grantable
 */
async function checkGrant(
  tx: Tx,
  actor: { agencyId: string },
  roles: readonly Role[] | undefined,
  had: readonly string[] = [],
) {
  const added = (roles ?? []).filter((r) => !had.includes(r));
  if (added.includes('monitor') && !(await isCityLevelAgency(tx, actor.agencyId)))
    throw new DomainError('user.role_not_grantable', { role: 'monitor' });
}

/**
 * An administrator opens an official's account in an agency they manage (their own or one under it): the
 * account and an audit row naming who opened it (the password hash is never in the audit).
 * @throws agency.not_found (also for an agency outside the administrator's scope), user.role_not_grantable,
 * user.weak_password, user.duplicate_username
 */
export async function openAccount(
  tx: Tx,
  actor: { userId: string; agencyId: string },
  input: NewUser & { password: string },
  meta: { now: Date; requestId: string },
): Promise<{ id: string }> {
  await getAgency(tx, input.agencyId);
  if (!(await adminScope(tx, actor)).has(input.agencyId))
    throw new DomainError('agency.not_found', { id: input.agencyId });
  await checkGrant(tx, actor, input.roles);
  checkPasswordStrength(input.password, [input.username, input.displayName], 'body.password');
  const created = await createUser(tx, input, meta.now);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        change: {
          username: input.username.trim().toLowerCase(),
          displayName: input.displayName,
          agencyId: input.agencyId,
          roles: [...new Set(input.roles)],
        },
      },
    ],
    meta.now,
  );
  return created;
}

/**
 * The officials an administrator manages, by username; with `agencyId`, of that agency only.
 * @throws agency.not_found for an agency outside the administrator's scope.
 */
export async function listManagedUsers(
  tx: Tx,
  actor: { agencyId: string },
  query: { agencyId?: string | undefined; after?: string | undefined; limit: number },
) {
  const scope = await adminScope(tx, actor);
  if (query.agencyId && !scope.has(query.agencyId))
    throw new DomainError('agency.not_found', { id: query.agencyId });
  return store.listUsers(tx, {
    limit: query.limit,
    ...(query.after ? { after: query.after } : {}),
    ...(query.agencyId ? { agencyId: query.agencyId } : { agencyIds: [...scope] }),
  });
}

/**
 * The active officials of an agency, for assigning a step: an official sees their own agency's, an
 * administrator also those of the agencies they manage, a monitor any agency's.
 * @throws agency.not_found for another agency, as for one that does not exist.
 */
export async function listAgencyOfficials(
  tx: Tx,
  actor: { agencyId: string; roles: readonly string[] },
  agencyId: string,
) {
  const visible =
    actor.agencyId === agencyId ||
    actor.roles.includes('monitor') ||
    (actor.roles.includes('admin') && (await adminScope(tx, actor)).has(agencyId));
  if (!visible) throw new DomainError('agency.not_found', { id: agencyId });
  return (await store.listUsers(tx, { agencyId, limit: 500 })).filter((u) => u.active);
}

/** The account, locked for this transaction, if the administrator manages it. @throws user.not_found */
async function managedUser(tx: Tx, actor: { agencyId: string }, id: string): Promise<store.UserRow> {
  const user = await store.findUserByIdForUpdate(tx, id);
  if (!user || !(await adminScope(tx, actor)).has(user.agencyId))
    throw new DomainError('user.not_found', { id });
  return user;
}

/**
 * An administrator resets another official's second factor (docs/SESSIONS.md): see {@link mfa.resetTotp}.
 * @throws user.not_found (an official the administrator does not manage), auth.totp_self_reset,
 * auth.totp_not_enrolled
 */
export function resetSecondFactor(
  tx: Tx,
  actor: Actor,
  id: string,
  meta: { now: Date; requestId?: string },
): Promise<{ staleSessions: string[] }> {
  return mfa.resetTotp(tx, actor, id, (t, userId) => managedUser(t, actor, userId), meta);
}

/**
 * An official changes their own password: the current one must be right, the new one strong. Their other
 * sessions end (returned, for the session cache); this one goes on, no longer bound to change it.
 * @throws auth.wrong_current_password, user.weak_password
 */
export async function changePassword(
  tx: Tx,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  meta: { now: Date; requestId?: string },
): Promise<{ staleSessions: string[] }> {
  const user = await store.findUserByIdForUpdate(tx, actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash)))
    throw new DomainError(
      'auth.wrong_current_password',
      {},
      {
        issues: [
          {
            path: 'body.currentPassword',
            code: 'wrong_password',
            message: 'The current password is wrong',
            messageVi: 'Mật khẩu hiện tại không đúng',
          },
        ],
      },
    );
  checkPasswordStrength(input.newPassword, [user.username, user.displayName], 'body.newPassword');
  if (await verifyPassword(input.newPassword, user.passwordHash))
    throw new DomainError(
      'user.weak_password',
      { field: 'body.newPassword', warning: 'sameAsCurrent' },
      {
        issues: [
          {
            path: 'body.newPassword',
            code: 'same_password',
            message: 'The new password must differ from the current one',
            messageVi: 'Mật khẩu mới phải khác mật khẩu hiện tại',
          },
        ],
      },
    );
  await store.setPassword(tx, user.id, await hashPassword(input.newPassword), false, meta.now);
  const staleSessions = await store.deleteOtherSessions(tx, user.id, actor.sessionId);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: actor.roles[0] ?? 'official',
        requestId: meta.requestId,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        change: { endedSessions: staleSessions.length },
      },
    ],
    meta.now,
  );
  return { staleSessions: [...staleSessions, actor.sessionId] };
}

/**
 * An administrator resets the password of an official they manage: a random temporary password (returned
 * once, never stored in clear or audited) that must be changed at the next sign-in; every session ends.
 * @throws user.not_found (also outside the administrator's scope)
 */
export async function resetPassword(
  tx: Tx,
  actor: Actor,
  id: string,
  meta: { now: Date; requestId?: string },
): Promise<{ temporaryPassword: string; staleSessions: string[] }> {
  const user = await managedUser(tx, actor, id);
  const temporaryPassword = randomPassword();
  await store.setPassword(tx, id, await hashPassword(temporaryPassword), true, meta.now);
  await throttle.clearFailures(tx, `account:${user.username}`);
  const staleSessions = await store.deleteUserSessions(tx, id);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        change: { mustChangePassword: true, endedSessions: staleSessions.length },
      },
    ],
    meta.now,
  );
  return { temporaryPassword, staleSessions };
}

/** A random password of 16 letters and digits in groups of four (about 80 bits; easy to read out). */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export interface UserChange {
  readonly displayName?: string | undefined;
  readonly roles?: readonly Role[] | undefined;
  readonly active?: boolean | undefined;
}

export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: string;
  readonly roles: string[];
  readonly active: boolean;
  readonly createdAt: Date;
  readonly mustChangePassword: boolean;
}

/**
 * An administrator edits an official's display name, roles or active flag, with an audit row.
 * Deactivating ends the official's sessions. Returns the account and the session ids a session cache
 * must forget after commit (their roles or their validity changed).
 * Administrators manage their own agency and the agencies under it, as for account creation.
 * @throws user.not_found for an unknown id or an official outside the administrator's scope.
 * @throws user.role_not_grantable when a non-city administrator grants the monitor role.
 * @throws user.self_lockout when an administrator would drop their own admin role or deactivate themselves
 * (nobody could then undo it from this account).
 */
export async function updateUser(
  tx: Tx,
  actor: Actor,
  id: string,
  change: UserChange,
  meta: { now: Date; requestId?: string },
): Promise<{ user: UserView; staleSessions: string[] }> {
  const before = await managedUser(tx, actor, id);
  if (id === actor.userId && (change.active === false || (change.roles && !change.roles.includes('admin'))))
    throw new DomainError('user.self_lockout', { id });
  await checkGrant(tx, actor, change.roles, before.roles);
  const patch: { displayName?: string; roles?: string[]; active?: boolean } = {};
  if (change.displayName !== undefined && change.displayName !== before.displayName)
    patch.displayName = change.displayName;
  const roles = change.roles ? [...new Set(change.roles)] : undefined;
  if (roles && roles.join(',') !== before.roles.join(',')) patch.roles = roles;
  if (change.active !== undefined && change.active !== before.active) patch.active = change.active;
  let staleSessions: string[] = [];
  if (Object.keys(patch).length > 0) {
    await store.updateUser(tx, id, patch);
    staleSessions =
      patch.active === false
        ? await store.deleteUserSessions(tx, id)
        : await store.listUserSessionIds(tx, id);
    await appendAudit(
      tx,
      [
        {
          actorId: actor.userId,
          actorRole: 'admin',
          requestId: meta.requestId,
          action: 'user.updated',
          entityType: 'user',
          entityId: id,
          change: {
            before: Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof patch]])),
            after: patch,
          },
        },
      ],
      meta.now,
    );
  }
  const { passwordHash: _, ...user } = { ...before, ...patch };
  return { user, staleSessions };
}

export { listUsers, userNames } from './identity.store.ts';
export { deleteStaleFailures } from './login-throttle.ts';

/** Housekeeping: sessions past their absolute end and TOTP challenges past theirs (rows nobody can use). */
export async function deleteExpiredSignIns(tx: Tx, now: Date): Promise<number> {
  return (await store.deleteExpiredSessions(tx, now)) + (await mfaStore.deleteExpiredChallenges(tx, now));
}

/** An official's username and display name (what signing and slips need), without credentials. */
export async function findOfficial(
  tx: Tx,
  id: string,
): Promise<{ username: string; displayName: string } | undefined> {
  const u = await store.findUserById(tx, id);
  return u ? { username: u.username, displayName: u.displayName } : undefined;
}
