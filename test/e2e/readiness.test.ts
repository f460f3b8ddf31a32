import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * Catalogue readiness on the citizen portal, in a real browser: a procedure the catalogue offers online but
 * no counter could receive shows no "Nộp hồ sơ trực tuyến" and says why and where to go; a receivable
 * procedure's online form asks only the routing facts its competent-agency rule needs.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
let blocked: { code: string; name: string; reason: string };
let notAtCounter: { code: string; name: string; reason: string };

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd' });
  const list = (
    await ctx.app.inject({
      method: 'GET',
      url: '/api/catalog/readiness?receivable=false&channel=online&limit=200',
      headers: { authorization: `Bearer ${admin}` },
    })
  ).json();
  await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'readiness.tiepnhan' });
  const counterList = (
    await ctx.app.inject({
      method: 'GET',
      url: '/api/catalog/readiness?receivable=false&channel=in_person&reason=agency.unresolved_rule&limit=1',
      headers: { authorization: `Bearer ${admin}` },
    })
  ).json();
  const c = counterList.items[0];
  notAtCounter = { code: c.code, name: c.name, reason: c.channels.in_person.reasons[0].message_vi };
  const item = list.items.find((i: { onlineOfferedNotReceivable: boolean }) => i.onlineOfferedNotReceivable);
  blocked = { code: item.code, name: item.name, reason: item.channels.online.reasons[0].message_vi };
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('receivability on the citizen portal', { timeout: E2E_TIMEOUT }, () => {
  it('offers no online submission for a procedure no counter could receive, and says why', async () => {
    await page.goto(`${base}/thu-tuc/${blocked.code}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const warning = page.getByTestId('not-receivable-online');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Thủ tục này hiện chưa nhận hồ sơ trực tuyến');
    expect(await warning.textContent()).toContain(blocked.reason);
    expect(await page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).count()).toBe(0);
    await screenshot(page, 'readiness-not-online');
    expect(await seriousViolations(page)).toEqual([]);
    // The submission page, opened by its address, says the same and has no form to submit.
    await page.goto(`${base}/nop-ho-so/${blocked.code}`);
    await page.getByTestId('not-receivable-online').waitFor();
    expect(await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).count()).toBe(0);
  });

  it('asks the land procedure only for the commune of the parcel, and birth registration only for the residence', async () => {
    await page.goto(`${base}/thu-tuc/1.012796`);
    await page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.getByLabel('Xã, phường nơi có thửa đất').waitFor();
    expect(await page.getByLabel('Xã, phường nơi cư trú').count()).toBe(0);
    expect(await page.getByLabel('Xã, phường nơi đặt địa điểm kinh doanh').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/nop-ho-so/1.001193`);
    await page.getByLabel('Xã, phường nơi cư trú').waitFor();
    expect(await page.getByLabel('Xã, phường nơi có thửa đất').count()).toBe(0);
    // The fact is required: submitting without it names the field.
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    const residence = page.locator('.ant-form-item', { has: page.getByLabel('Xã, phường nơi cư trú') });
    await residence.locator('.ant-form-item-explain-error').waitFor();
    await screenshot(page, 'readiness-birth-form');
  });

  it('tells the official at the counter why a procedure cannot be received, before the form is filled', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const official = await context.newPage();
    await official.goto(`${base}/can-bo`);
    await official.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    await official.getByLabel('Tên đăng nhập').fill('readiness.tiepnhan');
    await official.getByLabel('Mật khẩu').fill('correct horse battery');
    await official.getByRole('button', { name: 'Đăng nhập' }).click();
    await official.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    await official.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await official.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await official.getByLabel('Thủ tục').fill(notAtCounter.code);
    await official.locator('.ant-select-item-option:visible', { hasText: notAtCounter.code }).first().click();
    const warning = official.getByTestId('not-receivable-in_person');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(notAtCounter.reason);
    expect(await official.getByRole('button', { name: 'Tiếp nhận', exact: true }).isDisabled()).toBe(true);
    // Refusing or asking for completion stays possible.
    expect(await official.getByRole('button', { name: 'Từ chối tiếp nhận' }).isDisabled()).toBe(false);
    await screenshot(official, 'readiness-counter');
    await context.close();
  });
});
