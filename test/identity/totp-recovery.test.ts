import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { contentDigest } from '../../src/platform/canonical-json.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * TOTP recovery codes and an administrator's reset of another official's second factor (docs/SESSIONS.md):
 * ten one-time codes shown once at the confirmation, stored as HMACs, each accepted once instead of a code;
 * the reset removes the second factor, ends the official's sessions and is audited.
 */

let ctx: TestContext;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_ADMIN_MFA: 'required', MOTCUA_LOGIN_ACCOUNT_FAILURES: '20' });
});
afterAll(() => ctx.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  ctx.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const login = (username: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
const second = (challenge: string, code: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login/totp', payload: { challenge, code } });
const userId = async (token: string) => (await call('GET', '/api/auth/me', token)).json().userId as string;

/** Enrols the session's official: the secret and the recovery codes the confirmation answered. */
async function enrol(token: string) {
  const secret = (await call('POST', '/api/auth/totp/enrolment', token)).json().secret as string;
  const confirmed = await call('POST', '/api/auth/totp/enrolment/confirm', token, {
    code: totpCode(secret, ctx.deps.clock.now()),
  });
  expect(confirmed.statusCode).toBe(200);
  // The next code must come from a later step than the one the confirmation used.
  ctx.deps.clock.advance(30_000);
  return { secret, codes: confirmed.json().recoveryCodes as string[] };
}

describe('recovery codes', () => {
  let token: string;
  let id: string;
  let codes: string[];

  beforeAll(async () => {
    token = await ctx.signIn(['specialist'], { username: 'recovery.specialist' });
    id = await userId(token);
    ({ codes } = await enrol(token));
  });

  it('are ten distinct one-time codes shown at the confirmation, kept only as HMACs', async () => {
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await ctx.database.db
      .selectFrom('totpRecoveryCodes')
      .select(['codeHash', 'usedAt'])
      .where('userId', '=', id)
      .execute();
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(codes.some((c) => row.codeHash.includes(c.replace('-', '')))).toBe(false);
      expect(row.usedAt).toBeNull();
    }
    expect((await call('GET', '/api/auth/totp', token)).json()).toMatchObject({
      enrolled: true,
      recoveryCodesLeft: 10,
    });
  });

  it('signs in with one instead of a code (any case, without the dash), once; audited', async () => {
    const first = await login('recovery.specialist');
    expect(first.statusCode).toBe(202);
    const ok = await second(first.json().challenge, codes[3]!.toUpperCase().replace('-', ''));
    expect(ok.statusCode).toBe(200);
    const session = ok.json().token as string;
    const mine = (await call('GET', '/api/auth/sessions', session)).json().items;
    expect(mine.find((s: { current: boolean }) => s.current).method).toBe('password+recovery_code');
    expect((await call('GET', '/api/auth/totp', session)).json().recoveryCodesLeft).toBe(9);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['action', 'changeDigest'])
      .where('entityId', '=', id)
      .where('action', 'in', ['auth.recovery_code_used', 'auth.signed_in'])
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['auth.recovery_code_used', 'auth.signed_in']);
    // The audit keeps the digest of the change: 9 codes left.
    expect(audit.find((a) => a.action === 'auth.recovery_code_used')?.changeDigest).toBe(
      contentDigest({ left: 9 }),
    );

    // The same code again: refused like a wrong code, naming the field.
    const again = await second((await login('recovery.specialist')).json().challenge, codes[3]!);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'auth.invalid_mfa_code', errors: [{ path: 'body.code' }] });
  });

  it('renews them against a current TOTP code: the old ones stop working, audited', async () => {
    const mine = await ctx.signIn(['specialist'], { username: 'recovery.renew' });
    const { secret, codes: old } = await enrol(mine);
    const byRecovery = await call('POST', '/api/auth/totp/recovery-codes', mine, { code: old[0]! });
    expect([byRecovery.statusCode, byRecovery.json().code]).toEqual([422, 'auth.invalid_mfa_code']);
    const renewed = await call('POST', '/api/auth/totp/recovery-codes', mine, {
      code: totpCode(secret, ctx.deps.clock.now()),
    });
    expect(renewed.statusCode).toBe(200);
    const fresh = renewed.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    const challenge = (await login('recovery.renew')).json().challenge;
    expect((await second(challenge, old[1]!)).json().code).toBe('auth.invalid_mfa_code');
    expect((await second(challenge, fresh[1]!)).statusCode).toBe(200);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'auth.recovery_codes_renewed')
      .where('entityId', '=', await userId(mine))
      .execute();
    expect(audit).toHaveLength(1);
    // Without a second factor there is nothing to renew.
    const none = await ctx.signIn(['specialist'], { username: 'recovery.none' });
    const refused = await call('POST', '/api/auth/totp/recovery-codes', none, { code: '123456' });
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'auth.totp_not_enrolled']);
  });

  it("refuses another official's code and a made-up one", async () => {
    const other = await ctx.signIn(['specialist'], { username: 'recovery.other' });
    const { codes: theirs } = await enrol(other);
    const challenge = (await login('recovery.specialist')).json().challenge;
    expect((await second(challenge, theirs[0]!)).json().code).toBe('auth.invalid_mfa_code');
    expect((await second(challenge, 'abcde-fghjk')).json().code).toBe('auth.invalid_mfa_code');
    // Both counted against the challenge; a right code still opens it.
    expect((await second(challenge, codes[0]!)).statusCode).toBe(200);
  });
});

