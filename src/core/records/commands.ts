import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';
import { DOCUMENT_NAME_MAX } from '../catalog/index.ts';
import type { FieldIssue } from '../errors/index.ts';
import { FeeCategory } from '../fees/fee-line.ts';
import { ApplicantData, RoutingFacts } from './applicant-data.ts';
import type { RecordResult } from './record-error-codes.ts';
import {
  ChecklistItem,
  PaidVia,
  PaymentItem,
  ResultDocument,
  ReturnMethod,
  ReturnPoint,
} from './record-state.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const reasons = z.array(text(2000)).min(1);
const documents = z.array(text(DOCUMENT_NAME_MAX));
const userId = z
  .string()
  .min(1)
  .describe(
    "an official's id: active, of the agency that owns the step, with the step's role (otherwise 422 record.assignee_not_eligible); GET /api/records/{id}/assignees lists them",
  );

/**
 * Which active step a command acts on while parallel branches run (several steps active). Absent: the only
 * active step, or the one active step the actor can work; when that is ambiguous the command is refused
 * with 422 `request.invalid` naming `body.stepIndex` and the allowed indices.
 */
const stepIndex = z
  .number()
  .int()
  .nonnegative()
  .describe(
    'the active step acted on (parallel branches); absent: the only active step, or the one the actor can work',
  );

/**
 * What a counter reception needs when it opens the record itself (walk-in or postal dossier): the
 * procedure version, the channel, the applicant and the routing facts.
 */
export const RecordOpening = z.object({
  procedureVersionId: z.string().min(1),
  channel: z.enum(['in_person', 'post']),
  applicant: ApplicantData,
  routing: RoutingFacts.default({}),
});
/** What a counter reception needs when it opens the record itself. */
export type RecordOpening = z.infer<typeof RecordOpening>;

/** The applicant starts an online record at the one-stop unit they choose. */
export const CreateDraft = z.object({
  type: z.literal('create_draft'),
  procedureVersionId: z.string().min(1),
  applicant: ApplicantData,
  routing: RoutingFacts.default({}),
  receivingAgencyId: z.string().min(1),
  returnPoint: ReturnPoint.optional(),
});
/** The applicant submits the draft, or resubmits after being asked to complete it. */
export const Submit = z.object({ type: z.literal('submit') });
/** Not received: ask for completion (the record is opened here when `opening` is given). */
export const RequestCompletion = z.object({
  type: z.literal('request_completion'),
  reasons,
  missingDocuments: documents,
  opening: RecordOpening.optional(),
});
/** Not received: refuse with reasons (the record is opened here when `opening` is given). */
export const Refuse = z.object({ type: z.literal('refuse'), reasons, opening: RecordOpening.optional() });
/**
 * What the fee computation needs from the reception (docs/FEES.md): the exemption or reduction categories
 * the official accepted for the applicant (proof checked at the counter), and the quantity per fee line
 * (copies, pages; by the line's index in the procedure's fee lines).
 */
export const ReceiveFees = z.object({
  categories: z
    .array(FeeCategory)
    .max(20)
    .optional()
    .describe('exemption/reduction categories accepted for the applicant (docs/FEES.md)'),
  quantities: z
    .array(
      z.object({
        line: z.number().int().min(0).max(999).describe("the line's index in the procedure's fee lines"),
        quantity: z.number().int().min(0).max(10_000),
      }),
    )
    .max(100)
    .optional()
    .describe('quantity per fee line (copies, pages…); 1 for a line not listed'),
});
/** Receive at the counter, or accept an online submission, with the checked documents. */
export const Receive = z.object({
  type: z.literal('receive'),
  checklist: z.array(ChecklistItem),
  /** Number of sets (số lượng hồ sơ) handed in; default 1. */
  sets: z.number().int().min(1).max(99).optional(),
  returnPoint: ReturnPoint.optional(),
  opening: RecordOpening.optional(),
  fees: ReceiveFees.optional(),
});
/** Hand the record to the next step, optionally to a named person. */
export const Forward = z.object({
  type: z.literal('forward'),
  stepIndex: stepIndex.optional(),
  assigneeId: userId.optional(),
  note: text(2000).optional(),
});
/**
 * Try again a hand-over that failed (`transferFailure` on the record: nobody at the next step's agency, or
 * the agency not on the system); the same rules as a forward from the step where the record waits.
 */
