import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * The citizen portal in a real browser (Debian's Chromium via playwright-core), served by the real app on
 * loopback: find a procedure without diacritics, read what it needs, track a record by code and the last
 * 4 digits, switch to English; on a phone-sized screen, with an axe-core scan of each page.
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
        applicant: { kind: 'citizen', fullName: 'Phan Thị Thanh Thảo', phone: '0939 123 456' },
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

describe('the citizen portal on a phone', { timeout: E2E_TIMEOUT }, () => {
  it('finds a procedure typed without diacritics and shows what it needs', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
    await page.getByPlaceholder(/Nhập tên thủ tục/).fill('dang ky khai sinh');
    await page.getByPlaceholder(/Nhập tên thủ tục/).press('Enter');
    const link = page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).first();
    await link.waitFor();
    expect(page.url()).toContain('q=dang+ky+khai+sinh');
    await screenshot(page, 'portal-search');
    expect(await seriousViolations(page)).toEqual([]);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    await page.getByRole('heading', { name: 'Thành phần hồ sơ', exact: true }).waitFor();
    expect(await page.getByText('Mã thủ tục').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-list-item').count()).toBeGreaterThan(0);
    await screenshot(page, 'portal-procedure');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters the search by field, and the field stays in the address', async () => {
    const fields = (await (await fetch(`${base}/api/procedures/fields`)).json()) as {
      items: { field: string; count: number }[];
    };
    const field = fields.items.find((f) => f.count >= 2 && f.count <= 30)!.field;
    await page.goto(`${base}/?field=${encodeURIComponent(field)}`);
    const items = page.locator('.ant-list-item');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) expect(await items.nth(i).textContent()).toContain(field);
    await page.getByRole('combobox', { name: 'Lĩnh vực' }).waitFor();
    expect(await page.locator('.ant-select-content, .ant-select-selection-item').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(field)]),
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('tracks a record by its code and the last 4 digits, and says so plainly when they do not match', async () => {
    await page.goto(`${base}/tra-cuu`);
    await page.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
    await page.getByLabel('Mã hồ sơ').fill(recordCode);
    await page.getByLabel(/4 số cuối/).fill('12');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Nhập đúng 4 chữ số').waitFor();
    await page.getByLabel(/4 số cuối/).fill('9999');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
    await page.getByLabel(/4 số cuối/).fill('3456');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Được tiếp nhận').waitFor();
    expect(await page.getByText(recordCode).count()).toBeGreaterThan(0);
    await screenshot(page, 'portal-tracking');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('switches to English and back', async () => {
    await page.goto(base);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Find an administrative procedure' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
  });

  it('answers an unknown API address with problem+json, and any other page with the app', async () => {
    const api = await fetch(`${base}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const deep = await fetch(`${base}/thu-tuc/1.001193`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
  });
});
