/**
 * Audit: append-only, hash-chained rows (HMAC under a key kept outside the database) written in the transaction of each change; `motcua audit verify`
 * reports edited, deleted or inserted rows.
 */
export { auditRoutes } from './audit.routes.ts';
export {
  AUDIT_SHARDS,
  type AuditEntry,
  type AuditVerification,
  appendAudit,
  appendAuditCtes,
  auditVerifyCommand,
  GENESIS_HASH,
  legacyRowHash,
  rowHash,
  sealLegacyAudit,
  shardOf,
  verifyAudit,
} from './audit.service.ts';
/** Keys derived from the audit key (identity's sealed TOTP secrets), so no second secret needs keeping. */
export { AUDIT_KEY_MIN_LENGTH, auditHmac, auditKeyPads, resolveAuditKey, setAuditKey } from './audit-key.ts';
