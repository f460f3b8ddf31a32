/**
 * Audit: append-only, hash-chained rows written in the transaction of each change; `motcua audit verify`
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
  rowHash,
  shardOf,
  verifyAudit,
} from './audit.service.ts';
