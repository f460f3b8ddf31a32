import { classifyTiming, type Instant, type Timing } from '../records/index.ts';
import type { RecordFact } from './record-fact.ts';

/**
 * How a record counts in Decision 766 indicator 2.1 "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" (DOMAIN.md
 * §6.2 row 2.1, formula F766 [S]; the 20 points of group 2 are [C]), judged at `periodEnd`:
 *
 * - `null` when the record was never received, or has no deadline (a procedure without a time limit [U]);
 * - `null` when withdrawn or stopped: we leave them out of 2.1 — F766 names "rút hồ sơ"/"dừng xử lý" as
 *   an end of processing but not whether such records count [U];
 * - `late` when the applicant was asked to supplement more than once (F766 [S]);
 * - finished: `finishedAt ≤ dueAt766` is on time (`NgayKetThucXuLy ≤ NgayHenTra`); "early" when it finished
 *   on an earlier calendar day in Asia/Ho_Chi_Minh than the due day — our choice, the same as the control
 *   slip's {@link classifyTiming} [U]. A record finished after `periodEnd` is judged by its actual finish,
 *   as the portal's real-time figure would be [U];
 * - unfinished: processing is taken to end at `periodEnd` (F766 [S]), or at the supplement request while
 *   the record waits for the applicant (F766: "pending supplementation ⇒ end time = request time" [S]);
 *   late when that end is after `dueAt766`, else on time (never early: the work is not done).
 *
 * `dueAt766` is the pause-clock deadline, so supplement time is already subtracted (DOMAIN.md §2.4).
 */
export function timing766(fact: RecordFact, periodEnd: Instant): Timing | null {
  if (fact.receivedAt === null || fact.outcome === 'not_received') return null;
  if (fact.outcome === 'withdrawn' || fact.outcome === 'stopped') return null;
  if (fact.dueAt766 === null) return null;
  if (fact.supplementRequests > 1) return 'late';
  const due = new Date(fact.dueAt766);
  if (fact.finishedAt !== null) return classifyTiming(new Date(fact.finishedAt), due);
  const periodEndMs = Date.parse(periodEnd);
  const endMs =
    fact.awaitingSupplementSince === null
      ? periodEndMs
      : Math.min(Date.parse(fact.awaitingSupplementSince), periodEndMs);
  return endMs > due.getTime() ? 'late' : 'on_time';
}
