import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { recordAwaitingPayment } from '../payments/support.ts';
import { createTestContext, signInLandCorrectionOfficials, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium } from './browser.ts';

/**
 * A citizen pays a record's fee by the (fake) national payment platform in a real browser: from the record's
 * page to the platform's page and back; the callback confirms the payment, the record continues and the
 * page offers the e-receipt.
 */

const SECRET = 'e2e-payment-secret-0123456789abcdef0123456';
let ctx: TestContext;
let fake: RunningFakePlatform;
let base: string;
let browser: Browser;
let page: Page;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

/** A free loopback port (the platform must know where to send the citizen back before the app listens). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake = await startFakePaymentPlatform({
    secret: SECRET,
    callbackUrl: `${base}/api/payments/callbacks`,
  });
  ctx = await createTestContext({
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: SECRET,
    MOTCUA_PAYMENT_RETURN_URL: base,
  });
  // The browser keeps the session cookie only if it expires in its own (real) future; the platform runs on
  // the real time too.
  ctx.deps.clock.set(new Date());
  await ctx.app.listen({ host: '127.0.0.1', port });
  await signInLandCorrectionOfficials(ctx, 'e2e-pay', tokens, users);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  page = await context.newPage();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await fake?.close();
  await ctx?.close();
});

describe('paying a fee online', { timeout: E2E_TIMEOUT }, () => {
  it('goes to the platform, pays, comes back to the receipt, and the record continues', async () => {
    const rec = await recordAwaitingPayment(ctx, tokens, users, 'Đặng Thị Nộp Phí', 150_000);
    await page.goto(`${base}/ho-so/${rec.id}#t=${rec.token}`);
    await page.getByRole('heading', { name: 'Nộp phí, lệ phí' }).waitFor();
    await page.getByText('Số tiền phải nộp: 150.000 đồng').waitFor();
    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await page.waitForURL(`${fake.url}/pay/**`);
    await page.getByText('150.000 VND').waitFor();
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL(`${base}/ho-so/${rec.id}**`);
    await page.getByText(/Đã thanh toán 150\.000 đồng — biên lai số BL\d{4}-\d{6}/).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Tải biên lai điện tử BL\d{4}-/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^BL\d{4}-\d{6}\.pdf$/);
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${rec.id}`,
      headers: { authorization: `Bearer ${tokens['ck.specialist']}` },
    });
    expect(record.json().status).toBe('in_process');
  });

  it('lets the reception officer record a cash payment at the counter with the receipt number', async () => {
    const rec = await recordAwaitingPayment(ctx, tokens, users, 'Bùi Văn Tiền Mặt', 80_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const officer = await context.newPage();
    await officer.goto(`${base}/can-bo`);
    await officer.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    await officer.getByLabel('Tên đăng nhập').fill('nk.reception.e2e-pay');
    await officer.getByLabel('Mật khẩu').fill('correct horse battery');
    await officer.getByRole('button', { name: 'Đăng nhập' }).click();
    await officer.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    await officer.goto(`${base}/can-bo/ho-so/${rec.id}`);
    await officer.getByRole('heading', { name: 'Thanh toán phí, lệ phí' }).waitFor();
    await officer.getByLabel('Số biên lai đã giao').fill('QUAY-0001');
    await officer.getByRole('button', { name: 'Ghi nhận đã thu' }).click();
    await officer.getByText('Đã ghi nhận thu phí. Hồ sơ tiếp tục được giải quyết.').waitFor();
    await officer.getByRole('link', { name: /Biên lai BL\d{4}-\d{6}/ }).waitFor();
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${rec.id}`,
      headers: { authorization: `Bearer ${tokens['ck.specialist']}` },
    });
    expect(record.json().status).toBe('in_process');
  });
});
