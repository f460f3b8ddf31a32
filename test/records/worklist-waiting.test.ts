import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * The work waiting for me (issue 13, item 14): `GET /api/worklists?scope=waiting&sort=newest` gives each
 * official what waits for them now, newest first, with procedure names; finished records and work of
 * other people or agencies stay out. Land correction 1.012796 received at phường Ninh Kiều's one-stop unit
 * for a parcel in phường Cái Khế (processed at UBND phường Cái Khế).
 */

let ctx: TestContext;
let procedure: { versionId: string; documents: string[] };
let procedureName: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });
const post = (name: string, url: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url, headers: auth(name), payload });

async function waiting(name: string, extra = '') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/worklists?scope=waiting&sort=newest${extra}`,
    headers: auth(name),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { id: string; procedureName: string | null }[]; next: string | null };
}

const named = (items: { id: string }[]) =>
  items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0] ?? 'other');

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [name, role, agencyKey] of [
    ['nk.reception', 'reception', '31135-ttpvhcc'],
    ['ck.specialist', 'specialist', '31120-ubnd'],
    ['ck.leader', 'leader', '31120-ubnd'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey, username: `${name}.waiting` });
  }
  procedure = await landCorrectionProcedure(ctx);
  procedureName = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json().name;
  const nk = await ctx.database.db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', '31135-ttpvhcc')
    .executeTakeFirstOrThrow();

  // Oldest first: one at the reception step, one forwarded to Cái Khế, one withdrawn, then an online one.
  const atReception = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Nguyễn Thị Một');
  ids.atReception = atReception.id;
  const forwarded = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Trần Văn Hai');
  ids.forwarded = forwarded.id;
  expect(
    (await post('nk.reception', `/api/records/${forwarded.id}/forward`, { version: forwarded.version }))
      .statusCode,
  ).toBe(200);
  const withdrawn = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Lê Thị Ba');
  ids.withdrawn = withdrawn.id;
  const w = await post('nk.reception', `/api/records/${withdrawn.id}/withdraw`, {
    version: withdrawn.version,
    reason: 'Người nộp rút hồ sơ',
  });
  expect(w.statusCode).toBe(200);
  const online = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/records',
    payload: {
      procedureVersionId: procedure.versionId,
      applicant: { kind: 'citizen', fullName: 'Phạm Văn Bốn', phone: '0918 765 432' },
      routing: { landParcelUnitCode: '31120' },
      receivingAgencyId: nk.id,
    },
  });
  expect(online.statusCode).toBe(201);
  ids.online = online.json().record.id;
});
afterAll(() => ctx.close());

describe('the work waiting for me', () => {
  it('gives reception the new online submission first, then its own record at the counter step; nothing finished or passed on', async () => {
    const list = await waiting('nk.reception');
    expect(named(list.items)).toEqual(['online', 'atReception']);
    expect(list.items.map((i) => i.procedureName)).toEqual([procedureName, procedureName]);
  });

  it('gives the competent agency’s leader the unassigned step to assign, and the specialist only once it is assigned to them', async () => {
    expect(named((await waiting('ck.leader')).items)).toEqual(['forwarded']);
    expect(named((await waiting('ck.specialist')).items)).toEqual([]);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth('ck.specialist') });
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${ids.forwarded}`,
      headers: auth('ck.leader'),
    });
    const assigned = await post('ck.leader', `/api/records/${ids.forwarded}/assign`, {
      version: record.json().version,
      assigneeId: me.json().userId,
    });
    expect(assigned.statusCode).toBe(200);
    expect(named((await waiting('ck.specialist')).items)).toEqual(['forwarded']);
    expect(named((await waiting('ck.leader')).items)).toEqual([]);
  });

  it('pages newest first with keyset pagination', async () => {
    const first = await waiting('nk.reception', '&limit=1');
    expect(named(first.items)).toEqual(['online']);
    const second = await waiting('nk.reception', `&limit=1&after=${first.next}`);
    expect(named(second.items)).toEqual(['atReception']);
  });

  it('keeps the agency list (all statuses, oldest first) and names procedures there too', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/worklists?scope=agency',
      headers: auth('nk.reception'),
    });
    const items = res.json().items as { id: string; procedureName: string }[];
    expect(named(items)).toEqual(['atReception', 'forwarded', 'withdrawn', 'online']);
    expect(new Set(items.map((i) => i.procedureName))).toEqual(new Set([procedureName]));
  });
});