export const RetryTransfer = z.object({ type: z.literal('retry_transfer') });
/** Send the record back to an earlier processing step. */
export const SendBack = z.object({
  type: z.literal('send_back'),
  stepIndex: stepIndex.optional(),
  toStep: z.number().int().nonnegative(),
  reason: text(2000),
  assigneeId: userId.optional(),
});
/** A leader assigns the current step. */
export const Assign = z.object({
  type: z.literal('assign'),
  stepIndex: stepIndex.optional(),
  assigneeId: userId,
});
/** A leader moves the current step to someone else. */
export const Reassign = z.object({
  type: z.literal('reassign'),
  stepIndex: stepIndex.optional(),
  assigneeId: userId,
  reason: text(2000).optional(),
});
/** Ask the applicant for a supplement during processing (once; ND61 art. 19 cl. 4). */
export const RequestSupplement = z.object({
  type: z.literal('request_supplement'),
  stepIndex: stepIndex.optional(),
  reasons,
  missingDocuments: documents,
});
/** The complete supplement arrives (online from the applicant, or at the counter). */
export const Supplement = z.object({ type: z.literal('supplement'), documents: documents.min(1) });
/**
 * Ask for fees, charges or taxes (national status 6). Without `items`, the lines computed at reception with
 * an amount due (docs/FEES.md); refused with `record.payment_nothing_due` when there are none.
 */
export const RequestPayment = z.object({
  type: z.literal('request_payment'),
  items: z
    .array(PaymentItem)
    .min(1)
    .optional()
    .describe('the amounts due; absent: the fee lines computed at reception'),
});
/** Confirm the payment. */
export const ConfirmPayment = z.object({
  type: z.literal('confirm_payment'),
  reference: text(200).optional(),
  /**
   * How it was paid: online through the public service portal's payment platform (what Decision 766
   * indicator 3.6 counts), by bank transfer, or in cash at the counter (the default).
   */
  paidVia: PaidVia.default('cash'),
});
/** The leader approves. */
export const Approve = z.object({ type: z.literal('approve'), note: text(2000).optional() });
/** The leader refuses after appraisal, with reasons. */
export const Reject = z.object({ type: z.literal('reject'), reasons });
/** Issue the result documents. */
export const IssueResult = z.object({
  type: z.literal('issue_result'),
  documents: z.array(ResultDocument).min(1),
});
/** Return the result (or the refusal) to the applicant. */
export const ReturnResult = z.object({
  type: z.literal('return_result'),
  method: ReturnMethod,
  recipientName: text(200).optional(),
  trackingNumber: text(100).optional(),
});
/** Extend once with an apology and a new appointment (ND61 art. 19 cl. 9). */
export const Extend = z.object({ type: z.literal('extend'), newDueDate: IsoDate, reason: text(2000) });
/** The applicant withdraws the record. */
export const Withdraw = z.object({ type: z.literal('withdraw'), reason: text(2000) });
/** Stop processing at the applicant's request (ND118 art. 21). */
export const Stop = z.object({ type: z.literal('stop'), reason: text(2000) });

/** Every command, by `type`; the `type` is also the action name shown as a button. */
export const RecordCommand = z.discriminatedUnion('type', [
  CreateDraft,
  Submit,
  RequestCompletion,
  Refuse,
  Receive,
  Forward,
  RetryTransfer,
  SendBack,
  Assign,
  Reassign,
  RequestSupplement,
  Supplement,
  RequestPayment,
  ConfirmPayment,
  Approve,
  Reject,
  IssueResult,
  ReturnResult,
  Extend,
  Withdraw,
  Stop,
]);
/** A command, validated. */
export type RecordCommand = z.infer<typeof RecordCommand>;
/** A command as a client sends it (before normalisation of phone numbers and the like). */
export type RecordCommandInput = z.input<typeof RecordCommand>;
/** An action a user may take on a record: the `type` of a {@link RecordCommand}. */
export type ActionName = RecordCommand['type'];
/** The command of one action. */
export type CommandOf<A extends ActionName> = Extract<RecordCommand, { type: A }>;

/** Every action name, in lifecycle order. */
export const ACTION_NAMES: readonly ActionName[] = RecordCommand.options.map((o) => o.shape.type.value);

/** The issues of a failed parse as `FieldIssue`s, with the validator's own code where it has one. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const params = (i as { params?: { code?: unknown; vi?: unknown } }).params;
    return {
      path: i.path.map(String).join('.'),
      code: typeof params?.code === 'string' ? params.code : i.code,
      message: i.message,
      ...(typeof params?.vi === 'string' ? { messageVi: params.vi } : {}),
    };
  });
}

/**
 * Validates a command from a client. Personal ID, tax code and phone are checked with src/core/vn; each
 * problem is a field issue naming its path (e.g. `opening.applicant.personalId`, code `personal_id.format`).
 * Errors: `request.invalid` with `issues`.
 */
export function parseCommand(input: unknown): RecordResult<RecordCommand> {
  const r = RecordCommand.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: { code: 'request.invalid', params: {}, issues: fieldIssues(r.error) } };
}
