import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * The catalogue names some documents at length: the commune-level construction permit 1.013225 asks for
 * a document whose published name is about 4,700 characters (321 procedures have a document, not counting
 * the checklist's notes, longer than 500). A record takes them as published: an online upload, a request
 * for completion naming it, and the supplement.
 */

let ctx: TestContext;
let versionId: string;
let longName: string;
let agencyId: string;

async function upload(recordId: string, token: string, component: string) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('to khai');
  const body = await multipart({ component }, { bytes: await doc.save(), name: 'to-khai.pdf' });
  return ctx.app.inject({
    method: 'POST',
    url: `/api/public/records/${recordId}/documents`,
    payload: body.payload,
    headers: { ...body.headers, 'x-applicant-token': token },
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.013225' })).json();
  versionId = p.versionId;
  longName = (p.details.documents as { name: string }[])
    .map((d) => d.name)
    .reduce((a, b) => (b.length > a.length ? b : a));
  agencyId = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

describe('a document name of the real catalogue longer than 500 characters', () => {
  it('is accepted for an online upload and named in a request for completion', async () => {
    expect(longName.length).toBeGreaterThan(1500);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: versionId,
        applicant: { kind: 'citizen', fullName: 'Lê Văn Tâm', phone: '0912 000 321' },
        receivingAgencyId: agencyId,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { record, applicantToken } = res.json();
    const uploaded = await upload(record.id, applicantToken, longName);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().document.component).toBe(longName);

    const reception = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
    const asked = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${record.id}/request-completion`,
      headers: { authorization: `Bearer ${reception}` },
      payload: { version: record.version, reasons: ['Tờ khai chưa ký'], missingDocuments: [longName] },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().record.completionRequest.missingDocuments).toEqual([longName]);
  });

  it('answers a text field longer than the server reads with 422 naming it, not a cut value', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: versionId,
        applicant: { kind: 'citizen', fullName: 'Lê Văn Tâm', phone: '0912 000 321' },
        receivingAgencyId: agencyId,
      },
    });
    const { record, applicantToken } = res.json();
    const tooLong = await upload(record.id, applicantToken, 'ồ'.repeat(14_000));
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().errors[0].path).toBe('body.component');
  });
});
