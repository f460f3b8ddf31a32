import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { E2E_TIMEOUT, launchChromium, screenshot, seriousViolations } from './browser.ts';

/**
 * The counter's checklist in Debian's Chromium lists the documents of a procedure, never the notes of its
 * published checklist: birth registration (1.001193) received at phường Ninh Kiều's one-stop unit for a
 * resident of Ninh Kiều. A document needed only in a case (an abandoned child, a surrogate birth) says
 * so, and is sent with the reception only when ticked.
 */

let ctx: TestContext;
let base: string;
let browser: Browser;
const PASSWORD = 'correct horse battery';

type Row = { name: string; case?: string; alternativeGroup?: string };

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
  ctx.deps.clock.set(new Date());
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'nk.checklists' });
  browser = await launchChromium();
}, E2E_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

describe('the counter checklist', { timeout: E2E_TIMEOUT }, () => {
  it('lists only the documents of birth registration and leaves out a case document left unticked', async () => {
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.001193' })).json();
    const documents = p.details.documents as Row[];
    const notes = p.details.checklistNotes as Row[];
    const always = documents.filter((d) => !d.case && !d.alternativeGroup);
    expect(always.length).toBeLessThan(documents.length);

    const page = await as('nk.checklists');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await page.getByLabel('Thủ tục').fill('1.001193');
    await page.locator('.ant-select-item-option:visible', { hasText: '1.001193' }).first().click();
    const boxes = page.locator('.ant-checkbox-group').getByRole('checkbox');
    await boxes.first().waitFor();
    expect(await boxes.count()).toBe(documents.length);
    const text = ((await page.locator('.ant-checkbox-group').textContent()) ?? '').replace(/\s+/g, ' ');
    for (const n of notes) expect(text).not.toContain(n.name.replace(/\s+/g, ' ').slice(0, 80));
    for (const d of documents.filter((x) => x.case))
      expect(text).toContain(`${d.name.replace(/\s+/g, ' ')} — Chỉ khi: ${d.case}`);

    // Tick the documents every applicant brings, not those of a case.
    for (let i = 0; i < documents.length; i++) {
      if (!documents[i]?.case) await boxes.nth(i).check();
    }
    await page.getByLabel('Họ và tên').fill('Trương Thị Mỹ Duyên');
    await page.getByLabel('Số điện thoại').fill('0939 555 123');
    await page.getByLabel('Xã, phường nơi cư trú').click();
    await page.getByLabel('Xã, phường nơi cư trú').fill('Ninh Kiều');
    await page.locator('.ant-select-item-option:visible', { hasText: 'Ninh Kiều' }).first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'counter-checklist-documents-only');
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();

    const received = async () =>
      ctx.database.db
        .selectFrom('records')
        .select(['status', 'state'])
        .where(sql<boolean>`state->'applicant'->>'fullName' = ${'Trương Thị Mỹ Duyên'}`)
        .execute();
    await expect.poll(async () => (await received()).length, { timeout: 30_000 }).toBe(1);
    const [row] = await received();
    const state = (typeof row!.state === 'string' ? JSON.parse(row!.state) : row!.state) as {
      checklist: { document: string; provided: boolean }[];
    };
    expect(state.checklist.map((c) => c.document)).toEqual(always.map((d) => d.name));
    expect(state.checklist.every((c) => c.provided)).toBe(true);
    await page.context().close();
  });
});
