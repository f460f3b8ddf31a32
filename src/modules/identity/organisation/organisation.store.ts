import { sql } from 'kysely';
import type { ExistingOfficial, ImportAgency, OfficialRow } from '../../../core/identity/import-officials.ts';
import type { Tx } from '../../../platform/db/index.ts';

/** The password hash of an imported account until it gets a password: no password verifies against it. */
export const NO_PASSWORD = '!imported-no-password';

const CHUNK = 500;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every agency with its code and name (an import matches its rows against them). */
export function importAgencies(tx: Tx): Promise<ImportAgency[]> {
  return tx.selectFrom('agencies').select(['id', 'code', 'name']).execute();
}

/** The existing accounts among `usernames`, by username. */
export async function officialsByUsername(
  tx: Tx,
  usernames: readonly string[],
): Promise<Map<string, ExistingOfficial>> {
  const out = new Map<string, ExistingOfficial>();
  for (const part of chunks([...new Set(usernames)], 1000)) {
    const rows = await tx
      .selectFrom('users')
      .select(['id', 'username', 'displayName', 'agencyId', 'roles', 'active', 'email', 'phone', 'position'])
      .where('username', 'in', part)
      .execute();
    for (const r of rows) out.set(r.username, r);
  }
  return out;
}

/** Creates imported accounts (no password yet, to be changed at the first sign-in). */
export async function insertOfficials(
  tx: Tx,
  rows: readonly (OfficialRow & { id: string })[],
  now: Date,
  onChunk?: (n: number) => void,
): Promise<void> {
  for (const part of chunks(rows)) {
    await tx
      .insertInto('users')
      .values(
        part.map((r) => ({
          id: r.id,
          username: r.username,
          displayName: r.displayName,
          passwordHash: NO_PASSWORD,
          agencyId: r.agencyId,
          roles: [...(r.roles ?? ['specialist'])],
          createdAt: now,
          mustChangePassword: true,
          email: r.email,
          phone: r.phone,
          position: r.position,
        })),
      )
      .execute();
    onChunk?.(part.length);
  }
}

export async function updateOfficial(
  tx: Tx,
  id: string,
  patch: Partial<{
    displayName: string;
    email: string | null;
    phone: string | null;
    position: string | null;
    agencyId: string;
    roles: string[];
    active: boolean;
    deactivatedAt: Date | null;
  }>,
): Promise<void> {
  await tx.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** The active accounts of the given agencies (a full re-import deactivates those it leaves out). */
export async function activeOfficialsOfAgencies(tx: Tx, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'username', 'agencyId', 'displayName'])
    .where('agencyId', 'in', [...agencyIds])
    .where('active', '=', true)
    .execute();
}

