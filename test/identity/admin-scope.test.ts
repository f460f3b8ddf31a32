import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Administrators manage their own agency and the agencies under it; only the city People's Committee's
 * administrator manages the city. Out of scope is answered as if the account or agency did not exist (404),
 * and the monitor role (which reads every agency) is granted by the city administrator only (403).
 */

let ctx: TestContext;
const agency: Record<string, string> = {};
const token: Record<string, string> = {};
const id: Record<string, string> = {};

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function person(name: string, roles: ('admin' | 'specialist' | 'reception')[], agencyKey: string) {
  token[name] = await ctx.signIn(roles, { agencyKey, username: name });
  const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token[name]!) });
  id[name] = me.json().userId;
}

async function stored(userId: string) {
  return ctx.database.db
    .selectFrom('users')
    .select(['roles', 'active', 'passwordHash', 'mustChangePassword'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    agency[r.key] = r.id;
  await person('quantri.thanhpho', ['admin'], '92-ubnd');
  await person('quantri.motcua.ninhkieu', ['admin'], '31135-ttpvhcc');
  await person('quantri.ubnd.ninhkieu', ['admin'], '31135-ubnd');
  await person('chuyenvien.caikhe', ['specialist'], '31120-ubnd');
  await person('tiepnhan.ninhkieu.x', ['reception'], '31135-ttpvhcc');
});
afterAll(() => ctx.close());

const nk = () => bearer(token['quantri.motcua.ninhkieu']!);

describe('a commune one-stop administrator', () => {
  for (const target of ['quantri.thanhpho', 'chuyenvien.caikhe']) {
    it(`cannot deactivate, change roles of, or reset the password of ${target} (404, nothing changes)`, async () => {
      const before = await stored(id[target]!);
      for (const payload of [{ active: false }, { roles: ['admin', 'reception'] }, { displayName: 'X' }]) {
        const res = await ctx.app.inject({
          method: 'PATCH',
          url: `/api/users/${id[target]}`,
          headers: nk(),
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'user.not_found' });
      }
      const reset = await ctx.app.inject({
        method: 'POST',
        url: `/api/users/${id[target]}/password-reset`,
        headers: nk(),
      });
      expect(reset.statusCode).toBe(404);
      expect(reset.headers['content-type']).toContain('application/problem+json');
      expect(reset.json().code).toBe('user.not_found');
      expect(await stored(id[target]!)).toEqual(before);
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(token[target]!),
      });
      expect(me.statusCode).toBe(200);
    });
  }

  it('cannot open accounts (admin or not) in the city or another commune (404 agency.not_found)', async () => {
    for (const key of ['92-ubnd', '31120-ttpvhcc', '31120-ubnd', '31135-ubnd']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: nk(),
        payload: {
          username: `ngoai.pham.vi.${key}`,
          displayName: 'Ngoài phạm vi',
          password: 'ba con voi di qua cau',
          agencyId: agency[key],
          roles: ['admin'],
        },
      });
      expect(res.statusCode, key).toBe(404);
      expect(res.json().code).toBe('agency.not_found');
    }
    const made = await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('username', 'like', 'ngoai.pham.vi.%')
      .execute();
    expect(made).toEqual([]);
  });

  it("lists only its own agency's officials; another agency's list is 404", async () => {
    const all = await ctx.app.inject({ method: 'GET', url: '/api/users?limit=200', headers: nk() });
    expect(all.statusCode).toBe(200);
    const names = all.json().items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['quantri.motcua.ninhkieu', 'tiepnhan.ninhkieu.x']));
    expect(names).not.toContain('quantri.thanhpho');
    expect(names).not.toContain('chuyenvien.caikhe');
    expect(names).not.toContain('quantri.ubnd.ninhkieu');
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/users?agencyId=${agency['92-ubnd']}`,
      headers: nk(),
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('agency.not_found');
  });

  it('manages its own agency: opens an account, grants admin, resets a password; the monitor role is 403', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: nk(),
      payload: {
        username: 'tiepnhan.moi.ninhkieu',
        displayName: 'Cán bộ mới',
        password: 'ba con voi di qua cau',
        agencyId: agency['31135-ttpvhcc'],
        roles: ['reception'],
      },
    });
    expect(created.statusCode).toBe(201);
    const target = id['tiepnhan.ninhkieu.x']!;
    const grant = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${target}`,
      headers: nk(),
      payload: { roles: ['reception', 'admin'] },
    });
    expect(grant.statusCode).toBe(200);
    expect(grant.json().roles).toEqual(['reception', 'admin']);
    const monitor = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${target}`,
      headers: nk(),
      payload: { roles: ['reception', 'monitor'] },
    });
    expect(monitor.statusCode).toBe(403);
    expect(monitor.headers['content-type']).toContain('application/problem+json');
    expect(monitor.json()).toMatchObject({ code: 'user.role_not_grantable', params: { role: 'monitor' } });
    expect((await stored(target)).roles).toEqual(['reception', 'admin']);
    const reset = await ctx.app.inject({
      method: 'POST',
      url: `/api/users/${target}/password-reset`,
      headers: nk(),
    });
    expect(reset.statusCode).toBe(200);
  });
});

describe("a commune People's Committee administrator", () => {
  it('manages the one-stop unit under it, but not the city', async () => {
    const t = bearer(token['quantri.ubnd.ninhkieu']!);
    const child = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${id['quantri.motcua.ninhkieu']}`,
      headers: t,
      payload: { displayName: 'Quản trị một cửa Ninh Kiều' },
    });
    expect(child.statusCode).toBe(200);
    const city = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${id['quantri.thanhpho']}`,
      headers: t,
      payload: { active: false },
    });
    expect(city.statusCode).toBe(404);
  });
});

describe("the city People's Committee administrator", () => {
  it('manages every agency and may grant the monitor role', async () => {
    const t = bearer(token['quantri.thanhpho']!);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${id['chuyenvien.caikhe']}`,
      headers: t,
      payload: { roles: ['specialist', 'monitor'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['specialist', 'monitor']);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/users?limit=200', headers: t });
    const names = list.json().items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['quantri.motcua.ninhkieu', 'chuyenvien.caikhe']));
  });
});

describe('city-wide settings and other agencies', () => {
  it("keep the holiday table for the city administrator (403 for a commune's) and office hours within scope (404 outside)", async () => {
    const day = { day: '2027-11-24', kind: 'day_off', occasion: 'Ngày thử', sourceNote: 'Thử nghiệm' };
    const commune = await ctx.app.inject({
      method: 'POST',
      url: '/api/holidays',
      headers: nk(),
      payload: day,
    });
    expect(commune.statusCode).toBe(403);
    expect(commune.headers['content-type']).toContain('application/problem+json');
    expect(commune.json().code).toBe('auth.forbidden');
    const hours = { workingHours: { start: 420, lunchStart: 660, lunchEnd: 780, end: 1020 } };
    for (const key of ['92-ubnd', '31120-ttpvhcc', '31135-ubnd']) {
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/agencies/${agency[key]}/working-hours`,
        headers: nk(),
        payload: hours,
      });
      expect(res.statusCode, key).toBe(404);
      expect(res.json().code).toBe('agency.not_found');
    }
    const own = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${agency['31135-ttpvhcc']}/working-hours`,
      headers: nk(),
      payload: hours,
    });
    expect(own.statusCode).toBe(200);
    const city = await ctx.app.inject({
      method: 'POST',
      url: '/api/holidays',
      headers: bearer(token['quantri.thanhpho']!),
      payload: day,
    });
    expect(city.statusCode).toBe(201);
  });
});
