import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * The Decree 63/2024 group on the portal in a real browser: the citizen finds the group on the home page,
 * fills its one form, gets the group receipt (code, appointment, one record per member) and tracks the
 * group as one by its code and the last 4 digits of the phone.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext();
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  // The embedded demo's seed: 2.000986 online with the group limit, the BHXH cơ sở area (docs/GROUPS.md).
  await seedDemoAccounts(ctx.deps);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/**
 * Types `text` into the select labelled `label` and chooses the first option containing `option`, in that
 * select's own list (found by the input's aria-controls): another select's list may still be leaving, an
 * animation that on a loaded machine outlived the test's patience, and offer a look-alike option.
 */
async function choose(label: string, text: string, option: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  const list = await input.getAttribute('aria-controls');
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${list}"]`) });
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
  await page
    .locator('.ant-select', { has: input })
    .locator('.ant-select-content, .ant-select-selection-item', { hasText: option })
    .first()
    .waitFor();
}

describe('a Decree 63 group on the portal', { timeout: E2E_TIMEOUT }, () => {
  it('is submitted with one form and tracked as one', async () => {
    await page.goto(base);
    await page.getByText('Liên thông điện tử (Nghị định 63/2024)').waitFor();
    await page.getByRole('link', { name: 'Liên thông khai sinh – thường trú – BHYT' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liên thông khai sinh – thường trú – BHYT' }).waitFor();
    await page.getByText('1.004222').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Họ và tên', { exact: true }).fill('Lê Thị Hồng');
    await page.getByLabel('Số điện thoại', { exact: true }).fill('0912 345 678');
    await choose('Xã, phường nơi cư trú', 'Ninh Kiều', 'Ninh Kiều');
    await choose('Nơi tiếp nhận hồ sơ', 'Ninh Kiều', 'phường Ninh Kiều');
    await page.getByLabel('Họ, chữ đệm, tên của trẻ', { exact: true }).fill('Trần Gia Bảo');
    await page.getByLabel('Ngày sinh của trẻ', { exact: true }).click();
    await page.getByLabel('Ngày sinh của trẻ', { exact: true }).fill('20/02/2026');
    await page.getByLabel('Ngày sinh của trẻ', { exact: true }).press('Enter');
    await page.getByLabel('Giới tính của trẻ', { exact: true }).click();
    await page.locator('.ant-select-item-option:visible', { hasText: 'Nam' }).first().click();
    await page.getByLabel('Nơi sinh', { exact: true }).fill('Bệnh viện Phụ sản thành phố Cần Thơ');
    await page.getByLabel('Họ, chữ đệm, tên người mẹ', { exact: true }).fill('Lê Thị Hồng');
    await page
      .getByLabel('Địa chỉ đăng ký thường trú', { exact: true })
      .fill('12 Hai Bà Trưng, phường Ninh Kiều');
    await page.getByRole('button', { name: 'Nộp hồ sơ liên thông' }).click();

    await page.getByText('Đã nộp hồ sơ liên thông').waitFor();
    const code = ((await page.getByTestId('group-code').textContent()) ?? '').trim();
    expect(code).toMatch(/-260302-\d{4}$/);
    // Monday 2 March 2026 10:00: 3 working days → Thursday 5 March.
    expect(await page.getByTestId('group-appointment').textContent()).toContain('05/03/2026');
    const rows = page.getByTestId('group-members').locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.filter({ hasText: 'Công an phường Ninh Kiều' }).count()).toBe(1);
    await screenshot(page, 'group-receipt');
    expect(await seriousViolations(page)).toEqual([]);

    // Each member record is the applicant's own, and shows its group siblings.
    await page.getByRole('link', { name: 'Đăng ký thường trú (1.004222)' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
    const siblings = page.getByTestId('group-siblings');
    await siblings.getByText(code).waitFor();
    expect(await siblings.locator('li').count()).toBe(3);

    // The receipt's tracking link, as printed: the group code in the address.
    await page.goto(`${base}/tra-cuu-lien-thong?code=${encodeURIComponent(code)}`);
    await page.getByRole('heading', { name: 'Tra cứu hồ sơ liên thông' }).waitFor();
    await page.getByLabel('4 số cuối điện thoại hoặc số định danh').fill('5678');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.getByTestId('group-code').waitFor();
    expect(((await page.getByTestId('group-code').textContent()) ?? '').trim()).toBe(code);
    const tracked = page.getByTestId('group-members').locator('tbody tr');
    expect(await tracked.count()).toBe(3);
    expect(await tracked.filter({ hasText: 'Mới đăng ký' }).count()).toBe(3);
    await screenshot(page, 'group-tracking');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says why a group cannot be submitted yet and does not offer its form', async () => {
    // The administrator reopens the area of Bảo hiểm xã hội cơ sở: the funeral allowance has nobody to decide it.
    const admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.groups.e2e' });
    const office = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '92-bhxh-co-so')
      .executeTakeFirstOrThrow();
    const reopened = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${office.id}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { servesUnitCodes: null },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    await page.goto(`${base}/lien-thong/nd63-khai-tu`);
    await page.getByText('Nhóm liên thông này chưa nhận hồ sơ trực tuyến: thủ tục 2.000821').waitFor();
    expect(await page.getByRole('button', { name: 'Nộp hồ sơ liên thông' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
