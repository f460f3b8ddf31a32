import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { parseVietQr } from '../../src/core/payments/vietqr.ts';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { DEMO_BANK, DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { freePort } from '../identity/sso-support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { act, button, E2E_TIMEOUT, launchChromium, screenshot, seriousViolations, WAIT } from './browser.ts';

// jsqr is CommonJS with an ES-style default in its types; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

/**
 * Issues 17 and 18 with the README's demo accounts and demo citizen, seeded exactly as `npm start` seeds
 * them (no official is made here), the development identity provider running as its own process and the
 * fake payment platform: `tiepnhan.ninhkieu` receives a temporary-residence record (1.004194, its fee
 * from the published catalogue) for the demo citizen Nguyễn Văn An (092085001234); the specialist of the
 * police of phường Ninh Kiều asks for the fee on the record page; An signs in with VNeID and sees the
 * record and the amount in "Hồ sơ của tôi"; tracks it and gets the VietQR code of the police's demo
 * account; the transfer is matched from the statement; "Hồ sơ của tôi" then says it is paid and the
 * official's record page offers the e-receipt.
 */

const CITIZEN = { fullName: 'Nguyễn Văn An', personalId: '092085001234' };
const PAYMENT_SECRET = 'e2e-demo18-payment-secret-0123456789abcdef';
let idp: SpawnedIdentityProvider;
let fake: RunningFakePlatform;
let ctx: TestContext;
let base: string;
let browser: Browser;

async function token(username: string): Promise<{ token: string; userId: string }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  const t = res.json().token as string;
  const me = await ctx.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${t}` },
  });
  return { token: t, userId: me.json().userId };
}

async function post(who: { token: string }, url: string, payload: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${who.token}` },
    payload,
  });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

async function official(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return page;
}

/** From "Hồ sơ của tôi", through VNeID's login page (the demo citizen's personal ID), and back. */
async function vneidSignIn(personalId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  const p = await context.newPage();
  await p.goto(`${base}/ho-so-cua-toi`);
  await p.getByTestId('vneid-login').click();
  await p.waitForURL((url) => url.href.startsWith(idp.vneidIssuer));
  await p.getByLabel('Số định danh cá nhân').fill(personalId);
  await p.getByLabel('Mật khẩu').fill(IDP_DEMO_PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.waitForURL((url) => url.href.startsWith(`${base}/ho-so-cua-toi`));
  return p;
}

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  fake = await startFakePaymentPlatform({
    secret: PAYMENT_SECRET,
    callbackUrl: `${base}/api/payments/callbacks`,
  });
  ctx = await createTestContext({
    SESSION_TTL_HOURS: '720',
    MOTCUA_VNEID_ISSUER: idp.vneidIssuer,
    MOTCUA_VNEID_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_VNEID_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: PAYMENT_SECRET,
    MOTCUA_PAYMENT_RETURN_URL: base,
  });
  // The browser keeps the session cookie only if it expires in its own (real) future; the platform's
  // statement runs on the real time too.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  await ctx.app.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
  await fake?.close();
  await idp?.close();
});

