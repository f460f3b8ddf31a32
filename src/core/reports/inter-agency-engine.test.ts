import { describe, expect, it } from 'vitest';
import type { ProcessStep } from '../catalog/index.ts';
import type { OfficialActor } from '../records/actor.ts';
import type { Assignable } from '../records/assignee.ts';
import type { RecordCommandInput } from '../records/commands.ts';
import type { DecideContext } from '../records/decide-context.ts';
import type { RecordState } from '../records/index.ts';
import {
  act,
  CODES,
  citizen,
  context,
  fullChecklist,
  officials,
  procedure,
  staff,
  vn,
} from '../records/test-fixtures.ts';
import { buildSlip, controlRows, type SlipNames } from '../slips/index.ts';
import { counterDeltas } from './counters.ts';
import { factFromState } from './record-fact.ts';
import { stepPerformance, stepVisitFacts } from './step-performance.ts';

/*
 * Reports over a record the engine ran through an open process (issue 15): land correction received at
 * phường Ninh Kiều for a parcel in phường Cái Khế, appraised at UBND Cái Khế, then the land registration
 * branch and the tax office in parallel; the land office sends it back to the appraisal once (closing the
 * tax step), both branches run again, the Cái Khế leader decides and Ninh Kiều returns the result.
 */

const LAND = '92-vpdkdd-chi-nhanh';
const TAX = '92-thue-co-so';
const step = (
  key: string,
  role: ProcessStep['role'],
  kind: NonNullable<ProcessStep['kind']>,
  agency: NonNullable<ProcessStep['agency']>,
  after: string[],
  budgetWorkingHours: number,
): ProcessStep => ({ key, name_vi: key, name_en: key, role, kind, agency, after, budgetWorkingHours });
const named = (agencyKey: string) =>
  ({ kind: 'rule', rule: { kind: 'named_agency', agencyKey, basis: 'Luật Đất đai 2024' } }) as const;
const PROCESS: ProcessStep[] = [
  step('reception', 'reception', 'reception', { kind: 'receiving' }, [], 4),
  step('appraisal', 'specialist', 'work', { kind: 'competent' }, ['reception'], 8),
  step('land_office', 'specialist', 'work', named(LAND), ['appraisal'], 16),
  step('tax', 'specialist', 'work', named(TAX), ['appraisal'], 12),
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
  specialist: official('land-specialist', LAND, 'specialist'),
  leader: official('land-leader', LAND, 'leader'),
};
const tax = {
  specialist: official('tax-specialist', TAX, 'specialist'),
  leader: official('tax-leader', TAX, 'leader'),
};
const everyone: Assignable[] = [
  ...officials,
  ...[land.specialist, land.leader, tax.specialist, tax.leader].map((a) => ({
    userId: a.userId,
    agencyId: a.agencyId,
    roles: a.roles,
    active: true,
  })),
];
const ctxAt = (now: Date) =>
  context(now, CODES.landCorrection, {
    procedure: { ...procedure(CODES.landCorrection), process: PROCESS },
    officials: everyone,
  } as Partial<DecideContext>);

function history(): RecordState {
  let state = act(
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
    ctxAt(vn('2026-03-02', '09:00')),
  ).state;
  const moves: [RecordCommandInput, OfficialActor, Date][] = [
    [{ type: 'forward', assigneeId: 'ck-specialist' }, staff.ninhKieuReception, vn('2026-03-02', '10:00')],
    [{ type: 'forward' }, staff.caiKheSpecialist, vn('2026-03-03', '09:00')],
    [{ type: 'assign', assigneeId: 'land-specialist' }, land.leader, vn('2026-03-03', '09:30')],
    [{ type: 'assign', assigneeId: 'tax-specialist' }, tax.leader, vn('2026-03-03', '09:30')],
    // The land office sends it back to the appraisal: the tax step is closed with it.
    [{ type: 'send_back', toStep: 1, reason: 'Sai diện tích' }, land.specialist, vn('2026-03-03', '14:00')],
    [{ type: 'forward' }, staff.caiKheSpecialist, vn('2026-03-04', '09:00')],
    // The tax office early; the land office late (16 office hours from 4/3 09:00 end 6/3 09:00).
    [{ type: 'forward' }, tax.specialist, vn('2026-03-04', '15:00')],
    [{ type: 'forward' }, land.specialist, vn('2026-03-10', '09:00')],
    [{ type: 'approve' }, staff.caiKheLeader, vn('2026-03-10', '14:00')],
    [
      { type: 'issue_result', documents: [{ name: 'Giấy chứng nhận' }] },
      staff.caiKheSpecialist,
      vn('2026-03-10', '15:00'),
    ],
    [{ type: 'return_result', method: 'counter' }, staff.ninhKieuReception, vn('2026-03-11', '09:00')],
  ];
  for (const [command, actor, at] of moves) state = act(state, command, actor, ctxAt(at)).state;
  return state;
}

const state = history();

