import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  animationsDone,
  closeWith,
  E2E_TIMEOUT,
  launchChromium,
  pick,
  RETRY_AFTER,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The administrators' pages in Debian's Chromium, as the demo administrator `quantri`: the holiday table of
 * a year (add, a refused duplicate, edit, delete), users and roles (create with roles, a refused duplicate
 * username, edit the roles), an agency's office hours (refused when they end before they start, then
 * saved) and its contact phone (refused when not a Vietnamese number, then saved). Each page is screenshotted and scanned by axe-core.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;

async function signIn(username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const p = await context.newPage();
  await p.goto(`${base}/can-bo`);
  await p.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu').fill(password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return p;
}

/** Presses the dialog's save button and waits for it to close, or returns the error it shows. */
async function saveDialog(p: Page): Promise<string | null> {
  const dialog = p.getByRole('dialog');
  const save = dialog.getByRole('button', { name: 'Lưu' });
  await save.click();
  const problem = dialog.locator('[role="alert"]');
  const settled = () =>
    Promise.race([
      dialog.waitFor({ state: 'hidden', timeout: RETRY_AFTER }),
      problem.first().waitFor({ timeout: RETRY_AFTER }),
    ]);
  // The modal's opening animation can swallow the first click under load: click once more.
  await settled().catch(async () => {
    await save.click();
    await settled();
  });
  return (await dialog.isVisible()) ? ((await problem.first().textContent()) ?? '').trim() : null;
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await signIn('quantri', DEMO_PASSWORD);
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('administration', { timeout: E2E_TIMEOUT }, () => {
  it('offers “Quản trị” to the demo administrator only', async () => {
    const reception = await signIn('tiepnhan.ninhkieu', DEMO_PASSWORD);
    expect(await reception.getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
    await reception.context().close();
    await page.getByRole('link', { name: 'Quản trị' }).click();
    await page.getByRole('heading', { name: 'Lịch nghỉ lễ, Tết và ngày làm bù' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/can-bo/quan-tri/ngay-nghi');
  });

  it('adds a day off to the 2027 calendar, refuses a day already there, edits and deletes it', async () => {
    await pick(page, 'Năm', '2027', { exact: true });
    await page.getByRole('cell', { name: '01/01/2027', exact: true }).waitFor();
    await screenshot(page, 'admin-holidays');
    expect(await seriousViolations(page)).toEqual([]);

    const add = async (day: string, occasion: string) => {
      await page.getByRole('button', { name: 'Thêm ngày' }).click();
      const dialog = page.getByRole('dialog');
      await page.getByRole('dialog', { name: 'Thêm ngày vào lịch' }).waitFor();
      await dialog.getByLabel('Ngày', { exact: true }).click();
      await dialog.getByLabel('Ngày', { exact: true }).fill(day);
      await dialog.getByLabel('Ngày', { exact: true }).press('Enter');
      await dialog.getByLabel('Dịp').fill(occasion);
      await dialog.getByLabel('Căn cứ (văn bản, thông báo)').fill('Bộ luật Lao động 2019 Điều 112 (sửa đổi)');
      return saveDialog(page);
    };
    expect(await add('01/01/2027', 'Tết Dương lịch')).toContain('Ngày này đã có trong lịch nghỉ');
    await screenshot(page, 'admin-holiday-duplicate');
    expect(await seriousViolations(page)).toEqual([]);
    await closeWith(page.getByRole('dialog'), 'Hủy');

    expect(await add('24/11/2027', 'Ngày Văn hóa Việt Nam')).toBeNull();
    const row = page.getByRole('row').filter({ hasText: '24/11/2027' });
    await row.getByText('Ngày Văn hóa Việt Nam').waitFor();
    await row.getByText('Quản trị viên').waitFor();

    await page.getByRole('button', { name: 'Sửa 24/11/2027' }).click();
    const dialog = page.getByRole('dialog');
    await page.getByRole('dialog', { name: 'Sửa ngày 24/11/2027' }).waitFor();
    await dialog.getByLabel('Dịp').fill('Ngày Văn hóa Việt Nam (nghỉ có hưởng lương)');
    await dialog.getByText('Ngày làm việc (làm bù)').click();
    expect(await saveDialog(page)).toBeNull();
    await row.getByText('Ngày Văn hóa Việt Nam (nghỉ có hưởng lương)').waitFor();
    await row.getByText('Ngày làm việc (làm bù)').waitFor();
    const stored = await ctx.database.db
      .selectFrom('holidays')
      .select(['kind', 'occasion', 'origin'])
      .where('day', '=', '2027-11-24')
      .executeTakeFirst();
    expect(stored).toEqual({
      kind: 'working_day',
      occasion: 'Ngày Văn hóa Việt Nam (nghỉ có hưởng lương)',
      origin: 'admin',
    });

    await page.getByRole('button', { name: 'Xóa 24/11/2027' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'khỏi lịch?' });
    await confirm.getByRole('button', { name: 'Xóa' }).click();
    // Under a loaded machine the confirm's opening animation can swallow the first click (the CI failure of
    // 42e7b74): if the dialog is still open, click once more; the row is deleted once either way.
    await confirm.waitFor({ state: 'hidden', timeout: RETRY_AFTER }).catch(async () => {
      await screenshot(page, 'admin-holiday-delete-slow');
      await confirm.getByRole('button', { name: 'Xóa' }).click();
      await confirm.waitFor({ state: 'hidden' });
    });
    await row.waitFor({ state: 'detached' });
    expect(
      await ctx.database.db.selectFrom('holidays').select('id').where('day', '=', '2027-11-24').execute(),
    ).toEqual([]);
  });

  it('creates an official with two roles, refuses a taken username, and changes the roles', async () => {
    await page
      .getByRole('navigation', { name: 'Quản trị hệ thống' })
      .getByRole('link', { name: 'Người dùng' })
      .click();
    await page.getByRole('heading', { name: 'Người dùng và vai trò' }).waitFor();
    await page.getByRole('cell', { name: 'quantri', exact: true }).waitFor();
    await screenshot(page, 'admin-users');
    expect(await seriousViolations(page)).toEqual([]);

    const create = async (username: string) => {
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const dialog = page.getByRole('dialog');
      await page.getByRole('dialog', { name: 'Thêm người dùng' }).waitFor();
      await animationsDone(page);
      await dialog.getByLabel('Tên đăng nhập').fill(username);
      await dialog.getByLabel('Mật khẩu ban đầu').fill('mot-mat-khau-dai');
      await dialog.getByLabel('Họ và tên').fill('Đặng Thị Hồng');
      await dialog.getByRole('checkbox', { name: 'Chuyên viên' }).check();
      await dialog.getByRole('checkbox', { name: 'Lãnh đạo' }).check();
      return saveDialog(page);
    };
    expect(await create('tiepnhan.ninhkieu')).toContain('Tên đăng nhập đã tồn tại');
    await closeWith(page.getByRole('dialog'), 'Hủy');
    expect(await create('canbo.moi')).toBeNull();
    const row = page.getByRole('row').filter({ hasText: 'canbo.moi' });
    await row.getByText('Lãnh đạo').waitFor();
    await row.getByText('Chuyên viên').waitFor();

    await page.getByRole('button', { name: 'Sửa canbo.moi' }).click();
    const dialog = page.getByRole('dialog');
    await page.getByRole('dialog', { name: 'Sửa tài khoản canbo.moi' }).waitFor();
    // A click while the dialog still zooms in can miss the box (seen on a loaded machine).
    await animationsDone(page);
    const leader = dialog.getByRole('checkbox', { name: 'Lãnh đạo' });
    await leader.uncheck();
    expect(await leader.isChecked()).toBe(false);
    await dialog.getByRole('checkbox', { name: 'Giám sát' }).check();
    await screenshot(page, 'admin-user-edit');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await saveDialog(page)).toBeNull();
    await row.getByText('Giám sát').waitFor();
    await row.getByText('Lãnh đạo').waitFor({ state: 'detached' });
    const stored = await ctx.database.db
      .selectFrom('users')
      .select(['displayName', 'roles', 'active'])
      .where('username', '=', 'canbo.moi')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ displayName: 'Đặng Thị Hồng', roles: ['specialist', 'monitor'], active: true });

    // My own account: the admin role and the active switch cannot be taken away here.
    await page.getByRole('button', { name: 'Sửa quantri' }).click();
    await page.getByRole('dialog', { name: 'Sửa tài khoản quantri' }).waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Quản trị' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('switch').isDisabled()).toBe(true);
    await closeWith(dialog, 'Hủy');
  });

  it('finds an agency and sets its office hours, refusing hours that end before they start', async () => {
    await page
      .getByRole('navigation', { name: 'Quản trị hệ thống' })
      .getByRole('link', { name: 'Cơ quan' })
      .click();
    await page.getByRole('heading', { name: 'Cơ quan, đơn vị' }).waitFor();
    await page.getByLabel('Tìm cơ quan theo tên hoặc mã').fill('so tu phap');
    await page.getByLabel('Tìm cơ quan theo tên hoặc mã').press('Enter');
    await page.getByRole('link', { name: 'Sở Tư pháp thành phố Cần Thơ' }).waitFor();
    await screenshot(page, 'admin-agencies');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sở Tư pháp thành phố Cần Thơ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sở Tư pháp thành phố Cần Thơ' }).waitFor();

    await page.getByText('Giờ riêng của cơ quan').click();
    const hours = async (start: string, lunchStart: string, lunchEnd: string, end: string) => {
      await page.getByLabel('Giờ bắt đầu').fill(start);
      await page.getByLabel('Nghỉ trưa từ').fill(lunchStart);
      await page.getByLabel('Nghỉ trưa đến').fill(lunchEnd);
      await page.getByLabel('Giờ kết thúc').fill(end);
      await page.getByRole('button', { name: 'Lưu giờ làm việc' }).click();
    };
    await hours('17:00', '11:00', '13:00', '07:00');
    const problem = page.getByRole('alert').filter({ hasText: 'Dữ liệu gửi lên không hợp lệ' });
    await problem.getByText(/Giờ làm việc/).waitFor();
    await screenshot(page, 'admin-agency-invalid-hours');
    expect(await seriousViolations(page)).toEqual([]);

    await hours('07:00', '11:00', '13:00', '17:00');
    await page.locator('.ant-descriptions').getByText('07:00–11:00, 13:00–17:00').waitFor();
    await screenshot(page, 'admin-agency');
    expect(await seriousViolations(page)).toEqual([]);
    const agency = (
      await ctx.app.inject({ method: 'GET', url: '/api/agencies?q=so%20tu%20phap&kind=department&limit=1' })
    ).json().items[0];
    expect(agency.workingHours).toEqual({ start: 420, lunchStart: 660, lunchEnd: 780, end: 1020 });
  });

  it('sets the agency’s contact phone for slip 02, refusing a number that is not Vietnamese', async () => {
    const phone = page.getByLabel('Số điện thoại liên hệ');
    const save = page.getByRole('button', { name: 'Lưu số điện thoại' });
    await phone.fill('0123 456');
    await save.click();
    const problem = page.getByRole('alert').filter({ hasText: 'Dữ liệu gửi lên không hợp lệ' });
    await problem.getByText(/Số điện thoại liên hệ/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await phone.fill('0292 3820 123');
    await save.click();
    await page.locator('.ant-descriptions').getByText('02923820123').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const agency = (
      await ctx.app.inject({ method: 'GET', url: '/api/agencies?q=so%20tu%20phap&kind=department&limit=1' })
    ).json().items[0];
    expect(agency.contactPhone).toBe('+842923820123');
  });
});
