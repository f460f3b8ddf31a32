import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDeadlines } from '../../src/modules/records/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The legal time rules through the HTTP API (DOMAIN.md §2.2, §7.1): the 15:00 cut-off per procedure at
 * reception, the record code's day in Vietnam time, the acknowledgment of online submissions, completion
 * asked for once, and the personal ID against the declared sex. The city lists the land correction
 * (1.012796, 8 working days) as a procedure whose limits take the cut-off; the clock starts at Mon 2/3/2026.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
let agencyIds: Record<string, string>;

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });
/** A Vietnamese wall-clock time. */
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

async function procedure(code: string): Promise<{ versionId: string; documents: string[] }> {
  const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${code}` })).json();
  return {
    versionId: p.versionId,
    documents: (p.details.documents as { name: string }[]).map((d) => d.name),
  };
}

/** Receives `code` at the counter of `who` and returns the response. */
async function receive(
  who: string,
  code: string,
  routing: Record<string, string>,
  applicant: Record<string, string> = { kind: 'citizen', fullName: 'Trần Văn Bình', phone: '0912 345 678' },
) {
  const p = await procedure(code);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth(who),
    payload: {
      type: 'receive',
      checklist: p.documents.map((document) => ({ document, provided: true, originals: 1 })),
      opening: { procedureVersionId: p.versionId, channel: 'in_person', applicant, routing },
    },
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_CUTOFF_PROCEDURES: '1.012796', SESSION_TTL_HOURS: '720' });
  const rows = await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute();
  agencyIds = Object.fromEntries(rows.map((r) => [r.key, r.id]));
  tokens['nk.reception'] = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: 'law.nk',
  });
  tokens['city.reception'] = await ctx.signIn(['reception'], {
    agencyKey: '92-ttpvhcc',
    username: 'law.city',
  });
});

afterAll(async () => {
  await ctx?.close();
});

describe('the 15:00 cut-off at a counter reception (DOMAIN.md §7.1)', () => {
  it('counts a listed procedure received at 16:00 from the next working day, and keeps the rule on the record', async () => {
    ctx.deps.clock.set(vn('2026-03-02', '16:00'));
    const res = await receive('nk.reception', '1.012796', { landParcelUnitCode: '31120' });
    expect(res.statusCode, res.body).toBe(201);
    // Start Tue 3/3; 8 working days: Wed 4 … Fri 13/3 (at 10:00 it would be Thu 12/3).
    expect(res.json().record).toMatchObject({
      clockStartDate: '2026-03-03',
      appointment: { dueDate: '2026-03-13', dueAt: '2026-03-13T16:59:59.999Z' },
      cutoffMinutes: 900,
    });
  });

  it('answers a same-day procedure received at 16:00 on the next working day', async () => {
    ctx.deps.clock.set(vn('2026-03-02', '16:00'));
    const res = await receive('nk.reception', '1.001193', { residenceUnitCode: '31135' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({
      clockStartDate: '2026-03-03',
      appointment: { dueDate: '2026-03-03' },
    });
  });

  it('counts any other limit from the reception day whatever the hour (Civil Code art. 147)', async () => {
    ctx.deps.clock.set(vn('2026-03-02', '16:00'));
    // Cấp thẻ tư vấn viên pháp luật (Sở Tư pháp), 5 working days: Tue 3 … Mon 9/3.
    const res = await receive('city.reception', '1.000426', {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({
      clockStartDate: '2026-03-02',
      appointment: { dueDate: '2026-03-09' },
      cutoffMinutes: null,
    });
  });
});

describe('the record code takes the reception day in Vietnam time', () => {
  it('numbers a reception at 06:30 on 3/3 (23:30 UTC on 2/3) as the first of 3/3, and the next one as the second', async () => {
    ctx.deps.clock.set(new Date('2026-03-02T23:30:00Z'));
    const early = await receive('nk.reception', '1.012796', { landParcelUnitCode: '31120' });
    expect(early.statusCode, early.body).toBe(201);
    expect(early.json().record.code).toMatch(/^H13\.[0-9.]+-260303-0001$/);
    ctx.deps.clock.set(vn('2026-03-03', '10:00'));
    const later = await receive('nk.reception', '1.012796', { landParcelUnitCode: '31120' });
    expect(later.json().record.code).toMatch(/^H13\.[0-9.]+-260303-0002$/);
  });
});

describe('the personal ID against the declared sex (DOMAIN.md §8.1)', () => {
  it('refuses a female personal ID (century digit 1) declared male with 422 naming the field, and writes nothing', async () => {
    ctx.deps.clock.set(vn('2026-03-04', '10:00'));
    const before = await ctx.database.db.selectFrom('records').select('id').execute();
    const res = await receive(
      'nk.reception',
      '1.012796',
      { landParcelUnitCode: '31120' },
      { kind: 'citizen', fullName: 'Lê Thị Cúc', personalId: '092185001234', sex: 'male' },
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({
        path: 'body.opening.applicant.personalId',
        message: expect.stringMatching(/encodes sex female/),
      }),
    );
    expect(await ctx.database.db.selectFrom('records').select('id').execute()).toHaveLength(before.length);
    const female = await receive(
      'nk.reception',
      '1.012796',
      { landParcelUnitCode: '31120' },
      { kind: 'citizen', fullName: 'Lê Thị Cúc', personalId: '092185001234', sex: 'female' },
    );
    expect(female.statusCode, female.body).toBe(201);
  });
});

describe('an online submission (DOMAIN.md §2.2)', () => {
  let id: string;
  let token: string;

  it('is due for acknowledgment 8 office hours after it arrives, and shows as overdue in the worklist after that', async () => {
    // Mon 2/3 10:00: 10:00–11:30 and 13:30–17:00 (5 h), then Tue 3/3 07:30–10:30 (3 h).
    ctx.deps.clock.set(vn('2026-03-02', '10:00'));
    const p = await procedure('1.012796');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: p.versionId,
        applicant: { kind: 'citizen', fullName: 'Phạm Thị Duyên', phone: '0918 765 432' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agencyIds['31135-ttpvhcc'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().record.id;
    token = res.json().applicantToken;
    expect(res.json().record.acknowledgeDueAt).toBe(vn('2026-03-03', '10:30').toISOString());

    const overdue = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/worklists?scope=agency&deadline=overdue&limit=200',
          headers: auth('nk.reception'),
        })
      )
        .json()
        .items.map((i: { id: string }) => i.id);
    await refreshDeadlines(ctx.database.db, vn('2026-03-03', '10:00'), 0);
    expect(await overdue()).not.toContain(id);
    await refreshDeadlines(ctx.database.db, vn('2026-03-03', '11:00'), 0);
    expect(await overdue()).toContain(id);
  });

  it('is sent back for completion once: after the resubmission a second request gets 409', async () => {
    ctx.deps.clock.set(vn('2026-03-03', '11:00'));
    const current = async () =>
      (
        await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth('nk.reception') })
      ).json();
    const ask = (version: number) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/records/${id}/request-completion`,
        headers: auth('nk.reception'),
        payload: { version, reasons: ['Thiếu bản sao Giấy chứng nhận'], missingDocuments: [] },
      });
    const first = await ask((await current()).version);
    expect(first.statusCode, first.body).toBe(200);
    const resubmitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${id}/submit`,
      headers: { 'x-applicant-token': token },
      payload: { version: first.json().record.version },
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const second = await ask(resubmitted.json().record.version);
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().code).toBe('record.completion_already_requested');
    expect((await current()).status).toBe('submitted');
  });
});
