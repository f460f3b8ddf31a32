import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, seriousViolations, WAIT } from './browser.ts';

/**
 * In Debian's Chromium (docs/SESSIONS.md, An administrator's reset): an official who lost their phone asks
 * the demo administrator, who resets their second factor on the users page; the official then signs in with
 * the password alone.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;

async function openSignIn(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const p = await context.newPage();
  await p.goto(`${base}/can-bo`);
  await p.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  return p;
}

async function signIn(p: Page, username: string): Promise<void> {
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('an administrator resets a lost second factor', { timeout: E2E_TIMEOUT }, () => {
  it('removes it from the users page; the official then signs in with the password alone', async () => {
    // The official enrolled a TOTP (and then lost the phone).
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'chuyenvien.ninhkieu', password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${login.json().token}` };
    const { secret } = (
      await ctx.app.inject({ method: 'POST', url: '/api/auth/totp/enrolment', headers: auth })
    ).json();
    const confirmed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment/confirm',
      headers: auth,
      payload: { code: totpCode(secret, ctx.deps.clock.now()) },
    });
    expect(confirmed.statusCode).toBe(200);
    const official = await ctx.database.db
      .selectFrom('users')
      .select(['id', 'agencyId'])
      .where('username', '=', 'chuyenvien.ninhkieu')
      .executeTakeFirstOrThrow();

    const admin = await openSignIn();
    await signIn(admin, 'quantri');
    await admin.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor({ timeout: WAIT });
    await admin.goto(`${base}/can-bo/quan-tri/nguoi-dung?co-quan=${official.agencyId}`);
    await admin.getByRole('button', { name: 'Đặt lại xác thực hai lớp chuyenvien.ninhkieu' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('Xóa xác thực hai lớp và các mã khôi phục của chuyenvien.ninhkieu').waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await dialog.getByRole('button', { name: 'Đặt lại xác thực hai lớp' }).click();
    await admin
      .getByText('Đã đặt lại xác thực hai lớp của chuyenvien.ninhkieu', { exact: false })
      .waitFor({ timeout: WAIT });
    const left = await ctx.database.db
      .selectFrom('totpCredentials')
      .select('userId')
      .where('userId', '=', official.id)
      .execute();
    expect(left).toEqual([]);
    await admin.context().close();

    // No code asked any more: straight to the worklist.
    const p = await openSignIn();
    await signIn(p, 'chuyenvien.ninhkieu');
    await p.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor({ timeout: WAIT });
    expect(await p.getByRole('heading', { name: 'Nhập mã xác thực' }).count()).toBe(0);
    await p.context().close();
  });
});
