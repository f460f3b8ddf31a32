import { DomainError } from '../../core/errors/index.ts';
import { receiptContent } from '../../core/payments/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { procedureVersionNames } from '../catalog/index.ts';
import { PROVINCE, renderSlip } from '../documents/index.ts';
import { getRecordState } from '../records/index.ts';
import { agencyNames } from '../units/index.ts';
import type { PaymentRow } from './payments.service.ts';

/**
 * The e-receipt of a paid payment as PDF (DejaVu embedded: every Vietnamese letter drawn and extractable),
 * rendered from the payment's row: one payment, one receipt number, and the same bytes every time it is
 * downloaded (its time is the payment's). @throws payment.not_paid
 */
export async function receiptPdf(tx: Tx, p: NonNullable<PaymentRow>): Promise<Uint8Array> {
  if (p.state !== 'paid' || !p.receiptNumber || !p.settledAt) {
    throw new DomainError('payment.not_paid', { id: p.id, state: p.state });
  }
  const state = await getRecordState(tx, p.recordId);
  const issuerId = state.receivingAgencyId ?? p.agencyId;
  const [names, procedures] = await Promise.all([
    agencyNames(tx, [issuerId]),
    procedureVersionNames(tx, [state.procedureVersionId]),
  ]);
  const items = state.payment?.items.length
    ? state.payment.items
    : [{ description: 'Phí, lệ phí', amountVnd: p.amountVnd }];
  const itemsTotal = items.reduce((s, i) => s + i.amountVnd, 0);
  return await renderSlip(
    receiptContent({
      receiptNumber: p.receiptNumber,
      issuerName: names.get(issuerId) ?? '—',
      governingBody: undefined,
      province: PROVINCE,
      place: 'Cần Thơ',
      payerName: state.applicant.fullName,
      recordCode: p.recordCode,
      procedureName: procedures.get(state.procedureVersionId) ?? p.procedureCode,
      // The items of the request this payment paid (one line when they do not add up to it).
      items: itemsTotal === p.amountVnd ? items : [{ description: 'Phí, lệ phí', amountVnd: p.amountVnd }],
      amountVnd: p.amountVnd,
      channel: p.channel,
      reference: p.counterReceipt ?? p.providerRef,
      paidAt: p.settledAt,
      refunded: p.refundedAt ? { at: p.refundedAt, reason: p.refundReason ?? '' } : null,
    }),
  );
}
