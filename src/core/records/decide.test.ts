import { describe, expect, it } from 'vitest';
import { availableActions } from './available-actions.ts';
import type { DecideContext, RecordPolicy } from './decide-context.ts';
import { nationalStatus, type RecordState } from './record-state.ts';
import {
  act,
  applicant,
  attempt,
  CODES,
  calendar,
  citizen,
  context,
  fullChecklist,
  landRecord,
  receivedAtNinhKieu,
  staff,
  stranger,
  T0,
  vn,
} from './test-fixtures.ts';

/** 24:00 of a day in Vietnam (Civil Code art. 148 cl. 1), as the ISO instant of its last millisecond. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`).toISOString();

// A land-correction record (8 working days) received at phường Ninh Kiều on Mon 2/3/2026 09:00 for a
// parcel in phường Cái Khế: due Thu 12/3/2026.
const t0 = T0;
const { received, atAppraisal, atApproval, approved } = landRecord;

const errorOf = (d: ReturnType<typeof attempt>) => (d.ok ? undefined : d.error);

describe('reception', () => {
  it('receives a walk-in record at phường Ninh Kiều for a parcel in phường Cái Khế and routes it to UBND phường Cái Khế', () => {
    const { state, events } = receivedAtNinhKieu(t0);
    expect(events.map((e) => e.type)).toEqual(['created', 'received']);
    expect(state).toMatchObject({
      status: 'received',
      code: 'H13.102.01-260302-0001',
      receivingAgencyId: '31135-ttpvhcc',
      competentAgencyId: '31120-ubnd',
      returnPoint: { kind: 'counter', agencyId: '31135-ttpvhcc' },
      appointment: { dueDate: '2026-03-12', dueAt: endOf('2026-03-12') },
      clockStartDate: '2026-03-02',
      legalDeadline: { governing: 'restart', pausedWorkingDays: 0 },
      currentStep: 0,
      version: 2,
    });
    expect(nationalStatus(state.status)).toBe(2);
    expect(state.steps.map((s) => `${s.key}@${s.agencyId}`)).toEqual([
      'reception@31135-ttpvhcc',
      'appraisal@31120-ubnd',
      'approval@31120-ubnd',
      'return@31135-ttpvhcc',
    ]);
    // The reception step's 6.5 office hours end on Tue 3/3 at 08:00.
    expect(state.steps[0]).toMatchObject({
      assigneeId: 'nk-reception',
      dueAt: vn('2026-03-03', '08:00').toISOString(),
    });
  });

  it('returns the result at the counter the applicant chooses, which then owns the return step', () => {
    const { state } = act(
      null,
      {
        type: 'receive',
        checklist: fullChecklist(),
        returnPoint: { kind: 'counter', agencyId: '31120-ttpvhcc' },
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { landParcelUnitCode: '31120' },
        },
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(state.steps.at(-1)?.agencyId).toBe('31120-ttpvhcc');
  });

  it('refuses a return point that is not a one-stop unit', () => {
    const d = attempt(
      null,
      {
        type: 'receive',
        checklist: fullChecklist(),
        returnPoint: { kind: 'counter', agencyId: '31120-ubnd' },
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { landParcelUnitCode: '31120' },
        },
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(errorOf(d)).toEqual({ code: 'record.invalid_return_point', params: { agencyId: '31120-ubnd' } });
  });

  it('does not receive an incomplete dossier; it asks for completion, and receives it when the applicant comes back', () => {
    const opening = {
      procedureVersionId: `${CODES.landCorrection}@1`,
      channel: 'in_person' as const,
      applicant: citizen,
      routing: { landParcelUnitCode: '31120' },
    };
    const [first, second] = fullChecklist();
    const incomplete = [first!, { ...second!, provided: false }];
    expect(
      errorOf(
        attempt(
          null,
          { type: 'receive', checklist: incomplete, opening },
          staff.ninhKieuReception,
          context(t0),
        ),
      ),
    ).toEqual({
      code: 'record.checklist_incomplete',
      params: { missing: [second!.document] },
    });

    const asked = act(
      null,
      {
        type: 'request_completion',
        reasons: ['Thiếu giấy tờ chứng minh sai sót'],
        missingDocuments: [second!.document],
        opening,
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(asked.events.map((e) => e.type)).toEqual(['created', 'completion_requested']);
    expect(asked.state.status).toBe('returned_for_completion');
    expect(asked.state.code).toBeNull();
    expect(nationalStatus(asked.state.status)).toBe(5);

    const back = act(
      asked.state,
      { type: 'receive', checklist: fullChecklist() },
      staff.ninhKieuReception,
      context(vn('2026-03-03', '08:00')),
    );
    expect(back.state).toMatchObject({ status: 'received', code: 'H13.102.01-260303-0001' });
  });

  it('refuses a document that is not in the procedure’s list', () => {
    const d = attempt(
      null,
      {
        type: 'receive',
        checklist: [{ document: 'Sổ hộ khẩu', provided: true }],
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { landParcelUnitCode: '31120' },
        },
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(errorOf(d)?.code).toBe('record.checklist_unknown_document');
  });

  it('refuses at the counter with reasons: not received, national status 3', () => {
    const { state } = act(
      null,
      {
        type: 'refuse',
        reasons: ['Không thuộc thẩm quyền giải quyết'],
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
        },
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(state).toMatchObject({
      status: 'refused',
      code: null,
      closure: { kind: 'refused', reasons: ['Không thuộc thẩm quyền giải quyết'] },
    });
    expect(nationalStatus(state.status)).toBe(3);
    expect(availableActions(state, staff.ninhKieuReception)).toEqual([]);
  });

  it('asks for the land parcel’s commune when routing cannot find the competent agency', () => {
    const d = attempt(
      null,
      {
        type: 'receive',
        checklist: fullChecklist(),
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { residenceUnitCode: '31135' },
        },
      },
      staff.ninhKieuReception,
      context(t0),
    );
    expect(errorOf(d)).toMatchObject({
      code: 'record.competent_agency_unresolved',
      params: { field: 'routing.landParcelUnitCode' },
    });
  });

  it('needs a time limit for the channel: residence deregistration is published for online submission only', () => {
    const d = attempt(
      null,
      {
        type: 'receive',
        checklist: [],
        opening: {
          procedureVersionId: `${CODES.residenceDeregistration}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { residenceUnitCode: '31120' },
        },
      },
      staff.caiKheReception,
      context(t0, CODES.residenceDeregistration),
    );
    expect(errorOf(d)).toEqual({
      code: 'record.procedure_not_configured',
      params: { procedureVersionId: `${CODES.residenceDeregistration}@1`, missing: 'timeLimit.in_person' },
    });
  });

  it('lets only reception officers receive', () => {
    const d = attempt(
      null,
      {
        type: 'receive',
        checklist: [],
        opening: {
          procedureVersionId: `${CODES.landCorrection}@1`,
          channel: 'in_person',
          applicant: citizen,
        },
      },
      staff.caiKheSpecialist,
      context(t0),
    );
    expect(errorOf(d)).toEqual({
      code: 'auth.forbidden',
      params: { action: 'receive', reason: 'reception_only' },
    });
  });
});

describe('online submission', () => {
  const draftFor = (code: string, receivingAgencyId: string, routing = {}) =>
    act(
      null,
      {
        type: 'create_draft',
        procedureVersionId: `${code}@1`,
        applicant: citizen,
        routing,
        receivingAgencyId,
      },
      applicant,
      context(vn('2026-03-01', '20:00'), code),
    ).state;

  it('goes draft → submitted (1) → received (2) at the city center, routed to Sở Tư pháp', () => {
    const draft = draftFor(CODES.legalAdviserCard, '92-ttpvhcc');
    expect(draft.status).toBe('draft');
    expect(nationalStatus(draft.status)).toBeNull();
    const submitted = act(
      draft,
      { type: 'submit' },
      applicant,
      context(vn('2026-03-01', '20:05'), CODES.legalAdviserCard),
    ).state;
    expect(nationalStatus(submitted.status)).toBe(1);
    const { state } = act(
      submitted,
      { type: 'receive', checklist: [] },
      staff.cityReception,
      context(vn('2026-03-02', '08:00'), CODES.legalAdviserCard, { receptionSequence: 42 }),
    );
    expect(state).toMatchObject({
      status: 'received',
      code: 'H13.014-260302-0042',
      competentAgencyId: '92-so-tu-phap',
      appointment: { dueDate: '2026-03-09' },
      applicantAccountId: 'vneid-092085001234',
    });
  });

  it('lets the national portal open and submit a record it pulled, without an applicant account, and nothing more', () => {
    const portal = { kind: 'system', integration: 'portal' } as const;
    const ctx = context(vn('2026-03-01', '20:00'), CODES.legalAdviserCard);
    const draft = act(
      null,
      {
        type: 'create_draft',
        procedureVersionId: `${CODES.legalAdviserCard}@1`,
        applicant: citizen,
        routing: {},
        receivingAgencyId: '92-ttpvhcc',
      },
      portal,
      ctx,
    ).state;
    expect(draft).toMatchObject({ status: 'draft', applicantAccountId: null });
    const { state, events } = act(draft, { type: 'submit' }, portal, ctx);
    expect(state.status).toBe('submitted');
    expect(events[0]?.by).toEqual(portal);
    // Not reception, and not another integration.
    const receive = attempt(state, { type: 'receive', checklist: [] }, portal, {
      ...ctx,
      receptionSequence: 1,
    });
    expect(receive.ok).toBe(false);
    const other = attempt(draft, { type: 'submit' }, { kind: 'system', integration: 'post' }, ctx);
    expect(other.ok ? undefined : other.error.code).toBe('auth.forbidden');
  });

  it('lets only the owner submit', () => {
    const draft = draftFor(CODES.legalAdviserCard, '92-ttpvhcc');
    expect(
      errorOf(attempt(draft, { type: 'submit' }, stranger, context(t0, CODES.legalAdviserCard))),
    ).toEqual({
      code: 'auth.forbidden',
      params: { action: 'submit', reason: 'not_owner' },
    });
  });

  it('brings an online record asked for completion back by resubmission, not at the counter', () => {
    const submitted = act(
      draftFor(CODES.legalAdviserCard, '92-ttpvhcc'),
      { type: 'submit' },
      applicant,
      context(t0, CODES.legalAdviserCard),
    ).state;
    const asked = act(
      submitted,
      { type: 'request_completion', reasons: ['Thiếu ảnh'], missingDocuments: [] },
      staff.cityReception,
      context(t0, CODES.legalAdviserCard),
    ).state;
    expect(
      errorOf(
        attempt(
          asked,
          { type: 'receive', checklist: [] },
          staff.cityReception,
          context(t0, CODES.legalAdviserCard),
        ),
      ),
    ).toMatchObject({
      code: 'record.transition_not_allowed',
      params: { status: 'returned_for_completion', action: 'receive', allowedActions: ['withdraw'] },
    });
    expect(availableActions(asked, applicant)).toEqual(['submit', 'withdraw']);
    expect(act(asked, { type: 'submit' }, applicant, context(t0, CODES.legalAdviserCard)).state.status).toBe(
      'submitted',
    );
  });

  it('asks for completion before reception only once: the resubmitted dossier is received or refused', () => {
    const ctx = context(t0, CODES.legalAdviserCard);
    const submitted = act(
      draftFor(CODES.legalAdviserCard, '92-ttpvhcc'),
      { type: 'submit' },
      applicant,
      ctx,
    ).state;
    const asked = act(
      submitted,
      { type: 'request_completion', reasons: ['Thiếu ảnh'], missingDocuments: [] },
      staff.cityReception,
      ctx,
    ).state;
    const resubmitted = act(asked, { type: 'submit' }, applicant, ctx).state;
    expect(resubmitted.status).toBe('submitted');
    expect(
      errorOf(
        attempt(
          resubmitted,
          { type: 'request_completion', reasons: ['Ảnh mờ'], missingDocuments: [] },
          staff.cityReception,
          ctx,
        ),
      ),
    ).toMatchObject({
      code: 'record.completion_already_requested',
      params: { requestedAt: asked.completionRequest?.at },
    });
    expect(availableActions(resubmitted, staff.cityReception)).not.toContain('request_completion');
    expect(availableActions(resubmitted, staff.cityReception)).toEqual(
      expect.arrayContaining(['receive', 'refuse']),
    );
  });

  it('keeps a procedure that is not cross-boundary away from another commune’s counter', () => {
    // A resident of phường Cái Khế submits "Xóa đăng ký thường trú" to the one-stop unit of phường Ninh Kiều.
    const draft = draftFor(CODES.residenceDeregistration, '31135-ttpvhcc', { residenceUnitCode: '31120' });
    const submitted = act(
      draft,
      { type: 'submit' },
      applicant,
      context(t0, CODES.residenceDeregistration),
    ).state;
    const d = attempt(
      submitted,
      { type: 'receive', checklist: [] },
      staff.ninhKieuReception,
      context(t0, CODES.residenceDeregistration),
    );
    expect(errorOf(d)).toEqual({
      code: 'record.outside_reception_scope',
      params: {
        receivingAgencyId: '31135-ttpvhcc',
        competentAgencyId: '31120-cong-an-xa',
        crossBoundary: false,
      },
    });
    expect(availableActions(submitted, staff.ninhKieuReception)).toContain('refuse');
  });

  it('lets only the chosen one-stop unit act on a submission', () => {
    const submitted = act(
      draftFor(CODES.legalAdviserCard, '92-ttpvhcc'),
      { type: 'submit' },
      applicant,
      context(t0, CODES.legalAdviserCard),
    ).state;
    expect(
      errorOf(
        attempt(
          submitted,
          { type: 'receive', checklist: [] },
          staff.ninhKieuReception,
          context(t0, CODES.legalAdviserCard),
        ),
      ),
    ).toMatchObject({
      code: 'auth.forbidden',
    });
  });
});

describe('process steps', () => {
  it('forwards from reception to the named specialist of the competent agency (status 4)', () => {
    const state = atAppraisal();
    expect(state.status).toBe('in_process');
    expect(nationalStatus(state.status)).toBe(4);
    expect(state.currentStep).toBe(1);
    expect(state.steps[1]).toMatchObject({
      assigneeId: 'ck-specialist',
      startedAt: vn('2026-03-02', '10:00').toISOString(),
      dueAt: calendar.addWorkingHours(vn('2026-03-02', '10:00'), 44.75).toISOString(),
    });
    expect(state.stepHistory).toEqual([
      expect.objectContaining({
        stepIndex: 0,
        key: 'reception',
        assigneeId: 'nk-reception',
        timing: 'early',
      }),
    ]);
  });

  it('holds an unassigned specialist step until a leader assigns it', () => {
    const unassigned = act(
      received(),
      { type: 'forward' },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '10:00')),
    ).state;
    expect(
      errorOf(
        attempt(unassigned, { type: 'forward' }, staff.caiKheSpecialist, context(vn('2026-03-02', '11:00'))),
      ),
    ).toEqual({
      code: 'record.not_assigned',
      params: { stepIndex: 1, assigneeId: null },
    });
    expect(availableActions(unassigned, staff.caiKheLeader)).toContain('assign');
    const assigned = act(
      unassigned,
      { type: 'assign', assigneeId: 'ck-specialist-2' },
      staff.caiKheLeader,
      context(vn('2026-03-02', '11:00')),
    ).state;
    expect(availableActions(assigned, staff.caiKheSpecialist2)).toContain('forward');
    expect(availableActions(assigned, staff.caiKheSpecialist)).not.toContain('forward');
  });

  it('lets only the assigned specialist work the step', () => {
    expect(
      errorOf(
        attempt(
          atAppraisal(),
          { type: 'forward' },
          staff.caiKheSpecialist2,
          context(vn('2026-03-03', '10:00')),
        ),
      ),
    ).toEqual({
      code: 'record.not_assigned',
      params: { stepIndex: 1, assigneeId: 'ck-specialist' },
    });
  });

  it('lets a leader reassign a step, but not to the same person', () => {
    const state = atAppraisal();
    expect(
      act(
        state,
        { type: 'reassign', assigneeId: 'ck-specialist-2', reason: 'Nghỉ phép' },
        staff.caiKheLeader,
        context(vn('2026-03-03', '08:00')),
      ).state.steps[1]?.assigneeId,
    ).toBe('ck-specialist-2');
    expect(
      errorOf(
        attempt(
          state,
          { type: 'reassign', assigneeId: 'ck-specialist' },
          staff.caiKheLeader,
          context(vn('2026-03-03', '08:00')),
        ),
      )?.code,
    ).toBe('record.already_assigned');
    expect(
      errorOf(
        attempt(
          state,
          { type: 'reassign', assigneeId: 'x' },
          staff.caiKheSpecialist,
          context(vn('2026-03-03', '08:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
  });

  it('refuses approval at the appraisal step and names the actions allowed there', () => {
    const d = attempt(
      atAppraisal(),
      { type: 'approve' },
      staff.caiKheLeader,
      context(vn('2026-03-03', '10:00')),
    );
    expect(errorOf(d)).toEqual({
      code: 'record.transition_not_allowed',
      params: {
        status: 'in_process',
        action: 'approve',
        allowedActions: ['reassign', 'request_supplement', 'request_payment', 'extend'],
      },
    });
  });

  it('sends a record back from approval to the specialist who appraised it', () => {
    const { state } = act(
      atApproval(),
      { type: 'send_back', toStep: 1, reason: 'Bổ sung ý kiến thẩm định' },
      staff.caiKheLeader,
      context(vn('2026-03-04', '08:00')),
    );
    expect(state).toMatchObject({ status: 'in_process', currentStep: 1 });
    expect(state.steps[1]?.assigneeId).toBe('ck-specialist');
    expect(
      errorOf(
        attempt(
          atApproval(),
          { type: 'send_back', toStep: 0, reason: 'x' },
          staff.caiKheLeader,
          context(vn('2026-03-04', '08:00')),
        ),
      ),
    ).toEqual({
      code: 'record.invalid_step',
      params: { toStep: 0, allowed: [1] },
    });
  });

  it('reaches the return step only through a result: no forwarding from the decision step', () => {
    expect(availableActions(atApproval(), staff.caiKheLeader)).not.toContain('forward');
  });

  it('marks a step finished after its due time as late on the control slip', () => {
    // The appraisal budget (44.75 office hours from Mon 2/3 10:00) ends on Tue 10/3.
    const late = act(
      atAppraisal(),
      { type: 'forward' },
      staff.caiKheSpecialist,
      context(vn('2026-03-11', '10:00')),
    ).state;
    expect(late.stepHistory.at(-1)).toMatchObject({ stepIndex: 1, timing: 'late' });
  });
});

describe('the 15:00 cut-off at reception (DOMAIN.md §7.1), kept on the record', () => {
  const birthAt = (now: Date, extra: Partial<DecideContext> = {}) =>
    act(
      null,
      {
        type: 'receive',
        checklist: fullChecklist(CODES.birthRegistration),
        opening: {
          procedureVersionId: `${CODES.birthRegistration}@1`,
          channel: 'in_person',
          applicant: citizen,
          routing: { residenceUnitCode: '31135' },
        },
      },
      staff.ninhKieuReception,
      context(now, CODES.birthRegistration, extra),
    ).state;

  it('answers a same-day procedure received at 16:00 on the next working day, and keeps the cut-off on the record', () => {
    expect(birthAt(vn('2026-03-02', '14:00'))).toMatchObject({
      clockStartDate: '2026-03-02',
      appointment: { dueDate: '2026-03-02' },
      cutoffMinutes: 900,
    });
    expect(birthAt(vn('2026-03-02', '16:00'))).toMatchObject({
      clockStartDate: '2026-03-03',
      appointment: { dueDate: '2026-03-03', dueAt: endOf('2026-03-03') },
      cutoffMinutes: 900,
    });
  });

  it('counts an 8-working-day limit received at 16:00 from the reception day, unless the city lists the procedure', () => {
    const plain = receivedAtNinhKieu(vn('2026-03-02', '16:00')).state;
    expect(plain).toMatchObject({
      clockStartDate: '2026-03-02',
      appointment: { dueDate: '2026-03-12' },
      cutoffMinutes: null,
    });
    const listed = receivedAtNinhKieu(vn('2026-03-02', '16:00'), {
      policy: { cutoffProcedures: [CODES.landCorrection] },
    }).state;
    expect(listed).toMatchObject({
      clockStartDate: '2026-03-03',
      appointment: { dueDate: '2026-03-13' },
      cutoffMinutes: 900,
    });
    // Before the cut-off a listed procedure counts from the reception day.
    expect(
      receivedAtNinhKieu(vn('2026-03-02', '15:00'), { policy: { cutoffProcedures: [CODES.landCorrection] } })
        .state.appointment?.dueDate,
    ).toBe('2026-03-12');
  });

  it('restarts after a supplement under the cut-off rule kept at reception, not the one in force later', () => {
    const flow = (policy: Partial<RecordPolicy>) => {
      let s = receivedAtNinhKieu(T0, { policy }).state;
      s = act(
        s,
        { type: 'forward', assigneeId: 'ck-specialist' },
        staff.ninhKieuReception,
        context(vn('2026-03-02', '10:00')),
      ).state;
      s = act(
        s,
        { type: 'request_supplement', reasons: ['Thiếu bản gốc'], missingDocuments: [] },
        staff.caiKheSpecialist,
        context(vn('2026-03-04', '10:00')),
      ).state;
      // The supplement arrives Mon 9/3 at 16:00; the city's list has changed since (now empty).
      return act(
        s,
        { type: 'supplement', documents: ['Bản gốc Giấy chứng nhận đã cấp.'] },
        staff.ninhKieuReception,
        context(vn('2026-03-09', '16:00')),
      ).state;
    };
    // Kept with the cut-off: restart from Tue 10/3, 8 working days → Fri 20/3; without: from Mon 9/3 → Thu 19/3.
    expect(flow({ cutoffProcedures: [CODES.landCorrection] }).legalDeadline?.restart.dueDate).toBe(
      '2026-03-20',
    );
    expect(flow({}).legalDeadline?.restart.dueDate).toBe('2026-03-19');
  });
});

describe('the end of a period (Civil Code art. 148 cl. 1: 24:00 of the last day)', () => {
  it('rates a result issued at 17:30 on the due day on time, and one at 00:05 the next day late', () => {
    // Due Thu 12/3/2026.
    const issue = (at: Date) =>
      act(
        approved(),
        { type: 'issue_result', documents: [{ name: 'GCN' }] },
        staff.caiKheSpecialist,
        context(at),
      ).state;
    expect(issue(vn('2026-03-12', '17:30')).resultTiming).toBe('on_time');
    expect(issue(vn('2026-03-13', '00:05')).resultTiming).toBe('late');
  });

  it('gives an online submission its acknowledgment due time: 8 office hours (DOMAIN.md §2.2)', () => {
    const draft = act(
      null,
      {
        type: 'create_draft',
        procedureVersionId: `${CODES.legalAdviserCard}@1`,
        applicant: citizen,
        routing: {},
        receivingAgencyId: '92-ttpvhcc',
      },
      applicant,
      context(t0, CODES.legalAdviserCard),
    ).state;
    // Fri 13/2/2026 16:00: 1 office hour that day, Tết 14–22/2, then 7 hours on Mon 23/2 until 16:30.
    const submitted = act(
      draft,
      { type: 'submit' },
      applicant,
      context(vn('2026-02-13', '16:00'), CODES.legalAdviserCard),
    ).state;
    expect(submitted.acknowledgeDueAt).toBe(vn('2026-02-23', '16:30').toISOString());
  });
});

describe('supplement during processing (Decree 61/2018 art. 19 cl. 4)', () => {
  const ask = (state: RecordState, at: Date) =>
    attempt(
      state,
      { type: 'request_supplement', reasons: ['Thiếu bản gốc Giấy chứng nhận'], missingDocuments: [] },
      staff.caiKheSpecialist,
      context(at),
    );
  const requested = () =>
    act(
      atAppraisal(),
      { type: 'request_supplement', reasons: ['Thiếu bản gốc'], missingDocuments: [] },
      staff.caiKheSpecialist,
      context(vn('2026-03-04', '10:00')),
    ).state;

  it('stops the clock: status 5 until the supplement arrives', () => {
    const state = requested();
    expect(state.status).toBe('supplement_requested');
    expect(nationalStatus(state.status)).toBe(5);
  });

  it('refuses approval while the supplement clock is paused', () => {
    const d = attempt(
      requested(),
      { type: 'approve' },
      staff.caiKheLeader,
      context(vn('2026-03-05', '10:00')),
    );
    expect(errorOf(d)).toMatchObject({
      code: 'record.transition_not_allowed',
      params: { status: 'supplement_requested', action: 'approve' },
    });
  });

  it('refuses a request after the third working day from reception', () => {
    expect(ask(atAppraisal(), vn('2026-03-05', '16:00')).ok).toBe(true);
    expect(errorOf(ask(atAppraisal(), vn('2026-03-06', '08:00')))).toEqual({
      code: 'record.supplement_window_passed',
      params: { clockStartDate: '2026-03-02', windowWorkingDays: 3 },
    });
    expect(
      availableActions(atAppraisal(), staff.caiKheSpecialist, { now: vn('2026-03-06', '08:00'), calendar }),
    ).not.toContain('request_supplement');
  });

  it('honours a window the city configures', () => {
    const ctx = context(vn('2026-03-06', '08:00'), CODES.landCorrection, {
      policy: { supplementWindowWorkingDays: 5 },
    });
    expect(
      attempt(
        atAppraisal(),
        { type: 'request_supplement', reasons: ['x'], missingDocuments: [] },
        staff.caiKheSpecialist,
        ctx,
      ).ok,
    ).toBe(true);
  });

  it('restarts the clock from zero by default and keeps the pause clock beside it', () => {
    // Asked Wed 4/3, supplied at the counter Mon 9/3 10:00. Restart: 8 working days from Mon 9/3 → Thu 19/3.
    // Pause: Thu 5, Fri 6, Mon 9 stood still, so Thu 12/3 → Tue 17/3.
    const { state } = act(
      requested(),
      { type: 'supplement', documents: ['Bản gốc Giấy chứng nhận đã cấp.'] },
      staff.ninhKieuReception,
      context(vn('2026-03-09', '10:00')),
    );
    expect(state.status).toBe('in_process');
    expect(state.legalDeadline).toEqual({
      governing: 'restart',
      restart: { dueDate: '2026-03-19', dueAt: endOf('2026-03-19') },
      pause: { dueDate: '2026-03-17', dueAt: endOf('2026-03-17') },
      pausedWorkingDays: 3,
    });
    expect(state.appointment?.dueDate).toBe('2026-03-19');
    expect(state.steps[1]?.dueAt).toBe(
      calendar.addWorkingHours(vn('2026-03-09', '10:00'), 44.75).toISOString(),
    );
  });

  it('governs by the pause rule when it was in force at reception', () => {
    const policy = { clockRule: 'pause' as const };
    const start = receivedAtNinhKieu(t0, { policy }).state;
    const appraisal = act(
      start,
      { type: 'forward', assigneeId: 'ck-specialist' },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '10:00')),
    ).state;
    const asked = act(
      appraisal,
      { type: 'request_supplement', reasons: ['x'], missingDocuments: [] },
      staff.caiKheSpecialist,
      context(vn('2026-03-04', '10:00')),
    ).state;
    // The policy in force later does not change the record's rule.
    const { state } = act(
      asked,
      { type: 'supplement', documents: ['x'] },
      staff.ninhKieuReception,
      context(vn('2026-03-09', '10:00')),
    );
    expect(state.legalDeadline?.governing).toBe('pause');
    expect(state.appointment?.dueDate).toBe('2026-03-17');
  });

  it('asks only once', () => {
    const supplied = act(
      requested(),
      { type: 'supplement', documents: ['x'] },
      staff.ninhKieuReception,
      context(vn('2026-03-04', '15:00')),
    ).state;
    expect(errorOf(ask(supplied, vn('2026-03-05', '09:00')))).toEqual({
      code: 'record.supplement_already_requested',
      params: { requestedAt: vn('2026-03-04', '10:00').toISOString() },
    });
  });

  it('takes the supplement from the reception counter or the applicant’s account, not from someone else', () => {
    const state = requested();
    expect(availableActions(state, staff.ninhKieuReception)).toContain('supplement');
    expect(
      errorOf(
        attempt(
          state,
          { type: 'supplement', documents: ['x'] },
          stranger,
          context(vn('2026-03-05', '09:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
  });
});

describe('financial obligations (status 6)', () => {
  const items = [{ description: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 50_000 }];

  it('pauses processing for payment and resumes where it was', () => {
    const waiting = act(
      atAppraisal(),
      { type: 'request_payment', items },
      staff.caiKheSpecialist,
      context(vn('2026-03-03', '09:00')),
    ).state;
    expect(nationalStatus(waiting.status)).toBe(6);
    expect(waiting.payment).toMatchObject({ totalVnd: 50_000, resumeStatus: 'in_process' });
    const paid = act(
      waiting,
      { type: 'confirm_payment', reference: 'VCB-123' },
      staff.ninhKieuReception,
      context(vn('2026-03-03', '14:00')),
    ).state;
    expect(paid).toMatchObject({ status: 'in_process', currentStep: 1, payment: { reference: 'VCB-123' } });
  });

  it('returns to “approved” when the payment was asked after the decision, and then refuses withdrawal', () => {
    const waiting = act(
      approved(),
      { type: 'request_payment', items },
      staff.caiKheLeader,
      context(vn('2026-03-04', '10:00')),
    ).state;
    expect(availableActions(waiting, applicant)).toEqual([]);
    const paid = act(
      waiting,
      { type: 'confirm_payment' },
      staff.caiKheSpecialist,
      context(vn('2026-03-05', '10:00')),
    ).state;
    expect(paid.status).toBe('approved');
  });
});

describe('decision and result', () => {
  it('approves (still 4), issues the result (9), returns it at Ninh Kiều (10)', () => {
    const a = approved();
    expect(a).toMatchObject({ status: 'approved', outcome: 'approved' });
    expect(nationalStatus(a.status)).toBe(4);
    const issued = act(
      a,
      { type: 'issue_result', documents: [{ name: 'Giấy chứng nhận đã đính chính', number: 'CS 01234' }] },
      staff.caiKheSpecialist,
      context(vn('2026-03-04', '14:00')),
    ).state;
    expect(issued).toMatchObject({ status: 'result_ready', currentStep: 3, resultTiming: 'early' });
    expect(nationalStatus(issued.status)).toBe(9);
    expect(availableActions(issued, staff.caiKheReception)).toEqual([]);
    expect(availableActions(issued, staff.ninhKieuReception)).toEqual(['return_result']);
    const done = act(
      issued,
      { type: 'return_result', method: 'counter', recipientName: 'Nguyễn Văn An' },
      staff.ninhKieuReception,
      context(vn('2026-03-05', '09:00')),
    ).state;
    expect(done).toMatchObject({ status: 'delivered', currentStep: null, delivery: { method: 'counter' } });
    expect(nationalStatus(done.status)).toBe(10);
    expect(done.stepHistory.map((v) => v.key)).toEqual(['reception', 'appraisal', 'approval', 'return']);
  });

  it('rejects with reasons and returns the refusal through the one-stop unit', () => {
    const rejected = act(
      atApproval(),
      { type: 'reject', reasons: ['Không có sai sót trên Giấy chứng nhận'] },
      staff.caiKheLeader,
      context(vn('2026-03-04', '09:00')),
    ).state;
    expect(rejected).toMatchObject({
      status: 'rejected',
      outcome: 'rejected',
      currentStep: 3,
      closure: { kind: 'rejected' },
    });
    expect(nationalStatus(rejected.status)).toBe(9);
    const done = act(
      rejected,
      { type: 'return_result', method: 'post', trackingNumber: 'EMS123' },
      staff.ninhKieuReception,
      context(vn('2026-03-05', '09:00')),
    ).state;
    expect(done.status).toBe('delivered');
  });

  it('lets only a leader of the competent agency decide', () => {
    expect(
      errorOf(
        attempt(
          atApproval(),
          { type: 'approve' },
          staff.caiKheSpecialist,
          context(vn('2026-03-04', '09:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
    expect(
      errorOf(
        attempt(atApproval(), { type: 'approve' }, staff.justiceLeader, context(vn('2026-03-04', '09:00'))),
      )?.code,
    ).toBe('auth.forbidden');
  });
});

describe('extension with an apology (Decree 61/2018 art. 19 cl. 9)', () => {
  const extend = (state: RecordState, at: Date, newDueDate = '2026-03-17') =>
    attempt(
      state,
      { type: 'extend', newDueDate, reason: 'Cần xác minh thực địa' },
      staff.caiKheLeader,
      context(at),
    );

  it('moves the appointment once, to a later working day', () => {
    const d = extend(atAppraisal(), vn('2026-03-11', '10:00'));
    expect(d.ok).toBe(true);
    const state = act(
      atAppraisal(),
      { type: 'extend', newDueDate: '2026-03-17', reason: 'Cần xác minh thực địa' },
      staff.caiKheLeader,
      context(vn('2026-03-11', '10:00')),
    ).state;
    expect(state.appointment).toEqual({
      dueDate: '2026-03-17',
      dueAt: endOf('2026-03-17'),
    });
    expect(state.extension?.previous.dueDate).toBe('2026-03-12');
    expect(state.legalDeadline?.restart.dueDate).toBe('2026-03-12');
    expect(errorOf(extend(state, vn('2026-03-12', '08:00'), '2026-03-20'))?.code).toBe(
      'record.extension_already_used',
    );
  });

  it('refuses an extension asked on the due date', () => {
    expect(errorOf(extend(atAppraisal(), vn('2026-03-12', '08:00')))).toEqual({
      code: 'record.extension_too_late',
      params: { dueDate: '2026-03-12', leadWorkingDays: 1 },
    });
  });

  it('refuses a new appointment that is not later, or not a working day', () => {
    expect(errorOf(extend(atAppraisal(), vn('2026-03-10', '10:00'), '2026-03-12'))).toMatchObject({
      code: 'record.extension_date_invalid',
      params: { reason: 'not_later' },
    });
    expect(errorOf(extend(atAppraisal(), vn('2026-03-10', '10:00'), '2026-03-14'))).toMatchObject({
      params: { reason: 'not_working_day' },
    });
  });

  it('is the leader’s to grant', () => {
    expect(
      errorOf(
        attempt(
          atAppraisal(),
          { type: 'extend', newDueDate: '2026-03-17', reason: 'x' },
          staff.caiKheSpecialist,
          context(vn('2026-03-10', '10:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
  });
});

describe('withdrawal and stop (Decree 118/2025 art. 21; Circular 03/2025 art. 7)', () => {
  it('lets the applicant withdraw an online record during processing (status 7)', () => {
    const ctx = (date: string, time: string) => context(vn(date, time), CODES.legalAdviserCard);
    let state = act(
      null,
      {
        type: 'create_draft',
        procedureVersionId: `${CODES.legalAdviserCard}@1`,
        applicant: citizen,
        receivingAgencyId: '92-ttpvhcc',
      },
      applicant,
      ctx('2026-03-01', '20:00'),
    ).state;
    state = act(state, { type: 'submit' }, applicant, ctx('2026-03-01', '20:01')).state;
    state = act(
      state,
      { type: 'receive', checklist: [] },
      staff.cityReception,
      ctx('2026-03-02', '08:00'),
    ).state;
    state = act(
      state,
      { type: 'forward', assigneeId: 'tp-specialist' },
      staff.cityReception,
      ctx('2026-03-02', '09:00'),
    ).state;
    const { state: w } = act(
      state,
      { type: 'withdraw', reason: 'Không còn nhu cầu' },
      applicant,
      ctx('2026-03-03', '10:00'),
    );
    expect(w).toMatchObject({
      status: 'withdrawn',
      currentStep: null,
      closure: { kind: 'withdrawn', reasons: ['Không còn nhu cầu'] },
    });
    expect(nationalStatus(w.status)).toBe(7);
    expect(w.stepHistory.at(-1)).toMatchObject({
      stepIndex: 1,
      finishedAt: vn('2026-03-03', '10:00').toISOString(),
    });
  });

  it('refuses withdrawal once a result exists', () => {
    for (const state of [
      approved(),
      act(
        approved(),
        { type: 'issue_result', documents: [{ name: 'GCN' }] },
        staff.caiKheSpecialist,
        context(vn('2026-03-04', '14:00')),
      ).state,
    ]) {
      const d = attempt(
        state,
        { type: 'withdraw', reason: 'x' },
        staff.ninhKieuReception,
        context(vn('2026-03-05', '10:00')),
      );
      expect(errorOf(d)).toMatchObject({
        code: 'record.transition_not_allowed',
        params: { action: 'withdraw' },
      });
    }
  });

  it('lets the receiving one-stop unit stop processing at the applicant’s request (status 8)', () => {
    const { state } = act(
      atAppraisal(),
      { type: 'stop', reason: 'Đơn đề nghị dừng của công dân' },
      staff.ninhKieuDirector,
      context(vn('2026-03-03', '10:00')),
    );
    expect(nationalStatus(state.status)).toBe(8);
    expect(availableActions(state, staff.ninhKieuDirector)).toEqual([]);
  });

  it('does not let the competent agency stop a record, nor a stranger withdraw one', () => {
    expect(
      errorOf(
        attempt(
          atAppraisal(),
          { type: 'stop', reason: 'x' },
          staff.caiKheLeader,
          context(vn('2026-03-03', '10:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
    expect(
      errorOf(
        attempt(
          atAppraisal(),
          { type: 'withdraw', reason: 'x' },
          stranger,
          context(vn('2026-03-03', '10:00')),
        ),
      )?.code,
    ).toBe('auth.forbidden');
  });
});
