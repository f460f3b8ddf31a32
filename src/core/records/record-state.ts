import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';
import { ChannelKind, ProcessRole, StepKey, StepKind, TimeLimit } from '../catalog/index.ts';
import { FeeAssessment } from '../fees/fee-line.ts';
import { ApplicantData, RoutingFacts } from './applicant-data.ts';

/**
 * Internal states of a record (the design of DOMAIN.md §2.9, not law). `draft`: an online record not yet
 * submitted; `returned_for_completion`: not received, the applicant was asked to complete it (Decree
 * 61/2018 art. 17); `refused`: not received (Phiếu từ chối tiếp nhận); `approved`: the decision is made,
 * the result not yet issued; `result_ready`: the result is issued; `rejected`: the decision is a refusal
 * (Phiếu từ chối giải quyết, art. 19 cl. 8); `delivered`: the result (or the refusal) was returned.
 */
export const RecordStatus = z.enum([
  'draft',
  'submitted',
  'returned_for_completion',
  'refused',
  'received',
  'in_process',
  'supplement_requested',
  'awaiting_payment',
  'approved',
  'result_ready',
  'rejected',
  'delivered',
  'withdrawn',
  'stopped',
]);
/** An internal state of a record. */
export type RecordStatus = z.infer<typeof RecordStatus>;

/** A national sync status code `TrangThaiHoSo` 1–10 (DOMAIN.md §2.9 [S]). */
export type NationalStatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Vietnamese names of the national status codes (DOMAIN.md §2.9). */
export const NATIONAL_STATUS_NAMES: Readonly<Record<NationalStatusCode, string>> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/**
 * The national status of each internal state; a draft is not on the portal. Choices beyond the table of
 * DOMAIN.md §2.9: a record asked to complete before reception shows 5 (the portal's supplement notice,
 * Decree 61/2018 art. 17 cl. 2) [U]; `approved` stays 4 until the result is issued; a refusal after
 * appraisal is a result, so 9 [U].
 */
export const NATIONAL_STATUS_CODES: Readonly<Record<RecordStatus, NationalStatusCode | null>> = {
  draft: null,
  submitted: 1,
  returned_for_completion: 5,
  refused: 3,
  received: 2,
  in_process: 4,
  supplement_requested: 5,
  awaiting_payment: 6,
  approved: 4,
  result_ready: 9,
  rejected: 9,
  delivered: 10,
  withdrawn: 7,
  stopped: 8,
};

/** The national status code of an internal state, null for a draft. */
export function nationalStatus(status: RecordStatus): NationalStatusCode | null {
  return NATIONAL_STATUS_CODES[status];
}

/** States after which nothing more happens to a record. */
export const FINAL_STATUSES: ReadonlySet<RecordStatus> = new Set([
  'refused',
  'delivered',
  'withdrawn',
  'stopped',
]);

/** An instant, ISO 8601 with `Z` or an offset, as stored in events and JSON. */
export const Instant = z.iso.datetime({ offset: true });
/** An instant, ISO 8601. */
export type Instant = z.infer<typeof Instant>;

/** A due date and the instant it ends (24:00 of the due date, or the end of an hour-based limit). */
export const Deadline = z.object({ dueDate: IsoDate, dueAt: Instant });
/** A due date and the instant it ends. */
export type Deadline = z.infer<typeof Deadline>;

/**
 * How the clock restarts after a supplement: `restart` from zero once the complete dossier is received
 * (Decree 61/2018 art. 19 cl. 4), or `pause` and subtract the paused time (Decision 766/QĐ-TTg index 2.1
 * as F766 counts it). DOMAIN.md §2.4.
 */
export const ClockRule = z.enum(['restart', 'pause']);
/** How the clock restarts after a supplement. */
export type ClockRule = z.infer<typeof ClockRule>;

/** "Trước hạn / đúng hạn / quá hạn" on the control slip (Phiếu kiểm soát, DOMAIN.md §2.3). */
export const Timing = z.enum(['early', 'on_time', 'late']);
/** Early, on time or late. */
export type Timing = z.infer<typeof Timing>;

/** Where the applicant collects the result: a counter of their choice, online, or by post (DOMAIN.md §2.7). */
export const ReturnPoint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('counter'), agencyId: z.string().min(1) }),
  z.object({ kind: z.literal('online') }),
  z.object({ kind: z.literal('post'), address: z.string().trim().min(1).max(500) }),
]);
/** Where the applicant collects the result. */
export type ReturnPoint = z.infer<typeof ReturnPoint>;

