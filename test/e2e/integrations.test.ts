import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  animationsDone,
  E2E_TIMEOUT,
  launchChromium,
  RETRY_AFTER,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * Quản trị → Tích hợp in Debian's Chromium, as the demo administrator `quantri`: the portal subscriber's
 * backlog and dead letters (rows written straight into the tables), one dead letter retried, another
 * refused without a note and then resolved with one.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let page: Page;
const seqs: Record<string, number> = {};

async function deadLetter(name: string, error: string, agoSeconds: number): Promise<void> {
  const now = ctx.deps.clock.now().getTime();
  const recordId = randomUUID();
  const messageId = randomUUID();
  await ctx.database.db
    .insertInto('outbox')
    .values({
      id: messageId,
      topic: 'record.received',
      key: recordId,
      payload: JSON.stringify({
        recordId,
        code: name,
        seq: 1,
        status: 'received',
        event: { type: 'received' },
      }),
      idempotencyKey: `e2e-integrations:${name}`,
      status: 'done',
      nextAttemptAt: new Date(now - agoSeconds * 1000),
      createdAt: new Date(now - agoSeconds * 1000),
    })
    .execute();
  const row = await ctx.database.db
    .insertInto('outboxDeliveries')
    .values({
      messageId,
      subscriber: 'portal',
      topic: 'record.received',
      key: recordId,
      status: 'dead',
      attempts: 8,
      nextAttemptAt: new Date(now - agoSeconds * 1000),
      createdAt: new Date(now - agoSeconds * 1000),
      lastError: error,
      deadAt: new Date(now - (agoSeconds - 30) * 1000),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  seqs[name] = Number(row.seq);
}

const delivery = (name: string) =>
  ctx.database.db
    .selectFrom('outboxDeliveries')
    .select(['status', 'attempts', 'resolvedNote'])
    .where('seq', '=', String(seqs[name]))
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  await ctx.database.db
    .insertInto('subscriptions')
    .values({ name: 'portal', topics: ['record.'], registeredAt: ctx.deps.clock.now() })
    .execute();
  await deadLetter('HS-E2E-0001', 'portal answered 503 Service Unavailable', 3600);
  await deadLetter('HS-E2E-0002', 'invalid_response: status code 11 is not a national status', 1800);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill('quantri');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('operating integrations', { timeout: E2E_TIMEOUT }, () => {
  it('shows the portal subscriber’s dead letters with their errors', async () => {
    await page.getByRole('link', { name: 'Quản trị' }).click();
    await page.getByRole('link', { name: 'Tích hợp' }).click();
    await page.getByRole('heading', { name: 'Tích hợp', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/can-bo/quan-tri/tich-hop');
    const letters = page.getByRole('table', { name: 'Thư lỗi của portal' });
    await letters.getByText('portal answered 503 Service Unavailable').waitFor();
    await letters.getByText('HS-E2E-0002').waitFor();
    const subscriber = page
      .getByRole('table', { name: 'Tích hợp', exact: true })
      .getByRole('row')
      .filter({ hasText: 'portal' });
    await subscriber.getByText('2', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-integrations');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('retries one dead letter and says so', async () => {
    await page.getByRole('button', { name: `Gửi lại thư số ${seqs['HS-E2E-0001']}` }).click();
    await page.getByRole('status').getByText('Đã đưa 1 thư của portal trở lại hàng đợi.').waitFor();
    await page
      .getByRole('table', { name: 'Thư lỗi của portal' })
      .getByText('HS-E2E-0001')
      .waitFor({ state: 'detached' });
    expect(await delivery('HS-E2E-0001')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('refuses to resolve without a note, then resolves with one', async () => {
    await page.getByRole('button', { name: `Đóng kèm ghi chú thư số ${seqs['HS-E2E-0002']}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await animationsDone(page);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Cần nhập ghi chú').waitFor();
    expect((await delivery('HS-E2E-0002')).status).toBe('dead');
    await dialog.getByLabel('Ghi chú').fill('Đã cập nhật trạng thái thủ công trên Cổng DVC quốc gia');
    const save = dialog.getByRole('button', { name: 'Lưu' });
    await save.click();
    // The modal's opening animation can swallow a click under load: click once more.
    await dialog.waitFor({ state: 'hidden', timeout: RETRY_AFTER }).catch(async () => {
      await save.click();
      await dialog.waitFor({ state: 'hidden' });
    });
    await page.getByRole('status').getByText('Đã đóng 1 thư của portal với ghi chú.').waitFor();
    await page.getByText('Không có thư lỗi.').waitFor();
    expect(await delivery('HS-E2E-0002')).toEqual({
      status: 'resolved',
      attempts: 8,
      resolvedNote: 'Đã cập nhật trạng thái thủ công trên Cổng DVC quốc gia',
    });
    await screenshot(page, 'admin-integrations-resolved');
  });
});
