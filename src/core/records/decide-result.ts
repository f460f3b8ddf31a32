import { stepDueAt } from './deadlines.ts';
import type { DecideContext } from './decide-context.ts';
import { type ActionHandler, accept, currentIndex, stamp } from './decision.ts';
import { activeStepsOf, returnStepAfter, stepKind } from './record-graph.ts';
import type { RecordState } from './record-state.ts';

/**
 * The move from the active decision step to the return step after it, with the return step's due time
 * (on processes before the open model: the step before last to the last).
 */
function toReturnStep(r: RecordState, ctx: DecideContext) {
  const from = activeStepsOf(r).find((i) => stepKind(r.steps, i) === 'decision') ?? currentIndex(r);
  const to = returnStepAfter(r.steps, from);
  return {
    fromStep: from,
    toStep: to,
    stepDueAt: stepDueAt(ctx.calendar, ctx.now, r.steps[to]?.budgetWorkingHours ?? 0).toISOString(),
  };
}

/** The leader approves at the decision step; the result is issued next. */
export const decideApprove: ActionHandler<'approve'> = (_r, c, actor, ctx) =>
  accept({ type: 'approved', ...stamp(actor, ctx), note: c.note ?? null });

/** The leader refuses with reasons (ND61 art. 19 cl. 8); the refusal goes to the return step. */
export const decideReject: ActionHandler<'reject'> = (r, c, actor, ctx) =>
  accept({ type: 'rejected', ...stamp(actor, ctx), ...toReturnStep(r, ctx), reasons: c.reasons });

/** The result is issued and handed to the return step. */
export const decideIssueResult: ActionHandler<'issue_result'> = (r, c, actor, ctx) =>
  accept({ type: 'result_issued', ...stamp(actor, ctx), ...toReturnStep(r, ctx), documents: c.documents });

/** The result reaches the applicant at the counter, online or by post (ND61 art. 20). */
export const decideReturnResult: ActionHandler<'return_result'> = (_r, c, actor, ctx) =>
  accept({
    type: 'result_returned',
    ...stamp(actor, ctx),
    method: c.method,
    recipientName: c.recipientName ?? null,
    trackingNumber: c.trackingNumber ?? null,
  });

/** The applicant withdraws before any decision (national status 7). */
export const decideWithdraw: ActionHandler<'withdraw'> = (_r, c, actor, ctx) =>
  accept({ type: 'withdrawn', ...stamp(actor, ctx), reason: c.reason });

/** The one-stop unit stops processing at the applicant's request (ND118 art. 21; status 8). */
export const decideStop: ActionHandler<'stop'> = (_r, c, actor, ctx) =>
  accept({ type: 'stopped', ...stamp(actor, ctx), reason: c.reason });
