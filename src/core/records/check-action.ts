import type { StepKind } from '../catalog/index.ts';
import { type Actor, authorityOf, isStaffOf, type StaffRole } from './actor.ts';
import type { ActionName } from './commands.ts';
import { extensionTooLate, supplementWindowOpen } from './deadlines.ts';
import { type GuardContext, resolvePolicy } from './decide-context.ts';
import { type RecordError, recordError } from './record-error-codes.ts';
import { activeStepsOf, stepAncestors, stepKind, stepSuccessors } from './record-graph.ts';
import type { RecordState, RecordStatus } from './record-state.ts';

type Who = (s: RecordState | null, a: Actor, action: ActionName) => RecordError | undefined;
/** Who may act on active step `i` of the record. */
type StepWho = (s: RecordState, a: Actor, action: ActionName, i: number) => RecordError | undefined;

interface ActionRule {
  /** States the action starts from; `none` when there is no record yet. */
  readonly from: readonly (RecordStatus | 'none')[];
  /** Where in the process the record must be (a failure is a transition conflict). */
  readonly when?: (s: RecordState) => boolean;
  /**
   * For an action on one active step: which active steps it applies to (none: a transition conflict) and
   * who may take it there. The action is allowed when the actor may take it at one of those steps.
   */
  readonly step?: { readonly at: (s: RecordState, i: number) => boolean; readonly who: StepWho };
  readonly who?: Who;
  /** Rules on the record's history and the clock, checked once the actor may act. */
  readonly rules?: (s: RecordState, ctx: GuardContext | undefined) => RecordError | undefined;
}

const forbidden = (action: ActionName, reason: string) => recordError('auth.forbidden', { action, reason });

const kindAt = (s: RecordState, i: number) => stepKind(s.steps, i);
/** The active step of a kind (the lowest when several are), or undefined. */
const activeOfKind = (s: RecordState, kind: StepKind) => activeStepsOf(s).find((i) => kindAt(s, i) === kind);

const applicant: Who = (_s, a, action) =>
  a.kind === 'applicant' ? undefined : forbidden(action, 'applicant_only');
const owner: Who = (s, a, action) =>
  a.kind === 'applicant' && s !== null && s.applicantAccountId === a.accountId
    ? undefined
    : forbidden(action, 'not_owner');
/**
 * The national portal's integration (issue 16): a record submitted on Cổng DVCQG enters online reception
 * exactly like one submitted here, so it may open the draft and submit it, and nothing else.
 */
const portalSystem: Who = (_s, a, action) =>
  a.kind === 'system' && a.integration === 'portal' ? undefined : forbidden(action, 'applicant_only');
const staff =
  (agency: (s: RecordState) => string | null, roles: readonly StaffRole[]): Who =>
  (s, a, action) =>
    s !== null && isStaffOf(a, agency(s), roles)
      ? undefined
      : forbidden(action, `${roles.join('_or_')}_of_agency`);
const either =
  (...whos: Who[]): Who =>
  (s, a, action) => {
    let first: RecordError | undefined;
    for (const who of whos) {
      const e = who(s, a, action);
      if (!e) return undefined;
      first ??= e;
    }
    return first;
  };
const eitherAtStep =
  (...whos: StepWho[]): StepWho =>
  (s, a, action, i) => {
    let first: RecordError | undefined;
    for (const who of whos) {
      const e = who(s, a, action, i);
      if (!e) return undefined;
      first ??= e;
    }
    return first;
  };
const anyStep =
  (who: Who): StepWho =>
  (s, a, action) =>
    who(s, a, action);

/** Reception officers of the receiving agency; before a record exists, any reception officer (the agency is theirs). */
const receptionOfficer: Who = (s, a, action) => {
  if (s === null || s.receivingAgencyId === null) {
    return a.kind === 'official' && a.roles.includes('reception')
      ? undefined
      : forbidden(action, 'reception_only');
  }
  return staff((r) => r.receivingAgencyId, ['reception'])(s, a, action);
};

/**
 * The official who works step `i`: of the step's agency with the step's role, and its assignee; an
 * unassigned reception or leader step may be taken by any such official, a specialist step must first be
 * assigned (Decree 61/2018 art. 19 cl. 1: the head assigns an officer).
 */
const stepWorker: StepWho = (s, a, action, i) => {
  const step = s.steps[i];
  if (!step) return forbidden(action, 'no_current_step');
  if (!isStaffOf(a, step.agencyId, [step.role])) return forbidden(action, `${step.role}_of_step_agency`);
  if (a.kind === 'official' && step.assigneeId === authorityOf(a)) return undefined;
  if (step.assigneeId === null && step.role !== 'specialist') return undefined;
  return recordError('record.not_assigned', { stepIndex: i, assigneeId: step.assigneeId });
};

