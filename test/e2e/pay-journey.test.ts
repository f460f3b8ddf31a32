import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { parseVietQr } from '../../src/core/payments/vietqr.ts';
import {
  notifySubscriber,
  sendSubscriber,
  smtpAdapter,
  startLocalSmtp,
} from '../../src/modules/notify/index.ts';
import type { RunningSmtp } from '../../src/modules/notify/providers/local-smtp.ts';
import { type RunningFakePlatform, startFakePaymentPlatform } from '../../src/modules/payments/index.ts';
import { createDispatcher, registerSubscriptions } from '../../src/platform/jobs/outbox.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { pdfText } from '../support/pdf-tools.ts';
import { act, animationsDone, button, E2E_TIMEOUT, launchChromium, screenshot, WAIT } from './browser.ts';

// jsqr is CommonJS with an ES-style default in its types; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

/**
 * Issue 18, "Must show": the whole payment journey in Debian's Chromium. A citizen submits land-register
 * correction (1.012796, with the fee lines of a catalogue version) online choosing e-mail, the local SMTP
 * server receives the e-mail with the record's code, the specialist asks for the fee, the citizen tracks the
 * record from the e-mail's link, pays on the (fake) national payment platform's page, comes back, downloads
 * the e-receipt, and the record continues. Another citizen pays by a VietQR bank transfer, matched from the
 * bank's statement.
 */

