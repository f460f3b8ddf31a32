import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfPageSize, pdfPages, pdfQr, pdfText, qpdfCheck } from '../support/pdf-tools.ts';

/**
 * Official slips as real PDFs, judged by third-party tools: `pdftotext` gives back the Vietnamese text with
 * every diacritic, `qpdf --check` finds no structural error, and the QR code printed top left decodes to
 * the record code, the procedure code and the applicant's identifier (Circular 01/2023).
 * Land correction 1.012796 received at phường Ninh Kiều for a parcel in phường Cái Khế.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];

const applicant = {
  kind: 'citizen',
  fullName: 'Nguyễn Thị Ánh Tuyết',
  personalId: '092185001234',
  birthDate: '1985-04-12',
  sex: 'female',
  phone: '0912 345 678',
  address: 'Số 12 đường Trần Hưng Đạo, phường Ninh Kiều',
};

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function call(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string; [k: string]: unknown };
}

async function slip(who: string, id: string, form: string, query = '') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${id}/slips/${form}${query}`,
    headers: auth(who),
  });
  return res;
}

function opening() {
  return {
    procedureVersionId: versionId,
    channel: 'in_person',
    applicant,
    routing: { landParcelUnitCode: '31120' },
  };
}

/** "17 giờ 00 phút, ngày 12/03/2026" by the platform's own time-zone data, independent of the code under test. */
function vietnamTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour} giờ ${parts.minute} phút, ngày ${parts.day}/${parts.month}/${parts.year}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  await signInLandCorrectionOfficials(ctx, 'slips', tokens, users);
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
});
afterAll(() => ctx.close());

