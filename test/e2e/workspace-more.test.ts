import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';
import { act, E2E_TIMEOUT, launchChromium, pick, screenshot, seriousViolations } from './browser.ts';

/**
 * More of the workspace and portal in Debian's Chromium: the leader's approval queue (approve from it,
 * then draft, sign, issue and return the result), officials' search (a name typed without diacritics, a
 * phone), the record's documents (an official uploads a scan and keeps documents in the citizen's
 * repository), and a citizen's draft saved, found again after a reload, and submitted.
 * Land correction 1.012796 received at phường Ninh Kiều for a parcel in phường Cái Khế.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
let pdf: string;
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

async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().record as { id: string; version: number; code: string };
}

/** A record received at Ninh Kiều's counter; with `toLeader`, brought to Cái Khế's approval step. */
async function record(fullName: string, phone: string, personalId: string, toLeader: boolean) {
  let r = await ok('nk.tiepnhan', '/api/records', {
    type: 'receive',
    checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: versionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName, phone, personalId },
      routing: { landParcelUnitCode: '31120' },
    },
  });
  if (!toLeader) return r;
  r = await ok('nk.tiepnhan', `/api/records/${r.id}/forward`, { version: r.version });
  r = await ok('ck.lanhdao', `/api/records/${r.id}/assign`, {
    version: r.version,
    assigneeId: users['ck.chuyenvien'],
  });
  return ok('ck.chuyenvien', `/api/records/${r.id}/forward`, { version: r.version });
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
    users[name] = (
      await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(name) })
    ).json().userId;
  }
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Ban quet Giay chung nhan');
  pdf = join(mkdtempSync(join(tmpdir(), 'motcua-e2e-more-')), 'ban-quet.pdf');
  writeFileSync(pdf, await doc.save());
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('the leader’s approval queue', { timeout: E2E_TIMEOUT }, () => {
  it('shows the record at the leader’s step; the leader approves it from there, then drafts, signs and issues the result, and reception returns it', async () => {
    const r = await record('Đặng Quốc Bảo', '0907 111 222', '092085009876', true);
    const leader = await as('ck.lanhdao');
    await leader.getByRole('link', { name: 'Chờ phê duyệt' }).click();
    await leader.getByRole('heading', { name: 'Hồ sơ chờ phê duyệt' }).waitFor();
    const row = leader.getByRole('row', { name: /Đặng Quốc Bảo/ });
    await row.waitFor();
    await expect(row.getByRole('cell', { name: 'Chưa giao' }).count()).resolves.toBe(1);
    await screenshot(leader, 'workspace-approval-queue');
    expect(await seriousViolations(leader)).toEqual([]);
    await row.getByRole('link', { name: r.code }).click();
    await leader.getByRole('heading', { level: 1, name: r.code }).waitFor();
    await act(leader, 'Phê duyệt', 'Đã phê duyệt');
    await leader.getByRole('link', { name: 'Chờ phê duyệt' }).click();
    await leader.getByText('Không có hồ sơ nào chờ phê duyệt.').waitFor();
    expect(await leader.getByRole('row', { name: /Đặng Quốc Bảo/ }).count()).toBe(0);

    await leader.goto(`${base}/can-bo/ho-so/${r.id}`);
    await leader.getByRole('heading', { name: 'Kết quả giải quyết' }).waitFor();
    await leader.getByLabel('Tên văn bản kết quả').fill('Quyết định đính chính Giấy chứng nhận');
    await leader.getByLabel('Số, ký hiệu').fill('125/QĐ-UBND');
    await leader
      .getByLabel('Nội dung (mỗi đoạn một dòng)')
      .fill('Đính chính thông tin thửa đất số 45, tờ bản đồ số 12 cho ông Đặng Quốc Bảo.');
    await leader.getByRole('button', { name: 'Tạo kết quả từ mẫu' }).click();
    await leader.getByRole('link', { name: '125/QĐ-UBND — Quyết định đính chính Giấy chứng nhận' }).waitFor();
    await leader.getByText('Chưa ký').waitFor();
    await leader.getByRole('button', { name: 'Ký số cá nhân' }).click();
    await leader.getByText('Đã ký số văn bản kết quả.').waitFor();
    await leader.getByText('Chưa ký').waitFor({ state: 'detached' });
    await screenshot(leader, 'workspace-result-signed');
    expect(await seriousViolations(leader)).toEqual([]);
    await act(leader, 'Ban hành kết quả', 'Đã có kết quả', async (p) => {
      expect(await p.getByLabel('Tên kết quả').inputValue()).toBe('Quyết định đính chính Giấy chứng nhận');
    });
    const results = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/results`,
      headers: auth('ck.lanhdao'),
    });
    expect(results.json().items.map((x: { signatures: unknown[] }) => x.signatures.length)).toEqual([1]);
    await leader.context().close();

    const reception = await as('nk.tiepnhan');
    await reception.goto(`${base}/can-bo/ho-so/${r.id}`);
    await act(reception, 'Trả kết quả', 'Đã trả kết quả');
    await reception.context().close();
  });
});

describe('officials’ search', { timeout: E2E_TIMEOUT }, () => {
  it('finds a record by the name typed without diacritics, by phone and by code', async () => {
    const r = await record('Trương Thị Ánh Nguyệt', '0939 555 777', '092185005678', false);
    await record('Trương Văn Sáu', '0939 000 111', '092085001111', false);
    const page = await as('nk.tiepnhan');
    await page.getByRole('link', { name: 'Tìm hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Tìm hồ sơ' }).waitFor();
    const box = page.getByLabel('Mã hồ sơ, họ tên, số định danh hoặc số điện thoại');
    await box.fill('t');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Nhập ít nhất 2 ký tự').waitFor();
    await box.fill('truong thi anh nguyet');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Tìm thấy 1 hồ sơ').waitFor();
    await page.getByRole('row', { name: /Trương Thị Ánh Nguyệt/ }).waitFor();
    expect(await page.getByRole('row', { name: /Trương Văn Sáu/ }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('q')).toBe('truong thi anh nguyet');
    await screenshot(page, 'workspace-search');
    expect(await seriousViolations(page)).toEqual([]);
    await box.fill('0939 555 777');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Tìm thấy 1 hồ sơ').waitFor();
    await page.getByRole('row', { name: /Trương Thị Ánh Nguyệt/ }).waitFor();
    await box.fill(r.code);
    await box.press('Enter');
    await page
      .getByRole('row', { name: /Trương Thị Ánh Nguyệt/ })
      .getByRole('link', { name: r.code })
      .click();
    await page.getByRole('heading', { level: 1, name: r.code }).waitFor();
    await page.context().close();
  });
});

describe('the record’s documents', { timeout: E2E_TIMEOUT }, () => {
  it('lists the documents with their origin and flags; an official uploads a scan and keeps it in the citizen’s repository', async () => {
    const r = await record('Lý Thị Cẩm Tú', '0918 222 333', '092185002468', false);
    const page = await as('nk.tiepnhan');
    await page.goto(`${base}/can-bo/ho-so/${r.id}`);
    await page.getByRole('heading', { name: 'Giấy tờ trong hồ sơ' }).waitFor();
    await page.getByText('Chưa có giấy tờ nào.').waitFor();
    await pick(page, 'Thành phần hồ sơ', documents[0]!);
    await page.locator('form[aria-label="Tải lên giấy tờ"] input[type=file]').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Tải lên bản quét' }).click();
    const row = page.getByRole('row', { name: /ban-quet\.pdf/ });
    await row.waitFor();
    await row.getByText('Quét tại quầy').waitFor();
    await row.getByText('Đã số hóa').waitFor();
    expect(await row.getByRole('link', { name: 'ban-quet.pdf' }).getAttribute('href')).toMatch(
      new RegExp(`^/api/records/${r.id}/documents/[0-9a-f-]+/content$`),
    );
    await page.getByRole('checkbox', { name: `Chọn ${documents[0]}` }).check();
    const keep = page.getByRole('button', { name: 'Lưu vào kho dữ liệu của công dân' });
    expect(await keep.isDisabled()).toBe(true);
    await page
      .getByRole('checkbox', { name: 'Tôi đã đối chiếu căn cước của người nộp với số định danh trên hồ sơ' })
      .check();
    await keep.click();
    await page.getByText('Đã lưu 1 giấy tờ vào kho dữ liệu của công dân.').waitFor();
    await screenshot(page, 'workspace-record-documents');
    expect(await seriousViolations(page)).toEqual([]);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/documents`,
      headers: auth('nk.tiepnhan'),
    });
    expect(
      listed
        .json()
        .items.map((d: { component: string; origin: string; digitised: boolean }) => [
          d.component,
          d.origin,
          d.digitised,
        ]),
    ).toEqual([[documents[0], 'counter_scan', true]]);
    await page.context().close();
  });
});

