import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, receiveLandCorrection, type TestContext } from '../support/context.ts';
import {
  animationsDone,
  E2E_TIMEOUT,
  launchChromium,
  RETRY_AFTER,
  screenshot,
  seriousViolations,
} from './browser.ts';

/**
 * The process designer in Debian's Chromium (issue 15 item 5). The demo city administrator `quantri`
 * opens the process of the land-certificate correction (1.012796 "Đính chính Giấy chứng nhận đã cấp lần
 * đầu có sai sót", received at phường Ninh Kiều for a parcel in phường Cái Khế), adds an inter-agency step
 * before the decision — the tax office ("Thuế cơ sở", chosen from the agency list) — takes its four hours
 * from the appraisal so the longest branch still equals the legal limit, and publishes it as a new version.
 * The next record received follows it (its steps include the tax office's step), while a record received
 * before keeps its old four steps. A second test: a process over the legal limit is refused by the server,
 * whose message shows beside the step's time field, and no version is created. Records are received through
 * the API (the counter is not the point here).
 */

const CODE = '1.012796';
const TAX_AGENCY = 'Thuế cơ sở (thành phố Cần Thơ)';
const TAX_STEP = 'Cơ quan thuế xác định nghĩa vụ tài chính';

let ctx: TestContext;
let base: string;
let browser: Browser;
let reception: string;

