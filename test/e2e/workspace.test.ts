import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';
import {
  act,
  animationsDone,
  closeWith,
  E2E_TIMEOUT,
  launchChromium,
  pick,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The officials' workspace in Debian's Chromium: a cross-boundary record received at the one-stop unit of
 * phường Ninh Kiều for a land parcel in phường Cái Khế, processed there (assign, forward, approve, issue)
 * and returned at Ninh Kiều, each official in their own browser session; a refusal at the counter; a lost
 * session that returns to the same page after login. The citizen then tracks the record. Each test starts
 * from its own record (received through the API where the browser part begins later), so none depends on
 * another, and each ends with an assertion on what was stored.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];

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

async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string; status: string };
}

/**
 * A record of its own for a test: received at Ninh Kiều's counter through the API for a parcel in Cái Khế,
 * then taken as far as `until` (forwarded to Cái Khế, or with its result issued there).
 */
async function record(fullName: string, until: 'received' | 'at_cai_khe' | 'result_ready') {
  let r = await ok('nk.tiepnhan', '/api/records', {
    type: 'receive',
    checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: versionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName, phone: '0939 123 456' },
      routing: { landParcelUnitCode: '31120' },
    },
  });
  if (until === 'received') return r;
  r = await ok('nk.tiepnhan', `/api/records/${r.id}/forward`, { version: r.version });
  if (until === 'at_cai_khe') return r;
  r = await ok('ck.lanhdao', `/api/records/${r.id}/assign`, {
    version: r.version,
    assigneeId: users['ck.chuyenvien'],
  });
  r = await ok('ck.chuyenvien', `/api/records/${r.id}/forward`, { version: r.version });
  r = await ok('ck.lanhdao', `/api/records/${r.id}/approve`, { version: r.version });
  return ok('ck.chuyenvien', `/api/records/${r.id}/issue-result`, {
    version: r.version,
    documents: [{ name: 'Giấy chứng nhận đã đính chính' }],
  });
}

