/**
 * Fees: a procedure's fee lines and estimates, agencies' fee accounts (agency_bank_accounts), the VietQR code
 * of a record's open payment (docs/FEES.md). The amount itself is computed by the record's reception
 * (src/core/fees). Errors: fees.bank_account_missing, fees.no_payment_due, agency.not_found, procedure.not_found.
 */
export { feesRoutes } from './fees.routes.ts';
export { getBankAccount, type PaymentQr, paymentQr, renderQr, setBankAccount } from './fees.service.ts';
