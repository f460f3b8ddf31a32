import { classifyTiming } from './deadlines.ts';
import { type RecordEvent, statusAfter } from './events.ts';
import { activeStepsOf, stepDescendants } from './record-graph.ts';
import type { Deadline, RecordState, RecordStep, StepVisit, TransferFailure } from './record-state.ts';

const later = (a: Deadline, b: Deadline) => (Date.parse(b.dueAt) > Date.parse(a.dueAt) ? b : a);

type Outcome = NonNullable<StepVisit['outcome']>;

/** The user who ended a visit: the official of the event, null when the applicant did (a withdrawal). */
const userOf = (e: { by: RecordEvent['by'] }) => (e.by.kind === 'official' ? e.by.userId : null);

/**
 * The visits of `indices` end at `at` (one control-slip line each, in index order): by `by`, with
 * `outcome`. A step not started (no start or due time) leaves no line.
 */
function endVisits(
  s: RecordState,
  indices: readonly number[],
  at: string,
  by: string | null,
  outcome: (i: number) => Outcome,
): StepVisit[] {
  const lines: StepVisit[] = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const step = s.steps[i];
    if (!step?.startedAt || !step.dueAt) continue;
    lines.push({
      stepIndex: i,
      key: step.key,
      agencyId: step.agencyId,
      assigneeId: step.assigneeId,
      finishedBy: by,
      startedAt: step.startedAt,
      dueAt: step.dueAt,
      finishedAt: at,
      timing: classifyTiming(new Date(at), new Date(step.dueAt)),
      outcome: outcome(i),
    });
  }
  return lines.length === 0 ? s.stepHistory : [...s.stepHistory, ...lines];
}

function withStep(steps: readonly RecordStep[], index: number, patch: Partial<RecordStep>): RecordStep[] {
  return steps.map((step, i) => (i === index ? { ...step, ...patch } : step));
}

/** `activeSteps` (ascending, once each) and `currentStep`, the lowest of them. */
function activeAs(active: Iterable<number>): Pick<RecordState, 'activeSteps' | 'currentStep'> {
  const sorted = [...new Set(active)].sort((a, b) => a - b);
  return { activeSteps: sorted, currentStep: sorted[0] ?? null };
}

interface Start {
  readonly toStep: number;
  readonly stepDueAt: string;
  /** Undefined: the step keeps the assignee it had. */
  readonly assigneeId?: string | null | undefined;
}

/** Starts the steps at `at`: their start and due times, their assignee, not finished. */
function startSteps(steps: readonly RecordStep[], starts: readonly Start[], at: string): RecordStep[] {
  let out = [...steps];
  for (const { toStep, stepDueAt, assigneeId } of starts) {
    out = withStep(out, toStep, {
      ...(assigneeId === undefined ? {} : { assigneeId }),
      startedAt: at,
      dueAt: stepDueAt,
      finishedAt: null,
    });
  }
  return out;
}

/**
 * A hand-over: step `from` finishes (outcome `forwarded`) and the `started` steps start; `from` leaves the
 * active steps, the others run on (parallel branches). A forward that ends a branch before a waiting join
 * starts nothing.
 */
function forward(s: RecordState, e: Extract<RecordEvent, { type: 'forwarded' }>): RecordState {
  const started: Start[] = e.joinWaiting
    ? []
    : [{ toStep: e.toStep, stepDueAt: e.stepDueAt, assigneeId: e.assigneeId }, ...(e.alsoStarted ?? [])];
  const active = activeStepsOf(s).filter((i) => i !== e.fromStep);
  return {
    ...s,
    stepHistory: endVisits(s, [e.fromStep], e.at, userOf(e), () => 'forwarded'),
    steps: startSteps(withStep(s.steps, e.fromStep, { finishedAt: e.at }), started, e.at),
    ...activeAs([...active, ...started.map((x) => x.toStep)]),
  };
}