describe('a citizen’s draft', { timeout: E2E_TIMEOUT }, () => {
  it('is saved with a document, found again after a reload, and submitted', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const citizen = await phone.newPage();
    await citizen.goto(`${base}/nop-ho-so/1.012796`);
    await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await citizen.getByLabel('Họ và tên').fill('Mai Thị Thu Hà');
    await citizen.getByLabel('Số định danh cá nhân').fill('092185007777');
    await citizen.getByLabel('Số điện thoại').fill('0908 765 111');
    await citizen.getByLabel('Xã, phường nơi có thửa đất').click();
    await citizen.getByLabel('Xã, phường nơi có thửa đất').fill('Cái Khế');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'Cái Khế' }).first().click();
    await citizen.locator('input[type=file]').first().setInputFiles(pdf);
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').click();
    await citizen.getByLabel('Nơi tiếp nhận hồ sơ').fill('Ninh Kiều');
    await citizen.locator('.ant-select-item-option:visible', { hasText: 'phường Ninh Kiều' }).first().click();
    await citizen.getByRole('button', { name: 'Lưu nháp' }).click();
    await citizen.getByText('Đã lưu nháp. Bạn có thể quay lại trên trình duyệt này để nộp.').waitFor();
    const saved = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'status'])
      .where('applicantName', '=', 'Mai Thị Thu Hà')
      .execute();
    expect(saved.map((s) => s.status)).toEqual(['draft']);

    await citizen.reload();
    await citizen.getByText(/^Hồ sơ nháp đã lưu lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/).waitFor();
    await citizen.getByText('Đã tải lên: ban-quet.pdf').waitFor();
    expect(await citizen.getByLabel('Họ và tên').inputValue()).toBe('Mai Thị Thu Hà');
    expect(await citizen.getByLabel('Họ và tên').isDisabled()).toBe(true);
    await screenshot(citizen, 'citizen-draft');
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await citizen.getByText('Đã nộp hồ sơ').waitFor();
    await citizen.getByText('Đã tải lên 1 tệp').waitFor();
    const submitted = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'status'])
      .where('applicantName', '=', 'Mai Thị Thu Hà')
      .execute();
    expect(submitted).toEqual([{ id: saved[0]!.id, status: 'submitted' }]);

    await citizen.goto(`${base}/nop-ho-so/1.012796`);
    await citizen.getByRole('heading', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    expect(await citizen.getByText(/Hồ sơ nháp đã lưu lúc/).count()).toBe(0);
    expect(await citizen.getByLabel('Họ và tên').inputValue()).toBe('');
    await phone.close();
  });
});
