import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';
import { ChannelKind, ProcessRole, StepKey, StepKind, TimeLimit } from '../catalog/index.ts';
import { FeeAssessment } from '../fees/fee-line.ts';
import { ActorRef } from './actor.ts';
import { ApplicantData, RoutingFacts } from './applicant-data.ts';
import {
  ChecklistItem,
  ClockRule,
  Deadline,
  Instant,
  PaidVia,
  PaymentItem,
  PaymentResumeStatus,
  type RecordStatus,
  ResultDocument,
  ReturnMethod,
  ReturnPoint,
  TransferFailureReason,
} from './record-state.ts';

const base = { at: Instant, by: ActorRef };
const reasons = z.array(z.string().min(1)).min(1);
const stepIndex = z.number().int().nonnegative();
/** A move from one step to another with the new step's due time. */
const handover = { fromStep: stepIndex, toStep: stepIndex, stepDueAt: Instant };

/** The record is opened: its procedure version, channel, applicant and routing facts. Always first. */
export const RecordCreated = z.object({
  type: z.literal('created'),
  ...base,
  recordId: z.string().min(1),
  procedureVersionId: z.string().min(1),
  procedureCode: z.string().min(1),
  channel: ChannelKind,
  applicant: ApplicantData,
  applicantAccountId: z.string().nullable(),
  routing: RoutingFacts,
  receivingAgencyId: z.string().nullable(),
  returnPoint: ReturnPoint.nullable(),
});

/**
 * The applicant submitted the online record (national status 1); `acknowledgeDueAt`: by when reception must
 * answer it (8 office hours, DOMAIN.md §2.2), absent in histories written before it existed.
 */
export const RecordSubmitted = z.object({
  type: z.literal('submitted'),
  ...base,
  acknowledgeDueAt: Instant.optional(),
});

/** Not received: the applicant must complete it first (Phiếu yêu cầu bổ sung, hoàn thiện; ND61 art. 17). */
export const CompletionRequested = z.object({
  type: z.literal('completion_requested'),
  ...base,
  reasons,
  missingDocuments: z.array(z.string().min(1)),
});

/** Not received: refused with reasons (Phiếu từ chối tiếp nhận giải quyết hồ sơ; ND61 art. 17). */
export const RecordRefused = z.object({ type: z.literal('refused'), ...base, reasons });

/**
 * Received: the code, the routing (receiving and competent agency, place of return), the checklist, the
 * legal time limit and clock rule in force, the appointment, and the process with the first step's due time.
 */
export const RecordReceived = z.object({
  type: z.literal('received'),
  ...base,
  code: z.string().min(1),
  receivingAgencyId: z.string().min(1),
  competentAgencyId: z.string().min(1),
  returnPoint: ReturnPoint,
  checklist: z.array(ChecklistItem),
  /** Number of sets handed in, when more than one was declared. */
  sets: z.number().int().min(1).max(99).optional(),
  timeLimit: TimeLimit,
  clockRule: ClockRule,
  clockStartDate: IsoDate,
  /**
   * The cut-off in force for this record, minutes since midnight, or null when its limit counts from the
   * reception day whatever the hour (DOMAIN.md §7.1); absent in histories written before it was kept.
   */
  cutoffMinutes: z.number().int().min(0).max(1440).nullable().optional(),
  appointment: Deadline,
  /** The fees computed at reception (docs/FEES.md); absent when the procedure has no fee lines. */
  fees: FeeAssessment.optional(),
  steps: z
    .array(
      z.object({
        key: StepKey,
        role: ProcessRole,
        kind: StepKind.optional(),
        after: z.array(stepIndex).optional(),
        name_vi: z.string().optional(),
        name_en: z.string().optional(),
        agencyId: z.string().min(1),
        budgetWorkingHours: z.number().nonnegative(),
      }),
    )
    .min(3),
  assigneeId: z.string().min(1),
  stepDueAt: Instant,
});

/**
 * Handed to the next step (Phiếu kiểm soát: giver, receiver, time). In a process with parallel branches:
 * `alsoStarted` are the further steps a split starts besides `toStep`; `joinWaiting` means `fromStep` ended
 * its branch and `toStep` (a join) waits for other branches, so nothing starts now (`stepDueAt` is then the
 * event's own time and means nothing). Absent in histories written before the open process model.
 */
export const RecordForwarded = z.object({
  type: z.literal('forwarded'),
  ...base,
  ...handover,
  assigneeId: z.string().nullable(),
  note: z.string().nullable(),
  alsoStarted: z
    .array(z.object({ toStep: stepIndex, stepDueAt: Instant, assigneeId: z.string().nullable() }))
    .optional(),
  joinWaiting: z.boolean().optional(),
});

/**
 * A hand-over to another agency's step could not happen ("chuyển xử lý không thành công"): the record
 * stays at `fromStep` with the reason and the time until a later forward succeeds.
 */
export const TransferFailed = z.object({
  type: z.literal('transfer_failed'),
  ...base,
  fromStep: stepIndex,
  toSteps: z.array(stepIndex).min(1),
  agencyId: z.string().min(1),
  reason: TransferFailureReason,
  detail: z.string().nullable(),
});

/** Sent back to an earlier processing step, with the reason. */
export const RecordSentBack = z.object({
  type: z.literal('sent_back'),
  ...base,
  ...handover,
  assigneeId: z.string().nullable(),
  reason: z.string().min(1),
});