/** One document checked at reception against the procedure's list (thành phần hồ sơ). */
export const ChecklistItem = z.object({
  /** The document's name as published in the procedure version. */
  document: z.string().trim().min(1),
  provided: z.boolean(),
  originals: z.number().int().nonnegative().optional(),
  copies: z.number().int().nonnegative().optional(),
});
/** One document checked at reception. */
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/**
 * One step of the record's process: who acts, for which agency, and until when. `kind`, `after` and the
 * names are copied from the procedure's process at reception; records received before the open process
 * model lack them (kinds by position, each step after the one before it: `normalizeProcess`).
 */
export const RecordStep = z.object({
  key: StepKey,
  role: ProcessRole,
  kind: StepKind.optional(),
  /** Indices of the steps this one waits for (a join waits for all); absent: the step before it. */
  after: z.array(z.number().int().nonnegative()).optional(),
  name_vi: z.string().optional(),
  name_en: z.string().optional(),
  agencyId: z.string(),
  budgetWorkingHours: z.number().nonnegative(),
  assigneeId: z.string().nullable(),
  startedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  /** When the step's last visit finished (a step sent back to runs again); absent or null: not finished. */
  finishedAt: Instant.nullable().optional(),
});
/** One step of the record's process. */
export type RecordStep = z.infer<typeof RecordStep>;

/**
 * A finished visit of a step: one line of the control slip (Phiếu kiểm soát: the agency, the person, the
 * times, early / on time / late, and how it ended). `agencyId`, `finishedBy` and `outcome` are absent on
 * visits recorded before the open process model.
 */
export const StepVisit = z.object({
  stepIndex: z.number().int().nonnegative(),
  key: StepKey,
  agencyId: z.string().optional(),
  assigneeId: z.string().nullable(),
  /** The user who finished the visit (handed it over, sent it back, decided). */
  finishedBy: z.string().nullable().optional(),
  startedAt: Instant,
  dueAt: Instant,
  finishedAt: Instant,
  timing: Timing,
  outcome: z.enum(['forwarded', 'sent_back', 'decided', 'returned', 'closed']).optional(),
});
/** A finished visit of a step. */
export type StepVisit = z.infer<typeof StepVisit>;

/**
 * Why a hand-over to another step's agency did not happen ("chuyển xử lý không thành công"): nobody there
 * can take it (`no_official`), the agency is not on the system (`agency_not_on_system`), or the
 * integration that carries it is down (`integration_down`).
 */
export const TransferFailureReason = z.enum(['no_official', 'agency_not_on_system', 'integration_down']);
export type TransferFailureReason = z.infer<typeof TransferFailureReason>;

/** A hand-over that failed and has not yet succeeded; the record stays at `fromStep` meanwhile. */
export const TransferFailure = z.object({
  at: Instant,
  fromStep: z.number().int().nonnegative(),
  toSteps: z.array(z.number().int().nonnegative()).min(1),
  agencyId: z.string(),
  reason: TransferFailureReason,
  detail: z.string().nullable(),
  /** How many times it was tried. */
  attempts: z.number().int().positive(),
});
export type TransferFailure = z.infer<typeof TransferFailure>;

/** The legal deadline under both clock rules and the rule that governs this record. */
export const LegalDeadline = z.object({
  governing: ClockRule,
  restart: Deadline,
  pause: Deadline,
  /** Working days the clock stood still, added under the pause rule. */
  pausedWorkingDays: z.number().int().nonnegative(),
});
/** The legal deadline under both clock rules. */
export type LegalDeadline = z.infer<typeof LegalDeadline>;

/** One amount due (phí, lệ phí, tax) while the record awaits payment. */
export const PaymentItem = z.object({
  description: z.string().trim().min(1).max(500),
  amountVnd: z.number().int().nonnegative(),
});
/** One amount due. */
export type PaymentItem = z.infer<typeof PaymentItem>;

/** A result document (decision, certificate, refusal slip) with its number if it has one. */
export const ResultDocument = z.object({
  name: z.string().trim().min(1).max(500),
  number: z.string().trim().min(1).max(100).optional(),
});
/** A result document. */
export type ResultDocument = z.infer<typeof ResultDocument>;

/** How a result was handed over. */
export const ReturnMethod = z.enum(['counter', 'online', 'post']);
/** How a result was handed over. */
export type ReturnMethod = z.infer<typeof ReturnMethod>;

/** States a payment request can interrupt and resume. */
export const PaymentResumeStatus = z.enum(['in_process', 'approved']);
/**
 * How a payment was made: online through the portal's payment platform (only the platform's signed callback,
 * the system actor `payment`, may say so), by bank transfer, in cash or by card at the counter.
 */
