import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * A citizen on a phone searches the portal the way people talk ("hkd", "cccd"), opens the procedure they
 * meant, and tracks a record by a code typed in lower case with spaces. Real app on loopback, Debian's
 * Chromium, the real catalogue.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
let recordCode: string;

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext();
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      type: 'receive',
      checklist: [{ document: p.details.documents[0].name, provided: true }],
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Lâm Văn Tài', phone: '0939 246 810' },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  recordCode = res.json().record.code;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

async function searchFor(q: string) {
  await page.goto(base);
  await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
  const box = page.getByPlaceholder(/Nhập tên thủ tục/);
  await box.fill(q);
  await box.press('Enter');
}

describe('citizen search in everyday words', { timeout: E2E_TIMEOUT }, () => {
  it('finds household-business registration from "hkd", first, and opens it', async () => {
    await searchFor('hkd');
    const first = page.locator('.ant-list-item').first();
    await first.getByRole('link', { name: 'Đăng ký thành lập hộ kinh doanh', exact: true }).waitFor();
    await screenshot(page, 'citizen-search-hkd');
    expect(await seriousViolations(page)).toEqual([]);
    await first.getByRole('link', { name: 'Đăng ký thành lập hộ kinh doanh', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký thành lập hộ kinh doanh' }).waitFor();
    await page.getByRole('heading', { name: 'Thành phần hồ sơ', exact: true }).waitFor();
    expect(page.url()).toContain('/thu-tuc/1.001612');
  });

  it('finds the ID card from "cccd" and does not put "Dừng thực hiện…" first for "đăng ký hộ kinh doanh"', async () => {
    await searchFor('cccd');
    await page
      .locator('.ant-list-item')
      .first()
      .getByRole('link', { name: 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', exact: true })
      .waitFor();
    await searchFor('đăng ký hộ kinh doanh');
    const first = page.locator('.ant-list-item').first();
    await first.getByRole('link', { name: 'Đăng ký thành lập hộ kinh doanh', exact: true }).waitFor();
    expect(await first.textContent()).not.toMatch(/^Dừng thực hiện/);
  });

  it('tracks a record by its code typed in lower case with spaces', async () => {
    await page.goto(`${base}/tra-cuu`);
    await page.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
    await page.getByLabel('Mã hồ sơ').fill(recordCode.toLowerCase().replaceAll('-', ' '));
    await page.getByLabel(/4 số cuối/).fill('6810');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Được tiếp nhận').waitFor();
    expect(await page.getByText(recordCode).count()).toBeGreaterThan(0);
  });
});
