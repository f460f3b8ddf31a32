import { describe, expect, it } from 'vitest';
import type { ProcessStep } from '../catalog/index.ts';
import type { OfficialActor } from './actor.ts';
import type { Assignable } from './assignee.ts';
import { availableActions } from './available-actions.ts';
import { actionSteps } from './check-action.ts';
import type { RecordCommandInput } from './commands.ts';
import type { DecideContext, StepAgencyFacts } from './decide-context.ts';
import type { RecordEvent } from './events.ts';
import { evolve, project } from './evolve.ts';
import type { RecordState } from './record-state.ts';
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
  vn,
} from './test-fixtures.ts';

/*
 * The record engine on an open process (issue 15): a land-correction record (8 working days = 64 office
 * hours) received at phường Ninh Kiều for a parcel in phường Cái Khế, appraised by UBND phường Cái Khế,
 * then in parallel by the land registration branch and the tax office, joined at the Cái Khế leader's
 * decision and returned at the Ninh Kiều counter.
 */

const LAND_OFFICE = '92-vpdkdd-chi-nhanh';
const TAX_OFFICE = '92-thue-co-so';

const step = (
  key: string,
  role: ProcessStep['role'],
  kind: NonNullable<ProcessStep['kind']>,
  agency: NonNullable<ProcessStep['agency']>,
  after: string[],
  budgetWorkingHours: number,
): ProcessStep => ({
  key,
  name_vi: `Bước ${key}`,
  name_en: `Step ${key}`,
  role,
  kind,
  agency,
  after,
  budgetWorkingHours,
});

const named = (agencyKey: string) =>
  ({ kind: 'rule', rule: { kind: 'named_agency', agencyKey, basis: 'Luật Đất đai 2024' } }) as const;

/** reception → appraisal → (land_office ‖ tax) → approval → return; 4 + 8 + 16 + 12 + 16 + 8 = 64 hours. */
const LAND_PROCESS: ProcessStep[] = [
  step('reception', 'reception', 'reception', { kind: 'receiving' }, [], 4),
  step('appraisal', 'specialist', 'work', { kind: 'competent' }, ['reception'], 8),
  step('land_office', 'specialist', 'work', named(LAND_OFFICE), ['appraisal'], 16),
  step('tax', 'specialist', 'work', named(TAX_OFFICE), ['appraisal'], 12),
  step('approval', 'leader', 'decision', { kind: 'competent' }, ['land_office', 'tax'], 16),
  step('return', 'reception', 'return', { kind: 'return_point' }, ['approval'], 8),
];

const official = (userId: string, agencyId: string, ...roles: OfficialActor['roles']): OfficialActor => ({
  kind: 'official',
  userId,
  agencyId,
  roles,
});
const land = {
  specialist: official('land-specialist', LAND_OFFICE, 'specialist'),
  leader: official('land-leader', LAND_OFFICE, 'leader'),
};
const tax = {
  specialist: official('tax-specialist', TAX_OFFICE, 'specialist'),
  leader: official('tax-leader', TAX_OFFICE, 'leader'),
};
const allOfficials: Assignable[] = [
  ...officials,
  ...[land.specialist, land.leader, tax.specialist, tax.leader].map((a) => ({
    userId: a.userId,
    agencyId: a.agencyId,
    roles: a.roles,
    active: true,
  })),
];

function ctxAt(
  now: Date,
  process: readonly ProcessStep[] = LAND_PROCESS,
  extra: Partial<DecideContext> = {},
) {
  return context(now, CODES.landCorrection, {
    procedure: { ...procedure(CODES.landCorrection), process },
    officials: allOfficials,
    ...extra,
  });
}

const errorOf = (d: ReturnType<typeof attempt>) => (d.ok ? undefined : d.error);

function receive(process: readonly ProcessStep[] = LAND_PROCESS, at = vn('2026-03-02', '09:00')) {
  return act(
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
    ctxAt(at, process),
  );
}

