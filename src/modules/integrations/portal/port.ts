import { z } from 'zod';
import type { NationalStatusCode } from '../../../core/records/index.ts';

/**
 * What Motcua needs from the national public service portal (Cổng DVCQG), in Motcua's words. The provider
 * (`dvcqg.ts`) speaks the portal's wire format; the fake (`fake.ts`) behaves like it, faults included.
 * Every method throws `IntegrationError` (`unavailable`: try again; `refused`; `invalid_response`).
 */
export interface PortalPort {
  /**
   * Sets a record's national status on the portal. `idempotencyKey` is stable per status change
   * (`<record id>:<event seq>`): the portal applies a key once, so a retry after a lost answer is harmless.
   */
  pushStatus(update: StatusUpdate): Promise<PushOutcome>;
  /** Records submitted on the portal after `cursor` (null: from the beginning), at most `limit`. */
  fetchSubmissions(cursor: string | null, limit: number): Promise<SubmissionPage>;
  /** Tells the portal what became of pulled records (after Motcua committed them). */
  acknowledge(acks: readonly SubmissionAck[]): Promise<void>;
  /** The portal's current status of each record (absent: the portal does not know the record). */
  statusesOf(recordIds: readonly string[]): Promise<Map<string, PortalStatus>>;
}

/** One national status change of one record. */
export interface StatusUpdate {
  readonly idempotencyKey: string;
  /** Motcua's record id: the record's key on the portal for records pushed from here. */
  readonly recordId: string;
  /** The record code (số hồ sơ), null before reception. */
  readonly recordCode: string | null;
  /** The portal's own id of a record pulled from the portal (null for records opened here). */
  readonly portalRecordId: string | null;
  readonly procedureCode: string;
  readonly status: NationalStatusCode;
  /** The record event seq of the change: the portal keeps the status of the highest seq. */
  readonly seq: number;
  readonly at: Date;
}

/** `applied`: the portal took the change now; `duplicate`: it had already applied this key. */
export interface PushOutcome {
  readonly result: 'applied' | 'duplicate';
}

/** The applicant of a portal submission as the portal states it (checked by Motcua, not trusted). */
export const PortalApplicant = z.object({
  kind: z.enum(['citizen', 'organization']),
  fullName: z.string(),
  personalId: z.string().optional(),
  birthDate: z.string().optional(),
  sex: z.enum(['male', 'female']).optional(),
  taxCode: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
});
/** The applicant of a portal submission. */
export type PortalApplicant = z.infer<typeof PortalApplicant>;

/** A record submitted on the portal, to be received by a Motcua one-stop unit. */
export interface PortalSubmission {
  readonly portalRecordId: string;
  readonly procedureCode: string;
  /** The code of the one-stop unit (agency) the applicant chose. */
  readonly agencyCode: string;
  readonly submittedAt: Date;
  readonly applicant: PortalApplicant;
  /** Routing facts as the portal states them (residence, land parcel commune codes). */
  readonly residenceUnitCode?: string | undefined;
  readonly landParcelUnitCode?: string | undefined;
}

export interface SubmissionPage {
  readonly items: readonly PortalSubmission[];
  /** Where the next pull starts. */
  readonly cursor: string;
  /** True when more submissions wait after this page. */
  readonly more: boolean;
}

/** What Motcua made of a pulled record: the record it opened, or why it could not. */
export type SubmissionAck =
  | { readonly portalRecordId: string; readonly outcome: 'accepted'; readonly recordId: string }
  | { readonly portalRecordId: string; readonly outcome: 'rejected'; readonly reason: string };

/** A record's status as the portal holds it. */
export interface PortalStatus {
  readonly status: NationalStatusCode;
  readonly seq: number;
}
