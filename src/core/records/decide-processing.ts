import { paymentItemsOf } from '../fees/compute-fees.ts';
import type { Actor } from './actor.ts';
import { checkAssignee } from './assignee.ts';
import { chosenStep, sendBackTargets } from './check-action.ts';
import { deadlineOn, deadlinesAfterSupplement, extensionDateProblem, stepDueAt } from './deadlines.ts';
import type { DecideContext } from './decide-context.ts';
import {
  type ActionHandler,
  accept,
  currentIndex,
  type Decision,
  missing,
  refuse,
  stamp,
} from './decision.ts';
import { recordError } from './record-error-codes.ts';
import { activeStepsOf, finishedSteps, stepSuccessors, stepsStartedAfter } from './record-graph.ts';
import type { RecordState, TransferFailureReason } from './record-state.ts';

function stepAt(s: RecordState, index: number) {
  const step = s.steps[index];
  if (!step) throw new RangeError(`Record ${s.id} has no step ${index}`);
  return step;
}

/**
 * The refusal when the named assignee may not work step `index` (record.assignee_not_eligible), or
 * undefined; no assignee named, nothing to check.
 */
function assigneeRefusal(
  r: RecordState,
  index: number,
  assigneeId: string | undefined,
  ctx: DecideContext,
): Decision | undefined {
  if (assigneeId === undefined) return undefined;
  if (!ctx.officials) return missing('officials');
  const error = checkAssignee(r, index, assigneeId, ctx.officials);
  return error ? refuse(error) : undefined;
}

/** The active step a command acts on (see `chosenStep`), or the refusal when it is ambiguous. */
function stepOf(
  action: 'forward' | 'send_back' | 'assign' | 'reassign',
  r: RecordState,
  c: { stepIndex?: number | undefined },
  actor: Actor,
  ctx: DecideContext,
): number | Decision {
  const chosen = chosenStep(action, r, actor, ctx, c.stepIndex);
  return chosen.ok ? chosen.index : refuse(chosen.error);
}

/**
 * Why the hand-over to step `index` cannot happen now, from what the service loaded about its agency
 * (`ctx.stepAgencies`): the agency is not on the system, or has no active official with the step's role.
 * An agency the service did not list is not checked.
 */
function transferProblem(
  r: RecordState,
  index: number,
  ctx: DecideContext,
): { agencyId: string; reason: TransferFailureReason; detail: string } | undefined {
  const step = stepAt(r, index);
  const facts = ctx.stepAgencies?.find((a) => a.agencyId === step.agencyId);
  if (!facts) return undefined;
  if (!facts.onSystem) {
    return { agencyId: step.agencyId, reason: 'agency_not_on_system', detail: `step ${index} "${step.key}"` };
  }
  const count = facts.eligibleOfficials
    .filter((o) => o.role === step.role)
    .reduce((sum, o) => sum + o.count, 0);
  return count > 0
    ? undefined
    : {
        agencyId: step.agencyId,
        reason: 'no_official',
        detail: `step ${index} "${step.key}": no active ${step.role}`,
      };
}

/**
 * The hand-over from active step `from`: it finishes, and each next step whose other predecessors are
 * finished starts with its full budget (a split starts several: `alsoStarted`; a branch whose join still
 * waits starts none: `joinWaiting`). A named assignee takes the first started step; a step visited before
 * keeps its assignee otherwise. When a started step's agency cannot take it (`ctx.stepAgencies`) nothing
 * moves: the decision is a `transfer_failed` event and the record stays at `from`.
 */
function handOverFrom(
  r: RecordState,
  from: number,
  c: { assigneeId?: string | undefined; note?: string | undefined },
  actor: Actor,
  ctx: DecideContext,
): Decision {
  const started = stepsStartedAfter(r.steps, from, finishedSteps(r));
  const note = c.note ?? null;
  const [first, ...rest] = started;
  if (first === undefined) {
    const join = stepSuccessors(r.steps, from)[0];
    if (join === undefined) throw new RangeError(`Step ${from} of record ${r.id} has no next step`);
    return accept({
      type: 'forwarded',
      ...stamp(actor, ctx),
      fromStep: from,
      toStep: join,
      assigneeId: null,
      stepDueAt: ctx.now.toISOString(),
      note,
      joinWaiting: true,
    });
  }
  const refused = assigneeRefusal(r, first, c.assigneeId, ctx);
  if (refused) return refused;
  for (const j of started) {
    const problem = transferProblem(r, j, ctx);
    if (problem) {
      return accept({
        type: 'transfer_failed',
        ...stamp(actor, ctx),
        fromStep: from,
        toSteps: started,
        agencyId: problem.agencyId,
        reason: problem.reason,
        detail: problem.detail,
      });
    }
  }
  const dueOf = (j: number) =>
    stepDueAt(ctx.calendar, ctx.now, stepAt(r, j).budgetWorkingHours).toISOString();
  return accept({
    type: 'forwarded',
    ...stamp(actor, ctx),
    fromStep: from,
    toStep: first,
    assigneeId: c.assigneeId ?? stepAt(r, first).assigneeId,
    stepDueAt: dueOf(first),
    note,
    ...(rest.length === 0
      ? {}
      : {
          alsoStarted: rest.map((j) => ({
            toStep: j,
            stepDueAt: dueOf(j),
            assigneeId: stepAt(r, j).assigneeId,
          })),
        }),
  });
}

