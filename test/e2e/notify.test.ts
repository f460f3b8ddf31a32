import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import {
  notifySubscriber,
  sendSubscriber,
  smsAdapter,
  smtpAdapter,
  startFakeProvider,
  startLocalSmtp,
} from '../../src/modules/notify/index.ts';
import type { RunningFakeProvider } from '../../src/modules/notify/providers/fake-provider.ts';
import type { RunningSmtp } from '../../src/modules/notify/providers/local-smtp.ts';
import { createDispatcher, registerSubscriptions } from '../../src/platform/jobs/outbox.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium } from './browser.ts';

/**
 * Issue 18: the reception officer sees on the record page what the applicant was told — the e-mail sent with
 * the record code (to a real SMTP server) and an SMS the provider refused, marked failed with what to do.
 */

const SECRET = 'e2e-notify-secret-0123456789abcdef0123456789';
let ctx: TestContext;
let base: string;
let browser: Browser;
let smtp: RunningSmtp;
let sms: RunningFakeProvider;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720', MOTCUA_NOTIFY_SECRET: SECRET });
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  smtp = await startLocalSmtp();
  sms = await startFakeProvider({
    kind: 'sms',
    secret: SECRET,
    token: 'tok',
    receiptUrl: `${base}/api/notify/receipts/sms`,
  });
  await signInLandCorrectionOfficials(ctx, 'e2e-notify', tokens, users);
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await sms?.close();
  await smtp?.close();
  await ctx?.close();
});

describe('messages to the applicant on the record page', { timeout: E2E_TIMEOUT }, () => {
  it('shows the e-mail sent with the code and the failed SMS with what to do', async () => {
    const { db } = ctx.database;
    const clock = ctx.deps.clock;
    const list = [
      notifySubscriber({ db, clock, publicUrl: base }),
      sendSubscriber({
        db,
        clock,
        port: smtpAdapter({ url: smtp.url, from: 'Motcua <a@motcua.test>', timeoutMs: 15_000 }),
      }),
      sendSubscriber({ db, clock, port: smsAdapter({ baseUrl: sms.url, token: 'tok', timeoutMs: 15_000 }) }),
    ];
    await registerSubscriptions(db, list, clock.now());
    const procedure = await landCorrectionProcedure(ctx);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${tokens['nk.reception']}` },
      payload: {
        type: 'receive',
        checklist: procedure.documents
          .slice(0, 2)
          .map((document) => ({ document, provided: true, originals: 1 })),
        opening: {
          procedureVersionId: procedure.versionId,
          channel: 'in_person',
          applicant: {
            kind: 'citizen',
            fullName: 'Đặng Thị Mai',
            email: 'dang.thi.mai@example.vn',
            phone: '0912 345 699',
            notifyBy: ['email', 'sms'],
          },
          routing: { landParcelUnitCode: '31120' },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, code } = res.json().record as { id: string; code: string };
    sms.sendFaults.set('refuse', { rate: 1 });
    const dispatcher = createDispatcher({ db, clock, logger: ctx.deps.logger, subscribers: list });
    for (const s of list) await dispatcher.runSubscriber(s.name);
    expect(smtp.mailbox.some((m) => m.text.includes(code))).toBe(true);

    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    ).newPage();
    await page.goto(`${base}/can-bo`);
    await page.getByLabel('Tên đăng nhập').fill('nk.reception.e2e-notify');
    await page.getByLabel('Mật khẩu').fill('correct horse battery');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    await page.goto(`${base}/can-bo/ho-so/${id}`);
    await page.getByRole('heading', { name: 'Thông báo cho người nộp' }).waitFor();
    const section = page.getByTestId('record-notifications');
    await expect.poll(() => section.getByTestId('notification').count()).toBe(2);
    await section.getByText('Đã gửi', { exact: true }).waitFor();
    await section.getByText('Gửi lỗi, sẽ gửi lại', { exact: true }).waitFor();
    await section.getByText(/hệ thống tự gửi lại/).waitFor();
    await section.getByText(`Tiếp nhận hồ sơ ${code}`, { exact: false }).first().click();
    await section.getByText(`Mã hồ sơ: ${code}`, { exact: false }).waitFor();
  });
});
