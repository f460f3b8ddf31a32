import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/** The applicant's own view of their online record, by the token its submission returned. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('GET /api/public/records/:id/mine', () => {
  it('shows the applicant their record and what they may do, and answers any other token as not found', async () => {
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: p.versionId,
        applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912000999' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
      },
    });
    const { record, applicantToken } = res.json();
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/mine`,
      headers: { 'x-applicant-token': applicantToken },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      id: record.id,
      status: 'submitted',
      code: null,
      nationalStatusName: 'Mới đăng ký',
    });
    expect(mine.json().availableActions).toContain('withdraw');
    expect(mine.json()).not.toHaveProperty('applicant');
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/mine`,
      headers: { 'x-applicant-token': 'z'.repeat(43) },
    });
    expect(other.statusCode).toBe(404);
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/rating`,
      headers: { 'x-applicant-token': applicantToken },
      payload: { score: 5 },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('rating.not_allowed');
    const bad = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/rating`,
      headers: { 'x-applicant-token': applicantToken },
      payload: { score: 9 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('body.score');
  });
});