/** Applies commands in turn, each at its time; returns the state and every event. */
function run(
  start: { state: RecordState; events: unknown[] },
  moves: [RecordCommandInput, OfficialActor, Date, Partial<DecideContext>?][],
  process: readonly ProcessStep[] = LAND_PROCESS,
) {
  let state = start.state;
  const events = [...start.events];
  for (const [command, actor, at, extra] of moves) {
    const next = act(state, command, actor, ctxAt(at, process, extra));
    state = next.state;
    events.push(...next.events);
  }
  return { state, events };
}

const T1 = vn('2026-03-02', '10:00');
const T2 = vn('2026-03-03', '09:00');

/** At the split: appraisal finished, land office and tax running. */
function atSplit() {
  return run(receive(), [
    [{ type: 'forward', assigneeId: 'ck-specialist' }, staff.ninhKieuReception, T1],
    [{ type: 'forward' }, staff.caiKheSpecialist, T2],
  ]);
}

describe('reception copies the open process with each step’s agency', () => {
  it('resolves receiving, competent, named sector bodies and the return point, with kinds, links and names', () => {
    const { state, events } = receive();
    expect(state.steps.map((s) => `${s.key}:${s.kind}@${s.agencyId}`)).toEqual([
      'reception:reception@31135-ttpvhcc',
      'appraisal:work@31120-ubnd',
      `land_office:work@${LAND_OFFICE}`,
      `tax:work@${TAX_OFFICE}`,
      'approval:decision@31120-ubnd',
      'return:return@31135-ttpvhcc',
    ]);
    expect(state.steps.map((s) => s.after)).toEqual([[], [0], [1], [1], [2, 3], [4]]);
    expect(state.steps[2]).toMatchObject({ name_vi: 'Bước land_office', name_en: 'Step land_office' });
    expect(state).toMatchObject({ activeSteps: [0], currentStep: 0, transferFailure: null });
    expect(events[1]).toMatchObject({ type: 'received', steps: expect.any(Array) });
  });

  it('refuses a process whose agency rule names no agency, naming the step', () => {
    const broken = LAND_PROCESS.map((s) => (s.key === 'tax' ? { ...s, agency: named('92-khong-co') } : s));
    const d = attempt(
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
      ctxAt(vn('2026-03-02', '09:00'), broken),
    );
    expect(errorOf(d)).toMatchObject({
      code: 'record.competent_agency_unresolved',
      params: { stepIndex: 3, stepKey: 'tax', reason: 'no_agency', agencyKey: '92-khong-co' },
      issues: [{ path: 'process.3.agency', code: 'record.competent_agency_unresolved' }],
    });
  });

  it('gives a stored four-step process the kinds and links it always implied', () => {
    const { state } = receive(procedure(CODES.landCorrection).process);
    expect(state.steps.map((s) => [s.kind, s.after])).toEqual([
      ['reception', []],
      ['work', [0]],
      ['decision', [1]],
      ['return', [2]],
    ]);
  });
});