/**
 * A send-back from step `fromStep` to the earlier step `toStep` of its branch: `toStep` runs again, and
 * every step after it runs again when its turn comes (no longer finished). Active steps after `toStep`
 * other than the sender stop (outcome `closed`): sending back before a split stops the other branches,
 * which the split starts again; a send-back inside one branch leaves the other branches running.
 */
function sendBack(s: RecordState, e: Extract<RecordEvent, { type: 'sent_back' }>): RecordState {
  const after = new Set(stepDescendants(s.steps, e.toStep));
  const active = activeStepsOf(s);
  const stopped = active.filter((i) => i === e.fromStep || after.has(i));
  let steps = s.steps.map((step, i) =>
    after.has(i) && step.finishedAt ? { ...step, finishedAt: null } : step,
  );
  steps = startSteps(steps, [{ toStep: e.toStep, stepDueAt: e.stepDueAt, assigneeId: e.assigneeId }], e.at);
  return {
    ...s,
    stepHistory: endVisits(s, stopped, e.at, userOf(e), (i) => (i === e.fromStep ? 'sent_back' : 'closed')),
    steps,
    ...activeAs([...active.filter((i) => !stopped.includes(i)), e.toStep]),
  };
}

/**
 * The decision is carried to the return step (the result issued, or the refusal): the decision step
 * finishes (outcome `decided`), any other step still running stops (`closed`), the return step starts.
 */
function toReturn(
  s: RecordState,
  e: { at: string; by: RecordEvent['by']; fromStep: number; toStep: number; stepDueAt: string },
): RecordState {
  const active = activeStepsOf(s);
  return {
    ...s,
    stepHistory: endVisits(s, active, e.at, userOf(e), (i) => (i === e.fromStep ? 'decided' : 'closed')),
    steps: startSteps(withStep(s.steps, e.fromStep, { finishedAt: e.at }), [e], e.at),
    ...activeAs([e.toStep]),
  };
}

/** Every active step ends (the result returned, or the record closed); the record is at no step. */
function endAll(s: RecordState, e: { at: string; by: RecordEvent['by'] }, outcome: Outcome): RecordState {
  const active = activeStepsOf(s);
  let steps = s.steps;
  if (outcome === 'returned') for (const i of active) steps = withStep(steps, i, { finishedAt: e.at });
  return {
    ...s,
    stepHistory: endVisits(s, active, e.at, userOf(e), () => outcome),
    steps,
    ...activeAs([]),
  };
}

function governing(s: RecordState): Deadline | undefined {
  return s.legalDeadline ? s.legalDeadline[s.legalDeadline.governing] : undefined;
}

/** Processing ends: the result (or the refusal) exists; its timing is measured against the legal deadline. */
function finished(s: RecordState, at: string): Pick<RecordState, 'resultAt' | 'resultTiming'> {
  const due = governing(s);
  return { resultAt: at, resultTiming: due ? classifyTiming(new Date(at), new Date(due.dueAt)) : null };
}

/**
 * After a supplement every active step gets its new due time (`activeStepDueAt`; histories written before
 * the open process model name only the current step's, `stepDueAt`).
 */
function supplementedSteps(s: RecordState, e: Extract<RecordEvent, { type: 'supplemented' }>): RecordStep[] {
  if (e.activeStepDueAt) {
    let steps = s.steps;
    for (const { step, dueAt } of e.activeStepDueAt) steps = withStep(steps, step, { dueAt });
    return steps;
  }
  return s.currentStep === null ? s.steps : withStep(s.steps, s.currentStep, { dueAt: e.stepDueAt });
}

/** A failed hand-over is forgotten once the step it failed from is no longer active. */
/** The pending failed hand-overs of a record (records projected before kept only one). */
function pendingFailures(s: RecordState): TransferFailure[] {
  return s.transferFailures ?? (s.transferFailure ? [s.transferFailure] : []);
}