/**
 * Forwards from an active step to the next step(s) (ND61 art. 18–19); see {@link handOverFrom}. Errors:
 * request.invalid (`body.stepIndex`, several active steps), record.assignee_not_eligible.
 */
export const decideForward: ActionHandler<'forward'> = (r, c, actor, ctx) => {
  const from = stepOf('forward', r, c, actor, ctx);
  return typeof from === 'number' ? handOverFrom(r, from, c, actor, ctx) : from;
};

/**
 * Tries the failed hand-over again from the step where the record waits, with the same rules as a forward:
 * `forwarded` when it goes through (the failure is cleared), `transfer_failed` again otherwise.
 */
export const decideRetryTransfer: ActionHandler<'retry_transfer'> = (r, _c, actor, ctx) => {
  if (!r.transferFailure) throw new RangeError(`Record ${r.id} has no failed transfer`);
  return handOverFrom(r, r.transferFailure.fromStep, {}, actor, ctx);
};

/**
 * Sends back from an active step to an earlier processing step of its branch (`sendBackTargets`), which
 * runs again with its full budget; errors: request.invalid (`body.stepIndex`), record.invalid_step,
 * record.assignee_not_eligible.
 */
export const decideSendBack: ActionHandler<'send_back'> = (r, c, actor, ctx) => {
  const from = stepOf('send_back', r, c, actor, ctx);
  if (typeof from !== 'number') return from;
  const allowed = sendBackTargets(r, from);
  if (!allowed.includes(c.toStep)) {
    return refuse(recordError('record.invalid_step', { toStep: c.toStep, allowed }));
  }
  const target = stepAt(r, c.toStep);
  const refused = assigneeRefusal(r, c.toStep, c.assigneeId, ctx);
  if (refused) return refused;
  return accept({
    type: 'sent_back',
    ...stamp(actor, ctx),
    fromStep: from,
    toStep: c.toStep,
    assigneeId: c.assigneeId ?? target.assigneeId,
    stepDueAt: stepDueAt(ctx.calendar, ctx.now, target.budgetWorkingHours).toISOString(),
    reason: c.reason,
  });
};

/** Assigns an unassigned active step; errors: request.invalid (`body.stepIndex`), record.assignee_not_eligible. */
export const decideAssign: ActionHandler<'assign'> = (r, c, actor, ctx) => {
  const index = stepOf('assign', r, c, actor, ctx);
  if (typeof index !== 'number') return index;
  return (
    assigneeRefusal(r, index, c.assigneeId, ctx) ??
    accept({ type: 'assigned', ...stamp(actor, ctx), stepIndex: index, assigneeId: c.assigneeId })
  );
};

/**
 * Moves an active step to someone else; errors: request.invalid (`body.stepIndex`),
 * record.already_assigned, record.assignee_not_eligible.
 */
export const decideReassign: ActionHandler<'reassign'> = (r, c, actor, ctx) => {
  const index = stepOf('reassign', r, c, actor, ctx);
  if (typeof index !== 'number') return index;
  const previous = stepAt(r, index).assigneeId;
  if (previous === c.assigneeId) {
    return refuse(recordError('record.already_assigned', { stepIndex: index, assigneeId: c.assigneeId }));
  }
  const refused = assigneeRefusal(r, index, c.assigneeId, ctx);
  if (refused) return refused;
  return accept({
    type: 'reassigned',
    ...stamp(actor, ctx),
    stepIndex: index,
    previousAssigneeId: previous,
    assigneeId: c.assigneeId,
    reason: c.reason ?? null,
  });
};

/**
 * Asks for the supplement at any processing step (an inter-agency one too; the applicant supplies through
 * the receiving unit); the clock of the whole record stops until it arrives.
 */
export const decideRequestSupplement: ActionHandler<'request_supplement'> = (_s, c, actor, ctx) =>
  accept({
    type: 'supplement_requested',
    ...stamp(actor, ctx),
    reasons: c.reasons,
    missingDocuments: c.missingDocuments,
  });

