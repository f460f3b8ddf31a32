import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';

/**
 * Public tracking by record code (or an online submission's reference) and the last 4 digits of the
 * applicant's phone or personal ID: an unknown code and a wrong check give the same answer.
 */

let ctx: TestContext;
let reception: string;
let procedure: { versionId: string; documents: string[] };
let agencyId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  reception = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: 'nk.reception.tracking',
  });
  procedure = await landCorrectionProcedure(ctx);
  agencyId = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

/** A counter reception of an applicant who gave a personal ID and no phone; returns its code. */
async function receivedWithoutPhone(): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${reception}` },
    payload: {
      type: 'receive',
      checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant: {
          kind: 'citizen',
          fullName: 'Nguyễn Văn An',
          personalId: '092085001234',
          birthDate: '1985-04-12',
          sex: 'male',
        },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().record.code;
}

const track = (code: string, check: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/public/records/${encodeURIComponent(code)}?check=${check}` });

/** The reference of an online submission, as "Hồ sơ của tôi" shows it. */
async function referenceOf(answer: { record: { id: string }; applicantToken: string }): Promise<string> {
  const mine = await ctx.app.inject({
    method: 'GET',
    url: `/api/public/records/${answer.record.id}/mine`,
    headers: { 'x-applicant-token': answer.applicantToken },
  });
  expect(mine.json().code).toBeNull();
  return mine.json().reference;
}

/** A problem body without what names the request (its URL and trace id). */
function problem(body: Record<string, unknown>) {
  const { instance: _instance, traceId: _traceId, ...rest } = body;
  return rest;
}

describe('public tracking', () => {
  it('tracks by the last 4 digits of the personal ID when the applicant gave no phone', async () => {
    const code = await receivedWithoutPhone();
    const res = await track(code, '1234');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code, status: 'received', nationalStatus: 2 });
    expect(res.body).not.toContain('092085001234');
  });

  it('compares the code without regard to case or surrounding spaces', async () => {
    const code = await receivedWithoutPhone();
    for (const typed of [code.toLowerCase(), ` ${code} `]) {
      const res = await track(typed, '1234');
      expect(res.statusCode, typed).toBe(200);
      expect(res.json().code).toBe(code);
    }
  });

  it('answers a wrong check exactly as an unknown code, naming nothing of the record', async () => {
    const code = await receivedWithoutPhone();
    const wrongCheck = await track(code, '0000');
    const wrongCode = await track('H13.999.01-260302-0001', '1234');
    const badReference = await track('ZZZZ-ZZZZ-ZZZZZ', '1234');
    expect(wrongCheck.statusCode).toBe(404);
    expect(wrongCheck.headers['content-type']).toContain('application/problem+json');
    expect(problem(wrongCheck.json())).toEqual(problem(wrongCode.json()));
    expect(problem(badReference.json())).toEqual(problem(wrongCode.json()));
    expect(wrongCheck.json().params).toEqual({});
  });

  it("tracks an online submission at once by its receipt's reference, and never a draft", async () => {
    const submit = (draft: boolean) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/public/records${draft ? '?draft=true' : ''}`,
        payload: {
          procedureVersionId: procedure.versionId,
          applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912 000 999' },
          routing: { landParcelUnitCode: '31120' },
          receivingAgencyId: agencyId,
        },
      });
    const reference = await referenceOf((await submit(false)).json());
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}$/);
    const res = await track(reference.toLowerCase(), '0999');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: null, reference, status: 'submitted', nationalStatus: 1 });
    expect((await track(reference, '1234')).statusCode).toBe(404);
    const hidden = await track(await referenceOf((await submit(true)).json()), '0999');
    expect(hidden.statusCode).toBe(404);
    expect(problem(hidden.json())).toEqual(problem((await track('H13.999.01-260302-0001', '0999')).json()));
  });
});
