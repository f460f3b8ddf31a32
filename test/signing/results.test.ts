import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePem, keyStoreFrom } from '../../src/modules/signing/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { multipart } from '../support/multipart.ts';
import { pdfsig, pdfText, qpdfCheck } from '../support/pdf-tools.ts';

/**
 * Results signed PAdES by the agency and its leader, judged by Poppler's pdfsig with an NSS store that
 * trusts the demo CA, and by Motcua's own public verification; one changed byte breaks both.
 * Land correction 1.012796 received at Ninh Kiều, decided by UBND phường Cái Khế.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];
let caPem: string;

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function post(who: string, url: string, payload: object) {
  return ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
}

async function ok(who: string, url: string, payload: object) {
  const res = await post(who, url, payload);
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A record at Cái Khế up to the leader's approval (or just before it). */
async function decided(approve = true) {
  let r = (
    await ok('nk.reception', '/api/records', {
      type: 'receive',
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: {
        procedureVersionId: versionId,
        channel: 'in_person',
        applicant: {
          kind: 'citizen',
          fullName: 'Võ Thị Mỹ Hạnh',
          personalId: '092185001234',
          birthDate: '1985-04-12',
          sex: 'female',
        },
        routing: { landParcelUnitCode: '31120' },
      },
    })
  ).record;
  r = (await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).record;
  r = (
    await ok('ck.leader', `/api/records/${r.id}/assign`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    })
  ).record;
  r = (await ok('ck.specialist', `/api/records/${r.id}/forward`, { version: r.version })).record;
  if (approve) r = (await ok('ck.leader', `/api/records/${r.id}/approve`, { version: r.version })).record;
  return r as { id: string; version: number; code: string };
}