const competentLeader = staff((s) => s.competentAgencyId, ['leader']);
const competentStaff = staff((s) => s.competentAgencyId, ['specialist', 'leader']);

/**
 * A leader of the decision step's agency (the competent agency on processes before the open model) who,
 * when the step is assigned to a leader, is that leader.
 */
const decidingLeader: StepWho = (s, a, action, i) => {
  const step = s.steps[i];
  if (!step || !isStaffOf(a, step.agencyId, ['leader'])) return forbidden(action, 'leader_of_agency');
  if (
    step.role === 'leader' &&
    step.assigneeId !== null &&
    a.kind === 'official' &&
    step.assigneeId !== authorityOf(a)
  ) {
    return recordError('record.not_assigned', { stepIndex: i, assigneeId: step.assigneeId });
  }
  return undefined;
};

/** Staff of the agency of the active decision step (the competent agency before the open model). */
const decisionStaff: Who = (s, a, action) => {
  const i = s ? activeOfKind(s, 'decision') : undefined;
  const agencyId = s && i !== undefined ? (s.steps[i]?.agencyId ?? null) : (s?.competentAgencyId ?? null);
  return s !== null && isStaffOf(a, agencyId, ['specialist', 'leader'])
    ? undefined
    : forbidden(action, 'specialist_or_leader_of_agency');
};

const stepLeader: StepWho = (s, a, action, i) => {
  const step = s.steps[i];
  return step && isStaffOf(a, step.agencyId, ['leader'])
    ? undefined
    : forbidden(action, 'leader_of_step_agency');
};

/**
 * Who may try a failed hand-over again: the worker of the step it failed from, the receiving unit's
 * reception officers and leaders, or a monitor of the receiving, competent or sending agency.
 */
const transferRetrier: Who = (s, a, action) => {
  const failure = s?.transferFailure;
  if (!s || !failure) return forbidden(action, 'no_transfer_failure');
  const worker = stepWorker(s, a, action, failure.fromStep);
  if (!worker) return undefined;
  const sender = s.steps[failure.fromStep]?.agencyId ?? null;
  const monitor = [s.receivingAgencyId, s.competentAgencyId, sender].some((id) =>
    isStaffOf(a, id, ['monitor']),
  );
  if (monitor || isStaffOf(a, s.receivingAgencyId, ['reception', 'leader'])) return undefined;
  return worker;
};

/**
 * Where a step may send the record back: the earlier steps of its own branch (its ancestors) that are
 * processing steps (not the reception, not the return), ascending.
 */
export function sendBackTargets(s: RecordState, from: number): number[] {
  return stepAncestors(s.steps, from).filter((i) => {
    const kind = kindAt(s, i);
    return kind === 'work' || kind === 'decision';
  });
}

/**
 * Whether the record can be forwarded from step `i`: a reception or work step whose next steps exist and
 * are not the return step (the result, or the refusal, goes there from the decision step).
 */
function forwardsFrom(s: RecordState, i: number): boolean {
  const kind = kindAt(s, i);
  if (kind !== 'reception' && kind !== 'work') return false;
  const next = stepSuccessors(s.steps, i);
  return next.length > 0 && next.every((j) => kindAt(s, j) !== 'return');
}

const processing = (s: RecordState, i: number) => {
  const kind = kindAt(s, i);
  return kind === 'work' || kind === 'decision';
};

/** States in which the record sits at a step of its process. */
const AT_A_STEP: readonly RecordStatus[] = [
  'received',
  'in_process',
  'supplement_requested',
  'awaiting_payment',
  'approved',
  'result_ready',
  'rejected',
];
const noDecisionYet = (s: RecordState) => s.outcome === null;

