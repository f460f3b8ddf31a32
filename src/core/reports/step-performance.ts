import { type RecordState, type StepVisit, type Timing, vnDateOf } from '../records/index.ts';

/**
 * One visit of a step an agency held for another (the record's competent agency is someone else): a line of
 * the control slip seen from the holder's side (issue 15 item 7). A finished visit comes from the record's
 * step history (`visit` = its position there); a visit still running is an active step (`visit` =
 * `open:<step index>`), and is replaced by its finished line when it ends.
 */
export interface StepVisitFact {
  readonly recordId: string;
  /** Unique within the record: the history position, or `open:<stepIndex>` while the step runs. */
  readonly visit: string;
  readonly stepIndex: number;
  readonly stepKey: string;
  /** The agency that held the step. */
  readonly agencyId: string;
  /** The record's competent agency (by which the record itself is counted, once). */
  readonly competentAgencyId: string;
  readonly startedAt: string;
  /** The Vietnam day the step was received (started). */
  readonly startedDay: string;
  readonly dueAt: string;
  readonly finishedAt: string | null;
  readonly finishedDay: string | null;
  readonly timing: Timing | null;
  /** How the visit ended; null while it runs or for a visit recorded before the open process model. */
  readonly outcome: NonNullable<StepVisit['outcome']> | null;
  /** The step runs but its clock stands still: the applicant owes a supplement or a payment. */
  readonly paused: boolean;
}

const PAUSED_STATUSES = new Set<RecordState['status']>(['supplement_requested', 'awaiting_payment']);

/**
 * The step visits of a record that agencies other than its competent agency held: finished ones from the
 * step history (the agency of the visit, or of its step for visits recorded before visits named it) and the
 * active steps (every parallel branch). Empty for a record without a competent agency (never received).
 */
export function stepVisitFacts(state: RecordState): StepVisitFact[] {
  const competent = state.competentAgencyId;
  if (!competent) return [];
  const out: StepVisitFact[] = [];
  state.stepHistory.forEach((v, i) => {
    const agencyId = v.agencyId ?? state.steps[v.stepIndex]?.agencyId;
    if (!agencyId || agencyId === competent) return;
    out.push({
      recordId: state.id,
      visit: String(i),
      stepIndex: v.stepIndex,
      stepKey: v.key,
      agencyId,
      competentAgencyId: competent,
      startedAt: v.startedAt,
      startedDay: vnDateOf(new Date(v.startedAt)),
      dueAt: v.dueAt,
      finishedAt: v.finishedAt,
      finishedDay: vnDateOf(new Date(v.finishedAt)),
      timing: v.timing,
      outcome: v.outcome ?? null,
      paused: false,
    });
  });
  const active = state.activeSteps ?? (state.currentStep === null ? [] : [state.currentStep]);
  for (const i of active) {
    const step = state.steps[i];
    if (!step?.startedAt || !step.dueAt || step.agencyId === competent) continue;
    out.push({
      recordId: state.id,
      visit: `open:${i}`,
      stepIndex: i,
      stepKey: step.key,
      agencyId: step.agencyId,
      competentAgencyId: competent,
      startedAt: step.startedAt,
      startedDay: vnDateOf(new Date(step.startedAt)),
      dueAt: step.dueAt,
      finishedAt: null,
      finishedDay: null,
      timing: null,
      outcome: null,
      paused: PAUSED_STATUSES.has(state.status),
    });
  }
  return out;
}

/** One agency's numbers for the steps it held for others in a period [from, to) (Vietnam days). */
export interface StepPerformance {
  readonly agencyId: string;
  /** Steps received (started) in the period. */
  readonly received: number;
  /**
   * Steps the agency finished in the period (handed over, sent back, decided, returned), by timing against
   * the step's own due time.
   */
  readonly finished: { total: number; early: number; onTime: number; late: number };
  /** Among the finished: those the agency sent back to an earlier step. */
  readonly sentBack: number;
  /**
   * Steps that ended in the period without the agency finishing them (outcome `closed`: another branch sent
   * the record back before the split, or the record was withdrawn or stopped); not in `finished`.
   */
  readonly closed: number;
  /** Steps running at the period's end, and those already past their due time then (clock not paused). */
  readonly open: { total: number; overdue: number };
  /** Early or on time among the finished; null when none finished. */
  readonly onTimeRate: number | null;
}

/**
 * The reference the SQL summary is checked against: per holding agency, the visits of a period [from, to)
 * (Vietnam days, `to` exclusive). A visit is open at the end when it started before `to` and had not finished
 * by then; it is overdue when its due time is before `judgedAt` (the period's end, or now when that is
 * earlier) and its clock is not paused.
 */
export function stepPerformance(
  facts: readonly StepVisitFact[],
  period: { from: string; to: string; judgedAt: Date },
): StepPerformance[] {
  const by = new Map<string, StepVisitFact[]>();
  for (const f of facts) by.set(f.agencyId, [...(by.get(f.agencyId) ?? []), f]);
  const inPeriod = (day: string | null) => day !== null && day >= period.from && day < period.to;
  const rows: StepPerformance[] = [];
  for (const [agencyId, list] of by) {
    const ended = list.filter((f) => inPeriod(f.finishedDay));
    const finished = ended.filter((f) => f.outcome !== 'closed');
    const open = list.filter(
      (f) => f.startedDay < period.to && (f.finishedDay === null || f.finishedDay >= period.to),
    );
    const count = (t: Timing) => finished.filter((f) => f.timing === t).length;
    const [early, onTime, late] = [count('early'), count('on_time'), count('late')];
    const row: StepPerformance = {
      agencyId,
      received: list.filter((f) => inPeriod(f.startedDay)).length,
      finished: { total: finished.length, early, onTime, late },
      sentBack: finished.filter((f) => f.outcome === 'sent_back').length,
      closed: ended.length - finished.length,
      open: {
        total: open.length,
        overdue: open.filter((f) => !f.paused && Date.parse(f.dueAt) < period.judgedAt.getTime()).length,
      },
      onTimeRate: finished.length ? (early + onTime) / finished.length : null,
    };
    if (row.received || ended.length || row.open.total) rows.push(row);
  }
  return rows.sort((a, b) => a.agencyId.localeCompare(b.agencyId));
}