async function content(who: string, recordId: string, resultId: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${recordId}/results/${resultId}/content`,
    headers: auth(who),
  });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

beforeAll(async () => {
  ctx = await createTestContext({
    SESSION_TTL_HOURS: '720',
    MOTCUA_PUBLIC_URL: 'https://dichvucong.cantho.gov.vn',
  });
  await signInLandCorrectionOfficials(ctx, 'results', tokens, users);
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  const anchors = await keyStoreFrom(ctx.deps.config, () => ctx.deps.clock.now()).anchors();
  caPem = certificatePem(anchors[0]!);
});
afterAll(() => ctx.close());

describe('a result from the template, signed by the agency and by its leader', () => {
  let record: Awaited<ReturnType<typeof decided>>;
  let result: { id: string; version: number; verificationCode: string; sha256: string };

  beforeAll(async () => {
    record = await decided();
    const res = await post('ck.specialist', `/api/records/${record.id}/results`, {
      title: 'Quyết định đính chính Giấy chứng nhận',
      number: '125/QĐ-UBND',
      paragraphs: [
        'Đính chính thông tin thửa đất số 45, tờ bản đồ số 12 trên Giấy chứng nhận đã cấp cho bà Võ Thị Mỹ Hạnh.',
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    result = res.json().result;
  });

  it('renders the Vietnamese text, the verification code and the lookup address', async () => {
    const pdf = await content('ck.specialist', record.id, result.id);
    expect(qpdfCheck(pdf).ok).toBe(true);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('QUYẾT ĐỊNH ĐÍNH CHÍNH GIẤY CHỨNG NHẬN');
    expect(text).toContain('bà Võ Thị Mỹ Hạnh');
    expect(text).toContain(`Mã tra cứu kết quả: ${result.verificationCode}`);
    expect(text).toContain(`https://dichvucong.cantho.gov.vn/verify/${result.verificationCode}`);
    expect(text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG CÁI KHẾ');
  });

  it('carries two PAdES signatures that pdfsig validates and trusts, the last covering the whole file', async () => {
    const agency = await ok('ck.specialist', `/api/records/${record.id}/results/${result.id}/sign`, {
      as: 'agency',
      version: result.version,
    });
    expect(agency.result.signatures).toHaveLength(1);
    const leader = await ok('ck.leader', `/api/records/${record.id}/results/${result.id}/sign`, {
      as: 'personal',
      version: agency.result.version,
    });
    expect(leader.result.signatures.map((s: { as: string }) => s.as)).toEqual(['agency', 'personal']);
    // The names are the certificates' UTF-8 subjects decoded, not their bytes read as Latin-1 (issue 13 #22).
    expect(leader.result.signatures.map((s: { signer: string }) => s.signer)).toEqual([
      'Ủy ban nhân dân phường Cái Khế',
      'Test leader',
    ]);
    const pdf = await content('ck.leader', record.id, result.id);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(leader.result.sha256);
    const sigs = pdfsig(pdf, caPem);
    expect(sigs.map((s) => s.commonName)).toEqual(['Ủy ban nhân dân phường Cái Khế', 'Test leader']);
    for (const s of sigs) {
      expect(s.signatureValidation).toBe('Signature is Valid.');
      expect(s.certificateValidation).toBe('Certificate is Trusted.');
      expect(s.type).toBe('ETSI.CAdES.detached');
    }
    expect(sigs.map((s) => s.totalDocumentSigned)).toEqual([false, true]);
    expect(qpdfCheck(pdf).ok).toBe(true);
    result = leader.result;
  });

  it('is verified publicly by its code: valid, who signed, when, and the document hash', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/public/verify/${result.verificationCode}` });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v).toMatchObject({
      valid: true,
      sha256: result.sha256,
      recordCode: record.code,
      issuedBy: 'Ủy ban nhân dân phường Cái Khế',
      number: '125/QĐ-UBND',
    });
    expect(v.signatures.map((s: { signer: string }) => s.signer)).toEqual([
      'Ủy ban nhân dân phường Cái Khế',
      'Test leader',
    ]);
    for (const s of v.signatures)
      expect(s).toMatchObject({
        intact: true,
        trusted: true,
        pades: true,
        signedAt: ctx.deps.clock.now().toISOString(),
      });
    const page = await ctx.app.inject({ method: 'GET', url: `/verify/${result.verificationCode}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Chữ ký số hợp lệ');
    expect(page.body).toContain(result.sha256);
  });

  it('fails verification, for pdfsig and for Motcua, when one byte is changed', async () => {
    const pdf = Buffer.from(await content('ck.leader', record.id, result.id));
    const at = pdf.indexOf('Đính chính') > 0 ? pdf.indexOf('Đính chính') : 200;
    pdf[at] = pdf[at]! ^ 0x01;
    const sigs = pdfsig(pdf, caPem);
    expect(sigs.map((s) => s.signatureValidation)).toEqual(['Digest Mismatch.', 'Digest Mismatch.']);
    const body = await multipart({}, { bytes: pdf, name: 'ket-qua.pdf' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/verify',
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().valid).toBe(false);
    expect(res.json().signatures.every((s: { intact: boolean }) => !s.intact)).toBe(true);
  });

  it('refuses a second signature with the same certificate, a stale version, and a specialist signing personally', async () => {
    const again = await post('ck.specialist', `/api/records/${record.id}/results/${result.id}/sign`, {
      as: 'agency',
      version: result.version,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('result.already_signed');
    const stale = await post('ck.leader', `/api/records/${record.id}/results/${result.id}/sign`, {
      as: 'agency',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('result.version_conflict');
    const personal = await post('ck.specialist', `/api/records/${record.id}/results/${result.id}/sign`, {
      as: 'personal',
      version: result.version,
    });
    expect(personal.statusCode).toBe(403);
  });
});

describe('results that cannot be made', () => {
  it('waits for the decision, and belongs to the competent agency', async () => {
    const r = await decided(false);
    const early = await post('ck.specialist', `/api/records/${r.id}/results`, {
      title: 'Quyết định',
      paragraphs: ['Nội dung'],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('result.not_allowed');
    const approved = await decided();
    const reception = await post('nk.reception', `/api/records/${approved.id}/results`, {
      title: 'Quyết định',
      paragraphs: ['Nội dung'],
    });
    expect(reception.statusCode).toBe(403);
  });

  it('answers an unknown verification code with 404, on the API and on the page', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/public/verify/ABCDEFGH23' })).statusCode).toBe(
      404,
    );
    const page = await ctx.app.inject({ method: 'GET', url: '/verify/ABCDEFGH23' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Không tìm thấy kết quả');
  });
});

describe('an uploaded result', () => {
  it('takes a PDF with cross-reference streams, signs it, and verifies', async () => {
    const r = await decided();
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Giay chung nhan (ban scan)');
    const pdf = await doc.save({ useObjectStreams: true });
    const body = await multipart({ name: 'Giấy chứng nhận đã đính chính' }, { bytes: pdf, name: 'gcn.pdf' });
    const up = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/results/upload`,
      payload: body.payload,
      headers: { ...body.headers, ...auth('ck.specialist') },
    });
    expect(up.statusCode, up.body).toBe(201);
    const res = up.json().result;
    await ok('ck.leader', `/api/records/${r.id}/results/${res.id}/sign`, {
      as: 'agency',
      version: res.version,
    });
    const v = (
      await ctx.app.inject({ method: 'GET', url: `/api/public/verify/${res.verificationCode}` })
    ).json();
    expect(v.valid).toBe(true);
  });

  it('refuses an image with 422 naming the file', async () => {
    const r = await decided();
    const body = await multipart({ name: 'Ảnh' }, { bytes: await QRCode.toBuffer('x'), name: 'anh.png' });
    const up = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/results/upload`,
      payload: body.payload,
      headers: { ...body.headers, ...auth('ck.specialist') },
    });
    expect(up.statusCode).toBe(422);
    expect(up.json()).toMatchObject({ code: 'file.type_not_allowed', errors: [{ path: 'body.file' }] });
  });
});
