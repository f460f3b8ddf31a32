import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vnInstant } from '../calendar/index.ts';
import type { ProcessStep } from '../catalog/index.ts';
import type { OfficialActor } from './actor.ts';
import type { Assignable } from './assignee.ts';
import { availableActions } from './available-actions.ts';
import { actionSteps, sendBackTargets } from './check-action.ts';
import type { ActionName, RecordCommandInput } from './commands.ts';
import type { StepAgencyFacts } from './decide-context.ts';
import { RecordEvent } from './events.ts';
import { evolve, project } from './evolve.ts';
import { activeStepsOf, stepAncestors, stepPredecessors } from './record-graph.ts';
import { RecordState } from './record-state.ts';
import {
  act,
  attempt,
  CODES,
  calendar,
  citizen,
  context,
  fullChecklist,
  officials,
  procedure,
  staff,
} from './test-fixtures.ts';

/*
 * Random walks through random open processes (issue 15): reception, then stages of one step or of parallel
 * branches (at the competent agency, the land registration branch or the tax office), the decision and the
 * return. Whatever is offered is taken by whoever it is offered to; the history replays to the same record
 * and the active steps stay consistent with the process graph.
 */

const LAND_OFFICE = '92-vpdkdd-chi-nhanh';
const TAX_OFFICE = '92-thue-co-so';
const AGENCY_RULES: NonNullable<ProcessStep['agency']>[] = [
  { kind: 'competent' },
  { kind: 'rule', rule: { kind: 'named_agency', agencyKey: LAND_OFFICE, basis: 'x' } },
  { kind: 'rule', rule: { kind: 'named_agency', agencyKey: TAX_OFFICE, basis: 'x' } },
];

const official = (userId: string, agencyId: string, ...roles: OfficialActor['roles']): OfficialActor => ({
  kind: 'official',
  userId,
  agencyId,
  roles,
});
const extra = [
  official('land-specialist', LAND_OFFICE, 'specialist'),
  official('land-leader', LAND_OFFICE, 'leader'),
  official('tax-specialist', TAX_OFFICE, 'specialist'),
  official('tax-leader', TAX_OFFICE, 'leader'),
];
const ACTORS: OfficialActor[] = [
  staff.ninhKieuReception,
  staff.ninhKieuDirector,
  staff.caiKheSpecialist,
  staff.caiKheSpecialist2,
  staff.caiKheLeader,
  staff.caiKheMonitor,
  ...extra,
];
const allOfficials: Assignable[] = [
  ...officials,
  ...extra.map((a) => ({ userId: a.userId, agencyId: a.agencyId, roles: a.roles, active: true })),
];
const USER_IDS = allOfficials.map((o) => o.userId);

/** A stage: its parallel branches, each a list of agency-rule indices (one step each). */
const stages = fc.array(
  fc.array(fc.array(fc.nat({ max: AGENCY_RULES.length - 1 }), { minLength: 1, maxLength: 2 }), {
    minLength: 1,
    maxLength: 3,
  }),
  { minLength: 1, maxLength: 3 },
);

/** The process the stages describe; a join step closes parallel branches before the next stage. */
function processOf(shape: number[][][]): ProcessStep[] {
  const steps: ProcessStep[] = [];
  const add = (
    key: string,
    role: ProcessStep['role'],
    kind: NonNullable<ProcessStep['kind']>,
    agency: NonNullable<ProcessStep['agency']>,
    after: string[],
  ) => {
    steps.push({ key, name_vi: key, name_en: key, role, kind, agency, after, budgetWorkingHours: 4 });
    return key;
  };
  let tails = [add('reception', 'reception', 'reception', { kind: 'receiving' }, [])];
  shape.forEach((branches, s) => {
    if (tails.length > 1 && branches.length > 1) {
      tails = [add(`join_${s}`, 'specialist', 'work', { kind: 'competent' }, tails)];
    }
    const heads = tails;
    tails = branches.map((branch, b) => {
      let after = heads;
      let last = '';
      branch.forEach((rule, k) => {
        last = add(`s${s}_b${b}_${k}`, 'specialist', 'work', AGENCY_RULES[rule]!, after);
        after = [last];
      });
      return last;
    });
  });
  add('approval', 'leader', 'decision', { kind: 'competent' }, tails);
  add('return', 'reception', 'return', { kind: 'return_point' }, ['approval']);
  return steps;
}

