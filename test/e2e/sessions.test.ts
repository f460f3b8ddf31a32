import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { button, E2E_TIMEOUT, launchChromium, screenshot, seriousViolations, WAIT } from './browser.ts';

/**
 * Sessions and TOTP in Debian's Chromium (issue 17; docs/SESSIONS.md), administrators required to use TOTP:
 * an administrator without it is sent to enrol (QR code and secret), confirms with a code, signs in again in
 * two steps, sees their sessions on "Phiên đăng nhập" and revokes another one; after 15 idle minutes the
 * next click brings the login page back saying the session ended.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
let apiToken: string;
let secret = '';
let recoveryCodes: string[] = [];
const USERNAME = 'e2e.admin.totp';
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({
    MOTCUA_ADMIN_MFA: 'required',
    MOTCUA_SESSION_IDLE_MINUTES: '60',
    MOTCUA_SESSION_ROLE_LIMITS: 'admin:15:8',
  });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  apiToken = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: USERNAME });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

async function password(p: Page) {
  await p.goto(`${base}/can-bo/dang-nhap`);
  await p.getByLabel('Tên đăng nhập').fill(USERNAME);
  await p.getByLabel('Mật khẩu').fill(PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('TOTP and sessions in the browser', { timeout: E2E_TIMEOUT }, () => {
  it('sends an administrator without TOTP to enrol, and lets them in after a first code', async () => {
    await password(page);
    await page.getByRole('heading', { name: 'Xác thực hai lớp (TOTP)' }).waitFor({ timeout: WAIT });
    await page.getByText('Tài khoản quản trị phải đăng ký xác thực hai lớp').waitFor();
    await page.getByRole('button', { name: 'Bắt đầu đăng ký' }).click();
    await page
      .getByRole('img', { name: 'Mã QR để thêm Motcua vào ứng dụng xác thực' })
      .waitFor({ timeout: WAIT });
    secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'totp-enrolment');
    await page.getByLabel('Mã xác thực').fill(totpCode(secret, ctx.deps.clock.now()));
    await page.getByRole('button', { name: 'Xác nhận đăng ký' }).click();
    // The recovery codes, shown this once, before going on.
    await page.getByRole('heading', { name: 'Mã khôi phục' }).waitFor({ timeout: WAIT });
    recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) =>
      c.trim(),
    );
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: 'Tôi đã lưu các mã, tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor({ timeout: WAIT });
  });

  it('signs in again in two steps: password, then the code', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor({ timeout: WAIT });
    await password(page);
    await page.getByRole('heading', { name: 'Nhập mã xác thực' }).waitFor({ timeout: WAIT });
    // The enrolment used this step's code: the same one again is refused.
    await page.getByLabel('Mã xác thực').fill(totpCode(secret, ctx.deps.clock.now()));
    await button(page, 'Xác nhận').click();
    await page
      .getByRole('alert')
      .getByText('Mã xác thực không đúng hoặc đã được dùng')
      .waitFor({ timeout: WAIT });
    ctx.deps.clock.advance(30_000);
    await page.getByLabel('Mã xác thực').fill(totpCode(secret, ctx.deps.clock.now()));
    await button(page, 'Xác nhận').click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor({ timeout: WAIT });
  });

  it('lists my sessions with the current one marked, and revokes another', async () => {
    await page.getByRole('link', { name: 'Phiên đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Phiên đăng nhập của tôi' }).waitFor({ timeout: WAIT });
    await page.getByText('Phiên hiện tại').waitFor({ timeout: WAIT });
    const rows = page.locator('tbody tr.ant-table-row');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr.ant-table-row').length === 2, null, {
      timeout: WAIT,
    });
    expect(await page.getByText('Mật khẩu + mã xác thực').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sessions');
    await page.getByRole('button', { name: /^Thu hồi phiên đăng nhập lúc/ }).click();
    await page.getByText('Đã thu hồi phiên.').waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.querySelectorAll('tbody tr.ant-table-row').length === 1, null, {
      timeout: WAIT,
    });
    expect(await rows.count()).toBe(1);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(me.statusCode).toBe(401);
  });

  it('brings the login page back with a message after 15 idle minutes', async () => {
    await page.getByRole('link', { name: 'Hồ sơ cần xử lý' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor({ timeout: WAIT });
    ctx.deps.clock.advance(16 * 60_000);
    // The sessions page always asks the server: the ended session answers 401.
    await page.getByRole('link', { name: 'Phiên đăng nhập' }).click();
    await page.getByText('Phiên đăng nhập đã kết thúc').waitFor({ timeout: WAIT });
    expect(page.url()).toContain('/can-bo/dang-nhap');
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  });

  it('signs in with a recovery code instead of the code (a lost phone), and that code only once', async () => {
    await page.getByLabel('Tên đăng nhập').fill(USERNAME);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Nhập mã xác thực' }).waitFor({ timeout: WAIT });
    await page.getByText('nhập một mã khôi phục').waitFor();
    await page.getByLabel('Mã xác thực').fill(recoveryCodes[0]!.toUpperCase());
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    // Back to the page the ended session was on: my sessions, this one signed in with a recovery code.
    await page.getByRole('heading', { name: 'Phiên đăng nhập của tôi' }).waitFor({ timeout: WAIT });
    await page.getByText('Mật khẩu + mã khôi phục').waitFor({ timeout: WAIT });
    await page.getByRole('link', { name: 'Xác thực hai lớp' }).click();
    await page.getByText('Còn 9 mã khôi phục chưa dùng.').waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await password(page);
    await page.getByRole('heading', { name: 'Nhập mã xác thực' }).waitFor({ timeout: WAIT });
    await page.getByLabel('Mã xác thực').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText('Mã xác thực không đúng hoặc đã được dùng')
      .waitFor({ timeout: WAIT });
  });
});