const RULES: Readonly<Record<ActionName, ActionRule>> = {
  create_draft: { from: ['none'], who: either(applicant, portalSystem) },
  submit: {
    from: ['draft', 'returned_for_completion'],
    when: (s) => s.status === 'draft' || s.channel === 'online',
    // The portal submits only the draft it opened (an applicant account is never the portal's).
    who: either(owner, (s, a, action) =>
      s !== null && s.status === 'draft' && s.applicantAccountId === null
        ? portalSystem(s, a, action)
        : forbidden(action, 'not_owner'),
    ),
  },
  request_completion: {
    from: ['none', 'submitted'],
    who: receptionOfficer,
    // Decree 61/2018 art. 15 and art. 17 cl. 2: the applicant is guided to complete the dossier once,
    // completely; a resubmission is then received or refused, not sent back again.
    rules: (s) =>
      s.completionRequest === null
        ? undefined
        : recordError('record.completion_already_requested', { requestedAt: s.completionRequest.at }),
  },
  refuse: { from: ['none', 'submitted'], who: receptionOfficer },
  receive: {
    from: ['none', 'submitted', 'returned_for_completion'],
    // An online record asked for completion comes back through the applicant's resubmission.
    when: (s) => s.status !== 'returned_for_completion' || s.channel !== 'online',
    who: receptionOfficer,
  },
  forward: {
    from: ['received', 'in_process'],
    // The return step is reached only through the result (or the refusal).
    step: { at: forwardsFrom, who: stepWorker },
  },
  retry_transfer: {
    from: ['received', 'in_process'],
    when: (s) => !!s.transferFailure && activeStepsOf(s).includes(s.transferFailure.fromStep),
    who: transferRetrier,
  },
  send_back: {
    from: ['in_process'],
    step: { at: (s, i) => processing(s, i) && sendBackTargets(s, i).length > 0, who: stepWorker },
  },
  assign: { from: AT_A_STEP, step: { at: (s, i) => s.steps[i]?.assigneeId === null, who: stepLeader } },
  reassign: {
    from: AT_A_STEP,
    step: { at: (s, i) => typeof s.steps[i]?.assigneeId === 'string', who: stepLeader },
  },
  request_supplement: {
    from: ['in_process'],
    step: { at: processing, who: eitherAtStep(stepWorker, anyStep(competentLeader)) },
    // Decree 118/2025 art. 11–12 and Decree 61/2018 art. 19 cl. 4: once, within 3 working days of reception.
    rules: (s, ctx) => {
      if (s.supplement !== null)
        return recordError('record.supplement_already_requested', { requestedAt: s.supplement.requestedAt });
      if (!ctx || s.clockStartDate === null) return undefined;
      const windowDays = resolvePolicy(ctx.policy).supplementWindowWorkingDays;
      return supplementWindowOpen(ctx.calendar, s.clockStartDate, ctx.now, windowDays)
        ? undefined
        : recordError('record.supplement_window_passed', {
            clockStartDate: s.clockStartDate,
            windowWorkingDays: windowDays,
          });
    },
  },
  supplement: {
    from: ['supplement_requested'],
    who: either(
      owner,
      staff((s) => s.receivingAgencyId, ['reception']),
    ),
  },
  request_payment: { from: ['in_process', 'approved'], who: competentStaff },
  confirm_payment: {
    from: ['awaiting_payment'],
    who: either(
      staff((s) => s.receivingAgencyId, ['reception']),
      competentStaff,
      // The national payment platform's signed callback, or a transfer matched from the bank statement
      // (issue 18): the payments module confirms as the system actor `payment`.
      (_s, a, action) =>
        a.kind === 'system' && a.integration === 'payment' ? undefined : forbidden(action, 'staff_only'),
    ),
  },
  approve: { from: ['in_process'], step: { at: (s, i) => kindAt(s, i) === 'decision', who: decidingLeader } },
  reject: { from: ['in_process'], step: { at: (s, i) => kindAt(s, i) === 'decision', who: decidingLeader } },
  issue_result: { from: ['approved'], who: decisionStaff },
  return_result: {
    from: ['result_ready', 'rejected'],
    step: {
      at: (s, i) => kindAt(s, i) === 'return',
      who: (s, a, action, i) =>
        // Vietnam Post closes a record it delivered (issue 16), only one the applicant asked to get by post.
        a.kind === 'system' && a.integration === 'post' && s.returnPoint?.kind === 'post'
          ? undefined
          : staff(() => s.steps[i]?.agencyId ?? null, ['reception'])(s, a, action),
    },
  },
  extend: {
    from: ['received', 'in_process', 'awaiting_payment', 'approved'],
    who: competentLeader,
    // Decree 61/2018 art. 19 cl. 9: at most once, at least 1 day before the deadline.
    rules: (s, ctx) => {
      if (s.extension !== null)
        return recordError('record.extension_already_used', { extendedAt: s.extension.at });
      if (!ctx || s.appointment === null) return undefined;
      const lead = resolvePolicy(ctx.policy).extensionLeadWorkingDays;
      return extensionTooLate(ctx.calendar, s.appointment.dueDate, ctx.now, lead)
        ? recordError('record.extension_too_late', { dueDate: s.appointment.dueDate, leadWorkingDays: lead })
        : undefined;
    },
  },
  withdraw: {
    from: [
      'draft',
      'submitted',
      'returned_for_completion',
      'received',
      'in_process',
      'supplement_requested',
      'awaiting_payment',
    ],
    // Circular 03/2025 art. 7: only while no decision or result exists.
    when: noDecisionYet,
    who: (s, a, action) =>
      s?.status === 'draft' ? owner(s, a, action) : either(owner, receptionOfficer)(s, a, action),
  },
  stop: {
    from: ['received', 'in_process', 'supplement_requested', 'awaiting_payment'],
    when: noDecisionYet,
    who: staff((s) => s.receivingAgencyId, ['reception', 'leader']),
  },
};

