import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * The applicant takes their signed electronic result once it is issued: from "Hồ sơ của tôi" (applicant
 * token) and from tracking (code and check), as a PDF attachment. An online land-correction record
 * (1.012796) submitted to Ninh Kiều, returned online, decided by UBND phường Cái Khế.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };

async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${tokens[who]}` },
    payload,
  });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  ctx = await createTestContext();
  await signInLandCorrectionOfficials(ctx, 'public-results', tokens, users);
  procedure = await landCorrectionProcedure(ctx);
});
afterAll(() => ctx.close());

describe("the applicant's electronic result", () => {
  it('is listed and downloaded as an attachment once issued, with the token or the code and check', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: procedure.versionId,
        applicant: { kind: 'citizen', fullName: 'Trần Thị Thu', phone: '0912 000 456' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
        returnPoint: { kind: 'online' },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { applicantToken } = submitted.json();
    let r = submitted.json().record;
    r = (
      await ok('nk.reception', `/api/records/${r.id}/receive`, {
        version: r.version,
        checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
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
    r = (await ok('ck.leader', `/api/records/${r.id}/approve`, { version: r.version })).record;
    let result = (
      await ok('ck.specialist', `/api/records/${r.id}/results`, {
        title: 'Quyết định đính chính Giấy chứng nhận',
        number: '126/QĐ-UBND',
        paragraphs: ['Đính chính thông tin thửa đất số 46, tờ bản đồ số 12.'],
      })
    ).result;
    result = (
      await ok('ck.specialist', `/api/records/${r.id}/results/${result.id}/sign`, {
        as: 'agency',
        version: result.version,
      })
    ).result;

    const mine = { 'x-applicant-token': applicantToken };
    const get = (url: string, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'GET', url, headers });
    const mineList = `/api/public/records/${r.id}/mine/results`;
    const mineFile = `${mineList}/${result.id}`;
    const tracked = () => `/api/public/records/${r.code}/results`;
    // Signed but not yet issued: nothing to take.
    expect((await get(mineList, mine)).json()).toEqual({ items: [] });
    expect((await get(mineFile, mine)).statusCode).toBe(404);

    r = (
      await ok('ck.specialist', `/api/records/${r.id}/issue-result`, {
        version: r.version,
        documents: [{ name: 'Quyết định đính chính Giấy chứng nhận', number: '126/QĐ-UBND' }],
      })
    ).record;
    const listed = await get(mineList, mine);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        id: result.id,
        number: '126/QĐ-UBND',
        verificationCode: result.verificationCode,
      }),
    ]);
    for (const res of [await get(mineFile, mine), await get(`${tracked()}/${result.id}?check=0456`)]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="ket-qua-${result.verificationCode}.pdf"`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(result.sha256);
    }
    const byTracking = await get(`${tracked()}?check=0456`);
    expect(byTracking.json().items.map((i: { id: string }) => i.id)).toEqual([result.id]);

    // Another token, a wrong check: the same not-found as for a record that does not exist.
    const strangers = [
      await get(mineList, { 'x-applicant-token': 'z'.repeat(43) }),
      await get(mineFile, { 'x-applicant-token': 'z'.repeat(43) }),
      await get(`${tracked()}?check=0000`),
      await get(`${tracked()}/${result.id}?check=0000`),
    ];
    for (const res of strangers) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('record.not_found');
    }
  });
});
