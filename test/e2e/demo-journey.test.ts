import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { act, E2E_TIMEOUT, launchChromium, pick, screenshot, seriousViolations } from './browser.ts';

/**
 * The README's demo journey in Debian's Chromium, with the README's demo accounts as the demo seed creates
 * them (no account is made here) and the README's password: `tiepnhan.ninhkieu` receives a commune record
 * at the counter (land correction 1.012796 for a parcel in phường Ninh Kiều) and forwards it to
 * `chuyenvien.ubnd.ninhkieu`, who appraises and forwards it; `lanhdao.ubnd.ninhkieu` approves it, drafts,
 * signs and issues the result; `tiepnhan.ninhkieu` returns it. Each finds the record in the work waiting
 * for them, with the procedure's name.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const APPLICANT = 'Mai Thị Thanh Xuân';

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

/** Opens the record from the work waiting for the signed-in official (the worklist's default view). */
async function openWaiting(page: Page, code: string, procedureName: string): Promise<void> {
  const row = page.getByRole('row', { name: new RegExp(code.replaceAll('.', '\\.')) });
  await row.waitFor();
  expect(await row.textContent()).toContain(procedureName);
  expect(await page.getByText('ws.flag.none').count()).toBe(0);
  await row.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { level: 1, name: code }).waitFor();
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('the README’s demo journey', { timeout: E2E_TIMEOUT }, () => {
  it('takes a Ninh Kiều commune record from counter reception to returned with the demo accounts', async () => {
    const procedure = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    const procedureName = procedure.name as string;

    // Reception at the counter of phường Ninh Kiều's one-stop unit.
    const reception = await as('tiepnhan.ninhkieu');
    await reception.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await reception.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await reception.getByLabel('Thủ tục').fill('1.012796');
    await reception.locator('.ant-select-item-option:visible', { hasText: '1.012796' }).first().click();
    await reception.getByTestId('appointment').waitFor();
    for (const box of await reception.getByRole('checkbox').all()) await box.check();
    await reception.getByLabel('Họ và tên').fill(APPLICANT);
    await reception.getByLabel('Số điện thoại').fill('0939 246 810');
    await reception.getByLabel('Xã, phường nơi có thửa đất').click();
    await reception.getByLabel('Xã, phường nơi có thửa đất').fill('Ninh Kiều');
    await reception.locator('.ant-select-item-option:visible', { hasText: 'Ninh Kiều' }).first().click();
    await reception.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await reception.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    const code = ((await reception.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    expect(code).toMatch(/^H13\.\d{3}\.01-\d{6}-\d{4}$/);

    // Forward: the dialog offers the People's Committee's specialist, with the role's name translated.
    await act(reception, 'Chuyển bước tiếp theo', 'Đang xử lý', async (p) => {
      const dialog = p.getByRole('dialog');
      await dialog.getByText(/Ủy ban nhân dân phường Ninh Kiều/).waitFor();
      await pick(p, 'Người xử lý', 'Đặng Thị Thu');
      expect(
        await dialog.locator('.ant-select-content, .ant-select-selection-item').first().textContent(),
      ).toBe('Đặng Thị Thu — Chuyên viên');
      await screenshot(p, 'demo-journey-forward');
      expect(await seriousViolations(p)).toEqual([]);
    });
    await reception.context().close();

    // Appraisal by the specialist of UBND phường Ninh Kiều.
    const specialist = await as('chuyenvien.ubnd.ninhkieu');
    await screenshot(specialist, 'demo-journey-waiting');
    expect(await seriousViolations(specialist)).toEqual([]);
    await openWaiting(specialist, code, procedureName);
    await act(specialist, 'Chuyển bước tiếp theo', 'Đang xử lý', (p) =>
      pick(p, 'Người xử lý', 'Huỳnh Văn Sang'),
    );
    await specialist.context().close();

    // Approval, the signed result and its issue by the leader of UBND phường Ninh Kiều.
    const leader = await as('lanhdao.ubnd.ninhkieu');
    await openWaiting(leader, code, procedureName);
    await act(leader, 'Phê duyệt', 'Đã phê duyệt');
    await leader.getByRole('heading', { name: 'Kết quả giải quyết' }).waitFor();
    await leader.getByLabel('Tên văn bản kết quả').fill('Quyết định đính chính Giấy chứng nhận');
    await leader.getByLabel('Số, ký hiệu').fill('07/QĐ-UBND');
    await leader
      .getByLabel('Nội dung (mỗi đoạn một dòng)')
      .fill(`Đính chính Giấy chứng nhận cho bà ${APPLICANT}.`);
    await leader.getByRole('button', { name: 'Tạo kết quả từ mẫu' }).click();
    await leader.getByText('Chưa ký').waitFor();
    await leader.getByRole('button', { name: 'Ký số cá nhân' }).click();
    await leader.getByText('Đã ký số văn bản kết quả.').waitFor();
    await act(leader, 'Ban hành kết quả', 'Đã có kết quả');
    await leader.context().close();

    // Return at the counter of Ninh Kiều.
    const returning = await as('tiepnhan.ninhkieu');
    await openWaiting(returning, code, procedureName);
    await act(returning, 'Trả kết quả', 'Đã trả kết quả');
    await screenshot(returning, 'demo-journey-returned');
    await returning.context().close();

    // Every step was taken by the demo account the README names for it.
    const id = (
      await ctx.database.db
        .selectFrom('records')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;
    const events = await ctx.database.db
      .selectFrom('recordEvents')
      .innerJoin('users', 'users.id', 'recordEvents.actorId')
      .select(['recordEvents.type', 'users.username'])
      .where('recordEvents.recordId', '=', id)
      .orderBy('recordEvents.seq')
      .execute();
    expect(events.map((e) => `${e.type}:${e.username}`)).toEqual([
      'created:tiepnhan.ninhkieu',
      'received:tiepnhan.ninhkieu',
      'forwarded:tiepnhan.ninhkieu',
      'forwarded:chuyenvien.ubnd.ninhkieu',
      'approved:lanhdao.ubnd.ninhkieu',
      'result_issued:lanhdao.ubnd.ninhkieu',
      'result_returned:tiepnhan.ninhkieu',
    ]);
    const status = await ctx.database.db
      .selectFrom('records')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('delivered');
  }, 300_000);

  it('opens reception’s worklist on the work waiting for them: the new online submission first, procedure names, no raw keys', async () => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'tiepnhan.ninhkieu', password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${login.json().token}` };
    const procedure = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    const receive = async (fullName: string) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/records',
        headers: auth,
        payload: {
          type: 'receive',
          checklist: (procedure.details.documents as { name: string }[])
            .slice(0, 2)
            .map((d) => ({ document: d.name, provided: true })),
          opening: {
            procedureVersionId: procedure.versionId,
            channel: 'in_person',
            applicant: { kind: 'citizen', fullName, phone: '0939 111 222' },
            routing: { landParcelUnitCode: '31135' },
          },
        },
      });
      expect(res.statusCode).toBe(201);
      return res.json().record as { id: string; version: number };
    };
    await receive('Quách Văn Cũ');
    const finished = await receive('Tạ Thị Rút');
    const withdrawn = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${finished.id}/withdraw`,
      headers: auth,
      payload: { version: finished.version, reason: 'Người nộp rút hồ sơ' },
    });
    expect(withdrawn.statusCode).toBe(200);
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).json();
    const online = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: procedure.versionId,
        applicant: { kind: 'citizen', fullName: 'Lý Thị Mới', phone: '0918 333 444' },
        routing: { landParcelUnitCode: '31135' },
        receivingAgencyId: me.agencyId,
      },
    });
    expect(online.statusCode).toBe(201);

    const page = await as('tiepnhan.ninhkieu');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.map((t) => /Lý Thị Mới|Quách Văn Cũ|Tạ Thị Rút/.exec(t)?.[0] ?? 'other')).toEqual([
      'Lý Thị Mới',
      'Quách Văn Cũ',
    ]);
    for (const t of texts) expect(t).toContain(procedure.name);
    expect(await page.locator('body').textContent()).not.toContain('ws.flag');
    await screenshot(page, 'demo-journey-reception-waiting');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 180_000);
});