describe('parallel branches', () => {
  it('starts both branches at the split, each with its own budget and due time', () => {
    const { state, events } = atSplit();
    expect(state).toMatchObject({ status: 'in_process', activeSteps: [2, 3], currentStep: 2 });
    expect(events.at(-1)).toEqual({
      type: 'forwarded',
      at: T2.toISOString(),
      by: { kind: 'official', userId: 'ck-specialist', agencyId: '31120-ubnd' },
      fromStep: 1,
      toStep: 2,
      assigneeId: null,
      stepDueAt: calendar.addWorkingHours(T2, 16).toISOString(),
      note: null,
      alsoStarted: [
        { toStep: 3, stepDueAt: calendar.addWorkingHours(T2, 12).toISOString(), assigneeId: null },
      ],
    });
    // Tue 3/3 09:00 + 16 office hours (07:30–11:30, 13:30–17:00): Thu 5/3 10:00.
    expect(state.steps[2]?.dueAt).toBe(vn('2026-03-05', '10:00').toISOString());
    expect(state.steps[3]?.dueAt).toBe(calendar.addWorkingHours(T2, 12).toISOString());
    expect(state.steps[3]?.dueAt && state.steps[3].dueAt < (state.steps[2]?.dueAt ?? '')).toBe(true);
    expect(state.stepHistory.at(-1)).toMatchObject({
      stepIndex: 1,
      agencyId: '31120-ubnd',
      finishedBy: 'ck-specialist',
      outcome: 'forwarded',
    });
  });

  it('shows each agency only its own step, and its leader assigns it', () => {
    const { state } = atSplit();
    expect(actionSteps('assign', state, land.leader)).toEqual([2]);
    expect(actionSteps('assign', state, tax.leader)).toEqual([3]);
    expect(availableActions(state, land.specialist)).toEqual([]);
    expect(availableActions(state, staff.caiKheSpecialist)).not.toContain('forward');
    const assigned = run(atSplit(), [
      [{ type: 'assign', assigneeId: 'land-specialist' }, land.leader, T2],
      [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, T2],
    ]).state;
    expect(assigned.steps[2]?.assigneeId).toBe('land-specialist');
    expect(assigned.steps[3]?.assigneeId).toBe('tax-specialist');
    expect(availableActions(assigned, land.specialist)).toEqual([
      'forward',
      'send_back',
      'request_supplement',
    ]);
    // The land office's leader may not give the tax step to their own specialist.
    expect(
      errorOf(
        attempt(
          state,
          { type: 'assign', stepIndex: 3, assigneeId: 'land-specialist' },
          land.leader,
          ctxAt(T2),
        ),
      )?.code,
    ).toBe('auth.forbidden');
  });

  it('waits at the join until every branch is finished, then starts the decision', () => {
    const T3 = vn('2026-03-04', '09:00');
    const T4 = vn('2026-03-04', '15:00');
    const first = run(atSplit(), [
      [{ type: 'assign', assigneeId: 'land-specialist' }, land.leader, T2],
      [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, T2],
      [{ type: 'forward' }, land.specialist, T3],
    ]);
    expect(first.events.at(-1)).toMatchObject({
      type: 'forwarded',
      fromStep: 2,
      toStep: 4,
      joinWaiting: true,
    });
    expect(first.state).toMatchObject({ activeSteps: [3], currentStep: 3 });
    expect(first.state.steps[4]?.startedAt).toBeNull();
    const joined = run(first, [[{ type: 'forward' }, tax.specialist, T4]]);
    expect(joined.events.at(-1)).toMatchObject({ type: 'forwarded', fromStep: 3, toStep: 4 });
    expect(joined.events.at(-1)).not.toHaveProperty('joinWaiting');
    expect(joined.state).toMatchObject({ activeSteps: [4], currentStep: 4 });
    expect(joined.state.steps[4]).toMatchObject({
      startedAt: T4.toISOString(),
      dueAt: calendar.addWorkingHours(T4, 16).toISOString(),
    });
    expect(joined.state.stepHistory.map((v) => [v.key, v.agencyId, v.finishedBy, v.outcome])).toEqual([
      ['reception', '31135-ttpvhcc', 'nk-reception', 'forwarded'],
      ['appraisal', '31120-ubnd', 'ck-specialist', 'forwarded'],
      ['land_office', LAND_OFFICE, 'land-specialist', 'forwarded'],
      ['tax', TAX_OFFICE, 'tax-specialist', 'forwarded'],
    ]);
    // The decision, the result and the return run as before, from the join.
    const done = run(joined, [
      [{ type: 'approve' }, staff.caiKheLeader, vn('2026-03-05', '09:00')],
      [
        { type: 'issue_result', documents: [{ name: 'Giấy chứng nhận' }] },
        staff.caiKheSpecialist,
        vn('2026-03-05', '10:00'),
      ],
      [{ type: 'return_result', method: 'counter' }, staff.ninhKieuReception, vn('2026-03-05', '14:00')],
    ]);
    expect(done.state).toMatchObject({ status: 'delivered', activeSteps: [], currentStep: null });
    expect(done.state.stepHistory.map((v) => `${v.key}:${v.outcome}`)).toEqual([
      'reception:forwarded',
      'appraisal:forwarded',
      'land_office:forwarded',
      'tax:forwarded',
      'approval:decided',
      'return:returned',
    ]);
    expect(project(done.events as never)).toEqual(done.state);
  });

  it('offers no forward from the decision step and no decision at a work step', () => {
    const { state } = atSplit();
    expect(availableActions(state, staff.caiKheLeader)).not.toContain('approve');
    const atDecision = run(atSplit(), [
      [{ type: 'assign', assigneeId: 'land-specialist' }, land.leader, T2],
      [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, T2],
      [{ type: 'forward' }, land.specialist, T2],
      [{ type: 'forward' }, tax.specialist, T2],
    ]).state;
    const actions = availableActions(atDecision, staff.caiKheLeader);
    expect(actions).toContain('approve');
    expect(actions).toContain('send_back');
    expect(actions).not.toContain('forward');
  });
});

