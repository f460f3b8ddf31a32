import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';
import {
  act,
  animationsDone,
  E2E_TIMEOUT,
  launchChromium,
  pick,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The action dialogs are rendered from the server's description (issue 15, item 6): GET
 * /api/records/:id/actions gives each action's fields, and the page renders them generically. A record
 * received at Ninh Kiều for a parcel in Cái Khế: the record page shows its steps with their agencies and
 * states; the leader's assignment dialog offers Cái Khế's specialists and shows the server's refusal beside
 * the field; the specialist's supplement request asks for its reasons and documents and is sent.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };

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

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function get(who: string, url: string) {
  const res = await ctx.app.inject({ method: 'GET', url, headers: auth(who) });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const setActive = (who: string, active: boolean) =>
  ctx.database.db.updateTable('users').set({ active }).where('id', '=', users[who]!).execute();

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  for (const [name, role, key] of [
    ['nk.tiepnhan', 'reception', '31135-ttpvhcc'],
    ['ck.chuyenvien', 'specialist', '31120-ubnd'],
    ['ck.lanhdao', 'leader', '31120-ubnd'],
  ] as const) {
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: name });
    users[name] = (await get(name, '/api/auth/me')).userId;
  }
  procedure = await landCorrectionProcedure(ctx);
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('action forms from the server', { timeout: E2E_TIMEOUT }, () => {
  it('shows the steps, assigns through the generic dialog (the refusal beside the field) and asks for a supplement', async () => {
    let r = await receiveLandCorrection(ctx, tokens['nk.tiepnhan']!, procedure, 'Lâm Thị Ngọc');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/forward`,
      headers: auth('nk.tiepnhan'),
      payload: { version: r.version },
    });
    r = res.json().record;

    const leader = await as('ck.lanhdao');
    await leader.goto(`${base}/can-bo/ho-so/${r.id}`);
    // The process: reception at Ninh Kiều done, appraisal at Cái Khế in progress, the rest to come.
    const steps = leader.getByRole('region', { name: /^\d\. / });
    const appraisal = leader.getByRole('region', { name: /^2\. / });
    await appraisal.getByText('Đang thực hiện').waitFor();
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-step-state')))).toEqual([
      'done',
      'active',
      'pending',
      'pending',
    ]);
    await appraisal.getByText('Ủy ban nhân dân phường Cái Khế').waitFor();
    expect(await appraisal.textContent()).toMatch(/Hạn bước: \d\d:\d\d \d\d\/\d\d\/\d{4}/);
    await leader
      .getByRole('region', { name: /^1\. / })
      .getByText(/Xong lúc/)
      .waitFor();

    // Assign: the picker offers Cái Khế's specialist; once they leave, the server's refusal shows beside it.
    await leader.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
    const dialog = leader.getByRole('dialog');
    await dialog.waitFor();
    await animationsDone(leader);
    await pick(leader, 'Người xử lý', 'Test specialist');
    await setActive('ck.chuyenvien', false);
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog
      .locator('.ant-form-item', { hasText: 'Người xử lý' })
      .locator('.ant-form-item-explain-error')
      .getByText(/không phải cán bộ đang làm việc/)
      .waitFor();
    await screenshot(leader, 'workspace-forms-refusal');
    expect(await seriousViolations(leader)).toEqual([]);
    await setActive('ck.chuyenvien', true);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await act(leader, 'Giao xử lý', 'Đang xử lý', (p) => pick(p, 'Người xử lý', 'Test specialist'));
    await leader.context().close();

    // The supplement request: reasons are required, documents come from the procedure's list.
    const specialist = await as('ck.chuyenvien');
    await specialist.goto(`${base}/can-bo/ho-so/${r.id}`);
    await act(specialist, 'Yêu cầu bổ sung', 'Yêu cầu bổ sung', async (p) => {
      const form = p.getByRole('dialog');
      await form.getByRole('button', { name: 'Xác nhận' }).click();
      await form.locator('.ant-form-item', { hasText: 'Lý do' }).getByText('Bắt buộc nhập').waitFor();
      await p.getByLabel('Lý do').fill('Thiếu bản gốc\nThiếu sơ đồ thửa đất');
      await pick(p, 'Giấy tờ cần bổ sung', procedure.documents[0]!);
      await p.getByLabel('Lý do').click();
      await p.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    });
    await specialist.context().close();
    const stored = await get('ck.chuyenvien', `/api/records/${r.id}`);
    expect(stored.supplement).toMatchObject({
      reasons: ['Thiếu bản gốc', 'Thiếu sơ đồ thửa đất'],
      missingDocuments: [procedure.documents[0]],
    });
  });
});
