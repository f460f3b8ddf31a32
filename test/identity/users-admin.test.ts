import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/** Administrators edit officials: display name, roles, active flag (PATCH /api/users/:id). */

let ctx: TestContext;
let admin: string;
let adminId: string;
const agency: Record<string, string> = {};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function me(token: string) {
  return ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
}

async function patch(id: string, payload: unknown, token = admin, lang = 'vi') {
  return ctx.app.inject({
    method: 'PATCH',
    url: `/api/users/${id}`,
    headers: { ...bearer(token), 'accept-language': lang },
    payload: payload as Record<string, unknown>,
  });
}

/** A new official at Cái Khế, signed in; returns their id and session token. */
async function official(username: string, roles: ('reception' | 'specialist' | 'leader')[] = ['specialist']) {
  const token = await ctx.signIn(roles, { agencyKey: '31120-ubnd', username });
  return { id: (await me(token)).json().userId as string, token };
}

async function stored(id: string) {
  return ctx.database.db
    .selectFrom('users')
    .select(['displayName', 'roles', 'active'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function auditRows(id: string) {
  return ctx.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorId', 'actorRole'])
    .where('entityType', '=', 'user')
    .where('entityId', '=', id)
    .execute();
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    agency[r.key] = r.id;
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'quantri.test' });
  adminId = (await me(admin)).json().userId;
});
afterAll(() => ctx.close());

describe('PATCH /api/users/:id', () => {
  it('changes display name and roles, lists the change, writes one audit row, and the session sees the new roles at once', async () => {
    const u = await official('ck.sua.vaitro');
    expect((await me(u.token)).json().roles).toEqual(['specialist']);
    const res = await patch(u.id, { displayName: 'Trần Thị Mai', roles: ['specialist', 'leader', 'leader'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: u.id,
      username: 'ck.sua.vaitro',
      displayName: 'Trần Thị Mai',
      roles: ['specialist', 'leader'],
      active: true,
    });
    expect(res.json().passwordHash).toBeUndefined();
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/users?agencyId=${agency['31120-ubnd']}&limit=200`,
      headers: bearer(admin),
    });
    expect(list.json().items.find((x: { id: string }) => x.id === u.id)).toMatchObject({
      displayName: 'Trần Thị Mai',
      roles: ['specialist', 'leader'],
    });
    expect(await auditRows(u.id)).toEqual([{ action: 'user.updated', actorId: adminId, actorRole: 'admin' }]);
    expect((await me(u.token)).json().roles).toEqual(['specialist', 'leader']);
  });

  it('deactivating an official ends their sessions and refuses their password; reactivating lets them sign in again', async () => {
    const u = await official('ck.nghi.viec');
    const off = await patch(u.id, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await me(u.token)).statusCode).toBe(401);
    expect(
      await ctx.database.db.selectFrom('sessions').select('id').where('userId', '=', u.id).execute(),
    ).toEqual([]);
    const login = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ck.nghi.viec', password: 'correct horse battery' },
      });
    expect((await login()).statusCode).toBe(401);
    expect((await patch(u.id, { active: true })).statusCode).toBe(200);
    expect((await login()).statusCode).toBe(200);
  });

  it('writes no audit row when nothing changes', async () => {
    const u = await official('ck.khong.doi');
    const res = await patch(u.id, { roles: ['specialist'], active: true });
    expect(res.statusCode).toBe(200);
    expect(await auditRows(u.id)).toEqual([]);
  });

  it('answers bad input with 422 naming each field, in Vietnamese and English, and changes nothing', async () => {
    const u = await official('ck.sai.du.lieu');
    const before = await stored(u.id);
    const vi = await patch(u.id, { displayName: '  ', roles: ['boss'], active: 'yes' });
    expect(vi.statusCode).toBe(422);
    expect(vi.headers['content-type']).toContain('application/problem+json');
    expect(vi.json()).toMatchObject({ code: 'request.invalid', title: 'Dữ liệu gửi lên không hợp lệ' });
    const paths = vi.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.displayName', 'body.roles.0', 'body.active']));
    const en = await patch(u.id, { roles: [] }, admin, 'en');
    expect(en.statusCode).toBe(422);
    expect(en.json().title).toBe('The request is not valid');
    expect(en.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.roles']);
    const empty = await patch(u.id, {});
    expect(empty.statusCode).toBe(422);
    expect((await patch('not-a-uuid', { active: false })).json().errors[0].path).toBe('params.id');
    expect(await stored(u.id)).toEqual(before);
    expect(await auditRows(u.id)).toEqual([]);
  });

  it('answers an unknown account with 404 user.not_found', async () => {
    const res = await patch('01900000-0000-7000-8000-000000000000', { active: false }, admin, 'en');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'user.not_found', title: 'User account not found' });
  });

  it('refuses officials without the admin role (403) and anonymous callers (401), changing nothing', async () => {
    const u = await official('ck.bi.sua');
    const leader = await ctx.signIn(['leader'], { agencyKey: '31120-ubnd', username: 'ck.lanhdao.sua' });
    const monitor = await ctx.signIn(['monitor'], { agencyKey: '31135-ttpvhcc', username: 'giamsat.sua' });
    for (const token of [leader, monitor, u.token]) {
      const res = await patch(u.id, { roles: ['admin'] }, token);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    const anonymous = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${u.id}`,
      payload: { active: false },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await stored(u.id)).toMatchObject({ roles: ['specialist'], active: true });
  });

  it("lets the city People's Committee's administrator edit officials of a commune agency", async () => {
    const u = await official('ck.khac.don.vi');
    expect(agency['31120-ubnd']).not.toBe(agency['92-ubnd']);
    const res = await patch(u.id, { roles: ['reception'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().agencyId).toBe(agency['31120-ubnd']);
  });

  it('refuses an administrator dropping their own admin role or deactivating themselves (409), changing nothing', async () => {
    const before = await stored(adminId);
    for (const body of [
      { roles: ['leader'] },
      { active: false },
      { displayName: 'Tên mới', roles: ['monitor'] },
    ]) {
      const res = await patch(adminId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'user.self_lockout',
        title: 'Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của chính mình',
      });
    }
    expect(await stored(adminId)).toEqual(before);
    expect(await auditRows(adminId)).toEqual([]);
    expect((await me(admin)).statusCode).toBe(200);
    const own = await patch(adminId, { displayName: 'Quản trị viên', roles: ['admin', 'monitor'] });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ displayName: 'Quản trị viên', roles: ['admin', 'monitor'] });
  });
});