interface StoredStep {
  key: string;
  name_vi: string;
  budgetWorkingHours: number;
}

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${base}/can-bo`);
  await page.getByRole('heading', { name: 'Đăng nhập cán bộ' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  return page;
}

/** The procedure's versions, oldest first, with their processes. */
async function versions(): Promise<{ id: string; version: number; process: StoredStep[] }[]> {
  const rows = await ctx.database.db
    .selectFrom('procedureVersions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedureId')
    .select(['v.id', 'v.version', 'v.data'])
    .where('p.code', '=', CODE)
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    process: ((r.data as { process?: StoredStep[] }).process ?? []) as StoredStep[],
  }));
}

/** The procedure in force (its version id) and its required documents, as the counter sees it. */
async function inForce(): Promise<{ versionId: string; documents: string[] }> {
  const p = (await ctx.app.inject({ method: 'GET', url: `/api/procedures/${CODE}` })).json();
  return {
    versionId: p.versionId,
    documents: (p.details.documents as { name: string }[]).map((d) => d.name),
  };
}

/** A received record's steps (key and agency) as its state holds them. */
async function recordSteps(id: string): Promise<{ key: string; agencyId: string }[]> {
  const row = await ctx.database.db
    .selectFrom('records')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return (row.state as { steps: { key: string; agencyId: string }[] }).steps.map((s) => ({
    key: s.key,
    agencyId: s.agencyId,
  }));
}

/** Chooses `option` in the select labelled `label` inside `scope`, again if a click lands while it re-renders. */
async function choose(scope: Locator, label: string, option: string, search?: string): Promise<void> {
  const page = scope.page();
  const box = scope.getByLabel(label, { exact: true });
  const chosen = scope
    .locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-select-content, .ant-select-selection-item', { hasText: option })
    .first();
  // Already chosen (a step whose time is in hours already): nothing to open.
  if (!search && (await chosen.count()) > 0) return;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await box.click();
    if (search) await box.fill(search);
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

/** Step `n`'s card (1-based). */
const step = (page: Page, n: number) => page.getByRole('group', { name: `Bước ${n}`, exact: true });

/** Opens the process designer from the procedure's administration page. */
async function openDesigner(page: Page): Promise<void> {
  await page.goto(`${base}/can-bo/quan-tri/thu-tuc/${CODE}`);
  await page
    .getByRole('heading', { level: 1, name: new RegExp(`^${CODE.replaceAll('.', '\\.')} — `) })
    .waitFor();
  await page.getByRole('link', { name: 'Thiết kế quy trình' }).click();
  await page
    .getByRole('heading', { level: 1, name: new RegExp(`^Quy trình xử lý: ${CODE.replaceAll('.', '\\.')}`) })
    .waitFor();
  await step(page, 1).waitFor();
  await animationsDone(page);
}

/** Sets step `n`'s time in office hours. */
async function setHours(page: Page, n: number, hours: number): Promise<void> {
  const card = step(page, n);
  await choose(card, `Đơn vị thời gian bước ${n}`, 'giờ làm việc');
  const input = card.getByLabel('Thời gian của bước', { exact: true });
  await input.fill(String(hours));
  await input.press('Tab');
}

beforeAll(async () => {
  await ensureWebBuilt();
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  // The browser keeps the session cookie only if it expires in its own (real) future.
  ctx.deps.clock.set(new Date());
  await seedDemoAccounts(ctx.deps);
  reception = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: 'nk.reception.designer',
  });
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('process designer', { timeout: E2E_TIMEOUT }, () => {
  it('an administrator adds a tax-office step before the decision; the next record follows it, an earlier one keeps its process', async () => {
    const start = await versions();
    const v1 = start.at(-1);
    expect(v1?.process.map((s) => s.key)).toHaveLength(4);
    const oldKeys = v1!.process.map((s) => s.key);
    const appraisal = v1!.process[1]!.budgetWorkingHours;
    expect(appraisal).toBeGreaterThan(4);
    const before = await receiveLandCorrection(ctx, reception, await inForce(), 'Nguyễn Văn Trước');

    const admin = await signIn('quantri');
    await openDesigner(admin);
    await admin
      .getByTestId('budget-balance')
      .getByText(/đã phân bổ vừa đủ/)
      .waitFor();
    await screenshot(admin, 'process-designer');
    expect(await seriousViolations(admin)).toEqual([]);

    // A new step after the appraisal (step 2): the tax office, chosen from the agency list.
    await step(admin, 2).getByRole('button', { name: 'Thêm bước sau bước 2' }).click();
    const tax = step(admin, 3);
    await tax.getByLabel('Tên bước (tiếng Việt)').fill(TAX_STEP);
    await tax.getByLabel('Tên bước (tiếng Anh)').fill('Tax office determines the financial obligation');
    await choose(tax, 'Cơ quan thực hiện bước', 'Một cơ quan cụ thể (chọn trong danh sách)');
    await choose(tax, 'Cơ quan', TAX_AGENCY, 'Thuế cơ sở');
    const produces = tax.getByLabel('Kết quả của bước');
    await produces.fill('Thông báo nộp thuế');
    await produces.press('Enter');
    // The tags list stays open after Enter: close it, as a user moving on does.
    await produces.press('Escape');
    await admin
      .locator('.ant-select-dropdown:visible')
      .waitFor({ state: 'hidden' })
      .catch(() => {});
    // Four hours for the tax office: unallocated until the appraisal gives them up.
    await setHours(admin, 3, 4);
    await admin
      .getByTestId('budget-balance')
      .getByText(/vượt 4 giờ/)
      .waitFor();
    await setHours(admin, 2, appraisal - 4);
    await admin
      .getByTestId('budget-balance')
      .getByText(/đã phân bổ vừa đủ/)
      .waitFor();
    // The decision is now step 4, after the tax office.
    expect(await step(admin, 4).getByRole('heading').textContent()).toBe(
      `Bước 4: ${v1!.process[2]!.name_vi}`,
    );
    // The route for a parcel in phường Cái Khế: the third step goes to the tax office.
    const preview = admin.locator('#process-preview');
    await choose(preview, 'Xã, phường của người nộp', 'Cái Khế', 'Cái Khế');
    await preview.getByRole('button', { name: 'Xem đường đi' }).click();
    const route = preview.getByTestId('route-preview');
    await route.getByRole('row').filter({ hasText: TAX_STEP }).getByText(TAX_AGENCY).waitFor();
    await screenshot(admin, 'process-designer-tax-step');
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByLabel('Số quyết định phê duyệt quy trình').fill('1520/QĐ-UBND');
    await admin.getByRole('button', { name: 'Công bố phiên bản mới' }).click();
    const done = admin
      .getByRole('status')
      .filter({ hasText: `Đã công bố quy trình: phiên bản ${v1!.version + 1}` });
    await done.waitFor();
    expect(await done.textContent()).toContain('hồ sơ đang giải quyết giữ quy trình đã tiếp nhận');
    await screenshot(admin, 'process-designer-published');
    expect(await seriousViolations(admin)).toEqual([]);

    const all = await versions();
    expect(all.map((v) => v.version)).toEqual([...start.map((v) => v.version), v1!.version + 1]);
    const published = all.at(-1)!.process;
    expect(published).toHaveLength(5);
    const taxKey = published[2]!.key;
    expect(published[2]).toMatchObject({
      name_vi: TAX_STEP,
      budgetWorkingHours: 4,
      produces: ['Thông báo nộp thuế'],
      agency: { kind: 'rule', rule: { kind: 'named_agency' } },
    });
    expect(published[1]!.budgetWorkingHours).toBe(appraisal - 4);

    // The next record follows the new process, through the tax office; the earlier one keeps its four steps.
    const taxOffice = await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', TAX_AGENCY)
      .executeTakeFirstOrThrow();
    const now = await inForce();
    expect(now.versionId).toBe(all.at(-1)!.id);
    const after = await receiveLandCorrection(ctx, reception, now, 'Trần Thị Sau');
    const afterSteps = await recordSteps(after.id);
    expect(afterSteps.map((s) => s.key)).toEqual(published.map((s) => s.key));
    expect(afterSteps[2]).toEqual({ key: taxKey, agencyId: taxOffice.id });
    expect((await recordSteps(before.id)).map((s) => s.key)).toEqual(oldKeys);
    const records = await ctx.database.db
      .selectFrom('records')
      .select(['id', 'procedureVersionId'])
      .where('id', 'in', [before.id, after.id])
      .execute();
    expect(Object.fromEntries(records.map((r) => [r.id, r.procedureVersionId]))).toEqual({
      [before.id]: v1!.id,
      [after.id]: all.at(-1)!.id,
    });
    await admin.context().close();
  });

  it('a process over the legal limit is refused, the server’s message beside the step’s time', async () => {
    const count = (await versions()).length;
    const current = (await versions()).at(-1)!.process;
    // The largest step of the longest branch carries the server's message: give it 8 hours more.
    const largest = current.reduce(
      (best, s, i) => (s.budgetWorkingHours > current[best]!.budgetWorkingHours ? i : best),
      0,
    );
    const admin = await signIn('quantri');
    await openDesigner(admin);
    await setHours(admin, largest + 1, current[largest]!.budgetWorkingHours + 8);
    await admin
      .getByTestId('budget-balance')
      .getByText(/vượt 8 giờ/)
      .waitFor();
    await admin.getByLabel('Số quyết định phê duyệt quy trình').fill('1521/QĐ-UBND');
    await admin.getByRole('button', { name: 'Công bố phiên bản mới' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Quy trình chưa được công bố' }).waitFor();
    const field = step(admin, largest + 1)
      .locator('.ant-form-item')
      .filter({ has: admin.getByLabel('Thời gian của bước', { exact: true }) })
      .locator('.ant-form-item-explain-error');
    await field.waitFor();
    expect(await field.textContent()).toMatch(/vượt/);
    await screenshot(admin, 'process-designer-refused');
    expect(await seriousViolations(admin)).toEqual([]);
    expect((await versions()).length).toBe(count);
    await admin.context().close();
  });

  it('a template replaces the steps (the land branch and the tax office in parallel, then a join) and can be undone', async () => {
    const admin = await signIn('quantri');
    await openDesigner(admin);
    const before = await admin.getByRole('group', { name: /^Bước \d+$/ }).count();
    await choose(admin.locator('body'), 'Mẫu', 'Liên thông đất đai và thuế');
    await admin.getByRole('button', { name: 'Áp dụng mẫu' }).click();
    await admin.getByRole('status').filter({ hasText: 'Đã áp dụng mẫu' }).waitFor();
    const names = await admin
      .getByRole('group', { name: /^Bước \d+$/ })
      .getByRole('heading')
      .allTextContents();
    expect(names).toHaveLength(6);
    expect(names[2]).toContain('Chi nhánh Văn phòng đăng ký đất đai');
    expect(names[3]).toContain('Thuế cơ sở');
    // The decision waits for both branches; the check before them splits into them.
    expect(await step(admin, 5).textContent()).toContain('Chờ tất cả');
    expect(await step(admin, 2).textContent()).toContain('Tách nhánh song song');
    await admin
      .getByTestId('budget-balance')
      .getByText(/đã phân bổ vừa đủ/)
      .waitFor();
    await screenshot(admin, 'process-designer-template');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Hoàn tác' }).click();
    await step(admin, 6).waitFor({ state: 'hidden' });
    expect(await admin.getByRole('group', { name: /^Bước \d+$/ }).count()).toBe(before);
    await admin.context().close();
  });
});
