import { z } from 'zod';

/**
 * A payment attempt's life (issue 18): `pending` until the platform, the bank statement or the counter settles
 * it, then `paid`, `failed` or `expired`, once. Pure rules: what a report about a payment (a callback, the
 * answer to a status query, the expiry) does to it, so that duplicate, late and reordered reports settle it
 * exactly once.
 */
export const PaymentState = z.enum(['pending', 'paid', 'failed', 'expired']);
export type PaymentState = z.infer<typeof PaymentState>;

/** How a payment is made: online through the national payment platform, by bank transfer, or at the counter. */
export const PaymentChannel = z.enum(['online', 'transfer', 'cash', 'card']);
export type PaymentChannel = z.infer<typeof PaymentChannel>;

/** What the platform says about a payment: still being processed, succeeded, failed (or expired there). */
export type ProviderStatus = 'processing' | 'success' | 'failure' | 'expired';

/** The decision on one report about a payment. */
export type Settlement =
  | { readonly kind: 'settle'; readonly to: 'paid' | 'failed' | 'expired' }
  /** The same final outcome again (a duplicate or late callback, a query after the callback). */
  | { readonly kind: 'duplicate' }
  /** An interim status arriving after the final one (reordered), or nothing to do yet. */
  | { readonly kind: 'superseded' }
  /** A final status that contradicts the settled one: kept as it is, reported by reconciliation. */
  | { readonly kind: 'conflict'; readonly settled: PaymentState; readonly reported: ProviderStatus };

const FINAL: Record<Exclude<ProviderStatus, 'processing'>, 'paid' | 'failed' | 'expired'> = {
  success: 'paid',
  failure: 'failed',
  expired: 'expired',
};

/** What a provider's report does to a payment in `current`. */
export function settle(current: PaymentState, reported: ProviderStatus): Settlement {
  if (reported === 'processing') return { kind: 'superseded' };
  const to = FINAL[reported];
  if (current === 'pending') return { kind: 'settle', to };
  if (current === to) return { kind: 'duplicate' };
  return { kind: 'conflict', settled: current, reported };
}

/**
 * Whether a pending payment may be expired at `now`: its time is up and the platform, asked after that,
 * does not know it as paid (`reported`: its answer; undefined when it does not know the payment at all).
 */
export function mayExpire(expiresAt: Date | null, now: Date, reported: ProviderStatus | undefined): boolean {
  if (expiresAt === null || now.getTime() < expiresAt.getTime()) return false;
  return reported === undefined || reported === 'processing' || reported === 'expired';
}

/** The e-receipt's number: `BL<year>-<sequence, 6 digits>` (sequence from the database, never reused). */
export function receiptNumber(year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Bad sequence ${sequence}`);
  return `BL${year}-${String(sequence).padStart(6, '0')}`;
}

/** Whole VND, at least 1 (the platform and the banks take no fractions of a đồng). */
export const AmountVnd = z.number().int().min(1).max(1_000_000_000_000);
