import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';
import { act, E2E_TIMEOUT, launchChromium, screenshot, seriousViolations, WAIT } from './browser.ts';

/**
 * Delegation in Debian's Chromium (issue 17 item 4, docs/OFFICIALS.md): the leader of UBND phường Cái Khế
 * delegates to a specialist of the same agency; the specialist finds the leader's record under “Thay mặt
 * <leader>” in the worklist, approves it there with “Phê duyệt (thay mặt <leader>)”, and the history says who
 * did it for whom.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
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
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  for (const [name, role, key, displayName] of [
    ['nk.tiepnhan', 'reception', '31135-ttpvhcc', 'Nguyễn Thị Lan'],
    ['ck.chuyenvien', 'specialist', '31120-ubnd', 'Trần Văn Minh'],
    ['ck.lanhdao', 'leader', '31120-ubnd', 'Bùi Thị Ngọc'],
    ['ck.uyquyen', 'specialist', '31120-ubnd', 'Ngô Minh Khoa'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: name });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(name) });
    users[name] = me.json().userId;
    await ctx.database.db.updateTable('users').set({ displayName }).where('id', '=', users[name]!).execute();
  }
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('a delegate acting for the leader', { timeout: E2E_TIMEOUT }, () => {
  it('finds the leader’s record under “Thay mặt”, approves it for them, and the history says so', async () => {
    const { versionId, documents } = await landCorrectionProcedure(ctx);
    let r = (
      await ok('nk.tiepnhan', '/api/records', {
        type: 'receive',
        checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
        opening: {
          procedureVersionId: versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Lý Thị Mai', phone: '0939 123 456' },
          routing: { landParcelUnitCode: '31120' },
        },
      })
    ).record;
    r = (await ok('nk.tiepnhan', `/api/records/${r.id}/forward`, { version: r.version })).record;
    r = (
      await ok('ck.lanhdao', `/api/records/${r.id}/assign`, {
        version: r.version,
        assigneeId: users['ck.chuyenvien'],
      })
    ).record;
    // At the approval step, assigned to the leader, who is away and delegates.
    r = (
      await ok('ck.chuyenvien', `/api/records/${r.id}/forward`, {
        version: r.version,
        assigneeId: users['ck.lanhdao'],
      })
    ).record;
    const now = ctx.deps.clock.now().getTime();
    await ok('ck.lanhdao', '/api/delegations', {
      toUserId: users['ck.uyquyen'],
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      reason: 'Đi công tác',
    });

    const page = await as('ck.uyquyen');
    await page.getByText('Thay mặt Bùi Thị Ngọc').click();
    await page
      .getByText(/Hồ sơ chờ Bùi Thị Ngọc xử lý mà bạn được ủy quyền xử lý thay/)
      .waitFor({ timeout: WAIT });
    await page.getByRole('link', { name: r.code }).click();
    await page.getByRole('button', { name: 'Phê duyệt (thay mặt Bùi Thị Ngọc)' }).waitFor({ timeout: WAIT });
    await screenshot(page, 'delegation-record');
    expect(await seriousViolations(page)).toEqual([]);
    await act(page, 'Phê duyệt (thay mặt Bùi Thị Ngọc)', 'Đã phê duyệt');
    await page
      .locator('.ant-timeline-item')
      .getByText(/Ngô Minh Khoa thay mặt Bùi Thị Ngọc, Ủy ban nhân dân phường Cái Khế/)
      .waitFor({ timeout: WAIT });
    const event = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['actorId', 'onBehalfOf'])
      .where('recordId', '=', r.id)
      .where('type', '=', 'approved')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ actorId: users['ck.uyquyen'], onBehalfOf: users['ck.lanhdao'] });
    await page.context().close();
  });
});
