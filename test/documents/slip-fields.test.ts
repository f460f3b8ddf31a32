import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfQr, pdfText, qpdfCheck } from '../support/pdf-tools.ts';

/**
 * The fields of the official slips (DOMAIN.md §3.2) and the slips the law calls for after reception: the
 * refusal after appraisal (Decree 61/2018 art. 19 cl. 8) and a new receipt when the clock restarts after
 * a supplement (art. 19 cl. 4). Real PDFs read back with pdftotext. Land correction 1.012796 received at
 * phường Ninh Kiều on Mon 2/3/2026 10:00 for a parcel in phường Cái Khế (due Thu 12/3).
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];

const applicant = {
  kind: 'citizen',
  fullName: 'Võ Thị Hạnh',
  personalId: '092185001234',
  birthDate: '1985-04-12',
  sex: 'female',
  phone: '0912 345 678',
  representative: {
    fullName: 'Đặng Văn Khoa',
    personalId: '092090004321',
    phone: '0987 111 222',
    authorization: 'Giấy ủy quyền số 15/2026/UQ ngày 25/02/2026',
  },
};

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

type Rec = { id: string; version: number; code: string; [k: string]: unknown };

async function call(who: string, url: string, payload: object): Promise<Rec> {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record;
}

async function slip(who: string, id: string, form: string, query = '') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${id}/slips/${form}${query}`,
    headers: auth(who),
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(qpdfCheck(res.rawPayload).ok).toBe(true);
  return res.rawPayload;
}

async function slipList(who: string, id: string): Promise<{ form: string; seq: number }[]> {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/records/${id}/slips`, headers: auth(who) });
  return res.json().items;
}

const opening = () => ({
  procedureVersionId: versionId,
  channel: 'in_person',
  applicant,
  routing: { landParcelUnitCode: '31120' },
});

/** Received at Ninh Kiều (2 sets), forwarded to Cái Khế and assigned to the specialist. */
async function atAppraisal(): Promise<Rec> {
  let r = await call('nk.reception', '/api/records', {
    type: 'receive',
    sets: 2,
    checklist: documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 })),
    opening: opening(),
  });
  r = await call('nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
  return call('ck.leader', `/api/records/${r.id}/assign`, {
    version: r.version,
    assigneeId: users['ck.specialist'],
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  await signInLandCorrectionOfficials(ctx, 'fields', tokens, users);
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
});
afterAll(() => ctx.close());

describe('the receipt (01), DOMAIN.md §3.2', () => {
  it('names the receiving unit’s own governing body, the register day and sequence, the authorised person and the number of sets', async () => {
    const r = await call('nk.reception', '/api/records', {
      type: 'receive',
      sets: 2,
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 })),
      opening: opening(),
    });
    const text = oneLine(pdfText(await slip('nk.reception', r.id, '01')));
    expect(text).toContain('UBND PHƯỜNG NINH KIỀU');
    expect(text).not.toContain('UBND THÀNH PHỐ CẦN THƠ');
    const sequence = r.code.slice(-4);
    expect(text).toContain(`Số sổ, số thứ tự: Sổ theo dõi hồ sơ ngày 02/03/2026, số thứ tự ${sequence}`);
    expect(text).toContain('Người được ủy quyền nộp hồ sơ: Đặng Văn Khoa');
    expect(text).toContain('Số định danh cá nhân: 092090004321');
    expect(text).toContain('Văn bản ủy quyền: Giấy ủy quyền số 15/2026/UQ ngày 25/02/2026');
    expect(text).toContain('Số lượng hồ sơ: 02 bộ');
    // The limit ends at 24:00 of Thu 12/3 (Civil Code art. 148); the result is collected that day.
    expect(text).toContain('Thời gian trả kết quả: Trong giờ hành chính ngày 12/03/2026');
  });

  it('is issued again with the new appointment when the complete supplement restarts the clock', async () => {
    let r = await atAppraisal();
    ctx.deps.clock.set(new Date('2026-03-04T03:00:00Z'));
    r = await call('ck.specialist', `/api/records/${r.id}/request-supplement`, {
      version: r.version,
      reasons: ['Thiếu bản gốc Giấy chứng nhận'],
      missingDocuments: [],
    });
    ctx.deps.clock.set(new Date('2026-03-09T03:00:00Z'));
    r = await call('nk.reception', `/api/records/${r.id}/supplement`, {
      version: r.version,
      documents: ['Bản gốc Giấy chứng nhận đã cấp'],
    });
    ctx.deps.clock.set(new Date('2026-03-02T03:00:00Z'));
    // Restart: 8 working days from Mon 9/3 → Thu 19/3.
    expect((r.appointment as { dueDate: string }).dueDate).toBe('2026-03-19');
    const receipts = (await slipList('nk.reception', r.id)).filter((s) => s.form === '01');
    expect(receipts).toHaveLength(2);
    const first = oneLine(pdfText(await slip('nk.reception', r.id, '01', `?seq=${receipts[0]!.seq}`)));
    expect(first).toContain('Trong giờ hành chính ngày 12/03/2026');
    const renewed = oneLine(pdfText(await slip('nk.reception', r.id, '01')));
    expect(renewed).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(renewed).toContain('Thời gian trả kết quả: Trong giờ hành chính ngày 19/03/2026');
    expect(renewed).toContain('Bản gốc Giấy chứng nhận đã cấp');
    expect(renewed).toContain('Hồ sơ đã được bổ sung đầy đủ lúc 10 giờ 00 phút, ngày 09/03/2026');
  });
});