/** Failed hand-overs whose sending step is no longer active are settled (a forward from it succeeded). */
function settleTransferFailure(s: RecordState): RecordState {
  const pending = pendingFailures(s);
  if (pending.length === 0) return s;
  const active = activeStepsOf(s);
  const left = pending.filter((f) => active.includes(f.fromStep));
  if (left.length === pending.length) return s;
  return { ...s, transferFailure: left[0] ?? null, transferFailures: left };
}

function apply(s: RecordState, e: RecordEvent): RecordState {
  switch (e.type) {
    case 'created':
      throw new RangeError('A record is created only once');
    case 'submitted':
      return { ...s, submittedAt: e.at, acknowledgeDueAt: e.acknowledgeDueAt ?? null };
    case 'completion_requested':
      return {
        ...s,
        completionRequest: { at: e.at, reasons: e.reasons, missingDocuments: e.missingDocuments },
      };
    case 'refused':
      return { ...s, closure: { kind: 'refused', at: e.at, reasons: e.reasons } };
    case 'received': {
      const appointment = e.appointment;
      return {
        ...s,
        code: e.code,
        receivingAgencyId: e.receivingAgencyId,
        competentAgencyId: e.competentAgencyId,
        returnPoint: e.returnPoint,
        receivedAt: e.at,
        checklist: e.checklist,
        ...(e.sets === undefined ? {} : { sets: e.sets }),
        timeLimit: e.timeLimit,
        clockStartDate: e.clockStartDate,
        ...(e.cutoffMinutes === undefined ? {} : { cutoffMinutes: e.cutoffMinutes }),
        legalDeadline: {
          governing: e.clockRule,
          restart: appointment,
          pause: appointment,
          pausedWorkingDays: 0,
        },
        appointment,
        steps: e.steps.map((step, i) => ({
          ...step,
          assigneeId: i === 0 ? e.assigneeId : null,
          startedAt: i === 0 ? e.at : null,
          dueAt: i === 0 ? e.stepDueAt : null,
        })),
        ...activeAs([0]),
        transferFailure: null,
        transferFailures: [],
        ...(e.fees ? { fees: e.fees } : {}),
      };
    }
    case 'forwarded':
      return forward(s, e);
    case 'sent_back':
      return sendBack(s, e);
    case 'assigned':
    case 'reassigned':
      return { ...s, steps: withStep(s.steps, e.stepIndex, { assigneeId: e.assigneeId }) };
    case 'transfer_failed': {
      // Kept per sending step until a forward from it succeeds; another branch's failure is kept beside it.
      const pending = pendingFailures(s);
      const earlier = pending.find((f) => f.fromStep === e.fromStep);
      const failure: TransferFailure = {
        at: e.at,
        fromStep: e.fromStep,
        toSteps: e.toSteps,
        agencyId: e.agencyId,
        reason: e.reason,
        detail: e.detail,
        attempts: (earlier?.attempts ?? 0) + 1,
      };
      const failures = earlier ? pending.map((f) => (f === earlier ? failure : f)) : [...pending, failure];
      return { ...s, transferFailure: failures[0] ?? null, transferFailures: failures };
    }
    case 'supplement_requested':
      return {
        ...s,
        supplement: {
          requestedAt: e.at,
          reasons: e.reasons,
          missingDocuments: e.missingDocuments,
          suppliedAt: null,
          documents: [],
        },
      };
    case 'supplemented': {
      if (!s.supplement || !s.legalDeadline)
        throw new RangeError('A supplement arrived that nobody asked for');
      const legalDeadline = {
        ...s.legalDeadline,
        restart: e.restart,
        pause: e.pause,
        pausedWorkingDays: e.pausedWorkingDays,
      };
      const rule = legalDeadline[legalDeadline.governing];
      return {
        ...s,
        supplement: { ...s.supplement, suppliedAt: e.at, documents: e.documents },
        legalDeadline,
        // An extension granted before the supplement still binds when it promised a later day.
        appointment: s.extension ? later(rule, s.extension.appointment) : rule,
        steps: supplementedSteps(s, e),
      };
    }
    case 'payment_requested':
      return {
        ...s,
        payment: {
          requestedAt: e.at,
          items: e.items,
          totalVnd: e.totalVnd,
          resumeStatus: e.resumeStatus,
          confirmedAt: null,
          reference: null,
          paidVia: null,
        },
      };
    case 'payment_confirmed':
      if (!s.payment) throw new RangeError('A payment was confirmed that nobody asked for');
      return {
        ...s,
        payment: { ...s.payment, confirmedAt: e.at, reference: e.reference, paidVia: e.paidVia },
      };
    case 'approved':
      return { ...s, outcome: 'approved', decidedAt: e.at };
    case 'rejected':
      return {
        ...toReturn(s, e),
        outcome: 'rejected',
        decidedAt: e.at,
        closure: { kind: 'rejected', at: e.at, reasons: e.reasons },
        ...finished(s, e.at),
      };
    case 'result_issued':
      return { ...toReturn(s, e), resultDocuments: e.documents, ...finished(s, e.at) };
    case 'result_returned':
      return {
        ...endAll(s, e, 'returned'),
        delivery: {
          at: e.at,
          method: e.method,
          recipientName: e.recipientName,
          trackingNumber: e.trackingNumber,
        },
      };
    case 'extended':
      return {
        ...s,
        extension: { at: e.at, reason: e.reason, previous: e.previous, appointment: e.appointment },
        appointment: e.appointment,
      };
    case 'withdrawn':
    case 'stopped':
      return {
        ...endAll(s, e, 'closed'),
        closure: { kind: e.type, at: e.at, reasons: [e.reason] },
      };
  }
}

