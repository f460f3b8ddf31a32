/** Response contract of the audit module. Only zod: the web app imports the types. */
import { z } from 'zod';

export const AuditEntryView = z.object({
  at: z.date(),
  actorId: z.string().nullable().describe('the official (uuid), or null for the system'),
  actorRole: z.string().nullable(),
  onBehalfOf: z.string().nullable().describe('the applicant an official acted for, when any'),
  requestId: z.string().nullable(),
  action: z.string().describe('e.g. record.received, agency.contact_phone_set, user.password_reset'),
  entityType: z.string(),
  entityId: z.string(),
  changeDigest: z.string().describe('digest of what changed (the change itself is not stored here)'),
  hash: z.string().describe('this row’s link in its shard’s hash chain'),
});

/** GET /api/audit */
export const AuditTrail = z.object({ items: z.array(AuditEntryView) });