const WEIGHT: Partial<Record<ActionName, number>> = {
  withdraw: 1,
  stop: 1,
  extend: 1,
  request_payment: 1,
  reassign: 3,
  request_supplement: 4,
  send_back: 15,
};

function commandFor(
  action: ActionName,
  state: RecordState,
  actor: OfficialActor,
  pick: number,
): RecordCommandInput {
  const at = actionSteps(action, state, actor);
  const stepIndex = at.length > 0 && pick % 3 !== 0 ? { stepIndex: at[pick % at.length]! } : {};
  const someone = USER_IDS[pick % USER_IDS.length]!;
  switch (action) {
    case 'forward':
      return { type: action, ...stepIndex, ...(pick % 4 === 0 ? { assigneeId: someone } : {}) };
    case 'send_back': {
      const from = stepIndex.stepIndex ?? at[0] ?? state.currentStep ?? 0;
      const targets = sendBackTargets(state, from);
      return {
        type: action,
        ...stepIndex,
        toStep: targets[pick % Math.max(1, targets.length)] ?? 1,
        reason: 'x',
      };
    }
    case 'assign':
    case 'reassign':
      return { type: action, ...stepIndex, assigneeId: someone };
    case 'request_supplement':
      return { type: action, ...stepIndex, reasons: ['Thiếu giấy tờ'], missingDocuments: [] };
    case 'supplement':
      return { type: action, documents: ['Bản gốc'] };
    case 'request_payment':
      return { type: action, items: [{ description: 'Lệ phí', amountVnd: 10_000 }] };
    case 'reject':
      return { type: action, reasons: ['Không đủ điều kiện'] };
    case 'issue_result':
      return { type: action, documents: [{ name: 'Giấy chứng nhận' }] };
    case 'return_result':
      return { type: action, method: 'counter' };
    case 'extend':
      return {
        type: action,
        newDueDate: calendar.addWorkingDays(vnInstant(state.appointment?.dueDate ?? '2026-03-12', 0), 2)
          .dueDate,
        reason: 'Xin lỗi',
      };
    case 'withdraw':
    case 'stop':
      return { type: action, reason: 'Theo đề nghị' };
    default:
      return { type: action } as RecordCommandInput;
  }
}

/** Sometimes the tax office has nobody to take its steps: hand-overs to it fail until it has. */
const taxOfficeEmpty: StepAgencyFacts[] = [
  { agencyId: TAX_OFFICE, onSystem: true, eligibleOfficials: [{ role: 'leader', count: 1 }] },
];

