/**
 * Payments (issue 18): the citizen's online payment through the national payment platform (create, redirect,
 * signed callback, query), bank transfers matched from the bank's statement, counter payments (cash, card)
 * and refunds, one e-receipt per paid payment, the daily reconciliation against the platform's statement,
 * and the fees-collected figures the reports read. Errors: payment.*.
 */

export { signBody } from '../../platform/http/signed-body.ts';
export { type PaymentSettings, paymentSettings, startDemoPaymentPlatform } from './config.ts';
export { type RunningFakePlatform, startFakePaymentPlatform } from './fake-platform.ts';
export { paygovAdapter } from './paygov.ts';
export { paymentsRoutes } from './payments.routes.ts';
export { PAYMENT_ACTOR, syncPending } from './payments.service.ts';
export {
  type FeesGroupBy,
  type FeesRow,
  feesCollected,
  proceduresPaidOnline,
  registerWorkbook,
} from './payments-report.service.ts';
export type { PaymentPlatformPort } from './port.ts';
export { reconcilePayments, reconciliationText } from './reconcile.service.ts';
export { type SpawnedFakePlatform, spawnFakePaymentPlatform } from './spawn.ts';
export { importTransfers } from './transfers.service.ts';
