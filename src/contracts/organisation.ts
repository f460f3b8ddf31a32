/**
 * Response contract of officials at city scale: the HR import, bulk changes, the search over accounts and
 * delegations. Only zod here: the web app imports these types (type-only).
 */
import { z } from 'zod';

/** POST /api/officials/import */
export const OfficialsImportSummary = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().describe('officials the file lists'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deactivated: z
    .number()
    .int()
    .describe('active officials of the listed agencies the file leaves out (deactivateMissing only)'),
  changes: z
    .array(
      z.object({
        rowNo: z.number().int().nullable(),
        username: z.string(),
        displayName: z.string(),
        action: z.enum(['create', 'update', 'deactivate']),
        fields: z.array(z.string()),
      }),
    )
    .describe('the first 200 changes (the counts are complete)'),
});
export type OfficialsImportSummary = z.infer<typeof OfficialsImportSummary>;

/** POST /api/officials/bulk-roles, /api/officials/bulk-active */
export const BulkChangeResult = z.object({ changed: z.number().int() });

export const OfficialItem = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  agencyName: z.string(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.date(),
});
export type OfficialItem = z.infer<typeof OfficialItem>;

/** GET /api/officials */
export const OfficialPage = z.object({
  items: z.array(OfficialItem),
  next: z.string().nullable().describe('pass as `after` for the next page; null on the last'),
});
export type OfficialPage = z.infer<typeof OfficialPage>;

export const DelegationView = z.object({
  id: z.uuid(),
  from: z.object({ userId: z.uuid(), displayName: z.string() }),
  to: z.object({ userId: z.uuid(), displayName: z.string() }),
  agencyId: z.uuid(),
  startsAt: z.date(),
  endsAt: z.date(),
  reason: z.string().nullable(),
  running: z.boolean().describe('started already (else it is to come)'),
  given: z.boolean().describe('true when I gave it (I am the leader), false when I received it'),
});

/** GET /api/delegations */
export const DelegationList = z.object({ items: z.array(DelegationView) });
export type DelegationList = z.infer<typeof DelegationList>;

/** POST /api/delegations */
export const DelegationCreated = z.object({ id: z.uuid() });
