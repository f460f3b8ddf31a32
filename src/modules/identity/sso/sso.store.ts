import type { Tx } from '../../../platform/db/index.ts';

export interface LoginStateRow {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: Date;
  /** Who signs in: an official (city SSO) or a citizen (VNeID). */
  flow: 'official' | 'citizen';
  /** The page a citizen goes back to after signing in. */
  returnTo: string | null;
}

export async function insertLoginState(tx: Tx, row: LoginStateRow & { createdAt: Date }): Promise<void> {
  await tx.insertInto('ssoLoginStates').values(row).execute();
}

/** Deletes and returns a sign-in under way of this flow: a state is good for one callback (its own) only. */
export function takeLoginState(
  tx: Tx,
  state: string,
  flow: LoginStateRow['flow'],
): Promise<LoginStateRow | undefined> {
  return tx
    .deleteFrom('ssoLoginStates')
    .where('state', '=', state)
    .where('flow', '=', flow)
    .returning(['state', 'nonce', 'codeVerifier', 'expiresAt', 'flow', 'returnTo'])
    .executeTakeFirst();
}

export async function deleteExpiredLoginStates(tx: Tx, now: Date): Promise<void> {
  await tx.deleteFrom('ssoLoginStates').where('expiresAt', '<', now).execute();
}

export function findIdentity(tx: Tx, issuer: string, subject: string) {
  return tx
    .selectFrom('ssoIdentities')
    .select(['userId', 'linkedBy'])
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertIdentity(
  tx: Tx,
  row: {
    issuer: string;
    subject: string;
    userId: string;
    claims: unknown;
    now: Date;
    linkedBy?: 'email' | 'username';
  },
): Promise<void> {
  await tx
    .insertInto('ssoIdentities')
    .values({
      issuer: row.issuer,
      subject: row.subject,
      userId: row.userId,
      claims: JSON.stringify(row.claims),
      createdAt: row.now,
      seenAt: row.now,
      linkedBy: row.linkedBy ?? null,
    })
    .execute();
}

export async function touchIdentity(
  tx: Tx,
  row: { issuer: string; subject: string; claims: unknown; now: Date },
): Promise<void> {
  await tx
    .updateTable('ssoIdentities')
    .set({ claims: JSON.stringify(row.claims), seenAt: row.now })
    .where('issuer', '=', row.issuer)
    .where('subject', '=', row.subject)
    .execute();
}

/** The agency of an account made by single sign-on follows the agency code the city SSO asserts. */
export async function setUserAgency(tx: Tx, userId: string, agencyId: string): Promise<void> {
  await tx.updateTable('users').set({ agencyId }).where('id', '=', userId).execute();
}

export async function usernameTaken(tx: Tx, username: string): Promise<boolean> {
  return Boolean(
    await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst(),
  );
}

export async function insertSsoSession(
  tx: Tx,
  row: { sessionId: string; issuer: string; subject: string; sid: string | null; idToken: string; now: Date },
): Promise<void> {
  await tx
    .insertInto('ssoSessions')
    .values({
      sessionId: row.sessionId,
      issuer: row.issuer,
      subject: row.subject,
      sid: row.sid,
      idToken: row.idToken,
      createdAt: row.now,
    })
    .execute();
}

export function findSsoSession(tx: Tx, sessionId: string) {
  return tx
    .selectFrom('ssoSessions')
    .select(['issuer', 'subject', 'sid', 'idToken'])
    .where('sessionId', '=', sessionId)
    .executeTakeFirst();
}

/** The Motcua sessions opened from one provider session (by sid), or from any of a subject's. */
export async function sessionsOf(
  tx: Tx,
  issuer: string,
  by: { sid?: string | undefined; subject?: string | undefined },
): Promise<string[]> {
  let q = tx.selectFrom('ssoSessions').select('sessionId').where('issuer', '=', issuer);
  if (by.sid) q = q.where('sid', '=', by.sid);
  if (by.subject) q = q.where('subject', '=', by.subject);
  return (await q.execute()).map((r) => r.sessionId);
}

export interface RuleRow {
  id: string;
  agencyCode: string | null;
  position: string | null;
  roles: string[];
  createdAt: Date;
}

export function listRules(tx: Tx): Promise<RuleRow[]> {
  return tx
    .selectFrom('ssoRoleRules')
    .select(['id', 'agencyCode', 'position', 'roles', 'createdAt'])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function insertRule(tx: Tx, row: RuleRow & { createdBy: string }): Promise<void> {
  await tx.insertInto('ssoRoleRules').values(row).execute();
}

export async function deleteRule(tx: Tx, id: string): Promise<RuleRow | undefined> {
  return tx
    .deleteFrom('ssoRoleRules')
    .where('id', '=', id)
    .returning(['id', 'agencyCode', 'position', 'roles', 'createdAt'])
    .executeTakeFirst();
}

/**
 * The local accounts an SSO identity may be the owner of: by e-mail (ignoring case) and by username
 * (ignoring case), each with whether it already has an SSO identity. Locked, so two first sign-ins racing
 * link once.
 */
export async function linkCandidates(
  tx: Tx,
  by: { email?: string | undefined; username?: string | undefined },
) {
  if (!by.email && !by.username) return [];
  const rows = await tx
    .selectFrom('users')
    .leftJoin('ssoIdentities', 'ssoIdentities.userId', 'users.id')
    .select([
      'users.id',
      'users.username',
      'users.email',
      'users.agencyId',
      'users.active',
      'ssoIdentities.issuer',
    ])
    .where((eb) =>
      eb.or([
        ...(by.email ? [eb(eb.fn('lower', ['users.email']), '=', by.email.toLowerCase())] : []),
        ...(by.username ? [eb('users.username', '=', by.username.toLowerCase())] : []),
      ]),
    )
    .forUpdate(['users'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agencyId,
    active: r.active,
    linked: r.issuer !== null,
    by:
      by.email && r.email?.toLowerCase() === by.email.toLowerCase()
        ? ('email' as const)
        : ('username' as const),
  }));
}