describe('the receipt (01)', () => {
  let record: Awaited<ReturnType<typeof call>>;
  let pdf: Buffer;

  beforeAll(async () => {
    record = await call('nk.reception', '/api/records', {
      type: 'receive',
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 })),
      opening: opening(),
    });
    const res = await slip('nk.reception', record.id, '01');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    pdf = res.rawPayload;
  });

  it('is a sound A5 PDF', () => {
    const check = qpdfCheck(pdf);
    expect(check.ok, check.output).toBe(true);
    const size = pdfPageSize(pdf);
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([420, 595]);
  });

  it('reads back, diacritics included: title, code, applicant, documents, times, competent agency', () => {
    const text = oneLine(pdfText(pdf));
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain(`Mã hồ sơ: ${record.code}`);
    expect(text).toContain('Ông/Bà: Nguyễn Thị Ánh Tuyết');
    expect(text).toContain('Số định danh cá nhân: 092185001234');
    expect(text).toContain('Số điện thoại: 0912345678');
    expect(text).toContain(oneLine(`1. ${documents[0]} (1 bản chính)`));
    expect(text).toContain('Thời gian giải quyết theo quy định: 8 ngày làm việc');
    expect(text).toContain(`Thời gian nhận hồ sơ: ${vietnamTime(record.receivedAt as string)}`);
    // A limit in days ends at 24:00 of its last day (Civil Code art. 148): the day is printed.
    expect(text).toContain('Thời gian trả kết quả: Trong giờ hành chính ngày 12/03/2026');
    expect(text).toContain('Cơ quan giải quyết: Ủy ban nhân dân phường Cái Khế');
    expect(text).toContain('Cần Thơ, ngày 02 tháng 03 năm 2026');
  });

  it('carries the Circular 01/2023 QR code at the top left', () => {
    const qr = pdfQr(pdf);
    expect(qr).not.toBeNull();
    expect(qr!.data.split('|')).toEqual([
      record.code,
      '1.012796',
      '092185001234',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    ]);
    expect(qr!.x).toBeLessThan(0.25);
    expect(qr!.y).toBeLessThan(0.2);
  });

  it('is the same bytes every time, and is stored with the record', async () => {
    const again = await slip('nk.reception', record.id, '01');
    expect(Buffer.compare(again.rawPayload, pdf)).toBe(0);
    const rows = await ctx.database.db
      .selectFrom('recordSlips')
      .select(['form', 'seq', 'fileSha256'])
      .where('recordId', '=', record.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(`"${rows[0]!.fileSha256}"`).toBe(again.headers.etag);
  });

  it('is given to the applicant of an online record with their token, and to nobody else', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: versionId,
        applicant,
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
      },
    });
    const { record, applicantToken } = submitted.json();
    await call('nk.reception', `/api/records/${record.id}/receive`, {
      version: record.version,
      checklist: documents.map((document) => ({ document, provided: true })),
    });
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/slips/01`,
      headers: { 'x-applicant-token': applicantToken },
    });
    expect(mine.statusCode).toBe(200);
    expect(oneLine(pdfText(mine.rawPayload))).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/slips/01`,
      headers: { 'x-applicant-token': 'q'.repeat(43) },
    });
    expect(other.statusCode).toBe(404);
  });

  it('is listed with the control slip, and a slip the record does not have is 404', async () => {
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/slips`,
      headers: auth('nk.reception'),
    });
    expect(list.json().items.map((s: { form: string }) => s.form)).toEqual(['01', '05']);
    const none = await slip('nk.reception', record.id, '03');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('slip.not_available');
  });
});

describe('slips made by the lifecycle', () => {
  it('the receipt is made when first asked for, then kept: the same bytes every time', async () => {
    const record = await call('nk.reception', '/api/records', {
      type: 'receive',
      checklist: documents.slice(0, 1).map((document) => ({ document, provided: true })),
      opening: opening(),
    });
    const kept = () =>
      ctx.database.db
        .selectFrom('recordSlips')
        .select(['form', 'fileSha256'])
        .where('recordId', '=', record.id)
        .execute();
    expect(await kept()).toEqual([]);
    const first = await slip('nk.reception', record.id, '01');
    expect(first.statusCode, first.body).toBe(200);
    const rows = await kept();
    expect(rows.map((r) => r.form)).toEqual(['01']);
    expect(first.headers.etag).toBe(`"${rows[0]!.fileSha256}"`);
    const again = await slip('nk.reception', record.id, '01');
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
    expect(await kept()).toHaveLength(1);
  });

  it('a refusal at the counter gives slip 03 with its reasons', async () => {
    const record = await call('nk.reception', '/api/records', {
      type: 'refuse',
      reasons: ['Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã'],
      opening: opening(),
    });
    const res = await slip('nk.reception', record.id, '03');
    expect(res.statusCode, res.body).toBe(200);
    const text = oneLine(pdfText(res.rawPayload));
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('1. Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã');
  });

  it('a completion request gives slip 02 listing what is missing', async () => {
    const record = await call('nk.reception', '/api/records', {
      type: 'request_completion',
      reasons: ['Hồ sơ chưa đủ thành phần'],
      missingDocuments: [documents[0]!],
      opening: opening(),
    });
    const text = oneLine(pdfText((await slip('nk.reception', record.id, '02')).rawPayload));
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain(oneLine(`1. ${documents[0]}`));
    expect(text).toContain('Lý do: Hồ sơ chưa đủ thành phần');
  });

  it('an extension gives slip 04 with the old and the new appointment; the control slip lists each hand-over', async () => {
    let r = await call('nk.reception', '/api/records', {
      type: 'receive',
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: opening(),
    });
    const first = r.appointment as { dueAt: string };
    r = await call('nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
    r = await call('ck.leader', `/api/records/${r.id}/assign`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    });
    r = await call('ck.leader', `/api/records/${r.id}/extend`, {
      version: r.version,
      newDueDate: '2026-03-17',
      reason: 'Cần xác minh thực địa',
    });
    const text = oneLine(pdfText((await slip('ck.leader', r.id, '04')).rawPayload));
    expect(text).toContain('PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(first.dueAt).toBe('2026-03-12T16:59:59.999Z');
    expect(text).toContain('Thời gian hẹn trả kết quả: Trong giờ hành chính ngày 12/03/2026');
    expect(text).toContain('Thời gian hẹn trả kết quả mới: Trong giờ hành chính ngày 17/03/2026');
    expect(text).toContain('Lý do: Cần xác minh thực địa');
    const control = oneLine(pdfText((await slip('ck.leader', r.id, '05')).rawPayload));
    expect(control).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(control).toMatch(/1\. Giao: .*Ninh Kiều/);
    expect(control).toMatch(/Trước hạn|Đúng hạn|Quá hạn/);
    r = await call('nk.reception', `/api/records/${r.id}/withdraw`, {
      version: r.version,
      reason: 'Công dân rút hồ sơ',
    });
    const stop = oneLine(pdfText((await slip('nk.reception', r.id, 'stop')).rawPayload));
    expect(stop).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(stop).toContain('Lý do: Công dân rút hồ sơ');
  });
});

describe('the register book', () => {
  it('lists the records the unit received in the period, on A4, across pages when long', async () => {
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
    const received = await ctx.database.db
      .selectFrom('records')
      .select('code')
      .where('receivingAgencyId', '=', agency.id)
      .where('receivedAt', 'is not', null)
      .execute();
    expect(Number(res.headers['x-record-count'])).toBe(received.length);
    const text = oneLine(pdfText(res.rawPayload));
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    for (const r of received) expect(text).toContain(r.code!);
    expect(qpdfCheck(res.rawPayload).ok).toBe(true);
    expect(pdfPages(res.rawPayload)).toBeGreaterThanOrEqual(1);
    const other = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31120-ubnd')
      .executeTakeFirstOrThrow();
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${other.id}/register?from=2026-03-01&to=2026-03-31`,
      headers: auth('nk.reception'),
    });
    expect(forbidden.statusCode).toBe(403);
    const backwards = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency.id}/register?from=2026-03-31&to=2026-03-01`,
      headers: auth('nk.reception'),
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].path).toBe('query.to');
  });
});