describe('choosing the step among parallel ones', () => {
  // Two parallel steps at the same agency: the competent agency appraises and checks the site.
  const SAME_AGENCY: ProcessStep[] = [
    step('reception', 'reception', 'reception', { kind: 'receiving' }, [], 4),
    step('appraisal', 'specialist', 'work', { kind: 'competent' }, ['reception'], 24),
    step('site_check', 'specialist', 'work', { kind: 'competent' }, ['reception'], 16),
    step('approval', 'leader', 'decision', { kind: 'competent' }, ['appraisal', 'site_check'], 12),
    step('return', 'reception', 'return', { kind: 'return_point' }, ['approval'], 8),
  ];
  const split = () =>
    run(receive(SAME_AGENCY), [[{ type: 'forward' }, staff.ninhKieuReception, T1]], SAME_AGENCY);

  it('asks for stepIndex when the actor could act at several active steps', () => {
    const { state } = split();
    expect(state.activeSteps).toEqual([1, 2]);
    expect(
      errorOf(
        attempt(
          state,
          { type: 'assign', assigneeId: 'ck-specialist' },
          staff.caiKheLeader,
          ctxAt(T1, SAME_AGENCY),
        ),
      ),
    ).toEqual({
      code: 'request.invalid',
      params: { field: 'stepIndex', allowed: [1, 2] },
      issues: [expect.objectContaining({ path: 'body.stepIndex' })],
    });
    const assigned = act(
      state,
      { type: 'assign', stepIndex: 2, assigneeId: 'ck-specialist-2' },
      staff.caiKheLeader,
      ctxAt(T1, SAME_AGENCY),
    ).state;
    expect(assigned.steps.map((s) => s.assigneeId)).toEqual([
      'nk-reception',
      null,
      'ck-specialist-2',
      null,
      null,
    ]);
    // Only the one step the specialist works: no stepIndex needed.
    const forwarded = act(assigned, { type: 'forward' }, staff.caiKheSpecialist2, ctxAt(T2, SAME_AGENCY));
    expect(forwarded.events[0]).toMatchObject({ fromStep: 2, joinWaiting: true });
  });

  it('refuses a stepIndex that is not an active step allowing the action, naming the allowed ones', () => {
    const { state } = split();
    expect(
      errorOf(
        attempt(
          state,
          { type: 'assign', stepIndex: 3, assigneeId: 'ck-leader' },
          staff.caiKheLeader,
          ctxAt(T1, SAME_AGENCY),
        ),
      ),
    ).toMatchObject({
      code: 'record.invalid_step',
      params: { stepIndex: 3, allowed: [1, 2] },
      issues: [expect.objectContaining({ path: 'body.stepIndex' })],
    });
  });
});

