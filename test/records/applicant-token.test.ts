import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';

/**
 * The token an online submission returns works until MOTCUA_APPLICANT_TOKEN_DAYS (here 30) after its
 * record last changed; after that every portal route on the record answers 401
 * `applicant.token_expired` (problem+json) and does nothing. A change to the record (a request to the
 * applicant) starts the period again.
 */

let ctx: TestContext;
let versionId: string;
let ninhKieu: string;
let signIns = 0;
const DAY = 24 * 3600_000;

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_APPLICANT_TOKEN_DAYS: '30' });
  ({ versionId } = await landCorrectionProcedure(ctx));
  ninhKieu = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

async function submit() {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/records',
    payload: {
      procedureVersionId: versionId,
      applicant: { kind: 'citizen', fullName: 'Mai Văn Hạn', phone: '0918 765 432' },
      routing: { landParcelUnitCode: '31120' },
      receivingAgencyId: ninhKieu,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { record: { id: string; version: number }; applicantToken: string };
}

/** A reception officer of Ninh Kiều signed in now (the test clock moves by weeks). */
async function reception() {
  const token = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: `nk.reception.token${++signIns}`,
  });
  return { authorization: `Bearer ${token}` };
}

const mine = (id: string, token: string) =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/public/records/${id}/mine`,
    headers: { 'x-applicant-token': token },
  });

describe('an applicant token', () => {
  it('works until the configured days after the record last changed, then answers 401 everywhere', async () => {
    const { record, applicantToken } = await submit();
    const headers = { 'x-applicant-token': applicantToken };
    ctx.deps.clock.advance(29 * DAY);
    expect((await mine(record.id, applicantToken)).statusCode).toBe(200);
    ctx.deps.clock.advance(1 * DAY);
    const requests = [
      mine(record.id, applicantToken),
      ctx.app.inject({ method: 'GET', url: `/api/public/records/${record.id}/slips/02`, headers }),
      ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${record.id}/withdraw`,
        headers,
        payload: { version: record.version, reason: 'Không cần nữa' },
      }),
      ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${record.id}/rating`,
        headers,
        payload: { score: 5 },
      }),
    ];
    for (const res of await Promise.all(requests)) {
      expect(res.statusCode, res.body).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('applicant.token_expired');
    }
    const page = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}`,
      headers: await reception(),
    });
    expect(page.json()).toMatchObject({ status: 'submitted', version: record.version });
  });

  it('lives again from the record’s last change', async () => {
    const { record, applicantToken } = await submit();
    ctx.deps.clock.advance(20 * DAY);
    const asked = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${record.id}/request-completion`,
      headers: await reception(),
      payload: { version: record.version, reasons: ['Thiếu giấy tờ'], missingDocuments: [] },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    ctx.deps.clock.advance(20 * DAY);
    expect((await mine(record.id, applicantToken)).statusCode).toBe(200);
    ctx.deps.clock.advance(10 * DAY);
    expect((await mine(record.id, applicantToken)).statusCode).toBe(401);
  });

  it('lasts 60 days by default', () => {
    expect(loadConfig({}).MOTCUA_APPLICANT_TOKEN_DAYS).toBe(60);
  });

  it('is not judged on a record it does not own: that stays 404 like an unknown id', async () => {
    const a = await submit();
    const b = await submit();
    ctx.deps.clock.advance(31 * DAY);
    const res = await mine(a.record.id, b.applicantToken);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('record.not_found');
  });
});
