import { z } from 'zod';

/**
 * What Motcua needs from the civil-status software (Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung
 * of the Ministry of Justice), in Motcua's words: take a received civil-status record, and give back the
 * registration it made of it (the number on the certificate or extract, the register book, the date, who
 * signed).
 */

/** A received record of a civil-status procedure, as handed over. */
export interface CivilStatusHandover {
  readonly recordCode: string;
  readonly procedureCode: string;
  readonly procedureName: string | null;
  readonly receivedAt: string;
  readonly applicant: { readonly fullName: string; readonly personalId: string | null };
  /** The outbox message id: the same handover sent twice is taken once. */
  readonly idempotencyKey: string;
}

/** What the civil-status system answers to a handover. */
export interface HandoverReceipt {
  /** Its own id of the record. */
  readonly remoteId: string;
  /** True when it already had this record (a retry after a lost answer). */
  readonly duplicate: boolean;
}

/** A civil-status registration: the result of a civil-status procedure. */
export const CivilStatusResult = z.object({
  recordCode: z.string().min(1),
  /** Số đăng ký / số của giấy tờ hộ tịch. */
  registrationNumber: z.string().min(1).max(100),
  /** Quyển số (the register book). */
  bookNumber: z.string().min(1).max(100),
  /** Ngày đăng ký. */
  registeredOn: z.iso.date(),
  /** Người ký (the official who signed). */
  signer: z.string().min(1).max(200),
  /** When the civil-status system last changed it. */
  updatedAt: z.iso.datetime({ offset: true }),
});
export type CivilStatusResult = z.infer<typeof CivilStatusResult>;

/** One record as the civil-status system holds it (for the reconciliation). */
export interface CivilStatusRecord {
  readonly recordCode: string;
  readonly result: CivilStatusResult | null;
}

export interface CivilStatusPort {
  /** Hands a received record over. @throws IntegrationError */
  handover(h: CivilStatusHandover): Promise<HandoverReceipt>;
  /** Results changed after `since`, oldest first, at most `limit`. @throws IntegrationError */
  resultsSince(since: Date, limit: number): Promise<CivilStatusResult[]>;
  /** One record as the civil-status system holds it; null when it does not know it. @throws IntegrationError */
  record(recordCode: string): Promise<CivilStatusRecord | null>;
}
