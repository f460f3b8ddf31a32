import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredSignIns } from '../../src/modules/identity/index.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Sessions (issue 17 item 5, docs/SESSIONS.md): idle and absolute limits per role, my sessions listed and
 * revoked, every sign-in and failure audited; TOTP required for administrators (MOTCUA_ADMIN_MFA=required).
 */

let ctx: TestContext;
const PASSWORD = 'correct horse battery';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MINUTE = 60_000;

beforeAll(async () => {
  ctx = await createTestContext({
    MOTCUA_SESSION_IDLE_MINUTES: '60',
    SESSION_TTL_HOURS: '12',
    MOTCUA_SESSION_ROLE_LIMITS: 'admin:15:8,leader:20:6',
    MOTCUA_ADMIN_MFA: 'required',
    MOTCUA_LOGIN_ACCOUNT_FAILURES: '5',
  });
});
afterAll(() => ctx.close());

const login = (username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers,
    remoteAddress: '10.1.2.3',
  });
const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  ctx.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const me = (token: string) => call('GET', '/api/auth/me', token);
const signInRows = (entityId: string) =>
  ctx.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorId'])
    .where('entityType', '=', 'sign_in')
    .where('entityId', '=', entityId)
    .orderBy('at')
    .orderBy('seq')
    .execute();
const userId = async (token: string) => (await me(token)).json().userId as string;

describe('idle and absolute timeouts', () => {
  it('ends a session after 60 idle minutes, counted from the last request', async () => {
    const token = await ctx.signIn(['reception'], { username: 'idle.reception' });
    ctx.deps.clock.advance(59 * MINUTE);
    expect((await me(token)).statusCode).toBe(200);
    ctx.deps.clock.advance(59 * MINUTE);
    expect((await me(token)).statusCode).toBe(200);
    ctx.deps.clock.advance(61 * MINUTE);
    const ended = await me(token);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('auth.unauthenticated');
  });

  it('ends a session at its absolute limit even when it is busy', async () => {
    const token = await ctx.signIn(['reception'], { username: 'busy.reception' });
    // a request every 55 minutes (never idle) until 11 h 55 min after sign-in…
    for (let h = 0; h < 13; h++) {
      ctx.deps.clock.advance(55 * MINUTE);
      expect((await me(token)).statusCode).toBe(200);
    }
    // …and 10 minutes later it is past 12 h: ended although it was never idle for an hour.
    ctx.deps.clock.advance(10 * MINUTE);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('gives a leader a stricter idle limit than a receptionist (per-role configuration)', async () => {
    const leader = await ctx.signIn(['leader'], { username: 'idle.leader' });
    const reception = await ctx.signIn(['reception'], { username: 'idle.reception.2' });
    ctx.deps.clock.advance(21 * MINUTE);
    expect((await me(leader)).statusCode).toBe(401);
    expect((await me(reception)).statusCode).toBe(200);
  });

  it('gives an official holding several roles the strictest limits, and an absolute end in the list', async () => {
    const token = await ctx.signIn(['reception', 'leader'], { username: 'two.roles' });
    const list = await call('GET', '/api/auth/sessions', token);
    expect(list.statusCode).toBe(200);
    const [s] = list.json().items;
    expect(new Date(s.expiresAt).getTime() - new Date(s.createdAt).getTime()).toBe(6 * 60 * MINUTE);
    ctx.deps.clock.advance(21 * MINUTE);
    expect((await me(token)).statusCode).toBe(401);
  });
});

describe('my sessions', () => {
  it('lists my sessions with what I need to recognise them, the current one marked', async () => {
    const first = await ctx.signIn(['specialist'], { username: 'many.sessions' });
    const second = (await login('many.sessions', PASSWORD, { 'user-agent': CHROME })).json().token;
    const res = await call('GET', '/api/auth/sessions', second);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; current: boolean; userAgent: string; method: string }[];
    expect(items).toHaveLength(2);
    const current = items.find((i) => i.current)!;
    expect(current).toMatchObject({
      userAgent: 'Chrome 131 trên Windows',
      clientAddress: '10.1.2.3',
      method: 'password',
    });
    expect(items.filter((i) => i.current)).toHaveLength(1);
    // The other one is `first`: revoking it ends it, and only it.
    const other = items.find((i) => !i.current)!;
    expect((await call('DELETE', `/api/auth/sessions/${other.id}`, second)).statusCode).toBe(204);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
  });

  it('cannot revoke another official’s session: 404 session.not_found, and it goes on', async () => {
    const mine = await ctx.signIn(['specialist'], { username: 'owner.a' });
    const theirs = await ctx.signIn(['specialist'], { username: 'intruder.b' });
    const [id] = (await call('GET', '/api/auth/sessions', mine))
      .json()
      .items.map((i: { id: string }) => i.id);
    const res = await call('DELETE', `/api/auth/sessions/${id}`, theirs);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('session.not_found');
    expect((await me(mine)).statusCode).toBe(200);
  });

  it('revokes all my other sessions at once and keeps this one', async () => {
    const a = await ctx.signIn(['reception'], { username: 'revoke.others' });
    const b = (await login('revoke.others')).json().token;
    const c = (await login('revoke.others')).json().token;
    const res = await call('POST', '/api/auth/sessions/revoke-others', c);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(c)).statusCode).toBe(200);
    expect((await call('GET', '/api/auth/sessions', c)).json().items).toHaveLength(1);
  });
});