/** How many records name this applicant (a duplicate reception would make two). */
async function recordsOf(fullName: string): Promise<number> {
  const rows = await ctx.database.db
    .selectFrom('records')
    .select('id')
    .where(sql<boolean>`state->'applicant'->>'fullName' = ${fullName}`)
    .execute();
  return rows.length;
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
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
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

async function counter(page: Page, name: string) {
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
  await page.getByLabel('Thủ tục').fill('1.012796');
  await page.locator('.ant-select-item-option:visible', { hasText: '1.012796' }).first().click();
  await page.getByTestId('appointment').waitFor();
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Số điện thoại').fill('0939 123 456');
  await page.getByLabel('Xã, phường nơi có thửa đất').click();
  await page.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
  await page.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
}

describe('the officials’ workspace', { timeout: E2E_TIMEOUT }, () => {
  it('receives a cross-boundary record at the counter with the appointment from the calendar', async () => {
    const page = await as('nk.tiepnhan');
    await counter(page, 'Trương Văn Đức');
    await screenshot(page, 'workspace-counter');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    const code = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(code).toMatch(/^H13\.\d{3}\.01-\d{6}-\d{4}$/);
    await page.getByRole('link', { name: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' }).waitFor();
    await act(page, 'Chuyển bước tiếp theo', 'Đang xử lý');
    await screenshot(page, 'workspace-record');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows on the record page the procedure’s name, where it was received and who decides it (cross-boundary), the applicant’s contact details and who did each step', async () => {
    const r = await record('Hà Minh Khôi', 'at_cai_khe');
    const page = await as('ck.lanhdao');
    await page.goto(`${base}/can-bo/ho-so/${r.id}`);
    const details = page.locator('.ant-descriptions');
    await details.getByText('Đang xử lý', { exact: true }).waitFor();
    const row = (label: string) =>
      details.locator('tr', { has: page.locator('th', { hasText: label }) }).locator('td');
    await row('Thủ tục')
      .getByText(/Đính chính Giấy chứng nhận/)
      .waitFor();
    await row('Cơ quan giải quyết').getByText('Liên thông: tiếp nhận ở nơi khác').waitFor();
    expect(await row('Thủ tục').textContent()).toMatch(/^1\.012796 — Đính chính Giấy chứng nhận/);
    expect(await row('Nơi tiếp nhận').textContent()).toBe(
      'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    );
    expect(await row('Cơ quan giải quyết').textContent()).toContain('Ủy ban nhân dân phường Cái Khế');
    expect(await row('Số điện thoại').textContent()).toBe('+84939123456');
    const history = page.locator('.ant-timeline-item');
    await history.nth(2).waitFor();
    expect(
      (await history.allTextContents()).map((x) => x.replace(/ — \d\d:\d\d \d\d\/\d\d\/\d{4}/, '')),
    ).toEqual([
      'Tạo hồ sơ — Test reception, Trung tâm Phục vụ hành chính công phường Ninh Kiều',
      'Tiếp nhận — Test reception, Trung tâm Phục vụ hành chính công phường Ninh Kiều',
      'Chuyển bước — Test reception, Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    ]);
    await screenshot(page, 'workspace-record-details');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('is processed at Cái Khế: the leader assigns, the specialist forwards, the leader approves, the result is issued', async () => {
    const r = await record('Võ Thanh Tâm', 'at_cai_khe');
    const leader = await as('ck.lanhdao');
    await leader.getByText('Của đơn vị').click();
    await leader.getByRole('link', { name: r.code }).click();
    await act(leader, 'Giao xử lý', 'Đang xử lý', (p) => pick(p, 'Người xử lý', 'Test specialist'));
    const specialist = await as('ck.chuyenvien');
    await specialist.getByRole('link', { name: r.code }).click();
    await act(specialist, 'Chuyển bước tiếp theo', 'Đang xử lý');
    await leader.reload();
    await act(leader, 'Phê duyệt', 'Đã phê duyệt');
    await specialist.reload();
    await act(specialist, 'Ban hành kết quả', 'Đã có kết quả', (p) =>
      p.getByLabel('Tên kết quả').fill('Giấy chứng nhận đã đính chính'),
    );
    await screenshot(specialist, 'workspace-result-issued');
    await leader.context().close();
    await specialist.context().close();
    const stored = await get('ck.lanhdao', `/api/records/${r.id}`);
    expect(stored.status).toBe('result_ready');
    const { events } = await get('ck.lanhdao', `/api/records/${r.id}/timeline`);
    expect(events.slice(3).map((e: { type: string; actorId: string }) => [e.type, e.actorId])).toEqual([
      ['assigned', users['ck.lanhdao']],
      ['forwarded', users['ck.chuyenvien']],
      ['approved', users['ck.lanhdao']],
      ['result_issued', users['ck.chuyenvien']],
    ]);
  });

  it('is returned at Ninh Kiều, and the citizen sees it returned', async () => {
    const r = await record('Đinh Thị Mỹ Duyên', 'result_ready');
    const page = await as('nk.tiepnhan');
    await page.getByText('Của đơn vị').click();
    await page.getByRole('link', { name: r.code }).click();
    await act(page, 'Trả kết quả', 'Đã trả kết quả');
    await page.context().close();
    expect((await get('nk.tiepnhan', `/api/records/${r.id}`)).status).toBe('delivered');
    const citizen = await browser.newPage();
    await citizen.goto(`${base}/tra-cuu`);
    await citizen.getByLabel('Mã hồ sơ').fill(r.code);
    await citizen.getByLabel(/4 số cuối/).fill('3456');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    const status = citizen.getByText('Đã trả kết quả').first();
    await status.waitFor();
    expect(await status.textContent()).toBe('Đã trả kết quả');
    await screenshot(citizen, 'citizen-tracks-returned');
    await citizen.close();
  });

  it('refuses at the counter with reasons, and the refusal slip is ready', async () => {
    const page = await as('nk.tiepnhan');
    await counter(page, 'Lâm Thị Hồng');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    await page.getByLabel('Lý do').fill('Hồ sơ không thuộc thẩm quyền giải quyết');
    await closeWith(page.getByRole('dialog'), 'Xác nhận');
    await page.locator('.ant-descriptions').getByText('Không được tiếp nhận', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' }).waitFor();
    await screenshot(page, 'workspace-refusal');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.context().close();
    const stored = await get('nk.tiepnhan', `/api/records/${id}`);
    expect([stored.status, stored.applicant.fullName]).toEqual(['refused', 'Lâm Thị Hồng']);
    const slips = await get('nk.tiepnhan', `/api/records/${id}/slips`);
    expect(slips.items.map((s: { title: string }) => s.title)).toContain(
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    );
  });

  it('takes an online submission from a citizen on a phone, reception accepts it, a supplement goes round trip, the result is returned and rated', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Ban sao Giay chung nhan');
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-e2e-')), 'giay-chung-nhan.pdf');
    writeFileSync(file, await doc.save());
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const citizen = await phone.newPage();
    await citizen.goto(`${base}/thu-tuc/1.012796`);
    await citizen.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await citizen.getByLabel('Họ và tên').fill('Ngô Thị Kim Liên');
    await citizen.getByLabel('Số định danh cá nhân').fill('09218500123');
    await citizen.getByLabel('Số điện thoại').fill('0907 654 321');
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await citizen.getByText('Số định danh gồm 12 chữ số').waitFor();
    await citizen.getByLabel('Số định danh cá nhân').fill('092185001234');
    await citizen.getByLabel('Xã, phường nơi có thửa đất').click();
    await citizen.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
    await citizen.locator('input[type=file]').first().setInputFiles(file);
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').click();
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').fill('Ninh Kiều');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'phường Ninh Kiều' }).first().click();
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await citizen.getByText('Đã nộp hồ sơ').waitFor();
    await citizen.getByText('Đã tải lên 1 tệp').waitFor();
    const qr = citizen.getByRole('img', { name: 'Mã QR để mở lại hồ sơ' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(citizen, 'citizen-online-receipt');
    expect(await seriousViolations(citizen)).toEqual([]);

    const reception = await as('nk.tiepnhan');
    await reception.getByText('Của đơn vị').click();
    await reception
      .getByRole('row', { name: /Ngô Thị Kim Liên/ })
      .getByRole('link')
      .click();
    await act(reception, 'Tiếp nhận', 'Được tiếp nhận');
    const onlineCode = (await reception.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(onlineCode).toMatch(/^H13\.\d{3}\.01-\d{6}-\d{4}$/);
    await act(reception, 'Chuyển bước tiếp theo', 'Đang xử lý');
    await reception.context().close();

    const leader = await as('ck.lanhdao');
    await leader.getByText('Của đơn vị').click();
    await leader.getByRole('link', { name: onlineCode }).click();
    await act(leader, 'Giao xử lý', 'Đang xử lý', (p) => pick(p, 'Người xử lý', 'Test specialist'));
    await leader.context().close();
    const specialist = await as('ck.chuyenvien');
    await specialist.getByRole('link', { name: onlineCode }).click();
    await act(specialist, 'Yêu cầu bổ sung', 'Yêu cầu bổ sung', async (p) => {
      await p.getByLabel('Lý do').fill('Thiếu bản gốc Giấy chứng nhận');
      await pick(p, 'Giấy tờ cần bổ sung', 'Bản gốc Giấy chứng nhận');
      // A multiple select keeps its list open; click elsewhere in the form to close it.
      await p.getByLabel('Lý do').click();
      await p.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    });

    await citizen.getByRole('link', { name: 'Xem hồ sơ của tôi' }).click();
    await citizen.getByRole('heading', { name: 'Cơ quan yêu cầu bổ sung hồ sơ' }).waitFor();
    await citizen.getByText('Thiếu bản gốc Giấy chứng nhận').waitFor();
    await citizen.locator('input[type=file]').first().setInputFiles(file);
    await screenshot(citizen, 'citizen-supplement');
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
    await citizen.getByText('Đã gửi. Cơ quan sẽ tiếp tục xử lý hồ sơ của bạn.').waitFor();
    await citizen.getByText('Đang xử lý').first().waitFor();

    await specialist.reload();
    await specialist.locator('.ant-descriptions').getByText('Đang xử lý', { exact: true }).waitFor();
    await act(specialist, 'Chuyển bước tiếp theo', 'Đang xử lý');
    const approver = await as('ck.lanhdao');
    await approver.getByText('Của đơn vị').click();
    await approver.getByRole('link', { name: onlineCode }).click();
    await act(approver, 'Phê duyệt', 'Đã phê duyệt');
    await approver.context().close();
    await specialist.reload();
    await act(specialist, 'Ban hành kết quả', 'Đã có kết quả', (p) =>
      p.getByLabel('Tên kết quả').fill('Giấy chứng nhận đã đính chính'),
    );
    await specialist.context().close();
    const returner = await as('nk.tiepnhan');
    await returner.getByText('Của đơn vị').click();
    await returner.getByRole('link', { name: onlineCode }).click();
    await act(returner, 'Trả kết quả', 'Đã trả kết quả', (p) => pick(p, 'Hình thức trả', 'Trực tuyến'));
    await returner.context().close();

    await citizen.reload();
    await citizen.getByRole('heading', { name: 'Đánh giá việc giải quyết hồ sơ' }).waitFor();
    await citizen.locator('.ant-rate-star').nth(4).click();
    await citizen.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình');
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await citizen.getByText('Cảm ơn bạn đã đánh giá: 5/5').waitFor();
    await screenshot(citizen, 'citizen-rated');
    expect(await seriousViolations(citizen)).toEqual([]);
    await phone.close();
  });

  it('sends a lost session to login and back to the same page', async () => {
    const page = await as('nk.tiepnhan');
    await page.goto(`${base}/can-bo/tiep-nhan`);
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await page.context().clearCookies();
    await page.reload();
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/can-bo/tiep-nhan');
    await page.getByLabel('Tên đăng nhập').fill('nk.tiepnhan');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await page.context().close();
  });
});

describe('the counter from the keyboard', { timeout: E2E_TIMEOUT }, () => {
  it('receives a land correction and opens its receipt to print with at most 40 keystrokes besides the typed data', async () => {
    const page = await as('nk.tiepnhan');
    await page.goto(`${base}/can-bo/tiep-nhan`);
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    let keystrokes = 0;
    /** A key that moves, chooses or confirms: counted. */
    const press = async (key: string) => {
      keystrokes++;
      await page.keyboard.press(key);
    };
    /** The applicant's data as typed: not counted (the bound is on everything else). */
    const type = (text: string) => page.keyboard.type(text);
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        return e?.getAttribute('aria-label') || e?.id || e?.textContent?.trim() || '';
      });
    // The cursor starts in the procedure search.
    expect(await focused()).toBe('Thủ tục');
    await type('1.012796');
    await page.locator('.ant-select-item-option:visible', { hasText: '1.012796' }).first().waitFor();
    await press('Enter');
    await page.getByTestId('appointment').waitFor();
    const boxes = await page.getByRole('checkbox').count();
    expect(boxes).toBeGreaterThan(0);
    for (let i = 0; i < boxes; i++) {
      await press('Tab');
      await press('Space');
    }
    await press('Tab');
    expect(await focused()).toBe('fullName');
    await type('Phan Thị Ngọc Hân');
    await press('Tab');
    await type('092185003333');
    await press('Tab');
    expect(await focused()).toBe('birthDate');
    await type('15/06/1985');
    // Enter confirms the date; it does not receive the record.
    await press('Enter');
    expect(await focused()).toBe('birthDate');
    expect(await recordsOf('Phan Thị Ngọc Hân')).toBe(0);
    await press('Tab');
    expect(await focused()).toBe('sex');
    await press('ArrowDown');
    await page.locator('.ant-select-item-option:visible', { hasText: 'Nữ' }).waitFor();
    await press('ArrowDown');
    await press('Enter');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    // The select is closed for itself too (a Tab while it still counts itself open stays in it).
    await page.locator('#sex[aria-expanded="false"]').waitFor();
    await animationsDone(page);
    expect(await page.locator('.ant-select', { has: page.locator('#sex') }).textContent()).toBe('Nữ');
    // The clear buttons that appear once a value is chosen are no Tab stops.
    await press('Tab');
    expect(await focused()).toBe('phone');
    await type('0939 222 333');
    await press('Tab');
    await type('12 Hai Bà Trưng, phường Ninh Kiều');
    // The land procedure asks only the commune of the parcel (its competent-agency rule reads nothing else).
    await press('Tab');
    expect(await focused()).toBe('landParcelUnitCode');
    await type('Cái Khế');
    await page.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().waitFor();
    await press('Enter');
    // The list closes before the cursor moves on (a Tab into a closing list stays in the field).
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await page.locator('#landParcelUnitCode[aria-expanded="false"]').waitFor();
    await animationsDone(page);
    expect(
      await page.locator('.ant-select', { has: page.locator('#landParcelUnitCode') }).textContent(),
    ).toContain('Cái Khế');
    await press('Tab');
    expect(await focused()).toBe('Tiếp nhận');
    await press('Enter');
    await page.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    // The cursor waits on the receipt: Enter opens it to print.
    await page.getByRole('link', { name: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'A');
    expect(await focused()).toBe('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    const slip = page.context().waitForEvent('page');
    await press('Enter');
    expect(new URL((await slip).url()).pathname).toMatch(/^\/api\/records\/[0-9a-f-]+\/slips\/01$/);
    expect(await recordsOf('Phan Thị Ngọc Hân')).toBe(1);
    expect(keystrokes).toBeLessThanOrEqual(40);
    await page.context().close();
  });

  it('brings a problem the server names into view and gives it the cursor', async () => {
    const page = await as('nk.tiepnhan');
    await counter(page, 'Quách Văn Lực');
    // A personal ID of a woman (G = 1) declared a man: the server refuses.
    await page.getByLabel('Số định danh cá nhân').fill('092185004444');
    await page.getByLabel('Giới tính').click();
    await page.locator('.ant-select-item-option:visible', { hasText: 'Nam' }).click();
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.waitForFunction(() => document.activeElement?.querySelector('[role="alert"]') !== null);
    const box = await alert.boundingBox();
    const viewport = page.viewportSize()!;
    expect(box!.y >= 0 && box!.y + box!.height <= viewport.height).toBe(true);
    expect(await recordsOf('Quách Văn Lực')).toBe(0);
    await page.context().close();
  });

  it('keeps one Idempotency-Key per form: a retry after a lost answer gets the same record, not a second one', async () => {
    const page = await as('nk.tiepnhan');
    await counter(page, 'Tạ Minh Nhật');
    const keys: string[] = [];
    let lose = true;
    await page.route('**/api/records', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      // The first reception reaches the server, but its answer is lost on the way back.
      const answer = await route.fetch();
      if (lose) {
        lose = false;
        await route.abort('connectionreset');
      } else await route.fulfill({ response: answer });
    });
    const receive = page.getByRole('button', { name: 'Tiếp nhận', exact: true });
    await receive.click();
    await page.getByRole('alert').getByText('Không kết nối được máy chủ.').waitFor();
    await receive.click();
    await page.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await recordsOf('Tạ Minh Nhật')).toBe(1);
    await page.context().close();
  });
});

describe('an official’s session on a shared counter PC', { timeout: E2E_TIMEOUT }, () => {
  it('names who is signed in, names each page in the title, has one main region, and signs out', async () => {
    const page = await as('nk.tiepnhan');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(
      'Đang đăng nhập: Test reception (nk.tiepnhan)',
    );
    await page.waitForFunction(() => document.title.startsWith('Hồ sơ cần xử lý'));
    expect(await page.title()).toBe('Hồ sơ cần xử lý — Cổng dịch vụ công thành phố Cần Thơ');
    expect(await page.locator('main').count()).toBe(1);
    await page.goto(`${base}/can-bo/tiep-nhan`);
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await page.waitForFunction(() => document.title.startsWith('Tiếp nhận'));
    expect(await page.title()).toBe('Tiếp nhận hồ sơ tại quầy — Cổng dịch vụ công thành phố Cần Thơ');
    expect(await page.locator('main').count()).toBe(1);
    // The empty counter passes contrast too (its placeholder among it).
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    // The session is gone on the server, not only in this page.
    await page.goto(`${base}/can-bo/tiep-nhan`);
    await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
    const me = await page.request.get(`${base}/api/auth/me`);
    expect(me.status()).toBe(401);
    await page.context().close();
  });
});
