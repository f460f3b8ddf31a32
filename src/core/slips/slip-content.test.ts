import { describe, expect, it } from 'vitest';
import {
  SCENARIO_AGENCIES as A,
  SCENARIO_PEOPLE as P,
  scenarioRecord,
} from '../reports/inter-agency-fixtures.ts';
import { buildSlip, controlRows, coProcessingAgencies, type SlipNames } from './slip-content.ts';

const AGENCY_NAMES: Record<string, string> = {
  [A.receiving]: 'Bộ phận Một cửa phường Ninh Kiều',
  [A.competent]: 'UBND phường Cái Khế',
  [A.land]: 'Chi nhánh Văn phòng đăng ký đất đai',
  [A.tax]: 'Thuế cơ sở',
};
const PEOPLE: Record<string, string> = {
  [P.reception]: 'Nguyễn Thị Lan',
  [P.landOfficer]: 'Trần Văn Đất',
  [P.taxOfficer]: 'Lê Thị Thuế',
  [P.leader]: 'Phạm Văn Lãnh',
};
const names: SlipNames = {
  procedureName: 'Đính chính Giấy chứng nhận',
  agencyName: (id) => (id ? (AGENCY_NAMES[id] ?? '—') : '—'),
  personName: (id) => (id ? (PEOPLE[id] ?? '') : ''),
  province: 'thành phố Cần Thơ',
};

const field = (state: ReturnType<typeof scenarioRecord>, label: string) => {
  const block = buildSlip('05', state, null, names).blocks.find(
    (b) => b.kind === 'field' && b.label === label,
  );
  return block?.kind === 'field' ? block.value : undefined;
};

describe('control slip 05 (Phiếu kiểm soát quá trình giải quyết hồ sơ)', () => {
  it('names the co-processing agencies: the other agencies’ processing steps', () => {
    const state = scenarioRecord('r1', 'on_time');
    expect(coProcessingAgencies(state)).toEqual([A.land, A.tax]);
    expect(field(state, 'Cơ quan phối hợp giải quyết')).toBe(
      'Chi nhánh Văn phòng đăng ký đất đai; Thuế cơ sở',
    );
    expect(field(state, 'Cơ quan giải quyết hồ sơ')).toBe('UBND phường Cái Khế');
  });

  it('says "Không" when every processing step is at the competent agency', () => {
    const state = scenarioRecord('r1', 'on_time');
    const own = {
      ...state,
      steps: state.steps.map((s) => (s.kind === 'work' ? { ...s, agencyId: A.competent } : s)),
    };
    expect(field(own, 'Cơ quan phối hợp giải quyết')).toBe('Không');
  });

  it('lists every hand-over, a row per parallel branch, with agency, giver, receiver, time and timing', () => {
    const rows = controlRows(scenarioRecord('r1', 'on_time'), names);
    expect(rows.map((r) => r[0])).toEqual([
      '1. Giao: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan\n2. Nhận: Chi nhánh Văn phòng đăng ký đất đai – Trần Văn Đất',
      '1. Giao: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan\n2. Nhận: Thuế cơ sở – Lê Thị Thuế',
      '1. Giao: Thuế cơ sở – Lê Thị Thuế\n2. Nhận: UBND phường Cái Khế',
      '1. Giao: Chi nhánh Văn phòng đăng ký đất đai – Trần Văn Đất\n2. Nhận: UBND phường Cái Khế – Phạm Văn Lãnh',
      '1. Giao: UBND phường Cái Khế – Phạm Văn Lãnh\n2. Nhận: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan',
      '1. Giao: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan\n2. Nhận: Người nộp hồ sơ',
    ]);
    // Time, timing, note, giver, receiver.
    expect(rows[0]!.slice(1)).toEqual([
      '10 giờ 00 phút, ngày 02/03/2026',
      'Đúng hạn',
      '',
      'Nguyễn Thị Lan',
      'Trần Văn Đất',
    ]);
    expect(rows[2]!.slice(1)).toEqual([
      '15 giờ 00 phút, ngày 03/03/2026',
      'Trước hạn',
      'Chờ các nhánh song song',
      'Lê Thị Thuế',
      '',
    ]);
    expect(rows[3]![2]).toBe('Đúng hạn');
  });

  it('shows a late step and a step sent back at another agency', () => {
    const late = controlRows(scenarioRecord('r2', 'land_late'), names);
    expect(late.at(-1)).toEqual([
      '1. Giao: Chi nhánh Văn phòng đăng ký đất đai – Trần Văn Đất\n2. Nhận: UBND phường Cái Khế – Phạm Văn Lãnh',
      '10 giờ 00 phút, ngày 06/03/2026',
      'Quá hạn',
      '',
      'Trần Văn Đất',
      'Phạm Văn Lãnh',
    ]);
    const back = controlRows(scenarioRecord('r3', 'tax_sent_back'), names);
    expect(back.at(-1)).toEqual([
      '1. Giao: Thuế cơ sở – Lê Thị Thuế\n2. Nhận: Chi nhánh Văn phòng đăng ký đất đai – Trần Văn Đất',
      '14 giờ 00 phút, ngày 04/03/2026',
      'Trước hạn',
      'Trả lại bước trước',
      'Lê Thị Thuế',
      'Trần Văn Đất',
    ]);
  });

  it('shows a failed transfer as a row with the reason and the time', () => {
    const rows = controlRows(scenarioRecord('r4', 'transfer_failed'), names);
    expect(rows).toEqual([
      [
        '1. Giao: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan\n2. Nhận: Chi nhánh Văn phòng đăng ký đất đai',
        '10 giờ 00 phút, ngày 02/03/2026',
        'Chuyển xử lý không thành công',
        'Cơ quan nhận chưa có cán bộ xử lý bước này; đã thử 2 lần',
        'Nguyễn Thị Lan',
        '',
      ],
    ]);
  });

  it('still reads a visit recorded before the open process model (no agency, giver or outcome)', () => {
    const state = scenarioRecord('r1', 'on_time');
    const old = {
      ...state,
      stepHistory: state.stepHistory
        .slice(0, 1)
        .map(({ agencyId: _a, finishedBy: _f, outcome: _o, ...v }) => v),
      activeSteps: undefined,
      currentStep: 1,
      steps: state.steps.map((s, i) => (i === 1 ? { ...s, startedAt: state.stepHistory[0]!.finishedAt } : s)),
    };
    expect(controlRows(old, names)[0]![0]).toBe(
      '1. Giao: Bộ phận Một cửa phường Ninh Kiều – Nguyễn Thị Lan\n2. Nhận: Chi nhánh Văn phòng đăng ký đất đai – Trần Văn Đất',
    );
  });
});
