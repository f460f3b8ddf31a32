import type { Tx } from '../../platform/db/index.ts';

/** The user's TOTP credential (secret still encrypted), if any. */
export function findTotp(tx: Tx, userId: string) {
  return tx
    .selectFrom('totpCredentials')
    .select(['userId', 'secret', 'createdAt', 'confirmedAt', 'lastUsedStep'])
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** Starts (or restarts, while unconfirmed) an enrolment with a new secret. */
export async function putPendingTotp(tx: Tx, userId: string, secret: string, now: Date): Promise<void> {
  await tx
    .insertInto('totpCredentials')
    .values({ userId, secret, createdAt: now, confirmedAt: null, lastUsedStep: null })
    .onConflict((oc) =>
      oc
        .column('userId')
        .doUpdateSet({ secret, createdAt: now, lastUsedStep: null })
        .where('totpCredentials.confirmedAt', 'is', null),
    )
    .execute();
}

/**
 * Uses the step a code matched: only if it is later than the last one used (two requests racing with one
 * code: one wins). With `confirm`, also marks an unconfirmed enrolment confirmed. Whether it was accepted.
 */
export async function spendTotpStep(
  tx: Tx,
  userId: string,
  step: number,
  now: Date,
  confirm: boolean,
): Promise<boolean> {
  const rows = await tx
    .updateTable('totpCredentials')
    .set(confirm ? { lastUsedStep: step, confirmedAt: now } : { lastUsedStep: step })
    .where('userId', '=', userId)
    .where('confirmedAt', confirm ? 'is' : 'is not', null)
    .where((eb) => eb.or([eb('lastUsedStep', 'is', null), eb('lastUsedStep', '<', step)]))
    .returning('userId')
    .execute();
  return rows.length === 1;
}

export async function insertChallenge(
  tx: Tx,
  row: {
    id: string;
    userId: string;
    createdAt: Date;
    expiresAt: Date;
    clientAddress: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await tx.insertInto('loginChallenges').values(row).execute();
}

/** The challenge, locked for the transaction (two codes sent at once are counted one after the other). */
export function findChallengeForUpdate(tx: Tx, id: string) {
  return tx
    .selectFrom('loginChallenges')
    .select(['id', 'userId', 'expiresAt', 'attempts', 'clientAddress', 'userAgent'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function countChallengeAttempt(tx: Tx, id: string): Promise<void> {
  await tx
    .updateTable('loginChallenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function deleteChallenge(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('loginChallenges').where('id', '=', id).execute();
}

/** Housekeeping: challenges past their end. */
export async function deleteExpiredChallenges(tx: Tx, now: Date): Promise<number> {
  const res = await tx.deleteFrom('loginChallenges').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Replaces the official's recovery codes (their HMACs) with new ones. */
export async function replaceRecoveryCodes(
  tx: Tx,
  userId: string,
  codeHashes: readonly string[],
  now: Date,
): Promise<void> {
  await tx.deleteFrom('totpRecoveryCodes').where('userId', '=', userId).execute();
  await tx
    .insertInto('totpRecoveryCodes')
    .values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now, usedAt: null })))
    .execute();
}

/** Uses a recovery code once: whether it was the official's and unused (two racing uses: one wins). */
export async function spendRecoveryCode(
  tx: Tx,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const rows = await tx
    .updateTable('totpRecoveryCodes')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('userId')
    .execute();
  return rows.length === 1;
}

/** How many of the official's recovery codes are still unused. */
export async function countRecoveryCodesLeft(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('totpRecoveryCodes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the official's second factor: the TOTP secret, the recovery codes, challenges under way. */
export async function deleteSecondFactor(tx: Tx, userId: string): Promise<boolean> {
  await tx.deleteFrom('totpRecoveryCodes').where('userId', '=', userId).execute();
  await tx.deleteFrom('loginChallenges').where('userId', '=', userId).execute();
  const res = await tx.deleteFrom('totpCredentials').where('userId', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
