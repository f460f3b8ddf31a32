import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { availableActions } from './available-actions.ts';
import { ACTION_NAMES, type ActionName, type RecordCommandInput } from './commands.ts';
import type { RecordState } from './record-state.ts';
import {
  act,
  applicant,
  attempt,
  CODES,
  citizen,
  context,
  landRecord,
  staff,
  stranger,
  vn,
} from './test-fixtures.ts';

const everyone: Actor[] = [applicant, stranger, ...Object.values(staff)];
const later = context(vn('2026-03-04', '10:00'));
const onlineCtx = context(vn('2026-03-01', '20:00'), CODES.legalAdviserCard);

const draft = () =>
  act(
    null,
    {
      type: 'create_draft',
      procedureVersionId: `${CODES.legalAdviserCard}@1`,
      applicant: citizen,
      receivingAgencyId: '92-ttpvhcc',
    },
    applicant,
    onlineCtx,
  ).state;
const submitted = () => act(draft(), { type: 'submit' }, applicant, onlineCtx).state;
const counterOpening = {
  procedureVersionId: `${CODES.landCorrection}@1`,
  channel: 'in_person',
  applicant: citizen,
  routing: { landParcelUnitCode: '31120' },
} as const;
const reasons = ['Lý do'];

/** One record in each state, each made by commands from the one before. */
const STATES: Record<string, () => RecordState | null> = {
  none: () => null,
  draft,
  submitted,
  'returned_for_completion (online)': () =>
    act(
      submitted(),
      { type: 'request_completion', reasons, missingDocuments: [] },
      staff.cityReception,
      onlineCtx,
    ).state,
  'returned_for_completion (counter)': () =>
    act(
      null,
      { type: 'request_completion', reasons, missingDocuments: [], opening: counterOpening },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '09:00')),
    ).state,
  refused: () =>
    act(
      null,
      { type: 'refuse', reasons, opening: counterOpening },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '09:00')),
    ).state,
  received: landRecord.received,
  'in_process (appraisal)': landRecord.atAppraisal,
  'in_process (approval)': landRecord.atApproval,
  supplement_requested: () =>
    act(
      landRecord.atAppraisal(),
      { type: 'request_supplement', reasons, missingDocuments: [] },
      staff.caiKheSpecialist,
      later,
    ).state,
  awaiting_payment: () =>
    act(
      landRecord.atAppraisal(),
      { type: 'request_payment', items: [{ description: 'Lệ phí', amountVnd: 1 }] },
      staff.caiKheSpecialist,
      later,
    ).state,
  approved: landRecord.approved,
  result_ready: () =>
    act(
      landRecord.approved(),
      { type: 'issue_result', documents: [{ name: 'GCN' }] },
      staff.caiKheSpecialist,
      later,
    ).state,
  rejected: () => act(landRecord.atApproval(), { type: 'reject', reasons }, staff.caiKheLeader, later).state,
  delivered: () => {
    const ready = act(
      landRecord.approved(),
      { type: 'issue_result', documents: [{ name: 'GCN' }] },
      staff.caiKheSpecialist,
      later,
    ).state;
    return act(ready, { type: 'return_result', method: 'counter' }, staff.ninhKieuReception, later).state;
  },
  withdrawn: () =>
    act(landRecord.atAppraisal(), { type: 'withdraw', reason: 'x' }, staff.ninhKieuReception, later).state,
  stopped: () =>
    act(landRecord.atAppraisal(), { type: 'stop', reason: 'x' }, staff.ninhKieuReception, later).state,
};

