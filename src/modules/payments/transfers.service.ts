import { uuidv7 } from 'uuidv7';
import { findRecordCode } from '../../core/payments/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Progress } from '../../platform/progress.ts';
import { getRecordState, recordsAwaitingPayment } from '../records/index.ts';
import { applyReportIn, type PaymentServices } from './payments.service.ts';
import type { IncomingTransfer, PaymentPlatformPort } from './port.ts';

export interface TransferImport {
  readonly day: string;
  readonly transfers: number;
  readonly alreadyImported: number;
  readonly matched: number;
  readonly unmatched: {
    bankRef: string;
    amountVnd: number;
    reference: string;
    outcome: 'no_record' | 'wrong_amount';
  }[];
}

/**
 * Imports a day's incoming transfers from the bank's statement and matches each to the record it pays: the
 * record awaiting payment whose code the reference carries (however the bank rewrote it), for exactly the
 * amount due. A match settles the record's pending transfer payment (or a new one) as paid, with its
 * e-receipt, and confirms the record's payment (bank transfer) as the system actor `payment`, in the same
 * transaction as the transfer's row: a transfer imported twice (the same statement again) is taken once.
 * The rest stay listed for an official with why. @throws IntegrationError (the bank not answering)
 */
export async function importTransfers(
  s: PaymentServices,
  port: PaymentPlatformPort,
  day: string,
  progress?: Progress,
): Promise<TransferImport> {
  const lines = await port.transfers(day);
  progress?.start(lines.length, `transfers ${day}`);
  let alreadyImported = 0;
  let matched = 0;
  const unmatched: TransferImport['unmatched'] = [];
  for (const t of lines) {
    const out = await importOne(s, t);
    if (out === 'already') alreadyImported++;
    else if (out === 'matched') matched++;
    else unmatched.push({ bankRef: t.bankRef, amountVnd: t.amountVnd, reference: t.reference, outcome: out });
    progress?.increment();
  }
  progress?.stop();
  return { day, transfers: lines.length, alreadyImported, matched, unmatched };
}

async function importOne(
  s: PaymentServices,
  t: IncomingTransfer,
): Promise<'already' | 'matched' | 'no_record' | 'wrong_amount'> {
  const now = s.clock.now();
  return await inTransaction(s.db, async (tx) => {
    const known = await tx
      .selectFrom('bankTransfers')
      .select('id')
      .where('bankRef', '=', t.bankRef)
      .executeTakeFirst();
    if (known) return 'already';
    // Read again for each transfer: one earlier in the statement may have paid a record.
    const awaiting = await recordsAwaitingPayment(tx);
    const code = findRecordCode(
      t.reference,
      awaiting.map((r) => r.code),
    );
    const record = awaiting.find((r) => r.code === code);
    let outcome: 'matched' | 'no_record' | 'wrong_amount' = 'no_record';
    let paymentId: string | null = null;
    if (record) {
      const state = await getRecordState(tx, record.id);
      if (state.payment?.totalVnd !== t.amountVnd) outcome = 'wrong_amount';
      else {
        const pending = await tx
          .selectFrom('payments')
          .select('id')
          .where('recordId', '=', record.id)
          .where('channel', '=', 'transfer')
          .where('state', '=', 'pending')
          .executeTakeFirst();
        paymentId =
          pending?.id ??
          (
            await tx
              .insertInto('payments')
              .values({
                id: uuidv7(),
                recordId: record.id,
                recordCode: record.code!,
                procedureCode: state.procedureCode,
                agencyId: state.competentAgencyId ?? state.receivingAgencyId!,
                channel: 'transfer',
                amountVnd: t.amountVnd,
                currency: 'VND',
                state: 'pending',
                transferReference: t.reference.slice(0, 500),
                createdBy: 'system:payment',
                createdAt: now,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        await applyReportIn(tx, s, paymentId, {
          status: 'success',
          providerRef: t.bankRef,
          source: 'transfer',
        });
        outcome = 'matched';
      }
    }
    await tx
      .insertInto('bankTransfers')
      .values({
        id: uuidv7(),
        bankRef: t.bankRef,
        bookedAt: t.bookedAt,
        amountVnd: t.amountVnd,
        reference: t.reference.slice(0, 500),
        paymentId,
        outcome,
        detail: outcome === 'wrong_amount' ? `record ${record?.code}: amount due differs` : null,
        importedAt: now,
      })
      .execute();
    return outcome;
  });
}
