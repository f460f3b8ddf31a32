import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { deleteStaleFailures } from '../../src/modules/identity/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { testDeps } from '../support/deps.ts';

/**
 * Wrong passwords are throttled per account (lockout with doubling backoff) and per client address (a high
 * limit, counting failures only, so an office behind one NAT address signs in freely). The counts are in the
 * database: a lock holds on another process and after a restart.
 */

let ctx: TestContext;
const PASSWORD = 'correct horse battery';
// Every sign-in hashes with argon2id (slow by design): tests with many of them get a longer limit.

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_LOGIN_ACCOUNT_FAILURES: '5', MOTCUA_LOGIN_ADDRESS_FAILURES: '12' });
  for (const name of ['khoa.thu', 'khong.lien.quan', 'van.phong.a', 'van.phong.b'])
    await ctx.signIn(['reception'], { username: name });
});
afterAll(() => ctx.close());

const login = (username: string, password: string, remoteAddress = '10.0.0.1', app = ctx.app) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

describe('per-account lockout', () => {
  it('locks an account after 5 wrong passwords, even for the right one, with Retry-After; others from the same address still sign in', async () => {
    for (let i = 0; i < 5; i++) expect((await login('khoa.thu', `sai-mat-khau-${i}`)).statusCode).toBe(401);
    const locked = await login('khoa.thu', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json()).toMatchObject({
      code: 'auth.too_many_attempts',
      params: { retryAfterSeconds: 60 },
    });
    expect(locked.headers['retry-after']).toBe('60');
    expect((await login('khong.lien.quan', PASSWORD)).statusCode).toBe(200);
    // Another process on the same database (or this one after a restart) sees the same lock.
    const other = await buildApp(testDeps(ctx.database));
    try {
      expect((await login('khoa.thu', PASSWORD, '10.9.9.9', other)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('doubles the lock with each further wrong password, and a right one after the lock clears the count', async () => {
    ctx.deps.clock.advance(61_000);
    expect((await login('khoa.thu', 'van-sai-mat-khau')).statusCode).toBe(401);
    const twice = await login('khoa.thu', PASSWORD);
    expect(twice.statusCode).toBe(429);
    expect(twice.json().params.retryAfterSeconds).toBe(120);
    ctx.deps.clock.advance(121_000);
    expect((await login('khoa.thu', PASSWORD)).statusCode).toBe(200);
    expect((await login('khoa.thu', 'sai-lan-nua')).statusCode).toBe(401);
    expect((await login('khoa.thu', PASSWORD)).statusCode).toBe(200);
  });

  it('locks an unknown username the same way, so a lock does not reveal whether an account exists', async () => {
    for (let i = 0; i < 5; i++) await login('khong.ton.tai', `sai-mat-khau-${i}`, '10.0.0.3');
    const res = await login('khong.ton.tai', PASSWORD, '10.0.0.3');
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('auth.too_many_attempts');
  });
});

describe('per-address limit', () => {
  it('lets a whole office sign in from one address (21 right passwords in a minute, over the old limit of 20)', async () => {
    for (let i = 0; i < 21; i++) {
      const res = await login(i % 2 ? 'van.phong.a' : 'van.phong.b', PASSWORD, '10.0.0.50');
      expect(res.statusCode, `sign-in ${i + 1}`).toBe(200);
    }
  }, 240_000);

  it('refuses an address after its limit of wrong passwords across accounts, until the 15 minutes end; other addresses are not affected', async () => {
    for (let i = 0; i < 12; i++) await login(`doan.mo.${i}`, 'doan-bua-mat-khau', '10.0.0.66');
    const refused = await login('van.phong.a', PASSWORD, '10.0.0.66');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('auth.too_many_attempts');
    expect((await login('van.phong.a', PASSWORD, '10.0.0.67')).statusCode).toBe(200);
    ctx.deps.clock.advance(15 * 60_000 + 1000);
    expect((await login('van.phong.a', PASSWORD, '10.0.0.66')).statusCode).toBe(200);
  }, 240_000);
});

describe('housekeeping', () => {
  it('drops counts whose last failure is over a day old, but keeps a lock still running', async () => {
    await login('cu.mot.ngay', 'sai-mat-khau', '10.0.0.90');
    const keys = async () =>
      (await ctx.database.db.selectFrom('loginThrottle').select('key').execute()).map((r) => r.key);
    expect(await keys()).toEqual(expect.arrayContaining(['account:cu.mot.ngay', 'address:10.0.0.90']));
    await ctx.database.db
      .updateTable('loginThrottle')
      .set({ lockedUntil: new Date(ctx.deps.clock.now().getTime() + 48 * 3_600_000) })
      .where('key', '=', 'address:10.0.0.90')
      .execute();
    ctx.deps.clock.advance(25 * 3_600_000);
    expect(await deleteStaleFailures(ctx.database.db, ctx.deps.clock.now())).toBeGreaterThan(0);
    const left = await keys();
    expect(left).not.toContain('account:cu.mot.ngay');
    expect(left).toContain('address:10.0.0.90');
  });
});
