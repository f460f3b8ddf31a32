/**
 * Records: the lifecycle of a hồ sơ — commands (each one statement writing events, projection, audit and
 * outbox rows; ADR 0005), worklists, search, timeline, public tracking and the deadlines watch.
 * Errors: record.not_found, record.version_conflict, idempotency.key_reused and the record.* refusals.
 */

export { assigneesRoutes } from './assignees.routes.ts';
export { citizenRecordsRoutes } from './citizen-records.ts';
export { expireIdempotencyKeys } from './idempotency.ts';
export { rateRecord } from './rate-record.ts';
export { noteRecordChanged, RECORD_CHANGED_TOPIC } from './record-changed.ts';
export {
  APPLICANT_TOKEN,
  applicantActor,
  canView,
  citizenState,
  officialActor,
  ownedState,
  visibleState,
} from './records.access.ts';
export {
  applicantTokenProblems,
  problemResponses,
  recordReadProblems,
  trackingProblems,
} from './records.problems.ts';
export { recordsRoutes } from './records.routes.ts';
export {
  createRecordsCache,
  executeCommand,
  getRecordState,
  listRecordEvents,
  type RecordsCache,
  recordsReceivedBetween,
  refreshDeadlines,
} from './records.service.ts';
export {
  findAwaitingPayment as recordsAwaitingPayment,
  findIdentities as recordIdentities,
  findRating,
  findStates as recordStates,
  listNationalStatuses,
  type NationalStatusRow,
  projection,
  ratingScores,
} from './records.store.ts';
export { TrackingCheck, trackRecord } from './tracking.ts';
export { transferFailureRoutes } from './transfer-failures.ts';
