import { classifyTiming } from './deadlines.ts';
import { type RecordEvent, statusAfter } from './events.ts';
import type { Deadline, RecordState, RecordStep, StepVisit } from './record-state.ts';

const later = (a: Deadline, b: Deadline) => (Date.parse(b.dueAt) > Date.parse(a.dueAt) ? b : a);

/** The visit of the current step ends at `at`; one line of the control slip. */
function finishVisit(s: RecordState, at: string): StepVisit[] {
  const i = s.currentStep;
  const step = i === null ? undefined : s.steps[i];
  if (i === null || !step?.startedAt || !step.dueAt) return s.stepHistory;
  const timing = classifyTiming(new Date(at), new Date(step.dueAt));
  return [
    ...s.stepHistory,
    {
      stepIndex: i,
      key: step.key,
      assigneeId: step.assigneeId,
      startedAt: step.startedAt,
      dueAt: step.dueAt,
      finishedAt: at,
      timing,
    },
  ];
}

function withStep(steps: readonly RecordStep[], index: number, patch: Partial<RecordStep>): RecordStep[] {
  return steps.map((step, i) => (i === index ? { ...step, ...patch } : step));
}

/** Ends the current visit and starts step `to`. */
function handOver(
  s: RecordState,
  e: { at: string; toStep: number; stepDueAt: string },
  assigneeId?: string | null,
): RecordState {
  const patch = assigneeId === undefined ? {} : { assigneeId };
  return {
    ...s,
    stepHistory: finishVisit(s, e.at),
    steps: withStep(s.steps, e.toStep, { ...patch, startedAt: e.at, dueAt: e.stepDueAt }),
    currentStep: e.toStep,
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
        currentStep: 0,
      };
    }
    case 'forwarded':
    case 'sent_back':
      return handOver(s, e, e.assigneeId);
    case 'assigned':
    case 'reassigned':
      return { ...s, steps: withStep(s.steps, e.stepIndex, { assigneeId: e.assigneeId }) };
    case 'transfer_failed':
      // The open process model's engine (issue 15) keeps the failure on the record until a forward succeeds.
      return {
        ...s,
        transferFailure: {
          at: e.at,
          fromStep: e.fromStep,
          toSteps: e.toSteps,
          agencyId: e.agencyId,
          reason: e.reason,
          detail: e.detail,
          attempts: (s.transferFailure?.attempts ?? 0) + 1,
        },
      };
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
        steps: s.currentStep === null ? s.steps : withStep(s.steps, s.currentStep, { dueAt: e.stepDueAt }),
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
        ...handOver(s, e),
        outcome: 'rejected',
        decidedAt: e.at,
        closure: { kind: 'rejected', at: e.at, reasons: e.reasons },
        ...finished(s, e.at),
      };
    case 'result_issued':
      return { ...handOver(s, e), resultDocuments: e.documents, ...finished(s, e.at) };
    case 'result_returned':
      return {
        ...s,
        stepHistory: finishVisit(s, e.at),
        currentStep: null,
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
        ...s,
        stepHistory: finishVisit(s, e.at),
        currentStep: null,
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
  const next = apply(state, event);
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
