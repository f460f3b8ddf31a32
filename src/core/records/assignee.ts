import type { FieldIssue } from '../errors/index.ts';
import type { StaffRole } from './actor.ts';
import type { RecordCommand } from './commands.ts';
import { type RecordError, recordError } from './record-error-codes.ts';
import { forwardTargets } from './record-graph.ts';
import type { RecordState, RecordStep } from './record-state.ts';

/** An official as an assignment needs them: where they work, what they may do, whether they still work. */
export interface Assignable {
  readonly userId: string;
  readonly agencyId: string;
  readonly roles: readonly StaffRole[];
  readonly active: boolean;
}

/** Why an official may not take a step: unknown id, deactivated, of another agency, without the step's role. */
export type AssigneeProblem = 'unknown' | 'inactive' | 'other_agency' | 'wrong_role';

/**
 * Why `candidate` may not be assigned `step`, or undefined when they may: only an active official of the
 * agency that owns the step, holding the step's role (Decree 61/2018 art. 19 cl. 1: the head of that
 * agency assigns one of its officers), may work it.
 */
export function assigneeProblem(
  step: Pick<RecordStep, 'agencyId' | 'role'>,
  candidate: Assignable | undefined,
): AssigneeProblem | undefined {
  if (!candidate) return 'unknown';
  if (!candidate.active) return 'inactive';
  if (candidate.agencyId !== step.agencyId) return 'other_agency';
  if (!candidate.roles.includes(step.role)) return 'wrong_role';
  return undefined;
}

/**
 * The commands that name an assignee, and which of the record's steps that person would work: for a
 * forward the first step it starts (none when its branch waits at a join), for a send-back its target, for
 * an assignment the step named by `stepIndex`, else the current (lowest active) step.
 */
export function assignedStepIndex(state: RecordState, command: RecordCommand): number | undefined {
  const named = 'stepIndex' in command ? command.stepIndex : undefined;
  const from = named ?? state.currentStep;
  if (from === null) return undefined;
  switch (command.type) {
    case 'forward':
      return command.assigneeId === undefined ? undefined : forwardTargets(state, from)[0];
    case 'send_back':
      return command.assigneeId === undefined ? undefined : command.toStep;
    case 'assign':
    case 'reassign':
      return from;
    default:
      return undefined;
  }
}

/** The assignee a command names, if any. */
export function namedAssignee(command: RecordCommand): string | undefined {
  return 'assigneeId' in command && typeof command.assigneeId === 'string' ? command.assigneeId : undefined;
}

/**
 * `record.assignee_not_eligible` (422, naming `body.assigneeId`) when the command's assignee may not work
 * `stepIndex`; `officials` are the officials the service found for the named id (none when unknown).
 */
export function checkAssignee(
  state: RecordState,
  stepIndex: number,
  assigneeId: string,
  officials: readonly Assignable[],
): RecordError | undefined {
  const step = state.steps[stepIndex];
  if (!step) return undefined;
  const problem = assigneeProblem(
    step,
    officials.find((o) => o.userId === assigneeId),
  );
  if (!problem) return undefined;
  const issue: FieldIssue = {
    path: 'body.assigneeId',
    code: 'record.assignee_not_eligible',
    message: `not an active ${step.role} of the agency of step ${stepIndex} (${problem})`,
    messageVi: `không phải cán bộ đang làm việc có vai trò ${step.role} của cơ quan thực hiện bước ${stepIndex}`,
  };
  return {
    ...recordError('record.assignee_not_eligible', {
      assigneeId,
      reason: problem,
      stepIndex,
      stepRole: step.role,
      stepAgencyId: step.agencyId,
    }),
    issues: [issue],
  };
}
