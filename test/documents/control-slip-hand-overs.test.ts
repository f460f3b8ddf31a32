import { describe, expect, it } from 'vitest';
import {
  SCENARIO_AGENCIES as A,
  SCENARIO_PEOPLE as P,
  scenarioRecord,
} from '../../src/core/reports/inter-agency-fixtures.ts';
import { buildSlip, type SlipNames } from '../../src/core/slips/index.ts';
import { renderSlip } from '../../src/modules/documents/pdf.ts';
import { pdfText, qpdfCheck } from '../support/pdf-tools.ts';

/**
 * Control slip 05 of a record whose steps ran at three agencies (issue 15), rendered to PDF and read back
 * with pdftotext: the co-processing agencies, every hand-over (both parallel branches, a step sent back at
 * another agency) with the agencies and persons, and a failed transfer's row, in Vietnamese.
 */
const AGENCY_NAMES: Record<string, string> = {
  [A.receiving]: 'Bộ phận Một cửa phường Ninh Kiều',
  [A.competent]: 'UBND phường Cái Khế',
  [A.land]: 'Chi nhánh Văn phòng đăng ký đất đai',
  [A.tax]: 'Thuế cơ sở 1',
};
const PEOPLE: Record<string, string> = {
  [P.reception]: 'Nguyễn Thị Lan',
  [P.landOfficer]: 'Trần Văn Đất',
  [P.taxOfficer]: 'Lê Thị Thuế',
  [P.leader]: 'Phạm Văn Lãnh',
};
const names: SlipNames = {
  procedureName: 'Đính chính Giấy chứng nhận đã cấp',
  agencyName: (id) => (id ? (AGENCY_NAMES[id] ?? '—') : '—'),
  personName: (id) => (id ? (PEOPLE[id] ?? '') : ''),
  province: 'thành phố Cần Thơ',
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

async function text(state: ReturnType<typeof scenarioRecord>): Promise<string> {
  const bytes = await renderSlip(buildSlip('05', state, null, names));
  expect(qpdfCheck(bytes).ok).toBe(true);
  return oneLine(pdfText(bytes));
}

describe('control slip 05 as PDF', () => {
  it('lists the co-processing agencies and every hand-over, both branches, with persons and timing', async () => {
    const t = await text(scenarioRecord('r1', 'on_time'));
    expect(t).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(t).toContain('Cơ quan phối hợp giải quyết: Chi nhánh Văn phòng đăng ký đất đai; Thuế cơ sở 1');
    for (const who of ['Nguyễn Thị Lan', 'Trần Văn Đất', 'Lê Thị Thuế', 'Phạm Văn Lãnh'])
      expect(t).toContain(who);
    // Six hand-overs: reception to each branch, each branch to the decision, decision to return, to the applicant.
    expect(t.match(/1\. Giao:/g)).toHaveLength(6);
    expect(t).toContain('Chờ các nhánh song song');
    expect(t).toContain('Người nộp hồ sơ');
    expect(t).toMatch(/Trước hạn/);
    expect(t).toMatch(/Đúng hạn/);
  });

  it('shows a late step and a step sent back at another agency', async () => {
    expect(await text(scenarioRecord('r2', 'land_late'))).toContain('Quá hạn');
    expect(await text(scenarioRecord('r3', 'tax_sent_back'))).toContain('Trả lại bước trước');
  });

  it('shows a failed transfer with its reason and time', async () => {
    const t = await text(scenarioRecord('r4', 'transfer_failed'));
    expect(t).toContain(
      'Chuyển xử lý không thành công: Chi nhánh Văn phòng đăng ký đất đai, lúc 10 giờ 00 phút, ngày 02/03/2026: Cơ quan nhận chưa có cán bộ xử lý bước này',
    );
    // And as the table's last row: the giver, and the result column's words.
    expect(t).toMatch(/Chuyển xử\s+lý không/);
  });
});