describe('the register book header', () => {
  it('names the unit’s governing body, not always the city', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency.id}/register?from=2026-03-01&to=2026-03-31`,
      headers: auth('nk.reception'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const text = oneLine(pdfText(res.rawPayload));
    expect(text).toContain('UBND PHƯỜNG NINH KIỀU');
    expect(text).not.toContain('UBND THÀNH PHỐ CẦN THƠ');
  });
});

describe('the refusal after appraisal (Phiếu từ chối giải quyết hồ sơ)', () => {
  it('is issued by the competent body with its reasons when the leader rejects the record', async () => {
    let r = await atAppraisal();
    r = await call('ck.specialist', `/api/records/${r.id}/forward`, { version: r.version });
    r = await call('ck.leader', `/api/records/${r.id}/reject`, {
      version: r.version,
      reasons: ['Thửa đất đang có tranh chấp, chưa đủ điều kiện đính chính'],
    });
    expect((await slipList('ck.leader', r.id)).map((s) => s.form)).toEqual(['01', 'rejection', '05']);
    const text = oneLine(pdfText(await slip('ck.leader', r.id, 'rejection')));
    expect(text).toContain('PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('UBND PHƯỜNG CÁI KHẾ');
    expect(text).toContain(`Mã hồ sơ: ${r.code}`);
    expect(text).toContain('1. Thửa đất đang có tranh chấp, chưa đủ điều kiện đính chính');
  });
});

describe('slips before reception and the control slip', () => {
  it('gives a completion request before reception a QR code and names whom to ask', async () => {
    const r = await call('nk.reception', '/api/records', {
      type: 'request_completion',
      reasons: ['Hồ sơ chưa đủ thành phần'],
      missingDocuments: [documents[0]!],
      opening: opening(),
    });
    expect(r.code).toBeNull();
    const pdf = await slip('nk.reception', r.id, '02');
    const qr = pdfQr(pdf);
    expect(qr?.data.split('|')).toEqual([
      r.id,
      '1.012796',
      '092185001234',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    ]);
    const text = oneLine(pdfText(pdf));
    expect(text).toMatch(/Mọi vướng mắc xin liên hệ Test reception, .*Ninh Kiều/);
  });

  it('names the co-processing body and who gave and who took the record at each hand-over', async () => {
    const r = await atAppraisal();
    const text = oneLine(pdfText(await slip('ck.leader', r.id, '05')));
    expect(text).toContain('Cơ quan phối hợp giải quyết: Không');
    expect(text).toContain('Người giao');
    expect(text).toContain('Người nhận');
    expect(text).toContain('Test specialist');
  });
});