describe('a record the engine ran at three agencies besides the competent one', () => {
  it('is counted once, by its competent agency', () => {
    expect(state.status).toBe('delivered');
    const fact = factFromState(state, {
      digitised: false,
      reused: false,
      electronicResult: false,
      paperResult: true,
      feeBearing: false,
      paidOnline: false,
      sharedToRepository: false,
      rating: null,
    });
    expect(fact.competentAgencyId).toBe('31120-ubnd');
    const deltas = counterDeltas(null, {
      ...fact,
      competentAgencyId: '31120-ubnd',
      receivingAgencyId: '31135-ttpvhcc',
      receivedDay: '2026-03-02',
      dueDay: '2026-03-12',
      finishedDay: '2026-03-10',
      timing: 'early',
      refusedDay: null,
      supplementDay: null,
      returnedDay: '2026-03-11',
    } as never);
    expect(new Set(deltas.map((d) => d.competentAgencyId))).toEqual(new Set(['31120-ubnd']));
    expect(deltas.reduce((n, d) => n + (d.counts.received ?? 0), 0)).toBe(1);
  });

  it('gives each agency its steps: the land office late and sent back once, the tax step closed once', () => {
    const facts = stepVisitFacts(state);
    expect(facts.map((f) => `${f.stepKey}@${f.agencyId}:${f.outcome}:${f.timing}`)).toEqual([
      'reception@31135-ttpvhcc:forwarded:on_time',
      'land_office@92-vpdkdd-chi-nhanh:sent_back:early',
      'tax@92-thue-co-so:closed:early',
      'tax@92-thue-co-so:forwarded:early',
      'land_office@92-vpdkdd-chi-nhanh:forwarded:late',
      'return@31135-ttpvhcc:returned:on_time',
    ]);
    const rows = stepPerformance(facts, {
      from: '2026-03-01',
      to: '2026-04-01',
      judgedAt: new Date('2026-03-31T17:00:00Z'),
    });
    expect(rows.find((r) => r.agencyId === LAND)).toMatchObject({
      received: 2,
      finished: { total: 2, early: 1, onTime: 0, late: 1 },
      sentBack: 1,
      closed: 0,
      open: { total: 0, overdue: 0 },
    });
    expect(rows.find((r) => r.agencyId === TAX)).toMatchObject({
      received: 2,
      finished: { total: 1, early: 1 },
      closed: 1,
    });
    expect(rows.find((r) => r.agencyId === '31120-ubnd')).toBeUndefined();
  });

  it('lists every hand-over on control slip 05, with the agencies of both branches', () => {
    const names: SlipNames = {
      procedureName: 'Đính chính',
      agencyName: (id) => id ?? '—',
      personName: (id) => id ?? '',
      province: 'thành phố Cần Thơ',
    };
    const rows = controlRows(state, names);
    expect(rows.map((r) => `${(r[0] ?? '').replace(/\n/g, ' | ')} # ${r[2]} # ${r[3]}`)).toEqual([
      '1. Giao: 31135-ttpvhcc – nk-reception | 2. Nhận: 31120-ubnd – ck-specialist # Đúng hạn # ',
      // The split: a row per branch.
      '1. Giao: 31120-ubnd – ck-specialist | 2. Nhận: 92-vpdkdd-chi-nhanh – land-specialist # Đúng hạn # ',
      '1. Giao: 31120-ubnd – ck-specialist | 2. Nhận: 92-thue-co-so – tax-specialist # Đúng hạn # ',
      '1. Giao: 92-vpdkdd-chi-nhanh – land-specialist | 2. Nhận: 31120-ubnd – ck-specialist # Trước hạn # Trả lại bước trước',
      '1. Giao: 92-thue-co-so – land-specialist | 2. Nhận: — # — # Dừng bước, không chuyển tiếp',
      '1. Giao: 31120-ubnd – ck-specialist | 2. Nhận: 92-vpdkdd-chi-nhanh – land-specialist # Đúng hạn # ',
      '1. Giao: 31120-ubnd – ck-specialist | 2. Nhận: 92-thue-co-so – tax-specialist # Đúng hạn # ',
      '1. Giao: 92-thue-co-so – tax-specialist | 2. Nhận: 31120-ubnd # Trước hạn # Chờ các nhánh song song',
      '1. Giao: 92-vpdkdd-chi-nhanh – land-specialist | 2. Nhận: 31120-ubnd – ck-specialist # Quá hạn # ',
      '1. Giao: 31120-ubnd – ck-specialist | 2. Nhận: 31135-ttpvhcc – nk-reception # Trước hạn # ',
      '1. Giao: 31135-ttpvhcc – nk-reception | 2. Nhận: Người nộp hồ sơ # Đúng hạn # ',
    ]);
    const slip = buildSlip('05', state, null, names);
    const co = slip.blocks.find((b) => b.kind === 'field' && b.label === 'Cơ quan phối hợp giải quyết');
    expect(co).toMatchObject({ value: `${LAND}; ${TAX}` });
  });
});