/** The current step was assigned to someone (it had nobody). */
export const StepAssigned = z.object({
  type: z.literal('assigned'),
  ...base,
  stepIndex,
  assigneeId: z.string().min(1),
});

/** A leader moved the current step to someone else. */
export const StepReassigned = z.object({
  type: z.literal('reassigned'),
  ...base,
  stepIndex,
  previousAssigneeId: z.string().nullable(),
  assigneeId: z.string().min(1),
  reason: z.string().nullable(),
});

/** A supplement was requested during processing; the clock stops (ND61 art. 19 cl. 4). */
export const SupplementRequested = z.object({
  type: z.literal('supplement_requested'),
  ...base,
  reasons,
  missingDocuments: z.array(z.string().min(1)),
});

/** The complete supplement arrived: the legal deadline under both clock rules and the step's new due time. */
export const RecordSupplemented = z.object({
  type: z.literal('supplemented'),
  ...base,
  documents: z.array(z.string().min(1)),
  restart: Deadline,
  pause: Deadline,
  pausedWorkingDays: z.number().int().nonnegative(),
  stepDueAt: Instant,
  /** The new due time of every active step when several run in parallel (absent: only the current one). */
  activeStepDueAt: z.array(z.object({ step: stepIndex, dueAt: Instant })).optional(),
});

/** Fees, charges or taxes are due before the record can go on (national status 6). */
export const PaymentRequested = z.object({
  type: z.literal('payment_requested'),
  ...base,
  items: z.array(PaymentItem).min(1),
  totalVnd: z.number().int().nonnegative(),
  resumeStatus: PaymentResumeStatus,
});

/** Payment confirmed; the record resumes the state the request interrupted. */
export const PaymentConfirmed = z.object({
  type: z.literal('payment_confirmed'),
  ...base,
  reference: z.string().nullable(),
  /** Absent from events before issue 13: null. */
  paidVia: PaidVia.nullable().default(null),
  resumeStatus: PaymentResumeStatus,
});

/** The leader approved; the result is to be issued. */
export const RecordApproved = z.object({ type: z.literal('approved'), ...base, note: z.string().nullable() });

/** The leader refused after appraisal (Phiếu từ chối giải quyết hồ sơ, ND61 art. 19 cl. 8); it goes to return. */
export const RecordRejected = z.object({ type: z.literal('rejected'), ...base, ...handover, reasons });

/** The result was issued and handed to the return step (national status 9). */
export const ResultIssued = z.object({
  type: z.literal('result_issued'),
  ...base,
  ...handover,
  documents: z.array(ResultDocument).min(1),
});

/** The result (or refusal) reached the applicant (national status 10; ND61 art. 20). */
export const ResultReturned = z.object({
  type: z.literal('result_returned'),
  ...base,
  method: ReturnMethod,
  recipientName: z.string().nullable(),
  trackingNumber: z.string().nullable(),
});

/** The one extension with an apology and a new appointment (ND61 art. 19 cl. 9). */
export const RecordExtended = z.object({
  type: z.literal('extended'),
  ...base,
  reason: z.string().min(1),
  previous: Deadline,
  appointment: Deadline,
});

/** The applicant withdrew the record (national status 7). */
export const RecordWithdrawn = z.object({ type: z.literal('withdrawn'), ...base, reason: z.string().min(1) });

/** Processing stopped at the applicant's request (Thông báo dừng giải quyết; ND118 art. 21; status 8). */
export const RecordStopped = z.object({ type: z.literal('stopped'), ...base, reason: z.string().min(1) });

/** Every event of a record's history, by `type`. */
export const RecordEvent = z.discriminatedUnion('type', [
  RecordCreated,
  RecordSubmitted,
  CompletionRequested,
  RecordRefused,
  RecordReceived,
  RecordForwarded,
  TransferFailed,
  RecordSentBack,
  StepAssigned,
  StepReassigned,
  SupplementRequested,
  RecordSupplemented,
  PaymentRequested,
  PaymentConfirmed,
  RecordApproved,
  RecordRejected,
  ResultIssued,
  ResultReturned,
  RecordExtended,
  RecordWithdrawn,
  RecordStopped,
]);
/** An event of a record's history. */
export type RecordEvent = z.infer<typeof RecordEvent>;
/** The `type` of a {@link RecordEvent}. */
export type RecordEventType = RecordEvent['type'];

/**
 * The state an event puts the record in, or undefined for events that leave the status alone (assignment,
 * extension). Status is therefore a function of the last status-changing event.
 */
export function statusAfter(event: RecordEvent): RecordStatus | undefined {
  switch (event.type) {
    case 'created':
      return 'draft';
    case 'submitted':
      return 'submitted';
    case 'completion_requested':
      return 'returned_for_completion';
    case 'refused':
      return 'refused';
    case 'received':
      return 'received';
    case 'forwarded':
    case 'sent_back':
    case 'supplemented':
      return 'in_process';
    case 'supplement_requested':
      return 'supplement_requested';
    case 'payment_requested':
      return 'awaiting_payment';
    case 'payment_confirmed':
      return event.resumeStatus;
    case 'approved':
      return 'approved';
    case 'rejected':
      return 'rejected';
    case 'result_issued':
      return 'result_ready';
    case 'result_returned':
      return 'delivered';
    case 'withdrawn':
      return 'withdrawn';
    case 'stopped':
      return 'stopped';
    case 'assigned':
    case 'reassigned':
    case 'extended':
    case 'transfer_failed':
      return undefined;
  }
}
