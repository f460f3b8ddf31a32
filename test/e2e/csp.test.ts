import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium } from './browser.ts';

/**
 * Issue 13 item 8: the Content-Security-Policy helmet sends is one the apps pass. Debian's Chromium loads
 * the citizen portal, the officials' workspace (signed in: worklist, reception, reports, administration),
 * the API docs and the verification page, and reports every CSP violation it sees.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  await ctx.signIn(['reception', 'monitor', 'admin'], {
    agencyKey: '31135-ttpvhcc',
    username: 'csp.official',
  });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** A page that records CSP violations, from the DOM event and from the console. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { page, violations };
}

const settle = (page: Page) => page.waitForLoadState('networkidle').catch(() => undefined);

describe('the Content-Security-Policy in a real browser', { timeout: E2E_TIMEOUT }, () => {
  it('lets the citizen portal, the docs and the verification page load with no violation', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(base);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'Tìm thủ tục hành chính' }).waitFor();
    await page.getByPlaceholder(/Nhập tên thủ tục/).fill('khai sinh');
    await page.getByPlaceholder(/Nhập tên thủ tục/).press('Enter');
    await page
      .getByRole('link', { name: /khai sinh/i })
      .first()
      .click();
    await settle(page);
    await page.goto(`${base}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').waitFor();
    await page.goto(`${base}/verify/ABCDEFGHJK`);
    await settle(page);
    await page.goto(`${base}/docs/`);
    await page.locator('.swagger-ui').first().waitFor();
    await settle(page);
    expect(violations).toEqual([]);
  });

  it('lets an official sign in and use the workspace with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${base}/can-bo`);
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill('csp.official');
    await page.getByLabel('Mật khẩu').fill('correct horse battery');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    for (const path of [
      '/can-bo/tiep-nhan',
      '/can-bo/bao-cao',
      '/can-bo/quan-tri/ngay-nghi',
      '/can-bo/tim-kiem',
    ]) {
      await page.goto(`${base}${path}`);
      await page.locator('main').first().waitFor();
      await settle(page);
    }
    expect(violations).toEqual([]);
  });
});
