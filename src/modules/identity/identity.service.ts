import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { type Actor, ROLES, type Role } from '../../platform/http/index.ts';
import { appendAudit } from '../audit/index.ts';
import { agencyScope, getAgency, isCityLevelAgency } from '../units/index.ts';
import * as store from './identity.store.ts';
import * as throttle from './login-throttle.ts';
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

/** How sign-ins are throttled (from configuration): wrong passwords per account and per client address. */
export interface LoginLimits {
  readonly accountFailures: number;
  readonly addressFailures: number;
}

/**
 * Checks the password and opens a server-side session. A failure is returned, not thrown, so that the
 * caller commits the failure count (per account and per client address, in the database) with it.
 * Failures: auth.too_many_attempts (the account or the address is locked; the password is not even
 * checked) and auth.invalid_credentials (an unknown user, a wrong password or a disabled account).
 */
export async function login(
  tx: Tx,
  input: { username: string; password: string; address: string },
  now: Date,
  opts: { ttlHours: number; limits: LoginLimits },
): Promise<{ ok: true; result: LoginResult } | { ok: false; error: DomainError }> {
  const username = input.username.trim().toLowerCase();
  const accountKey = `account:${username}`;
  const addressKey = `address:${input.address}`;
  const locked = await throttle.lockedUntil(tx, [accountKey, addressKey], now);
  if (locked) {
    const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 1000));
    return { ok: false, error: new DomainError('auth.too_many_attempts', { retryAfterSeconds }) };
  }
  const user = await store.findUserByUsername(tx, username);
  let ok: boolean;
  if (!user) {
    dummyHash ??= hashPassword('motcua-timing-equaliser');
    await verifyPassword(input.password, await dummyHash);
    ok = false;
  } else ok = (await verifyPassword(input.password, user.passwordHash)) && user.active;
  if (!user || !ok) {
    await throttle.recordFailure(tx, accountKey, throttle.accountPolicy(opts.limits.accountFailures), now);
    await throttle.recordFailure(tx, addressKey, throttle.addressPolicy(opts.limits.addressFailures), now);
    return { ok: false, error: new DomainError('auth.invalid_credentials') };
  }
  await throttle.clearFailures(tx, accountKey);
  return { ok: true, result: await openSession(tx, user, now, { ttlHours: opts.ttlHours }) };
}

/**
 * Opens a server-side session for a user who has proved who they are (by password here; other sign-in
 * methods call it too). The token goes to the client once; only its SHA-256 is stored.
 */
export async function openSession(
  tx: Tx,
  user: store.UserRow,
  now: Date,
  opts: { ttlHours: number },
): Promise<LoginResult> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + opts.ttlHours * 3_600_000);
  const sessionId = tokenId(token);
  await store.insertSession(tx, { id: sessionId, userId: user.id, createdAt: now, expiresAt });
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
    },
  };
}

async function resolveSession(
  tx: Tx,
  id: string,
  now: Date,
): Promise<{ actor: Actor; expiresAt: Date } | null> {
  const row = await store.findActiveSession(tx, id, now);
  if (!row) return null;
  return {
    expiresAt: new Date(row.expiresAt),
    actor: {
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      agencyId: row.agencyId,
      roles: toRoles(row.roles),
      sessionId: row.sessionId,
      mustChangePassword: row.mustChangePassword,
    },
  };
}

/** The actor behind a session token, or null when the session is unknown, expired or the user disabled. */
export async function authenticate(tx: Tx, token: string, now: Date): Promise<Actor | null> {
  return (await resolveSession(tx, tokenId(token), now))?.actor ?? null;
}

/** Ends a session (and forgets it in this process's session cache). */
export function logout(tx: Tx, sessionId: string, cache?: SessionCache): Promise<void> {
  cache?.forget(sessionId);
  return store.deleteSession(tx, sessionId);
}

/**
 * A short in-process cache of resolved sessions, so that a busy counter does not pay a database round
 * trip per request. A logout on this process is seen at once; on another process within `ttlMs`.
 */
export interface SessionCache {
  authenticate(tx: Tx, token: string, now: Date): Promise<Actor | null>;
  forget(sessionId: string): void;
}

export function createSessionCache(ttlMs = 5000, maxEntries = 10_000): SessionCache {
  const entries = new Map<string, { actor: Actor; until: number }>();
  return {
    async authenticate(tx, token, now) {
      const id = tokenId(token);
      const hit = entries.get(id);
      if (hit && hit.until > now.getTime()) return hit.actor;
      const session = await resolveSession(tx, id, now);
      if (!session) {
        entries.delete(id);
        return null;
      }
      if (entries.size >= maxEntries) entries.clear();
      entries.set(id, {
        actor: session.actor,
        until: Math.min(now.getTime() + ttlMs, session.expiresAt.getTime()),
      });
      return session.actor;
    },
    forget(sessionId) {
      entries.delete(sessionId);
    },
  };
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

/** An official's username and display name (what signing and slips need), without credentials. */
export async function findOfficial(
  tx: Tx,
  id: string,
): Promise<{ username: string; displayName: string } | undefined> {
  const u = await store.findUserById(tx, id);
  return u ? { username: u.username, displayName: u.displayName } : undefined;
}
