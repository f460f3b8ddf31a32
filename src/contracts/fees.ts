/**
 * Response contract of the fees module (docs/FEES.md): a procedure's fee lines and an estimate, an agency's
 * fee account, a record's VietQR transfer. Only zod and the pure core schemas.
 */
import { z } from 'zod';
import { FeeAssessment, FeeLineEdit } from '../core/fees/fee-line.ts';

/** GET /api/procedures/:code/fees */
export const FeeLinesView = z.object({
  code: z.string(),
  versionId: z.string(),
  source: z.enum(['administrator', 'catalogue', 'none']),
  status: z
    .enum(['administrator', 'structured', 'free', 'none', 'foreign_currency', 'uncertain_amount', 'cases'])
    .describe('how the lines came out of the published text (docs/FEES.md), or `administrator`'),
  lines: z.array(FeeLineEdit),
  categories: z.array(z.string()).describe('the exemption/reduction categories a reception may claim'),
  estimate: FeeAssessment.nullable().describe('the amount for the query’s facts; null without `channel`'),
});

/** GET/PUT /api/agencies/:id/bank-account */
export const BankAccountView = z.object({
  agencyId: z.string(),
  bankBin: z.string(),
  bankName: z.string(),
  accountNumber: z.string(),
  accountName: z.string(),
  updatedAt: z.string(),
});

/** GET /api/records/:id/payment-qr, GET /api/public/records/:code/payment-qr */
export const PaymentQrView = z.object({
  payload: z.string().describe('the VietQR (NAPAS/EMVCo) payload, CRC included'),
  amountVnd: z.number().int().positive(),
  reference: z.string().describe('the record code, tag 62-08: the transfer’s description'),
  bankBin: z.string(),
  bankName: z.string(),
  accountNumber: z.string(),
  accountName: z.string(),
  agencyId: z.string().describe('the agency whose account it is (competent, else receiving)'),
});