/**
 * The record after one more event (a pure reducer). The first event must be `created`; the status comes
 * from the event ({@link statusAfter}) and `version` counts events.
 * @throws RangeError when the event cannot follow (a second `created`, another event before `created`, a
 *   supplement or payment nobody asked for) — stored histories are written by `decide`, so this is a bug.
 */
export function evolve(state: RecordState | null, event: RecordEvent): RecordState {
  if (state === null) {
    if (event.type !== 'created') throw new RangeError(`A record starts with "created", not "${event.type}"`);
    return {
      id: event.recordId,
      version: 1,
      status: 'draft',
      code: null,
      channel: event.channel,
      procedureVersionId: event.procedureVersionId,
      procedureCode: event.procedureCode,
      applicant: event.applicant,
      applicantAccountId: event.applicantAccountId,
      routing: event.routing,
      receivingAgencyId: event.receivingAgencyId,
      competentAgencyId: null,
      returnPoint: event.returnPoint,
      createdAt: event.at,
      updatedAt: event.at,
      submittedAt: null,
      acknowledgeDueAt: null,
      receivedAt: null,
      checklist: [],
      timeLimit: null,
      clockStartDate: null,
      legalDeadline: null,
      appointment: null,
      steps: [],
      currentStep: null,
      stepHistory: [],
      completionRequest: null,
      supplement: null,
      payment: null,
      extension: null,
      outcome: null,
      decidedAt: null,
      resultDocuments: [],
      resultAt: null,
      resultTiming: null,
      delivery: null,
      closure: null,
    };
  }
  const next = settleTransferFailure(apply(state, event));
  return {
    ...next,
    status: statusAfter(event) ?? state.status,
    version: state.version + 1,
    updatedAt: event.at,
  };
}

/**
 * The record a history makes: the fold of {@link evolve} over the events, null for no events. Replaying
 * the same events always gives the same record — status is derived from history, never stored apart.
 * @throws RangeError on a history `decide` could not have written.
 */
export function project(events: readonly RecordEvent[]): RecordState | null {
  return events.reduce<RecordState | null>(evolve, null);
}
