import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { parseVietQr } from '../../src/core/payments/vietqr.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';
import { act, E2E_TIMEOUT, launchChromium, screenshot, seriousViolations, WAIT } from './browser.ts';

// jsqr is CommonJS with an ES-style default in its types; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

/**
 * Fees in Debian's Chromium (docs/FEES.md): the counter gives the quantity of a per-copy fee and sees the
 * estimate, the record is received with its amount; a citizen whose record awaits payment tracks it, sees the
 * amount and a VietQR code that a QR reader turns back into the transfer (account, amount, record code).
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};
let versionId: string;
let documents: string[];
const CODE = '1.012796';

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
async function ok(who: string, url: string, payload: object, method: 'POST' | 'PUT' = 'POST') {
  const res = await ctx.app.inject({ method, url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return page;
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  for (const [name, role, key] of [
    ['fee.admin', 'admin', '92-ubnd'],
    ['fee.tiepnhan', 'reception', '31135-ttpvhcc'],
    ['fee.chuyenvien', 'specialist', '31120-ubnd'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: name });
  }
  const today = new Date().toISOString().slice(0, 10);
  await ok('fee.admin', `/api/catalog/procedures/${CODE}/versions`, {
    effectiveFrom: today,
    decisionNo: '18/QĐ-UBND',
    changes: {
      fees: [
        { name: 'Lệ phí cấp giấy chứng nhận', amountVnd: 100_000, payer: 'applicant' },
        { name: 'Phí trích lục bản đồ', amountVnd: 15_000, unit: 'per_copy', payer: 'applicant' },
      ],
    },
  });
  const caiKhe = await ctx.database.db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', '31120-ubnd')
    .executeTakeFirstOrThrow();
  await ok(
    'fee.admin',
    `/api/agencies/${caiKhe.id}/bank-account`,
    {
      bankBin: '970436',
      bankName: 'Vietcombank',
      accountNumber: '0071000888999',
      accountName: 'UBND PHUONG CAI KHE',
    },
    'PUT',
  );
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('fees in the browser', { timeout: E2E_TIMEOUT }, () => {
  it('the counter gives the number of copies, sees the estimate and receives the record with its amount', async () => {
    const page = await as('fee.tiepnhan');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByLabel('Thủ tục').fill(CODE);
    await page.locator('.ant-select-item-option:visible', { hasText: CODE }).first().click();
    await page.getByTestId('counter-fees-total').waitFor();
    expect(await page.getByTestId('counter-fees-total').textContent()).toContain('115.000 đ');
    await page.getByLabel(/Số lượng: Phí trích lục bản đồ/).fill('3');
    await page
      .getByTestId('counter-fees-total')
      .getByText(/145\.000 đ/)
      .waitFor();
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByLabel('Họ và tên').fill('Phạm Văn Phí');
    await page.getByLabel('Số điện thoại').fill('0939 123 456');
    await page.getByLabel('Xã, phường nơi có thửa đất').click();
    await page.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
    await page.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.getByTestId('fees-total').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('fees-total').textContent()).toBe('Tổng phải nộp: 145.000 đ');
    await screenshot(page, 'fees-record');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.context().close();
    const stored = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth('fee.tiepnhan') })
    ).json();
    expect(stored.fees.lines.map((l: { quantity: number }) => l.quantity)).toEqual([1, 3]);
    expect(stored.fees.totalVnd).toBe(145_000);
  });

  it('the specialist asks for the computed amount (status 6) and sees the VietQR transfer on the record page', async () => {
    let r = (
      await ok('fee.tiepnhan', '/api/records', {
        type: 'receive',
        checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
        opening: {
          procedureVersionId: versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Đỗ Văn Thu', phone: '0939 123 456' },
          routing: { landParcelUnitCode: '31120' },
        },
        fees: { quantities: [{ line: 1, quantity: 2 }] },
      })
    ).record;
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth('fee.chuyenvien') })
    ).json();
    r = (
      await ok('fee.tiepnhan', `/api/records/${r.id}/forward`, { version: r.version, assigneeId: me.userId })
    ).record;
    const page = await as('fee.chuyenvien');
    await page.goto(`${base}/can-bo/ho-so/${r.id}`);
    await page.getByTestId('fees-total').waitFor();
    await act(page, 'Yêu cầu nộp phí', 'Chờ nộp phí', async (p) => {
      // The dialog starts from the lines computed at reception.
      const amounts = p.getByRole('dialog').getByLabel(/Số tiền \(đồng\)/);
      await amounts.nth(1).waitFor();
      expect(await amounts.count()).toBe(2);
    });
    await page.getByTestId('payment-qr').waitFor();
    expect(await page.getByTestId('payment-reference').textContent()).toBe(r.code);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'fees-official-vietqr');
    await page.context().close();
    const stored = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${r.id}`, headers: auth('fee.chuyenvien') })
    ).json();
    expect(stored.payment.items).toEqual([
      { description: 'Lệ phí cấp giấy chứng nhận', amountVnd: 100_000 },
      { description: 'Phí trích lục bản đồ (× 2)', amountVnd: 30_000 },
    ]);
  });

  it('a citizen whose record awaits payment sees the amount and a VietQR code that decodes to the transfer', async () => {
    let r = (
      await ok('fee.tiepnhan', '/api/records', {
        type: 'receive',
        checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
        opening: {
          procedureVersionId: versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Lê Thị Nộp', phone: '0939 123 456' },
          routing: { landParcelUnitCode: '31120' },
        },
      })
    ).record;
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth('fee.chuyenvien') })
    ).json();
    r = (
      await ok('fee.tiepnhan', `/api/records/${r.id}/forward`, { version: r.version, assigneeId: me.userId })
    ).record;
    r = (await ok('fee.chuyenvien', `/api/records/${r.id}/request-payment`, { version: r.version })).record;
    expect(r.status).toBe('awaiting_payment');

    const citizen = await browser.newPage({ locale: 'vi-VN' });
    await citizen.goto(`${base}/tra-cuu`);
    await citizen.getByLabel('Mã hồ sơ').fill(r.code);
    await citizen.getByLabel(/4 số cuối/).fill('3456');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await citizen.getByText('Hồ sơ đang chờ nộp phí, lệ phí: 115.000 đ').waitFor();
    const img = citizen.getByTestId('payment-qr');
    await img.waitFor();
    await citizen.waitForFunction(
      () =>
        (document.querySelector('[data-testid="payment-qr"]') as HTMLImageElement | null)?.complete === true,
      null,
      { timeout: WAIT },
    );
    expect(await citizen.getByTestId('payment-reference').textContent()).toBe(r.code);
    expect(await seriousViolations(citizen)).toEqual([]);
    await screenshot(citizen, 'fees-citizen-vietqr');
    const shot = PNG.sync.read(await img.screenshot());
    const read = jsQR(
      new Uint8ClampedArray(shot.data.buffer, shot.data.byteOffset, shot.data.length),
      shot.width,
      shot.height,
    );
    expect(read).not.toBeNull();
    expect(parseVietQr(read!.data)).toMatchObject({
      bin: '970436',
      account: '0071000888999',
      amountVnd: 115_000,
      reference: r.code,
    });
    await citizen.close();
  });
});
