import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { type Actor, ROLES, type Role } from '../../platform/http/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getAgency } from '../units/index.ts';
import * as store from './identity.store.ts';
import { hashPassword, verifyPassword } from './password.ts';

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

/**
 * Checks the password and opens a server-side session.
 * @throws auth.invalid_credentials for an unknown user, a wrong password or a disabled account.
 */
export async function login(
  tx: Tx,
  input: { username: string; password: string },
  now: Date,
  ttlHours: number,
): Promise<LoginResult> {
  const user = await store.findUserByUsername(tx, input.username.trim().toLowerCase());
  if (!user) {
    dummyHash ??= hashPassword('motcua-timing-equaliser');
    await verifyPassword(input.password, await dummyHash);
    throw new DomainError('auth.invalid_credentials');
  }
  const ok = await verifyPassword(input.password, user.passwordHash);
  if (!ok || !user.active) throw new DomainError('auth.invalid_credentials');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
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
 * An administrator opens an official's account: the account and an audit row naming who opened it (the
 * password hash is never in the audit). @throws agency.not_found, user.duplicate_username
 */
export async function openAccount(
  tx: Tx,
  actor: { userId: string },
  input: NewUser,
  meta: { now: Date; requestId: string },
): Promise<{ id: string }> {
  await getAgency(tx, input.agencyId);
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
}

/**
 * An administrator edits an official's display name, roles or active flag, with an audit row.
 * Deactivating ends the official's sessions. Returns the account and the session ids a session cache
 * must forget after commit (their roles or their validity changed).
 * Admins administer every agency, as for account creation (`POST /api/users` accepts any agency).
 * @throws user.not_found for an unknown id.
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
  const before = await store.findUserByIdForUpdate(tx, id);
  if (!before) throw new DomainError('user.not_found', { id });
  if (id === actor.userId && (change.active === false || (change.roles && !change.roles.includes('admin'))))
    throw new DomainError('user.self_lockout', { id });
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

/** An official's username and display name (what signing and slips need), without credentials. */
export async function findOfficial(
  tx: Tx,
  id: string,
): Promise<{ username: string; displayName: string } | undefined> {
  const u = await store.findUserById(tx, id);
  return u ? { username: u.username, displayName: u.displayName } : undefined;
}
