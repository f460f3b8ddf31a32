import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.signIn(['specialist'], { username: 'chuyenvien.test' });
});
afterAll(() => ctx.close());

const login = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('password login and server-side sessions', () => {
  it('signs in, sets an httpOnly session cookie, and knows who is signed in', async () => {
    const res = await login('chuyenvien.test', 'correct horse battery');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'motcua_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { motcua_session: cookie!.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'chuyenvien.test', roles: ['specialist'] });
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await login('chuyenvien.test', 'not the password');
    const unknown = await login('nobody.here', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json().code).toBe(wrong.json().code);
    expect(unknown.json().title).toBe(wrong.json().title);
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const res = await login('  ChuyenVien.Test ', 'correct horse battery');
    expect(res.statusCode).toBe(200);
  });

  it('ends the session on logout, so the token no longer works', async () => {
    const token = (await login('chuyenvien.test', 'correct horse battery')).json().token;
    const headers = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('expires sessions after the configured time', async () => {
    const token = (await login('chuyenvien.test', 'correct horse battery')).json().token;
    ctx.deps.clock.advance((ctx.deps.config.SESSION_TTL_HOURS + 1) * 3_600_000);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
    ctx.deps.clock.advance(-(ctx.deps.config.SESSION_TTL_HOURS + 1) * 3_600_000);
  });

  it('rejects an empty body with 422 naming both fields', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });

  it('lets an administrator create an account and refuses a duplicate username', async () => {
    const admin = await ctx.signIn(['admin']);
    const agencies = await ctx.app.inject({ method: 'GET', url: '/api/agencies?kind=one_stop&limit=1' });
    const agencyId = agencies.json().items[0].id;
    const body = {
      username: 'tiepnhan.moi',
      displayName: 'Cán bộ mới',
      password: 'mot-mat-khau-dai',
      agencyId,
      roles: ['reception'],
    };
    const headers = { authorization: `Bearer ${admin}` };
    const first = await ctx.app.inject({ method: 'POST', url: '/api/users', headers, payload: body });
    expect(first.statusCode).toBe(201);
    const audits = () =>
      ctx.database.db
        .selectFrom('auditLog')
        .select(['entityId', 'actorRole'])
        .where('action', '=', 'user.created')
        .execute();
    const audited = await audits();
    expect(audited.map((a) => a.entityId)).toEqual([first.json().id]);
    expect(audited[0]!.actorRole).toBe('admin');
    const again = await ctx.app.inject({ method: 'POST', url: '/api/users', headers, payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('user.duplicate_username');
    expect(await audits()).toHaveLength(1);
    const unknownAgency = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      headers,
      payload: { ...body, username: 'khac.nguoi', agencyId: '00000000-0000-7000-8000-000000000000' },
    });
    expect(unknownAgency.statusCode).toBe(404);
    expect(unknownAgency.json().code).toBe('agency.not_found');
  });
});
