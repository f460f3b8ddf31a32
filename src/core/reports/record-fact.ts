import { z } from 'zod';
import { ChannelKind } from '../catalog/index.ts';
import { Instant, type RecordState, type RecordStatus } from '../records/index.ts';

/**
 * Where a record stands for the reports: not received (draft, submitted, returned for completion,
 * refused at the counter), in progress, resolved (a favourable result issued), rejected (Phiếu từ chối
 * giải quyết), withdrawn (national status 7) or stopped (8). DOMAIN.md §2.9.
 */
export const FactOutcome = z.enum([
  'not_received',
  'in_progress',
  'resolved',
  'rejected',
  'withdrawn',
  'stopped',
]);
/** Where a record stands for the reports. */
export type FactOutcome = z.infer<typeof FactOutcome>;

/**
 * One record as the Decision 766 index sees it (DOMAIN.md §6.2): the instants indicator 2.1 needs, the
 * channel (3.3), and the flags of groups 3–5 that the records core does not hold (digitisation, reuse,
 * electronic results, online payment, the citizen's data repository, the applicant's rating).
 *
 * - `dueAt766`: the deadline under the pause clock — supplement time subtracted (F766 index 2.1 [S],
 *   DOMAIN.md §2.4), whatever rule governs the appointment.
 * - `finishedAt`: when processing ended — result issued or refusal decided, else withdrawal or stop
 *   (F766 end of processing: "Đã xử lý xong" > "Đã trả kết quả" > "Dừng xử lý/Từ chối"/"rút" [S]).
 * - `awaitingSupplementSince`: set while a supplement is asked and not yet supplied; F766 then takes the
 *   request time as the end of processing [S]. Not in the first brief: without it a record waiting for the
 *   applicant would be judged late at the period's end.
 * - `supplementRequests`: F766 counts a record with more than one request as late [S].
 * - `paperResult`: the procedure's result is a paper document (denominator of 4.1); `electronicResult`: an
 *   electronic result file was issued.
 * - `feeBearing`: the record owes a non-zero fee (denominator of 3.6); `paidOnline`: paid through Cổng
 *   DVCQG or the city's payment portal (`DuocThanhToanTrucTuyen` 1 or 2).
 * - `sharedToRepository`: a component came from, or the e-result went to, the citizen's repository (4.4).
 * - `rating`: the applicant's rating 1 (worst) – 5 (best), null when not rated; the 1–5 scale is [U].
 */
export const RecordFact = z.object({
  recordId: z.string().min(1),
  code: z.string().nullable(),
  competentAgencyId: z.string().nullable(),
  receivingAgencyId: z.string().nullable(),
  procedureCode: z.string(),
  channel: ChannelKind,
  receivedAt: Instant.nullable(),
  dueAt766: Instant.nullable(),
  finishedAt: Instant.nullable(),
  awaitingSupplementSince: Instant.nullable(),
  outcome: FactOutcome,
  supplementRequests: z.number().int().nonnegative(),
  digitised: z.boolean(),
  reused: z.boolean(),
  electronicResult: z.boolean(),
  paperResult: z.boolean(),
  feeBearing: z.boolean(),
  paidOnline: z.boolean(),
  sharedToRepository: z.boolean(),
  returnedAt: Instant.nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
});
/** One record as the Decision 766 index sees it. */
export type RecordFact = z.infer<typeof RecordFact>;

/** The facts about a record that live outside its events (documents, payments, repository, ratings). */
export type FactExtras = Pick<
  RecordFact,
  | 'digitised'
  | 'reused'
  | 'electronicResult'
  | 'paperResult'
  | 'feeBearing'
  | 'paidOnline'
  | 'sharedToRepository'
  | 'rating'
>;

/** The report outcome of a record state (DOMAIN.md §2.9); `outcome` tells a result from a refusal. */
function outcomeOf(status: RecordStatus, decided: RecordState['outcome']): FactOutcome {
  switch (status) {
    case 'draft':
    case 'submitted':
    case 'returned_for_completion':
    case 'refused':
      return 'not_received';
    case 'received':
    case 'in_process':
    case 'supplement_requested':
    case 'awaiting_payment':
    case 'approved':
      return 'in_progress';
    case 'rejected':
      return 'rejected';
    case 'result_ready':
    case 'delivered':
      return decided === 'rejected' ? 'rejected' : 'resolved';
    case 'withdrawn':
      return 'withdrawn';
    case 'stopped':
      return 'stopped';
  }
}

/**
 * The report fact of a record state plus what the other modules know about it (DOMAIN.md §6.2, §2.4,
 * §2.9). `dueAt766` is the pause-clock deadline (F766 index 2.1 subtracts supplement time [S]);
 * `finishedAt` is the result or refusal instant, else the withdrawal or stop; the records core keeps one
 * supplement request at most, so `supplementRequests` is 0 or 1.
 */
export function factFromState(state: RecordState, extras: FactExtras): RecordFact {
  const closedEarly =
    state.closure && (state.closure.kind === 'withdrawn' || state.closure.kind === 'stopped')
      ? state.closure.at
      : null;
  const pending =
    state.status === 'supplement_requested' && state.supplement && state.supplement.suppliedAt === null
      ? state.supplement.requestedAt
      : null;
  return {
    recordId: state.id,
    code: state.code,
    competentAgencyId: state.competentAgencyId,
    receivingAgencyId: state.receivingAgencyId,
    procedureCode: state.procedureCode,
    channel: state.channel,
    receivedAt: state.receivedAt,
    dueAt766: state.legalDeadline?.pause.dueAt ?? null,
    finishedAt: state.resultAt ?? closedEarly,
    awaitingSupplementSince: pending,
    outcome: outcomeOf(state.status, state.outcome),
    supplementRequests: state.supplement ? 1 : 0,
    returnedAt: state.delivery?.at ?? null,
    digitised: extras.digitised,
    reused: extras.reused,
    electronicResult: extras.electronicResult,
    paperResult: extras.paperResult,
    feeBearing: extras.feeBearing,
    paidOnline: extras.paidOnline,
    sharedToRepository: extras.sharedToRepository,
    rating: extras.rating,
  };
}
