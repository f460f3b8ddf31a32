import type { Tx } from '../../platform/db/index.ts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  agencyId: string;
  roles: string[];
  active: boolean;
  createdAt: Date;
  mustChangePassword: boolean;
}

const USER_COLUMNS = [
  'id',
  'username',
  'displayName',
  'passwordHash',
  'agencyId',
  'roles',
  'active',
  'createdAt',
  'mustChangePassword',
] as const;

export function findUserByUsername(tx: Tx, username: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst();
}

export function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  tx: Tx,
  row: Omit<UserRow, 'active' | 'mustChangePassword'> & { active?: boolean },
): Promise<boolean> {
  const res = await tx
    .insertInto('users')
    .values({ ...row, roles: row.roles })
    .onConflict((oc) => oc.column('username').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateUser(
  tx: Tx,
  id: string,
  patch: Partial<Pick<UserRow, 'displayName' | 'roles' | 'active'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await tx.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Locks the user's row for the rest of the transaction, so two edits of one account apply one after the other. */
export function findUserByIdForUpdate(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Sets a new password hash; `mustChange` when an administrator chose it (the official must change it). */
export async function setPassword(
  tx: Tx,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('users')
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: now })
    .where('id', '=', id)
    .execute();
}

/** Officials by username; `agencyIds` limits them to those agencies (an administrator's scope). */
export function listUsers(
  tx: Tx,
  opts: { agencyId?: string; agencyIds?: readonly string[]; limit: number; after?: string },
) {
  let q = tx
    .selectFrom('users')
    .select([
      'id',
      'username',
      'displayName',
      'agencyId',
      'roles',
      'active',
      'createdAt',
      'mustChangePassword',
    ])
    .orderBy('username')
    .limit(opts.limit);
  if (opts.agencyId) q = q.where('agencyId', '=', opts.agencyId);
  if (opts.agencyIds) q = q.where('agencyId', 'in', opts.agencyIds.length ? [...opts.agencyIds] : ['']);
  if (opts.after) q = q.where('username', '>', opts.after);
  return q.execute();
}

export async function insertSession(
  tx: Tx,
  row: {
    id: string;
    userId: string;
    createdAt: Date;
    expiresAt: Date;
    clientAddress?: string | null;
    userAgent?: string | null;
    method?: string;
    mfaEnrolmentRequired?: boolean;
  },
): Promise<void> {
  await tx
    .insertInto('sessions')
    .values({ ...row, lastSeenAt: row.createdAt })
    .execute();
}

export function findActiveSession(tx: Tx, id: string, now: Date) {
  return tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId',
      'sessions.expiresAt',
      'sessions.createdAt',
      'sessions.lastSeenAt',
      'sessions.mfaEnrolmentRequired',
      'users.id as userId',
      'users.username',
      'users.displayName',
      'users.agencyId',
      'users.roles',
      'users.mustChangePassword',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expiresAt', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
}

export async function deleteSession(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user but `keep`; returns the ids of the sessions ended. */
export async function deleteOtherSessions(tx: Tx, userId: string, keep: string): Promise<string[]> {
  const rows = await tx
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .where('id', '!=', keep)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Ends every session of a user; returns the ids of the sessions ended. */
export async function deleteUserSessions(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.deleteFrom('sessions').where('userId', '=', userId).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function listUserSessionIds(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.selectFrom('sessions').select('id').where('userId', '=', userId).execute();
  return rows.map((r) => r.id);
}

export async function deleteExpiredSessions(tx: Tx, now: Date): Promise<number> {
  const res = await tx.deleteFrom('sessions').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Display names of the given officials by id (unknown ids are left out). */
export async function userNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** Writes last_seen_at, unless another request did within the last `resolutionMs` (one write a minute at most). */
export async function touchSession(tx: Tx, id: string, now: Date, resolutionMs: number): Promise<void> {
  await tx
    .updateTable('sessions')
    .set({ lastSeenAt: now })
    .where('id', '=', id)
    .where('lastSeenAt', '<=', new Date(now.getTime() - resolutionMs))
    .execute();
}

/** A user's sessions not past their absolute end, most recently used first (idle ones are filtered by the caller). */
export function listSessionsOfUser(tx: Tx, userId: string, now: Date) {
  return tx
    .selectFrom('sessions')
    .select([
      'id',
      'createdAt',
      'lastSeenAt',
      'expiresAt',
      'clientAddress',
      'userAgent',
      'method',
      'mfaEnrolmentRequired',
    ])
    .where('userId', '=', userId)
    .where('expiresAt', '>', now)
    .orderBy('lastSeenAt', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one session if it is the user's; whether it was. */
export async function deleteSessionOfUser(tx: Tx, userId: string, id: string): Promise<boolean> {
  const rows = await tx
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** The session proved a second factor: it is no longer limited to enrolling one. */
export async function clearMfaEnrolmentRequired(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('sessions').set({ mfaEnrolmentRequired: false }).where('id', '=', id).execute();
}
