import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import type { RunningFakePost } from '../../src/modules/integrations/post/fake-server.ts';
import { postSubscriber, startFakePost, vnpostAdapter } from '../../src/modules/integrations/post/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium } from './browser.ts';

/**
 * Issue 16: a result returned by post shows on the record page — the tracking number Vietnam Post gave
 * and, once the post called back "delivered", its status — for the reception officer of the return point.
 */

const SECRET = 'e2e-post-secret-0123456789abcdef0123456789';
let ctx: TestContext;
let base: string;
let browser: Browser;
let postFake: RunningFakePost;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720', MOTCUA_POST_SECRET: SECRET });
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  postFake = await startFakePost({ secret: SECRET, callbackUrl: `${base}/api/integrations/post/callbacks` });
  await signInLandCorrectionOfficials(ctx, 'e2e-post', tokens, users);
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await postFake?.close();
  await ctx?.close();
});

describe('return by post on the record page', { timeout: E2E_TIMEOUT }, () => {
  it('shows the tracking number and the delivery', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const call = async (who: string, url: string, payload: object) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens[who]}` },
        payload,
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json().record as { id: string; version: number };
    };
    const received = await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Đỗ Thị Thư', {
      returnPoint: { kind: 'post', address: '45 Hòa Bình, phường Ninh Kiều, Cần Thơ' },
    });
    let r: { id: string; version: number } = received;
    const id = r.id;
    r = await call('nk.reception', `/api/records/${id}/forward`, { version: r.version });
    r = await call('ck.leader', `/api/records/${id}/assign`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    });
    r = await call('ck.specialist', `/api/records/${id}/forward`, { version: r.version });
    r = await call('ck.leader', `/api/records/${id}/approve`, { version: r.version });
    r = await call('ck.specialist', `/api/records/${id}/issue-result`, {
      version: r.version,
      documents: [{ name: 'Giấy chứng nhận đã đính chính' }],
    });
    const [message] = await ctx.database.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'key', 'payload', 'createdAt'])
      .where('key', '=', id)
      .where('topic', '=', 'record.result_issued')
      .execute();
    const port = vnpostAdapter({ baseUrl: postFake.url, secret: SECRET, timeoutMs: 15_000 });
    await postSubscriber(ctx.database.db, port, ctx.deps.clock).handle([{ ...message!, attempts: 0 }]);
    const tracking = [...postFake.shipments.values()].find((s) => s.maDonHang === message!.id)!.soHieu;
    await postFake.deliver(tracking, { recipientName: 'Đỗ Thị Thư' });

    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    ).newPage();
    await page.goto(`${base}/can-bo`);
    await page.getByLabel('Tên đăng nhập').fill('nk.reception.e2e-post');
    await page.getByLabel('Mật khẩu').fill('correct horse battery');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
    await page.goto(`${base}/can-bo/ho-so/${id}`);
    await page.getByRole('heading', { name: 'Hệ thống liên thông' }).waitFor();
    await expect.poll(() => page.getByTestId('tracking-number').textContent()).toBe(tracking);
    await page.getByText('Đã phát', { exact: true }).waitFor();
    await page.getByText('45 Hòa Bình, phường Ninh Kiều, Cần Thơ').waitFor();
  });
});
