import { z } from 'zod';
import type { ProviderStatus, StatementLine } from '../../core/payments/index.ts';

/**
 * What Motcua needs from the national payment platform (Nền tảng thanh toán trực tuyến of the national public
 * service portal) and from the agency's bank (issue 18): create a payment and get the page the citizen pays
 * on; be told the outcome by a signed callback; ask a payment's status; the day's statement of successful
 * payments for the reconciliation; the day's incoming transfers to the agency's account.
 */

export interface CreatePayment {
  /** Motcua's payment id: the platform's reference (maThamChieu); the same id twice makes one payment. */
  readonly paymentId: string;
  readonly amountVnd: number;
  readonly recordCode: string;
  readonly description: string;
  /** Where the platform sends the citizen back. */
  readonly returnUrl: string;
  readonly expiresAt: Date;
}

export interface CreatedPayment {
  readonly providerRef: string;
  readonly redirectUrl: string;
}

export interface PaymentStatus {
  readonly providerRef: string;
  readonly status: ProviderStatus;
  readonly amountVnd: number;
  readonly currency: string;
}

/** One incoming transfer on the agency's account. */
export interface IncomingTransfer {
  readonly bankRef: string;
  readonly amountVnd: number;
  readonly reference: string;
  readonly bookedAt: Date;
}

export interface PaymentPlatformPort {
  /** @throws IntegrationError */
  createPayment(p: CreatePayment): Promise<CreatedPayment>;
  /** The platform's view of a payment, or undefined when it does not know it. @throws IntegrationError */
  queryPayment(paymentId: string): Promise<PaymentStatus | undefined>;
  /** The successful payments of a Vietnam day (YYYY-MM-DD). @throws IntegrationError */
  statement(day: string): Promise<StatementLine[]>;
  /** The incoming bank transfers of a Vietnam day. @throws IntegrationError */
  transfers(day: string): Promise<IncomingTransfer[]>;
}

/** The header carrying the callback's signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'x-payment-signature';

/** The platform's statuses on the wire (inferred; docs/PAYMENTS.md). */
export const WireStatus = z.enum(['DANG_XU_LY', 'THANH_CONG', 'THAT_BAI', 'HET_HAN']);
export const STATUS_OF: Record<z.infer<typeof WireStatus>, ProviderStatus> = {
  DANG_XU_LY: 'processing',
  THANH_CONG: 'success',
  THAT_BAI: 'failure',
  HET_HAN: 'expired',
};

/** A callback of the platform about one payment (the body of POST /api/payments/callbacks). */
export const PaymentCallback = z.object({
  maSuKien: z.string().trim().min(1).max(100).describe('the platform’s id of this event'),
  maGiaoDich: z.string().trim().min(1).max(100).describe('the platform’s transaction id'),
  maThamChieu: z.string().trim().min(1).max(100).describe('Motcua’s payment id, as sent at creation'),
  trangThai: WireStatus,
  soTien: z.number().int().describe('the amount paid, in whole VND'),
  donViTienTe: z.string().trim().min(1).max(10).describe('the currency (VND)'),
  thoiGian: z.iso.datetime({ offset: true }).describe('when it happened at the platform'),
  lyDo: z.string().max(500).optional().describe('why it failed'),
});
export type PaymentCallback = z.infer<typeof PaymentCallback>;
