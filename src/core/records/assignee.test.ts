import { describe, expect, it } from 'vitest';
import { assigneeProblem } from './assignee.ts';
import type { Decision } from './decision.ts';
import { act, attempt, context, landRecord, officials, staff, vn } from './test-fixtures.ts';

// A land-correction record received at phường Ninh Kiều's one-stop unit for a parcel in phường Cái Khế:
// appraisal and approval belong to UBND phường Cái Khế.
const { received, atAppraisal } = landRecord;
const at10 = context(vn('2026-03-02', '10:00'));
const errorOf = (d: Decision) => (d.ok ? undefined : d.error);
const retired = {
  userId: 'ck-retired',
  agencyId: '31120-ubnd',
  roles: ['specialist' as const],
  active: false,
};
const withRetired = context(vn('2026-03-02', '10:00'), undefined, { officials: [...officials, retired] });

describe('who may be assigned a step', () => {
  it('accepts only an active official of the step’s agency holding the step’s role', () => {
    const appraisal = { agencyId: '31120-ubnd', role: 'specialist' as const };
    const ck = { userId: 'a', agencyId: '31120-ubnd', roles: ['specialist' as const], active: true };
    expect(assigneeProblem(appraisal, ck)).toBeUndefined();
    expect(assigneeProblem(appraisal, undefined)).toBe('unknown');
    expect(assigneeProblem(appraisal, { ...ck, active: false })).toBe('inactive');
    expect(assigneeProblem(appraisal, { ...ck, agencyId: '31135-ttpvhcc' })).toBe('other_agency');
    expect(assigneeProblem(appraisal, { ...ck, roles: ['leader'] })).toBe('wrong_role');
  });

  it.each([
    ['an unknown id', 'no-such-official', 'unknown'],
    ['a deactivated official of the step’s agency', 'ck-retired', 'inactive'],
    ['an official of another agency', 'nk-director', 'other_agency'],
    ['an official of the step’s agency without its role', 'ck-leader', 'wrong_role'],
  ])('refuses to forward to %s, naming the field', (_label, assigneeId, reason) => {
    const error = errorOf(
      attempt(received(), { type: 'forward', assigneeId }, staff.ninhKieuReception, withRetired),
    );
    expect(error).toMatchObject({
      code: 'record.assignee_not_eligible',
      params: { assigneeId, reason, stepIndex: 1, stepRole: 'specialist', stepAgencyId: '31120-ubnd' },
      issues: [expect.objectContaining({ path: 'body.assigneeId', code: 'record.assignee_not_eligible' })],
    });
  });

  it('checks assign, reassign and send-back against the step they give', () => {
    const unassigned = act(received(), { type: 'forward' }, staff.ninhKieuReception, at10).state;
    expect(
      errorOf(attempt(unassigned, { type: 'assign', assigneeId: 'tp-specialist' }, staff.caiKheLeader, at10)),
    ).toMatchObject({
      code: 'record.assignee_not_eligible',
      params: { reason: 'other_agency', stepIndex: 1 },
    });
    expect(
      errorOf(
        attempt(atAppraisal(), { type: 'reassign', assigneeId: 'ck-monitor' }, staff.caiKheLeader, at10),
      ),
    ).toMatchObject({ code: 'record.assignee_not_eligible', params: { reason: 'wrong_role' } });
    const atApproval = landRecord.atApproval();
    expect(
      errorOf(
        attempt(
          atApproval,
          { type: 'send_back', toStep: 1, reason: 'Thiếu bản vẽ', assigneeId: 'ck-retired' },
          staff.caiKheLeader,
          context(vn('2026-03-04', '09:00'), undefined, { officials: [...officials, retired] }),
        ),
      ),
    ).toMatchObject({ code: 'record.assignee_not_eligible', params: { reason: 'inactive', stepIndex: 1 } });
    expect(
      act(
        atApproval,
        { type: 'send_back', toStep: 1, reason: 'Thiếu bản vẽ', assigneeId: 'ck-specialist-2' },
        staff.caiKheLeader,
        context(vn('2026-03-04', '09:00')),
      ).state.steps[1]?.assigneeId,
    ).toBe('ck-specialist-2');
  });

  it('needs the named official from the caller: without them the decision is an internal error', () => {
    const { officials: _, ...bare } = at10;
    expect(
      errorOf(
        attempt(received(), { type: 'forward', assigneeId: 'ck-specialist' }, staff.ninhKieuReception, bare),
      ),
    ).toMatchObject({ code: 'system.internal', params: { missing: 'officials' } });
    expect(act(received(), { type: 'forward' }, staff.ninhKieuReception, bare).state.currentStep).toBe(1);
  });
});
