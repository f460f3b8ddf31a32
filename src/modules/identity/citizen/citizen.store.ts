import type { Tx } from '../../../platform/db/index.ts';

export interface CitizenRow {
  id: string;
  issuer: string;
  subject: string;
  personalId: string;
  fullName: string;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  address: string | null;
  identityLevel: number;
}

const COLUMNS = [
  'id',
  'issuer',
  'subject',
  'personalId',
  'fullName',
  'birthDate',
  'sex',
  'address',
  'identityLevel',
] as const;

export function findCitizenBySubject(
  tx: Tx,
  issuer: string,
  subject: string,
): Promise<CitizenRow | undefined> {
  return tx
    .selectFrom('citizens')
    .select(COLUMNS)
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .forUpdate()
    .executeTakeFirst();
}

export function findCitizenByPersonalId(tx: Tx, personalId: string): Promise<CitizenRow | undefined> {
  return tx
    .selectFrom('citizens')
    .select(COLUMNS)
    .where('personalId', '=', personalId)
    .forUpdate()
    .executeTakeFirst();
}

export function findCitizen(tx: Tx, id: string): Promise<CitizenRow | undefined> {
  return tx.selectFrom('citizens').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertCitizen(tx: Tx, row: CitizenRow & { claims: unknown; now: Date }): Promise<void> {
  const { claims, now, ...rest } = row;
  await tx
    .insertInto('citizens')
    .values({ ...rest, claims: JSON.stringify(claims), createdAt: now, seenAt: now })
    .execute();
}

export async function updateCitizen(
  tx: Tx,
  id: string,
  row: Omit<CitizenRow, 'id' | 'personalId'> & { claims: unknown; now: Date },
): Promise<void> {
  const { claims, now, ...rest } = row;
  await tx
    .updateTable('citizens')
    .set({ ...rest, claims: JSON.stringify(claims), seenAt: now })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(
  tx: Tx,
  row: {
    id: string;
    tokenHash: string;
    citizenId: string;
    issuer: string;
    sid: string | null;
    idToken: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.insertInto('citizenSessions').values(row).execute();
}

/** A session that is on at `now`, with its citizen. */
export function findLiveSession(tx: Tx, tokenHash: string, now: Date) {
  return tx
    .selectFrom('citizenSessions as s')
    .innerJoin('citizens as c', 'c.id', 's.citizenId')
    .select([
      's.id as sessionId',
      's.expiresAt',
      's.issuer',
      's.idToken',
      'c.id as citizenId',
      'c.personalId',
      'c.fullName',
    ])
    .where('s.tokenHash', '=', tokenHash)
    .where('s.endedAt', 'is', null)
    .where('s.expiresAt', '>', now)
    .executeTakeFirst();
}

/** Ends a session; answers what RP-initiated logout needs (issuer, ID token), or undefined if it was over. */
export function endSession(tx: Tx, id: string, now: Date) {
  return tx
    .updateTable('citizenSessions')
    .set({ endedAt: now })
    .where('id', '=', id)
    .where('endedAt', 'is', null)
    .returning(['issuer', 'idToken'])
    .executeTakeFirst();
}

/** Ends every session opened from one provider session (by sid), or from any of a subject's. */
export async function endSessionsOf(
  tx: Tx,
  issuer: string,
  by: { sid?: string | undefined; subject?: string | undefined },
  now: Date,
): Promise<number> {
  let q = tx
    .updateTable('citizenSessions')
    .set({ endedAt: now })
    .where('issuer', '=', issuer)
    .where('endedAt', 'is', null);
  if (by.sid) q = q.where('sid', '=', by.sid);
  else if (by.subject) {
    const subject = by.subject;
    q = q.where('citizenId', 'in', (s) =>
      s.selectFrom('citizens').select('id').where('issuer', '=', issuer).where('subject', '=', subject),
    );
  }
  const rows = await q.returning('id').execute();
  return rows.length;
}

export async function deleteExpiredSessions(tx: Tx, before: Date): Promise<void> {
  await tx.deleteFrom('citizenSessions').where('expiresAt', '<', before).execute();
}