const PAYMENT_SECRET = 'e2e-journey-payment-secret-0123456789abcdef';
const NOTIFY_SECRET = 'e2e-journey-notify-secret-0123456789abcdef0';
const PASSWORD = 'correct horse battery';
const SUFFIX = 'e2e-journey';
let ctx: TestContext;
let fake: RunningFakePlatform;
let smtp: RunningSmtp;
let base: string;
let browser: Browser;
let dispatchAll: () => Promise<void>;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
async function ok(who: string, url: string, payload: object, method: 'POST' | 'PUT' = 'POST') {
  const res = await ctx.app.inject({ method, url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function recordView(id: string, who = 'ck.specialist') {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A free loopback port (the platform must know where to send the citizen back before the app listens). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The day of `at` in Vietnam (UTC+7), as the bank's statement is asked for. */
function vietnamDay(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** An official's browser page, signed in. */
async function official(username: string): Promise<Page> {
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

/** Reception at Ninh Kiều receives a submitted record and forwards it; the leader at Cái Khế assigns it. */
async function receiveAndAssign(id: string): Promise<{ id: string; code: string; version: number }> {
  const procedure = await landCorrectionProcedure(ctx);
  let r = { id, version: (await recordView(id, 'nk.reception')).version as number, code: '' };
  const step = async (who: string, action: string, body: object = {}) => {
    r = (await ok(who, `/api/records/${r.id}/${action}`, { version: r.version, ...body })).record;
  };
  await step('nk.reception', 'receive', {
    checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
  });
  await step('nk.reception', 'forward');
  await step('ck.leader', 'assign', { assigneeId: users['ck.specialist'] });
  return r;
}

/** Tracks `code` on /tra-cuu (the address given, or the form) with the last 4 digits of the phone. */
async function track(page: Page, url: string, last4: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Tra cứu tình trạng hồ sơ' }).waitFor();
  await page.getByLabel(/4 số cuối/).fill(last4);
  await button(page, 'Tra cứu').click();
}

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake = await startFakePaymentPlatform({
    secret: PAYMENT_SECRET,
    callbackUrl: `${base}/api/payments/callbacks`,
  });
  smtp = await startLocalSmtp();
  ctx = await createTestContext({
    SESSION_TTL_HOURS: '720',
    MOTCUA_NOTIFY_SECRET: NOTIFY_SECRET,
    MOTCUA_PAYMENT_URL: fake.url,
    MOTCUA_PAYMENT_SECRET: PAYMENT_SECRET,
    MOTCUA_PAYMENT_RETURN_URL: base,
  });
  // The browser keeps the session cookie only if it expires in its own (real) future; the platform and the
  // bank's statement run on the real time too.
  ctx.deps.clock.set(new Date());
  await ctx.app.listen({ host: '127.0.0.1', port });
  const { db } = ctx.database;
  const clock = ctx.deps.clock;
  const subscribers = [
    notifySubscriber({ db, clock, publicUrl: base }),
    sendSubscriber({
      db,
      clock,
      port: smtpAdapter({ url: smtp.url, from: 'Motcua <motcua@motcua.test>', timeoutMs: 15_000 }),
    }),
  ];
  await registerSubscriptions(db, subscribers, clock.now());
  const dispatcher = createDispatcher({ db, clock, logger: ctx.deps.logger, subscribers });
  // The notify subscriber first (it queues the messages), then the e-mail sender.
  dispatchAll = async () => {
    for (const s of subscribers) await dispatcher.runSubscriber(s.name);
  };

  await signInLandCorrectionOfficials(ctx, SUFFIX, tokens, users);
  tokens.admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: `admin.${SUFFIX}` });
  // Real catalogue data (docs/FEES.md): a version of 1.012796 with its fee lines, and the account of the
  // competent agency (UBND phường Cái Khế) that the VietQR code names.
  await ok('admin', '/api/catalog/procedures/1.012796/versions', {
    effectiveFrom: vietnamDay(new Date()),
    decisionNo: '18/QĐ-UBND',
    changes: {
      fees: [
        { name: 'Lệ phí cấp giấy chứng nhận', amountVnd: 100_000, payer: 'applicant' },
        { name: 'Phí trích lục bản đồ', amountVnd: 15_000, unit: 'per_copy', payer: 'applicant' },
      ],
    },
  });
  const caiKhe = await db
    .selectFrom('agencies')
    .select('id')
    .where('key', '=', '31120-ubnd')
    .executeTakeFirstOrThrow();
  await ok(
    'admin',
    `/api/agencies/${caiKhe.id}/bank-account`,
    {
      bankBin: '970436',
      bankName: 'Vietcombank',
      accountNumber: '0071000888999',
      accountName: 'UBND PHUONG CAI KHE',
    },
    'PUT',
  );
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await fake?.close();
  await smtp?.close();
  await ctx?.close();
});

describe('a citizen is told, asked to pay, pays, and the record continues', { timeout: E2E_TIMEOUT }, () => {
  it('submits online with e-mail, gets the code by e-mail, pays on the platform, downloads the e-receipt', async () => {
    const email = 'ngo.thi.hanh@example.vn';
    const fullName = 'Ngô Thị Hạnh';
    const citizen = await (
      await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'vi-VN',
        acceptDownloads: true,
      })
    ).newPage();

    // 1. The online submission form, choosing e-mail.
    await citizen.goto(`${base}/nop-ho-so/1.012796`);
    await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await citizen.getByLabel('Xã, phường nơi có thửa đất').click();
    await citizen.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
    await citizen.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    await animationsDone(citizen);
    await citizen.getByLabel('Họ và tên').fill(fullName);
    await citizen.getByLabel('Số định danh cá nhân').fill('092185004321');
    await citizen.getByLabel('Số điện thoại').fill('0912 000 321');
    await citizen.getByLabel('Email', { exact: true }).fill(email);
    await citizen.getByLabel('Thư điện tử').check();
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').click();
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').fill('Ninh Kiều');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'phường Ninh Kiều' }).first().click();
    await button(citizen, 'Nộp hồ sơ').click();
    await citizen.getByText('Đã nộp hồ sơ').waitFor();
    const reference = (await citizen.getByTestId('reference').textContent()) ?? '';
    const submitted = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'status'])
      .where('applicantName', '=', fullName)
      .executeTakeFirstOrThrow();
    expect(submitted.status).toBe('submitted');

    // 2. Reception receives it: the e-mail with the record code reaches the SMTP server.
    const received = await receiveAndAssign(submitted.id);
    expect(received.code).toMatch(/\S/);
    await dispatchAll();
    const mails = smtp.mailbox.filter((m) => m.to.includes(email));
    expect(mails.some((m) => m.text.includes(reference))).toBe(true);
    const withCode = mails.find((m) => m.text.includes(received.code));
    expect(withCode, JSON.stringify(mails.map((m) => m.subject))).toBeDefined();
    const trackUrl = withCode!.text.match(/https?:\/\/\S+\/tra-cuu\?code=\S+/)?.[0];
    expect(trackUrl).toBe(`${base}/tra-cuu?code=${encodeURIComponent(received.code)}`);

    // 3. The specialist asks for the fee computed at reception (status 6).
    const specialist = await official(`ck.specialist.${SUFFIX}`);
    await specialist.goto(`${base}/can-bo/ho-so/${received.id}`);
    await specialist.getByTestId('fees-total').waitFor();
    await act(specialist, 'Yêu cầu nộp phí', 'Chờ nộp phí');
    await dispatchAll();
    expect(smtp.mailbox.some((m) => m.to.includes(email) && m.text.includes('115.000'))).toBe(true);

    // 4. The citizen follows the e-mail's link and sees the amount.
    await track(citizen, trackUrl!, '0321');
    await citizen.getByText('Hồ sơ đang chờ nộp phí, lệ phí: 115.000 đ').waitFor();
    await screenshot(citizen, 'pay-journey-tracking');

    // 5. From the record page (this browser holds the submission's token) to the platform and back.
    await citizen.goto(`${base}/ho-so/${received.id}`);
    await citizen.getByRole('heading', { name: 'Nộp phí, lệ phí' }).waitFor();
    await citizen.getByText('Số tiền phải nộp: 115.000 đồng').waitFor();
    await button(citizen, 'Thanh toán trực tuyến').click();
    await citizen.waitForURL(`${fake.url}/pay/**`, { timeout: WAIT });
    await citizen.getByText('115.000 VND').waitFor();
    await citizen.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await citizen.waitForURL(`${base}/ho-so/${received.id}**`, { timeout: WAIT });
    await citizen.getByText(/Đã thanh toán 115\.000 đồng — biên lai số BL\d{4}-\d{6}/).waitFor();
    await screenshot(citizen, 'pay-journey-paid');

    // 6. The e-receipt: a PDF with the amount, the record and the payer.
    const download = citizen.waitForEvent('download');
    await citizen.getByRole('button', { name: /Tải biên lai điện tử BL\d{4}-/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^BL\d{4}-\d{6}\.pdf$/);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('115.000');
    expect(text).toContain(received.code);
    expect(text).toContain(fullName);

    // 7. The record continues: paid online through the platform, and the specialist can go on.
    const after = await recordView(received.id);
    expect(after.status).toBe('in_process');
    expect(after.payment.confirmedAt).toBeTruthy();
    await specialist.reload();
    await specialist.locator('.ant-descriptions').getByText('Đang xử lý', { exact: true }).waitFor();
    const actions = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${received.id}/actions`,
      headers: auth('ck.specialist'),
    });
    expect(actions.statusCode, actions.body).toBe(200);
    expect(actions.json().items.map((a: { action: string }) => a.action)).toContain('forward');
    // The appraisal goes on to the leader's step, from the same page.
    await act(specialist, 'Chuyển bước tiếp theo', 'Đang xử lý');
    const forwarded = await recordView(received.id);
    expect(forwarded.version).toBeGreaterThan(after.version);
    expect(forwarded.status).toBe('in_process');
    await citizen.context().close();
    await specialist.context().close();
  });

  it('another citizen pays by VietQR transfer, matched from the bank statement, and the record continues', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: procedure.versionId,
        applicant: { kind: 'citizen', fullName: 'Lý Văn Chuyển', phone: '0939 222 654' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: agency.id,
        returnPoint: { kind: 'online' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    let r = await receiveAndAssign(res.json().record.id);
    r = (await ok('ck.specialist', `/api/records/${r.id}/request-payment`, { version: r.version })).record;
    expect((await recordView(r.id)).status).toBe('awaiting_payment');

    // The tracking page shows the amount and a VietQR code that decodes to the transfer.
    const citizen = await browser.newPage({ locale: 'vi-VN' });
    await track(citizen, `${base}/tra-cuu?code=${encodeURIComponent(r.code)}`, '2654');
    await citizen.getByText('Hồ sơ đang chờ nộp phí, lệ phí: 115.000 đ').waitFor();
    const img = citizen.getByTestId('payment-qr');
    await img.waitFor();
    await citizen.waitForFunction(
      () =>
        (document.querySelector('[data-testid="payment-qr"]') as HTMLImageElement | null)?.complete === true,
      null,
      { timeout: WAIT },
    );
    const shown = (await citizen.getByTestId('payment-reference').textContent()) ?? '';
    expect(shown).toContain(r.code);
    await screenshot(citizen, 'pay-journey-vietqr');
    const shot = PNG.sync.read(await img.screenshot());
    const read = jsQR(
      new Uint8ClampedArray(shot.data.buffer, shot.data.byteOffset, shot.data.length),
      shot.width,
      shot.height,
    );
    expect(read).not.toBeNull();
    const qr = parseVietQr(read!.data);
    expect(qr).toMatchObject({ bin: '970436', account: '0071000888999', amountVnd: 115_000 });
    expect(qr.reference).toContain(r.code);

    // The citizen's bank sends the transfer with the QR's content (the bank adds its own words); it
    // appears on the agency's statement at the platform.
    const now = new Date();
    const posted = await fetch(`${fake.url}/_fake/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amountVnd: qr.amountVnd,
        reference: `LY VAN CHUYEN CHUYEN TIEN ${qr.reference}`,
        at: now.toISOString(),
      }),
    });
    expect(posted.status).toBe(200);

    // The day's transfers are imported and matched (`motcua payments transfers`).
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/transfers/import',
      headers: auth('admin'),
      payload: { date: vietnamDay(now) },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ matched: 1, unmatched: [] });

    const after = await recordView(r.id);
    expect(after.status).toBe('in_process');
    const payments = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/payments`,
      headers: auth('ck.specialist'),
    });
    expect(payments.json().items).toEqual([
      expect.objectContaining({ channel: 'transfer', state: 'paid', amountVnd: 115_000 }),
    ]);
    // Tracked again, the record says it was paid and shows no QR any more.
    await track(citizen, `${base}/tra-cuu?code=${encodeURIComponent(r.code)}`, '2654');
    await citizen.getByText(/Đã nộp 115\.000 đ lúc/).waitFor();
    expect(await citizen.getByTestId('payment-qr').count()).toBe(0);
    await citizen.close();
  });
});
