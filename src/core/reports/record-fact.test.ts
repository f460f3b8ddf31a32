import { describe, expect, it } from 'vitest';
import type { RecordState } from '../records/index.ts';
import { act, applicant, CODES, citizen, context, landRecord, staff, vn } from '../records/test-fixtures.ts';
import { type FactExtras, factFromState, RecordFact } from './record-fact.ts';
import { timing766 } from './timing-766.ts';

/** 24:00 of a day in Vietnam (Civil Code art. 148 cl. 1), as the ISO instant of its last millisecond. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`).toISOString();

const extras: FactExtras = {
  digitised: true,
  reused: false,
  electronicResult: true,
  paperResult: true,
  feeBearing: true,
  paidOnline: false,
  sharedToRepository: true,
  rating: 4,
};
const iso = (date: string, time: string) => vn(date, time).toISOString();
const periodEnd = iso('2026-04-01', '00:00');

/** Land correction at phường Ninh Kiều on 2/3 (due 12/3), supplement asked 4/3 and supplied 9/3. */
const requested = () =>
  act(
    landRecord.atAppraisal(),
    { type: 'request_supplement', reasons: ['Thiếu bản gốc'], missingDocuments: [] },
    staff.caiKheSpecialist,
    context(vn('2026-03-04', '10:00')),
  ).state;
const supplemented = () =>
  act(
    requested(),
    { type: 'supplement', documents: ['Bản gốc Giấy chứng nhận đã cấp.'] },
    staff.ninhKieuReception,
    context(vn('2026-03-09', '10:00')),
  ).state;
/** Forwarded, approved and issued on `date`. */
const issuedAfterSupplement = (date: string) => {
  let s = act(supplemented(), { type: 'forward' }, staff.caiKheSpecialist, context(vn(date, '09:00'))).state;
  s = act(s, { type: 'approve' }, staff.caiKheLeader, context(vn(date, '10:00'))).state;
  return act(
    s,
    { type: 'issue_result', documents: [{ name: 'GCN' }] },
    staff.caiKheSpecialist,
    context(vn(date, '14:00')),
  ).state;
};
const fact = (state: RecordState) => RecordFact.parse(factFromState(state, extras));

describe('factFromState', () => {
  it('reads a received record as in progress, due on the pause-clock deadline', () => {
    const state = landRecord.received();
    expect(fact(state)).toEqual({
      recordId: state.id,
      code: state.code,
      competentAgencyId: state.competentAgencyId,
      receivingAgencyId: state.receivingAgencyId,
      procedureCode: CODES.landCorrection,
      channel: 'in_person',
      receivedAt: iso('2026-03-02', '09:00'),
      dueAt766: endOf('2026-03-12'),
      finishedAt: null,
      awaitingSupplementSince: null,
      outcome: 'in_progress',
      supplementRequests: 0,
      returnedAt: null,
      ...extras,
    });
  });

  it('marks a record waiting for a supplement and counts the request', () => {
    expect(fact(requested())).toMatchObject({
      outcome: 'in_progress',
      supplementRequests: 1,
      awaitingSupplementSince: iso('2026-03-04', '10:00'),
      dueAt766: endOf('2026-03-12'),
    });
  });

  it('takes the pause clock, not the governing restart clock, once the supplement arrives', () => {
    const state = supplemented();
    // Restart governs the appointment (19/3); Decision 766 subtracts the paused days instead (17/3).
    expect(state.appointment?.dueDate).toBe('2026-03-19');
    expect(fact(state)).toMatchObject({
      supplementRequests: 1,
      awaitingSupplementSince: null,
      dueAt766: endOf('2026-03-17'),
    });
    // Issued on 18/3: early for the applicant's appointment, late for the index.
    const issued = issuedAfterSupplement('2026-03-18');
    expect(issued.resultTiming).toBe('early');
    expect(timing766(fact(issued), periodEnd)).toBe('late');
  });

  it('reads an issued and returned result as resolved, finished when issued', () => {
    const issued = act(
      landRecord.approved(),
      { type: 'issue_result', documents: [{ name: 'GCN' }] },
      staff.caiKheSpecialist,
      context(vn('2026-03-04', '14:00')),
    ).state;
    expect(fact(issued)).toMatchObject({ outcome: 'resolved', finishedAt: iso('2026-03-04', '14:00') });
    const returned = act(
      issued,
      { type: 'return_result', method: 'counter', recipientName: 'Nguyễn Văn An' },
      staff.ninhKieuReception,
      context(vn('2026-03-05', '09:00')),
    ).state;
    expect(fact(returned)).toMatchObject({
      outcome: 'resolved',
      finishedAt: iso('2026-03-04', '14:00'),
      returnedAt: iso('2026-03-05', '09:00'),
    });
    expect(timing766(fact(returned), periodEnd)).toBe('early');
  });

  it('reads a refusal after appraisal as rejected, before and after it is returned', () => {
    const rejected = act(
      landRecord.atApproval(),
      { type: 'reject', reasons: ['Không có sai sót'] },
      staff.caiKheLeader,
      context(vn('2026-03-04', '09:00')),
    ).state;
    expect(fact(rejected)).toMatchObject({ outcome: 'rejected', finishedAt: iso('2026-03-04', '09:00') });
    const returned = act(
      rejected,
      { type: 'return_result', method: 'post', trackingNumber: 'EMS123' },
      staff.ninhKieuReception,
      context(vn('2026-03-05', '09:00')),
    ).state;
    expect(fact(returned)).toMatchObject({ outcome: 'rejected', returnedAt: iso('2026-03-05', '09:00') });
  });

  it('reads a stop as stopped, finished when stopped, and out of indicator 2.1', () => {
    const stopped = act(
      landRecord.atAppraisal(),
      { type: 'stop', reason: 'Người nộp đề nghị dừng' },
      staff.ninhKieuReception,
      context(vn('2026-03-04', '10:00')),
    ).state;
    expect(fact(stopped)).toMatchObject({ outcome: 'stopped', finishedAt: iso('2026-03-04', '10:00') });
    expect(timing766(fact(stopped), periodEnd)).toBeNull();
  });

  it('reads an online record not yet received, and one withdrawn during processing', () => {
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
    expect(fact(state)).toMatchObject({
      outcome: 'not_received',
      channel: 'online',
      receivedAt: null,
      dueAt766: null,
    });
    state = act(
      state,
      { type: 'receive', checklist: [] },
      staff.cityReception,
      ctx('2026-03-02', '08:00'),
    ).state;
    state = act(
      state,
      { type: 'withdraw', reason: 'Không còn nhu cầu' },
      applicant,
      ctx('2026-03-03', '10:00'),
    ).state;
    expect(fact(state)).toMatchObject({ outcome: 'withdrawn', finishedAt: iso('2026-03-03', '10:00') });
  });
});
