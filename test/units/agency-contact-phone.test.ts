import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfText } from '../support/pdf-tools.ts';

/**
 * The receiving unit's contact phone (issue 13 #27, DOMAIN.md §3.2 form 02: "contact person and phone for
 * help"): an administrator sets it on the agency, and the completion request (Phiếu yêu cầu bổ sung, hoàn
 * thiện hồ sơ) issued by phường Ninh Kiều's one-stop unit prints it; without one the line names no number.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];
let ninhKieu: string;
let caiKhe: string;

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

const agencyId = (key: string) =>
  ctx.database.db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow()
    .then((a) => a.id);

const edit = (id: string, payload: object) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/agencies/${id}`, headers: auth('admin'), payload });

/** A completion request before reception at Ninh Kiều, and the text of its slip 02. */
async function completionSlip(): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth('nk.reception'),
    payload: {
      type: 'request_completion',
      reasons: ['Hồ sơ chưa đủ thành phần'],
      missingDocuments: [documents[0]!],
      opening: {
        procedureVersionId: versionId,
        channel: 'in_person',
        applicant: {
          kind: 'citizen',
          fullName: 'Võ Thị Hạnh',
          personalId: '092185001234',
          birthDate: '1985-04-12',
          sex: 'female',
          phone: '0912 345 678',
        },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const pdf = await ctx.app.inject({
    method: 'GET',
    url: `/api/records/${res.json().record.id}/slips/02`,
    headers: auth('nk.reception'),
  });
  expect(pdf.statusCode, pdf.body).toBe(200);
  return oneLine(pdfText(pdf.rawPayload));
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  await signInLandCorrectionOfficials(ctx, 'phone', tokens, users);
  tokens.admin = await ctx.signIn(['admin'], { agencyKey: '31135-ttpvhcc', username: 'nk.admin.phone' });
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  ninhKieu = await agencyId('31135-ttpvhcc');
  caiKhe = await agencyId('31120-ubnd');
});
afterAll(() => ctx.close());

describe('the receiving unit’s contact phone on slip 02', () => {
  it('is printed on the completion request once an administrator sets it, and left out before', async () => {
    const before = await completionSlip();
    expect(before).toMatch(/Mọi vướng mắc xin liên hệ Test reception, [^.]*Ninh Kiều để được hướng dẫn\./);
    expect(before).not.toContain('số điện thoại');

    const res = await edit(ninhKieu, { contactPhone: '0292 3 812 345' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().contactPhone).toBe('+842923812345');
    const read = await ctx.app.inject({ method: 'GET', url: `/api/agencies/${ninhKieu}` });
    expect(read.json().contactPhone).toBe('+842923812345');
    const audited = await ctx.database.db
      .selectFrom('auditLog')
      .select('actorRole')
      .where('action', '=', 'agency.contact_phone_set')
      .where('entityId', '=', ninhKieu)
      .execute();
    expect(audited).toEqual([{ actorRole: 'admin' }]);

    const after = await completionSlip();
    expect(after).toMatch(
      /Mọi vướng mắc xin liên hệ Test reception, [^.]*Ninh Kiều, số điện thoại 02923812345 để được hướng dẫn\./,
    );

    // Cleared again: the next slip names no number.
    expect((await edit(ninhKieu, { contactPhone: null })).json().contactPhone).toBeNull();
    expect(await completionSlip()).not.toContain('số điện thoại');
  });
});

describe('bad input', () => {
  it('refuses a phone that is not a Vietnamese number with 422 naming the field, and keeps the old one', async () => {
    expect((await edit(ninhKieu, { contactPhone: '0912345678' })).statusCode).toBe(200);
    for (const contactPhone of ['abc', '0123 456', '+1 202 555 0100', 12345]) {
      const res = await edit(ninhKieu, { contactPhone });
      expect(res.statusCode, String(contactPhone)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const issue = res.json().errors.find((e: { path: string }) => e.path === 'body.contactPhone') as Record<
        string,
        string
      >;
      expect(issue, String(contactPhone)).toBeDefined();
      expect(issue.message).toMatch(/\S/);
      expect(issue.message_vi).toMatch(/\S/);
    }
    const read = await ctx.app.inject({ method: 'GET', url: `/api/agencies/${ninhKieu}` });
    expect(read.json().contactPhone).toBe('+84912345678');
  });

  it('answers 404 for an agency the administrator does not manage, and leaves it unchanged', async () => {
    const res = await edit(caiKhe, { contactPhone: '0912345678' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('agency.not_found');
    const read = await ctx.app.inject({ method: 'GET', url: `/api/agencies/${caiKhe}` });
    expect(read.json().contactPhone).toBeNull();
  });
});