describe('sending back across agencies', () => {
  const T3 = vn('2026-03-04', '09:00');
  const assigned = () =>
    run(atSplit(), [
      [{ type: 'assign', assigneeId: 'land-specialist' }, land.leader, T2],
      [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, T2],
    ]);

  it('runs the land office’s step again from the decision, with a new due time, the tax step staying done', () => {
    const atDecision = run(assigned(), [
      [{ type: 'forward' }, land.specialist, T2],
      [{ type: 'forward' }, tax.specialist, T2],
    ]);
    const back = run(atDecision, [
      [{ type: 'send_back', toStep: 2, reason: 'Thiếu trích đo' }, staff.caiKheLeader, T3],
    ]);
    expect(back.state).toMatchObject({ activeSteps: [2], currentStep: 2 });
    expect(back.state.steps[2]).toMatchObject({
      assigneeId: 'land-specialist',
      startedAt: T3.toISOString(),
      dueAt: calendar.addWorkingHours(T3, 16).toISOString(),
      finishedAt: null,
    });
    expect(back.state.stepHistory.at(-1)).toMatchObject({ key: 'approval', outcome: 'sent_back' });
    expect(availableActions(back.state, land.specialist)).toContain('forward');
    // The tax branch is still finished: the join starts the decision as soon as the land office forwards.
    const again = run(back, [[{ type: 'forward' }, land.specialist, vn('2026-03-04', '14:00')]]);
    expect(again.state.activeSteps).toEqual([4]);
    expect(project(again.events as never)).toEqual(again.state);
  });

  it('stops the other branch when a branch sends back before the split; the split starts both again', () => {
    const back = run(assigned(), [
      [{ type: 'send_back', toStep: 1, reason: 'Sai diện tích' }, land.specialist, T3],
    ]);
    expect(back.state).toMatchObject({ activeSteps: [1], currentStep: 1 });
    expect(back.state.stepHistory.slice(-2).map((v) => `${v.key}:${v.outcome}:${v.finishedBy}`)).toEqual([
      'land_office:sent_back:land-specialist',
      'tax:closed:land-specialist',
    ]);
    const again = run(back, [[{ type: 'forward' }, staff.caiKheSpecialist, vn('2026-03-04', '14:00')]]);
    expect(again.state.activeSteps).toEqual([2, 3]);
    // Each branch keeps its assignee from the first visit.
    expect(again.state.steps.map((s) => s.assigneeId).slice(2, 4)).toEqual([
      'land-specialist',
      'tax-specialist',
    ]);
  });

  it('refuses a send-back to a step of another branch, naming the steps allowed', () => {
    const d = attempt(
      assigned().state,
      { type: 'send_back', stepIndex: 2, toStep: 3, reason: 'x' },
      land.specialist,
      ctxAt(T3),
    );
    expect(errorOf(d)).toEqual({ code: 'record.invalid_step', params: { toStep: 3, allowed: [1] } });
  });
});