const walk = fc.record({
  shape: stages,
  start: fc.date({
    min: new Date('2025-01-02T00:00:00Z'),
    max: new Date('2026-11-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  moves: fc.array(
    fc.record({ hours: fc.integer({ min: 0, max: 10 }), choice: fc.noBias(fc.nat()), pick: fc.nat() }),
    { minLength: 1, maxLength: 80, size: 'max' },
  ),
});

function run({ shape, start, moves }: typeof walk extends fc.Arbitrary<infer T> ? T : never) {
  const process = processOf(shape);
  const ctxAt = (now: Date, pick: number) =>
    context(now, CODES.landCorrection, {
      procedure: { ...procedure(CODES.landCorrection), process },
      officials: allOfficials,
      ...(pick % 4 === 1 ? { stepAgencies: taxOfficeEmpty } : {}),
    });
  const received = act(
    null,
    {
      type: 'receive',
      checklist: fullChecklist(),
      opening: {
        procedureVersionId: `${CODES.landCorrection}@1`,
        channel: 'in_person',
        applicant: citizen,
        routing: { residenceUnitCode: '31135', landParcelUnitCode: '31120' },
      },
    },
    staff.ninhKieuReception,
    ctxAt(start, 0),
  );
  let state = received.state;
  const events: RecordEvent[] = [...received.events];
  const states: RecordState[] = [];
  let now = start;
  for (const { hours, choice, pick } of moves) {
    now = calendar.addWorkingHours(now, hours);
    const ctx = ctxAt(now, pick);
    // Early endings now and then only, so that most walks reach the decision and the return.
    const ending = (action: ActionName) => (action === 'withdraw' || action === 'stop') && pick % 10 !== 0;
    const offers = ACTORS.flatMap((actor) =>
      availableActions(state, actor, ctx)
        .filter((action) => !ending(action))
        .flatMap((action) => Array.from({ length: WEIGHT[action] ?? 30 }, () => ({ actor, action }))),
    );
    if (offers.length === 0) break;
    const { actor, action } = offers[choice % offers.length]!;
    const decision = attempt(state, commandFor(action, state, actor, pick), actor, ctx);
    if (!decision.ok) {
      expect(['record.transition_not_allowed', 'auth.forbidden', 'record.not_assigned']).not.toContain(
        decision.error.code,
      );
      continue;
    }
    for (const e of decision.events) {
      state = evolve(state, e);
      events.push(e);
      states.push(state);
    }
  }
  return { state, events, states };
}

/** The active steps agree with the process graph. */
function expectConsistent(s: RecordState) {
  const active = activeStepsOf(s);
  expect([...active].sort((a, b) => a - b)).toEqual(active);
  expect(new Set(active).size).toBe(active.length);
  expect(s.currentStep).toBe(active[0] ?? null);
  for (const i of active) {
    const step = s.steps[i]!;
    expect(step.startedAt).not.toBeNull();
    expect(step.dueAt).not.toBeNull();
    expect(step.finishedAt ?? null).toBeNull();
    // A step runs only once all it waits for is finished, and no active step waits for another one.
    for (const p of stepPredecessors(s.steps, i)) expect(s.steps[p]?.finishedAt).toBeTruthy();
    for (const j of active) expect(stepAncestors(s.steps, i)).not.toContain(j);
  }
  if (['delivered', 'withdrawn', 'stopped'].includes(s.status)) expect(active).toEqual([]);
  if (['received', 'in_process', 'supplement_requested', 'approved'].includes(s.status))
    expect(active.length).toBeGreaterThan(0);
  if (s.transferFailure) expect(active).toContain(s.transferFailure.fromStep);
}

describe('records on random open processes', () => {
  it('replay to the same record, survive JSON storage and keep their active steps consistent', () => {
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(walk, (w) => {
        const { state, events, states } = run(w);
        for (const e of events) {
          count(e.type);
          if (e.type === 'forwarded' && e.alsoStarted) count('split');
          if (e.type === 'forwarded' && e.joinWaiting) count('join_waiting');
          if (e.type === 'supplemented' && e.activeStepDueAt) count('parallel_supplement');
          if (e.type === 'sent_back' && states.some((s) => (s.activeSteps?.length ?? 0) > 1))
            count('parallel_send_back');
        }
        expect(project(events)).toEqual(state);
        const stored = JSON.parse(JSON.stringify(events)).map((e: unknown) => RecordEvent.parse(e));
        expect(project(stored)).toEqual(state);
        for (const s of states) {
          expectConsistent(s);
          expect(RecordState.safeParse(s).success).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
    // The walks do go through what this is about.
    for (const what of [
      'split',
      'join_waiting',
      'transfer_failed',
      'sent_back',
      'supplemented',
      'result_returned',
    ])
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0);
  });

  it('reach the return step through every branch, with one control-slip line per finished visit', () => {
    let delivered = 0;
    fc.assert(
      fc.property(walk, (w) => {
        const { state } = run(w);
        if (state.status !== 'delivered') return;
        delivered++;
        const work = state.steps.flatMap((step, i) => (step.kind === 'work' ? [i] : []));
        const visited = new Set(state.stepHistory.map((v) => v.stepIndex));
        for (const i of work) expect(visited.has(i)).toBe(true);
        expect(state.stepHistory.at(-1)).toMatchObject({ key: 'return', outcome: 'returned' });
      }),
      { numRuns: 120 },
    );
    expect(delivered).toBeGreaterThan(0);
  });
});
