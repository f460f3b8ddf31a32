import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * A draft saved from the portal (POST /api/public/records?draft=true): the applicant's alone — no worklist,
 * search or record page shows it to officials — until the applicant submits it with their token.
 */

let ctx: TestContext;
let reception: Record<string, string>;
let versionId: string;
let documents: string[];
let agencyId: string;

const body = () => ({
  procedureVersionId: versionId,
  applicant: { kind: 'citizen', fullName: 'Huỳnh Thị Xuân Mai', phone: '0918 765 432' },
  routing: { landParcelUnitCode: '31120' },
  receivingAgencyId: agencyId,
});

async function seenByReception(id: string) {
  const worklist = await ctx.app.inject({
    method: 'GET',
    url: '/api/worklists?scope=agency&limit=200',
    headers: reception,
  });
  const search = await ctx.app.inject({
    method: 'GET',
    url: `/api/records?q=${encodeURIComponent('huynh thi xuan mai')}`,
    headers: reception,
  });
  const page = await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: reception });
  return {
    worklist: worklist.json().items.some((i: { id: string }) => i.id === id),
    search: search.json().items.some((i: { id: string }) => i.id === id),
    page: page.statusCode,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  reception = {
    authorization: `Bearer ${await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' })}`,
  };
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  agencyId = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

describe('a draft saved from the portal', () => {
  let id: string;
  let token: string;

  it('is created without being submitted, with the applicant token', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records?draft=true',
      payload: body(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({ status: 'draft', code: null, submittedAt: null });
    expect(res.json().events.map((e: { type: string }) => e.type)).toEqual(['created']);
    id = res.json().record.id;
    token = res.json().applicantToken;
    expect(token.length).toBeGreaterThanOrEqual(20);
  });

  it('is hidden from officials: no worklist, no search, no record page', async () => {
    expect(await seenByReception(id)).toEqual({ worklist: false, search: false, page: 404 });
  });

  it('takes the applicant’s documents, and the applicant submits it later; then reception sees it', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const form = await multipart(
      { component: documents[0]! },
      { bytes: await doc.save(), name: 'don.pdf', type: 'application/pdf' },
    );
    const upload = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${id}/documents`,
      headers: { ...form.headers, 'x-applicant-token': token },
      payload: form.payload,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${id}/mine`,
      headers: { 'x-applicant-token': token },
    });
    expect(mine.json()).toMatchObject({ status: 'draft' });
    expect(mine.json().availableActions).toEqual(expect.arrayContaining(['submit', 'withdraw']));
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${id}/submit`,
      headers: { 'x-applicant-token': token },
      payload: { version: mine.json().version },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().record.status).toBe('submitted');
    expect(await seenByReception(id)).toEqual({ worklist: true, search: true, page: 200 });
    const docs = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}/documents`,
      headers: reception,
    });
    expect(
      docs.json().items.map((d: { component: string; origin: string }) => [d.component, d.origin]),
    ).toEqual([[documents[0], 'online']]);
  });

  it('submits at once without draft=true, as before', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/public/records', payload: body() });
    expect(res.statusCode).toBe(201);
    expect(res.json().record.status).toBe('submitted');
  });

  it('answers a draft flag that is neither true nor false with problem+json naming it, in Vietnamese and English', async () => {
    const before = await ctx.database.db.selectFrom('records').select('id').execute();
    const vi = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records?draft=yes',
      payload: body(),
    });
    expect(vi.statusCode).toBe(422);
    expect(vi.json().errors[0]).toMatchObject({ path: 'query.draft' });
    expect(vi.json().errors[0].message_vi).toBeTruthy();
    const en = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records?draft=yes',
      headers: { 'accept-language': 'en' },
      payload: body(),
    });
    expect(en.json().title).toBe(en.json().title_en);
    expect(vi.json().title).toBe(vi.json().title_vi);
    expect(await ctx.database.db.selectFrom('records').select('id').execute()).toHaveLength(before.length);
  });
});