describe('a supplement in the middle of parallel branches', () => {
  it('is asked at the tax office, stops the whole record, and gives every active step a new due time', () => {
    const asked = run(atSplit(), [
      [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, T2],
      [
        { type: 'request_supplement', reasons: ['Thiếu tờ khai thuế'], missingDocuments: [] },
        tax.specialist,
        vn('2026-03-03', '14:00'),
      ],
    ]);
    expect(asked.state.status).toBe('supplement_requested');
    expect(availableActions(asked.state, land.specialist)).toEqual([]);
    const suppliedAt = vn('2026-03-09', '10:00');
    const supplied = run(asked, [
      [{ type: 'supplement', documents: ['Tờ khai thuế'] }, staff.ninhKieuReception, suppliedAt],
    ]);
    expect(supplied.events.at(-1)).toMatchObject({
      type: 'supplemented',
      stepDueAt: calendar.addWorkingHours(suppliedAt, 16).toISOString(),
      activeStepDueAt: [
        { step: 2, dueAt: calendar.addWorkingHours(suppliedAt, 16).toISOString() },
        { step: 3, dueAt: calendar.addWorkingHours(suppliedAt, 12).toISOString() },
      ],
    });
    expect(supplied.state.status).toBe('in_process');
    // Mon 9/3 10:00 + 16 office hours: Wed 11/3 11:00.
    expect(supplied.state.steps[2]?.dueAt).toBe(vn('2026-03-11', '11:00').toISOString());
    expect(supplied.state.steps[3]?.dueAt).toBe(calendar.addWorkingHours(suppliedAt, 12).toISOString());
    // The legal clock restarts from the supplement (Decree 61/2018 art. 19 cl. 4): 8 working days.
    expect(supplied.state.appointment?.dueDate).toBe('2026-03-19');
  });
});

