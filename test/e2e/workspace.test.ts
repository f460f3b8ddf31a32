import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { act, closeWith, launchChromium, pick, screenshot, seriousViolations } from './browser.ts';

/**
 * The officials' workspace in Debian's Chromium: a cross-boundary record received at the one-stop unit of
 * phường Ninh Kiều for a land parcel in phường Cái Khế, processed there (assign, forward, approve, issue)
 * and returned at Ninh Kiều, each official in their own browser session; a refusal at the counter; a lost
 * session that returns to the same page after login. The citizen then tracks the record.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';

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
  await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'nk.tiepnhan' });
  await ctx.signIn(['specialist'], { agencyKey: '31120-ubnd', username: 'ck.chuyenvien' });
  await ctx.signIn(['leader'], { agencyKey: '31120-ubnd', username: 'ck.lanhdao' });
  browser = await launchChromium();
});
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

describe('the officials’ workspace', () => {
  let code = '';

  it('receives a cross-boundary record at the counter with the appointment from the calendar', async () => {
    const page = await as('nk.tiepnhan');
    await counter(page, 'Trương Văn Đức');
    await screenshot(page, 'workspace-counter');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    code = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(code).toMatch(/^H13\.\d{3}\.01-\d{6}-\d{4}$/);
    await page.getByRole('link', { name: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' }).waitFor();
    await act(page, 'Chuyển bước tiếp theo', 'Đang xử lý');
    await screenshot(page, 'workspace-record');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('is processed at Cái Khế: the leader assigns, the specialist forwards, the leader approves, the result is issued', async () => {
    const leader = await as('ck.lanhdao');
    await leader.getByText('Của đơn vị').click();
    await leader.getByRole('link', { name: code }).click();
    await act(leader, 'Giao xử lý', 'Đang xử lý', (p) => pick(p, 'Người xử lý', 'Test specialist'));
    const specialist = await as('ck.chuyenvien');
    await specialist.getByRole('link', { name: code }).click();
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
  });

  it('is returned at Ninh Kiều, and the citizen sees it returned', async () => {
    const page = await as('nk.tiepnhan');
    await page.getByText('Của đơn vị').click();
    await page.getByRole('link', { name: code }).click();
    await act(page, 'Trả kết quả', 'Đã trả kết quả');
    await page.context().close();
    const citizen = await browser.newPage();
    await citizen.goto(`${base}/tra-cuu`);
    await citizen.getByLabel('Mã hồ sơ').fill(code);
    await citizen.getByLabel(/4 số cuối/).fill('3456');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await citizen.getByText('Đã trả kết quả').waitFor();
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
    await page.context().close();
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
  }, 240_000);

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
