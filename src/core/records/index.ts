/**
 * The record (hồ sơ) lifecycle as pure functions (DOMAIN.md §2, §4.1, §7): no I/O, no clock. A record's
 * events are the truth; its state and status are derived from them.
 *
 * - {@link decide}: state + command + actor + context → events, or a {@link RecordError}.
 * - {@link evolve}, {@link project}: the state a history makes; {@link statusAfter} per event.
 * - {@link availableActions}, {@link checkAction}: what an actor may do now, and why not.
 * - {@link RecordStatus} and {@link nationalStatus}: internal states and the national codes 1–10.
 * - Deadlines: {@link appointmentAt}, {@link stepDueAt}, {@link deadlinesAfterSupplement} (restart and
 *   pause clocks), {@link extensionTooLate}, {@link classifyTiming}.
 * - Routing: {@link competentAgency}, {@link canReceive} (Decree 118/2025 art. 14).
 * - Codes: {@link formatRecordCode}, {@link parseRecordCode}, {@link readTypedRecordCode} (as people type them).
 * - {@link RECORD_ERROR_CODES}: the new error codes, to be merged into src/core/errors.
 */
export {
  Actor,
  ActorRef,
  ApplicantActor,
  actorRef,
  authorityOf,
  isStaffOf,
  OfficialActor,
  StaffRole,
} from './actor.ts';
export { ApplicantData, PhoneNumber, RoutingFacts, TaxCode } from './applicant-data.ts';
export {
  type Assignable,
  type AssigneeProblem,
  assignedStepIndex,
  assigneeProblem,
  namedAssignee,
} from './assignee.ts';
export { availableActions } from './available-actions.ts';
export { actionSteps, checkAction, chosenStep, STEP_ACTIONS, sendBackTargets } from './check-action.ts';
export {
  ACTION_NAMES,
  type ActionName,
  Approve,
  Assign,
  type CommandOf,
  ConfirmPayment,
  CreateDraft,
  Extend,
  Forward,
  fieldIssues,
  IssueResult,
  parseCommand,
  Reassign,
  Receive,
  RecordCommand,
  type RecordCommandInput,
  RecordOpening,
  Refuse,
  Reject,
  RequestCompletion,
  RequestPayment,
  RequestSupplement,
  RetryTransfer,
  ReturnResult,
  SendBack,
  Stop,
  Submit,
  Supplement,
  Withdraw,
} from './commands.ts';
export {
  appointmentAt,
  classifyTiming,
  type DeadlinesAfterSupplement,
  type DueInstant,
  deadlineOn,
  deadlinesAfterSupplement,
  extensionDateProblem,
  extensionTooLate,
  stepDueAt,
  supplementWindowOpen,
  vnDateOf,
} from './deadlines.ts';
export { decide } from './decide.ts';
export {
  DEFAULT_RECORD_POLICY,
  type DecideAgency,
  type DecideContext,
  type GuardContext,
  type ProcedureFacts,
  type RecordPolicy,
  resolvePolicy,
  type StepAgencyFacts,
} from './decide-context.ts';
export type { Decision } from './decision.ts';
export {
  CompletionRequested,
  PaymentConfirmed,
  PaymentRequested,
  RecordApproved,
  RecordCreated,
  RecordEvent,
  type RecordEventType,
  RecordExtended,
  RecordForwarded,
  RecordReceived,
  RecordRefused,
  RecordRejected,
  RecordSentBack,
  RecordStopped,
  RecordSubmitted,
  RecordSupplemented,
  RecordWithdrawn,
  ResultIssued,
  ResultReturned,
  StepAssigned,
  StepReassigned,
  SupplementRequested,
  statusAfter,
  TransferFailed,
} from './events.ts';
export { evolve, project } from './evolve.ts';
export {
  formatRecordCode,
  isRecordCode,
  parseRecordCode,
  type RecordCodeParts,
  readTypedRecordCode,
} from './record-code.ts';
export {
  RECORD_ERROR_CODES,
  type RecordError,
  type RecordErrorCode,
  type RecordResult,
  recordError,
} from './record-error-codes.ts';
export {
  activeStepsOf,
  finishedSteps,
  forwardTargets,
  returnStepAfter,
  stepAncestors,
  stepDescendants,
  stepKind,
  stepPredecessors,
  stepSuccessors,
  stepsStartedAfter,
} from './record-graph.ts';
export {
  ChecklistItem,
  ClockRule,
  Deadline,
  FINAL_STATUSES,
  Instant,
  LegalDeadline,
  NATIONAL_STATUS_CODES,
  NATIONAL_STATUS_NAMES,
  type NationalStatusCode,
  nationalStatus,
  PaidVia,
  PaymentItem,
  PaymentResumeStatus,
  RecordState,
  RecordStatus,
  RecordStep,
  ResultDocument,
  ReturnMethod,
  ReturnPoint,
  StepVisit,
  Timing,
  TransferFailure,
  TransferFailureReason,
} from './record-state.ts';
export {
  canReceive,
  competentAgency,
  isCompetentFor,
  isOneStopUnit,
  type RoutingAgency,
  routingFactsNeeded,
} from './routing.ts';
export {
  parseSubmissionReference,
  type ReferenceRange,
  submissionReference,
} from './submission-reference.ts';