/** Accounts by id, locked for the transaction (bulk changes apply one after another). */
export async function officialsByIdForUpdate(tx: Tx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'agencyId', 'roles', 'active'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export interface OfficialSearch {
  /** Words of the name without marks ({@link normalizeSearchText}); each must be a word of the name. */
  readonly words?: readonly string[] | undefined;
  /** The query as typed, lower case; matched at the start of the username. */
  readonly usernamePrefix?: string | undefined;
  readonly agencyIds: readonly string[];
  readonly role?: string | undefined;
  readonly active?: boolean | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** Officials of the given agencies matching a search, by username (keyset: `after` a username). */
export function searchOfficials(tx: Tx, q: OfficialSearch) {
  let query = tx
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agencyId')
    .select([
      'users.id',
      'users.username',
      'users.displayName',
      'users.agencyId',
      'agencies.name as agencyName',
      'users.position',
      'users.phone',
      'users.email',
      'users.roles',
      'users.active',
      'users.mustChangePassword',
      'users.createdAt',
    ])
    .where(
      'users.agencyId',
      'in',
      q.agencyIds.length ? [...q.agencyIds] : ['00000000-0000-0000-0000-000000000000'],
    )
    .orderBy('users.username')
    .limit(q.limit);
  const words = q.words?.length ? q.words : undefined;
  const prefix = q.usernamePrefix;
  if (words || prefix)
    query = query.where((eb) =>
      eb.or([
        // users_search_words_idx (GIN) answers this; a substring match would read every account.
        ...(words ? [sql<boolean>`users.search_words @> ${sql.val([...words])}::text[]`] : []),
        ...(prefix ? [eb('users.username', 'like', `${likeEscape(prefix)}%`)] : []),
      ]),
    );
  if (q.role) query = query.where(sql<boolean>`users.roles @> ARRAY[${q.role}]::text[]`);
  if (q.active !== undefined) query = query.where('users.active', '=', q.active);
  if (q.after) query = query.where('users.username', '>', q.after);
  return query.execute();
}

export async function insertDelegation(
  tx: Tx,
  row: {
    id: string;
    fromUserId: string;
    toUserId: string;
    agencyId: string;
    startsAt: Date;
    endsAt: Date;
    reason: string | null;
    createdBy: string;
    createdAt: Date;
  },
): Promise<void> {
  await tx.insertInto('delegations').values(row).execute();
}

const DELEGATION_COLUMNS = [
  'id',
  'fromUserId',
  'toUserId',
  'agencyId',
  'startsAt',
  'endsAt',
  'reason',
  'createdBy',
  'createdAt',
  'revokedAt',
  'revokedBy',
] as const;

export function findDelegationForUpdate(tx: Tx, id: string) {
  return tx
    .selectFrom('delegations')
    .select(DELEGATION_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function revokeDelegation(tx: Tx, id: string, by: string, now: Date): Promise<void> {
  await tx.updateTable('delegations').set({ revokedAt: now, revokedBy: by }).where('id', '=', id).execute();
}

/** Delegations given or received by a user that have not ended (running or to come), soonest first. */
export function delegationsOf(tx: Tx, userId: string, now: Date) {
  return tx
    .selectFrom('delegations')
    .innerJoin('users as f', 'f.id', 'delegations.fromUserId')
    .innerJoin('users as t', 't.id', 'delegations.toUserId')
    .select([
      'delegations.id',
      'delegations.fromUserId',
      'f.displayName as fromName',
      'delegations.toUserId',
      't.displayName as toName',
      'delegations.agencyId',
      'delegations.startsAt',
      'delegations.endsAt',
      'delegations.reason',
      'delegations.revokedAt',
    ])
    .where((eb) =>
      eb.or([eb('delegations.fromUserId', '=', userId), eb('delegations.toUserId', '=', userId)]),
    )
    .where('delegations.endsAt', '>', now)
    .where('delegations.revokedAt', 'is', null)
    .orderBy('delegations.startsAt')
    .execute();
}

/** The delegation letting `toUserId` act for `fromUserId` at `now`, if one runs. */
export function runningDelegation(tx: Tx, fromUserId: string, toUserId: string, now: Date) {
  return tx
    .selectFrom('delegations')
    .select(DELEGATION_COLUMNS)
    .where('fromUserId', '=', fromUserId)
    .where('toUserId', '=', toUserId)
    .where('startsAt', '<=', now)
    .where('endsAt', '>', now)
    .where('revokedAt', 'is', null)
    .orderBy('startsAt', 'desc')
    .executeTakeFirst();
}

/** Every delegation `fromUserId` gave `toUserId`, the latest start first. */
export function delegationsBetween(tx: Tx, fromUserId: string, toUserId: string) {
  return tx
    .selectFrom('delegations')
    .select(DELEGATION_COLUMNS)
    .where('fromUserId', '=', fromUserId)
    .where('toUserId', '=', toUserId)
    .orderBy('startsAt', 'desc')
    .execute();
}

/** The leaders `toUserId` may act for at `now` (running delegations), with the leader's account. */
export function leadersActedFor(tx: Tx, toUserId: string, now: Date) {
  return tx
    .selectFrom('delegations')
    .innerJoin('users as f', 'f.id', 'delegations.fromUserId')
    .select([
      'delegations.id',
      'delegations.agencyId',
      'delegations.endsAt',
      'f.id as leaderId',
      'f.displayName as leaderName',
      'f.agencyId as leaderAgencyId',
      'f.roles as leaderRoles',
      'f.active as leaderActive',
    ])
    .where('delegations.toUserId', '=', toUserId)
    .where('delegations.startsAt', '<=', now)
    .where('delegations.endsAt', '>', now)
    .where('delegations.revokedAt', 'is', null)
    .orderBy('delegations.startsAt')
    .execute();
}
