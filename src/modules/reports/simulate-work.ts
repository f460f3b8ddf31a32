import { randomBytes } from 'node:crypto';
import {
  type Actor,
  availableActions,
  type RecordCommand,
  type RecordState,
  stepKind,
  stepSuccessors,
} from '../../core/records/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { createUser, hashPassword } from '../identity/index.ts';

/** An official acting in a simulation. */
export type SimulatedOfficial = Extract<Actor, { kind: 'official' }>;
/** The roles simulated officials take. */
export type SimulatedRole = 'reception' | 'specialist' | 'leader';

/** Finds or makes the officials of a simulation: `nextMove`'s `who`. */
export interface SimulationOfficials {
  /** The official of an agency and role (made on first need). */
  official(agencyId: string, role: SimulatedRole): Promise<SimulatedOfficial>;
  /** The official a step is assigned to (one `official` made), else the step's agency and role. */
  assignee(userId: string, step: { agencyId: string; role: string }): Promise<SimulatedOfficial>;
}

/**
 * Simulated officials, each created on first need once per agency and role (`sim.<role>.<agency>.<stamp>`),
 * all sharing one password hash (hashing is slow on purpose). The password is random and never printed:
 * nothing in it follows from the usernames. To sign in as one, an administrator resets its password.
 */
export async function simulatedOfficials(db: Db): Promise<SimulationOfficials> {
  const byKey = new Map<string, SimulatedOfficial>();
  const byId = new Map<string, SimulatedOfficial>();
  const stamp = Date.now().toString(36);
  const password = { hash: await hashPassword(randomBytes(24).toString('base64url')) };
  async function official(agencyId: string, role: SimulatedRole): Promise<SimulatedOfficial> {
    const key = `${agencyId}:${role}`;
    let actor = byKey.get(key);
    if (!actor) {
      const made = await createUser(
        db,
        {
          username: `sim.${role}.${agencyId.slice(-8)}.${stamp}`,
          displayName: `Cán bộ mô phỏng (${role})`,
          password,
          agencyId,
          roles: [role],
        },
        new Date(),
      );
      actor = { kind: 'official', userId: made.id, agencyId, roles: [role] };
      byKey.set(key, actor);
      byId.set(made.id, actor);
    }
    return actor;
  }
  return {
    official,
    assignee: async (userId, step) => byId.get(userId) ?? official(step.agencyId, simulatedRole(step.role)),
  };
}

/** The simulated role of a process step's role. */
export function simulatedRole(role: string): SimulatedRole {
  return role === 'reception' ? 'reception' : role === 'leader' ? 'leader' : 'specialist';
}

/**
 * When a received record's work is planned to end, the time between moves, and whether a supplement is
 * still to ask.
 */
export interface WorkPlan {
  readonly finish: number;
  readonly stepMs: number;
  supplementAsked: boolean;
}

/**
 * Plans a received record's work: finished before its deadline, or after it for the late share, with a
 * supplement asked for the supplement share. Draws from `random` in a fixed order (repeatable runs).
 */
export function planWork(
  state: RecordState,
  shares: { late: number; supplement: number },
  random: () => number,
): WorkPlan {
  const received = Date.parse(state.receivedAt!);
  const due = Date.parse(state.appointment!.dueAt);
  const share = random() < shares.late ? 1.05 + random() * 0.6 : 0.15 + random() * 0.8;
  const finish = received + share * Math.max(3_600_000, due - received);
  const stepMs = (finish - received) / (state.steps.length * 2 + 2);
  return { finish, stepMs, supplementAsked: random() >= shares.supplement };
}

/**
 * The next move on a record being worked through, as the officials at its current step would make it
 * (assign, request a supplement once, forward, approve, issue at the planned finish, return at the counter),
 * or null when nothing more is to be done. `official` finds or makes the official of an agency and role;
 * `assignee` is the official a step is assigned to.
 */
export async function nextMove(
  state: RecordState,
  work: WorkPlan,
  who: SimulationOfficials,
): Promise<{ actor: Actor; command: RecordCommand; at: Date } | null> {
  const last = Date.parse(state.updatedAt);
  let at = new Date(Math.min(last + work.stepMs, Math.max(work.finish, last + 60_000)));
  if (state.status === 'supplement_requested') {
    const actor = await who.official(state.receivingAgencyId!, 'reception');
    return {
      actor,
      command: { type: 'supplement', documents: ['Giấy tờ bổ sung'] },
      at: new Date(at.getTime() + 2 * 86_400_000),
    };
  }
  if (state.status === 'result_ready') {
    const actor = await who.official(state.receivingAgencyId!, 'reception');
    return { actor, command: { type: 'return_result', method: 'counter' }, at };
  }
  const step = state.currentStep === null ? undefined : state.steps[state.currentStep];
  if (!step) return null;
  const role = simulatedRole(step.role);
  if (!step.assigneeId && step.role !== 'reception' && state.status === 'in_process') {
    const leader = await who.official(step.agencyId, 'leader');
    const assignee = await who.official(step.agencyId, role === 'leader' ? 'leader' : 'specialist');
    return { actor: leader, command: { type: 'assign', assigneeId: assignee.userId }, at };
  }
  const actor = step.assigneeId
    ? await who.assignee(step.assigneeId, step)
    : await who.official(step.agencyId, role);
  const can = availableActions(state, actor);
  let command: RecordCommand;
  if (state.status === 'approved' || can.includes('issue_result')) {
    command = { type: 'issue_result', documents: [{ name: 'Kết quả giải quyết' }] };
    // The result is issued at the planned finish, early or late as drawn.
    at = new Date(Math.max(at.getTime(), work.finish));
  } else if (can.includes('approve')) command = { type: 'approve' };
  else if (!work.supplementAsked && can.includes('request_supplement')) {
    work.supplementAsked = true;
    command = { type: 'request_supplement', reasons: ['Thiếu giấy tờ'], missingDocuments: [] };
  } else if (can.includes('forward')) {
    // The officials of the steps the hand-over starts exist before it, as in a city on the system: a
    // hand-over to an agency with nobody to take it would be recorded as a failed transfer.
    for (const next of stepSuccessors(state.steps, state.currentStep!)) {
      const target = state.steps[next];
      if (target && stepKind(state.steps, next) !== 'return') {
        await who.official(target.agencyId, simulatedRole(target.role));
      }
    }
    command = { type: 'forward' };
  } else return null;
  return { actor, command, at };
}