export const PaidVia = z.enum(['online_portal', 'bank_transfer', 'cash', 'card']);
export type PaidVia = z.infer<typeof PaidVia>;
/** States a payment request can interrupt and resume. */
export type PaymentResumeStatus = z.infer<typeof PaymentResumeStatus>;

/**
 * A record as its events make it ({@link project}); the `records` row is this state, written in the same
 * transaction as the events. `version` counts the events, for optimistic concurrency.
 */
export const RecordState = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  status: RecordStatus,
  code: z.string().nullable(),
  channel: ChannelKind,
  procedureVersionId: z.string(),
  procedureCode: z.string(),
  applicant: ApplicantData,
  applicantAccountId: z.string().nullable(),
  routing: RoutingFacts,
  receivingAgencyId: z.string().nullable(),
  competentAgencyId: z.string().nullable(),
  returnPoint: ReturnPoint.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Instant.nullable(),
  /** While submitted online: by when reception must receive it or send it back (DOMAIN.md §2.2). */
  acknowledgeDueAt: Instant.nullable(),
  receivedAt: Instant.nullable(),
  checklist: z.array(ChecklistItem),
  /** Number of sets handed in at reception (số lượng hồ sơ); absent means one. */
  sets: z.number().int().min(1).max(99).optional(),
  timeLimit: TimeLimit.nullable(),
  /** The day the legal clock counts from (the reception day, or the next working day after the cut-off). */
  clockStartDate: IsoDate.nullable(),
  /**
   * The cut-off kept at reception (minutes since midnight), or null when the record's limit counts from the
   * reception day whatever the hour; absent on records received before it was kept, for which the cut-off
   * applied to every limit at the calendar's time.
   */
  cutoffMinutes: z.number().int().min(0).max(1440).nullable().optional(),
  legalDeadline: LegalDeadline.nullable(),
  /** The date promised to the applicant: the governing legal deadline, or the extension's new date. */
  appointment: Deadline.nullable(),
  steps: z.array(RecordStep),
  /** The first active step (the only one outside parallel branches), null when at none. */
  currentStep: z.number().int().nonnegative().nullable(),
  /**
   * Every active step, in index order (several while parallel branches run); absent on records projected
   * before the open process model: `[currentStep]`.
   */
  activeSteps: z.array(z.number().int().nonnegative()).optional(),
  /** A hand-over that failed and has not yet succeeded (the earliest pending one), or null. */
  transferFailure: TransferFailure.nullable().optional(),
  /**
   * Every pending failed hand-over, one per sending step, earliest first (parallel branches can each fail);
   * absent on records projected before: `[transferFailure]`.
   */
  transferFailures: z.array(TransferFailure).optional(),
  /** The fees computed at reception (docs/FEES.md); absent or null when none were computed. */
  fees: FeeAssessment.nullable().optional(),
  stepHistory: z.array(StepVisit),
  completionRequest: z
    .object({ at: Instant, reasons: z.array(z.string()), missingDocuments: z.array(z.string()) })
    .nullable(),
  supplement: z
    .object({
      requestedAt: Instant,
      reasons: z.array(z.string()),
      missingDocuments: z.array(z.string()),
      suppliedAt: Instant.nullable(),
      documents: z.array(z.string()),
    })
    .nullable(),
  payment: z
    .object({
      requestedAt: Instant,
      items: z.array(PaymentItem),
      totalVnd: z.number().int().nonnegative(),
      resumeStatus: PaymentResumeStatus,
      confirmedAt: Instant.nullable(),
      reference: z.string().nullable(),
      /** How it was paid (confirmations before issue 13 did not say: null). */
      paidVia: PaidVia.nullable().default(null),
    })
    .nullable(),
  extension: z
    .object({ at: Instant, reason: z.string(), previous: Deadline, appointment: Deadline })
    .nullable(),
  outcome: z.enum(['approved', 'rejected']).nullable(),
  decidedAt: Instant.nullable(),
  resultDocuments: z.array(ResultDocument),
  /** When processing ended (result issued or refusal decided), and how that compares with the legal deadline. */
  resultAt: Instant.nullable(),
  resultTiming: Timing.nullable(),
  delivery: z
    .object({
      at: Instant,
      method: ReturnMethod,
      recipientName: z.string().nullable(),
      trackingNumber: z.string().nullable(),
    })
    .nullable(),
  /** Why the record ended without a favourable result (refused, rejected, withdrawn, stopped). */
  closure: z
    .object({
      kind: z.enum(['refused', 'rejected', 'withdrawn', 'stopped']),
      at: Instant,
      reasons: z.array(z.string()),
    })
    .nullable(),
});
/** A record as its events make it. */
export type RecordState = z.infer<typeof RecordState>;
