import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/index.ts';
import type { CivilStatusResult } from './port.ts';

/** The tables of migration 0031: handovers with their synced result, the pull cursor, reconciliation runs. */

export type HandoverRow = Awaited<ReturnType<typeof findHandover>>;

export function findHandover(tx: Tx, recordId: string) {
  return tx
    .selectFrom('civilStatusHandovers')
    .select([
      'recordId',
      'recordCode',
      'procedureCode',
      'messageId',
      'remoteId',
      'handedOverAt',
      'registrationNumber',
      'bookNumber',
      'registeredOn',
      'signer',
      'remoteUpdatedAt',
      'resultSyncedAt',
      'resultSource',
    ])
    .where('recordId', '=', recordId)
    .executeTakeFirst();
}

export async function insertHandover(
  tx: Tx,
  row: {
    recordId: string;
    recordCode: string;
    procedureCode: string;
    messageId: string;
    remoteId: string;
    handedOverAt: Date;
  },
): Promise<boolean> {
  const r = await tx
    .insertInto('civilStatusHandovers')
    .values(row)
    .onConflict((oc) => oc.column('recordId').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Stores a result on its handover when it differs from the stored one; returns the record id when it
 * changed something (undefined: unknown record code, or the same result already stored).
 */
export async function storeResult(
  tx: Tx,
  result: CivilStatusResult,
  source: 'pull' | 'reconciliation',
  now: Date,
): Promise<string | undefined> {
  const row = await tx
    .updateTable('civilStatusHandovers')
    .set({
      registrationNumber: result.registrationNumber,
      bookNumber: result.bookNumber,
      registeredOn: result.registeredOn,
      signer: result.signer,
      remoteUpdatedAt: new Date(result.updatedAt),
      resultSyncedAt: now,
      resultSource: source,
    })
    .where('recordCode', '=', result.recordCode)
    .where((eb) =>
      eb.or([
        eb('registrationNumber', 'is', null),
        eb('registrationNumber', '<>', result.registrationNumber),
        eb('bookNumber', '<>', result.bookNumber),
        eb('registeredOn', '<>', result.registeredOn),
        eb('signer', '<>', result.signer),
      ]),
    )
    .returning('recordId')
    .executeTakeFirst();
  return row?.recordId;
}

export async function readCursor(tx: Tx): Promise<Date> {
  const row = await tx.selectFrom('civilStatusSync').select('cursor').where('id', '=', 1).executeTakeFirst();
  return row ? new Date(row.cursor) : new Date(0);
}

export async function writeCursor(tx: Tx, cursor: Date, now: Date): Promise<void> {
  await tx
    .insertInto('civilStatusSync')
    .values({ id: 1, cursor, pulledAt: now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        cursor: sql`greatest(civil_status_sync.cursor, excluded.cursor)`,
        pulledAt: now,
      }),
    )
    .execute();
}

/** Every handover handed over since `since`, oldest first (what the reconciliation compares). */
export function handoversSince(tx: Tx, since: Date) {
  return tx
    .selectFrom('civilStatusHandovers')
    .select([
      'recordId',
      'recordCode',
      'procedureCode',
      'messageId',
      'handedOverAt',
      'registrationNumber',
      'bookNumber',
      'registeredOn',
      'signer',
    ])
    .where('handedOverAt', '>=', since)
    .orderBy('handedOverAt')
    .execute();
}

export async function insertReconciliation(
  tx: Tx,
  run: {
    id: string;
    startedAt: Date;
    finishedAt: Date;
    trigger: 'job' | 'cli';
    checked: number;
    repaired: number;
    failed: number;
    differences: unknown[];
  },
): Promise<void> {
  await tx
    .insertInto('civilStatusReconciliations')
    .values({ ...run, differences: JSON.stringify(run.differences) })
    .execute();
}

export function listReconciliations(tx: Tx, limit: number) {
  return tx
    .selectFrom('civilStatusReconciliations')
    .select(['id', 'startedAt', 'finishedAt', 'trigger', 'checked', 'repaired', 'failed', 'differences'])
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
