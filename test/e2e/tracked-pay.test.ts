import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { freePort } from '../identity/sso-support.ts';
import { recordAwaitingPayment } from '../payments/support.ts';
import { createTestContext, signInLandCorrectionOfficials, type TestContext } from '../support/context.ts';
import { button, E2E_TIMEOUT, launchChromium, screenshot, WAIT } from './browser.ts';

/**
 * Issue 18, gap closed in round 2: a citizen who follows the e-mail's link on another device (no submission
 * token there) pays online from the tracking page, authorised by the tracking check, and sees it paid.
 */

const SECRET = 'e2e-tracked-pay-secret-0123456789abcdef012';
let ctx: TestContext;
let fake: RunningFakePlatform;
let browser: Browser;
let base = '';
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake = await startFakePaymentPlatform({ secret: SECRET, callbackUrl: `${base}/api/payments/callbacks` });
  ctx = await createTestContext({
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: SECRET,
    MOTCUA_PAYMENT_RETURN_URL: base,
  });
  ctx.deps.clock.set(new Date());
  await ctx.app.listen({ host: '127.0.0.1', port });
  await signInLandCorrectionOfficials(ctx, 'e2e-tracked-pay', tokens, users);
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await fake?.close();
  await ctx?.close();
});

describe('paying from the tracking page', { timeout: E2E_TIMEOUT }, () => {
  it('tracks with the code and the check, pays on the platform, comes back and sees it paid', async () => {
    // The phone is 0912 000 456: the check is 0456.
    const rec = await recordAwaitingPayment(ctx, tokens, users, 'Đỗ Văn Thiết Bị', 80_000);
    const page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' })
    ).newPage();
    const track = async (url: string) => {
      await page.goto(url);
      await page.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
      await page.getByLabel(/4 số cuối/).fill('0456');
      await button(page, 'Tra cứu').click();
    };
    await track(`${base}/tra-cuu?code=${encodeURIComponent(rec.code)}`);
    await page.getByText('Số tiền phải nộp: 80.000 đồng').waitFor();
    await button(page, 'Thanh toán trực tuyến').click();
    await page.waitForURL(`${fake.url}/pay/**`, { timeout: WAIT });
    await page.getByText('80.000 VND').waitFor();
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL(`${base}/tra-cuu?**`, { timeout: WAIT });
    expect(page.url()).toContain('thanhToan=');
    // Back on another device's tracking page: the check again, then the payment is shown paid.
    await page.getByLabel(/4 số cuối/).fill('0456');
    await button(page, 'Tra cứu').click();
    await page.getByText(/Đã thanh toán 80\.000 đồng — biên lai số BL\d{4}-\d{6}/).waitFor();
    await page.getByRole('button', { name: /Tải biên lai điện tử BL\d{4}-/ }).waitFor();
    await screenshot(page, 'tracked-pay-paid');
    const paid = await ctx.database.db
      .selectFrom('payments')
      .select(['state', 'createdBy'])
      .where('recordId', '=', rec.id)
      .execute();
    expect(paid).toEqual([{ state: 'paid', createdBy: 'tracking' }]);
    await page.context().close();
  });
});
