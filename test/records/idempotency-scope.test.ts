import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * Whose an Idempotency-Key is: a signed-in official's own (two counters that happen to pick the same key
 * get their own records), an applicant token's own, and for an anonymous online submission the key itself,
 * whatever network the retry comes from. A key used again for another request or another record is refused.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };
let ninhKieu: string;

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function count(table: 'records' | 'recordEvents') {
  const r = await ctx.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const reception = () => ({
  type: 'receive',
  checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 })),
  opening: {
    procedureVersionId: procedure.versionId,
    channel: 'in_person',
    applicant: { kind: 'citizen', fullName: 'Võ Thị Trùng', phone: '0912 345 678' },
    routing: { landParcelUnitCode: '31120' },
  },
});

const submission = (fullName = 'Đoàn Văn Mạng') => ({
  procedureVersionId: procedure.versionId,
  applicant: { kind: 'citizen', fullName, phone: '0918 765 432' },
  routing: { landParcelUnitCode: '31120' },
  receivingAgencyId: ninhKieu,
});

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [name, key] of [
    ['nk.reception.a', '31135-ttpvhcc'],
    ['nk.reception.b', '31135-ttpvhcc'],
    ['ck.reception', '31120-ttpvhcc'],
  ] as const) {
    tokens[name] = await ctx.signIn(['reception'], { agencyKey: key, username: `${name}.idem` });
  }
  procedure = await landCorrectionProcedure(ctx);
  ninhKieu = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

describe('an Idempotency-Key of an official', () => {
  it('is theirs alone: two officials sending the same key and body each get their own record', async () => {
    const headers = { 'idempotency-key': 'counter-7-20260302-0001' };
    const before = await count('records');
    const results = [];
    for (const who of ['nk.reception.a', 'nk.reception.b', 'ck.reception']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/records',
        headers: { ...auth(who), ...headers },
        payload: reception(),
      });
      expect(res.statusCode, `${who}: ${res.body}`).toBe(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      results.push(res.json().record as { id: string; receivingAgencyId: string });
    }
    expect(new Set(results.map((r) => r.id)).size).toBe(3);
    expect(await count('records')).toBe(before + 3);
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { ...auth('nk.reception.b'), ...headers },
      payload: reception(),
    });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().record.id).toBe(results[1]!.id);
    expect(await count('records')).toBe(before + 3);
  });

  it('is refused on another record, even with the same body, and the other record is untouched', async () => {
    const a = await receiveLandCorrection(ctx, tokens['nk.reception.a']!, procedure, 'Hồ Sơ Một');
    const b = await receiveLandCorrection(ctx, tokens['nk.reception.a']!, procedure, 'Hồ Sơ Hai');
    expect(a.version).toBe(b.version);
    const headers = { ...auth('nk.reception.a'), 'idempotency-key': 'forward-once' };
    const first = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${a.id}/forward`,
      headers,
      payload: { version: a.version },
    });
    expect(first.statusCode, first.body).toBe(200);
    const events = await count('recordEvents');
    const second = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${b.id}/forward`,
      headers,
      payload: { version: b.version },
    });
    expect(second.statusCode, second.body).toBe(422);
    expect(second.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(second.json().code).toBe('idempotency.key_reused');
    expect(second.body).not.toContain(a.id);
    expect(await count('recordEvents')).toBe(events);
    const page = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${b.id}`,
      headers: auth('nk.reception.a'),
    });
    expect(page.json().version).toBe(b.version);
  });
});

describe('an Idempotency-Key of an online submission', () => {
  it('replays the first outcome to a retry from another network address, creating one record', async () => {
    const before = await count('records');
    const headers = { 'idempotency-key': '6f1c0c7e-3b9a-4f7e-9f51-0d6c2a1b7e10' };
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers,
      payload: submission(),
      remoteAddress: '203.0.113.7',
    });
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers,
      payload: submission(),
      remoteAddress: '198.51.100.42',
    });
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().record.id).toBe(first.json().record.id);
    expect(await count('records')).toBe(before + 1);
  });

  it('refuses the same key with another submission, and a key short enough to guess', async () => {
    const headers = { 'idempotency-key': '0b7f5a52-6c1e-4d0a-8a8e-5f2f1f9d3c21' };
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers,
      payload: submission('Người Thứ Nhất'),
    });
    expect(first.statusCode).toBe(201);
    const before = await count('records');
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers,
      payload: submission('Người Thứ Hai'),
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
    expect(other.body).not.toContain(first.json().record.id);
    expect(other.body).not.toContain(first.json().applicantToken);
    const short = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      headers: { 'idempotency-key': '1' },
      payload: submission('Người Thứ Ba'),
    });
    expect(short.statusCode).toBe(422);
    expect(JSON.stringify(short.json().errors)).toContain('idempotency-key');
    expect(await count('records')).toBe(before);
  });
});
