import { expect } from 'vitest';
import { landCorrectionProcedure, type TestContext } from '../support/context.ts';

/**
 * A land-correction record (1.012796) submitted online by a citizen (with the applicant token), received at
 * phường Ninh Kiều, assigned at UBND Cái Khế, where the specialist asks for `amountVnd` (national status 6).
 */
export async function recordAwaitingPayment(
  ctx: TestContext,
  tokens: Record<string, string>,
  users: Record<string, string>,
  fullName: string,
  amountVnd: number,
): Promise<{ id: string; code: string; token: string; version: number }> {
  const procedure = await landCorrectionProcedure(ctx);
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
      applicant: { kind: 'citizen', fullName, phone: '0912 000 456' },
      routing: { landParcelUnitCode: '31120' },
      receivingAgencyId: agency.id,
      returnPoint: { kind: 'online' },
    },
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const token = submitted.json().applicantToken as string;
  let r = submitted.json().record as { id: string; version: number; code: string };
  const step = async (who: string, action: string, body: object = {}) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/${action}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload: { version: r.version, ...body },
    });
    expect(res.statusCode, res.body).toBe(200);
    r = res.json().record;
  };
  await step('nk.reception', 'receive', {
    checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
  });
  await step('nk.reception', 'forward');
  await step('ck.leader', 'assign', { assigneeId: users['ck.specialist'] });
  await step('ck.specialist', 'request-payment', {
    items: [
      { description: 'Lệ phí cấp giấy chứng nhận', amountVnd: amountVnd - 10_000 },
      { description: 'Phí thẩm định', amountVnd: 10_000 },
    ],
  });
  return { id: r.id, code: r.code, token, version: r.version };
}
