import { type Actor, isStaffOf, type StaffRole } from './actor.ts';
import type { ActionName } from './commands.ts';
import { extensionTooLate, supplementWindowOpen } from './deadlines.ts';
import { type GuardContext, resolvePolicy } from './decide-context.ts';
import { type RecordError, recordError } from './record-error-codes.ts';
import type { RecordState, RecordStatus } from './record-state.ts';

type Who = (s: RecordState | null, a: Actor, action: ActionName) => RecordError | undefined;

interface ActionRule {
  /** States the action starts from; `none` when there is no record yet. */
  readonly from: readonly (RecordStatus | 'none')[];
  /** Where in the process the record must be (a failure is a transition conflict). */
  readonly when?: (s: RecordState) => boolean;
  readonly who: Who;
  /** Rules on the record's history and the clock, checked once the actor may act. */
  readonly rules?: (s: RecordState, ctx: GuardContext | undefined) => RecordError | undefined;
}

const forbidden = (action: ActionName, reason: string) => recordError('auth.forbidden', { action, reason });

const lastStep = (s: RecordState) => s.steps.length - 1;
const current = (s: RecordState) => (s.currentStep === null ? undefined : s.steps[s.currentStep]);
const atProcessingStep = (s: RecordState) =>
  s.currentStep !== null && s.currentStep >= 1 && s.currentStep < lastStep(s);

const applicant: Who = (_s, a, action) =>
  a.kind === 'applicant' ? undefined : forbidden(action, 'applicant_only');
const owner: Who = (s, a, action) =>
  a.kind === 'applicant' && s !== null && s.applicantAccountId === a.accountId
    ? undefined
    : forbidden(action, 'not_owner');
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
 * The official who works the current step: of the step's agency with the step's role, and its assignee;
 * an unassigned reception or leader step may be taken by any such official, a specialist step must first
 * be assigned (Decree 61/2018 art. 19 cl. 1: the head assigns an officer).
 */
const stepWorker: Who = (s, a, action) => {
  const step = s && current(s);
  if (!s || !step) return forbidden(action, 'no_current_step');
  if (!isStaffOf(a, step.agencyId, [step.role])) return forbidden(action, `${step.role}_of_step_agency`);
  if (a.kind === 'official' && step.assigneeId === a.userId) return undefined;
  if (step.assigneeId === null && step.role !== 'specialist') return undefined;
  return recordError('record.not_assigned', { stepIndex: s.currentStep, assigneeId: step.assigneeId });
};

const competentLeader = staff((s) => s.competentAgencyId, ['leader']);
const competentStaff = staff((s) => s.competentAgencyId, ['specialist', 'leader']);

/** A leader of the competent agency who, when the decision step is assigned to a leader, is that leader. */
const decidingLeader: Who = (s, a, action) => {
  const denied = competentLeader(s, a, action);
  if (denied || !s) return denied;
  const step = current(s);
  if (
    step?.role === 'leader' &&
    step.assigneeId !== null &&
    a.kind === 'official' &&
    step.assigneeId !== a.userId
  ) {
    return recordError('record.not_assigned', { stepIndex: s.currentStep, assigneeId: step.assigneeId });
  }
  return undefined;
};

const stepLeader: Who = (s, a, action) => {
  const step = s && current(s);
  return step && isStaffOf(a, step.agencyId, ['leader'])
    ? undefined
    : forbidden(action, 'leader_of_step_agency');
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
  create_draft: { from: ['none'], who: applicant },
  submit: {
    from: ['draft', 'returned_for_completion'],
    when: (s) => s.status === 'draft' || s.channel === 'online',
    who: owner,
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
    when: (s) => s.currentStep !== null && s.currentStep + 1 < lastStep(s),
    who: stepWorker,
  },
  send_back: {
    from: ['in_process'],
    when: (s) => s.currentStep !== null && s.currentStep >= 2 && s.currentStep < lastStep(s),
    who: stepWorker,
  },
  assign: { from: AT_A_STEP, when: (s) => current(s)?.assigneeId === null, who: stepLeader },
  reassign: {
    from: AT_A_STEP,
    when: (s) => typeof current(s)?.assigneeId === 'string',
    who: stepLeader,
  },
  request_supplement: {
    from: ['in_process'],
    when: atProcessingStep,
    who: either(stepWorker, competentLeader),
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
    ),
  },
  approve: { from: ['in_process'], when: (s) => s.currentStep === lastStep(s) - 1, who: decidingLeader },
  reject: { from: ['in_process'], when: (s) => s.currentStep === lastStep(s) - 1, who: decidingLeader },
  issue_result: { from: ['approved'], who: competentStaff },
  return_result: {
    from: ['result_ready', 'rejected'],
    who: staff((s) => s.steps[lastStep(s)]?.agencyId ?? null, ['reception']),
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

/**
 * Why `actor` may not take `action` on the record now, or undefined when they may. In order: the state
 * (`record.transition_not_allowed` with `status` and `action`), the actor (`auth.forbidden` with a
 * `reason`, `record.not_assigned`), then the record's history and, when `ctx` is given, the clock
 * (`record.completion_already_requested`, `record.supplement_already_requested`,
 * `record.supplement_window_passed`,
 * `record.extension_already_used`, `record.extension_too_late`). Command contents are checked by `decide`.
 */
export function checkAction(
  action: ActionName,
  state: RecordState | null,
  actor: Actor,
  ctx?: GuardContext,
): RecordError | undefined {
  const rule = RULES[action];
  if (!rule.from.includes(state?.status ?? 'none') || (state && rule.when && !rule.when(state))) {
    return recordError('record.transition_not_allowed', { status: state?.status ?? null, action });
  }
  const denied = rule.who(state, actor, action);
  if (denied) return denied;
  return state && rule.rules ? rule.rules(state, ctx) : undefined;
}
