import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  button,
  E2E_TIMEOUT,
  launchChromium,
  RETRY_AFTER,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The officials page in Debian's Chromium, as the demo administrator `quantri`: an HR export with a wrong
 * row is refused row by row and imports nothing; the fixed file is previewed, then imported; the new
 * officials are found by their name without marks, and one is deactivated from the selection.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
const HEADER = 'STT,Họ và tên,Tên đăng nhập,Email,Số điện thoại,Mã đơn vị,Tên đơn vị,Chức vụ,Vai trò';

function csvFile(name: string, lines: string[]): string {
  const path = join(tmpdir(), `${process.pid}-${name}`);
  writeFileSync(path, `${[HEADER, ...lines].join('\r\n')}\r\n`);
  return path;
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByLabel('Tên đăng nhập').fill('quantri');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('officials at city scale', { timeout: E2E_TIMEOUT }, () => {
  it('refuses a file with a wrong row, previews and imports the fixed one, finds and deactivates an official', async () => {
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select(['code'])
      .where('key', '=', '31120-ubnd')
      .executeTakeFirstOrThrow();
    await page.goto(`${base}/can-bo/quan-tri/can-bo`);
    await page.getByRole('heading', { name: 'Cán bộ toàn thành phố' }).waitFor();

    const bad = csvFile('bad.csv', [
      `1,Nguyễn Văn Tường,e2e.tuong,,,${agency.code},,Chuyên viên,`,
      `2,Lê Thị Vân,e2e.van,,,H13.KHONG.CO,,Chuyên viên,`,
    ]);
    await page.locator('input[type="file"]').setInputFiles(bad);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const alert = page.getByRole('alert');
    await alert
      .getByText('Dòng 3, cột “Mã đơn vị”: không có đơn vị nào mã “H13.KHONG.CO”')
      .waitFor({ timeout: RETRY_AFTER });
    expect(await alert.textContent()).toContain('Danh sách cán bộ có dòng không hợp lệ; chưa nhập gì');

    const good = csvFile('good.csv', [
      `1,Nguyễn Văn Tường,e2e.tuong,,,${agency.code},,Chuyên viên,`,
      `2,Lê Thị Vân,e2e.van,,,${agency.code},,Phó Chủ tịch,Lãnh đạo`,
    ]);
    await page.locator('input[type="file"]').setInputFiles(good);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page
      .getByRole('status')
      .getByText('Xem trước: 2 cán bộ; tạo mới 2')
      .waitFor({ timeout: RETRY_AFTER });
    // By its text: the preview's spinner may still be leaving (see `button`).
    await button(page, 'Nhập').click();
    await page.getByRole('status').getByText('Đã nhập 2 cán bộ: tạo mới 2').waitFor({ timeout: RETRY_AFTER });
    await screenshot(page, 'admin-officials-import');
    expect(await seriousViolations(page)).toEqual([]);

    const search = page.getByRole('searchbox', { name: 'Họ tên (có dấu hoặc không) hoặc tên đăng nhập' });
    await search.fill('le thi van');
    await search.press('Enter');
    const row = page.getByRole('row', { name: /Lê Thị Vân/ });
    await row.waitFor({ timeout: RETRY_AFTER });
    expect(await page.getByRole('row', { name: /Nguyễn Văn Tường/ }).count()).toBe(0);
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await row.getByText('Đã khóa').waitFor({ timeout: RETRY_AFTER });
    const stored = await ctx.database.db
      .selectFrom('users')
      .select('active')
      .where('username', '=', 'e2e.van')
      .executeTakeFirstOrThrow();
    expect(stored.active).toBe(false);
  });
});
