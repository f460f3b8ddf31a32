import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * A record is invisible to officials of agencies that take no part in it, whatever their role: reads and
 * commands answer 404 exactly as for an unknown id, before any version or permission check, so that
 * neither the record's existence, its status nor its version leaks. The same holds for an applicant token
 * on someone else's online record. The record here is received at phường Ninh Kiều for a parcel in
 * phường Cái Khế; the outsiders work at phường Vĩnh Thạnh (31321).
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };
let record: { id: string; version: number; code: string };
let ninhKieu: string;
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

/** The parts of a problem that must not differ between a hidden and an unknown record (its id aside). */
function comparable(body: { params?: { id?: string } }, id: string) {
  const { traceId: _t, instance: _i, ...rest } = body as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest).replaceAll(id, '<id>'));
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [name, role, key] of [
    ['nk.reception', 'reception', '31135-ttpvhcc'],
    ['vt.leader', 'leader', '31321-ttpvhcc'],
    ['vt.reception', 'reception', '31321-ttpvhcc'],
    ['vt.specialist', 'specialist', '31321-ubnd'],
    ['vt.ubnd.leader', 'leader', '31321-ubnd'],
    ['vt.admin', 'admin', '31321-ttpvhcc'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: `${name}.existence` });
  }
  procedure = await landCorrectionProcedure(ctx);
  record = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Phạm Thị Kín');
  ninhKieu = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

const OUTSIDERS = ['vt.leader', 'vt.reception', 'vt.specialist', 'vt.ubnd.leader'] as const;

describe('an official of an agency that takes no part in a record', () => {
  // An administrator manages accounts at their agency, not the city's records (issue 13 #3).
  it.each([...OUTSIDERS, 'vt.admin'])(
    '%s gets 404 on its page, timeline, documents and slips, and search finds nothing',
    async (who) => {
      for (const path of ['', '/timeline', '/documents', '/slips', '/reusable', '/results']) {
        const res = await ctx.app.inject({
          method: 'GET',
          url: `/api/records/${record.id}${path}`,
          headers: auth(who),
        });
        expect(res.statusCode, `${who} GET ${path}: ${res.body}`).toBe(404);
        expect(res.json().code).toBe('record.not_found');
      }
      const search = await ctx.app.inject({
        method: 'GET',
        url: `/api/records?q=${encodeURIComponent(record.code)}`,
        headers: auth(who),
      });
      expect(search.statusCode).toBe(200);
      expect(search.json().items).toEqual([]);
      const byName = await ctx.app.inject({
        method: 'GET',
        url: `/api/records?q=${encodeURIComponent('pham thi kin')}`,
        headers: auth(who),
      });
      expect(byName.json().items).toEqual([]);
    },
  );

  it.each(OUTSIDERS)(
    '%s gets 404 like an unknown id on every command, with a wrong or the right version',
    async (who) => {
      const before = await ctx.database.db
        .selectFrom('recordEvents')
        .select('seq')
        .where('recordId', '=', record.id)
        .execute();
      const commands: [string, Record<string, unknown>][] = [
        ['forward', {}],
        ['assign', { assigneeId: UNKNOWN }],
        ['approve', {}],
        ['extend', { reason: 'Cần xác minh thêm', newDueDate: '2026-04-30' }],
        ['withdraw', { reason: 'Người nộp xin rút' }],
        ['stop', { reason: 'Dừng xử lý' }],
      ];
      for (const [action, body] of commands) {
        for (const version of [99, record.version]) {
          const payload = { ...body, version };
          const hidden = await ctx.app.inject({
            method: 'POST',
            url: `/api/records/${record.id}/${action}`,
            headers: auth(who),
            payload,
          });
          const unknown = await ctx.app.inject({
            method: 'POST',
            url: `/api/records/${UNKNOWN}/${action}`,
            headers: auth(who),
            payload,
          });
          expect(hidden.statusCode, `${who} ${action} v${version}: ${hidden.body}`).toBe(404);
          expect(unknown.statusCode).toBe(404);
          expect(comparable(hidden.json(), record.id)).toEqual(comparable(unknown.json(), UNKNOWN));
          expect(hidden.body).not.toContain('"current"');
          expect(hidden.body).not.toContain('"status":"received"');
        }
      }
      const after = await ctx.database.db
        .selectFrom('recordEvents')
        .select('seq')
        .where('recordId', '=', record.id)
        .execute();
      expect(after).toEqual(before);
    },
  );

  it.each(OUTSIDERS)('%s gets 404 on the record’s other writes (results, repository, reuse)', async (who) => {
    const writes: [string, Record<string, unknown>][] = [
      ['results', { title: 'Kết quả', paragraphs: ['x'] }],
      ['repository', { documentIds: [UNKNOWN], identityChecked: true }],
      ['documents/reuse', { itemId: UNKNOWN, component: 'x', identityChecked: true }],
    ];
    for (const [path, payload] of writes) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/records/${record.id}/${path}`,
        headers: auth(who),
        payload,
      });
      if (res.statusCode === 403) {
        // Refused by role before the record is looked up: the same answer as for an unknown id.
        const unknown = await ctx.app.inject({
          method: 'POST',
          url: `/api/records/${UNKNOWN}/${path}`,
          headers: auth(who),
          payload,
        });
        expect(unknown.statusCode, `${who} ${path}`).toBe(403);
        continue;
      }
      expect(res.statusCode, `${who} POST ${path}: ${res.body}`).toBe(404);
      expect(res.json().code).toBe('record.not_found');
    }
  });

  it('still gets 409 for a stale version and 403 for a role it lacks when it may see the record', async () => {
    const stale = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${record.id}/forward`,
      headers: auth('nk.reception'),
      payload: { version: 99 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('record.version_conflict');
    const approve = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${record.id}/approve`,
      headers: auth('nk.reception'),
      payload: { version: record.version },
    });
    expect([403, 409]).toContain(approve.statusCode);
  });
});

describe('an applicant token on someone else’s online record', () => {
  it('answers 404 like an unknown id on the applicant’s commands, with a wrong or the right version', async () => {
    const submit = (fullName: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/public/records',
        payload: {
          procedureVersionId: procedure.versionId,
          applicant: { kind: 'citizen', fullName, phone: '0918 765 432' },
          routing: { landParcelUnitCode: '31120' },
          receivingAgencyId: ninhKieu,
        },
      });
    const mine = await submit('Trần Văn Chủ');
    const other = await submit('Lê Thị Lạ');
    expect([mine.statusCode, other.statusCode]).toEqual([201, 201]);
    const victim = mine.json().record as { id: string; version: number };
    const headers = { 'x-applicant-token': other.json().applicantToken as string };
    for (const version of [99, victim.version]) {
      const hidden = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${victim.id}/withdraw`,
        headers,
        payload: { version, reason: 'Không cần nữa' },
      });
      const unknown = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${UNKNOWN}/withdraw`,
        headers,
        payload: { version, reason: 'Không cần nữa' },
      });
      expect(hidden.statusCode, hidden.body).toBe(404);
      expect(comparable(hidden.json(), victim.id)).toEqual(comparable(unknown.json(), UNKNOWN));
    }
    const own = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${victim.id}/withdraw`,
      headers: { 'x-applicant-token': mine.json().applicantToken as string },
      payload: { version: 99, reason: 'Không cần nữa' },
    });
    expect(own.statusCode).toBe(409);
  });
});