describe('a hand-over that cannot happen', () => {
  const noTaxOfficial: StepAgencyFacts[] = [
    { agencyId: LAND_OFFICE, onSystem: true, eligibleOfficials: [{ role: 'specialist', count: 2 }] },
    { agencyId: TAX_OFFICE, onSystem: true, eligibleOfficials: [{ role: 'leader', count: 1 }] },
  ];
  const atAppraisal = () =>
    run(receive(), [[{ type: 'forward', assigneeId: 'ck-specialist' }, staff.ninhKieuReception, T1]]);

  it('is accepted as transfer_failed: the record stays where it was, with the reason and the time', () => {
    const failed = run(atAppraisal(), [
      [{ type: 'forward' }, staff.caiKheSpecialist, T2, { stepAgencies: noTaxOfficial }],
    ]);
    expect(failed.events.at(-1)).toEqual({
      type: 'transfer_failed',
      at: T2.toISOString(),
      by: { kind: 'official', userId: 'ck-specialist', agencyId: '31120-ubnd' },
      fromStep: 1,
      toSteps: [2, 3],
      agencyId: TAX_OFFICE,
      reason: 'no_official',
      detail: 'step 3 "tax": no active specialist',
    });
    expect(failed.state).toMatchObject({
      status: 'in_process',
      activeSteps: [1],
      currentStep: 1,
      transferFailure: {
        at: T2.toISOString(),
        fromStep: 1,
        toSteps: [2, 3],
        agencyId: TAX_OFFICE,
        reason: 'no_official',
        attempts: 1,
      },
    });
    // The sending step's due time keeps running: nothing about it changed.
    expect(failed.state.steps[1]?.dueAt).toBe(atAppraisal().state.steps[1]?.dueAt);
    expect(failed.state.stepHistory).toHaveLength(1);
  });

  it('is retried by a monitor, counts the attempts, and clears when the hand-over goes through', () => {
    const failed = run(atAppraisal(), [
      [{ type: 'forward' }, staff.caiKheSpecialist, T2, { stepAgencies: noTaxOfficial }],
    ]);
    expect(availableActions(failed.state, staff.caiKheMonitor)).toEqual(['retry_transfer']);
    expect(availableActions(atAppraisal().state, staff.caiKheMonitor)).toEqual([]);
    const again = run(failed, [
      [
        { type: 'retry_transfer' },
        staff.caiKheMonitor,
        vn('2026-03-03', '10:00'),
        { stepAgencies: noTaxOfficial },
      ],
    ]);
    expect(again.state.transferFailure).toMatchObject({
      attempts: 2,
      at: vn('2026-03-03', '10:00').toISOString(),
    });
    const fixed: StepAgencyFacts[] = [
      noTaxOfficial[0] as StepAgencyFacts,
      { agencyId: TAX_OFFICE, onSystem: true, eligibleOfficials: [{ role: 'specialist', count: 1 }] },
    ];
    const through = run(again, [
      [
        { type: 'retry_transfer' },
        staff.ninhKieuReception,
        vn('2026-03-03', '11:00'),
        { stepAgencies: fixed },
      ],
    ]);
    expect(through.events.at(-1)).toMatchObject({ type: 'forwarded', fromStep: 1, toStep: 2 });
    expect(through.state).toMatchObject({ activeSteps: [2, 3], transferFailure: null });
    // The visit of the sending step ends at the successful hand-over, late or not, by whoever retried.
    expect(through.state.stepHistory.at(-1)).toMatchObject({
      key: 'appraisal',
      finishedAt: vn('2026-03-03', '11:00').toISOString(),
      finishedBy: 'nk-reception',
    });
    expect(project(through.events as never)).toEqual(through.state);
    expect(availableActions(through.state, staff.caiKheMonitor)).toEqual([]);
  });

  it("keeps a failure per branch: one branch getting through leaves the other branch's failure listed", () => {
    const split = atSplit().state;
    expect(split.activeSteps).toEqual([2, 3]);
    const by = { kind: 'official' as const, userId: 'land-specialist', agencyId: LAND_OFFICE };
    const failedAt = (minute: string, fromStep: number): RecordEvent => ({
      type: 'transfer_failed',
      at: vn('2026-03-03', minute).toISOString(),
      by,
      fromStep,
      toSteps: [4],
      agencyId: 'ck',
      reason: 'no_official',
      detail: null,
    });
    let s = evolve(split, failedAt('10:00', 2));
    s = evolve(s, failedAt('10:05', 3));
    s = evolve(s, failedAt('10:10', 3));
    expect(s.transferFailures?.map((f) => [f.fromStep, f.attempts])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(s.transferFailure).toMatchObject({ fromStep: 2, attempts: 1 });
    // The land branch gets through (it ends and the join waits): the tax branch's failure stays.
    s = evolve(s, {
      type: 'forwarded',
      at: vn('2026-03-03', '10:20').toISOString(),
      by,
      fromStep: 2,
      toStep: 4,
      stepDueAt: vn('2026-03-03', '10:20').toISOString(),
      assigneeId: null,
      note: null,
      joinWaiting: true,
    });
    expect(s.activeSteps).toEqual([3]);
    expect(s.transferFailures?.map((f) => f.fromStep)).toEqual([3]);
    expect(s.transferFailure).toMatchObject({ fromStep: 3, attempts: 2 });
  });

  it('names an agency not on the system', () => {
    const d = attempt(
      atAppraisal().state,
      { type: 'forward' },
      staff.caiKheSpecialist,
      ctxAt(T2, LAND_PROCESS, {
        stepAgencies: [{ agencyId: LAND_OFFICE, onSystem: false, eligibleOfficials: [] }],
      }),
    );
    expect(d.ok && d.events[0]).toMatchObject({
      type: 'transfer_failed',
      agencyId: LAND_OFFICE,
      reason: 'agency_not_on_system',
    });
  });

  it('is not checked when the service gives no agencies (as before)', () => {
    const d = attempt(atAppraisal().state, { type: 'forward' }, staff.caiKheSpecialist, ctxAt(T2));
    expect(d.ok && d.events[0]?.type).toBe('forwarded');
  });

  it('lets nobody else retry, and nobody retry without a failure', () => {
    const failed = run(atAppraisal(), [
      [{ type: 'forward' }, staff.caiKheSpecialist, T2, { stepAgencies: noTaxOfficial }],
    ]);
    expect(errorOf(attempt(failed.state, { type: 'retry_transfer' }, land.leader, ctxAt(T2)))?.code).toBe(
      'auth.forbidden',
    );
    expect(
      errorOf(attempt(atAppraisal().state, { type: 'retry_transfer' }, staff.caiKheMonitor, ctxAt(T2)))?.code,
    ).toBe('record.transition_not_allowed');
  });
});
