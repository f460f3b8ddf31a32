import QRCode from 'qrcode';
import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import { buildVietQr } from '../../core/payments/vietqr.ts';
import type { RecordState } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getAgency } from '../units/index.ts';
import * as store from './bank-accounts.store.ts';

/** An agency's fee account as an administrator sets it (PUT /api/agencies/:id/bank-account). */
export const BankAccountInput = z.strictObject({
  bankBin: z.string().regex(/^\d{6}$/, "the bank's 6-digit NAPAS BIN, e.g. 970436"),
  bankName: z.string().trim().min(1).max(200),
  accountNumber: z.string().regex(/^[A-Za-z0-9]{1,19}$/, '1–19 letters or digits, without spaces'),
  accountName: z.string().trim().min(1).max(200),
});
export type BankAccountInput = z.infer<typeof BankAccountInput>;

/** The account as answered. */
export function presentBankAccount(row: store.BankAccountRow) {
  return {
    agencyId: row.agencyId,
    bankBin: row.bankBin,
    bankName: row.bankName,
    accountNumber: row.accountNumber,
    accountName: row.accountName,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An agency's fee account. @throws agency.not_found, fees.bank_account_missing */
export async function getBankAccount(tx: Tx, agencyId: string): Promise<store.BankAccountRow> {
  await getAgency(tx, agencyId);
  const row = await store.findBankAccount(tx, agencyId);
  if (!row) throw new DomainError('fees.bank_account_missing', { agencyId });
  return row;
}

/** Sets an agency's fee account, audited (agency.bank_account_set) in the caller's transaction. @throws agency.not_found */
export async function setBankAccount(
  tx: Tx,
  agencyId: string,
  input: BankAccountInput,
  meta: { actorId: string; requestId: string; now: Date },
): Promise<store.BankAccountRow> {
  await getAgency(tx, agencyId);
  const row = await store.upsertBankAccount(tx, {
    agencyId,
    ...input,
    updatedAt: meta.now,
    updatedBy: meta.actorId,
  });
  await appendAudit(
    tx,
    [
      {
        actorId: meta.actorId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'agency.bank_account_set',
        entityType: 'agency',
        entityId: agencyId,
        change: { ...input },
      },
    ],
    meta.now,
  );
  return row;
}

/** A record's VietQR transfer: the payload and what it says, for the page beside the image. */
export interface PaymentQr {
  readonly payload: string;
  readonly amountVnd: number;
  readonly reference: string;
  readonly bankBin: string;
  readonly bankName: string;
  readonly accountNumber: string;
  readonly accountName: string;
  readonly agencyId: string;
}

/**
 * The VietQR transfer for a record's open payment request (national status 6): its total to the fee account
 * of the competent agency (Decree 61/2018 art. 22 a: the competent body's fee account), else of the
 * receiving agency, with the record code as the reference (tag 62-08) so the transfer can be matched.
 * @throws fees.no_payment_due (no payment awaited), fees.bank_account_missing (neither agency has an account)
 */
export async function paymentQr(tx: Tx, state: RecordState): Promise<PaymentQr> {
  const payment = state.payment;
  if (state.status !== 'awaiting_payment' || !payment || payment.confirmedAt || !state.code) {
    throw new DomainError('fees.no_payment_due', { id: state.id, status: state.status });
  }
  const candidates = [state.competentAgencyId, state.receivingAgencyId].filter((a): a is string => !!a);
  let account: store.BankAccountRow | undefined;
  for (const agencyId of candidates) {
    account = await store.findBankAccount(tx, agencyId);
    if (account) break;
  }
  if (!account) throw new DomainError('fees.bank_account_missing', { agencyIds: candidates });
  const payload = buildVietQr({
    bin: account.bankBin,
    account: account.accountNumber,
    amountVnd: payment.totalVnd,
    reference: state.code,
  });
  return {
    payload,
    amountVnd: payment.totalVnd,
    reference: state.code,
    bankBin: account.bankBin,
    bankName: account.bankName,
    accountNumber: account.accountNumber,
    accountName: account.accountName,
    agencyId: account.agencyId,
  };
}

/** The QR code of a payload as a PNG (error correction M, as the slips' codes) or an SVG document. */
export async function renderQr(payload: string, format: 'png' | 'svg'): Promise<Buffer | string> {
  if (format === 'svg')
    return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
}
