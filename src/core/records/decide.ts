import type { Actor } from './actor.ts';
import { availableActions } from './available-actions.ts';
import { checkAction } from './check-action.ts';
import type { ActionName, RecordCommand } from './commands.ts';
import type { DecideContext } from './decide-context.ts';
import {
  decideAssign,
  decideConfirmPayment,
  decideExtend,
  decideForward,
  decideReassign,
  decideRequestPayment,
  decideRequestSupplement,
  decideRetryTransfer,
  decideSendBack,
  decideSupplement,
} from './decide-processing.ts';
import {
  decideCreateDraft,
  decideReceive,
  decideRefuse,
  decideRequestCompletion,
  decideSubmit,
} from './decide-reception.ts';
import {
  decideApprove,
  decideIssueResult,
  decideReject,
  decideReturnResult,
  decideStop,
  decideWithdraw,
} from './decide-result.ts';
import { type ActionHandler, type Decision, type OpeningHandler, refuse } from './decision.ts';
import type { RecordState } from './record-state.ts';

type OpeningAction = 'create_draft' | 'request_completion' | 'refuse' | 'receive';

const OPENING: { readonly [A in OpeningAction]: OpeningHandler<A> } = {
  create_draft: decideCreateDraft,
  request_completion: decideRequestCompletion,
  refuse: decideRefuse,
  receive: decideReceive,
};

const HANDLERS: { readonly [A in Exclude<ActionName, OpeningAction>]: ActionHandler<A> } = {
  submit: decideSubmit,
  forward: decideForward,
  retry_transfer: decideRetryTransfer,
  send_back: decideSendBack,
  assign: decideAssign,
  reassign: decideReassign,
  request_supplement: decideRequestSupplement,
  supplement: decideSupplement,
  request_payment: decideRequestPayment,
  confirm_payment: decideConfirmPayment,
  approve: decideApprove,
  reject: decideReject,
  issue_result: decideIssueResult,
  return_result: decideReturnResult,
  extend: decideExtend,
  withdraw: decideWithdraw,
  stop: decideStop,
};

const isOpening = (action: ActionName): action is OpeningAction => action in OPENING;

/**
 * Decides a command on a record (null: none yet) for an actor: the events to append, or why not. Pure: the
 * time, calendar, procedure version, agencies and the DB-allocated reception sequence come in `ctx`.
 *
 * Refusals, in order: `record.transition_not_allowed` (conflict; `params.status`, `params.action` and
 * `params.allowedActions` for this actor); `auth.forbidden` or `record.not_assigned`; history and clock rules
 * (`record.completion_already_requested`, `record.supplement_already_requested`,
 * `record.supplement_window_passed`,
 * `record.extension_already_used`, `record.extension_too_late`); then the command's content
 * (`request.invalid`, `record.competent_agency_unresolved`, `record.outside_reception_scope`,
 * `record.checklist_unknown_document`, `record.checklist_incomplete`, `record.invalid_return_point`,
 * `record.procedure_not_configured`, `record.channel_not_offered`, `record.invalid_step`,
 * `record.already_assigned`, `record.assignee_not_eligible`, `record.extension_date_invalid`, `agency.not_found`); `system.internal` when
 * `ctx` lacks what the command needs.
 * @throws RangeError only on a state `decide` could not have produced.
 */
export function decide(
  state: RecordState | null,
  command: RecordCommand,
  actor: Actor,
  ctx: DecideContext,
): Decision {
  const refused = checkAction(
    command.type,
    state,
    actor,
    ctx,
    'stepIndex' in command ? command.stepIndex : undefined,
  );
  if (refused) {
    if (refused.code !== 'record.transition_not_allowed') return refuse(refused);
    return refuse({
      ...refused,
      params: { ...refused.params, allowedActions: availableActions(state, actor, ctx) },
    });
  }
  if (isOpening(command.type)) {
    const handler = OPENING[command.type] as OpeningHandler<ActionName>;
    return handler(state, command, actor, ctx);
  }
  if (state === null) throw new RangeError(`checkAction let "${command.type}" through without a record`);
  const handler = HANDLERS[command.type] as ActionHandler<ActionName>;
  return handler(state, command, actor, ctx);
}
