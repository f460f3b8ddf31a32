import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createUser } from '../../src/modules/identity/index.ts';
import { DEMO_LAND_PROCEDURE, DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * Issue 15: a hand-over that cannot happen is a state, not a screenshot. With the demo accounts, the
 * ward's specialist forwards a land record (1.013978) when the tax office has nobody to take its step:
 * the monitor `giamsat.trungtam` finds it in "Chuyển xử lý không thành công" with the reason, the record
 * page shows the banner, and once the tax office has a specialist again "Chuyển lại" hands it over.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const tokens: Record<string, { token: string; userId: string; agencyId: string }> = {};

async function demo(username: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const token = res.json().token as string;
  const me = await ctx.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  tokens[username] = { token, ...(me.json() as { userId: string; agencyId: string }) };
}

async function post(username: string, url: string, payload: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${tokens[username]!.token}` },
    payload,
  });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string };
}

async function as(username: string): Promise<Page> {
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

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  for (const u of ['tiepnhan.ninhkieu', 'chuyenvien.ubnd.ninhkieu', 'chuyenvien.thue']) await demo(u);
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('a failed hand-over in the workspace', { timeout: E2E_TIMEOUT }, () => {
  it('is listed for the monitor with its reason, shown on the record, and handed over again from the list', async () => {
    // The tax office's only specialist has left.
    await ctx.database.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', tokens['chuyenvien.thue']!.userId)
      .execute();
    const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${DEMO_LAND_PROCEDURE}` })).json();
    let r = await post('tiepnhan.ninhkieu', '/api/records', {
      type: 'receive',
      checklist: (p.details.documents as { name: string }[])
        .slice(0, 2)
        .map((d) => ({ document: d.name, provided: true })),
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Ông Văn Thịnh', phone: '0912 000 444' },
        routing: { landParcelUnitCode: '31135' },
      },
    });
    r = await post('tiepnhan.ninhkieu', `/api/records/${r.id}/forward`, {
      version: r.version,
      assigneeId: tokens['chuyenvien.ubnd.ninhkieu']!.userId,
    });
    r = await post('chuyenvien.ubnd.ninhkieu', `/api/records/${r.id}/forward`, { version: r.version });

    const monitor = await as('giamsat.trungtam');
    await monitor.getByRole('link', { name: 'Chuyển không thành công' }).click();
    await monitor.getByRole('heading', { name: 'Chuyển xử lý không thành công' }).waitFor();
    const row = monitor.getByRole('row', { name: new RegExp(r.code) });
    await row.getByText('Cơ quan nhận chưa có cán bộ xử lý bước này').waitFor();
    expect(await row.getByText('Đã có người nhận').count()).toBe(0);
    await screenshot(monitor, 'workspace-transfer-failures');
    expect(await seriousViolations(monitor)).toEqual([]);

    await row.getByRole('link', { name: r.code }).click();
    await monitor.getByRole('heading', { level: 1, name: r.code }).waitFor();
    const banner = monitor.getByTestId('transfer-failure');
    await banner.getByText('Chuyển xử lý không thành công').waitFor();
    await banner.getByText(/Hồ sơ vẫn ở bước/).waitFor();
    expect(await seriousViolations(monitor)).toEqual([]);

    // A specialist joins the tax office: the list says it can go now, and "Chuyển lại" hands it over.
    await createUser(
      ctx.database.db,
      {
        username: 'chuyenvien3.thue',
        displayName: 'Đoàn Văn Bình',
        password: DEMO_PASSWORD,
        agencyId: tokens['chuyenvien.thue']!.agencyId,
        roles: ['specialist'],
      },
      ctx.deps.clock.now(),
    );
    await monitor.goBack();
    await monitor.reload();
    const again = monitor.getByRole('row', { name: new RegExp(r.code) });
    await again.getByText('Đã có người nhận').waitFor();
    await again.getByRole('button', { name: 'Chuyển lại' }).click();
    await monitor.getByText('Đã chuyển lại').first().waitFor();
    await monitor.getByRole('row', { name: new RegExp(r.code) }).waitFor({ state: 'detached' });
    const after = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}`,
      headers: { authorization: `Bearer ${tokens['chuyenvien.ubnd.ninhkieu']!.token}` },
    });
    expect(after.json().transferFailure ?? null).toBeNull();
  });
});
