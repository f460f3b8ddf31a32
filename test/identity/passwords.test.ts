import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPasswordStrength } from '../../src/modules/identity/password-policy.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Passwords: a minimum strength (zxcvbn against common passwords and the official's own names), a change
 * by the official (current password required), and an administrator's reset that forces a change at the
 * next sign-in.
 */

let ctx: TestContext;
let admin: string;
let agencyId: string;
const PASSWORD = 'correct horse battery';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const login = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const change = (t: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(t), payload });

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'quantri.matkhau' });
  agencyId = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

describe('password strength', () => {
  it('refuses common, repeated and name-based passwords at account creation with 422 naming body.password', async () => {
    for (const password of ['1234567890', 'aaaaaaaaaa', 'password123!', 'qwertyuiop', 'tiepnhan.yeu2026']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...bearer(admin), 'accept-language': 'en' },
        payload: {
          username: 'tiepnhan.yeu',
          displayName: 'Cán bộ',
          password,
          agencyId,
          roles: ['reception'],
        },
      });
      expect(res.statusCode, password).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'user.weak_password', title: 'The password is too weak' });
      expect(res.json().title_vi).toBe('Mật khẩu quá yếu');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.password']);
    }
    const none = await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'tiepnhan.yeu')
      .execute();
    expect(none).toEqual([]);
  });

  it("the README's demo password passes the policy for every demo account", () => {
    for (const a of DEMO_ACCOUNTS)
      expect(() =>
        checkPasswordStrength(DEMO_PASSWORD, [a.username, a.displayName], 'body.password'),
      ).not.toThrow();
    expect(() => checkPasswordStrength('1234567890', [], 'body.password')).toThrow(
      'The password is too weak',
    );
  });

  it('accepts a long passphrase', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(admin),
      payload: {
        username: 'tiepnhan.manh',
        displayName: 'Cán bộ',
        password: 'ba con voi di qua cau',
        agencyId,
        roles: ['reception'],
      },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('POST /api/auth/password', () => {
  it('needs the current password and a strong new one; then the old password stops working and other sessions end', async () => {
    const first = await ctx.signIn(['specialist'], { username: 'doi.mat.khau' });
    const second = (await login('doi.mat.khau', PASSWORD)).json().token as string;
    const wrong = await change(first, {
      currentPassword: 'khong phai mat khau',
      newPassword: 'mot buoi chieu mua thu',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('auth.wrong_current_password');
    expect(wrong.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.currentPassword']);
    const weak = await change(first, { currentPassword: PASSWORD, newPassword: '1234567890' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('user.weak_password');
    expect(weak.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.newPassword']);
    expect((await login('doi.mat.khau', PASSWORD)).statusCode).toBe(200);
    const ok = await change(first, { currentPassword: PASSWORD, newPassword: 'mot buoi chieu mua thu' });
    expect(ok.statusCode).toBe(204);
    expect((await login('doi.mat.khau', PASSWORD)).statusCode).toBe(401);
    expect((await login('doi.mat.khau', 'mot buoi chieu mua thu')).statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first) })).statusCode,
    ).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second) })).statusCode,
    ).toBe(401);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'user.password_changed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('is for signed-in officials only', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: PASSWORD, newPassword: 'mot buoi chieu mua thu' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /api/users/:id/password-reset', () => {
  it('gives a temporary password once, ends the sessions, and forces a change before anything else at the next sign-in', async () => {
    const old = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'quen.mat.khau' });
    const userId = (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(old) })).json()
      .userId;
    const reset = await ctx.app.inject({
      method: 'POST',
      url: `/api/users/${userId}/password-reset`,
      headers: bearer(admin),
    });
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(old) })).statusCode,
    ).toBe(401);
    expect((await login('quen.mat.khau', PASSWORD)).statusCode).toBe(401);
    const signedIn = await login('quen.mat.khau', temporary);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().actor.mustChangePassword).toBe(true);
    const t = signedIn.json().token as string;
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(t) });
    expect(me.json().mustChangePassword).toBe(true);
    const work = () =>
      ctx.app.inject({ method: 'GET', url: `/api/agencies/${agencyId}/officials`, headers: bearer(t) });
    const blocked = await work();
    expect(blocked.statusCode).toBe(403);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json().code).toBe('auth.password_change_required');
    expect(
      (await change(t, { currentPassword: temporary, newPassword: 'mot buoi chieu mua thu' })).statusCode,
    ).toBe(204);
    expect((await work()).statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(t) })).json()
        .mustChangePassword,
    ).toBe(false);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', userId)
      .where('action', '=', 'user.password_reset')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(temporary);
  });

  it('is for administrators only', async () => {
    const other = await ctx.signIn(['leader'], { username: 'lanh.dao.khong.reset' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/users/00000000-0000-7000-8000-000000000000/password-reset`,
      headers: bearer(other),
    });
    expect(res.statusCode).toBe(403);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: `/api/users/00000000-0000-7000-8000-000000000000/password-reset`,
      headers: bearer(admin),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