describe('the README’s demo citizen is asked to pay and pays', { timeout: E2E_TIMEOUT }, () => {
  it('sees the counter record and its catalogue fee in “Hồ sơ của tôi”, pays by VietQR, and it shows paid', async () => {
    // Reception at the Ninh Kiều counter for the demo citizen's personal ID, forwarded to the police.
    const reception = await token('tiepnhan.ninhkieu');
    const specialist = await token('chuyenvien.congan.ninhkieu');
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.004194' })).json();
    let record = (
      await post(reception, '/api/records', {
        type: 'receive',
        checklist: (p.details.documents as { name: string }[])
          .slice(0, 1)
          .map((d) => ({ document: d.name, provided: true })),
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', ...CITIZEN, phone: '0912 345 678' },
          routing: { residenceUnitCode: '31135' },
        },
      })
    ).record;
    expect(record.fees).toMatchObject({ totalVnd: 10_000, source: 'catalogue' });
    record = (
      await post(reception, `/api/records/${record.id}/forward`, {
        version: record.version,
        assigneeId: specialist.userId,
      })
    ).record;

    // The specialist sees the fee computed at reception and asks for it (status 6).
    const desk = await official('chuyenvien.congan.ninhkieu');
    await desk.goto(`${base}/can-bo/ho-so/${record.id}`);
    await desk.getByTestId('fees-total').filter({ hasText: '10.000' }).waitFor();
    await act(desk, 'Yêu cầu nộp phí', 'Chờ nộp phí');

    // The demo citizen signs in with VNeID: the record, waiting for payment, and the amount.
    const citizen = await vneidSignIn(CITIZEN.personalId);
    await citizen.getByTestId('citizen-name').filter({ hasText: CITIZEN.fullName }).waitFor();
    const table = citizen.getByTestId('my-records');
    const row = table.getByRole('row', { name: new RegExp(record.code.replaceAll('.', '\\.')) });
    await row.waitFor({ timeout: WAIT });
    expect(await row.textContent()).toContain('Chờ nộp phí');
    expect(await seriousViolations(citizen)).toEqual([]);
    await screenshot(citizen, 'demo18-my-records');
    await row.getByRole('link', { name: record.code }).click();
    await citizen.getByRole('heading', { name: record.code }).waitFor();
    await citizen.getByText('Cần nộp 10.000 đồng').waitFor();

    // Tracking (the last 4 digits of the personal ID) shows the VietQR code of the police's demo account.
    await citizen.goto(`${base}/tra-cuu?code=${encodeURIComponent(record.code)}`);
    await citizen.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
    await citizen.getByLabel(/4 số cuối/).fill('1234');
    await button(citizen, 'Tra cứu').click();
    const img = citizen.getByTestId('payment-qr');
    await img.waitFor();
    await citizen.waitForFunction(
      () =>
        (document.querySelector('[data-testid="payment-qr"]') as HTMLImageElement | null)?.complete === true,
      null,
      { timeout: WAIT },
    );
    const shot = PNG.sync.read(await img.screenshot());
    const read = jsQR(
      new Uint8ClampedArray(shot.data.buffer, shot.data.byteOffset, shot.data.length),
      shot.width,
      shot.height,
    );
    expect(read).not.toBeNull();
    const qr = parseVietQr(read!.data);
    expect(qr).toMatchObject({ bin: DEMO_BANK.bankBin, amountVnd: 10_000 });
    expect(qr.account).toMatch(/^DEMO/);
    expect(qr.reference).toContain(record.code);
    await screenshot(citizen, 'demo18-vietqr');

    // The transfer reaches the statement; `quantri` imports the day's transfers and it is matched.
    const now = new Date();
    const sent = await fetch(`${fake.url}/_fake/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amountVnd: qr.amountVnd,
        reference: `NGUYEN VAN AN ${qr.reference}`,
        at: now.toISOString(),
      }),
    });
    expect(sent.status).toBe(200);
    const day = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(await post(await token('quantri'), '/api/payments/transfers/import', { date: day })).toMatchObject(
      {
        matched: 1,
      },
    );

    // "Hồ sơ của tôi" says it is paid; the official's record page offers the e-receipt.
    await citizen.goto(`${base}/ho-so-cua-toi/${record.id}`);
    await citizen.getByText(/Đã nộp lúc/).waitFor();
    await screenshot(citizen, 'demo18-paid');
    await desk.reload();
    await desk.getByRole('link', { name: /Biên lai BL\d{4}-\d{6}/ }).waitFor();
    await desk.locator('.ant-descriptions').getByText('Đang xử lý', { exact: true }).waitFor();
    await citizen.context().close();
    await desk.context().close();
  });
});