/**
 * The supplement arrives: both clock rules are computed; every active step gets its full budget again from
 * now (`activeStepDueAt` when parallel branches run; `stepDueAt` is the current step's).
 */
export const decideSupplement: ActionHandler<'supplement'> = (r, c, actor, ctx) => {
  if (!r.timeLimit || !r.legalDeadline || !r.supplement)
    throw new RangeError(`Record ${r.id} was not received`);
  const { pause } = r.legalDeadline;
  const after = deadlinesAfterSupplement(ctx.calendar, {
    limit: r.timeLimit,
    beforePause: { dueDate: pause.dueDate, dueAt: new Date(pause.dueAt) },
    requestedAt: new Date(r.supplement.requestedAt),
    suppliedAt: ctx.now,
    ...(r.clockStartDate ? { clockStartDate: r.clockStartDate } : {}),
    // The rule kept at reception; records received before it was kept had the cut-off on every limit.
    applyCutoff: r.cutoffMinutes !== null,
    ...(typeof r.cutoffMinutes === 'number' ? { cutoffMinutes: r.cutoffMinutes } : {}),
  });
  const dueOf = (i: number) =>
    stepDueAt(ctx.calendar, ctx.now, stepAt(r, i).budgetWorkingHours).toISOString();
  const active = activeStepsOf(r);
  return accept({
    type: 'supplemented',
    ...stamp(actor, ctx),
    documents: c.documents,
    restart: { dueDate: after.restart.dueDate, dueAt: after.restart.dueAt.toISOString() },
    pause: { dueDate: after.pause.dueDate, dueAt: after.pause.dueAt.toISOString() },
    pausedWorkingDays: after.pausedWorkingDays,
    stepDueAt: dueOf(currentIndex(r)),
    ...(active.length > 1 ? { activeStepDueAt: active.map((step) => ({ step, dueAt: dueOf(step) })) } : {}),
  });
};

/** Asks for fees or taxes; the record resumes its present state once paid. */
export const decideRequestPayment: ActionHandler<'request_payment'> = (r, c, actor, ctx) => {
  if (r.status !== 'in_process' && r.status !== 'approved') throw new RangeError(`Cannot pause ${r.status}`);
  const items = c.items ?? (r.fees ? paymentItemsOf(r.fees) : []);
  if (items.length === 0) return refuse(recordError('record.payment_nothing_due', { recordId: r.id }));
  return accept({
    type: 'payment_requested',
    ...stamp(actor, ctx),
    items,
    totalVnd: items.reduce((sum, i) => sum + i.amountVnd, 0),
    resumeStatus: r.status,
  });
};

/** Confirms the payment. */
export const decideConfirmPayment: ActionHandler<'confirm_payment'> = (r, c, actor, ctx) => {
  if (!r.payment) throw new RangeError(`Record ${r.id} awaits no payment`);
  // Decision 766 indicator 3.6 counts payments through the online platform: only the platform's signed
  // callback (the system actor `payment`, issue 18) says a payment was made there, never an official.
  if (c.paidVia === 'online_portal' && !(actor.kind === 'system' && actor.integration === 'payment')) {
    return refuse(
      recordError('auth.forbidden', { action: 'confirm_payment', reason: 'online_payment_by_platform_only' }),
    );
  }
  return accept({
    type: 'payment_confirmed',
    ...stamp(actor, ctx),
    reference: c.reference ?? null,
    paidVia: c.paidVia ?? 'cash',
    resumeStatus: r.payment.resumeStatus,
  });
};

/**
 * Extends once with an apology and a new appointment on a later working day (ND61 art. 19 cl. 9); errors:
 * record.extension_date_invalid (`reason` not_later | not_working_day).
 */
export const decideExtend: ActionHandler<'extend'> = (r, c, actor, ctx) => {
  if (!r.appointment) throw new RangeError(`Record ${r.id} has no appointment`);
  const problem = extensionDateProblem(ctx.calendar, r.appointment.dueDate, c.newDueDate);
  if (problem) {
    return refuse(
      recordError('record.extension_date_invalid', {
        reason: problem,
        currentDueDate: r.appointment.dueDate,
        newDueDate: c.newDueDate,
      }),
    );
  }
  const next = deadlineOn(ctx.calendar, c.newDueDate);
  return accept({
    type: 'extended',
    ...stamp(actor, ctx),
    reason: c.reason,
    previous: r.appointment,
    appointment: { dueDate: next.dueDate, dueAt: next.dueAt.toISOString() },
  });
};
