import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  animationsDone,
  E2E_TIMEOUT,
  launchChromium,
  pick,
  RETRY_AFTER,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The catalogue administration in Debian's Chromium (issue 14, items 6 and 7): the demo city administrator
 * `quantri` opens the receivability page, finds a real procedure of the seeded catalogue that cannot be
 * received because it has no time limit — 1.003976 "Giải quyết việc nuôi con nuôi có yếu tố nước ngoài đối
 * với trẻ em sống ở cơ sở nuôi dưỡng", whose published time cells (in person and by post) say "Không có
 * thông tin" and whose text names no competent agency — follows the reason's "Sửa" link to the time-limit
 * field, sees the published text beside it, is refused by the API (named field) while the post channel has
 * no limit, then sets both limits and the competent agency (Sở Tư pháp) under a decision and saves: version 2
 * is in force and the procedure is receivable at the counter. The counter official of the city's Public
 * Administration Service Center (`tiepnhan.trungtam`) then receives a record of it at the counter, under
 * version 2. Each page is screenshotted and scanned by axe-core.
 */

const CODE = '1.003976';
const DECISION = '2718/QĐ-UBND';

let ctx: TestContext;
let base: string;
let browser: Browser;

async function signIn(username: string): Promise<Page> {
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

/** Types into the searchable select labelled `label` and chooses the option showing `option`. */
async function searchAndPick(page: Page, label: string, query: string, option: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  const chosen = page.locator('.ant-select-content, .ant-select-selection-item', { hasText: option }).first();
  for (let attempt = 0; attempt < 4; attempt++) {
    await box.click();
    await box.fill(query);
    await page.locator('.ant-select-item-option:visible', { hasText: option }).first().click();
    if (
      await chosen.waitFor({ timeout: RETRY_AFTER }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

/** The seeded procedure version in force and how many versions it has. */
async function versions(): Promise<{ id: string; version: number }[]> {
  return ctx.database.db
    .selectFrom('procedureVersions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedureId')
    .select(['v.id', 'v.version'])
    .where('p.code', '=', CODE)
    .orderBy('v.version')
    .execute();
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

describe('catalogue administration', { timeout: E2E_TIMEOUT }, () => {
  it('an administrator fixes an unreceivable procedure (time limit and competent agency) and a counter receives it', async () => {
    const before = await versions();
    expect(before.map((v) => v.version)).toEqual([1]);

    const admin = await signIn('quantri');
    await admin.getByRole('link', { name: 'Quản trị' }).click();
    await admin
      .getByRole('navigation', { name: 'Quản trị hệ thống' })
      .getByRole('link', { name: 'Danh mục thủ tục' })
      .click();
    await admin.getByRole('heading', { level: 1, name: 'Danh mục thủ tục: khả năng tiếp nhận' }).waitFor();
    await admin
      .getByTestId('readiness-total')
      .getByText(/\d+ thủ tục trong danh mục/)
      .waitFor();
    // The summary counts the procedures that have no time limit: the reason this procedure has.
    const noTime = admin
      .getByTestId('readiness-summary')
      .getByRole('row')
      .filter({ hasText: 'Chưa có thời hạn giải quyết' });
    expect(Number((await noTime.getByRole('cell').last().textContent())?.trim())).toBeGreaterThan(0);
    await screenshot(admin, 'catalog-readiness');
    expect(await seriousViolations(admin)).toEqual([]);

    // Filter by that reason, then find the procedure by its code.
    await pick(admin, 'Lý do', 'Chưa có thời hạn giải quyết');
    await admin.getByLabel('Tìm theo tên hoặc mã thủ tục').fill(CODE);
    await admin.getByLabel('Tìm theo tên hoặc mã thủ tục').press('Enter');
    const row = admin.getByRole('row').filter({ hasText: CODE });
    await row
      .getByText(/Không có thông tin/)
      .first()
      .waitFor();
    expect(await row.textContent()).toContain('Chưa qua cách nào');
    await screenshot(admin, 'catalog-readiness-filtered');
    expect(await seriousViolations(admin)).toEqual([]);

    // "Sửa" opens the procedure at its time limit, the published text beside the field.
    await row
      .getByRole('link', { name: `Sửa thời hạn giải quyết của thủ tục ${CODE}` })
      .first()
      .click();
    await admin
      .getByRole('heading', { level: 1, name: new RegExp(`^${CODE.replaceAll('.', '\\.')} — `) })
      .waitFor();
    expect(await admin.getByTestId('source-time-in_person').textContent()).toBe('Không có thông tin');
    expect(await admin.getByTestId('source-time-post').textContent()).toBe('Không có thông tin');
    const inPerson = admin.getByLabel('Thời hạn (Trực tiếp)');
    await admin.waitForFunction(
      () => document.activeElement?.getAttribute('id')?.includes('timeLimits_in_person_value') ?? false,
    );
    await screenshot(admin, 'catalog-procedure-edit');
    expect(await seriousViolations(admin)).toEqual([]);

    // An in-person limit alone leaves the post channel without one: the API refuses, naming that field.
    await inPerson.fill('60');
    await admin.getByLabel('Số quyết định công bố').fill(DECISION);
    await admin.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    const problem = admin.getByRole('alert').filter({ hasText: 'Thời hạn (Dịch vụ bưu chính)' });
    await problem.waitFor();
    await admin
      .locator('.ant-form-item')
      .filter({ has: admin.getByLabel('Thời hạn (Dịch vụ bưu chính)') })
      .locator('.ant-form-item-explain-error')
      .waitFor();
    await screenshot(admin, 'catalog-procedure-refused');
    expect(await seriousViolations(admin)).toEqual([]);
    expect((await versions()).length).toBe(1);

    // Both limits, and the competent agency: the city's Department of Justice.
    await admin.getByLabel('Thời hạn (Dịch vụ bưu chính)').fill('60');
    await pick(admin, 'Cách xác định cơ quan', 'Một sở, ngành cấp thành phố');
    await animationsDone(admin);
    await searchAndPick(admin, 'Cơ quan', 'Sở Tư pháp', 'Sở Tư pháp thành phố Cần Thơ');
    await admin.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    const saved = admin.getByRole('status').filter({ hasText: 'Phiên bản 2 có hiệu lực từ' });
    await saved.waitFor();
    await saved.getByText(/Thủ tục đã tiếp nhận được tại quầy/).waitFor();
    expect(await saved.textContent()).toContain(DECISION);
    await admin.getByRole('cell', { name: DECISION }).waitFor();
    await screenshot(admin, 'catalog-procedure-saved');
    expect(await seriousViolations(admin)).toEqual([]);
    const after = await versions();
    expect(after.map((v) => v.version)).toEqual([1, 2]);
    await admin.context().close();

    // The city's service center receives a record of it at the counter, under version 2.
    const counter = await signIn('tiepnhan.trungtam');
    await counter.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await counter.getByLabel('Thủ tục').fill(CODE);
    await counter.locator('.ant-select-item-option:visible', { hasText: CODE }).first().click();
    await counter.getByText(/Thời hạn giải quyết: 60 ngày làm việc/).waitFor();
    for (const box of await counter.getByRole('checkbox').all()) await box.check();
    await counter.getByLabel('Họ và tên').fill('Trần Thị Bích Ngọc');
    await counter.getByLabel('Số điện thoại').fill('0907 135 246');
    await counter.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await counter.locator('.ant-descriptions').getByText('Được tiếp nhận', { exact: true }).waitFor();
    const recordCode = ((await counter.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    await screenshot(counter, 'catalog-received');
    expect(await seriousViolations(counter)).toEqual([]);
    const record = await ctx.database.db
      .selectFrom('records')
      .select(['procedureVersionId', 'status'])
      .where('code', '=', recordCode)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ procedureVersionId: after[1]!.id, status: 'received' });
    await counter.context().close();
  });

  it('a bulk edit previews the procedures it changes, then applies; a cross-boundary list with unknown codes is refused row by row', async () => {
    const admin = await signIn('quantri');
    await admin.goto(`${base}/can-bo/quan-tri/thu-tuc-sua-hang-loat`);
    await admin.getByRole('heading', { level: 1, name: 'Sửa hàng loạt' }).waitFor();
    // 1.003160 (Nuôi con nuôi, city level): its only channel, in person, publishes no time limit.
    await admin.getByLabel('Chỉ các mã thủ tục').fill('1.003160');
    await admin.getByRole('radio', { name: 'Thời hạn giải quyết (tại quầy)' }).check();
    await admin.getByLabel('Thời hạn (Trực tiếp)').fill('40');
    await admin.getByLabel('Số quyết định công bố').fill('2719/QĐ-UBND');
    await admin.getByRole('button', { name: 'Xem trước' }).click();
    const outcome = admin.getByRole('status').filter({ hasText: '1 thủ tục sẽ được sửa' });
    await outcome.waitFor();
    await outcome.getByRole('row').filter({ hasText: '1.003160' }).getByText('Sửa được').waitFor();
    await screenshot(admin, 'catalog-bulk-preview');
    expect(await seriousViolations(admin)).toEqual([]);
    const stored = () =>
      ctx.database.db
        .selectFrom('procedureVersions as v')
        .innerJoin('procedures as p', 'p.id', 'v.procedureId')
        .select('v.version')
        .where('p.code', '=', '1.003160')
        .orderBy('v.version')
        .execute();
    expect((await stored()).map((v) => v.version)).toEqual([1]);
    await admin.getByRole('button', { name: 'Áp dụng' }).click();
    await admin.getByRole('status').filter({ hasText: 'Đã tạo phiên bản mới cho 1 thủ tục.' }).waitFor();
    expect((await stored()).map((v) => v.version)).toEqual([1, 2]);

    // The form attached to its first document, on the procedure's own page: version 3.
    await admin.getByRole('status').getByRole('link', { name: '1.003160' }).click();
    await admin.getByRole('heading', { level: 1, name: /^1\.003160 — / }).waitFor();
    await admin.getByLabel('Mẫu đơn, tờ khai (giấy tờ 1)').fill('To khai nuoi con nuoi.docx');
    await admin.getByLabel('Số quyết định công bố').fill('2721/QĐ-UBND');
    await admin.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await admin.getByRole('status').filter({ hasText: 'Phiên bản 3 có hiệu lực từ' }).waitFor();
    await admin
      .getByRole('row')
      .filter({ hasText: '2721/QĐ-UBND' })
      .getByText(/mẫu đơn, tờ khai/)
      .waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    const v3 = await ctx.database.db
      .selectFrom('procedureVersions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedureId')
      .select('v.data')
      .where('p.code', '=', '1.003160')
      .where('v.version', '=', 3)
      .executeTakeFirstOrThrow();
    expect((v3.data as { documents: { form?: string }[] }).documents[0]!.form).toBe(
      'To khai nuoi con nuoi.docx',
    );

    await admin
      .getByRole('navigation', { name: 'Danh mục thủ tục' })
      .getByRole('link', { name: 'Danh sách phi địa giới' })
      .click();
    await admin
      .getByRole('heading', {
        level: 1,
        name: 'Danh sách thủ tục tiếp nhận không phụ thuộc địa giới hành chính',
      })
      .waitFor();
    const csv =
      'Mã TTHC,Tên thủ tục hành chính\n1.003976,Giải quyết việc nuôi con nuôi\n1.999998,Không có\n1.999999,Không có\n';
    await admin
      .getByLabel('Tệp danh sách (CSV, XLSX)')
      .setInputFiles({ name: 'phi-dia-gioi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByLabel('Số quyết định công bố').fill('2720/QĐ-UBND');
    await admin.getByRole('button', { name: 'Tải lên' }).click();
    const refused = admin.getByRole('alert');
    await refused
      .getByRole('row')
      .filter({ hasText: 'không có thủ tục mã 1.999998' })
      .getByRole('cell', { name: '3', exact: true })
      .waitFor();
    await refused
      .getByRole('row')
      .filter({ hasText: 'không có thủ tục mã 1.999999' })
      .getByRole('cell', { name: '4', exact: true })
      .waitFor();
    await screenshot(admin, 'catalog-cross-boundary-refused');
    expect(await seriousViolations(admin)).toEqual([]);
    // Nothing half-imported.
    expect(await ctx.database.db.selectFrom('crossBoundaryLists').select('id').execute()).toEqual([]);
    await admin.context().close();
  });

  it('a reason "service area not set" leads to the sector body, whose service area the administrator sets', async () => {
    const admin = await signIn('quantri');
    await admin.goto(`${base}/can-bo/quan-tri/thu-tuc`);
    await admin.getByRole('heading', { level: 1, name: 'Danh mục thủ tục: khả năng tiếp nhận' }).waitFor();
    await pick(admin, 'Lý do', 'Cơ quan chưa có địa bàn phục vụ');
    const fix = admin.getByRole('link', { name: /^Sửa địa bàn phục vụ của / }).first();
    await fix.waitFor();
    await fix.click();
    await admin.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
    const first = admin.locator('tbody tr td a').first();
    await first.waitFor();
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    await admin.getByRole('heading', { level: 1, name }).waitFor();
    await admin.getByText(/Chưa xác định: danh mục không nói cơ quan phục vụ/).waitFor();
    await admin.getByRole('radio', { name: 'Các xã, phường được chọn' }).check();
    await admin.getByLabel('Xã, phường thuộc địa bàn').click();
    await admin.getByLabel('Xã, phường thuộc địa bàn').fill('Ninh Kiều');
    await admin.locator('.ant-select-item-option:visible', { hasText: 'Ninh Kiều' }).first().click();
    await admin.keyboard.press('Escape');
    await admin.getByRole('button', { name: 'Lưu địa bàn phục vụ' }).click();
    await admin.getByText('1 xã, phường.').waitFor();
    await screenshot(admin, 'catalog-service-area');
    expect(await seriousViolations(admin)).toEqual([]);
    const agency = await ctx.database.db
      .selectFrom('agencies')
      .select('servesUnitCodes')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    const ninhKieu = await ctx.database.db
      .selectFrom('adminUnits')
      .select('code')
      .where('generation', '=', '2025')
      .where('name', 'like', '%Ninh Kiều')
      .execute();
    expect(agency.servesUnitCodes).toEqual([ninhKieu[0]!.code]);
    await admin.context().close();
  });
});
