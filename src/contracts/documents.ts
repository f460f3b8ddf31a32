import { z } from 'zod';

/** A document of a record (uploaded, scanned at the counter, or reused from the applicant's repository). */
export const Document = z.object({
  id: z.string(),
  component: z.string(),
  origin: z.string(),
  digitised: z.boolean(),
  reused: z.boolean(),
  sha256: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  addedAt: z.string(),
});

/** An item kept in the applicant's repository (once-only reuse). */
export const RepositoryItem = z.object({
  id: z.string(),
  kind: z.string(),
  component: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  sourceRecordId: z.string(),
  savedAt: z.string(),
});

/** A slip a record has: its form, the event that called for it (seq), title and time. */
export const SlipRef = z.object({ form: z.string(), seq: z.number(), title: z.string(), at: z.string() });

/** GET /api/records/:id/slips */
export const SlipList = z.object({ items: z.array(SlipRef) });
