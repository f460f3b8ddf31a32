/**
 * Payments (issue 18), pure rules: a payment attempt's states and how reports settle it once, the daily
 * reconciliation against the platform's statement, and finding the record a bank transfer pays. The VietQR
 * payload encoder (vietqr.ts) is written apart; `transferReference` is what it carries as the reference.
 */

export { amountInWords } from './amount-words.ts';
export {
  AmountVnd,
  mayExpire,
  PaymentChannel,
  PaymentState,
  type ProviderStatus,
  receiptNumber,
  type Settlement,
  settle,
} from './payment-state.ts';
export { CHANNEL_WORDS, type ReceiptFacts, receiptContent, vnd } from './receipt-content.ts';
export {
  type Difference,
  type DifferenceKind,
  type LocalPayment,
  type ReconcileOutcome,
  reconcileStatement,
  type StatementLine,
} from './reconcile.ts';
export { compact, findRecordCode, transferReference } from './transfer-match.ts';