/** The state machine: what someone may do in each state (without the clock). */
const ALLOWED: Record<keyof typeof STATES, ActionName[]> = {
  none: ['create_draft', 'request_completion', 'refuse', 'receive'],
  draft: ['submit', 'withdraw'],
  submitted: ['request_completion', 'refuse', 'receive', 'withdraw'],
  'returned_for_completion (online)': ['submit', 'withdraw'],
  'returned_for_completion (counter)': ['receive', 'withdraw'],
  refused: [],
  received: ['forward', 'reassign', 'extend', 'withdraw', 'stop'],
  'in_process (appraisal)': [
    'forward',
    'reassign',
    'request_supplement',
    'request_payment',
    'extend',
    'withdraw',
    'stop',
  ],
  'in_process (approval)': [
    'send_back',
    'assign',
    'request_supplement',
    'request_payment',
    'approve',
    'reject',
    'extend',
    'withdraw',
    'stop',
  ],
  supplement_requested: ['reassign', 'supplement', 'withdraw', 'stop'],
  awaiting_payment: ['reassign', 'confirm_payment', 'extend', 'withdraw', 'stop'],
  approved: ['assign', 'request_payment', 'issue_result', 'extend'],
  result_ready: ['assign', 'return_result'],
  rejected: ['assign', 'return_result'],
  delivered: [],
  withdrawn: [],
  stopped: [],
};

/** A well-formed command for every action. */
const SAMPLE: Record<ActionName, RecordCommandInput> = {
  create_draft: {
    type: 'create_draft',
    procedureVersionId: 'v',
    applicant: citizen,
    receivingAgencyId: '92-ttpvhcc',
  },
  submit: { type: 'submit' },
  request_completion: { type: 'request_completion', reasons, missingDocuments: [] },
  refuse: { type: 'refuse', reasons },
  receive: { type: 'receive', checklist: [] },
  forward: { type: 'forward' },
  retry_transfer: { type: 'retry_transfer' },
  send_back: { type: 'send_back', toStep: 1, reason: 'x' },
  assign: { type: 'assign', assigneeId: 'u' },
  reassign: { type: 'reassign', assigneeId: 'u' },
  request_supplement: { type: 'request_supplement', reasons, missingDocuments: [] },
  supplement: { type: 'supplement', documents: ['x'] },
  request_payment: { type: 'request_payment', items: [{ description: 'x', amountVnd: 1 }] },
  confirm_payment: { type: 'confirm_payment' },
  approve: { type: 'approve' },
  reject: { type: 'reject', reasons },
  issue_result: { type: 'issue_result', documents: [{ name: 'x' }] },
  return_result: { type: 'return_result', method: 'counter' },
  extend: { type: 'extend', newDueDate: '2026-03-20', reason: 'x' },
  withdraw: { type: 'withdraw', reason: 'x' },
  stop: { type: 'stop', reason: 'x' },
};

describe('the record state machine', () => {
  for (const [name, build] of Object.entries(STATES)) {
    const state = build();
    const allowed = ALLOWED[name] ?? [];

    it(`allows exactly ${allowed.length ? allowed.join(', ') : 'nothing'} in ${name}`, () => {
      const union = new Set(everyone.flatMap((a) => availableActions(state, a)));
      expect(ACTION_NAMES.filter((a) => union.has(a))).toEqual(allowed);
    });

    it(`refuses every other action in ${name} with a conflict naming the state and the allowed actions`, () => {
      for (const action of ACTION_NAMES.filter((a) => !allowed.includes(a))) {
        for (const actor of [staff.caiKheLeader, staff.ninhKieuReception, applicant]) {
          const d = attempt(state, SAMPLE[action], actor, later);
          expect(d.ok, `${action} by ${JSON.stringify(actor)}`).toBe(false);
          if (!d.ok) {
            expect(d.error.code).toBe('record.transition_not_allowed');
            expect(d.error.params).toEqual({
              status: state?.status ?? null,
              action,
              allowedActions: availableActions(state, actor, later),
            });
          }
        }
      }
    });
  }

  it('shows a monitor nothing to do', () => {
    for (const build of Object.values(STATES))
      expect(availableActions(build(), staff.caiKheMonitor)).toEqual([]);
  });
});