describe('audit of sign-ins', () => {
  it('audits a success and each kind of failure, answering an unknown user and a wrong password alike', async () => {
    const token = await ctx.signIn(['reception'], { username: 'audited.one' });
    const id = await userId(token);
    const unknown = await login('nobody.here', 'whatever password');
    const wrong = await login('audited.one', 'wrong password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const { instance: _a, traceId: _b, ...u } = unknown.json();
    const { instance: _c, traceId: _d, ...w } = wrong.json();
    expect(u).toEqual(w);
    for (let i = 0; i < 4; i++) await login('audited.one', `wrong ${i}`);
    expect((await login('audited.one')).statusCode).toBe(429);
    expect((await signInRows(id)).map((r) => r.action)).toEqual([
      'auth.signed_in',
      ...Array(5).fill('auth.sign_in_failed.wrong_password'),
      'auth.sign_in_failed.locked',
    ]);
    expect((await signInRows(id))[0]!.actorId).toBe(id);
    expect((await signInRows('username:nobody.here')).map((r) => r.action)).toEqual([
      'auth.sign_in_failed.unknown_user',
    ]);
  });

  it('audits a disabled account’s right password as inactive, answered like a wrong one', async () => {
    const token = await ctx.signIn(['reception'], { username: 'left.office' });
    const id = await userId(token);
    await ctx.database.db.updateTable('users').set({ active: false }).where('id', '=', id).execute();
    const res = await login('left.office');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.invalid_credentials');
    expect((await signInRows(id)).map((r) => r.action)).toContain('auth.sign_in_failed.inactive');
  });
});

describe('TOTP for administrators', () => {
  let enrolOnly: string;
  let secret: string;
  let adminId: string;

  it('lets an administrator without TOTP sign in only to enrol: other routes answer 403 auth.mfa_required', async () => {
    enrolOnly = await ctx.signIn(['admin'], { username: 'admin.mfa' });
    const who = await me(enrolOnly);
    expect(who.statusCode).toBe(200);
    expect(who.json().mfaEnrolmentRequired).toBe(true);
    adminId = who.json().userId;
    const users = await call('GET', '/api/users', enrolOnly);
    expect(users.statusCode).toBe(403);
    expect(users.json()).toMatchObject({ code: 'auth.mfa_required' });
    expect((await call('GET', '/api/auth/sessions', enrolOnly)).json().code).toBe('auth.mfa_required');
    expect((await call('GET', '/api/auth/totp', enrolOnly)).json()).toEqual({
      enrolled: false,
      recoveryCodesLeft: 0,
      required: true,
    });
  });

  it('enrols with a secret shown once, refuses a wrong first code, and confirms with a right one', async () => {
    const started = await call('POST', '/api/auth/totp/enrolment', enrolOnly);
    expect(started.statusCode).toBe(200);
    secret = started.json().secret;
    expect(started.json().uri).toBe(
      `otpauth://totp/Motcua:admin.mfa?issuer=Motcua&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    const stored = await ctx.database.db
      .selectFrom('totpCredentials')
      .select('secret')
      .where('userId', '=', adminId)
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);
    const wrongCode = totpCode(secret, new Date(ctx.deps.clock.now().getTime() - 5 * MINUTE));
    const wrong = await call('POST', '/api/auth/totp/enrolment/confirm', enrolOnly, { code: wrongCode });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'auth.invalid_mfa_code', errors: [{ path: 'body.code' }] });
    const ok = await call('POST', '/api/auth/totp/enrolment/confirm', enrolOnly, {
      code: totpCode(secret, ctx.deps.clock.now()),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    expect((await call('GET', '/api/users', enrolOnly)).statusCode).toBe(200);
    expect((await call('POST', '/api/auth/totp/enrolment', enrolOnly)).json().code).toBe(
      'auth.totp_already_enrolled',
    );
  });

  it('asks for the code after the password; refuses a replayed and a wrong code; audits each', async () => {
    const first = await login('admin.mfa');
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ method: 'totp' });
    expect(first.headers['set-cookie']).toBeUndefined();
    const challenge = first.json().challenge as string;
    // The confirmation used this step's code: the same code again is a replay.
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge, code: totpCode(secret, ctx.deps.clock.now()) },
    });
    expect(replay.statusCode).toBe(422);
    expect(replay.json().code).toBe('auth.invalid_mfa_code');
    ctx.deps.clock.advance(30_000);
    const code = totpCode(secret, ctx.deps.clock.now());
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge, code },
    });
    expect(ok.statusCode).toBe(200);
    const token = ok.json().token as string;
    expect((await call('GET', '/api/users', token)).statusCode).toBe(200);
    const sessions = (await call('GET', '/api/auth/sessions', token)).json().items;
    expect(sessions.find((s: { current: boolean }) => s.current).method).toBe('password+totp');
    // The challenge is spent, and the code too.
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge, code },
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('auth.challenge_expired');
    const second = (await login('admin.mfa')).json().challenge;
    const replayed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge: second, code },
    });
    expect(replayed.json().code).toBe('auth.invalid_mfa_code');
    const actions = (await signInRows(adminId)).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.sign_in_failed.mfa_failed')).toHaveLength(2);
    expect(actions.at(-2)).toBe('auth.signed_in');
    // A spent (or unknown) challenge names nobody: audited as such.
    expect((await signInRows('unknown_challenge')).map((r) => r.action)).toContain(
      'auth.sign_in_failed.challenge_expired',
    );
  });

  it('throttles wrong codes like passwords: after 5 the account answers 429 even to a right code', async () => {
    ctx.deps.clock.advance(60_000);
    const challenge = (await login('admin.mfa')).json().challenge;
    // one wrong already counted in the previous test (the replay within the second challenge)
    for (let i = 0; i < 4; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login/totp',
        payload: { challenge, code: '000000' },
      });
      expect(res.statusCode).toBe(422);
    }
    const fresh = (await login('admin.mfa')).json().challenge;
    const locked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge: fresh, code: totpCode(secret, ctx.deps.clock.now()) },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signInRows(adminId)).at(-1)!.action).toBe('auth.sign_in_failed.mfa_locked');
  });
});

describe('housekeeping', () => {
  it('deletes sessions and challenges past their absolute end, and only those', async () => {
    ctx.deps.clock.advance(-13 * 60 * MINUTE);
    const old = await ctx.signIn(['reception'], { username: 'housekeeping.old' });
    ctx.deps.clock.advance(13 * 60 * MINUTE);
    const keep = await ctx.signIn(['reception'], { username: 'housekeeping.keep' });
    const now = ctx.deps.clock.now();
    const expired = async () =>
      (await ctx.database.db.selectFrom('sessions').select('id').where('expiresAt', '<=', now).execute())
        .length +
      (
        await ctx.database.db
          .selectFrom('loginChallenges')
          .select('id')
          .where('expiresAt', '<=', now)
          .execute()
      ).length;
    const total = async () => (await ctx.database.db.selectFrom('sessions').select('id').execute()).length;
    const due = await expired();
    const sessionsBefore = await total();
    expect(due).toBeGreaterThan(0);
    expect(await deleteExpiredSignIns(ctx.database.db, now)).toBe(due);
    expect(await expired()).toBe(0);
    expect(await total()).toBeLessThan(sessionsBefore);
    expect((await me(keep)).statusCode).toBe(200);
    expect((await me(old)).statusCode).toBe(401);
  });
});
