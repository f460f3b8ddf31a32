import type { Tx } from '../../platform/db/index.ts';

/** An agency's fee account as stored. */
export interface BankAccountRow {
  readonly agencyId: string;
  readonly bankBin: string;
  readonly bankName: string;
  readonly accountNumber: string;
  readonly accountName: string;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

const COLUMNS = [
  'agencyId',
  'bankBin',
  'bankName',
  'accountNumber',
  'accountName',
  'updatedAt',
  'updatedBy',
] as const;

export async function findBankAccount(tx: Tx, agencyId: string): Promise<BankAccountRow | undefined> {
  return tx
    .selectFrom('agencyBankAccounts')
    .select(COLUMNS)
    .where('agencyId', '=', agencyId)
    .executeTakeFirst();
}

/** Sets (inserts or replaces) an agency's fee account. */
export async function upsertBankAccount(tx: Tx, row: BankAccountRow): Promise<BankAccountRow> {
  return tx
    .insertInto('agencyBankAccounts')
    .values(row)
    .onConflict((oc) =>
      oc.column('agencyId').doUpdateSet({
        bankBin: row.bankBin,
        bankName: row.bankName,
        accountNumber: row.accountNumber,
        accountName: row.accountName,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      }),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deleteBankAccount(tx: Tx, agencyId: string): Promise<boolean> {
  const r = await tx.deleteFrom('agencyBankAccounts').where('agencyId', '=', agencyId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
