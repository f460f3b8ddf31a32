import { z } from 'zod';
import { PaymentChannel, PaymentState } from '../core/payments/index.ts';

/** Payments (issue 18; docs/PAYMENTS.md): what the payment routes answer. */

/** A payment as the API shows it. */
export const PaymentView = z.object({
  id: z.uuid(),
  recordId: z.uuid(),
  recordCode: z.string(),
  channel: PaymentChannel,
  amountVnd: z.number().int().describe('whole VND'),
  currency: z.literal('VND'),
  state: PaymentState,
  redirectUrl: z
    .string()
    .nullable()
    .describe('online: the platform’s page the citizen pays on (while pending)'),
  transferReference: z
    .string()
    .nullable()
    .describe('transfer: the reference to put on the bank transfer (the VietQR code carries it)'),
  expiresAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  receiptNumber: z.string().nullable().describe('the e-receipt’s number, once paid'),
  counterReceipt: z
    .string()
    .nullable()
    .describe('cash or card: the number of the receipt given at the counter'),
  note: z
    .string()
    .nullable()
    .describe('for an official: e.g. paid after the record no longer awaited payment'),
  refundedAt: z.string().nullable(),
  refundReason: z.string().nullable(),
  createdAt: z.string(),
});

/** A record's payments (officials). */
export const RecordPayments = z.object({ items: z.array(PaymentView) });

/** The applicant's payments of their record, and the amount due while it awaits payment. */
export const MyPayments = z.object({
  awaitingPayment: z.boolean(),
  amountDueVnd: z.number().int().nullable(),
  items: z.array(PaymentView),
});