/** The actions that act on one active step (and accept a `stepIndex`). */
export const STEP_ACTIONS: ReadonlySet<ActionName> = new Set(
  (Object.keys(RULES) as ActionName[]).filter((a) => RULES[a].step !== undefined),
);

/**
 * The active steps at which `actor` may take `action` now, ascending (empty for an action not taken at
 * one step, or when the actor may not take it). Lets a client show a step's buttons on that step.
 */
export function actionSteps(
  action: ActionName,
  state: RecordState | null,
  actor: Actor,
  ctx?: GuardContext,
): number[] {
  const rule = RULES[action];
  if (!state || !rule.step) return [];
  return activeStepsOf(state).filter((i) => checkAction(action, state, actor, ctx, i) === undefined);
}

/**
 * The step a command acts on: the `stepIndex` it names, else the only active step where the actor may
 * take the action; several: 422 `request.invalid` naming `body.stepIndex` with the `allowed` indices.
 * Call after {@link checkAction} let the action through.
 */
export function chosenStep(
  action: ActionName,
  state: RecordState,
  actor: Actor,
  ctx: GuardContext | undefined,
  stepIndex: number | undefined,
): { ok: true; index: number } | { ok: false; error: RecordError } {
  if (stepIndex !== undefined) return { ok: true, index: stepIndex };
  const allowed = actionSteps(action, state, actor, ctx);
  if (allowed.length === 1) return { ok: true, index: allowed[0] as number };
  const active = activeStepsOf(state);
  if (allowed.length === 0 && active.length === 1) return { ok: true, index: active[0] as number };
  return {
    ok: false,
    error: {
      code: 'request.invalid',
      params: { field: 'stepIndex', allowed },
      issues: [
        {
          path: 'body.stepIndex',
          code: 'record.step_ambiguous',
          message: `several active steps allow "${action}": name one of ${allowed.join(', ')} in stepIndex`,
          messageVi: `hồ sơ đang ở nhiều bước song song: chọn bước (stepIndex) trong ${allowed.join(', ')}`,
        },
      ],
    },
  };
}

/**
 * Why `actor` may not take `action` on the record now, or undefined when they may. In order: the state
 * (`record.transition_not_allowed` with `status` and `action`; for an action on one step, also when no
 * active step allows it), the chosen step (`record.invalid_step` with `stepIndex` and the `allowed` active
 * steps, when `stepIndex` names a step the action cannot be taken at), the actor (`auth.forbidden` with a
 * `reason`, `record.not_assigned`), then the record's history and, when `ctx` is given, the clock
 * (`record.completion_already_requested`, `record.supplement_already_requested`,
 * `record.supplement_window_passed`,
 * `record.extension_already_used`, `record.extension_too_late`). Command contents are checked by `decide`.
 * With parallel branches an action on one step is allowed when the actor may take it at some active step
 * (or at `stepIndex` when given).
 */
export function checkAction(
  action: ActionName,
  state: RecordState | null,
  actor: Actor,
  ctx?: GuardContext,
  stepIndex?: number,
): RecordError | undefined {
  const rule = RULES[action];
  const conflict = () =>
    recordError('record.transition_not_allowed', { status: state?.status ?? null, action });
  if (!rule.from.includes(state?.status ?? 'none') || (state && rule.when && !rule.when(state))) {
    return conflict();
  }
  if (rule.step) {
    if (!state) return conflict();
    const step = rule.step;
    const candidates = activeStepsOf(state).filter((i) => step.at(state, i));
    if (candidates.length === 0) return conflict();
    if (stepIndex !== undefined && !candidates.includes(stepIndex)) {
      return {
        ...recordError('record.invalid_step', { stepIndex, allowed: candidates }),
        issues: [
          {
            path: 'body.stepIndex',
            code: 'record.invalid_step',
            message: `"${action}" cannot be taken at step ${stepIndex}; active steps that allow it: ${candidates.join(', ')}`,
            messageVi: `không thực hiện được thao tác này ở bước ${stepIndex}`,
          },
        ],
      };
    }
    let first: RecordError | undefined;
    for (const i of stepIndex === undefined ? candidates : [stepIndex]) {
      const denied = step.who(state, actor, action, i);
      if (!denied) {
        first = undefined;
        break;
      }
      first ??= denied;
    }
    if (first) return first;
  } else if (rule.who) {
    const denied = rule.who(state, actor, action);
    if (denied) return denied;
  }
  return state && rule.rules ? rule.rules(state, ctx) : undefined;
}
