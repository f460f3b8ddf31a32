import { checkAssignee } from './assignee.ts';
import { deadlineOn, deadlinesAfterSupplement, extensionDateProblem, stepDueAt } from './deadlines.ts';
import type { DecideContext } from './decide-context.ts';
import { resolvePolicy } from './decide-context.ts';
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
import type { RecordState } from './record-state.ts';

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

/**
 * Forwards to the next step (ND61 art. 18–19); a step visited before keeps its assignee unless one is named;
 * errors: record.assignee_not_eligible.
 */
export const decideForward: ActionHandler<'forward'> = (r, c, actor, ctx) => {
  const from = currentIndex(r);
  const next = stepAt(r, from + 1);
  const refused = assigneeRefusal(r, from + 1, c.assigneeId, ctx);
  if (refused) return refused;
  return accept({
    type: 'forwarded',
    ...stamp(actor, ctx),
    fromStep: from,
    toStep: from + 1,
    assigneeId: c.assigneeId ?? next.assigneeId,
    stepDueAt: stepDueAt(ctx.calendar, ctx.now, next.budgetWorkingHours).toISOString(),
    note: c.note ?? null,
  });
};

/** Sends back to an earlier processing step; errors: record.invalid_step, record.assignee_not_eligible. */
export const decideSendBack: ActionHandler<'send_back'> = (r, c, actor, ctx) => {
  const from = currentIndex(r);
  if (c.toStep < 1 || c.toStep >= from) {
    const allowed = Array.from({ length: from - 1 }, (_, i) => i + 1);
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

/** Assigns the unassigned current step; errors: record.assignee_not_eligible. */
export const decideAssign: ActionHandler<'assign'> = (r, c, actor, ctx) =>
  assigneeRefusal(r, currentIndex(r), c.assigneeId, ctx) ??
  accept({ type: 'assigned', ...stamp(actor, ctx), stepIndex: currentIndex(r), assigneeId: c.assigneeId });

/** Moves the current step to someone else; errors: record.already_assigned, record.assignee_not_eligible. */
export const decideReassign: ActionHandler<'reassign'> = (r, c, actor, ctx) => {
  const index = currentIndex(r);
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

/** Asks for the supplement; the clock stops until it arrives. */
export const decideRequestSupplement: ActionHandler<'request_supplement'> = (_s, c, actor, ctx) =>
  accept({
    type: 'supplement_requested',
    ...stamp(actor, ctx),
    reasons: c.reasons,
    missingDocuments: c.missingDocuments,
  });

/** The supplement arrives: both clock rules are computed; the current step gets its full budget again. */
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
  const budget = stepAt(r, currentIndex(r)).budgetWorkingHours;
  return accept({
    type: 'supplemented',
    ...stamp(actor, ctx),
    documents: c.documents,
    restart: { dueDate: after.restart.dueDate, dueAt: after.restart.dueAt.toISOString() },
    pause: { dueDate: after.pause.dueDate, dueAt: after.pause.dueAt.toISOString() },
    pausedWorkingDays: after.pausedWorkingDays,
    stepDueAt: stepDueAt(ctx.calendar, ctx.now, budget).toISOString(),
  });
};

/** Asks for fees or taxes; the record resumes its present state once paid. */
export const decideRequestPayment: ActionHandler<'request_payment'> = (r, c, actor, ctx) => {
  if (r.status !== 'in_process' && r.status !== 'approved') throw new RangeError(`Cannot pause ${r.status}`);
  return accept({
    type: 'payment_requested',
    ...stamp(actor, ctx),
    items: c.items,
    totalVnd: c.items.reduce((sum, i) => sum + i.amountVnd, 0),
    resumeStatus: r.status,
  });
};

/** Confirms the payment. */
export const decideConfirmPayment: ActionHandler<'confirm_payment'> = (r, c, actor, ctx) => {
  if (!r.payment) throw new RangeError(`Record ${r.id} awaits no payment`);
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