describe("an administrator resets another official's second factor", () => {
  let admin: string;
  let official: string;
  let officialId: string;

  beforeAll(async () => {
    // Under MOTCUA_ADMIN_MFA=required the administrator enrols first; that session then works.
    admin = await ctx.signIn(['admin'], { username: 'reset.admin' });
    await enrol(admin);
    official = await ctx.signIn(['reception'], { username: 'reset.reception' });
    officialId = await userId(official);
    await enrol(official);
  });

  it('removes the TOTP and the recovery codes, ends their sessions, audits it; they sign in with the password', async () => {
    const res = await call('DELETE', `/api/users/${officialId}/totp`, admin);
    expect(res.statusCode).toBe(204);
    expect((await call('GET', '/api/auth/me', official)).statusCode).toBe(401);
    const left = await ctx.database.db
      .selectFrom('totpRecoveryCodes')
      .select('codeHash')
      .where('userId', '=', officialId)
      .execute();
    expect(left).toEqual([]);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'changeDigest'])
      .where('action', '=', 'auth.totp_reset')
      .where('entityId', '=', officialId)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actorId: await userId(admin),
      changeDigest: contentDigest({ method: 'totp', endedSessions: 1 }),
    });
    const again = await login('reset.reception');
    expect(again.statusCode).toBe(200);
    expect((await call('GET', '/api/auth/totp', again.json().token)).json()).toMatchObject({
      enrolled: false,
      recoveryCodesLeft: 0,
    });
    // Nothing left to reset.
    const twice = await call('DELETE', `/api/users/${officialId}/totp`, admin);
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'auth.totp_not_enrolled']);
  });

  it('refuses their own, an official they do not manage, and a non-administrator', async () => {
    const own = await call('DELETE', `/api/users/${await userId(admin)}/totp`, admin);
    expect([own.statusCode, own.json().code]).toEqual([409, 'auth.totp_self_reset']);
    expect(own.json().title_vi).toContain('mã khôi phục');
    const outsider = await ctx.signIn(['reception'], { agencyKey: '92-ubnd', username: 'reset.outsider' });
    await enrol(outsider);
    const notMine = await call('DELETE', `/api/users/${await userId(outsider)}/totp`, admin);
    expect([notMine.statusCode, notMine.json().code]).toEqual([404, 'user.not_found']);
    const reception = await ctx.signIn(['reception'], { username: 'reset.peer' });
    const forbidden = await call('DELETE', `/api/users/${await userId(outsider)}/totp`, reception);
    expect(forbidden.statusCode).toBe(403);
    // The outsider keeps their second factor.
    expect((await login('reset.outsider')).statusCode).toBe(202);
  });
});
